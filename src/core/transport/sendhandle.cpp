#include "sendhandle.h"

#include "attemptoutcome.h"
#include "buildinfo.h"
#include "capiclient.h"
#include "httpworker.h"
#include "log/logbus.h"
#include "log/redact.h"

#include <QtNetwork/QNetworkReply>
#include <QtNetwork/QNetworkRequest>
#if QT_CONFIG(ssl)
#include <QtNetwork/QSslError>
#endif

#include <optional>

using namespace Qt::StringLiterals;

namespace capiqa::transport {

namespace {

QList<log::Header> headerList(const QList<QNetworkReply::RawHeaderPair> &pairs)
{
    QList<log::Header> out;
    out.reserve(pairs.size());
    for (const auto &[name, value] : pairs)
        out.append({QString::fromLatin1(name), QString::fromUtf8(value)});
    return out;
}

int effectiveTimeoutMs(const SendOptions &o)
{
    return o.timeoutMs > 0 ? o.timeoutMs : SendOptions::DefaultTimeoutMs;
}

} // namespace

SendHandle::SendHandle(CapiClient *client, quint64 id, SendOptions options, SendPlan plan)
    : QObject(client)
    , m_client(client)
    , m_options(std::move(options))
    , m_plan(std::move(plan))
{
    m_sendClock.start();
    m_result.sendId = id;
    m_result.eventCount = m_plan.eventCount;
    m_result.requestCount = int(m_plan.requests.size());
    m_result.warnings = m_plan.warnings;

    // Every literal form a secret could take in text Qt or a server hands back to us. Very
    // short values are skipped: replacing every "ab" in a body would destroy it and protect
    // nothing (such a token is not a real secret).
    const auto addSecret = [this](const QString &s) {
        if (s.size() >= 4 && !m_secrets.contains(s))
            m_secrets.append(s);
    };
    addSecret(m_options.accessToken);
    addSecret(QString::fromLatin1(QUrl::toPercentEncoding(m_options.accessToken)));
    addSecret(m_options.appSecret);
    if (!m_options.appSecret.isEmpty())
        addSecret(QString::fromLatin1(appSecretProof(m_options.appSecret, m_options.accessToken)));

    // Precise timers: a coarse one may fire up to 5 % early, and a Retry-After is a minimum.
    m_timeout.setSingleShot(true);
    m_timeout.setTimerType(Qt::PreciseTimer);
    connect(&m_timeout, &QTimer::timeout, this, &SendHandle::onTimeout);
    m_backoff.setSingleShot(true);
    m_backoff.setTimerType(Qt::PreciseTimer);
    connect(&m_backoff, &QTimer::timeout, this, &SendHandle::onBackoffElapsed);
}

SendHandle::~SendHandle()
{
    if (m_exchange && m_client)
        m_client->abortExchange(m_exchange, false);
    if (m_client)
        m_client->forget(this);
}

QString SendHandle::scrub(QString text) const
{
    text = log::redactSecrets(std::move(text));
    for (const QString &secret : m_secrets)
        text.replace(secret, log::Redacted);
    return text;
}

QByteArray SendHandle::scrub(const QByteArray &bytes) const
{
    const QString text = QString::fromUtf8(bytes);
    const QString clean = scrub(text);
    // Keep the exact bytes unless something had to go.
    return clean == text ? bytes : clean.toUtf8();
}

log::LogEntry SendHandle::baseEntry() const
{
    log::LogEntry e;
    e.sendId = m_result.sendId;
    e.profile = m_options.profileName;
    return e;
}

void SendHandle::post(log::LogEntry entry) const
{
    if (m_client && m_client->m_bus)
        m_client->m_bus->post(std::move(entry));
}

void SendHandle::begin()
{
    for (const QString &warning : std::as_const(m_plan.warnings)) {
        log::LogEntry e = baseEntry();
        e.level = log::Level::Warning;
        e.message = warning;
        e.eventCount = m_plan.eventCount;
        post(std::move(e));
    }
    if (m_plan.isRefused()) {
        m_result.failure = Failure::Refused;
        m_result.refusal = m_plan.refusal;
        log::LogEntry e = baseEntry();
        e.level = log::Level::Error;
        e.message = u"Not sent: "_s + m_plan.refusal;
        e.error = m_plan.refusal;
        e.eventCount = m_plan.eventCount;
        post(std::move(e));
        finish();
        return;
    }
    startRequest(0);
}

void SendHandle::startRequest(int index)
{
    const PlannedRequest &planned = m_plan.requests.at(index);
    m_current = RequestResult();
    m_current.index = index;
    m_current.firstEvent = planned.firstEvent;
    m_current.eventCount = planned.eventCount;
    m_current.requestUrl = log::redactedUrlText(authorizedUrl(m_options));
    m_current.requestBody = planned.body;
    m_requestClock.start();
    m_state = State::Queued;
    if (m_client)
        m_client->enqueue(this);
}

int SendHandle::currentEventCount() const
{
    return m_current.eventCount;
}

void SendHandle::startAttempt()
{
    m_state = State::InFlight;
    ++m_current.attempts;
    m_timedOut = false;

    QNetworkRequest request(authorizedUrl(m_options));
    request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json"_ba);
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArray("capiqa/"_ba + buildinfo::version().toLatin1()));
    request.setRawHeader("Accept", "application/json");
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);

    log::LogEntry e = baseEntry();
    e.direction = log::Direction::Outgoing;
    e.method = u"POST"_s;
    e.url = m_current.requestUrl;
    e.eventCount = m_current.eventCount;
    e.attempt = m_current.attempts;
    e.message = u"POST "_s + QString::number(m_current.eventCount) + u" event(s)"_s;
    if (m_result.requestCount > 1)
        e.message += u", request "_s + QString::number(m_current.index + 1) + u" of "_s
            + QString::number(m_result.requestCount);
    if (m_current.attempts > 1)
        e.message += u", attempt "_s + QString::number(m_current.attempts);
    for (const QByteArray &name : request.rawHeaderList())
        e.requestHeaders.append({QString::fromLatin1(name), QString::fromUtf8(request.rawHeader(name))});
    e.requestHeaders.append({u"Content-Length"_s, QString::number(m_current.requestBody.size())});
    if (m_client && m_client->m_bus)
        m_client->m_bus->setRequestBody(e, m_current.requestBody);
    post(std::move(e));

    m_attemptClock.start();
    if (m_client)
        m_exchange = m_client->startExchange(this, request, m_current.requestBody);
    m_timeout.start(effectiveTimeoutMs(m_options));
}

