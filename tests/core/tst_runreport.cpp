// The replay worker (the engine on its own thread, with its own client and history) against
// the in-process emulator, and the run report it leaves, as JSON, CSV and HTML: totals that add
// up, each rejected event with its decoded error, CSV quoting and formula guarding, an HTML
// page that needs nothing outside itself, and no access token anywhere.
#include "emulator/graphemulator.h"
#include "replay/funnel.h"
#include "replay/profilejob.h"
#include "replay/replayworker.h"
#include "replay/runreport.h"
#include "replay/runstore.h"

#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QTemporaryDir>
#include <QtCore/QThread>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace capiqa;
using namespace capiqa::replay;

namespace {

const QString Token = u"report-test-token-5f1c"_s;

// Step 1 is accepted; step 2 (a website event without event_source_url) is rejected (#100).
const QByteArray TwoSteps = QByteArrayLiteral(
    "{\"format\": \"capiqa-funnel\", \"version\": 1, \"name\": \"report\", \"steps\": [\n"
    " {\"event\": {\"event_name\": \"ViewContent\", \"event_time\": \"now\", \"action_source\": \"website\",\n"
    "   \"event_source_url\": \"https://shop.example.com/\", \"event_id\": \"=vc_{{seq}}\",\n"
    "   \"user_data\": {\"em\": \"u{{user}}@example.com\", \"client_user_agent\": \"Mozilla/5.0\"}}},\n"
    " {\"offset_ms\": 10, \"event\": {\"event_name\": \"Lead\", \"event_time\": \"now\", \"action_source\": \"website\",\n"
    "   \"event_id\": \"lead,{{seq}}\", \"user_data\": {\"em\": \"u{{user}}@example.com\", \"client_user_agent\": \"Mozilla/5.0\"}}}]}\n");

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestRunReport : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<emulator::GraphEmulator> m_emu;

    ReplayJob job(qint64 users)
    {
        const FunnelLoad load = parseFunnel(TwoSteps, u"report.json"_s, m_dir.path());
        if (!load.ok())
            qWarning() << load.errors;
        ReplayJob j;
        j.funnel = load.funnel.value_or(Funnel());
        j.options.users = users;
        j.options.batchSize = 1; // Graph rejects a whole request: one event per request
        j.options.concurrency = 2;
        j.send.baseUrl = m_emu->baseUrl();
        j.send.pixelId = u"1234567890"_s;
        j.send.accessToken = Token;
        j.send.testEventCode = u"TEST_REPORT"_s;
        j.send.timeoutMs = 10'000;
        j.config = QJsonObject{{u"connection"_s, QJsonObject{{u"profile"_s, u"Local"_s}, {u"pixel_id"_s, u"1234567890"_s},
                                                            {u"test_event_code"_s, u"TEST_REPORT"_s}}}};
        return j;
    }

