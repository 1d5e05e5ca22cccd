#include "logbus.h"

#include "redact.h"

#include <QtCore/QMutexLocker>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace capiqa::log {

QString levelName(Level level)
{
    switch (level) {
    case Level::Info:
        return u"info"_s;
    case Level::Warning:
        return u"warning"_s;
    case Level::Error:
        return u"error"_s;
    }
    return {};
}

QString directionName(Direction direction)
{
    switch (direction) {
    case Direction::Outgoing:
        return u"outgoing"_s;
    case Direction::Incoming:
        return u"incoming"_s;
    case Direction::Internal:
        return u"internal"_s;
    }
    return {};
}

namespace {

// Redact before cutting: a cut can then never leave half a secret behind.
/// `omitted`: characters after `body` that were never made into text (setRequestBody()).
bool redactAndCut(QString &body, qsizetype limit, qsizetype omitted = 0)
{
    body = redactSecrets(std::move(body));
    if (body.size() <= limit && omitted == 0)
        return false;
    const qsizetype total = body.size() + omitted;
    body.truncate(limit);
    body += u"\n… ["_s + QString::number(total - limit) + u" more characters not kept in the log]"_s;
    return true;
}

/// UTF-16 units of UTF-8 text, without converting it: one per character, two above U+FFFF.
qsizetype utf16Length(QByteArrayView utf8)
{
    qsizetype units = 0;
    for (const char c : utf8) {
        const auto b = static_cast<unsigned char>(c);
        units += (b & 0xC0) != 0x80;
        units += b >= 0xF0;
    }
    return units;
}

void redactHeaders(QList<Header> &headers)
{
    for (auto &[name, value] : headers)
        value = isSecretHeader(name) ? QString(Redacted) : redactSecrets(std::move(value));
}

} // namespace

LogBus::LogBus(qsizetype capacity, QObject *parent)
    : QObject(parent)
    , m_capacity(std::max<qsizetype>(1, capacity))
{
    qRegisterMetaType<capiqa::log::LogEntry>();
}

LogBus::~LogBus() = default;

quint64 LogBus::post(LogEntry entry)
{
    // The expensive part (regular expressions over bodies) runs outside the lock.
    qsizetype limit = 0;
    {
        QMutexLocker lock(&m_mutex);
        limit = m_maxBodyChars;
    }
    entry.url = redactSecrets(std::move(entry.url));
    entry.message = redactSecrets(std::move(entry.message));
    entry.error = redactSecrets(std::move(entry.error));
    redactHeaders(entry.requestHeaders);
    redactHeaders(entry.responseHeaders);
    const bool cutRequest = redactAndCut(entry.requestBody, limit, entry.requestBodyOmitted);
    entry.requestBodyOmitted = 0;
    const bool cutResponse = redactAndCut(entry.responseBody, limit);
    entry.truncated = entry.truncated || cutRequest || cutResponse;
    if (!entry.timestamp.isValid())
        entry.timestamp = QDateTime::currentDateTimeUtc();
    else
        entry.timestamp = entry.timestamp.toUTC();

    QMutexLocker lock(&m_mutex);
    entry.id = m_nextId++;
    const quint64 id = entry.id;
    // Queued even from the bus's own thread, and posted under the lock: either way a receiver
    // could otherwise see an entry before one with a smaller id.
    QMetaObject::invokeMethod(
        this, [this, e = entry] { Q_EMIT posted(e); }, Qt::QueuedConnection);
    pushLocked(std::move(entry));
    return id;
}

void LogBus::pushLocked(LogEntry &&entry)
{
    if (m_size < m_capacity) {
        // Not full yet, so m_head is 0. Grow lazily: a bus that sees ten entries should not
        // reserve ten thousand.
        m_ring.push_back(std::move(entry));
        ++m_size;
        return;
    }
    // Full: overwrite the oldest.
    m_ring[std::size_t(m_head)] = std::move(entry);
    m_head = (m_head + 1) % m_capacity;
    ++m_dropped;
}

QList<LogEntry> LogBus::entries() const
{
    QMutexLocker lock(&m_mutex);
    QList<LogEntry> out;
    out.reserve(m_size);
    for (qsizetype i = 0; i < m_size; ++i)
        out.append(m_ring[std::size_t((m_head + i) % qsizetype(m_ring.size()))]);
    return out;
}

void LogBus::clear()
{
    {
        QMutexLocker lock(&m_mutex);
        m_ring.clear();
        m_head = 0;
        m_size = 0;
        m_dropped = 0;
    }
    QMetaObject::invokeMethod(this, [this] { Q_EMIT cleared(); }, Qt::QueuedConnection);
}

qsizetype LogBus::capacity() const
{
    QMutexLocker lock(&m_mutex);
    return m_capacity;
}

void LogBus::setCapacity(qsizetype capacity)
{
    capacity = std::max<qsizetype>(1, capacity);
    QMutexLocker lock(&m_mutex);
    if (capacity == m_capacity)
        return;
    // Re-lay the ring oldest-first, keeping the newest `capacity` entries.
    std::vector<LogEntry> kept;
    const qsizetype keep = std::min(m_size, capacity);
    kept.reserve(std::size_t(keep));
    for (qsizetype i = m_size - keep; i < m_size; ++i)
        kept.push_back(std::move(m_ring[std::size_t((m_head + i) % qsizetype(m_ring.size()))]));
    m_dropped += quint64(m_size - keep);
    m_ring = std::move(kept);
    m_head = 0;
    m_size = keep;
    m_capacity = capacity;
}

qsizetype LogBus::size() const
{
    QMutexLocker lock(&m_mutex);
    return m_size;
}

quint64 LogBus::droppedCount() const
{
    QMutexLocker lock(&m_mutex);
    return m_dropped;
}

void LogBus::setRequestBody(LogEntry &entry, QByteArrayView utf8) const
{
    // Beyond the cut, enough for post() to see (and redact) any secret that starts before it.
    constexpr qsizetype Margin = 64 * 1024;
    const qsizetype keep = maxBodyChars() + Margin;
    entry.requestBodyOmitted = 0;
    if (utf8.size() <= keep) {
        entry.requestBody = QString::fromUtf8(utf8);
        return;
    }
    qsizetype cut = keep;
    while (cut > 0 && (static_cast<unsigned char>(utf8[cut]) & 0xC0) == 0x80)
        --cut; // not inside a character
    entry.requestBody = QString::fromUtf8(utf8.first(cut));
    entry.requestBodyOmitted = utf16Length(utf8.sliced(cut));
}

qsizetype LogBus::maxBodyChars() const
{
    QMutexLocker lock(&m_mutex);
    return m_maxBodyChars;
}

void LogBus::setMaxBodyChars(qsizetype chars)
{
    QMutexLocker lock(&m_mutex);
    m_maxBodyChars = std::max<qsizetype>(1024, chars);
}

} // namespace capiqa::log
