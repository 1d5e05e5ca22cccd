#include "mainwindow.h"

#include "ui_mainwindow.h"

#include "aboutdialog.h"
#include "dialogs/productiondialog.h"
#include "dialogs/settingsdialog.h"
#include "emulator/graphemulator.h"
#include "guiresources.h"
#include "pages/composerpage.h"
#include "pages/replaypage.h"
#include "pages/dedupage.h"
#include "settings/appsettings.h"
#include "settings/profilestore.h"
#include "uistate.h"
#include "widgets/logpane.h"
#include "widgets/profilestatus.h"

#include <QtCore/QFileInfo>
#include <QtCore/QMimeData>
#include <QtCore/QTimer>
#include <QtGui/QCloseEvent>
#include <QtGui/QScreen>
#include <QtGui/QUndoStack>
#include <QtWidgets/QDockWidget>
#include <QtWidgets/QMessageBox>
#include <QtWidgets/QStyle>

using namespace Qt::StringLiterals;

namespace capiqa::gui {

MainWindow::MainWindow(const ConsoleServices &services, QWidget *parent)
    : QMainWindow(parent)
    , m_ui(std::make_unique<Ui::MainWindow>())
    , m_services(services)
    , m_state(std::make_unique<UiState>(services.appSettings))
{
    initResources();
    m_ui->setupUi(this);
    setAcceptDrops(true);
    setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);

    m_composer = new ComposerPage(services, this);
    addPage(u"composer"_s, u"Composer"_s, QIcon(u":/capiqa/icons/composer.svg"_s), m_composer);
    connect(m_composer, &ComposerPage::statusMessage, this, [this](const QString &m) { statusBar()->showMessage(m, 8000); });
    connect(m_composer, &ComposerPage::fileLoaded, this, &MainWindow::rebuildRecentMenu);
    m_state->addPart(u"composer"_s, [this] { return m_composer->saveState(); }, [this](const QByteArray &s) { m_composer->restoreState(s); });
    m_replay = new ReplayPage(services, this);
    addPage(u"replay"_s, u"Replay"_s, QIcon(u":/capiqa/icons/replay.svg"_s), m_replay);
    connect(m_replay, &ReplayPage::statusMessage, this, [this](const QString &m) { statusBar()->showMessage(m, 8000); });
    connect(m_replay, &ReplayPage::fileLoaded, this, &MainWindow::rebuildRecentMenu);
    m_state->addPart(u"replay"_s, [this] { return m_replay->saveState(); }, [this](const QByteArray &s) { m_replay->restoreState(s); });
    addPage(u"dedup"_s, u"Dedup checker"_s, QIcon(u":/capiqa/icons/dedup.svg"_s), m_dedup = new DedupPage(services, this));
    m_state->addPart(u"dedup"_s, [this] { return m_dedup->saveState(); }, [this](const QByteArray &s) { m_dedup->restoreState(s); });

    m_requestPane = new LogPane(services.requestLog, u"requests"_s, this);
    m_emulatorPane = new LogPane(services.emulatorLog, u"emulator"_s, this);
    addLogDock(u"requests"_s, u"Requests"_s, m_requestPane, Qt::BottomDockWidgetArea);
    addLogDock(u"emulator"_s, u"Emulator"_s, m_emulatorPane, Qt::BottomDockWidgetArea);
    if (!services.appSettings || services.appSettings->windowState().isEmpty())
        arrangeLogDocks(); // first run; later the saved layout is restored

    m_profileStatus = new ProfileStatus(services.profiles, this);
    statusBar()->addPermanentWidget(m_profileStatus);
    connect(m_profileStatus, &ProfileStatus::productionRequested, this, &MainWindow::requestProduction);
    connect(m_profileStatus, &ProfileStatus::testModeRequested, this, [this](const QString &name) {
        if (const auto outcome = m_services.profiles->setProduction(name, false); !outcome)
            statusBar()->showMessage(outcome.error, 8000);
    });
    setUpMenus();
    setUpEmulatorStatus();
    rebuildRecentMenu();

