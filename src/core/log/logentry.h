#pragma once

#include <QtCore/QDateTime>
#include <QtCore/QList>
#include <QtCore/QMetaType>
#include <QtCore/QString>

#include <utility>

namespace capiqa::log {

enum class Level : quint8 { Info, Warning, Error };

enum class Direction : quint8 {
    Outgoing, ///< a request capiqa sent
    Incoming, ///< a response (or a network failure in its place)
    Internal, ///< something capiqa decided: a retry, a refusal, a removed field
};

/// One HTTP header as shown in the log; secrets already replaced by `REDACTED`.
using Header = std::pair<QString, QString>;

/// One line of the request log. Plain data, copied across threads. Everything a LogBus holds
/// has been through redactSecrets(): no access token or appsecret_proof ever reaches the GUI,
/// the CLI or a saved log.
struct LogEntry {
    quint64 id = 0;      ///< assigned by LogBus::post(), strictly increasing
    QDateTime timestamp; ///< UTC, ms precision; LogBus::post() fills it when left invalid
    Level level = Level::Info;
    Direction direction = Direction::Internal;
    quint64 sendId = 0;  ///< groups the entries of one CapiClient::send(); 0 when not a send
    QString profile;     ///< settings profile name the send used
    QString message;     ///< one readable line ("POST … 3 events", "retrying in 512 ms: HTTP 503")
    QString method;      ///< "POST"
    QString url;         ///< endpoint, access_token=REDACTED
    int httpStatus = 0;  ///< 0: no HTTP answer (or not a response)
    int eventCount = 0;
    qint64 durationMs = -1; ///< request start → response end; -1 when not measured
    QString fbtraceId;
    QString error;          ///< network error or decoded Graph error message
    QList<Header> requestHeaders;
    QString requestBody;    ///< as sent; hashes only, no access_token
    /// Characters of the request body after requestBody that were never made into text
    /// (LogBus::setRequestBody()); LogBus::post() counts them when it cuts the body.
    qsizetype requestBodyOmitted = 0;
    QList<Header> responseHeaders;
    QString responseBody;
    int attempt = 0;        ///< 1 for the first try of a request, 2 for its first retry, …
    bool truncated = false; ///< a body was longer than the bus keeps (LogBus::maxBodyChars())
};

/// "info", "warning", "error": for filters and saved logs.
QString levelName(Level level);
/// "outgoing", "incoming", "internal".
QString directionName(Direction direction);

} // namespace capiqa::log

Q_DECLARE_METATYPE(capiqa::log::LogEntry)
