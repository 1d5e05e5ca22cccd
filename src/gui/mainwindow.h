#pragma once

#include "consoleservices.h"

#include <QtWidgets/QMainWindow>

#include <memory>

QT_BEGIN_NAMESPACE
class QDockWidget;
QT_END_NAMESPACE

namespace Ui {
class MainWindow;
}

namespace capiqa::gui {

class ComposerPage;
class DedupPage;
class LogPane;
class ProfileStatus;
class ReplayPage;
class UiState;

/// Arranges the console: the pages (sidebar, Ctrl+1…), the log panes as docks, the menus and
/// the status bar with the profile and its mode. It forwards; the pages do the work.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(const ConsoleServices &services, QWidget *parent = nullptr);
    ~MainWindow() override;

    ComposerPage *composer() const { return m_composer; }
    DedupPage *dedup() const { return m_dedup; }
    ReplayPage *replay() const { return m_replay; }
    LogPane *requestLogPane() const { return m_requestPane; }
    LogPane *emulatorLogPane() const { return m_emulatorPane; }
    ProfileStatus *profileStatus() const { return m_profileStatus; }
    QString currentPageKey() const;
    void showPage(const QString &key);

    /// Opens a file in the page that handles it; false (with the reason in the status bar and
    /// `error`) when none does or the file is unusable.
    bool openFile(const QString &path, QString *error = nullptr);

    /// Asks for the typed pixel id, then switches the profile to production.
    void requestProduction(const QString &profile);

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void addPage(const QString &key, const QString &title, const QIcon &icon, QWidget *page);
    QDockWidget *addLogDock(const QString &key, const QString &title, LogPane *pane, Qt::DockWidgetArea area);
    void setUpMenus();
    void setUpEmulatorStatus();
    void rebuildRecentMenu();
    void resetLayout();
    void arrangeLogDocks();

    std::unique_ptr<Ui::MainWindow> m_ui;
    ConsoleServices m_services;
    std::unique_ptr<UiState> m_state;
    ComposerPage *m_composer = nullptr;
    DedupPage *m_dedup = nullptr;
    ReplayPage *m_replay = nullptr;
    LogPane *m_requestPane = nullptr;
    LogPane *m_emulatorPane = nullptr;
    ProfileStatus *m_profileStatus = nullptr;
    QList<QDockWidget *> m_docks;
    QStringList m_pageKeys;
};

} // namespace capiqa::gui
