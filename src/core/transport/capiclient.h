#pragma once

#include "ratelimiter.h"
#include "sendoptions.h"
#include "sendresult.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QHash>
#include <QtCore/QJsonObject>
#include <QtCore/QList>
#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtCore/QRandomGenerator>
#include <QtCore/QSet>
#include <QtCore/QThread>
#include <QtCore/QTimer>

class QNetworkRequest;

namespace capiqa::log {
class LogBus;
}

namespace capiqa::transport {

class SendHandle;
class HttpWorker;
struct HttpExchange;

/// Sends Conversions API requests. Owns the application's one QNetworkAccessManager, which works
/// on a network thread of the client's own.
/// send() takes a body built by event::RequestBuilder (already hashed; the client does not
/// hash) and returns a SendHandle that emits one SendResult. At most
/// maxConcurrentRequests() requests are in flight across all sends; the rest wait in order,
/// optionally paced by an events-per-second limit. TLS errors are never ignored, redirects are
/// never followed (the token is in the URL), and every request and response is posted to the
/// LogBus with secrets redacted. Lives in one thread; call it from that thread. Destroying the
/// client aborts unfinished sends without announcing them.
class CapiClient final : public QObject
{
    Q_OBJECT

public:
    static constexpr int DefaultMaxConcurrentRequests = 4;

    /// `bus` may be null (no logging); it must outlive the client or be destroyed by Qt.
    explicit CapiClient(log::LogBus *bus = nullptr, QObject *parent = nullptr);
    ~CapiClient() override;

    /// Starts sending `requestBody` ({"data": [...], …}). Never blocks and never emits
    /// synchronously: connect to the handle's finished() after this returns. A send that
    /// cannot go (no test event code outside production, no token, bad URL, no events) makes
    /// no request and finishes with Failure::Refused. The handle is a child of the client and
    /// deletes itself after finished().
    SendHandle *send(const QJsonObject &requestBody, const SendOptions &options);

    /// Cancels every unfinished send.
    void cancelAll();

    int maxConcurrentRequests() const { return m_maxConcurrent; }
    /// At least 1. Note Qt opens at most 6 connections per host, whatever this says.
    void setMaxConcurrentRequests(int count);

    double eventRateLimit() const { return m_limiter.eventsPerSecond(); }
    /// Paces requests to `eventsPerSecond` events (≤ 0: no limit) with a bucket of `burst`
    /// events (≤ 0: one second's worth).
    void setEventRateLimit(double eventsPerSecond, double burst = 0.0);

    /// Makes retry jitter reproducible (tests); by default it is seeded randomly.
    void setJitterSeed(quint32 seed) { m_rng.seed(seed); }

    int inFlightCount() const { return int(m_running.size()); }
    int queuedCount() const { return int(m_queue.size()); }
    log::LogBus *logBus() const { return m_bus; }

Q_SIGNALS:
    /// Every send's result, after its handle's finished(): for the request history.
    void finished(const capiqa::transport::SendResult &result);

private:
    friend class SendHandle;

    // The handle's side of the bookkeeping.
    void enqueue(SendHandle *handle);
    void release(SendHandle *handle);
    void forget(SendHandle *handle);
    void schedulePump();
    void pump();

    // HTTP exchanges, on the network thread (httpworker.h says why it is a thread of its own).
    quint64 startExchange(SendHandle *handle, const QNetworkRequest &request, const QByteArray &body);
    /// Aborts exchange `id`; with `report` its answer (an abort error) still reaches the handle.
    void abortExchange(quint64 id, bool report);
    void exchangeFinished(quint64 id, const HttpExchange &exchange);

    QThread m_networkThread;
    HttpWorker *m_worker = nullptr; // lives on m_networkThread
    QHash<quint64, QPointer<SendHandle>> m_exchanges;
    quint64 m_nextExchangeId = 1;
    QPointer<log::LogBus> m_bus;
    QList<SendHandle *> m_queue; // waiting for a slot, in order
    QSet<SendHandle *> m_running;
    int m_maxConcurrent = DefaultMaxConcurrentRequests;
    RateLimiter m_limiter;
    QElapsedTimer m_clock;
    QTimer m_rateTimer;
    QRandomGenerator m_rng;
    quint64 m_nextSendId = 1;
    bool m_pumpPending = false;
    bool m_destroying = false;
};

} // namespace capiqa::transport
