#pragma once

// Internal to src/core/validate: the rule table, the report the checks write to, JSON helpers
// and the per-area check functions. Not part of the public API.

#include "validator.h"

#include <QtCore/QJsonValue>
#include <QtCore/QLatin1StringView>

#include <span>

namespace capiqa::validate::detail {

/// One row of the rule table (rulecatalogue.cpp). The severity lives here, not at the call
/// sites, so a rule cannot be reported with two different severities.
struct RuleSpec
{
    QLatin1StringView id;
    Severity severity;
    QLatin1StringView summary;
};

std::span<const RuleSpec> ruleSpecs();
const RuleSpec *findRule(QStringView id);

/// Collects the findings of one validate() call and carries the facts every check needs.
class Report final
{
public:
    Report(qint64 now, qsizetype eventCount) : m_now(now), m_eventCount(eventCount) {}

    /// `rule` must be in the rule table (asserted); its severity comes from there.
    void add(QLatin1StringView rule, const QString &path, const QString &message, const QString &fix);

    qint64 now() const { return m_now; }
    qsizetype eventCount() const { return m_eventCount; }
    QList<Finding> take() { return std::move(m_findings); }

private:
    QList<Finding> m_findings;
    qint64 m_now;
    qsizetype m_eventCount;
};

// ---- JSON and path helpers (validator.cpp) ----

/// Absent and JSON null are treated alike for required fields.
inline bool isAbsent(const QJsonValue &v) { return v.isUndefined() || v.isNull(); }
/// "text", "a number", "true/false", "a list", "an object", "null": for messages.
QString typeName(const QJsonValue &v);
/// A short rendering of a non-PII value for messages: "9.99" quoted, numbers plain, long text cut.
QString preview(const QJsonValue &v);
QString childPath(const QString &path, QStringView key);
QString childPath(const QString &path, QLatin1StringView key);
QString indexPath(const QString &path, qsizetype index);
/// Reads a JSON number as a whole number when it is one (JSON numbers arrive as doubles).
bool isWholeNumber(double d);

// ---- Tables ----

/// The standard event names, in Meta's spelling (rules_event.cpp).
std::span<const QLatin1StringView> standardEventNames();
bool isStandardEvent(QStringView name);

/// Active ISO 4217 codes, uppercase (iso4217.cpp).
bool isIso4217(QStringView upperCode);
/// For a withdrawn code ("HRK") the code that replaced it ("EUR"); empty otherwise.
QLatin1StringView iso4217Replacement(QStringView upperCode);

// ---- Checks ----

/// Everything about one event object at `path` ("data[3]"): rules_event.cpp, which calls the
/// custom_data and user_data checks.
void checkEvent(const QJsonObject &event, const QString &path, Report &report);
/// Same event_name + event_id twice in one request (rules_event.cpp).
void checkDuplicateEventIds(const QJsonArray &data, Report &report);
/// rules_customdata.cpp
void checkCustomData(const QJsonObject &event, const QString &eventPath, const QString &eventName, Report &report);
/// rules_userdata.cpp
void checkUserData(const QJsonObject &event, const QString &eventPath, Report &report);
/// rules_appdata.cpp
void checkAppData(const QJsonObject &event, const QString &eventPath, Report &report);

} // namespace capiqa::validate::detail
