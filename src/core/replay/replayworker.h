#pragma once

#include "replayengine.h"
#include "replayoutcome.h"

#include <QtCore/QObject>
#include <QtCore/QString>
#include <QtCore/QThread>

namespace capiqa::replay {

/// Runs a ReplayEngine on a thread of its own, with its own CapiClient and RunStore (each lives
/// in one thread), so that making, hashing and building batches of a large run never stalls
/// the thread the worker lives in (the GUI's). The engine's signals arrive queued, in order, in
/// the worker's thread. Controls are asynchronous; a worker runs one job at a time.
class ReplayWorker final : public QObject
{
    Q_OBJECT

public:
    /// `runsDatabase`: the run history the engine writes (RunStore::defaultPath() for the app).
    explicit ReplayWorker(const QString &runsDatabase, QObject *parent = nullptr);
    /// Cancels a run still going (its events become unknown or stay unsent, as with cancel())
    /// and waits for the thread.
    ~ReplayWorker() override;

    QString runsDatabase() const { return m_runsDatabase; }
    /// True from start() until finished() or startFailed() is delivered.
    bool isBusy() const { return m_busy; }

    /// Starts (or resumes, see ReplayJob::resumeRunId) a run: started() or startFailed() follows.
    void start(const capiqa::replay::ReplayJob &job);
    void pause();
    void resume();
    void cancel();

Q_SIGNALS:
    void started(qint64 runId, const capiqa::replay::ReplayCounts &counts);
    /// The run could not start; one sentence (bad options, history not writable, funnel changed).
    void startFailed(const QString &error);
    void progressed(const capiqa::replay::ReplayProgress &progress);
    void eventsFinished(const QList<capiqa::replay::EventOutcome> &outcomes);
    void pausedChanged(bool paused);
    void finished(const capiqa::replay::ReplaySummary &summary);

private:
    struct Parts;
    void onFinished(const capiqa::replay::ReplaySummary &summary);

    QString m_runsDatabase;
    QThread m_thread;
    QObject *m_host = nullptr; ///< lives in m_thread; the engine's side of every call
    Parts *m_parts = nullptr;  ///< created, used and destroyed in m_thread only
    bool m_busy = false;
};

} // namespace capiqa::replay
