#include "logmodel.h"

#include "logbus.h"

#include <QtCore/QTimerEvent>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace capiqa::log {

QString statusClassName(StatusClass statusClass)
{
    switch (statusClass) {
    case StatusClass::None:
        return u"no HTTP status"_s;
    case StatusClass::Success:
        return u"2xx"_s;
    case StatusClass::Redirect:
        return u"1xx/3xx"_s;
    case StatusClass::ClientError:
        return u"4xx"_s;
    case StatusClass::ServerError:
        return u"5xx"_s;
    case StatusClass::NetworkError:
        return u"network error"_s;
    }
    return {};
}

StatusClass statusClassOf(const LogEntry &entry)
{
    const int s = entry.httpStatus;
    if (s >= 200 && s < 300)
        return StatusClass::Success;
    if (s >= 400 && s < 500)
        return StatusClass::ClientError;
    if (s >= 500)
        return StatusClass::ServerError;
    if (s > 0)
        return StatusClass::Redirect;
    // An incoming row stands for an answer; without a status, none came.
    return entry.direction == Direction::Incoming ? StatusClass::NetworkError : StatusClass::None;
}

bool isErrorEntry(const LogEntry &entry)
{
    if (entry.level == Level::Error || !entry.error.isEmpty())
        return true;
    const StatusClass c = statusClassOf(entry);
    return c != StatusClass::None && c != StatusClass::Success;
}

namespace {

// "POST /v21.0/123/events": the method and the path, without scheme, host and query (the host
// is in the tooltip and the detail view; the query only holds the redacted token).
QString endpointText(const LogEntry &e)
{
    QStringView url(e.url);
    if (const qsizetype scheme = url.indexOf(u"://"); scheme >= 0) {
        const qsizetype path = url.indexOf(u'/', scheme + 3);
        url = path >= 0 ? url.mid(path) : QStringView(u"/");
    }
    if (const qsizetype query = url.indexOf(u'?'); query >= 0)
        url = url.left(query);
    if (e.method.isEmpty())
        return url.toString();
    if (url.isEmpty())
        return e.method;
    return e.method + u' ' + url;
}

QString directionText(const LogEntry &e)
{
    switch (e.direction) {
    case Direction::Outgoing:
        return u"out"_s;
    case Direction::Incoming:
        return u"in"_s;
    case Direction::Internal:
        return levelName(e.level);
    }
    return {};
}

QString displayText(const LogEntry &e, LogColumn column)
{
    switch (column) {
    case LogColumn::Time:
        return e.timestamp.toLocalTime().toString(u"HH:mm:ss.zzz"_s);
    case LogColumn::Direction:
        return directionText(e);
    case LogColumn::Profile:
        return e.profile;
    case LogColumn::Endpoint:
        return endpointText(e);
    case LogColumn::Status:
        if (e.httpStatus > 0)
            return QString::number(e.httpStatus);
        return statusClassOf(e) == StatusClass::NetworkError ? u"failed"_s : QString();
    case LogColumn::Events:
        return e.eventCount > 0 ? QString::number(e.eventCount) : QString();
    case LogColumn::Duration:
        return e.durationMs >= 0 ? QString::number(e.durationMs) + u" ms"_s : QString();
    case LogColumn::FbtraceId:
        return e.fbtraceId;
    case LogColumn::Message:
        return e.message;
    case LogColumn::Error:
        return e.error;
    case LogColumn::Count:
        break;
    }
    return {};
}

QVariant roleValue(const LogEntry &e, int role)
{
    switch (role) {
    case EntryIdRole:
        return QVariant::fromValue(e.id);
    case TimestampRole:
        return e.timestamp;
    case LevelRole:
        return int(e.level);
    case DirectionRole:
        return int(e.direction);
    case SendIdRole:
        return QVariant::fromValue(e.sendId);
    case ProfileRole:
        return e.profile;
    case MessageRole:
        return e.message;
    case MethodRole:
        return e.method;
    case UrlRole:
        return e.url;
    case HttpStatusRole:
        return e.httpStatus;
    case StatusClassRole:
        return int(statusClassOf(e));
    case EventCountRole:
        return e.eventCount;
    case DurationMsRole:
        return e.durationMs;
    case FbtraceIdRole:
        return e.fbtraceId;
    case ErrorRole:
        return e.error;
    case AttemptRole:
        return e.attempt;
    case TruncatedRole:
        return e.truncated;
    case IsErrorRole:
        return isErrorEntry(e);
    default:
        return {};
    }
}

// How far pairedRow() looks: a request and its answer are never far apart, and a bounded
// search keeps a click on a row cheap in a 100,000-row log.
constexpr int PairSearchWindow = 5'000;

} // namespace

