// The matcher against fixture pairs with the expected category of every event, the rules at
// their edges, the explanations and the three report formats.
#include "capture/capturereader.h"
#include "dedup/dedupexport.h"
#include "dedup/explain.h"
#include "dedup/matcher.h"

#include <QtCore/QBuffer>
#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;
using namespace capiqa::capture;
using namespace capiqa::dedup;

namespace {

const QString Data = QStringLiteral(CAPIQA_TEST_DATA) + u"/dedup/"_s;
constexpr qint64 T0 = 1767225600;

CapturedEvent ev(Side side, const QString &name, const QString &id, qint64 seconds, const QString &pixel = u"1"_s)
{
    CapturedEvent e;
    e.side = side;
    e.pixelId = pixel;
    e.eventName = name;
    e.eventId = id;
    e.rawTime = side == Side::Browser ? seconds * 1000 : seconds;
    e.timeUnit = side == Side::Browser ? TimeUnit::Milliseconds : TimeUnit::Seconds;
    e.timeMs = seconds * 1000;
    return e;
}

CapturedEvent withValue(CapturedEvent e, double value, const QString &currency)
{
    e.value = value;
    e.hasValue = true;
    e.currency = currency;
    return e;
}

QStringList categories(const DedupResult &r)
{
    QStringList out;
    for (const EventVerdict &v : r.verdicts)
        out << categoryName(v.category);
    return out;
}

QStringList effects(const DedupResult &r)
{
    QStringList out;
    for (const EventVerdict &v : r.verdicts)
        out << effectName(v.effect);
    return out;
}

CaptureSet scenario()
{
    ReadOptions options;
    options.defaultPixelId = u"1234567890"_s;
    CaptureReader reader(options);
    reader.addFile(Data + u"scenario-chrome.har"_s, Side::Browser);
    reader.addFile(Data + u"scenario-server.jsonl"_s, Side::Server);
    CaptureSet set;
    reader.read(set);
    return set;
}

} // namespace

