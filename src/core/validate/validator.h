#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QList>
#include <QtCore/QString>

#include <optional>

/// The request validator: checks a Conversions API request body ({"data":[…], …}) the way Meta
/// would, plus the mistakes Meta accepts silently but that lose conversions (unhashed PII,
/// missing dedup keys, millisecond timestamps, …). It reads the raw JSON so it can point at the
/// exact value with the wrong type.
namespace capiqa::validate {

/// Error: Meta rejects the event (and so the whole request). Warning: accepted, but conversions
/// are lost, double-counted or mismatched. Hint: fine, worth knowing.
enum class Severity : quint8 { Error, Warning, Hint };

/// "error", "warning", "hint".
QString severityName(Severity severity);
std::optional<Severity> severityFromName(QStringView name);

/// One problem at one place in the request.
struct Finding
{
    Severity severity = Severity::Error;
    QString rule;    ///< stable id, e.g. "event_time.milliseconds" (see ruleCatalogue())
    QString path;    ///< where: "data[3].user_data.em[0]"; empty for the request as a whole
    QString message; ///< what is wrong and what it costs, in words a marketer understands
    QString fix;     ///< what to change

    bool operator==(const Finding &other) const = default;
};

/// {"severity","rule","path","message","fix"}.
QJsonObject toJson(const Finding &finding);
QJsonArray toJson(const QList<Finding> &findings);

/// One entry of the rule catalogue: every rule id the validator can report, with its severity.
struct RuleInfo
{
    QString id;
    Severity severity = Severity::Error;
    QString summary;
};

/// All rules, in a stable order (request, event, custom_data, user_data).
QList<RuleInfo> ruleCatalogue();

struct ValidationOptions
{
    /// Reference time in Unix seconds for the event_time checks; 0 means the current time.
    /// Fixtures and replays pass a fixed value so the result does not depend on the clock.
    qint64 now = 0;
};

/// Limits the rules apply. The future tolerance absorbs ordinary clock skew between the
/// sender's server and Meta's, without letting a wrong time zone (≥ 15 minutes) through.
inline constexpr int MaxEventsPerRequest = 1000;
inline constexpr qint64 MaxEventAgeSeconds = 7 * 24 * 3600;
inline constexpr qint64 FutureToleranceSeconds = 60;

/// Stateless; cheap to construct, safe to share between threads.
class Validator final
{
public:
    QList<Finding> validate(const QJsonObject &request, const ValidationOptions &opts = {}) const;
    /// A document whose root is not an object yields "request.not_object".
    QList<Finding> validate(const QJsonDocument &request, const ValidationOptions &opts = {}) const;
    /// Raw body bytes; unparsable JSON yields "request.invalid_json" with the parser's offset.
    QList<Finding> validateBody(const QByteArray &body, const ValidationOptions &opts = {}) const;
};

qsizetype countOf(const QList<Finding> &findings, Severity severity);
inline bool hasErrors(const QList<Finding> &findings) { return countOf(findings, Severity::Error) > 0; }

} // namespace capiqa::validate
