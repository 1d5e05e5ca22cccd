#pragma once

#include "consoleservices.h"
#include "replay/funnel.h"
#include "replay/replayengine.h"
#include "replay/replayoutcome.h"
#include "settings/profile.h"

#include <QtCore/QSet>
#include <QtWidgets/QWidget>

#include <functional>
#include <memory>
#include <optional>

QT_BEGIN_NAMESPACE
class QLabel;
class QThread;
QT_END_NAMESPACE

namespace Ui {
class ReplayPage;
}

namespace capiqa::replay {
class OutcomeModel;
class ReplayWorker;
} // namespace capiqa::replay

namespace capiqa::gui {

class OutcomeFilterProxy;
class ReplayChart;
class ReplayCounters;
class RunHistoryPanel;

/// Replays a funnel for many synthetic users against the active profile: load a funnel (its
/// steps and the first user's events as they will be sent), choose users, pacing, concurrency
/// and batch size, then follow the run live (progress, ETA, counters, a chart), read each event's
/// outcome with Graph's decoded error, export the report, and resume runs from the history. The
/// engine runs on its own thread (replay::ReplayWorker); files are read off the GUI thread.
class ReplayPage final : public QWidget
{
    Q_OBJECT
public:
    explicit ReplayPage(const ConsoleServices &services, QWidget *parent = nullptr);
    ~ReplayPage() override;

    /// A JSON file that declares itself a funnel ("format": "capiqa-funnel"), read from its start.
    static bool looksLikeFunnel(const QString &path);

    /// Starts loading `path` in the background: funnelLoaded() or funnelFailed() follows. False
    /// now (with `error`) when the file cannot be read at all.
    bool openFunnel(const QString &path, QString *error = nullptr);
    const std::optional<replay::Funnel> &funnel() const { return m_funnel; }
    bool isRunning() const { return m_running; }
    qint64 currentRunId() const { return m_runId; }

    replay::OutcomeModel *outcomeModel() const { return m_model; }
    OutcomeFilterProxy *resultsProxy() const { return m_proxy; }
    ReplayChart *chart() const { return m_chart; }
    RunHistoryPanel *history() const { return m_history; }

    /// Writes the report of run `runId` (CSV, JSON or HTML by the suffix) in the background:
    /// reportExported() follows.
    void exportReport(qint64 runId, const QString &path);

    QByteArray saveState() const;
    void restoreState(const QByteArray &state);

public Q_SLOTS:
    void openFunnelDialog();
    void startRun();
    void pauseRun();
    void resumeRun();
    void cancelRun();
    /// Continues run `runId` of the history (its funnel is loaded again); with `resendUnknown`
    /// the events whose fate is unknown are sent again too.
    void resumeFromHistory(qint64 runId, bool resendUnknown);

Q_SIGNALS:
    void funnelLoaded(const QString &path);
    void funnelFailed(const QStringList &errors);
    void fileLoaded(const QString &path);
    void runStarted(qint64 runId);
    void runFinished(const capiqa::replay::ReplaySummary &summary);
    /// `error` is empty when the report was written.
    void reportExported(const QString &path, const QString &error);
    void statusMessage(const QString &message);

protected:
    void changeEvent(QEvent *event) override;

private:
    struct Loaded;
    void setUpControls();
    void showLoaded(const QString &path, const Loaded &loaded);
    void showSteps();
    void showPreview();
    void showTarget();
    void showProblem(const QString &html);
    void setLoading(bool loading);
    void setRunning(bool running, bool paused = false);
    void startJob(qint64 resumeRunId, bool resendUnknown);
    replay::ReplayOptions currentOptions() const;
    std::optional<settings::Profile> activeProfile() const;
    void onStarted(qint64 runId, const replay::ReplayCounts &counts);
    void onProgress(const replay::ReplayProgress &progress);
    void onFinished(const replay::ReplaySummary &summary);
    void showOutcomeDetail();
    void rebuildRecentMenu();
    void runInBackground(QThread *thread);

    std::unique_ptr<Ui::ReplayPage> m_ui;
    ConsoleServices m_services;
    replay::ReplayWorker *m_worker = nullptr;
    replay::OutcomeModel *m_model = nullptr;
    OutcomeFilterProxy *m_proxy = nullptr;
    ReplayChart *m_chart = nullptr;
    RunHistoryPanel *m_history = nullptr;
    ReplayCounters *m_counters = nullptr;
    std::optional<replay::Funnel> m_funnel;
    QStringList m_funnelWarnings;
    QSet<QThread *> m_threads;   ///< loads and exports still going (waited for on destruction)
    quint64 m_loadGeneration = 0; ///< a newer load (or Cancel) makes older results stale
    std::function<void()> m_afterLoad;
    qint64 m_runId = 0;
    bool m_running = false;
};

} // namespace capiqa::gui