    connect(m_ui->pageList, &QListWidget::currentRowChanged, m_ui->pageStack, &QStackedWidget::setCurrentIndex);
    m_state->restore(this);
    if (services.appSettings)
        showPage(services.appSettings->lastPage());
    if (m_ui->pageList->currentRow() < 0)
        m_ui->pageList->setCurrentRow(0);
    if (currentPageKey() == u"composer"_s)
        m_composer->setFocus(); // Ctrl+Return sends straight away
}

MainWindow::~MainWindow() = default;

void MainWindow::addPage(const QString &key, const QString &title, const QIcon &icon, QWidget *page)
{
    const int index = int(m_pageKeys.size());
    m_pageKeys.append(key);
    m_ui->pageStack->addWidget(page);
    auto *item = new QListWidgetItem(icon, title, m_ui->pageList);
    item->setData(Qt::UserRole, key);
    QAction *go = m_ui->menuPages->addAction(icon, title, this, [this, index] { m_ui->pageList->setCurrentRow(index); });
    if (index < 9)
        go->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + index)));
    item->setToolTip(u"%1 (%2)"_s.arg(title, go->shortcut().toString(QKeySequence::NativeText)));
}

QDockWidget *MainWindow::addLogDock(const QString &key, const QString &title, LogPane *pane, Qt::DockWidgetArea area)
{
    auto *dock = new QDockWidget(title, this);
    dock->setObjectName(u"dock-"_s + key); // saveState() finds docks by name
    dock->setWidget(pane);
    dock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    addDockWidget(area, dock);
    m_docks.append(dock);
    m_ui->menuView->addAction(dock->toggleViewAction());
    m_state->addPart(u"log/"_s + key, [pane] { return pane->saveState(); }, [pane](const QByteArray &s) { pane->restoreState(s); });
    return dock;
}

void MainWindow::setUpMenus()
{
    m_ui->menuView->addSeparator();
    m_ui->menuView->addAction(m_ui->actionResetLayout);
    connect(m_ui->actionResetLayout, &QAction::triggered, this, &MainWindow::resetLayout);

    QAction *undo = m_composer->undoStack()->createUndoAction(this, u"&Undo"_s);
    undo->setShortcut(QKeySequence::Undo);
    QAction *redo = m_composer->undoStack()->createRedoAction(this, u"&Redo"_s);
    redo->setShortcut(QKeySequence::Redo);
    m_ui->menuEdit->addAction(undo);
    m_ui->menuEdit->addAction(redo);

    connect(m_ui->actionQuit, &QAction::triggered, this, &QWidget::close);
    connect(m_ui->actionOpen, &QAction::triggered, m_composer, &ComposerPage::openFileDialog);
    connect(m_ui->actionSave, &QAction::triggered, m_composer, &ComposerPage::saveFileDialog);
    connect(m_ui->actionProduction, &QAction::triggered, this, [this] {
        requestProduction(m_services.profiles->defaultProfileName());
    });
    connect(m_ui->actionSettings, &QAction::triggered, this, [this] {
        SettingsDialog dialog(m_services.profiles, m_services.secrets, m_services.preferences, this);
        dialog.exec();
    });
    connect(m_ui->actionAbout, &QAction::triggered, this, [this] {
        AboutDialog dialog(this);
        dialog.exec();
    });
}

void MainWindow::setUpEmulatorStatus()
{
    emulator::GraphEmulator *emu = m_services.emulator;
    if (!emu) {
        m_profileStatus->setEmulatorText(u"Emulator off"_s, false);
        return;
    }
    const auto update = [this, emu] {
        if (emu->isListening())
            m_profileStatus->setEmulatorText(u"Emulator: %1 · %2 event(s)"_s.arg(emu->baseUrl().toString()).arg(emu->store().count()), true);
        else
            m_profileStatus->setEmulatorText(u"Emulator not running: %1"_s.arg(emu->errorString()), false);
    };
    connect(emu, &emulator::GraphEmulator::requestHandled, this, update);
    update();
}

