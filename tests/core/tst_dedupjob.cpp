// The dedup analysis on inputs large enough for its fast paths (files read in parallel into an
// array sized from their first lines, the matcher on several threads): the same events as each
// file read alone, the same verdicts as one thread, progress that only moves forward, and a
// cancel that still stops it while reading and while matching.
#include "capture/capturereader.h"
#include "dedup/dedupjob.h"
#include "dedup/matcher.h"

#include <QtCore/QFile>
#include <QtCore/QTemporaryDir>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;
using namespace capiqa;

namespace {

constexpr qint64 T0 = 1767225600;

// Browser hits and server events for `n` conversions, some ids changed or missing, and a few
// broken lines; the server file turns from long lines of one event into requests of 25 events
// after its first 256 KiB, so the size guessed from its first lines falls well short.
void writeInputs(const QString &browserPath, const QString &serverPath, int n)
{
    QFile browser(browserPath);
    QFile server(serverPath);
    QVERIFY(browser.open(QIODevice::WriteOnly) && server.open(QIODevice::WriteOnly));
    QByteArray request;
    int inRequest = 0;
    for (int i = 0; i < n; ++i) {
        const qint64 t = T0 + i;
        const QByteArray id = QByteArray::number(100000 + i);
        browser.write("https://www.facebook.com/tr/?id=1234567890&ev=Purchase&dl=https%3A%2F%2Fshop.example%2F&eid=order_" + id
                      + "&ts=" + QByteArray::number(t * 1000) + "&cd[value]=" + QByteArray::number(i % 300) + ".5&cd[currency]=EUR\n");
        if (i % 997 == 0)
            browser.write("not a url at all\n");
        const QByteArray serverId = i % 10 == 3 ? id : (i % 10 == 4 ? QByteArray() : "order_" + id);
        const QByteArray event = "{\"event_name\":\"Purchase\",\"pixel_id\":\"1234567890\","
            + (serverId.isEmpty() ? QByteArray() : "\"event_id\":\"" + serverId + "\",") + "\"event_time\":" + QByteArray::number(t + 3)
            + ",\"custom_data\":{\"value\":" + QByteArray::number(i % 300) + ".5,\"currency\":\"EUR\"}}";
        if (server.pos() < (300 << 10)) {
            // Long lines first: about five times fewer events per byte than what follows.
            server.write(event.chopped(1) + ",\"event_source_url\":\"https://shop.example/" + QByteArray(700, 'x') + "\"}\n");
        } else {
            request += (inRequest ? "," : "") + event;
            if (++inRequest == 25) {
                server.write("{\"data\":[" + request + "]}\n");
                request.clear();
                inRequest = 0;
            }
        }
        if (i % 1999 == 0)
            server.write("{\"event_name\": broken\n");
    }
    if (inRequest)
        server.write("{\"data\":[" + request + "]}\n");
}

capture::CaptureSet readAll(const QList<std::pair<QString, capture::Side>> &files)
{
    capture::CaptureReader reader;
    for (const auto &[path, side] : files)
        reader.addFile(path, side);
    capture::CaptureSet set;
    reader.read(set);
    return set;
}

bool sameEvent(const capture::CapturedEvent &a, const capture::CapturedEvent &b)
{
    return a.pixelId == b.pixelId && a.eventName == b.eventName && a.eventId == b.eventId && a.currency == b.currency
        && a.value == b.value && a.rawTime == b.rawTime && a.timeMs == b.timeMs && a.line == b.line && a.offset == b.offset
        && a.length == b.length && a.side == b.side && a.timeUnit == b.timeUnit && a.hasValue == b.hasValue;
}

} // namespace

