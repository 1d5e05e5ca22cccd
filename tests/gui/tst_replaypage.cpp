// The Replay page driven through its real widgets, offscreen, against an in-process emulator on
// 127.0.0.1: a funnel from tests/data/replay loaded with its steps and the first user's events,
// a run of 2 users whose counters add up, the results table and its filters, pause / resume /
// cancel and a resume from the history, a bad funnel that shows its line and column and sends
// nothing, rejected events with Graph's decoded error, reports, routing from the main window,
// and screenshots in light and dark palettes.
#include "consolefixture.h"
#include "emulator/graphemulator.h"
#include "log/logbus.h"
#include "mainwindow.h"
#include "models/logdisplaymodel.h"
#include "models/outcomefilterproxy.h"
#include "pages/composerpage.h"
#include "pages/replaypage.h"
#include "replay/outcomemodel.h"
#include "replay/runstore.h"
#include "settings/appsettings.h"
#include "settings/preferences.h"
#include "settings/profilestore.h"
#include "settings/secretstore.h"
#include "transport/capiclient.h"
#include "widgets/replaychart.h"
#include "widgets/runhistorypanel.h"

#include <QtCharts/QLineSeries>
#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QJsonObject>
#include <QtCore/QSettings>
#include <QtCore/QTemporaryDir>
#include "darkpalette.h"

#include <QtTest/QAbstractItemModelTester>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWidgets/QApplication>
#include <QtWidgets/QCheckBox>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QDoubleSpinBox>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QProgressBar>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSpinBox>
#include <QtWidgets/QTableView>
#include <QtWidgets/QTableWidget>
#include <QtWidgets/QTreeWidget>

#include <memory>

using namespace Qt::StringLiterals;
using namespace capiqa;
using replay::OutcomeStatus;
using replay::ReplaySummary;
using replay::RunState;

namespace {

const QString DataDir = QStringLiteral(CAPIQA_SOURCE_DIR "/tests/data/replay/");


} // namespace

