#include "attemptoutcome.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>

using namespace Qt::StringLiterals;

namespace capiqa::transport {

namespace {

// Transport-level codes (1–199) mean the exchange itself broke, even if a status line came.
bool isTransportError(QNetworkReply::NetworkError e)
{
    return e != QNetworkReply::NoError && int(e) < 200;
}

// Failures that retrying cannot fix: a bad certificate, a proxy that wants credentials, a URL
// scheme Qt cannot speak, an abort by someone else.
bool isPermanentNetworkError(QNetworkReply::NetworkError e)
{
    switch (e) {
    case QNetworkReply::SslHandshakeFailedError:
    case QNetworkReply::OperationCanceledError:
    case QNetworkReply::ProxyAuthenticationRequiredError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProtocolUnknownError:
    case QNetworkReply::ProtocolInvalidOperationError:
    case QNetworkReply::InsecureRedirectError:
    case QNetworkReply::TooManyRedirectsError:
        return true;
    default:
        return false;
    }
}

QString jsonText(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    return v.toVariant().toString();
}

AttemptOutcome networkOutcome(const AttemptAnswer &a)
{
    AttemptOutcome o;
    if (a.timedOut) {
        o.failure = Failure::Timeout;
        o.retryable = true;
        o.networkError = u"No complete answer within "_s + QString::number(a.timeoutMs) + u" ms (timeout)"_s;
        o.reason = u"timeout after "_s + QString::number(a.timeoutMs) + u" ms"_s;
        return o;
    }
    if (a.networkError == QNetworkReply::SslHandshakeFailedError) {
        o.failure = Failure::Tls;
        o.networkError = u"TLS verification failed: "_s + a.networkErrorText;
        if (!a.tlsErrors.isEmpty())
            o.networkError += u" ("_s + a.tlsErrors.join(u"; "_s) + u')';
        o.reason = u"TLS failure (not retried)"_s;
        return o;
    }
    o.failure = Failure::Network;
    o.retryable = !isPermanentNetworkError(a.networkError);
    o.networkError = a.networkErrorText.isEmpty() ? u"Network error"_s : a.networkErrorText;
    o.reason = u"network error: "_s + o.networkError;
    return o;
}

} // namespace

AttemptOutcome classifyAnswer(const AttemptAnswer &a)
{
    if (a.timedOut || a.httpStatus == 0 || isTransportError(a.networkError))
        return networkOutcome(a);

    AttemptOutcome o;
    const int status = a.httpStatus;
    const QJsonDocument doc = QJsonDocument::fromJson(a.body);
    const QJsonObject json = doc.object();
    if (auto e = GraphError::fromResponse(json))
        o.error = *e;
    o.fbtraceId = !o.error.fbtraceId.isEmpty() ? o.error.fbtraceId : json.value("fbtrace_id"_L1).toString();
    if (o.fbtraceId.isEmpty())
        o.fbtraceId = QString::fromLatin1(a.fbTraceHeader);

    if (status >= 200 && status < 300 && !o.error.isValid()) {
        if (!doc.isObject()) {
            o.failure = Failure::InvalidResponse;
            o.reason = u"HTTP "_s + QString::number(status) + u" but the body is not a JSON object"_s;
            return o;
        }
        o.ok = true;
        o.eventsReceived = json.value("events_received"_L1).toInt();
        const QJsonArray messages = json.value("messages"_L1).toArray();
        for (const QJsonValue &m : messages)
            o.messages << jsonText(m);
        if (!json.contains("events_received"_L1))
            o.warnings << u"The answer has no events_received."_s;
        else if (o.eventsReceived != a.eventsSent)
            o.warnings << u"Sent "_s + QString::number(a.eventsSent) + u" events but the answer says "_s
                    + QString::number(o.eventsReceived) + u" were received."_s;
        return o;
    }

    o.failure = Failure::Http;
    o.reason = u"HTTP "_s + QString::number(status);
    if (o.error.isValid())
        o.reason += u": "_s + o.error.summary();
    if (status >= 300 && status < 400) {
        o.reason += u" redirect"_s;
        if (!a.location.isEmpty())
            o.reason += u" to "_s + QString::fromUtf8(a.location);
        o.reason += u" (not followed: the access token is in the URL)"_s;
        return o;
    }
    o.retryable = status == 429 || status >= 500 || o.error.isTransient;
    return o;
}

} // namespace capiqa::transport
