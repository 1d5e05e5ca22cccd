#pragma once

#include "replayoutcome.h"

#include <QtCore/QByteArray>
#include <QtCore/QJsonObject>
#include <QtCore/QList>
#include <QtCore/QString>

#include <functional>
#include <optional>

namespace capiqa::replay {

/// One run as the history keeps it. `config` holds the replay options and where the events
/// went (profile, base URL, pixel, test code; never a token).
struct RunRecord
{
    qint64 id = 0;
    qint64 createdMs = 0;
    qint64 updatedMs = 0;
    RunState state = RunState::Running;
    QString funnelPath;
    QByteArray funnelSha256;
    QString funnelName;
    qint64 planned = 0;
    int steps = 0;
    QJsonObject config;
    QString message;
};

/// The run history: an SQLite database (QtSql, WAL mode) with one row per run and one per event
/// outcome. Written for crash safety: the events of a request are recorded as in flight, in
/// one committed transaction, before the request leaves, so after a kill -9 a resumed run
/// knows exactly which events may have arrived (those become Unknown) and which were never
/// sent. Final outcomes are queued and written in batches (flush()). A process that finds a
/// run still "running" treats it as interrupted. One instance per thread.
class RunStore final
{
public:
    RunStore();
    ~RunStore();
    RunStore(const RunStore &) = delete;
    RunStore &operator=(const RunStore &) = delete;

    /// `runs.sqlite` next to the user settings file (see settings::openUserSettings()), or the
    /// file named by the CAPIQA_RUNS_DB environment variable.
    static QString defaultPath();

    /// Opens (creating if needed) the database. False with errorString() on failure.
    bool open(const QString &path);
    bool isOpen() const;
    QString path() const { return m_path; }
    QString errorString() const { return m_error; }

    /// A new run (state Running); its id, or nullopt.
    std::optional<qint64> createRun(const RunRecord &run);
    std::optional<RunRecord> run(qint64 id);
    /// Newest first.
    QList<RunRecord> runs(int limit = 100);
    bool setRunState(qint64 id, RunState state, const QString &message = {});

    /// Writes, in one committed transaction, these events as in flight together with every
    /// queued outcome. Call before the request leaves.
    bool markInFlight(qint64 runId, const QList<EventOutcome> &outcomes);
    /// Queues final outcomes; they are written by the next flush() or markInFlight().
    void queueOutcomes(qint64 runId, const QList<EventOutcome> &outcomes);
    qsizetype queuedCount() const { return m_queue.size(); }
    bool flush();

    /// Turns the run's in-flight events into Unknown (its process is gone); how many.
    qint64 markInFlightUnknown(qint64 runId);
    /// The status of each event index (OutcomeStatus as bytes; Pending where no row is).
    QByteArray statusMap(qint64 runId, qint64 planned);
    ReplayCounts counts(qint64 runId, qint64 planned);
    /// Every outcome of the run in index order, without loading them all at once.
    bool forEachOutcome(qint64 runId, const std::function<void(const EventOutcome &)> &visit);

private:
    bool exec(const QString &sql);
    bool writeRows(const QList<std::pair<qint64, EventOutcome>> &rows);
    bool fail(const QString &what, const QString &why);

    QString m_connection;
    QString m_path;
    QString m_error;
    QList<std::pair<qint64, EventOutcome>> m_queue;
};

} // namespace capiqa::replay
