#pragma once

#include "logentry.h"

#include <QtCore/QList>
#include <QtCore/QMutex>
#include <QtCore/QObject>

#include <vector>

namespace capiqa::log {

/// The one request log of the application: a bounded ring buffer that keeps the newest
/// `capacity()` entries and announces each new one. post() may be called from any thread; it
/// redacts secrets, truncates very long bodies, stamps id and time, stores the entry and emits
/// posted() queued to the thread the bus lives in, so receivers (a GUI model, the CLI's
/// printer) always run in that thread and see entries in id order.
class LogBus final : public QObject
{
    Q_OBJECT

public:
    static constexpr qsizetype DefaultCapacity = 10'000;
    /// A 1,000-event body is about 0.5 MB; keeping 10,000 of them would take gigabytes.
    static constexpr qsizetype DefaultMaxBodyChars = 256 * 1024;

    explicit LogBus(qsizetype capacity = DefaultCapacity, QObject *parent = nullptr);
    ~LogBus() override;

    /// Stores `entry` and returns its id. Thread-safe.
    quint64 post(LogEntry entry);

    /// Sets entry.requestBody from UTF-8 without converting much more than post() keeps: a
    /// 1,000-event batch is about 1 MB, of which the log keeps maxBodyChars(). Thread-safe.
    void setRequestBody(LogEntry &entry, QByteArrayView utf8) const;

    /// Oldest first. Thread-safe.
    QList<LogEntry> entries() const;
    /// Drops every entry (ids keep counting) and resets droppedCount(); emits cleared().
    void clear();

    qsizetype capacity() const;
    /// Shrinking drops the oldest entries (counted in droppedCount()). At least 1.
    void setCapacity(qsizetype capacity);
    qsizetype size() const;
    /// Entries pushed out by newer ones since construction or the last clear().
    quint64 droppedCount() const;

    qsizetype maxBodyChars() const;
    /// Longer request/response bodies are cut (LogEntry::truncated is set). At least 1,024.
    void setMaxBodyChars(qsizetype chars);

Q_SIGNALS:
    void posted(const capiqa::log::LogEntry &entry);
    void cleared();

private:
    void pushLocked(LogEntry &&entry);

    mutable QMutex m_mutex;
    std::vector<LogEntry> m_ring; // m_size valid entries, the oldest at m_head
    qsizetype m_capacity = DefaultCapacity;
    qsizetype m_head = 0;
    qsizetype m_size = 0;
    quint64 m_nextId = 1;
    quint64 m_dropped = 0;
    qsizetype m_maxBodyChars = DefaultMaxBodyChars;
};

} // namespace capiqa::log