void SendHandle::onTimeout()
{
    if (!m_exchange || !m_client)
        return;
    m_timedOut = true;
    m_client->abortExchange(m_exchange, true); // the aborted answer reports the timeout
}

void SendHandle::onExchangeFinished(quint64 id, const HttpExchange &exchange)
{
    if (id != m_exchange)
        return;
    m_exchange = 0;
    m_timeout.stop();
    const qint64 durationMs = m_attemptClock.elapsed();

    const auto header = [&exchange](QByteArrayView name) {
        for (const auto &[key, value] : exchange.headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        }
        return QByteArray();
    };
    AttemptAnswer answer;
    // A status line followed by a body that never finished is not an answer.
    answer.httpStatus = m_timedOut ? 0 : exchange.httpStatus;
    answer.networkError = exchange.error;
    answer.networkErrorText = scrub(exchange.errorText);
    for (const QString &tls : exchange.tlsErrors)
        answer.tlsErrors << scrub(tls);
    answer.body = exchange.body;
    answer.fbTraceHeader = header("x-fb-trace-id");
    answer.location = scrub(header("Location"));
    answer.timedOut = m_timedOut;
    answer.timeoutMs = effectiveTimeoutMs(m_options);
    answer.eventsSent = m_current.eventCount;
    const QByteArray retryAfter = header("Retry-After");
    const QList<log::Header> responseHeaders = headerList(exchange.headers);
    if (m_client)
        m_client->release(this);

    AttemptOutcome outcome = classifyAnswer(answer);
    outcome.error.message = scrub(outcome.error.message);
    outcome.error.errorUserMsg = scrub(outcome.error.errorUserMsg);
    outcome.error.errorUserTitle = scrub(outcome.error.errorUserTitle);
    outcome.networkError = scrub(outcome.networkError);
    outcome.reason = scrub(outcome.reason);
    outcome.fbtraceId = scrub(outcome.fbtraceId);
    for (QString &message : outcome.messages)
        message = scrub(message);
    for (QString &warning : outcome.warnings)
        warning = scrub(warning);

    m_current.ok = outcome.ok;
    m_current.failure = outcome.failure;
    m_current.httpStatus = answer.httpStatus;
    m_current.eventsReceived = outcome.eventsReceived;
    m_current.messages = outcome.messages;
    m_current.fbtraceId = outcome.fbtraceId;
    m_current.error = outcome.error;
    m_current.networkError = outcome.networkError;
    m_current.rawResponse = scrub(answer.body);
    m_current.timeToFirstByteMs = answer.httpStatus != 0 ? exchange.firstByteMs : -1;
    m_result.warnings += outcome.warnings;

    const bool willRetry = !outcome.ok && outcome.retryable && m_current.attempts <= m_options.retry.maxRetries;
    postAnswer(answer, outcome, durationMs, responseHeaders, willRetry);
    if (willRetry)
        scheduleRetry(outcome, retryAfter);
    else
        requestDone();
}