LogModel::LogModel(LogBus *bus, QObject *parent)
    : QAbstractTableModel(parent)
    , m_bus(bus)
{
    if (!bus)
        return;
    // Connect first, then read what the bus holds: an entry posted in between arrives twice and
    // the id check drops the second copy.
    connect(bus, &LogBus::posted, this, &LogModel::append);
    connect(bus, &LogBus::cleared, this, &LogModel::clear);
    const QList<LogEntry> existing = bus->entries();
    for (const LogEntry &e : existing)
        append(e);
    flush();
}

LogModel::~LogModel() = default;

int LogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int LogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : LogColumnCount;
}

QVariant LogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const LogEntry &e = m_rows[std::size_t(index.row())].entry;
    if (role == Qt::DisplayRole)
        return displayText(e, LogColumn(index.column()));
    return roleValue(e, role);
}

QVariant LogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= LogColumnCount)
        return {};
    switch (LogColumn(section)) {
    case LogColumn::Time:
        return u"Time"_s;
    case LogColumn::Direction:
        return u"Dir."_s;
    case LogColumn::Profile:
        return u"Profile"_s;
    case LogColumn::Endpoint:
        return u"Endpoint"_s;
    case LogColumn::Status:
        return u"HTTP"_s;
    case LogColumn::Events:
        return u"Events"_s;
    case LogColumn::Duration:
        return u"Duration"_s;
    case LogColumn::FbtraceId:
        return u"fbtrace_id"_s;
    case LogColumn::Message:
        return u"Message"_s;
    case LogColumn::Error:
        return u"Error"_s;
    case LogColumn::Count:
        break;
    }
    return {};
}

QHash<int, QByteArray> LogModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert({
        {EntryIdRole, "entryId"},
        {TimestampRole, "timestamp"},
        {LevelRole, "level"},
        {DirectionRole, "direction"},
        {SendIdRole, "sendId"},
        {ProfileRole, "profile"},
        {MessageRole, "message"},
        {MethodRole, "method"},
        {UrlRole, "url"},
        {HttpStatusRole, "httpStatus"},
        {StatusClassRole, "statusClass"},
        {EventCountRole, "eventCount"},
        {DurationMsRole, "durationMs"},
        {FbtraceIdRole, "fbtraceId"},
        {ErrorRole, "error"},
        {AttemptRole, "attempt"},
        {TruncatedRole, "truncated"},
        {IsErrorRole, "isError"},
    });
    return names;
}

const LogEntry &LogModel::entry(int row) const
{
    Q_ASSERT(row >= 0 && std::size_t(row) < m_rows.size());
    return m_rows[std::size_t(row)].entry;
}

bool LogModel::bodiesDropped(int row) const
{
    return row >= 0 && std::size_t(row) < m_rows.size() && m_rows[std::size_t(row)].bodiesDropped;
}

int LogModel::rowOfId(quint64 id) const
{
    // Bus ids only grow, so the rows are sorted by id.
    const auto it = std::lower_bound(m_rows.cbegin(), m_rows.cend(), id,
                                     [](const Row &row, quint64 value) { return row.entry.id < value; });
    if (it == m_rows.cend() || it->entry.id != id)
        return -1;
    return int(it - m_rows.cbegin());
}

int LogModel::pairedRow(int row) const
{
    if (row < 0 || std::size_t(row) >= m_rows.size())
        return -1;
    const LogEntry &e = m_rows[std::size_t(row)].entry;
    if (e.sendId == 0 || e.direction == Direction::Internal)
        return -1;
    const bool forward = e.direction == Direction::Outgoing;
    const Direction wanted = forward ? Direction::Incoming : Direction::Outgoing;
    const int size = int(m_rows.size());
    for (int step = 1; step <= PairSearchWindow; ++step) {
        const int r = forward ? row + step : row - step;
        if (r < 0 || r >= size)
            break;
        const LogEntry &other = m_rows[std::size_t(r)].entry;
        if (other.sendId == e.sendId && other.attempt == e.attempt && other.direction == wanted)
            return r;
    }
    return -1;
}

QList<LogEntry> LogModel::entries(const QList<int> &rows) const
{
    QList<LogEntry> out;
    out.reserve(rows.size());
    for (int row : rows) {
        if (row >= 0 && std::size_t(row) < m_rows.size())
            out.append(m_rows[std::size_t(row)].entry);
    }
    return out;
}

QList<LogEntry> LogModel::allEntries() const
{
    QList<LogEntry> out;
    out.reserve(qsizetype(m_rows.size()));
    for (const Row &row : m_rows)
        out.append(row.entry);
    return out;
}

qsizetype LogModel::capacity() const
{
    return m_capacity;
}