class TestReplayPage : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    capiqa::test::ConsoleFixture m_console;
    std::unique_ptr<gui::ReplayPage> m_page;

    gui::ConsoleServices services() const { return m_console.services(); }

    template<typename T>
    T *child(const char *name) const
    {
        return capiqa::test::namedChild<T>(m_page.get(), name);
    }

    qint64 counter(const char *key) const
    {
        return child<QLabel>(QByteArray(QByteArray("counter_") + key).constData())->property("count").toLongLong();
    }

    bool load(const QString &path)
    {
        QSignalSpy loaded(m_page.get(), &gui::ReplayPage::funnelLoaded);
        return m_page->openFunnel(path) && loaded.wait(10'000);
    }

    ReplaySummary runToEnd(int timeoutMs = 30'000)
    {
        QSignalSpy finished(m_page.get(), &gui::ReplayPage::runFinished);
        QTest::mouseClick(child<QPushButton>("startButton"), Qt::LeftButton);
        if (!finished.wait(timeoutMs))
            return {};
        return finished.at(0).at(0).value<ReplaySummary>();
    }

    void useNoRateLimit(int users)
    {
        child<QSpinBox>("usersSpin")->setValue(users);
        child<QComboBox>("pacingCombo")->setCurrentIndex(0);
        child<QDoubleSpinBox>("rateSpin")->setValue(0);
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        qputenv("CAPIQA_RUNS_DB", m_dir.filePath(u"runs.sqlite"_s).toUtf8());
        const QString problem = m_console.setUp(m_dir, u"capiqa-test-replaypage"_s);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));

        m_page = std::make_unique<gui::ReplayPage>(services());
        m_page->resize(1400, 950);
        m_page->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
    }

    void cleanup()
    {
        m_page.reset();
        m_console.tearDown();
        QFile::remove(m_dir.filePath(u"runs.sqlite"_s));
    }

    void loadsAFunnelWithStepsAndPreview()
    {
        QVERIFY(!child<QPushButton>("startButton")->isEnabled());
        QVERIFY(load(DataDir + u"shop-funnel.json"_s));
        QVERIFY(m_page->funnel());
        QCOMPARE(child<QTableWidget>("stepsTable")->rowCount(), 3);
        QCOMPARE(child<QTableWidget>("stepsTable")->item(2, 1)->text(), u"Purchase"_s);
        QCOMPARE(child<QTableWidget>("stepsTable")->item(1, 0)->text(), u"+1.5 s"_s);
        QVERIFY(child<QLabel>("funnelLabel")->text().contains(u"Shop funnel"_s));
        QVERIFY(child<QLabel>("targetLabel")->text().contains(u"TEST MODE"_s));
        // The first user's events, templates expanded: user 1's identity row and the variables.
        const QString preview = child<QPlainTextEdit>("previewEdit")->toPlainText();
        QVERIFY2(preview.contains(u"Alice@Example.com"_s), qPrintable(preview));
        QVERIFY(preview.contains(u"29.99"_s));
        QVERIFY(preview.contains(u"plan=pro"_s));
        QVERIFY2(!preview.contains(u"{{"_s), "every template is expanded");
        QVERIFY(child<QPushButton>("startButton")->isEnabled());
        QVERIFY(m_console.app->recentFiles().contains(DataDir + u"shop-funnel.json"_s));
    }

    void runsTwoUsersAndTheCountersAddUp()
    {
        QVERIFY(load(DataDir + u"shop-funnel.json"_s));
        useNoRateLimit(2);
        QAbstractItemModelTester modelTester(m_page->outcomeModel());
        QAbstractItemModelTester proxyTester(m_page->resultsProxy());
        const ReplaySummary s = runToEnd();
        QCOMPARE(s.state, RunState::Finished);
        QVERIFY(s.runId > 0);
        QCOMPARE(s.counts.planned, 6);

        // The counters as shown add up: sent = accepted + rejected + cancelled + unknown.
        QCOMPARE(counter("sent"), 6);
        QCOMPARE(counter("accepted"), 6);
        QCOMPARE(counter("sent"), counter("accepted") + counter("rejected") + counter("cancelled") + counter("unknown"));
        QCOMPARE(child<QProgressBar>("progressBar")->value(), 6);
        QCOMPARE(child<QProgressBar>("progressBar")->maximum(), 6);
        QCOMPARE(m_console.emulator->store().count(), 6);

        // One row per event, each accepted; the filters narrow it.
        QCOMPARE(m_page->outcomeModel()->rowCount(), 6);
        QCOMPARE(m_page->resultsProxy()->rowCount(), 6);
        for (int r = 0; r < 6; ++r)
            QCOMPARE(m_page->outcomeModel()->outcome(r).status, OutcomeStatus::Accepted);
        child<QLineEdit>("filterEdit")->setText(u"purchase"_s);
        QCOMPARE(m_page->resultsProxy()->rowCount(), 2);
        child<QLineEdit>("filterEdit")->clear();
        child<QCheckBox>("failuresOnlyCheck")->setChecked(true);
        QCOMPARE(m_page->resultsProxy()->rowCount(), 0);
        child<QCheckBox>("failuresOnlyCheck")->setChecked(false);
        QVERIFY(child<QLabel>("resultsCountLabel")->text().startsWith(u"6 of 6"_s));

        // The chart got points; the last is the final count.
        const QList<QLineSeries *> lines = m_page->chart()->lines();
        QVERIFY(lines.at(0)->count() >= 1);
        QCOMPARE(lines.at(1)->points().constLast().y(), 6.0);

        // The history lists the run, finished; nothing to resume.
        QTreeWidget *history = m_page->history()->tree();
        QVERIFY(history->topLevelItemCount() >= 1);
        QCOMPARE(history->topLevelItem(0)->text(0), QString::number(s.runId));
        QCOMPARE(history->topLevelItem(0)->text(2), u"finished"_s);
        QCOMPARE(m_page->history()->selectedRunId(), s.runId);
        QVERIFY(!m_page->history()->findChild<QPushButton *>(u"historyResumeButton"_s)->isEnabled());

        // Reports, written off the GUI thread.
        for (const QString &name : {u"run.csv"_s, u"run.json"_s, u"run.html"_s}) {
            QSignalSpy exported(m_page.get(), &gui::ReplayPage::reportExported);
            m_page->exportReport(s.runId, m_dir.filePath(name));
            QVERIFY(exported.wait(10'000));
            QVERIFY2(exported.at(0).at(1).toString().isEmpty(), qPrintable(exported.at(0).at(1).toString()));
            QVERIFY(QFileInfo(m_dir.filePath(name)).size() > 100);
        }
        QSignalSpy refused(m_page.get(), &gui::ReplayPage::reportExported);
        m_page->exportReport(s.runId, m_dir.filePath(u"run.txt"_s));
        QCOMPARE(refused.size(), 1);
        QVERIFY(!refused.at(0).at(1).toString().isEmpty());
    }

    void pauseResumeCancelThenResumeFromHistory()
    {
        QVERIFY(load(DataDir + u"shop-funnel.json"_s));
        child<QSpinBox>("usersSpin")->setValue(100);
        child<QDoubleSpinBox>("rateSpin")->setValue(40); // 300 events: about 7 s unless stopped
        QSignalSpy started(m_page.get(), &gui::ReplayPage::runStarted);
        QSignalSpy finished(m_page.get(), &gui::ReplayPage::runFinished);
        QTest::mouseClick(child<QPushButton>("startButton"), Qt::LeftButton);
        QVERIFY(started.wait(10'000));
        QVERIFY(!child<QPushButton>("startButton")->isEnabled());
        QVERIFY(child<QPushButton>("pauseButton")->isEnabled());
        QVERIFY(!child<QWidget>("optionsGroup")->isEnabled());

        QTest::mouseClick(child<QPushButton>("pauseButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>("resumeButton")->isEnabled(), 10'000);
        QVERIFY(!child<QPushButton>("pauseButton")->isEnabled());
        QTest::mouseClick(child<QPushButton>("resumeButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>("pauseButton")->isEnabled(), 10'000);
        QTest::mouseClick(child<QPushButton>("cancelButton"), Qt::LeftButton);
        QVERIFY(finished.wait(20'000));
        const auto s = finished.at(0).at(0).value<ReplaySummary>();
        QCOMPARE(s.state, RunState::Cancelled);
        QVERIFY(s.counts.balanced());
        QVERIFY(s.counts.notSent() > 0);
        QCOMPARE(counter("sent"), counter("accepted") + counter("rejected") + counter("cancelled") + counter("unknown"));
        QVERIFY(child<QPushButton>("startButton")->isEnabled());

        // The history offers to resume it; resuming sends the rest and every event ends accepted once.
        QCOMPARE(m_page->history()->selectedRunId(), s.runId);
        QVERIFY(m_page->history()->findChild<QPushButton *>(u"historyResumeButton"_s)->isEnabled());
        child<QDoubleSpinBox>("rateSpin")->setValue(0);
        finished.clear();
        m_page->resumeFromHistory(s.runId, false);
        QVERIFY(finished.wait(30'000));
        const auto resumed = finished.at(0).at(0).value<ReplaySummary>();
        QCOMPARE(resumed.runId, s.runId);
        QCOMPARE(resumed.state, RunState::Finished);
        replay::RunStore store;
        QVERIFY(store.open(m_dir.filePath(u"runs.sqlite"_s)));
        const auto total = store.counts(s.runId, 300);
        QCOMPARE(total.accepted + total.unknown, 300); // unknown ones (cancelled on the wire) are not re-sent unasked
        emulator::EventQuery q;
        q.acceptedOnly = true;
        QSet<QString> ids;
        for (const auto &e : m_console.emulator->store().query(q).events) {
            const QString key = e.eventName + u'|' + e.eventId;
            QVERIFY2(!ids.contains(key), qPrintable(u"accepted twice: "_s + key));
            ids.insert(key);
        }
        QVERIFY(ids.size() >= total.accepted);
    }

    void badFunnelShowsLineAndColumnAndSendsNothing()
    {
        const QString path = m_dir.filePath(u"bad-funnel.json"_s);
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"format\": \"capiqa-funnel\", \"version\": 1, \"steps\": [\n"
                "  {\"event\": {\"event_name\": \"Lead\", \"action_source\": \"website\",\n"
                "     \"event_source_url\": \"https://x.example/\", \"event_id\": \"{{nope}}\"}}]}\n");
        f.close();
        QSignalSpy failed(m_page.get(), &gui::ReplayPage::funnelFailed);
        QVERIFY(m_page->openFunnel(path));
        QVERIFY(failed.wait(10'000));
        const QString shown = child<QLabel>("funnelErrors")->text();
        QVERIFY2(shown.contains(u"line 3"_s) && shown.contains(u"column"_s) && shown.contains(u"nope"_s), qPrintable(shown));
        QVERIFY(shown.contains(u"nothing was sent"_s));
        QVERIFY(child<QLabel>("funnelErrors")->isVisible());
        QVERIFY(!m_page->funnel());
        QVERIFY(!child<QPushButton>("startButton")->isEnabled());
        m_page->startRun(); // refused without a funnel
        QTest::qWait(100);
        QVERIFY(!m_page->isRunning());
        QCOMPARE(m_console.emulator->store().count(), 0);

        QString error;
        QVERIFY(!m_page->openFunnel(m_dir.filePath(u"missing.json"_s), &error));
        QVERIFY2(error.contains(u"no such file"_s), qPrintable(error));
    }

    void rejectedEventsShowTheDecodedError()
    {
        const QString path = m_dir.filePath(u"rejected.jsonl"_s);
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        // A website event without event_source_url: the emulator rejects it like Graph (#100).
        f.write("{\"event_name\":\"Lead\",\"event_time\":\"now\",\"action_source\":\"website\",\"event_id\":\"rej-{{user}}\","
                "\"user_data\":{\"em\":\"a@example.com\",\"client_user_agent\":\"Mozilla/5.0\"}}\n");
        f.close();
        QVERIFY(load(path));
        useNoRateLimit(2);
        const ReplaySummary s = runToEnd();
        QCOMPARE(s.counts.rejected, 2);
        QCOMPARE(counter("rejected"), 2);
        child<QCheckBox>("failuresOnlyCheck")->setChecked(true);
        QCOMPARE(m_page->resultsProxy()->rowCount(), 2);
        auto *view = child<QTableView>("resultsView");
        view->setCurrentIndex(m_page->resultsProxy()->index(0, 0));
        const QString detail = child<QLabel>("errorDetail")->text();
        QVERIFY2(detail.contains(u"event_source_url"_s) && detail.contains(u"HTTP 400"_s), qPrintable(detail));
        const QModelIndex status = m_page->resultsProxy()->index(0, replay::OutcomeModel::StatusColumn);
        QCOMPARE(status.data(Qt::ForegroundRole).value<QColor>(), m_page->resultsProxy()->statusColor(OutcomeStatus::Rejected));
    }

    void statusColoursReadableInLightAndDark()
    {
        for (const QPalette &palette : {QApplication::palette(), darkPalette()}) {
            gui::OutcomeFilterProxy proxy(palette);
            const QColor base = palette.color(QPalette::Base);
            for (const auto s : {OutcomeStatus::Accepted, OutcomeStatus::Rejected, OutcomeStatus::Unknown})
                QVERIFY2(gui::contrastRatio(proxy.statusColor(s), base) >= 4.5, qPrintable(proxy.statusColor(s).name()));
        }
    }

    void mainWindowRoutesFunnelsHere()
    {
        m_page.reset();
        gui::MainWindow window(services());
        window.show();
        QVERIFY(window.replay());
        QSignalSpy loaded(window.replay(), &gui::ReplayPage::funnelLoaded);
        QString error;
        QVERIFY2(window.openFile(DataDir + u"shop-funnel.json"_s, &error), qPrintable(error));
        QCOMPARE(window.currentPageKey(), u"replay"_s);
        QVERIFY(loaded.wait(10'000));
        // A plain event still goes to the composer.
        QVERIFY(!gui::ReplayPage::looksLikeFunnel(DataDir + u"events.jsonl"_s));
        QVERIFY(gui::ReplayPage::looksLikeFunnel(DataDir + u"shop-funnel.json"_s));
    }

    void composerRecordsAFunnelThePageReplays()
    {
        const QString path = m_dir.filePath(u"recorded.json"_s);
        QFile::remove(path);
        gui::ComposerPage composer(services());
        composer.recordTo(path);
        QCOMPARE(composer.recordPath(), path);
        QSignalSpy sent(&composer, &gui::ComposerPage::sent);
        for (const QString &name : {u"ViewContent"_s, u"Purchase"_s}) {
            QJsonObject event = composer.rawEvent();
            event.insert(u"event_name"_s, name);
            composer.setRawEvent(event);
            composer.send();
            QVERIFY(sent.wait(10'000));
        }
        composer.recordTo({});
        composer.send(); // not recorded any more
        QVERIFY(sent.wait(10'000));

        QVERIFY(load(path));
        QCOMPARE(m_page->funnel()->steps.size(), 2);
        QCOMPARE(child<QTableWidget>("stepsTable")->item(1, 1)->text(), u"Purchase"_s);
        // The composer's {uuid} id became the funnel's {{uuid}}: each replayed event has its own.
        QCOMPARE(child<QTableWidget>("stepsTable")->item(1, 2)->text(), u"{{uuid}}"_s);
        useNoRateLimit(3);
        const ReplaySummary s = runToEnd();
        QCOMPARE(s.counts.accepted, 6);
        QSet<QString> ids;
        for (int r = 0; r < m_page->outcomeModel()->rowCount(); ++r)
            ids.insert(m_page->outcomeModel()->outcome(r).eventId);
        QCOMPARE(ids.size(), 6);
    }

    void screenshot()
    {
        QVERIFY(load(DataDir + u"shop-funnel.json"_s));
        useNoRateLimit(40);
        child<QSpinBox>("batchSpin")->setValue(10);
        const ReplaySummary s = runToEnd();
        QCOMPARE(s.counts.accepted, 120);
        QDir().mkpath(QStringLiteral(CAPIQA_BINARY_DIR "/screenshots"));
        QVERIFY(m_page->grab().save(QStringLiteral(CAPIQA_BINARY_DIR "/screenshots/replay.png")));
        const QPalette light = QApplication::palette();
        QApplication::setPalette(darkPalette());
        QTest::qWait(50);
        QVERIFY(m_page->grab().save(QStringLiteral(CAPIQA_BINARY_DIR "/screenshots/replay-dark.png")));
        QApplication::setPalette(light);
    }
};

QTEST_MAIN(TestReplayPage)
#include "tst_replaypage.moc"