void SendHandle::postAnswer(const AttemptAnswer &answer, const AttemptOutcome &outcome, qint64 durationMs,
                            QList<log::Header> responseHeaders, bool willRetry) const
{
    log::LogEntry e = baseEntry();
    e.direction = log::Direction::Incoming;
    e.level = outcome.ok ? log::Level::Info : (willRetry ? log::Level::Warning : log::Level::Error);
    e.method = u"POST"_s;
    e.url = m_current.requestUrl;
    e.httpStatus = answer.httpStatus;
    e.eventCount = m_current.eventCount;
    e.durationMs = durationMs;
    e.fbtraceId = outcome.fbtraceId;
    e.error = outcome.error.isValid() ? outcome.error.summary() : outcome.networkError;
    for (auto &header : responseHeaders)
        header.second = scrub(header.second);
    e.responseHeaders = std::move(responseHeaders);
    e.responseBody = QString::fromUtf8(m_current.rawResponse);
    e.attempt = m_current.attempts;
    e.message = outcome.ok ? u"HTTP "_s + QString::number(answer.httpStatus) + u": "_s
            + QString::number(outcome.eventsReceived) + u" event(s) received"_s
                           : outcome.reason;
    post(std::move(e));
    for (const QString &warning : outcome.warnings) {
        log::LogEntry w = baseEntry();
        w.level = log::Level::Warning;
        w.message = warning;
        post(std::move(w));
    }
}

void SendHandle::scheduleRetry(const AttemptOutcome &outcome, const QByteArray &retryAfter)
{
    const RetryPolicy &policy = m_options.retry;
    const std::optional<int> serverDelay = policy.retryAfterMs(retryAfter);
    const int delay = serverDelay ? *serverDelay : policy.backoffMs(m_current.attempts, m_client->m_rng);
    m_state = State::BackingOff;
    m_backoff.start(delay);

    log::LogEntry r = baseEntry();
    r.level = log::Level::Warning;
    r.eventCount = m_current.eventCount;
    r.attempt = m_current.attempts + 1;
    r.message = u"Retrying in "_s + QString::number(delay) + u" ms"_s
        + (serverDelay ? u" (Retry-After)"_s : QString()) + u": "_s + outcome.reason;
    post(std::move(r));
    // Last: a receiver may cancel() from here, which the BackingOff state already handles.
    Q_EMIT retryScheduled(m_current.attempts + 1, delay, outcome.reason);
}

void SendHandle::onBackoffElapsed()
{
    if (m_state != State::BackingOff)
        return;
    m_state = State::Queued;
    if (m_client)
        m_client->enqueue(this);
}

void SendHandle::requestDone()
{
    m_current.durationMs = m_requestClock.elapsed();
    m_result.appendChunk(m_current);
    const bool ok = m_current.ok;
    const int done = int(m_result.chunks.size());
    if (!ok) {
        finish();
        return;
    }
    if (done < m_result.requestCount)
        startRequest(done);
    else {
        m_result.ok = true;
        finish();
    }
    Q_EMIT progressed(done, m_result.requestCount);
}

void SendHandle::cancel()
{
    switch (m_state) {
    case State::Finished:
        return;
    case State::Created:
        finishCancelled(u"starting"_s);
        return;
    case State::Queued:
        if (m_client)
            m_client->forget(this);
        finishCancelled(u"waiting for a free connection"_s);
        return;
    case State::BackingOff:
        m_backoff.stop();
        finishCancelled(u"waiting to retry"_s);
        return;
    case State::InFlight:
        if (m_exchange && m_client)
            m_client->abortExchange(m_exchange, false);
        m_exchange = 0;
        m_timeout.stop();
        if (m_client)
            m_client->release(this);
        finishCancelled(u"in flight"_s);
        return;
    }
}

void SendHandle::finishCancelled(const QString &where)
{
    if (m_state == State::Finished)
        return;
    if (m_current.attempts > 0) {
        // The request that was interrupted: keep what its attempts learnt.
        m_current.ok = false;
        m_current.failure = Failure::Cancelled;
        m_current.durationMs = m_requestClock.elapsed();
        m_result.appendChunk(m_current);
    }
    m_result.ok = false;
    m_result.cancelled = true;
    m_result.failure = Failure::Cancelled;
    log::LogEntry e = baseEntry();
    e.message = u"Cancelled "_s + where;
    post(std::move(e));
    finish();
}

void SendHandle::finish()
{
    m_state = State::Finished;
    m_timeout.stop();
    m_backoff.stop();
    m_result.totalMs = m_sendClock.elapsed();
    if (!m_result.ok && m_result.failure == Failure::None)
        m_result.failure = Failure::Http; // a request failed without saying how; should not happen

    log::LogEntry e = baseEntry();
    e.level = m_result.ok || m_result.cancelled ? log::Level::Info : log::Level::Error;
    e.message = m_result.summary();
    e.httpStatus = m_result.httpStatus;
    e.eventCount = m_result.eventCount;
    e.durationMs = m_result.totalMs;
    e.fbtraceId = m_result.fbtraceId;
    if (!m_result.ok && !m_result.cancelled)
        e.error = m_result.error.isValid() ? m_result.error.summary()
                                           : (m_result.networkError.isEmpty() ? m_result.refusal : m_result.networkError);
    e.attempt = m_result.attempts;
    post(std::move(e));

    // From the event loop, so that a caller of send() or cancel() can still connect.
    QMetaObject::invokeMethod(
        this,
        [this] {
            const SendResult result = m_result;
            QPointer<SendHandle> self(this);
            Q_EMIT finished(result);
            if (!self)
                return;
            if (m_client)
                Q_EMIT m_client->finished(result);
            if (self)
                deleteLater();
        },
        Qt::QueuedConnection);
}

} // namespace capiqa::transport
