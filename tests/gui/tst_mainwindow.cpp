// The console window as a user meets it: the composer with the Local emulator profile in test
// mode, a Send that shows up in both log panes, the production switch, drag and drop, and the
// layout remembered across restarts.
#include "consolefixture.h"
#include "emulator/graphemulator.h"
#include "log/emulatorlog.h"
#include "log/logbus.h"
#include "log/logmodel.h"
#include "mainwindow.h"
#include "pages/composerpage.h"
#include "settings/appsettings.h"
#include "settings/preferences.h"
#include "settings/profilestore.h"
#include "settings/secretstore.h"
#include "transport/capiclient.h"
#include "widgets/eventform.h"
#include "widgets/logpane.h"
#include "widgets/profilestatus.h"

#include <QtCore/QDir>
#include <QtCore/QMimeData>
#include <QtCore/QSettings>
#include <QtCore/QTemporaryDir>
#include <QtCore/QTimer>
#include <QtGui/QDropEvent>
#include "darkpalette.h"

#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWidgets/QApplication>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QDialog>
#include <QtWidgets/QDialogButtonBox>
#include <QtWidgets/QDockWidget>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QPushButton>

#include <memory>

using namespace Qt::StringLiterals;
using namespace capiqa;

class TestMainWindow : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    capiqa::test::ConsoleFixture m_console;

    gui::ConsoleServices services() const { return m_console.services(); }

    std::unique_ptr<gui::MainWindow> openWindow()
    {
        auto window = std::make_unique<gui::MainWindow>(services());
        window->show();
        window->activateWindow();
        if (!QTest::qWaitForWindowActive(window.get()))
            qWarning("window not active");
        return window;
    }

    // Runs `interact` on the next modal dialog once it is shown.
    static void onNextDialog(std::function<void(QDialog *)> interact)
    {
        QTimer::singleShot(0, qApp, [interact] {
            QTRY_VERIFY(qobject_cast<QDialog *>(QApplication::activeModalWidget()));
            interact(qobject_cast<QDialog *>(QApplication::activeModalWidget()));
        });
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        const QString problem = m_console.setUp(m_dir, u"capiqa-test-mainwindow"_s);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void cleanup()
    {
        m_console.tearDown();
    }

    void opensOnTheComposerInTestMode()
    {
        auto window = openWindow();
        QCOMPARE(window->windowTitle(), u"CAPI QA Console"_s);
        QCOMPARE(window->currentPageKey(), u"composer"_s);
        QCOMPARE(window->profileStatus()->badgeText(), u"TEST MODE · code TEST_CAPIQA"_s);
        QVERIFY(!window->profileStatus()->showsProduction());
        auto *combo = window->findChild<QComboBox *>(u"profileCombo"_s);
        QVERIFY(combo);
        QCOMPARE(combo->currentText(), u"Local emulator"_s);
    }

    void firstSendShowsUpInBothLogPanes()
    {
        auto window = openWindow();
        QSignalSpy sent(window->composer(), &gui::ComposerPage::sent);
        QVERIFY(window->composer()->isAncestorOf(QApplication::focusWidget())); // ready to type
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return, Qt::ControlModifier);
        QVERIFY(sent.wait(10'000));
        QVERIFY(sent.constFirst().constFirst().value<transport::SendResult>().ok);
        const auto hasRow = [](gui::LogPane *pane, int status) {
            const log::LogModel *model = pane->model();
            for (int row = 0; row < model->rowCount(); ++row) {
                const log::LogEntry &e = model->entry(row);
                if (e.httpStatus == status && e.eventCount == 1)
                    return true;
            }
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(hasRow(window->requestLogPane(), 200), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(hasRow(window->emulatorLogPane(), 200), 5000);
    }

    void productionNeedsTheTypedPixelId()
    {
        auto window = openWindow();
        const QString pixel = m_console.profiles->defaultProfile()->pixelId;
        // A wrong pixel id: OK stays disabled; cancel.
        onNextDialog([](QDialog *dialog) {
            auto *edit = dialog->findChild<QLineEdit *>(u"confirmationEdit"_s);
            QVERIFY(edit);
            QTest::keyClicks(edit, u"999"_s);
            auto *confirm = dialog->findChild<QPushButton *>(u"confirmButton"_s);
            QVERIFY(confirm);
            QVERIFY(!confirm->isEnabled());
            dialog->reject();
        });
        window->requestProduction(m_console.profiles->defaultProfileName());
        QVERIFY(!m_console.profiles->defaultProfile()->production);
        QCOMPARE(window->profileStatus()->badgeText(), u"TEST MODE · code TEST_CAPIQA"_s);
        // The right pixel id switches it, and the badge says so.
        onNextDialog([pixel](QDialog *dialog) {
            auto *edit = dialog->findChild<QLineEdit *>(u"confirmationEdit"_s);
            QTest::keyClicks(edit, pixel);
            auto *confirm = dialog->findChild<QPushButton *>(u"confirmButton"_s);
            QVERIFY(confirm && confirm->isEnabled());
            QTest::mouseClick(confirm, Qt::LeftButton);
        });
        window->requestProduction(m_console.profiles->defaultProfileName());
        QVERIFY(m_console.profiles->defaultProfile()->production);
        QCOMPARE(window->profileStatus()->badgeText(), u"PRODUCTION"_s);
        // A restart shows it again: the switch is never silent.
        window.reset();
        m_console.profiles = std::make_unique<settings::ProfileStore>(m_console.settings.get());
        window = openWindow();
        QCOMPARE(window->profileStatus()->badgeText(), u"PRODUCTION"_s);
    }

    void droppingAJsonFileFillsTheComposer()
    {
        auto window = openWindow();
        const QString path = m_dir.filePath(u"lead.json"_s);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"event_name\": \"Lead\", \"event_time\": \"now\", \"action_source\": \"website\", \"user_data\": {\"fn\": \"Maria\"}}");
        file.close();
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(path)});
        QDragEnterEvent enter(QPoint(50, 50), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(window.get(), &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(50, 50), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(window.get(), &drop);
        QCOMPARE(window->composer()->rawEvent().value("event_name"_L1).toString(), u"Lead"_s);
        QCOMPARE(window->composer()->form()->piiEdit(pii::Field::Fn)->text(), u"Maria"_s);
        QVERIFY(m_console.app->recentFiles().contains(QDir::cleanPath(path)));
    }

    void layoutIsRememberedAcrossRestarts()
    {
        {
            auto window = openWindow();
            auto *dock = window->findChild<QDockWidget *>(u"dock-emulator"_s);
            QVERIFY(dock);
            dock->close();
            window->resize(1111, 777);
            window->close();
        }
        auto window = openWindow();
        auto *dock = window->findChild<QDockWidget *>(u"dock-emulator"_s);
        QVERIFY(dock->isHidden());
        QCOMPARE(window->size(), QSize(1111, 777));
    }

    void screenshot()
    {
        auto window = openWindow();
        window->resize(1440, 960);
        QSignalSpy sent(window->composer(), &gui::ComposerPage::sent);
        window->composer()->send();
        QVERIFY(sent.wait(10'000));
        QTest::qWait(200); // let the log panes take their batch
        QDir().mkpath(QStringLiteral(CAPIQA_BINARY_DIR "/screenshots"));
        QVERIFY(window->grab().save(QStringLiteral(CAPIQA_BINARY_DIR "/screenshots/mainwindow.png")));

        // The same in a dark palette: every colour must stay readable.
        const QPalette light = QApplication::palette();
        QApplication::setPalette(darkPalette());
        QTest::qWait(50);
        QVERIFY(window->grab().save(QStringLiteral(CAPIQA_BINARY_DIR "/screenshots/mainwindow-dark.png")));
        QApplication::setPalette(light);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