    qint64 runOnWorker(ReplayWorker &worker, const ReplayJob &j, ReplaySummary *summary, QList<EventOutcome> *outcomes)
    {
        QSignalSpy done(&worker, &ReplayWorker::finished);
        QSignalSpy failed(&worker, &ReplayWorker::startFailed);
        connect(&worker, &ReplayWorker::eventsFinished, this, [&](const QList<EventOutcome> &o) {
            // Delivered in this (the worker object's) thread, not the engine's.
            if (QThread::currentThread() != thread())
                qFatal("eventsFinished delivered in the wrong thread");
            *outcomes += o;
        });
        worker.start(j);
        if (!done.wait(30'000) || !failed.isEmpty())
            return 0;
        *summary = done.at(0).at(0).value<ReplaySummary>();
        return summary->runId;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_emu = std::make_unique<emulator::GraphEmulator>();
        m_emu->setAcceptedTokens({Token});
        QVERIFY(m_emu->listen(QHostAddress::LocalHost, 0));
    }

    void workerRunsAndReportsAddUp()
    {
        const QString db = m_dir.filePath(u"runs.sqlite"_s);
        ReplayWorker worker(db);
        ReplaySummary summary;
        QList<EventOutcome> outcomes;
        const qint64 runId = runOnWorker(worker, job(3), &summary, &outcomes);
        QVERIFY(runId > 0);
        QVERIFY(!worker.isBusy());
        QCOMPARE(summary.state, RunState::Finished);
        QCOMPARE(summary.counts.planned, 6);
        QCOMPARE(summary.counts.accepted, 3);
        QCOMPARE(summary.counts.rejected, 3);
        QVERIFY(summary.counts.balanced());
        QCOMPARE(outcomes.size(), 6);

        RunStore store;
        QVERIFY2(store.open(db), qPrintable(store.errorString()));
        QString error;

        // JSON: totals from the history and the three rejections with Graph's decoded error.
        const auto json = runReportJson(store, runId, &error);
        QVERIFY2(json, qPrintable(error));
        QCOMPARE(json->value("run_id"_L1).toInteger(), runId);
        QCOMPARE(json->value("ok"_L1).toBool(), false);
        const QJsonObject counts = json->value("counts"_L1).toObject();
        QCOMPARE(counts.value("accepted"_L1).toInteger(), 3);
        QCOMPARE(counts.value("rejected"_L1).toInteger(), 3);
        QCOMPARE(counts.value("balanced"_L1).toBool(), true);
        const QJsonArray notAccepted = json->value("not_accepted"_L1).toArray();
        QCOMPARE(notAccepted.size(), 3);
        for (const QJsonValue v : notAccepted) {
            QCOMPARE(v[u"event_name"_s].toString(), u"Lead"_s);
            QCOMPARE(v[u"status"_s].toString(), u"rejected"_s);
            QVERIFY2(v[u"error"_s].toString().contains(u"event_source_url"_s), qPrintable(v[u"error"_s].toString()));
        }
        const QJsonArray errors = json->value("errors"_L1).toArray();
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors.at(0)[u"events"_s].toInteger(), 3);

        // The three formats on disk; the format follows the suffix.
        for (const QString &name : {u"r.json"_s, u"r.csv"_s, u"r.html"_s}) {
            const auto format = reportFormatForPath(name);
            QVERIFY(format);
            QVERIFY2(writeRunReport(store, runId, *format, m_dir.filePath(name), &error), qPrintable(error));
            QVERIFY2(!readAll(m_dir.filePath(name)).contains(Token.toUtf8()), "a report never holds the token");
        }
        QVERIFY(!reportFormatForPath(u"r.txt"_s));
        QCOMPARE(QJsonDocument::fromJson(readAll(m_dir.filePath(u"r.json"_s))).object().value("run_id"_L1).toInteger(), runId);

        const QList<QByteArray> lines = readAll(m_dir.filePath(u"r.csv"_s)).split('\n');
        QCOMPARE(lines.size(), 1 + 6 + 1); // header, one line per event, the empty tail
        QVERIFY(lines.at(0).startsWith("index,user,step,event_name,event_id,status"));
        int rejected = 0;
        for (const QByteArray &line : lines.mid(1, 6)) {
            if (line.contains(",rejected,")) {
                ++rejected;
                QVERIFY2(line.contains(",\"lead,"), line.constData()); // a comma in a cell is quoted
            } else {
                QVERIFY2(line.contains(",'=vc_"), line.constData()); // a formula-like cell is guarded
            }
        }
        QCOMPARE(rejected, 3);

        const QByteArray html = readAll(m_dir.filePath(u"r.html"_s));
        QVERIFY(html.startsWith("<!DOCTYPE html>"));
        QVERIFY(html.contains("Replay run"));
        QVERIFY(html.contains("event_source_url"));
        QVERIFY(html.contains("TEST_REPORT"));
        QVERIFY2(!html.contains("<script") && !html.contains("src=") && !html.contains("href="), "self-contained, no script");

        QVERIFY(!writeRunReport(store, runId + 1000, ReportFormat::Csv, m_dir.filePath(u"none.csv"_s), &error));
        QVERIFY2(error.contains(u"no run"_s), qPrintable(error));
        QVERIFY(!writeRunReport(store, runId, ReportFormat::Json, m_dir.filePath(u"missing/dir/r.json"_s), &error));
        QVERIFY2(error.contains(u"r.json"_s), qPrintable(error));
    }

    void csvFieldsAreQuotedAndGuarded()
    {
        QCOMPARE(csvField(u"plain"_s), u"plain"_s);
        QCOMPARE(csvField(u"a,b"_s), u"\"a,b\""_s);
        QCOMPARE(csvField(u"say \"hi\""_s), u"\"say \"\"hi\"\"\""_s);
        QCOMPARE(csvField(u"two\nlines"_s), u"\"two\nlines\""_s);
        QCOMPARE(csvField(u"=HYPERLINK(1)"_s), u"'=HYPERLINK(1)"_s);
        QCOMPARE(csvField(u"@x"_s), u"'@x"_s);
        QCOMPARE(csvField(QString()), QString());
    }

    void pauseAndCancelOnTheWorker()
    {
        ReplayWorker worker(m_dir.filePath(u"runs.sqlite"_s));
        QSignalSpy started(&worker, &ReplayWorker::started);
        QSignalSpy paused(&worker, &ReplayWorker::pausedChanged);
        QSignalSpy done(&worker, &ReplayWorker::finished);
        ReplayJob j = job(200);
        j.options.rate = 100;
        worker.start(j);
        QVERIFY(worker.isBusy());
        QVERIFY(started.wait(10'000));
        worker.pause();
        QVERIFY(paused.wait(10'000));
        QCOMPARE(paused.at(0).at(0).toBool(), true);
        worker.resume();
        QVERIFY(paused.wait(10'000));
        worker.cancel();
        QVERIFY(done.wait(20'000));
        const auto s = done.at(0).at(0).value<ReplaySummary>();
        QCOMPARE(s.state, RunState::Cancelled);
        QVERIFY(s.counts.balanced());
        QVERIFY(s.counts.sent < 400);
    }

    void jobForAProfile()
    {
        settings::Profile p;
        p.name = u"Shop"_s;
        p.baseUrl = m_emu->baseUrl().toString();
        p.pixelId = u"42"_s;
        p.testEventCode = u"TEST9"_s;
        p.normalizer = pii::Profile::PhpSdk;
        ReplayOptions options;
        options.users = 7;
        const ReplayJob j = jobForProfile(job(1).funnel, options, p, nullptr, u"users.csv"_s);
        QCOMPARE(j.options.users, 7);
        QCOMPARE(j.normalizer, pii::Profile::PhpSdk);
        QCOMPARE(j.send.pixelId, u"42"_s);
        QCOMPARE(j.send.testEventCode, u"TEST9"_s);
        QVERIFY(!j.send.production);
        QVERIFY(j.send.accessToken.isEmpty());
        const QJsonObject c = j.config.value("connection"_L1).toObject();
        QCOMPARE(c.value("test_event_code"_L1).toString(), u"TEST9"_s);
        QCOMPARE(c.value("normalizer"_L1).toString(), u"php-sdk"_s);
        QVERIFY(QFileInfo(j.config.value("identities"_L1).toString()).isAbsolute());
        p.production = true;
        QVERIFY(!connectionConfig(p).contains("test_event_code"_L1)); // production sends none
        QCOMPARE(connectionConfig(p).value("production"_L1).toBool(), true);
    }

    void startFailureIsReported()
    {
        ReplayWorker worker(m_dir.filePath(u"runs.sqlite"_s));
        QSignalSpy failed(&worker, &ReplayWorker::startFailed);
        ReplayJob j = job(1);
        j.options.batchSize = 5000;
        worker.start(j);
        QVERIFY(failed.wait(10'000));
        QVERIFY(!worker.isBusy());
        QVERIFY2(failed.at(0).at(0).toString().contains(u"batch"_s), qPrintable(failed.at(0).at(0).toString()));
    }
};

QTEST_GUILESS_MAIN(TestRunReport)
#include "tst_runreport.moc"
