#pragma once

#include "grapherror.h"

#include <QtCore/QByteArray>
#include <QtCore/QList>
#include <QtCore/QMetaType>
#include <QtCore/QString>
#include <QtCore/QStringList>

namespace capiqa::transport {

/// Why a send (or one of its requests) did not succeed.
enum class Failure : quint8 {
    None,
    Refused,         ///< capiqa did not send: missing test code, pixel id, token, unsafe URL
    Network,         ///< connection refused or dropped, DNS, …
    Timeout,         ///< no complete answer within SendOptions::timeoutMs
    Tls,             ///< certificate or handshake failure (never ignored)
    Http,            ///< an HTTP error status; GraphError filled when the body held one
    InvalidResponse, ///< HTTP 2xx but not the JSON object Graph sends
    Cancelled,
};

/// "refused", "network", "timeout", "tls", "http", "invalid-response", "cancelled"; "" for None.
QString failureName(Failure failure);

/// The outcome of one HTTP request of a send (one chunk of ≤ 1,000 events) after its retries.
struct RequestResult {
    int index = 0;      ///< 0-based position among the send's requests
    int firstEvent = 0; ///< index into the given body's data[] of this request's first event
    int eventCount = 0;
    bool ok = false;
    Failure failure = Failure::None;
    int httpStatus = 0; ///< of the last attempt; 0 when no HTTP answer came
    int eventsReceived = 0;
    QStringList messages;
    QString fbtraceId;
    GraphError error;     ///< valid when the answer held an `error` object
    QString networkError; ///< network, timeout or TLS failure in words; empty otherwise
    QString requestUrl;   ///< as sent, access_token and appsecret_proof REDACTED
    QByteArray requestBody; ///< exactly the bytes sent (never holds the token)
    QByteArray rawResponse; ///< last answer's body (any echoed secret REDACTED)
    int attempts = 0;
    qint64 durationMs = 0;         ///< first attempt's start → last answer, backoff included
    qint64 timeToFirstByteMs = -1; ///< of the last attempt; -1 when no answer arrived
};

/// What CapiClient::send() announces once. A body of more than 1,000 events goes out as
/// several requests in order: counts are summed, messages concatenated, the per-request
/// results are in `chunks`, and the "last" fields describe the last request made. The first
/// failed request stops the send (later chunks are not sent).
struct SendResult {
    quint64 sendId = 0; ///< matches LogEntry::sendId
    bool ok = false;
    bool cancelled = false;
    Failure failure = Failure::None;
    int httpStatus = 0;          ///< last request's
    int eventCount = 0;          ///< events in the body that was given
    int eventsReceived = 0;      ///< summed over requests
    QStringList messages;        ///< concatenated over requests
    QString fbtraceId;           ///< last request's
    GraphError error;            ///< of the failed request
    QString networkError;        ///< of the failed request
    QString refusal;             ///< why capiqa did not send (Failure::Refused)
    QStringList warnings;        ///< body changes (access_token removed, …) and oddities
    QString requestUrl;          ///< last request's URL, secrets REDACTED
    QByteArray requestBody;      ///< last request's body as sent
    QByteArray rawResponse;      ///< last answer's body
    int attempts = 0;            ///< HTTP requests made, retries included, over all chunks
    int requestCount = 0;        ///< requests planned (chunks); chunks.size() may be fewer
    qint64 totalMs = 0;          ///< send() → finished, queueing and backoff included
    qint64 timeToFirstByteMs = -1; ///< last attempt's
    QList<RequestResult> chunks; ///< one per request made; one entry when not split

    /// Folds a finished request into the totals (sums, concatenation, "last" fields).
    void appendChunk(const RequestResult &chunk);
    /// One line for a status bar or the CLI: "OK: 3 events received (fbtrace_id …)",
    /// "Failed: HTTP 400 (#100) Invalid parameter", "Cancelled", "Refused: …".
    QString summary() const;
    /// The fix in plain words: GraphError::plainExplanation() for Graph errors, otherwise
    /// what the network, TLS or timeout failure usually means.
    QString plainExplanation() const;
};

} // namespace capiqa::transport

Q_DECLARE_METATYPE(capiqa::transport::SendResult)
