#pragma once

#include "grapherror.h"
#include "sendresult.h"

#include <QtCore/QByteArray>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtNetwork/QNetworkReply>

namespace capiqa::transport {

/// What came back for one HTTP attempt, as plain data (no QNetworkReply), so the retry
/// decision can be tested without a network.
struct AttemptAnswer {
    int httpStatus = 0; ///< 0: no HTTP status line arrived
    QNetworkReply::NetworkError networkError = QNetworkReply::NoError;
    QString networkErrorText; ///< already scrubbed of secrets
    QStringList tlsErrors;    ///< certificate problems reported before the handshake failed
    QByteArray body;
    QByteArray fbTraceHeader; ///< x-fb-trace-id
    QByteArray location;      ///< Location of a redirect (already scrubbed)
    bool timedOut = false;
    int timeoutMs = 0;
    int eventsSent = 0;
};

/// The verdict on one attempt.
struct AttemptOutcome {
    bool ok = false;
    bool retryable = false; ///< network error, timeout, 429, 5xx or is_transient
    Failure failure = Failure::None;
    QString reason;         ///< one line: "HTTP 503", "timeout after 1500 ms", "code 100 …"
    GraphError error;
    QString networkError;
    int eventsReceived = 0;
    QStringList messages;
    QString fbtraceId;
    QStringList warnings;
};

/// Decides success, failure and retry for one answer. Retries only network errors (not TLS,
/// not a refused protocol), timeouts, HTTP 429, HTTP 5xx and Graph errors with is_transient;
/// never other 4xx; never a redirect (the token is in the URL, so capiqa does not follow one).
AttemptOutcome classifyAnswer(const AttemptAnswer &answer);

} // namespace capiqa::transport