void MainWindow::rebuildRecentMenu()
{
    QMenu *menu = m_ui->menuRecent;
    menu->clear();
    const QStringList files = m_services.appSettings ? m_services.appSettings->recentFiles() : QStringList();
    for (const QString &path : files) {
        menu->addAction(QFileInfo(path).fileName(), this, [this, path] {
            QString error;
            if (!openFile(path, &error) && m_services.appSettings && !QFileInfo::exists(path)) {
                m_services.appSettings->removeRecentFile(path);
                rebuildRecentMenu();
            }
        })->setToolTip(path);
    }
    if (!files.isEmpty()) {
        menu->addSeparator();
        menu->addAction(u"Clear List"_s, this, [this] {
            m_services.appSettings->clearRecentFiles();
            rebuildRecentMenu();
        });
    }
    menu->setEnabled(!files.isEmpty());
}

QString MainWindow::currentPageKey() const
{
    return m_pageKeys.value(m_ui->pageList->currentRow());
}

void MainWindow::showPage(const QString &key)
{
    if (const qsizetype index = m_pageKeys.indexOf(key); index >= 0)
        m_ui->pageList->setCurrentRow(int(index));
}

bool MainWindow::openFile(const QString &path, QString *error)
{
    QString why;
    const QString suffix = QFileInfo(path).suffix().toLower();
    bool ok = false;
    if (suffix == u"json"_s && ReplayPage::looksLikeFunnel(path)) {
        ok = m_replay->openFunnel(path, &why); // read in the background; the page shows what is wrong
        if (ok)
            showPage(u"replay"_s);
    } else if (suffix == u"json"_s || suffix == u"jsonl"_s) {
        ok = m_composer->loadFile(path, &why);
        if (ok)
            showPage(u"composer"_s);
    } else if (suffix == u"har"_s || suffix == u"csv"_s) { // captures for the dedup checker
        ok = m_dedup->openFile(path, &why);
        if (ok)
            showPage(u"dedup"_s);
    } else {
        why = u"%1: capiqa opens JSON and JSON Lines files (events, requests, funnels), HAR and CSV captures"_s.arg(QFileInfo(path).fileName());
    }
    if (!ok) {
        statusBar()->showMessage(why, 15000);
        if (error)
            *error = why;
    }
    return ok;
}

void MainWindow::requestProduction(const QString &profile)
{
    if (profile.isEmpty())
        return;
    ProductionDialog dialog(m_services.profiles, profile, this);
    dialog.exec();
}

void MainWindow::resetLayout()
{
    for (QDockWidget *dock : std::as_const(m_docks)) {
        dock->setFloating(false);
        addDockWidget(Qt::BottomDockWidgetArea, dock);
        dock->show();
    }
    arrangeLogDocks();
}

void MainWindow::arrangeLogDocks()
{
    // Side by side where the screen has room for both, as tabs otherwise.
    const QScreen *screen = this->screen();
    if (screen && screen->availableGeometry().width() >= 1400)
        splitDockWidget(m_docks.at(0), m_docks.at(1), Qt::Horizontal);
    else
        tabifyDockWidget(m_docks.at(0), m_docks.at(1));
    m_docks.at(0)->raise();
    // The composer keeps most of the height; the logs get about a third.
    QTimer::singleShot(0, this, [this] { resizeDocks({m_docks.at(0)}, {height() / 3}, Qt::Vertical); });
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    m_state->save(this);
    if (m_services.appSettings)
        m_services.appSettings->setLastPage(currentPageKey());
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    for (const QUrl &url : event->mimeData()->urls()) {
        if (url.isLocalFile()) {
            event->acceptProposedAction();
            return;
        }
    }
}

void MainWindow::dropEvent(QDropEvent *event)
{
    for (const QUrl &url : event->mimeData()->urls()) {
        if (url.isLocalFile()) {
            openFile(url.toLocalFile());
            event->acceptProposedAction();
            return; // one event at a time in the composer
        }
    }
}

} // namespace capiqa::gui
