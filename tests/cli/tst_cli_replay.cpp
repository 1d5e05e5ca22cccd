// capiqa-cli replay end to end against capiqa-cli serve (two processes, HTTP on 127.0.0.1):
// a run killed with SIGKILL half way and resumed never gets an event id accepted twice and its
// report adds up; bad funnels stop before anything is sent, naming the line; a JSON Lines
// funnel for one user sends its ids unchanged.
#include "cliprocess.h"
#include "replay/runstore.h"

#include <QtCore/QFile>
#include <QtCore/QHash>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QRegularExpression>
#include <QtCore/QSet>
#include <QtCore/QTemporaryDir>

using namespace Qt::StringLiterals;

QByteArray funnel(const QString &idPrefix)
{
    // One step per line; no raw string literal, which Qt 6.4's moc misreads.
    const QString step = u"  {\"offset_ms\": 0, \"event\": {\"event_name\": \"%1\", \"action_source\": \"website\", "
                         "\"event_source_url\": \"https://s.example/%1\", \"event_id\": \"%2_%3\", "
                         "\"user_data\": {\"client_user_agent\": \"Mozilla/5.0\"}%4}}"_s;
    const QString purchaseData = u", \"custom_data\": {\"value\": 10, \"currency\": \"EUR\", \"order_id\": \"{{order_id}}\"}"_s;
    const QStringList steps{step.arg(u"ViewContent"_s, idPrefix, u"view_{{user}}"_s, QString()),
                            step.arg(u"AddToCart"_s, idPrefix, u"cart_{{user}}"_s, QString()),
                            step.arg(u"Purchase"_s, idPrefix, u"purchase_{{order_id}}"_s, purchaseData),
                            step.arg(u"Lead"_s, idPrefix, u"lead_{{uuid}}"_s, QString())};
    return (u"{\"format\": \"capiqa-funnel\", \"version\": 1, \"name\": \"kill test\", \"steps\": [\n"_s + steps.join(u",\n"_s)
            + u"\n]}\n"_s).toUtf8();
}

