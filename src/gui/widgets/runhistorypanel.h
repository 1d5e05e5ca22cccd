#pragma once

#include "replay/runstore.h"

#include <QtWidgets/QWidget>

QT_BEGIN_NAMESPACE
class QLabel;
class QPushButton;
class QTreeWidget;
QT_END_NAMESPACE

namespace capiqa::gui {

/// The replay run history (newest first) from the run database, with what can be done to a
/// run: resume it (send what was never sent), re-send the events whose fate is unknown, or
/// export its report. Reads its own RunStore connection: the engine's thread writes another.
class RunHistoryPanel final : public QWidget
{
    Q_OBJECT

public:
    static constexpr int MaxRuns = 50;

    explicit RunHistoryPanel(const QString &runsDatabase, QWidget *parent = nullptr);

    /// Reads the history again; the selected run stays selected.
    void reload();
    QTreeWidget *tree() const { return m_tree; }
    qint64 selectedRunId() const;
    void selectRun(qint64 runId);
    /// Resume and re-send are offered only while no run is going.
    void setRunning(bool running);

Q_SIGNALS:
    void resumeRequested(qint64 runId, bool resendUnknown);
    void exportRequested(qint64 runId);

private:
    void updateButtons();

    QString m_path;
    replay::RunStore m_store;
    QTreeWidget *m_tree = nullptr;
    QPushButton *m_resume = nullptr;
    QPushButton *m_resend = nullptr;
    QPushButton *m_export = nullptr;
    QLabel *m_note = nullptr;
    bool m_running = false;
};

} // namespace capiqa::gui
