#include "sendresult.h"

using namespace Qt::StringLiterals;

namespace capiqa::transport {

QString failureName(Failure failure)
{
    switch (failure) {
    case Failure::None:
        return {};
    case Failure::Refused:
        return u"refused"_s;
    case Failure::Network:
        return u"network"_s;
    case Failure::Timeout:
        return u"timeout"_s;
    case Failure::Tls:
        return u"tls"_s;
    case Failure::Http:
        return u"http"_s;
    case Failure::InvalidResponse:
        return u"invalid-response"_s;
    case Failure::Cancelled:
        return u"cancelled"_s;
    }
    return {};
}

void SendResult::appendChunk(const RequestResult &chunk)
{
    chunks.append(chunk);
    eventsReceived += chunk.eventsReceived;
    messages += chunk.messages;
    attempts += chunk.attempts;
    httpStatus = chunk.httpStatus;
    if (!chunk.fbtraceId.isEmpty() || chunk.httpStatus != 0)
        fbtraceId = chunk.fbtraceId;
    requestUrl = chunk.requestUrl;
    requestBody = chunk.requestBody;
    rawResponse = chunk.rawResponse;
    timeToFirstByteMs = chunk.timeToFirstByteMs;
    if (!chunk.ok) {
        failure = chunk.failure;
        error = chunk.error;
        networkError = chunk.networkError;
    }
}

QString SendResult::summary() const
{
    if (cancelled)
        return u"Cancelled after "_s + QString::number(attempts) + u" request(s)"_s;
    if (failure == Failure::Refused)
        return u"Not sent: "_s + refusal;
    if (ok) {
        QString text = u"OK: "_s + QString::number(eventsReceived) + u" of "_s + QString::number(eventCount)
            + u" event(s) received"_s;
        if (requestCount > 1)
            text += u" in "_s + QString::number(requestCount) + u" requests"_s;
        if (!fbtraceId.isEmpty())
            text += u" (fbtrace_id "_s + fbtraceId + u')';
        return text;
    }
    QString text = u"Failed"_s;
    if (requestCount > 1)
        text += u" at request "_s + QString::number(chunks.size()) + u" of "_s + QString::number(requestCount);
    text += u": "_s;
    if (httpStatus != 0)
        text += u"HTTP "_s + QString::number(httpStatus) + u' ';
    if (error.isValid())
        text += error.summary();
    else if (!networkError.isEmpty())
        text += networkError;
    else
        text += failureName(failure);
    if (attempts > 1)
        text += u" after "_s + QString::number(attempts) + u" attempts"_s;
    return text.trimmed();
}

QString SendResult::plainExplanation() const
{
    if (error.isValid())
        return error.plainExplanation();
    switch (failure) {
    case Failure::None:
        return {};
    case Failure::Cancelled:
        return u"You cancelled the send. Requests already answered were received by Meta."_s;
    case Failure::Refused:
        return refusal;
    case Failure::Timeout:
        return u"No answer arrived in time. Meta usually answers in under 600 ms: check the network, "
               "a proxy or VPN, and the base URL; raise the timeout only if the network is known to be slow."_s;
    case Failure::Tls:
        return u"The secure connection could not be verified, so nothing was sent. Check the system "
               "clock, the base URL, and any proxy or antivirus that intercepts HTTPS. capiqa never "
               "ignores certificate errors."_s;
    case Failure::Network:
        return u"The server could not be reached or dropped the connection. Check the base URL, the "
               "internet connection, DNS and proxy settings; for the local emulator, make sure it is running."_s;
    case Failure::InvalidResponse:
        return u"The answer was not a Graph API response (maybe a proxy, captive portal or a wrong "
               "base URL). Look at the raw response."_s;
    case Failure::Http:
        if (httpStatus >= 300 && httpStatus < 400)
            return u"The server redirected the request. capiqa does not follow redirects because the "
                   "access token is part of the URL; fix the base URL."_s;
        if (httpStatus == 429)
            return u"Too many requests: wait and send again, or lower the events-per-second limit."_s;
        if (httpStatus >= 500)
            return u"The server failed (HTTP "_s + QString::number(httpStatus)
                + u"). Try again later; the events were not received."_s;
        return u"The server rejected the request (HTTP "_s + QString::number(httpStatus)
            + u") without a Graph error. Check the base URL and API version."_s;
    }
    return {};
}

} // namespace capiqa::transport
