#include "eventstore.h"

#include <QtCore/QDateTime>
#include <QtCore/QJsonDocument>
#include <QtCore/QMutexLocker>

#include <algorithm>
#include <limits>

namespace capiqa::emulator {

using namespace Qt::StringLiterals;

QString sourceName(EventSource source)
{
    return source == EventSource::Browser ? u"browser"_s : u"server"_s;
}

std::optional<EventSource> sourceFromName(QStringView name)
{
    if (name == u"server")
        return EventSource::Server;
    if (name == u"browser")
        return EventSource::Browser;
    return std::nullopt;
}

QJsonObject ReceivedEvent::eventObject() const
{
    if (rawLength <= 0)
        return event;
    // The same parser that accepted the whole body, on a complete object inside it: the same
    // values as the subtree of the whole document.
    return QJsonDocument::fromJson(QByteArray::fromRawData(rawBody.constData() + rawBegin, rawLength)).object();
}

QJsonObject ReceivedEvent::userDataObject() const
{
    return rawLength > 0 ? eventObject().value("user_data"_L1).toObject() : userData;
}

QJsonObject ReceivedEvent::customDataObject() const
{
    return rawLength > 0 ? eventObject().value("custom_data"_L1).toObject() : customData;
}

QJsonObject toJson(const ReceivedEvent &e, bool withRawBody)
{
    const QJsonObject event = e.eventObject(); // parsed once for the three keys below
    const bool lazy = e.rawLength > 0;
    QJsonObject o{
        {u"seq"_s, e.sequence},
        {u"received_ms"_s, e.receivedMs},
        {u"source"_s, sourceName(e.source)},
        {u"pixel_id"_s, e.pixelId},
        {u"test_event_code"_s, e.testEventCode},
        {u"event_name"_s, e.eventName},
        {u"event_id"_s, e.eventId},
        {u"event_time"_s, e.eventTime},
        {u"user_data"_s, lazy ? event.value("user_data"_L1).toObject() : e.userData},
        {u"custom_data"_s, lazy ? event.value("custom_data"_L1).toObject() : e.customData},
        {u"event"_s, event},
        {u"batch_index"_s, e.batchIndex},
        {u"batch_size"_s, e.batchSize},
        {u"http_status"_s, e.httpStatus},
        {u"accepted"_s, e.accepted()},
        {u"fbtrace_id"_s, e.fbtraceId},
    };
    if (e.fault != Fault::None)
        o.insert(u"fault"_s, faultName(e.fault));
    if (withRawBody)
        o.insert(u"raw_body"_s, QString::fromUtf8(e.rawBody));
    return o;
}

namespace {

bool matches(const ReceivedEvent &e, const EventQuery &q)
{
    return (q.pixelId.isEmpty() || e.pixelId == q.pixelId) && (q.eventName.isEmpty() || e.eventName == q.eventName)
        && (q.eventId.isEmpty() || e.eventId == q.eventId)
        && (q.testEventCode.isEmpty() || e.testEventCode == q.testEventCode)
        && (!q.source || e.source == *q.source) && (!q.acceptedOnly || e.accepted());
}

} // namespace

EventStore::EventStore(qsizetype capacity)
    : m_capacity(std::max<qsizetype>(1, capacity))
{
}

QList<ReceivedEvent> EventStore::append(QList<ReceivedEvent> events)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QMutexLocker lock(&m_mutex);
    for (ReceivedEvent &e : events) {
        e.sequence = m_nextSequence++;
        e.receivedMs = std::max({e.receivedMs > 0 ? e.receivedMs : now, m_lastStamp, m_servedUntil + 1});
        m_lastStamp = e.receivedMs;
        m_events.push_back(e);
    }
    evictLocked();
    return events;
}

EventPage EventStore::query(const EventQuery &q) const
{
    EventPage page;
    QMutexLocker lock(&m_mutex);
    // Stamps never decrease, so the start is a binary search.
    auto it = std::upper_bound(m_events.cbegin(), m_events.cend(), q.sinceMs,
                               [](qint64 since, const ReceivedEvent &e) { return since < e.receivedMs; });
    const qsizetype limit = q.limit > 0 ? q.limit : std::numeric_limits<qsizetype>::max();
    for (; it != m_events.cend(); ++it) {
        if (!matches(*it, q))
            continue;
        if (page.events.size() >= limit) {
            const qint64 lastMs = page.events.constLast().receivedMs;
            if (it->receivedMs != lastMs) {
                page.truncated = true;
                break;
            }
            // This match shares the last one's millisecond: drop that millisecond's group so
            // nextSince stays exact, unless the group is the whole page.
            const auto firstOfGroup = std::find_if(page.events.cbegin(), page.events.cend(),
                                                   [&](const ReceivedEvent &e) { return e.receivedMs == lastMs; });
            if (firstOfGroup != page.events.cbegin()) {
                page.events.erase(firstOfGroup, page.events.cend());
                page.truncated = true;
                break;
            }
        }
        page.events.append(*it);
    }
    if (page.truncated) {
        page.nextSince = page.events.constLast().receivedMs;
    } else {
        // Everything stored was looked at: the cursor may move to the newest stamp even when
        // the filters matched nothing there.
        page.nextSince = std::max(q.sinceMs, m_lastStamp);
    }
    m_servedUntil = std::max(m_servedUntil, page.nextSince);
    return page;
}

qsizetype EventStore::count() const
{
    QMutexLocker lock(&m_mutex);
    return qsizetype(m_events.size());
}

qsizetype EventStore::capacity() const
{
    QMutexLocker lock(&m_mutex);
    return m_capacity;
}

void EventStore::setCapacity(qsizetype capacity)
{
    QMutexLocker lock(&m_mutex);
    m_capacity = std::max<qsizetype>(1, capacity);
    evictLocked();
}

qint64 EventStore::evictedCount() const
{
    QMutexLocker lock(&m_mutex);
    return m_evicted;
}

void EventStore::clear()
{
    QMutexLocker lock(&m_mutex);
    // Sequence and stamps keep running, so cursors handed out before stay valid.
    m_events.clear();
}

void EventStore::evictLocked()
{
    while (qsizetype(m_events.size()) > m_capacity) {
        m_events.pop_front();
        ++m_evicted;
    }
}

} // namespace capiqa::emulator