class TestDedupJob : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_browser = m_dir.filePath(u"browser.txt"_s);
        m_server = m_dir.filePath(u"server.jsonl"_s);
        writeInputs(m_browser, m_server, 30000);
        QVERIFY(QFileInfo(m_server).size() > (1 << 20));
    }

    // Read together (in parallel, the second file moved in after the first) or each alone.
    void togetherEqualsAlone()
    {
        const capture::CaptureSet both = readAll({{m_browser, capture::Side::Browser}, {m_server, capture::Side::Server}});
        const capture::CaptureSet browser = readAll({{m_browser, capture::Side::Browser}});
        const capture::CaptureSet server = readAll({{m_server, capture::Side::Server}});
        QCOMPARE(browser.events.size(), size_t(30000));
        QVERIFY(server.events.size() > 26000);
        QCOMPARE(both.events.size(), browser.events.size() + server.events.size());
        for (size_t i = 0; i < both.events.size(); ++i) {
            const bool first = i < browser.events.size();
            const capture::CapturedEvent &alone = first ? browser.events[i] : server.events[i - browser.events.size()];
            QVERIFY2(sameEvent(both.events[i], alone), qPrintable(QString::number(i)));
            QCOMPARE(both.events[i].file, first ? 0 : 1);
        }
        QCOMPARE(both.issues.size(), browser.issues.size() + server.issues.size());
        QVERIFY(browser.issueCount() > 0 && server.issueCount() > 0);
        for (qsizetype i = 0; i < both.issues.size(); ++i) {
            const capture::CaptureIssue &alone = i < browser.issues.size() ? browser.issues.at(i) : server.issues.at(i - browser.issues.size());
            QCOMPARE(both.issues.at(i).toString(), alone.toString());
        }
    }

    void progressAndVerdicts()
    {
        dedup::DedupRequest request;
        request.browserFiles = {m_browser};
        request.serverFiles = {m_server};
        QList<double> fractions;
        bool matching = false;
        const dedup::DedupAnalysisPtr analysis = dedup::analyseCaptures(request, [&](double f, const QString &stage) {
            fractions << f;
            matching = matching || stage.startsWith(u"Matching"_s);
        });
        QVERIFY(analysis);
        QVERIFY(matching);
        QVERIFY(std::is_sorted(fractions.cbegin(), fractions.cend()));
        QCOMPARE(fractions.last(), 1.0);
        dedup::Matcher one;
        one.setThreads(1);
        const dedup::DedupResult serial = one.match(analysis->captures.events);
        QCOMPARE(analysis->result.verdicts.size(), serial.verdicts.size());
        for (size_t i = 0; i < serial.verdicts.size(); ++i) {
            const dedup::EventVerdict &a = analysis->result.verdicts[i];
            const dedup::EventVerdict &b = serial.verdicts[i];
            QVERIFY2(a.category == b.category && a.effect == b.effect && a.counterpart == b.counterpart, qPrintable(QString::number(i)));
        }
        QVERIFY(analysis->result.summary.perCategory[int(dedup::Category::IdMismatch)] > 0);
        QVERIFY(analysis->result.summary.perCategory[int(dedup::Category::MissingEventId)] > 0);
    }

    void cancelStops_data()
    {
        QTest::addColumn<QString>("stage");
        QTest::addColumn<double>("from");
        QTest::newRow("while reading") << u"Reading"_s << 0.01;
        QTest::newRow("before matching") << u"Matching"_s << 0.0;
        QTest::newRow("while matching") << u"Matching"_s << 0.85; // after the exact keys
    }

    void cancelStops()
    {
        QFETCH(QString, stage);
        QFETCH(double, from);
        dedup::DedupRequest request;
        request.browserFiles = {m_browser};
        request.serverFiles = {m_server};
        std::atomic<bool> cancel{false};
        const dedup::DedupAnalysisPtr analysis = dedup::analyseCaptures(
            request, [&](double fraction, const QString &what) {
                if (what.startsWith(stage) && fraction >= from)
                    cancel = true;
            },
            &cancel);
        QVERIFY(cancel);
        QVERIFY(!analysis);
    }

private:
    QTemporaryDir m_dir;
    QString m_browser;
    QString m_server;
};

QTEST_GUILESS_MAIN(TestDedupJob)
#include "tst_dedupjob.moc"
