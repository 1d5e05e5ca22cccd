#pragma once

#include "capture/capturedevent.h"
#include "consoleservices.h"
#include "dedup/dedupanalysis.h"
#include "dedup/dedupexport.h"

#include <QtCore/QPointer>
#include <QtWidgets/QWidget>

#include <memory>

QT_BEGIN_NAMESPACE
class QThread;
class QTimer;
QT_END_NAMESPACE

namespace Ui {
class DedupPage;
}

namespace capiqa::dedup {
class DedupJob;
class VerdictFilterModel;
class VerdictModel;
} // namespace capiqa::dedup

namespace capiqa::gui {

class VerdictDisplayModel;

/// The dedup checker: browser captures on one side, server captures on the other, matched the
/// way Meta deduplicates them on a worker thread; a summary, charts, a filterable table of
/// verdicts, the two payloads of a pair side by side with what differs, the explanation and
/// fix of the selected event, and the report (CSV, JSON, HTML) for the client.
class DedupPage final : public QWidget
{
    Q_OBJECT
public:
    explicit DedupPage(const ConsoleServices &services, QWidget *parent = nullptr);
    ~DedupPage() override;

    void addFiles(const QStringList &paths, capture::Side side);
    /// A file dropped on the window: HAR files and /tr URL lists go to the browser side,
    /// everything else to the server side. False when the file cannot be opened.
    bool openFile(const QString &path, QString *error = nullptr);

    void analyse();
    void cancel();
    bool isRunning() const;
    dedup::DedupAnalysisPtr analysis() const { return m_analysis; }

    /// Writes the report on a worker thread; exported() follows. False when one is being written.
    bool exportReport(const QString &path, dedup::ReportFormat format);

    QByteArray saveState() const;
    void restoreState(const QByteArray &state);

Q_SIGNALS:
    void analysed();
    void analysisCancelled();
    /// The report is written (`error` empty) or failed.
    void exported(const QString &path, const QString &error);

protected:
    void changeEvent(QEvent *event) override;

private:
    void setUpTable();
    void setUpExportMenu();
    void showAnalysis(const dedup::DedupAnalysisPtr &analysis);
    void showSummary();
    void showIssues();
    void showSelected();
    void showCount();
    void setRunning(bool running);
    void updateButtons();
    void chooseFiles(capture::Side side);
    void exportDialog(dedup::ReportFormat format);
    void fillCategoryCombo();

    std::unique_ptr<Ui::DedupPage> m_ui;
    ConsoleServices m_services;
    dedup::DedupJob *m_job = nullptr;
    dedup::VerdictModel *m_model = nullptr;
    dedup::VerdictFilterModel *m_filter = nullptr;
    VerdictDisplayModel *m_display = nullptr;
    QTimer *m_filterTimer = nullptr;
    dedup::DedupAnalysisPtr m_analysis;
    QPointer<QThread> m_exportThread;
};

} // namespace capiqa::gui
