#pragma once

// Internal to src/core/validate: the rule table, the report the checks write to, JSON helpers
// and the per-area check functions. Not part of the public API.

#include "validator.h"

#include <QtCore/QAnyStringView>
#include <QtCore/QJsonValue>
#include <QtCore/QLatin1StringView>
#include <QtCore/QVarLengthArray>

#include <utility>

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

/// A place in the request ("data[3].user_data.em[0]"), kept as a link to its parent and made
/// into text only when a finding is reported: most values are fine, and the emulator validates
/// every event it receives. A Path points at its parent and at its key's characters, so both
/// must outlive it (build it from named locals in the scope that reports with it).
class Path final
{
public:
    Path() = default; ///< the request as a whole (empty text)

    Path child(QAnyStringView key) const { return Path(this, key, -1); }
    Path at(qsizetype index) const { return Path(this, QAnyStringView(), index); }
    /// "key" under the root, "parent.key", "parent[index]".
    QString toString() const;

private:
    Path(const Path *parent, QAnyStringView key, qsizetype index) : m_parent(parent), m_key(key), m_index(index) {}

    const Path *m_parent = nullptr;
    QAnyStringView m_key;
    qsizetype m_index = -1;
};

/// An object's members, read once: the checks look up many keys per object, and every
/// QJsonObject::value() scans and compares the stored keys again. value() answers exactly as
/// QJsonObject::value() does (the first member with the key; Undefined when there is none).
class Members final
{
public:
    explicit Members(const QJsonObject &object);
    QJsonValue value(QLatin1StringView key) const;

private:
    QVarLengthArray<std::pair<QString, QJsonValue>, 12> m_members;
};

/// Collects the findings of one validate() call and carries the facts every check needs.
class Report final
{
public:
    Report(qint64 now, qsizetype eventCount) : m_now(now), m_eventCount(eventCount) {}

    /// `rule` must be in the rule table (asserted); its severity comes from there.
    void add(QLatin1StringView rule, const QString &path, const QString &message, const QString &fix);
    void add(QLatin1StringView rule, const Path &path, const QString &message, const QString &fix)
    {
        add(rule, path.toString(), message, fix);
    }

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
inline Path childPath(const Path &path, QAnyStringView key) { return path.child(key); }
inline Path indexPath(const Path &path, qsizetype index) { return path.at(index); }
/// Reads a JSON number as a whole number when it is one (JSON numbers arrive as doubles).
bool isWholeNumber(double d);

// ---- Tables ----

/// The standard event names, in Meta's spelling (rules_event.cpp).
std::span<const QLatin1StringView> standardEventNames();
bool isStandardEvent(QStringView name);

/// Meta's action_source values (rules_event.cpp).
std::span<const QLatin1StringView> actionSources();

/// Active ISO 4217 codes, uppercase (iso4217.cpp).
bool isIso4217(QStringView upperCode);
/// For a withdrawn code ("HRK") the code that replaced it ("EUR"); empty otherwise.
QLatin1StringView iso4217Replacement(QStringView upperCode);

// ---- Shapes of user_data values (rules_userdata.cpp), shared with the quick check ----

enum class HashShape : quint8 { NotHash, Lower, Upper };
/// 64 hex (SHA-256) or 32 hex (MD5), optionally followed by ".APPENDIX" as the parameter
/// builder sends it. The Latin-1 overload reads UTF-8 bytes: a non-ASCII character is never hex
/// nor part of an appendix in either reading, so both agree.
HashShape hashShape(QStringView s);
HashShape hashShape(QLatin1StringView s);

/// How the user_data rules treat a key.
struct UserDataKey
{
    enum Kind : quint8 { Hashed, Plain, ExternalId, Other };
    Kind kind = Other;
    bool textOnly = false;   ///< Plain: numbers are not acceptable either
    bool strictHash = false; ///< Plain: a 32-hex value counts as hashed too
    bool ipAddress = false;  ///< client_ip_address
    int index = -1;          ///< distinct per known key, 0 to 30; -1 for Other
};
UserDataKey userDataKey(QLatin1StringView key);

/// A client_ip_address Meta can use: four-part dotted IPv4 or IPv6, optionally with the
/// parameter builder's ".APPENDIX".
bool isValidClientIp(const QString &s);

// ---- Checks ----

/// Everything about one event object at `path` ("data[3]"): rules_event.cpp, which calls the
/// custom_data and user_data checks.
void checkEvent(const QJsonObject &event, const Path &path, Report &report);
/// Same event_name + event_id twice in one request (rules_event.cpp).
void checkDuplicateEventIds(const QJsonArray &data, Report &report);
/// rules_customdata.cpp
void checkCustomData(const Members &event, const Path &eventPath, const QString &eventName, Report &report);
/// rules_userdata.cpp
void checkUserData(const Members &event, const Path &eventPath, Report &report);
/// rules_appdata.cpp
void checkAppData(const Members &event, const Path &eventPath, Report &report);

} // namespace capiqa::validate::detail
