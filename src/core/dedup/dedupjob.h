#pragma once

#include "dedupanalysis.h"

#include <QtCore/QObject>
#include <QtCore/QStringList>

#include <atomic>
#include <functional>

QT_BEGIN_NAMESPACE
class QThread;
QT_END_NAMESPACE

namespace capiqa::dedup {

/// What to analyse: the files of each side, the pixel of server events that name none, and
/// the matching options (the window).
struct DedupRequest
{
    QStringList browserFiles;
    QStringList serverFiles;
    QString defaultPixelId;
    DedupOptions options;
};

/// Reads the inputs and matches them, on the calling thread. `progress` gets the fraction done
/// (0..1) and what is being done; a set `cancel` stops soon and gives nullptr.
DedupAnalysisPtr analyseCaptures(const DedupRequest &request, const std::function<void(double, const QString &)> &progress = {},
                          const std::atomic<bool> *cancel = nullptr);

/// Runs analyseCaptures() on a worker thread (a QThread it owns) and announces the outcome on the
/// thread that owns the job. One run at a time; destroying the job cancels and joins its run.
class DedupJob final : public QObject
{
    Q_OBJECT

public:
    explicit DedupJob(QObject *parent = nullptr);
    ~DedupJob() override;

    /// Starts a run; false when one is still running.
    bool start(const DedupRequest &request);
    /// Asks the running run to stop; cancelled() follows.
    void cancel();
    bool isRunning() const { return m_thread != nullptr; }

Q_SIGNALS:
    /// Now and then while running: the fraction done (0..1) and the stage ("Reading a.har…").
    void progressed(double fraction, const QString &stage);
    void finished(const capiqa::dedup::DedupAnalysisPtr &analysis);
    void cancelled();

private:
    void onThreadFinished();

    QThread *m_thread = nullptr;
    std::atomic<bool> m_cancel{false};
    std::atomic<int> m_lastPermille{-1};
    DedupAnalysisPtr m_pending; // written by the worker, read after the thread finished
};

} // namespace capiqa::dedup

Q_DECLARE_METATYPE(capiqa::dedup::DedupAnalysisPtr)
