#pragma once

#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QList>
#include <QtCore/QMap>
#include <QtCore/QString>
#include <QtCore/QStringList>

#include <optional>

/// The input side of `capiqa-cli build`: reading the raw JSON, giving it the shape of a request,
/// and applying the command-line flags, before RequestBuilder sees it.
namespace capiqa::cli {

/// A change the CLI made to the input before building ("now" resolved, an app event mapped),
/// reported next to the builder's own diagnostics.
struct BuildNote {
    QString path; ///< "data[0].event_time"; empty for the request as a whole
    QString message;
};

/// The flags that build one event, or amend every event of an input file. Flags win over the
/// file: the scalar ones replace the event's field, --user/--custom replace only their keys.
struct EventFlags {
    enum class IdKind : quint8 { None, Literal, Uuid, Template };

    std::optional<QString> eventName; ///< already through the app-event mapping
    std::optional<qint64> eventTime;
    std::optional<QString> actionSource;
    std::optional<QString> eventSourceUrl;
    IdKind idKind = IdKind::None;
    QString eventId;                   ///< the literal id or the template pattern
    QMap<QString, QString> variables;  ///< --var NAME=VALUE, for the template
    QJsonObject userData;              ///< --user KEY=VALUE
    QJsonObject customData;            ///< --custom KEY=VALUE
};

/// Why the input could not be used, and the exit code that says so (ExitBadInput or ExitIo).
struct InputFailure {
    int exitCode = 0;
    QString message;
};

inline constexpr qint64 MaxBuildInputBytes = 64 * 1024 * 1024;

/// A positive whole number of Unix seconds ("1767225600"); nullopt otherwise.
std::optional<qint64> parseEpoch(const QString &text);

/// --user KEY=VALUE...: a hashed key (em, ph, …) may repeat and becomes an array; any other key
/// may be given once. False with a message naming the flag.
bool parseUserFlags(const QStringList &items, QJsonObject &out, QString *error);
/// --custom KEY=VALUE...: value, predicted_ltv and net_revenue as numbers, num_items as a whole
/// number, content_ids split at commas, anything else as text. Each key once.
bool parseCustomFlags(const QStringList &items, QJsonObject &out, QString *error);
/// --var NAME=VALUE...: each name once.
bool parseVariables(const QStringList &items, QMap<QString, QString> &out, QString *error);

/// FILE, or standard input for "-": at most MaxBuildInputBytes of UTF-8 JSON. Syntax errors
/// read "FILE: line L, column C: …".
std::optional<QJsonDocument> readJsonInput(const QString &path, InputFailure &failure);

/// The document as a raw request: {"data": […], …} as it is, one event object wrapped into
/// data[], an array of events wrapped likewise.
std::optional<QJsonObject> rawRequestFrom(const QJsonDocument &doc, const QString &inputName, InputFailure &failure);

/// The event that flags alone describe: event_name, event_time (default: now), action_source
/// (default: website) and an empty user_data; amendEvents() adds the rest.
QJsonObject eventFromFlags(const EventFlags &flags, qint64 now);

/// Applies the flags to every event of `request` and resolves `"event_time": "now"`. Events of
/// the wrong JSON type are left alone for the builder to report. False (with a message naming
/// the event) when an --event-id template cannot be expanded for some event.
bool amendEvents(QJsonObject &request, const EventFlags &flags, qint64 now, QList<BuildNote> &notes, QString *error);

} // namespace capiqa::cli
