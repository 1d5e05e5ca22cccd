#pragma once

#include "logcolumns.h"
#include "logentry.h"

#include <QtCore/QAbstractTableModel>
#include <QtCore/QBasicTimer>
#include <QtCore/QPointer>
#include <QtCore/QStringList>

#include <deque>
#include <vector>

namespace capiqa::log {

class LogBus;

/// The classification behind StatusClassRole.
StatusClass statusClassOf(const LogEntry &entry);
/// True for rows the "only errors" filter keeps: level Error, an error text, HTTP ≥ 400 or no
/// answer where one was expected. A retried 503 counts: the attempt failed.
bool isErrorEntry(const LogEntry &entry);

/// The rows of one LogBus for a log view: one row per entry, oldest first, the columns of
/// LogColumn, the raw facts in LogRole roles (the GUI's display proxy styles them).
///
/// Entries arrive one posted() signal at a time but are appended in batches: they are collected
/// and flushed with one beginInsertRows() per batchInterval() (default 50 ms), so that 10,000
/// entries a second cost the view 20 layout passes, not 10,000. The model is bounded: beyond
/// capacity() (default 100,000) the oldest rows are removed, again with one beginRemoveRows()
/// per batch, and counted in droppedCount(). Bodies are the largest part of an entry, so only
/// the newest bodies up to bodyMemoryLimit() characters are kept; older rows keep their facts.
class LogModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    static constexpr qsizetype DefaultCapacity = 100'000;
    static constexpr int DefaultBatchIntervalMs = 50;
    /// 64 Mi characters (128 MiB): about 30,000 typical single-event request/response pairs.
    static constexpr qsizetype DefaultBodyMemoryLimit = qsizetype(64) * 1024 * 1024;

    /// Shows what `bus` already holds, then follows it. `bus` may be null (call append()).
    explicit LogModel(LogBus *bus = nullptr, QObject *parent = nullptr);
    ~LogModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /// The entry of `row` (0 ≤ row < rowCount()).
    const LogEntry &entry(int row) const;
    /// True when the bodies of `row` were let go to stay within bodyMemoryLimit().
    bool bodiesDropped(int row) const;
    /// The row holding entry `id`, or -1.
    int rowOfId(quint64 id) const;
    /// The other half of a request/response pair: for an outgoing request the answer to the same
    /// attempt of the same send, for an answer its request; -1 when there is none in the model.
    int pairedRow(int row) const;
    /// Copies of the entries of `rows` (in the order given; invalid rows are skipped).
    QList<LogEntry> entries(const QList<int> &rows) const;
    QList<LogEntry> allEntries() const;

    qsizetype capacity() const;
    /// Shrinking removes the oldest rows now (counted as dropped). At least 1.
    void setCapacity(qsizetype capacity);
    /// Rows removed to stay within capacity() since construction or the last clear().
    quint64 droppedCount() const;
    int batchInterval() const;
    void setBatchInterval(int ms);
    qsizetype bodyMemoryLimit() const;
    void setBodyMemoryLimit(qsizetype chars);
    /// Entries received and not shown yet (waiting for the next batch).
    qsizetype pendingCount() const;
    /// Every profile name seen, in order of first appearance.
    QStringList profiles() const;

    /// Queues `entry` for the next batch (what the bus's posted() does).
    void append(const capiqa::log::LogEntry &entry);
    /// Shows every queued entry now, in one insertion.
    void flush();
    /// Removes every row and queued entry and resets droppedCount().
    void clear();

Q_SIGNALS:
    void droppedCountChanged(quint64 dropped);
    /// A batch showed entries with a profile not seen before.
    void profilesChanged();

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    struct Row {
        LogEntry entry;
        bool bodiesDropped = false;
    };
    static qsizetype bodyChars(const LogEntry &entry);
    void trimBodies();
    void removeFront(qsizetype count);

    QPointer<LogBus> m_bus;
    std::deque<Row> m_rows;
    std::vector<LogEntry> m_pending;
    QBasicTimer m_timer;
    qsizetype m_capacity = DefaultCapacity;
    int m_batchInterval = DefaultBatchIntervalMs;
    quint64 m_dropped = 0;
    quint64 m_lastId = 0;       ///< entries with this id or below were seen already
    qsizetype m_bodyLimit = DefaultBodyMemoryLimit;
    qsizetype m_bodyChars = 0;  ///< body characters held by m_rows
    qsizetype m_bodyCursor = 0; ///< rows before this one hold no bodies any more
    QStringList m_profiles;
};

} // namespace capiqa::log
