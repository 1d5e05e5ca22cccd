#pragma once

#include "faultspec.h"

#include <QtCore/QByteArray>
#include <QtCore/QJsonObject>
#include <QtCore/QList>
#include <QtCore/QMutex>
#include <QtCore/QString>

#include <deque>
#include <optional>

/// What the local emulator received: one record per event, server (CAPI) or browser (Pixel),
/// in a bounded in-memory ring that other threads may query.
namespace capiqa::emulator {

enum class EventSource : quint8 { Server, Browser };

/// "server" / "browser".
QString sourceName(EventSource source);
std::optional<EventSource> sourceFromName(QStringView name);

/// One received event, as received: the emulator never hashes or normalises anything.
/// Never holds the access token.
struct ReceivedEvent
{
    qint64 sequence = 0;   ///< 1, 2, 3, … in receipt order; assigned by EventStore
    qint64 receivedMs = 0; ///< receipt time, Unix ms; EventStore keeps it non-decreasing
    EventSource source = EventSource::Server;
    QString pixelId;
    QString testEventCode;
    QString eventName;
    QString eventId;
    qint64 eventTime = 0; ///< Unix seconds as sent (browser: `ts` / 1000); 0 when absent
    /// The event's objects. Read them through eventObject() / userDataObject() /
    /// customDataObject(): a server event the emulator received usually leaves them empty and
    /// points into rawBody instead (rawLength > 0), so the store keeps one body per request
    /// rather than a parsed tree per event.
    QJsonObject userData;   ///< server: user_data; browser: ud[…] plus fbp / fbc
    QJsonObject customData; ///< server: custom_data; browser: cd[…] (values as sent, text)
    QJsonObject event;      ///< this event's own object (browser: every parameter of the hit)
    /// The request body (browser GET: the query string), access token removed. Shared by all
    /// events of one request (implicitly shared, so a 1,000-event batch holds it once).
    QByteArray rawBody;
    /// When rawLength > 0: this event's JSON object is rawBody's bytes [rawBegin, rawBegin +
    /// rawLength), and the three objects above are parsed from there on demand.
    qsizetype rawBegin = 0;
    qsizetype rawLength = 0;
    int batchIndex = 0; ///< position in the request's data list
    int batchSize = 1;
    /// The HTTP status the request got: 200 accepted, 4xx rejected, 5xx / 429 injected fault,
    /// 0 no answer at all (dropped connection).
    int httpStatus = 200;
    Fault fault = Fault::None;
    QString fbtraceId; ///< the answer's fbtrace_id; the same for all events of one request

    bool accepted() const { return httpStatus == 200; }
    /// The event's own object: `event`, or parsed from rawBody (see rawLength).
    QJsonObject eventObject() const;
    /// user_data / custom_data of eventObject() (or the fields, when they are filled in).
    QJsonObject userDataObject() const;
    QJsonObject customDataObject() const;
};

/// Keys: seq, received_ms, source, pixel_id, test_event_code, event_name, event_id, event_time,
/// user_data, custom_data, event, batch_index, batch_size, http_status, accepted, fault (absent
/// when none), fbtrace_id, and raw_body (text) when `withRawBody`.
QJsonObject toJson(const ReceivedEvent &event, bool withRawBody);

/// Every field narrows the result; empty / unset fields do not filter. Matching is exact and
/// case-sensitive, because that is how Meta matches for deduplication.
struct EventQuery
{
    qint64 sinceMs = 0; ///< only events received after this time (exclusive), Unix ms
    QString pixelId;
    QString eventName;
    QString eventId;
    QString testEventCode;
    std::optional<EventSource> source;
    bool acceptedOnly = false; ///< only events whose request got HTTP 200
    qsizetype limit = 0;       ///< 0 = no limit
};

struct EventPage
{
    QList<ReceivedEvent> events; ///< oldest first
    /// Pass as the next query's sinceMs to get exactly the events not seen yet (see query()).
    qint64 nextSince = 0;
    bool truncated = false; ///< the limit cut the result; query again with nextSince
};

/// Bounded ring of received events, oldest evicted first. All methods are thread-safe; the
/// emulator appends from its thread while the GUI or the read API query.
class EventStore final
{
public:
    static constexpr qsizetype DefaultCapacity = 100'000;

    explicit EventStore(qsizetype capacity = DefaultCapacity);

    /// Stores the events of one request. Assigns sequence numbers and makes receivedMs
    /// non-decreasing (the wall clock may step back); the stored copies are returned.
    QList<ReceivedEvent> append(QList<ReceivedEvent> events);

    /// Matching events received after `sinceMs`, oldest first, up to `limit`. A limit never
    /// splits the events of one millisecond, so following nextSince neither skips nor repeats
    /// an event (one millisecond holding more than `limit` matches is returned whole).
    EventPage query(const EventQuery &query) const;

    qsizetype count() const;
    qsizetype capacity() const;
    /// Evicts the oldest events when shrinking.
    void setCapacity(qsizetype capacity);
    /// Events pushed out by the bound since construction.
    qint64 evictedCount() const;
    void clear();

private:
    void evictLocked();

    mutable QMutex m_mutex;
    std::deque<ReceivedEvent> m_events;
    qsizetype m_capacity;
    qint64 m_nextSequence = 1;
    qint64 m_evicted = 0;
    qint64 m_lastStamp = 0;
    /// The newest receipt millisecond a query has reported complete; later appends are stamped
    /// after it, so a poller that got nextSince = N never misses an event stamped N.
    mutable qint64 m_servedUntil = 0;
};

} // namespace capiqa::emulator
