#include "capiclient.h"

#include "log/logbus.h"
#include "requestplan.h"
#include "sendhandle.h"

#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkRequest>

#include <algorithm>

namespace capiqa::transport {

CapiClient::CapiClient(log::LogBus *bus, QObject *parent)
    : QObject(parent)
    , m_nam(new QNetworkAccessManager(this))
    , m_bus(bus)
    , m_rng(QRandomGenerator::global()->generate())
{
    qRegisterMetaType<capiqa::transport::SendResult>();
    // A redirect would carry the access token (in the query) to wherever it points.
    m_nam->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    // SendHandle runs its own whole-request deadline; Qt's is an inactivity timer.
    m_nam->setTransferTimeout(0);
    m_clock.start();
    m_rateTimer.setSingleShot(true);
    connect(&m_rateTimer, &QTimer::timeout, this, &CapiClient::pump);
}

CapiClient::~CapiClient()
{
    m_destroying = true;
    // Handles (and their replies) go before the network manager they use.
    const auto handles = findChildren<SendHandle *>(Qt::FindDirectChildrenOnly);
    qDeleteAll(handles);
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
        next->startAttempt(m_nam);
    }
}

} // namespace capiqa::transport