void LogModel::setCapacity(qsizetype capacity)
{
    m_capacity = std::max<qsizetype>(1, capacity);
    const qsizetype excess = qsizetype(m_rows.size()) - m_capacity;
    if (excess > 0) {
        removeFront(excess);
        m_dropped += quint64(excess);
        Q_EMIT droppedCountChanged(m_dropped);
    }
}

quint64 LogModel::droppedCount() const
{
    return m_dropped;
}

int LogModel::batchInterval() const
{
    return m_batchInterval;
}

void LogModel::setBatchInterval(int ms)
{
    m_batchInterval = std::max(0, ms);
}

qsizetype LogModel::bodyMemoryLimit() const
{
    return m_bodyLimit;
}

void LogModel::setBodyMemoryLimit(qsizetype chars)
{
    m_bodyLimit = std::max<qsizetype>(0, chars);
    trimBodies();
}

qsizetype LogModel::pendingCount() const
{
    return qsizetype(m_pending.size());
}

QStringList LogModel::profiles() const
{
    return m_profiles;
}

void LogModel::append(const LogEntry &entry)
{
    if (entry.id != 0) {
        if (entry.id <= m_lastId)
            return;
        m_lastId = entry.id;
    }
    m_pending.push_back(entry);
    // A flood while the event loop is busy must not queue without bound.
    if (qsizetype(m_pending.size()) >= m_capacity) {
        flush();
        return;
    }
    if (!m_timer.isActive())
        m_timer.start(m_batchInterval, this);
}

void LogModel::flush()
{
    m_timer.stop();
    if (m_pending.empty())
        return;
    std::vector<LogEntry> batch;
    batch.swap(m_pending);

    // Entries of this batch beyond the capacity would be removed at once: never show them.
    const qsizetype count = qsizetype(batch.size());
    const qsizetype skipped = std::max<qsizetype>(0, count - m_capacity);
    const qsizetype kept = count - skipped;
    const qsizetype overflow = std::max<qsizetype>(0, qsizetype(m_rows.size()) + kept - m_capacity);
    if (overflow > 0)
        removeFront(overflow);

    const qsizetype profilesBefore = m_profiles.size();
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(kept) - 1);
    for (qsizetype i = skipped; i < count; ++i) {
        LogEntry &e = batch[std::size_t(i)];
        if (!e.profile.isEmpty() && !m_profiles.contains(e.profile))
            m_profiles.append(e.profile);
        m_bodyChars += bodyChars(e);
        m_rows.push_back(Row{std::move(e), false});
    }
    endInsertRows();
    trimBodies();

    if (skipped + overflow > 0) {
        m_dropped += quint64(skipped + overflow);
        Q_EMIT droppedCountChanged(m_dropped);
    }
    if (m_profiles.size() != profilesBefore)
        Q_EMIT profilesChanged();
}

void LogModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_pending.clear();
    m_timer.stop();
    m_bodyChars = 0;
    m_bodyCursor = 0;
    endResetModel();
    if (m_dropped != 0) {
        m_dropped = 0;
        Q_EMIT droppedCountChanged(0);
    }
    if (!m_profiles.isEmpty()) {
        m_profiles.clear();
        Q_EMIT profilesChanged();
    }
}

void LogModel::timerEvent(QTimerEvent *event)
{
    if (event->timerId() == m_timer.timerId()) {
        flush();
        return;
    }
    QAbstractTableModel::timerEvent(event);
}

qsizetype LogModel::bodyChars(const LogEntry &entry)
{
    return entry.requestBody.size() + entry.responseBody.size();
}

void LogModel::trimBodies()
{
    // Oldest first; the newest row always keeps its bodies, whatever the limit.
    const qsizetype last = qsizetype(m_rows.size()) - 1;
    while (m_bodyChars > m_bodyLimit && m_bodyCursor < last) {
        Row &row = m_rows[std::size_t(m_bodyCursor++)];
        const qsizetype chars = bodyChars(row.entry);
        if (chars == 0)
            continue;
        m_bodyChars -= chars;
        row.entry.requestBody.clear();
        row.entry.responseBody.clear();
        row.bodiesDropped = true;
    }
}

void LogModel::removeFront(qsizetype count)
{
    count = std::min(count, qsizetype(m_rows.size()));
    if (count <= 0)
        return;
    beginRemoveRows({}, 0, int(count) - 1);
    for (qsizetype i = 0; i < count; ++i) {
        m_bodyChars -= bodyChars(m_rows.front().entry);
        m_rows.pop_front();
    }
    m_bodyCursor = std::max<qsizetype>(0, m_bodyCursor - count);
    endRemoveRows();
}

} // namespace capiqa::log
