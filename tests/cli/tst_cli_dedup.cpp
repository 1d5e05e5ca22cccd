// capiqa-cli dedup end to end: the fixture pair in every format, the options, and exit codes.
#include "cliprocess.h"

#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QTemporaryDir>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;

namespace {
const QString Data = QStringLiteral(CAPIQA_TEST_DATA) + u"/dedup/"_s;
}

class TestCliDedup : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void jsonToStdout()
    {
        const CliRun run = runCli({u"dedup"_s, u"--browser"_s, Data + u"scenario-chrome.har"_s, Data + u"firefox.har"_s,
                                   u"--server"_s, Data + u"scenario-server.jsonl"_s, u"--pixel"_s, u"1234567890"_s});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.err.isEmpty(), run.err.constData());
        const QJsonObject doc = QJsonDocument::fromJson(run.out).object();
        const QJsonObject summary = doc.value(u"summary"_s).toObject();
        QCOMPARE(summary.value(u"browser_events"_s).toInt(), 18 + 3);
        QCOMPARE(summary.value(u"server_events"_s).toInt(), 18);
        QCOMPARE(summary.value(u"categories"_s).toObject().value(u"id_mismatch"_s).toInt(), 8);
        QCOMPARE(summary.value(u"inputs"_s).toArray().size(), 3);
        QCOMPARE(doc.value(u"events"_s).toArray().size(), 39);
    }

    void csvAndHtmlToFiles()
    {
        QTemporaryDir dir;
        for (const QString &format : {u"csv"_s, u"html"_s}) {
            const QString out = dir.filePath(u"report."_s + format);
            const CliRun run = runCli({u"dedup"_s, u"--browser"_s, Data + u"scenario-chrome.har"_s, u"--server"_s,
                                       Data + u"scenario-server.jsonl"_s, u"--format"_s, format, u"--out"_s, out, u"--pixel"_s, u"1234567890"_s});
            QCOMPARE(run.exitCode, 0);
            QVERIFY(run.out.isEmpty());
            QFile f(out);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray text = f.readAll();
            if (format == u"csv"_s) {
                QCOMPARE(text.count('\n'), 1 + 36);
                QVERIFY(text.contains("id_mismatch,counted_again,server,1234567890,Purchase,42,"));
            } else {
                QVERIFY(text.startsWith("<!DOCTYPE html>"));
                QVERIFY(text.contains("purchase_{id}"));
            }
        }
    }

    // Without --pixel the CAPI bodies' events take the browser side's only pixel (a note says
    // so); the window option narrows the matching.
    void notesAndWindow()
    {
        const CliRun run = runCli({u"dedup"_s, u"--browser"_s, Data + u"scenario-chrome.har"_s, u"--server"_s,
                                   Data + u"scenario-server.jsonl"_s, u"--window"_s, u"90m"_s});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.err.contains("note: 17 server event(s) name no pixel id") && run.err.contains("pixel 1234567890"), run.err.constData());
        const QJsonObject summary = QJsonDocument::fromJson(run.out).object().value(u"summary"_s).toObject();
        QCOMPARE(summary.value(u"window_hours"_s).toDouble(), 1.5);
        const QJsonObject categories = summary.value(u"categories"_s).toObject();
        QCOMPARE(categories.value(u"pixel_mismatch"_s).toInt(), 2);
        QCOMPARE(categories.value(u"outside_window"_s).toInt(), 4); // the 3-hour pair is now outside too
    }

    void badInputIsNamedAndTheRestUsed()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"server.jsonl"_s);
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"event_name\": \"Purchase\", \"event_id\": \"purchase_1001\", \"event_time\": 1767225630}\n{oops\n");
        f.close();
        const CliRun run = runCli({u"dedup"_s, u"--browser"_s, Data + u"scenario-chrome.har"_s, u"--server"_s, path,
                                   u"--pixel"_s, u"1234567890"_s});
        QCOMPARE(run.exitCode, 3);
        QVERIFY2(run.err.contains("server.jsonl:2 (byte "), run.err.constData());
        const QJsonObject summary = QJsonDocument::fromJson(run.out).object().value(u"summary"_s).toObject();
        QCOMPARE(summary.value(u"categories"_s).toObject().value(u"deduplicated"_s).toInt(), 2);
    }

    void usageAndIoErrors()
    {
        QCOMPARE(runCli({u"dedup"_s}).exitCode, 2);
        QCOMPARE(runCli({u"dedup"_s, u"--browser"_s, Data + u"safari.har"_s, u"--format"_s, u"xml"_s}).exitCode, 2);
        QCOMPARE(runCli({u"dedup"_s, u"--browser"_s, Data + u"safari.har"_s, u"--window"_s, u"soon"_s}).exitCode, 2);
        QCOMPARE(runCli({u"dedup"_s, Data + u"safari.har"_s}).exitCode, 2);
        const CliRun missing = runCli({u"dedup"_s, u"--browser"_s, Data + u"safari.har"_s, u"--server"_s, u"/nonexistent/x.jsonl"_s});
        QCOMPARE(missing.exitCode, 4);
        QVERIFY(missing.err.contains("cannot open"));
        QVERIFY(!missing.out.isEmpty()); // the readable side is still reported
        const CliRun help = runCli({u"dedup"_s, u"--help"_s});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains("capiqa-cli dedup"));
    }
};

QTEST_GUILESS_MAIN(TestCliDedup)
#include "tst_cli_dedup.moc"