class TestCliReplay : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QProcess m_server;
    QString m_baseUrl;

    QString path(const QString &name) const { return m_dir.filePath(name); }

    void writeFile(const QString &name, const QByteArray &bytes)
    {
        QFile f(path(name));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(bytes);
    }

    QStringList common() const
    {
        return {u"--base-url"_s, m_baseUrl, u"--runs-db"_s, path(u"runs.sqlite"_s), u"--retries"_s, u"10"_s};
    }

    CliRun replay(const QStringList &args)
    {
        qputenv("CAPIQA_SETTINGS", path(u"settings.ini"_s).toUtf8());
        return runCli(QStringList{u"replay"_s} + args + common());
    }

    // The emulator's record file: event id → how many times it was accepted.
    QHash<QString, int> acceptedIds(qsizetype *lines = nullptr)
    {
        QHash<QString, int> ids;
        QFile f(path(u"record.jsonl"_s));
        if (!f.open(QIODevice::ReadOnly))
            return ids;
        qsizetype n = 0;
        while (!f.atEnd()) {
            const QJsonObject e = QJsonDocument::fromJson(f.readLine()).object();
            ++n;
            if (e.value(u"accepted"_s).toBool())
                ++ids[e.value(u"event_id"_s).toString()];
        }
        if (lines)
            *lines = n;
        return ids;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QByteArray banner;
        m_baseUrl = startEmulator(m_server, {u"--quiet"_s, u"--record"_s, path(u"record.jsonl"_s), u"--faults"_s, u"503=0.05,drop=0.03,seed=5"_s},
                                  &banner);
        QVERIFY2(!m_baseUrl.isEmpty(), banner.constData());
    }

    void cleanupTestCase()
    {
        m_server.terminate();
        QVERIFY(m_server.waitForFinished(5000));
    }

    void killedHalfWayThenResumed()
    {
        writeFile(u"kill.json"_s, funnel(u"k"_s));
        qputenv("CAPIQA_SETTINGS", path(u"settings.ini"_s).toUtf8());
        QProcess victim;
        victim.start(QStringLiteral(CAPIQA_CLI), QStringList{u"replay"_s, path(u"kill.json"_s), u"--users"_s, u"500"_s,
                                                             u"--rate"_s, u"1000"_s, u"--concurrency"_s, u"2"_s} + common());
        QVERIFY(victim.waitForStarted());
        QByteArray err;
        QRegularExpressionMatch run;
        QVERIFY(QTest::qWaitFor([&] {
            err += victim.readAllStandardError();
            run = QRegularExpression(u"run (\\d+): 2000 event"_s).match(QString::fromUtf8(err));
            return run.hasMatch();
        }, 20000));
        const qint64 runId = run.captured(1).toLongLong();

        // Half way by the history's own count (WAL: this reader never blocks the writer).
        capiqa::replay::RunStore reader;
        QVERIFY(reader.open(path(u"runs.sqlite"_s)));
        QVERIFY(QTest::qWaitFor([&] { return reader.counts(runId, 2000).accepted >= 800; }, 20000));
        victim.kill(); // SIGKILL: no cleanup at all
        QVERIFY(victim.waitForFinished(5000));
        QCOMPARE(victim.exitStatus(), QProcess::CrashExit);
        const auto killed = reader.counts(runId, 2000);
        QVERIFY2(killed.sent < 2000, "the run must have been killed before its end");
        QCOMPARE(reader.run(runId)->state, capiqa::replay::RunState::Running);

        // Resume without the funnel argument: the history knows it.
        const CliRun resumed = replay({u"--resume"_s, QString::number(runId), u"--report"_s, path(u"resumed.json"_s)});
        QVERIFY2(resumed.exitCode == 0 || resumed.exitCode == 1, resumed.err.constData());
        QFile reportFile(path(u"resumed.json"_s));
        QVERIFY(reportFile.open(QIODevice::ReadOnly));
        const QJsonObject report = QJsonDocument::fromJson(reportFile.readAll()).object();
        QCOMPARE(report.value(u"run_id"_s).toInteger(), runId);
        QCOMPARE(report.value(u"state"_s).toString(), u"finished"_s);
        const QJsonObject c = report.value(u"counts"_s).toObject();
        const qint64 accepted = c.value(u"accepted"_s).toInteger();
        const qint64 unknown = c.value(u"unknown"_s).toInteger();
        // The report adds up.
        QCOMPARE(c.value(u"planned"_s).toInteger(), 2000);
        QCOMPARE(c.value(u"sent"_s).toInteger(), 2000);
        QCOMPARE(c.value(u"not_sent"_s).toInteger(), 0);
        QCOMPARE(c.value(u"in_flight"_s).toInteger(), 0);
        QCOMPARE(accepted + c.value(u"rejected"_s).toInteger() + c.value(u"cancelled"_s).toInteger() + unknown, 2000);
        QCOMPARE(c.value(u"balanced"_s).toBool(), true);
        QCOMPARE(accepted + unknown, 2000);
        QCOMPARE(report.value(u"not_accepted"_s).toArray().size(), unknown);
        QCOMPARE(report.value(u"ok"_s).toBool(), unknown == 0);
        QCOMPARE(resumed.exitCode, unknown == 0 ? 0 : 1);
        QVERIFY(!resumed.out.contains("replay-test") && !resumed.err.contains("capiqa-local-token"));

        // The emulator accepted no event id twice; each accepted event of the report is there.
        const QHash<QString, int> ids = acceptedIds();
        QSet<QString> unknownIds;
        for (const QJsonValue o : report.value(u"not_accepted"_s).toArray()) {
            QCOMPARE(o[u"status"_s].toString(), u"unknown"_s);
            unknownIds.insert(o[u"event_id"_s].toString());
        }
        qsizetype ours = 0;
        for (auto it = ids.cbegin(); it != ids.cend(); ++it) {
            if (!it.key().startsWith(u"k_"_s))
                continue;
            ++ours;
            QVERIFY2(it.value() == 1, qPrintable(it.key()));
        }
        QVERIFY(ours >= accepted && ours <= 2000);

        // Unknown events go again only on request, with their ids kept.
        if (unknown > 0) {
            const CliRun again = replay({u"--resume"_s, QString::number(runId), u"--resend-unknown"_s, u"--report"_s, u"-"_s});
            QVERIFY2(again.exitCode == 0, again.err.constData());
            const qsizetype brace = again.out.indexOf("\n{");
            const QJsonObject r = QJsonDocument::fromJson(again.out.mid(brace + 1)).object();
            QCOMPARE(r.value(u"counts"_s)[u"accepted"_s].toInteger(), 2000);
            const QHash<QString, int> after = acceptedIds();
            for (auto it = after.cbegin(); it != after.cend(); ++it) {
                if (it.key().startsWith(u"k_"_s) && it.value() > 1)
                    QVERIFY2(unknownIds.contains(it.key()), qPrintable(it.key())); // only a re-sent unknown may repeat
            }
            for (const QString &id : std::as_const(unknownIds))
                QVERIFY(after.value(id) >= 1);
        }
        const CliRun finished = replay({u"--resume"_s, QString::number(runId)});
        QCOMPARE(finished.exitCode, 2);
        QVERIFY2(finished.err.contains("is finished"), finished.err.constData());
    }

    void badFunnelsSendNothing_data()
    {
        QTest::addColumn<QByteArray>("funnel");
        QTest::addColumn<QByteArray>("csv");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unknown template variable")
            << QByteArray("{\"format\": \"capiqa-funnel\", \"version\": 1, \"steps\": [\n"
                          "  {\"event\": {\"event_name\": \"Lead\", \"action_source\": \"other\",\n"
                          "     \"event_id\": \"lead_{{usr}}\", \"user_data\": {\"external_id\": \"x\"}}}]}\n")
            << QByteArray() << u"bad.json: line 3, column 18: steps[0].event.event_id: unknown template variable {{usr}}"_s;
        QTest::newRow("bad CSV row")
            << QByteArray("{\"format\": \"capiqa-funnel\", \"version\": 1, \"identities\": \"users.csv\", \"steps\": [\n"
                          "  {\"event\": {\"event_name\": \"Lead\", \"action_source\": \"other\", \"event_id\": \"l_{{user}}\", \"user_data\": {}}}]}\n")
            << QByteArray("email,phone\na@example.com,+16505551212\nb@example.com\n")
            << u"users.csv: line 3: 1 field(s), but the header has 2 (email, phone)"_s;
        QTest::newRow("syntax error")
            << QByteArray("{\"event_name\": \"Lead\", \"action_source\": \"other\", \"user_data\": {\"em\": \"a@b.co\"}}\n"
                          "{\"event_name\": \"Purchase\", \"action_source\": \"other\", \"user_data\": {},\n")
            << QByteArray() << u"bad.json: line 2, column 70: unterminated object"_s;
        QTest::newRow("wrong type in JSON Lines")
            << QByteArray("{\"event_name\": \"Lead\", \"action_source\": \"other\", \"user_data\": {\"em\": \"a@b.co\"}}\n"
                          "{\"event_name\": \"Purchase\", \"action_source\": \"other\", \"user_data\": {\"ph\": 5}}\n")
            << QByteArray() << u"bad.json: line 2, column 74: user_data.ph: expected a string or an array of strings, got the number 5"_s;
    }

    void badFunnelsSendNothing()
    {
        QFETCH(QByteArray, funnel);
        QFETCH(QByteArray, csv);
        QFETCH(QString, expected);
        writeFile(u"bad.json"_s, funnel);
        if (!csv.isEmpty())
            writeFile(u"users.csv"_s, csv);
        qsizetype before = 0;
        acceptedIds(&before);
        const CliRun r = replay({path(u"bad.json"_s), u"--users"_s, u"3"_s});
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains(expected.toUtf8()), r.err.constData());
        QVERIFY(r.err.contains("nothing sent"));
        qsizetype after = 0;
        acceptedIds(&after);
        QCOMPARE(after, before);
    }

    void jsonLinesForOneUserKeepIds()
    {
        writeFile(u"plain.jsonl"_s,
                  "{\"event_name\":\"Lead\",\"event_time\":1767225600,\"action_source\":\"website\",\"event_source_url\":\"https://a.example/\","
                  "\"event_id\":\"plain-lead-1\",\"user_data\":{\"em\":\"A@Example.com\",\"client_user_agent\":\"Mozilla/5.0\"}}\n"
                  "{\"event_name\":\"Purchase\",\"event_time\":1767225601,\"action_source\":\"website\",\"event_source_url\":\"https://a.example/d\","
                  "\"event_id\":\"plain-purchase-1\",\"user_data\":{\"em\":\"A@Example.com\",\"client_user_agent\":\"Mozilla/5.0\"},"
                  "\"custom_data\":{\"value\":3,\"currency\":\"USD\"}}\n");
        const CliRun r = replay({path(u"plain.jsonl"_s), u"--report"_s, path(u"plain.json"_s)});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.out.contains("2 of 2 event(s) accepted"));
        const QHash<QString, int> ids = acceptedIds();
        QCOMPARE(ids.value(u"plain-lead-1"_s), 1);
        QCOMPARE(ids.value(u"plain-purchase-1"_s), 1);
    }

    void harRecordingReplays()
    {
        const CliRun convert = replay({u"--from-har"_s, QStringLiteral(CAPIQA_TEST_DATA) + u"/replay/pixel.har"_s,
                                       u"--output"_s, path(u"from-har.json"_s)});
        QVERIFY2(convert.exitCode == 0, convert.err.constData());
        QVERIFY(convert.out.contains("3 step(s) written"));
        QVERIFY(convert.err.contains("auto-event"));
        const CliRun r = replay({path(u"from-har.json"_s), u"--spacing"_s, u"0.01"_s});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QHash<QString, int> ids = acceptedIds();
        for (const QString &id : {u"pv-1"_s, u"cart_42"_s, u"purchase_42"_s})
            QVERIFY2(ids.value(id) == 1, qPrintable(id)); // the browser's eid, kept
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expected");
        QTest::newRow("resend without resume") << QStringList{u"x.json"_s, u"--resend-unknown"_s} << u"--resend-unknown goes with --resume"_s;
        QTest::newRow("batch too large") << QStringList{u"x.json"_s, u"--batch-size"_s, u"5000"_s} << u"--batch-size 5000"_s;
        QTest::newRow("users not a number") << QStringList{u"x.json"_s, u"--users"_s, u"many"_s} << u"--users many"_s;
        QTest::newRow("no such run") << QStringList{u"--resume"_s, u"999"_s} << u"--resume 999: no such run"_s;
        QTest::newRow("no funnel") << QStringList{} << u"give one FUNNEL file"_s;
    }

    void usageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, expected);
        const CliRun r = replay(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(expected.toUtf8()), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliReplay)
#include "tst_cli_replay.moc"
