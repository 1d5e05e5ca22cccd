#include "capiclient.h"

#include "httpworker.h"
#include "log/logbus.h"
#include "requestplan.h"
#include "sendhandle.h"

#include <QtNetwork/QNetworkRequest>

#include <algorithm>

namespace capiqa::transport {

CapiClient::CapiClient(log::LogBus *bus, QObject *parent)
    : QObject(parent)
    , m_bus(bus)
    , m_rng(QRandomGenerator::global()->generate())
{
    qRegisterMetaType<capiqa::transport::SendResult>();
    // The worker reports on its thread; the answer is handled on ours (queued to `this`, so
    // nothing arrives once the client is gone).
    m_worker = new HttpWorker([this](quint64 id, const HttpExchange &exchange) {
        QMetaObject::invokeMethod(this, [this, id, exchange] { exchangeFinished(id, exchange); }, Qt::QueuedConnection);
    });
    m_worker->moveToThread(&m_networkThread);
    connect(&m_networkThread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_networkThread.setObjectName(QStringLiteral("capiqa network"));
    m_networkThread.start();
    m_clock.start();
    m_rateTimer.setSingleShot(true);
    connect(&m_rateTimer, &QTimer::timeout, this, &CapiClient::pump);
}

CapiClient::~CapiClient()
{
    m_destroying = true;
    // Handles go first (they abort their exchanges), then the network thread with its manager.
    const auto handles = findChildren<SendHandle *>(Qt::FindDirectChildrenOnly);
    qDeleteAll(handles);
    m_networkThread.quit();
    m_networkThread.wait();
}

quint64 CapiClient::startExchange(SendHandle *handle, const QNetworkRequest &request, const QByteArray &body)
{
    const quint64 id = m_nextExchangeId++;
    m_exchanges.insert(id, handle);
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, id, request, body] { worker->post(id, request, body); }, Qt::QueuedConnection);
    return id;
}

void CapiClient::abortExchange(quint64 id, bool report)
{
    if (!report)
        m_exchanges.remove(id);
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, id] { worker->abort(id); }, Qt::QueuedConnection);
}

void CapiClient::exchangeFinished(quint64 id, const HttpExchange &exchange)
{
    const QPointer<SendHandle> handle = m_exchanges.take(id);
    if (handle)
        handle->onExchangeFinished(id, exchange);
}

SendHandle *CapiClient::send(const QJsonObject &requestBody, const SendOptions &options)
{
    auto *handle = new SendHandle(this, m_nextSendId++, options, planSend(requestBody, options));
    handle->begin();
    return handle;
}

void CapiClient::cancelAll()
{
    const auto handles = findChildren<SendHandle *>(Qt::FindDirectChildrenOnly);
    for (SendHandle *h : handles)
        h->cancel();
}

void CapiClient::setMaxConcurrentRequests(int count)
{
    m_maxConcurrent = std::max(1, count);
    schedulePump();
}

void CapiClient::setEventRateLimit(double eventsPerSecond, double burst)
{
    m_limiter.configure(eventsPerSecond, burst, m_clock.elapsed());
    schedulePump();
}

void CapiClient::enqueue(SendHandle *handle)
{
    if (!m_queue.contains(handle))
        m_queue.append(handle);
    schedulePump();
}

void CapiClient::release(SendHandle *handle)
{
    if (m_running.remove(handle))
        schedulePump();
}

void CapiClient::forget(SendHandle *handle)
{
    if (m_destroying)
        return;
    m_queue.removeAll(handle);
    release(handle);
}

void CapiClient::schedulePump()
{
    // Deferred: pump() starts requests, and the caller may be in the middle of a reply's
    // finished() or of cancel().
    if (m_pumpPending || m_destroying)
        return;
    m_pumpPending = true;
    QMetaObject::invokeMethod(this, &CapiClient::pump, Qt::QueuedConnection);
}

void CapiClient::pump()
{
    m_pumpPending = false;
    while (!m_queue.isEmpty() && m_running.size() < m_maxConcurrent) {
        SendHandle *next = m_queue.first();
        const int events = next->currentEventCount();
        const qint64 wait = m_limiter.waitMs(events, m_clock.elapsed());
        if (wait > 0) {
            // First in, first out: later sends wait behind the one the limit holds back.
            m_rateTimer.start(int(std::min<qint64>(wait, 60'000)));
            return;
        }
        m_queue.removeFirst();
        m_limiter.consume(events, m_clock.elapsed());
        m_running.insert(next);
        next->startAttempt();
    }
}

} // namespace capiqa::transport