class TestDedupMatcher : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // Every event of the fixture pair gets the category and effect written next to it.
    void scenarioCategories()
    {
        const CaptureSet set = scenario();
        QVERIFY(set.issues.isEmpty());
        const DedupResult r = Matcher().match(set.events);
        QCOMPARE(r.verdicts.size(), set.events.size());

        QFile expectedFile(Data + u"scenario-expected.csv"_s);
        QVERIFY(expectedFile.open(QIODevice::ReadOnly));
        const QList<QByteArray> rows = expectedFile.readAll().trimmed().split('\n').mid(1);
        QCOMPARE(size_t(rows.size()), set.events.size());
        QSet<QString> seenCategories;
        qint64 countedAgain = 0;
        for (const QByteArray &row : rows) {
            const QList<QByteArray> cells = row.split(',');
            const Side side = cells[0] == "browser" ? Side::Browser : Side::Server;
            const qint64 rawTime = cells[1].toLongLong();
            bool found = false;
            for (size_t i = 0; i < set.events.size() && !found; ++i) {
                const CapturedEvent &e = set.events[i];
                if (e.side != side || e.rawTime != rawTime)
                    continue;
                found = true;
                const QString where = u"%1 %2 %3 (%4)"_s.arg(sideName(side), e.eventName, e.eventId).arg(rawTime);
                QVERIFY2(categoryName(r.verdicts[i].category) == QString::fromUtf8(cells[2]),
                         qPrintable(where + u": got "_s + categoryName(r.verdicts[i].category)));
                QVERIFY2(effectName(r.verdicts[i].effect) == QString::fromUtf8(cells[3]),
                         qPrintable(where + u": got "_s + effectName(r.verdicts[i].effect)));
                const Explanation x = explain(set.events, r, qsizetype(i));
                QVERIFY2(x.text.size() > 40, qPrintable(where));
                if (r.verdicts[i].category != Category::Deduplicated)
                    QVERIFY2(!x.fix.isEmpty(), qPrintable(where));
            }
            QVERIFY2(found, row.constData());
            seenCategories.insert(QString::fromUtf8(cells[2]));
            countedAgain += cells[3] == "counted_again";
        }
        QCOMPARE(seenCategories.size(), CategoryCount); // the fixture covers the whole vocabulary
        QCOMPARE(r.summary.countedTwice, countedAgain);
        QCOMPARE(r.summary.events, qint64(set.events.size()));
        QCOMPARE(r.summary.valueCountedTwice.value(u"EUR"_s), 99.5);
        QCOMPARE(r.summary.valueCountedTwice.value(u"USD"_s), 159.0);
        QCOMPARE(r.summary.rejected, 1);
        QCOMPARE(r.summary.lost, 0); // its Pixel twin still counts
    }

    void scenarioFixTexts()
    {
        const CaptureSet set = scenario();
        const DedupResult r = Matcher().match(set.events);
        const auto fixOf = [&](const QString &id, Side side) {
            for (size_t i = 0; i < set.events.size(); ++i) {
                if (set.events[i].eventId == id && set.events[i].side == side)
                    return explain(set.events, r, qsizetype(i));
            }
            return Explanation{};
        };
        QVERIFY(fixOf(u"42"_s, Side::Server).fix.contains(u"purchase_{id}"_s));
        QVERIFY(fixOf(u"42"_s, Side::Server).fix.contains(u"\u201C42\u201D"_s));
        QVERIFY(fixOf(u"purchase_4004"_s, Side::Server).fix.contains(u"1767227000 instead of 1767227000200"_s));
        QVERIFY(fixOf(u"sub-1"_s, Side::Server).text.contains(u"3 h after"_s));
        QVERIFY(fixOf(u"cp-9"_s, Side::Browser).fix.contains(u"\u201CPurchase\u201D from your server instead of \u201CCompletePayment\u201D"_s));
        QVERIFY(fixOf(u"lead-555"_s, Side::Server).fix.contains(u"/1234567890/events"_s));
        QVERIFY(fixOf(u"order-1 "_s, Side::Browser).text.contains(u"spaces"_s));
        QVERIFY(fixOf(u"ORDER-77"_s, Side::Browser).text.contains(u"case"_s));
    }

    // Meta favours the browser event when both arrive within 5 minutes, even if the server's
    // came first; beyond that the first received is kept.
    void keepsBrowserWithinFiveMinutes()
    {
        const std::vector<CapturedEvent> events{ev(Side::Server, u"Purchase"_s, u"o1"_s, T0), ev(Side::Browser, u"Purchase"_s, u"o1"_s, T0 + 120),
                                                ev(Side::Server, u"Purchase"_s, u"o2"_s, T0), ev(Side::Browser, u"Purchase"_s, u"o2"_s, T0 + 301)};
        const DedupResult r = Matcher().match(events);
        QCOMPARE(categories(r), QStringList(4, u"deduplicated"_s));
        QCOMPARE(effects(r), (QStringList{u"merged_away"_s, u"counted"_s, u"counted"_s, u"merged_away"_s}));
        QCOMPARE(r.summary.dedupRate, 1.0);
        QVERIFY(explain(events, r, 1).text.contains(u"favours the browser"_s));
        QVERIFY(explain(events, r, 2).text.contains(u"arrived first"_s));
    }

    void windowIsAnOption()
    {
        const std::vector<CapturedEvent> events{ev(Side::Browser, u"Lead"_s, u"l"_s, T0), ev(Side::Server, u"Lead"_s, u"l"_s, T0 + 2 * 3600)};
        QCOMPARE(categories(Matcher().match(events)), QStringList(2, u"time_unit_error"_s)); // merged, but 2 h apart
        DedupOptions narrow;
        narrow.windowMs = 3600 * 1000;
        const DedupResult r = Matcher(narrow).match(events);
        QCOMPARE(categories(r), QStringList(2, u"outside_window"_s));
        QCOMPARE(effects(r), (QStringList{u"counted"_s, u"counted_again"_s}));
    }

    void sameSideRepeatAfterTheWindowCountsAgain()
    {
        const std::vector<CapturedEvent> events{ev(Side::Server, u"Lead"_s, u"l"_s, T0), ev(Side::Server, u"Lead"_s, u"l"_s, T0 + 49 * 3600)};
        const DedupResult r = Matcher().match(events);
        QCOMPARE(categories(r), (QStringList{u"server_only"_s, u"duplicate_same_side"_s}));
        QCOMPARE(effects(r), (QStringList{u"counted"_s, u"counted_again"_s}));
        QCOMPARE(r.verdicts[1].counterpart, 0);
        QVERIFY(explain(events, r, 1).text.contains(u"counts it again"_s));
    }

    void idFormatEvidence_data()
    {
        QTest::addColumn<QString>("browserId");
        QTest::addColumn<QString>("serverId");
        QTest::addColumn<qint64>("apart");
        QTest::addColumn<QString>("category");
        QTest::newRow("prefix") << u"purchase_42"_s << u"42"_s << qint64(3600 * 20) << u"id_mismatch"_s;
        QTest::newRow("suffix on server") << u"42"_s << u"42-paid"_s << qint64(60) << u"id_mismatch"_s;
        QTest::newRow("quotes") << u"\"o-9\""_s << u"o-9"_s << qint64(60) << u"id_mismatch"_s;
        QTest::newRow("shared number, close") << u"purchase_4711"_s << u"order-4711"_s << qint64(600) << u"id_mismatch"_s;
        QTest::newRow("shared number, hours apart") << u"purchase_4711"_s << u"order-4711"_s << qint64(3 * 3600) << u"browser_only"_s;
        QTest::newRow("shared word only") << u"purchase_a"_s << u"purchase_b"_s << qint64(60) << u"browser_only"_s;
        QTest::newRow("unrelated, no value") << u"abc"_s << u"xyz"_s << qint64(10) << u"browser_only"_s;
    }
    void idFormatEvidence()
    {
        QFETCH(QString, browserId);
        QFETCH(QString, serverId);
        QFETCH(qint64, apart);
        QFETCH(QString, category);
        const std::vector<CapturedEvent> events{ev(Side::Browser, u"Purchase"_s, browserId, T0),
                                                ev(Side::Server, u"Purchase"_s, serverId, T0 + apart)};
        const DedupResult r = Matcher().match(events);
        QCOMPARE(categoryName(r.verdicts[0].category), category);
        if (category == u"id_mismatch"_s)
            QCOMPARE(r.verdicts[1].effect, Effect::CountedAgain);
    }

    // Unrelated ids are linked only by the same value at the same moment.
    void valueLinkNeedsSameValueAndMoment()
    {
        const std::vector<CapturedEvent> events{
            withValue(ev(Side::Browser, u"Purchase"_s, u"uuid-a"_s, T0), 20, u"EUR"_s),
            withValue(ev(Side::Server, u"Purchase"_s, u"9001"_s, T0 + 30), 21, u"EUR"_s),
            withValue(ev(Side::Server, u"Purchase"_s, u"9002"_s, T0 + 600), 20, u"EUR"_s),
            withValue(ev(Side::Server, u"Purchase"_s, u"9003"_s, T0 + 40), 20, u"EUR"_s),
        };
        const DedupResult r = Matcher().match(events);
        QCOMPARE(categories(r), (QStringList{u"id_mismatch"_s, u"server_only"_s, u"server_only"_s, u"id_mismatch"_s}));
        QCOMPARE(r.verdicts[0].counterpart, 3);
    }

    void nameBeforePixel()
    {
        const std::vector<CapturedEvent> events{
            ev(Side::Browser, u"Purchase"_s, u"x"_s, T0, u"1"_s),
            ev(Side::Server, u"Purchase"_s, u"x"_s, T0 + 5, u"2"_s),
            ev(Side::Server, u"purchase"_s, u"x"_s, T0 + 50, u"1"_s),
        };
        const DedupResult r = Matcher().match(events);
        QCOMPARE(categories(r), (QStringList{u"name_mismatch"_s, u"server_only"_s, u"name_mismatch"_s}));
    }

    void missingIdsPairOnlyWithTheSameValue()
    {
        const std::vector<CapturedEvent> events{
            withValue(ev(Side::Browser, u"Purchase"_s, QString(), T0), 10, u"USD"_s),
            withValue(ev(Side::Server, u"Purchase"_s, QString(), T0 + 10), 11, u"USD"_s),
            withValue(ev(Side::Server, u"Purchase"_s, u"  "_s, T0 + 20), 10, u"USD"_s),
        };
        const DedupResult r = Matcher().match(events);
        QCOMPARE(categories(r), QStringList(3, u"missing_event_id"_s));
        QCOMPARE(r.verdicts[0].counterpart, 2);
        QCOMPARE(r.verdicts[1].counterpart, -1);
        QCOMPARE(r.summary.countedTwice, 1);
        QCOMPARE(r.summary.valueCountedTwice.value(u"USD"_s), 10.0);
    }

    void rejectedWithoutTwinIsLost()
    {
        CapturedEvent ms = withValue(ev(Side::Server, u"Purchase"_s, u"p-1"_s, T0), 30, u"EUR"_s);
        ms.rawTime = T0 * 1000;
        ms.timeUnit = TimeUnit::Milliseconds;
        CapturedEvent missing = ev(Side::Server, u"Lead"_s, u"l-1"_s, 0);
        missing.timeUnit = TimeUnit::Missing;
        missing.rawTime = 0;
        const std::vector<CapturedEvent> events{ms, missing};
        const DedupResult r = Matcher().match(events);
        QCOMPARE(categories(r), QStringList(2, u"time_unit_error"_s));
        QCOMPARE(effects(r), QStringList(2, u"rejected"_s));
        QCOMPARE(r.summary.lost, 2);
        QCOMPARE(r.summary.valueLost.value(u"EUR"_s), 30.0);
        QVERIFY(explain(events, r, 0).text.contains(u"is lost"_s));
        QVERIFY(explain(events, r, 1).text.contains(u"no event_time"_s));
    }

    void cancelledRunIsEmpty()
    {
        std::atomic<bool> cancel{true};
        Matcher m;
        m.setCancelFlag(&cancel);
        const std::vector<CapturedEvent> events{ev(Side::Browser, u"Lead"_s, u"l"_s, T0)};
        QVERIFY(m.match(events).verdicts.empty());
    }

    void durations()
    {
        QCOMPARE(formatDuration(450), u"450 ms"_s);
        QCOMPARE(formatDuration(-59000), u"59 s"_s);
        QCOMPARE(formatDuration(3 * 3600000 + 5 * 60000), u"3 h 5 min"_s);
        QCOMPARE(formatDuration(50LL * 3600000), u"2 d 2 h"_s);
    }

    void jsonReport()
    {
        const CaptureSet set = scenario();
        const DedupResult r = Matcher().match(set.events);
        QBuffer buffer;
        QVERIFY(buffer.open(QIODevice::WriteOnly));
        QString error;
        QVERIFY(writeReport(buffer, ReportFormat::Json, set, r, &error));
        QJsonParseError parseError;
        const QJsonObject doc = QJsonDocument::fromJson(buffer.data(), &parseError).object();
        QCOMPARE(parseError.error, QJsonParseError::NoError);
        const QJsonObject summary = doc.value(u"summary"_s).toObject();
        QCOMPARE(summary.value(u"categories"_s).toObject().size(), CategoryCount);
        QCOMPARE(summary.value(u"counted_twice"_s).toObject().value(u"value"_s).toObject().value(u"EUR"_s).toDouble(), 99.5);
        const QJsonArray events = doc.value(u"events"_s).toArray();
        QCOMPARE(size_t(events.size()), set.events.size());
        for (const QJsonValue &v : events) {
            const QJsonObject e = v.toObject();
            for (const char *key : {"category", "pixel_id", "event_name", "event_id", "side", "time", "counterpart", "explanation", "fix"})
                QVERIFY2(e.contains(QLatin1StringView(key)), key);
        }
        const QJsonObject first = events.first().toObject();
        QCOMPARE(first.value(u"counterpart"_s).toObject().value(u"side"_s).toString(), u"server"_s);
        QCOMPARE(first.value(u"time"_s).toString(), u"2026-01-01T00:00:00.000Z"_s);
    }

    void csvReport()
    {
        std::vector<CapturedEvent> events{ev(Side::Browser, u"Purchase"_s, u"=cmd|' /C calc'!A0"_s, T0), ev(Side::Server, u"Lead"_s, u"a,b"_s, T0)};
        CaptureSet set;
        set.events = events;
        const DedupResult r = Matcher().match(set.events);
        QBuffer buffer;
        QVERIFY(buffer.open(QIODevice::WriteOnly));
        QVERIFY(writeReport(buffer, ReportFormat::Csv, set, r, nullptr));
        const QList<QByteArray> lines = buffer.data().split('\n');
        QVERIFY(lines[0].startsWith("category,effect,side,pixel_id,event_name,event_id,time"));
        QVERIFY(lines[1].startsWith("browser_only,counted,browser,1,Purchase,'=cmd|' /C calc'!A0,"));
        QVERIFY(lines[2].contains(",\"a,b\","));
    }

    void htmlReportIsSelfContained()
    {
        std::vector<CapturedEvent> events{ev(Side::Browser, u"Purchase"_s, u"<script>alert(1)</script>"_s, T0),
                                          ev(Side::Server, u"Purchase"_s, u"42"_s, T0)};
        CaptureSet set;
        set.events = events;
        const DedupResult r = Matcher().match(set.events);
        QBuffer buffer;
        QVERIFY(buffer.open(QIODevice::WriteOnly));
        QVERIFY(writeReport(buffer, ReportFormat::Html, set, r, nullptr));
        const QByteArray html = buffer.data();
        QVERIFY(html.startsWith("<!DOCTYPE html>"));
        QVERIFY(html.contains("<style>"));
        QVERIFY(!html.contains("<script"));
        QVERIFY(!html.contains("<link"));
        QVERIFY(!html.contains(" src="));
        QVERIFY(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        QVERIFY(html.contains("browser_only"));
        QVERIFY(html.trimmed().endsWith("</html>"));
    }
};

QTEST_GUILESS_MAIN(TestDedupMatcher)
#include "tst_dedupmatcher.moc"
