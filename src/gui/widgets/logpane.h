#pragma once

#include "log/logexport.h"

#include <QtCore/QPointer>
#include <QtWidgets/QWidget>

#include <memory>

QT_BEGIN_NAMESPACE
class QTableView;
class QThread;
QT_END_NAMESPACE

namespace Ui {
class LogPane;
}

namespace capiqa::log {
class LogBus;
class LogFilterModel;
class LogModel;
} // namespace capiqa::log

namespace capiqa::gui {

class LogDisplayModel;

/// A live view of one LogBus, meant for a dock widget: a filter bar (text, status class,
/// profile, only errors), the entries in a table that follows the newest unless the user
/// scrolled up, and below it the selected entry in detail (facts, pretty-printed request and
/// response with headers; secrets redacted). Clear, export (JSON Lines or HAR) and copy.
/// Keys: Ctrl+F filter, Ctrl+L clear (both while focus is inside the pane), Ctrl+C copies the
/// selected rows as tab-separated text.
class LogPane final : public QWidget
{
    Q_OBJECT

public:
    /// `settingsKey` names this pane in saved state (it becomes the objectName, e.g.
    /// "requestLog", "emulatorLog"). `bus` must outlive the pane.
    LogPane(capiqa::log::LogBus *bus, const QString &settingsKey, QWidget *parent = nullptr);
    ~LogPane() override;

    QString settingsKey() const;

    /// Column widths and order, the splitter and the follow toggle, for the application's
    /// state class to store.
    QByteArray saveState() const;
    /// False (and nothing changed) when `state` was not made by saveState().
    bool restoreState(const QByteArray &state);

    bool isFollowingTail() const;
    void setFollowingTail(bool follow);

    /// Writes the selected rows (`selectionOnly`) or all rows the filter shows to `path`, in a
    /// worker thread; exported() reports the outcome. A HAR export adds the other half of each
    /// selected request/answer pair. Returns false when an export is already running.
    bool exportEntries(const QString &path, capiqa::log::ExportFormat format, bool selectionOnly);
    /// The selected rows as text, one line per row, cells separated by tabs (what Ctrl+C copies).
    QString selectionText() const;

    log::LogModel *model() const;
    log::LogFilterModel *filterModel() const;
    LogDisplayModel *displayModel() const;
    QTableView *view() const;

public Q_SLOTS:
    /// Empties the pane and its bus.
    void clear();
    void copySelection();

Q_SIGNALS:
    /// An export finished: `written` entries went to `path`, or `error` says why not.
    void exported(const QString &path, qsizetype written, const QString &error);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void setUpFilterBar();
    void setUpTable();
    void setUpActions();
    void updateCounts();
    void updateDropped(quint64 dropped);
    void updateProfiles();
    void showCurrent();
    void showDetail(int sourceRow);
    void afterRowsInserted();
    void onScrolled(int value);
    void chooseExportFile(capiqa::log::ExportFormat format, bool selectionOnly);
    QList<int> selectedSourceRows() const;

    std::unique_ptr<Ui::LogPane> m_ui;
    QPointer<log::LogBus> m_bus;
    log::LogModel *m_model = nullptr;
    log::LogFilterModel *m_filter = nullptr;
    LogDisplayModel *m_display = nullptr;
    QPointer<QThread> m_exportThread;
    quint64 m_detailId = 0;     ///< the entry the detail view shows, 0 for none
    bool m_autoScrolling = false; ///< the pane itself is moving the scroll bar
};

} // namespace capiqa::gui
