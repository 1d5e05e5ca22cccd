// The capture readers: every browser's HAR shape, the other formats, and bad input that must
// give an error naming file and line/offset while the rest of the file is still used.
#include "capture/capturereader.h"
#include "emulator/recordfile.h"

#include <QtCore/QFile>
#include <QtCore/QRandomGenerator>
#include <QtCore/QTemporaryDir>
#include <QtTest/QTest>

#include <zlib.h>

using namespace Qt::StringLiterals;
using namespace capiqa::capture;

namespace {

const QString Data = QStringLiteral(CAPIQA_TEST_DATA) + u"/dedup/"_s;

CaptureSet readFiles(const QList<std::pair<QString, Side>> &files, const QString &pixel = {})
{
    ReadOptions options;
    options.defaultPixelId = pixel;
    CaptureReader reader(options);
    for (const auto &[path, side] : files)
        reader.addFile(path, side);
    CaptureSet set;
    reader.read(set);
    return set;
}

CaptureSet readOne(const QString &path, Side side = Side::Browser)
{
    return readFiles({{path, side}});
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &bytes)
{
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
        return {};
    return path;
}

QStringList issueTexts(const CaptureSet &set)
{
    QStringList out;
    for (const CaptureIssue &i : set.issues)
        out << i.toString();
    return out;
}

QByteArray gzipped(const QByteArray &data)
{
    z_stream zs{};
    deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    QByteArray out(int(deflateBound(&zs, uLong(data.size()))) + 32, Qt::Uninitialized);
    zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData()));
    zs.avail_in = uInt(data.size());
    zs.next_out = reinterpret_cast<Bytef *>(out.data());
    zs.avail_out = uInt(out.size());
    deflate(&zs, Z_FINISH);
    out.resize(qsizetype(zs.total_out));
    deflateEnd(&zs);
    return out;
}

// A minimal Chrome-like HAR around the given entries (JSON texts).
QByteArray har(const QList<QByteArray> &entries)
{
    QByteArray out = "{\"log\": {\"version\": \"1.2\", \"creator\": {\"name\": \"WebInspector\", \"version\": \"537.36\"},\n \"entries\": [\n";
    for (qsizetype i = 0; i < entries.size(); ++i)
        out += (i ? ",\n" : "") + entries.at(i);
    return out + "\n]}}\n";
}

QByteArray getEntry(const QByteArray &query)
{
    return "{\"startedDateTime\": \"2026-01-01T00:00:00.000Z\", \"request\": {\"method\": \"GET\", \"url\": "
           "\"https://www.facebook.com/tr/?" + query + "\", \"headers\": []}, \"response\": {\"status\": 200}}";
}

QByteArray postEntry(const QByteArray &postData)
{
    return "{\"startedDateTime\": \"2026-01-01T00:00:00.000Z\", \"request\": {\"method\": \"POST\", \"url\": "
           "\"https://www.facebook.com/tr/\", \"headers\": [], \"postData\": " + postData + "}, \"response\": {\"status\": 200}}";
}

} // namespace

class TestCaptureReader : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // Chrome: GET hits, form POST, multipart, base64 and gzip+base64 bodies, a noscript hit
    // without ts; other requests and the automatic Microdata event are not events.
    void chromeHar()
    {
        const CaptureSet set = readOne(Data + u"scenario-chrome.har"_s);
        QVERIFY2(set.issues.isEmpty(), qPrintable(issueTexts(set).join(u'\n')));
        QCOMPARE(set.files.size(), 1);
        QCOMPARE(set.files[0].format, CaptureFormat::Har);
        QCOMPARE(set.events.size(), size_t(18));
        QCOMPARE(set.files[0].ignored, 3);
        const CapturedEvent &first = set.events.front();
        QCOMPARE(first.side, Side::Browser);
        QCOMPARE(first.pixelId, u"1234567890"_s);
        QCOMPARE(first.eventName, u"Purchase"_s);
        QCOMPARE(first.eventId, u"purchase_1001"_s);
        QCOMPARE(first.rawTime, 1767225600000);
        QCOMPARE(first.timeUnit, TimeUnit::Milliseconds);
        QVERIFY(first.hasValue);
        QCOMPARE(first.value, 59.9);
        QCOMPARE(first.currency, u"EUR"_s);
        QVERIFY(first.line > 1);
        // The record can be read back from the file for a detail view.
        const QByteArray record = set.readRecord(first);
        QVERIFY(record.startsWith('{'));
        QVERIFY(record.contains("purchase_1001"));
        QVERIFY(record.endsWith('}'));

        QStringList ids;
        for (const CapturedEvent &e : set.events)
            ids << e.eventId;
        QVERIFY(ids.contains(u"lead-abc"_s));                             // form POST
        QVERIFY(ids.contains(u"3f1c9a52-8e41-4c2b-9a7e-0d5b6c7e8f90"_s)); // multipart
        QVERIFY(ids.contains(u"cp-9"_s));                                 // base64 body
        QVERIFY(ids.contains(u"sub-1"_s));                                // gzip + base64 body
        QVERIFY(ids.contains(u"order-1 "_s));                             // the trailing space survives
        const auto noscript = std::find_if(set.events.cbegin(), set.events.cend(), [](const CapturedEvent &e) { return e.eventId == u"atc-1"_s; });
        QVERIFY(noscript != set.events.cend());
        QCOMPARE(noscript->timeUnit, TimeUnit::Missing);
        QCOMPARE(noscript->timeMs, (1767225600LL + 200) * 1000); // the entry's startedDateTime
    }

    void firefoxHar()
    {
        const CaptureSet set = readOne(Data + u"firefox.har"_s);
        QVERIFY2(set.issues.isEmpty(), qPrintable(issueTexts(set).join(u'\n')));
        QCOMPARE(set.events.size(), size_t(3));
        QCOMPARE(set.events[0].eventName, u"PageView"_s);
        QCOMPARE(set.events[0].eventId, QString());
        QCOMPARE(set.events[1].eventId, u"ff-order-1"_s);
        QCOMPARE(set.events[1].value, 25.0);
        QCOMPARE(set.events[1].currency, u"GBP"_s);
        QCOMPARE(set.events[1].timeMs, 1767225600000 + 900);
        // Firefox lists a form POST in postData.params with an empty text.
        QCOMPARE(set.events[2].eventName, u"Lead"_s);
        QCOMPARE(set.events[2].eventId, u"ff-lead-1"_s);
        QCOMPARE(set.events[2].timeMs, 1767225600000 + 2000);
    }

    void safariHar()
    {
        const CaptureSet set = readOne(Data + u"safari.har"_s);
        QVERIFY2(set.issues.isEmpty(), qPrintable(issueTexts(set).join(u'\n')));
        QCOMPARE(set.events.size(), size_t(2));
        QCOMPARE(set.events[0].eventId, u"sf-view-1"_s);
        // A sendBeacon body sent as text/plain is still a form.
        QCOMPARE(set.events[1].eventName, u"AddToCart"_s);
        QCOMPARE(set.events[1].eventId, u"sf-atc-1"_s);
        QCOMPARE(set.events[1].value, 12.5);
    }

    void serverJsonLines()
    {
        const CaptureSet set = readOne(Data + u"scenario-server.jsonl"_s, Side::Server);
        QVERIFY2(set.issues.isEmpty(), qPrintable(issueTexts(set).join(u'\n')));
        QCOMPARE(set.files[0].format, CaptureFormat::CapiJsonLines);
        QCOMPARE(set.events.size(), size_t(18));
        // The first line is a request with three events: all point at line 1.
        QCOMPARE(set.events[0].line, 1);
        QCOMPARE(set.events[2].line, 1);
        QCOMPARE(set.events[3].line, 2);
        QCOMPARE(set.events[0].side, Side::Server);
        QCOMPARE(set.events[0].timeUnit, TimeUnit::Seconds);
        // A CAPI body has no pixel id; with one pixel on the browser side it is filled in.
        QVERIFY(set.events[0].pixelId.isEmpty());
        const CaptureSet both = readFiles({{Data + u"safari.har"_s, Side::Browser}, {Data + u"scenario-server.jsonl"_s, Side::Server}});
        QCOMPARE(both.events.back().pixelId, u"1234567890"_s);
        QCOMPARE(both.notes.size(), 1);
    }

    void emulatorRecordBothSides()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"record.jsonl"_s);
        capiqa::emulator::RecordFile record;
        QString error;
        QVERIFY(record.open(path, &error));
        capiqa::emulator::ReceivedEvent browser;
        browser.source = capiqa::emulator::EventSource::Browser;
        browser.pixelId = u"42"_s;
        browser.eventName = u"Purchase"_s;
        browser.eventId = u"o-1"_s;
        browser.eventTime = 1767225600;
        browser.event = QJsonObject{{u"id"_s, u"42"_s}, {u"ev"_s, u"Purchase"_s}, {u"eid"_s, u"o-1"_s}, {u"ts"_s, u"1767225600123"_s}};
        browser.customData = QJsonObject{{u"value"_s, u"12.5"_s}, {u"currency"_s, u"EUR"_s}};
        capiqa::emulator::ReceivedEvent server;
        server.pixelId = u"42"_s;
        server.eventName = u"Purchase"_s;
        server.eventId = u"o-1"_s;
        server.eventTime = 1767225610;
        capiqa::emulator::ReceivedEvent rejected = server;
        rejected.httpStatus = 400;
        QVERIFY(record.append({browser}, &error));
        QVERIFY(record.append({server}, &error));
        QVERIFY(record.append({rejected}, &error));
        record.close();

        const CaptureSet set = readOne(path, Side::Server);
        QVERIFY2(set.issues.isEmpty(), qPrintable(issueTexts(set).join(u'\n')));
        QCOMPARE(set.files[0].format, CaptureFormat::EmulatorRecord);
        QCOMPARE(set.events.size(), size_t(2));
        QCOMPARE(set.files[0].ignored, 1); // the rejected request: Meta would not count it
        QCOMPARE(set.events[0].side, Side::Browser);
        QCOMPARE(set.events[0].rawTime, 1767225600123);
        QCOMPARE(set.events[0].timeUnit, TimeUnit::Milliseconds);
        QCOMPARE(set.events[0].value, 12.5);
        QCOMPARE(set.events[1].side, Side::Server);
        QCOMPARE(set.events[1].pixelId, u"42"_s);
        QCOMPARE(set.events[1].rawTime, 1767225610);
    }

    void urlList()
    {
        QTemporaryDir dir;
        const QString path = writeFile(dir, u"hits.txt"_s,
                                       "# copied from the Network tab\n"
                                       "https://www.facebook.com/tr/?id=42&ev=Purchase&eid=o-1&ts=1767225600000&cd[value]=5&cd[currency]=USD\r\n"
                                       "\n"
                                       "https://shop.example/cart.js\n"
                                       "not a url at all\n"
                                       "https://www.facebook.com/tr?id=42&ev=Lead&eid=l%20-1&ts=1767225601000#frag\n");
        const CaptureSet set = readOne(path);
        QCOMPARE(set.files[0].format, CaptureFormat::UrlList);
        QCOMPARE(set.events.size(), size_t(2));
        QCOMPARE(set.events[0].eventId, u"o-1"_s);
        QCOMPARE(set.events[0].value, 5.0);
        QCOMPARE(set.events[1].eventId, u"l -1"_s);
        QCOMPARE(set.events[1].line, 6);
        QCOMPARE(set.files[0].ignored, 1);
        QCOMPARE(set.issues.size(), 1);
        QCOMPARE(set.issues[0].line, 5);
        QVERIFY(set.issues[0].toString().contains(u"hits.txt:5"_s));
        QCOMPARE(set.readRecord(set.events[1]), "https://www.facebook.com/tr?id=42&ev=Lead&eid=l%20-1&ts=1767225601000#frag"_ba);
    }

    void csvAnyColumnOrder()
    {
        QTemporaryDir dir;
        const QString path = writeFile(dir, u"events.csv"_s,
                                       "\xEF\xBB\xBF" "event_id,source,event_time,event_name,pixel_id,value,currency\n"
                                       "\"order-1 \",browser,1767225600000,Purchase,42,10.5,EUR\n"
                                       "\"a,b\"\"c\",server,2026-01-01T00:00:10Z,Purchase,42,,\n"
                                       "x,martian,1767225600,Purchase,42,,\n"
                                       "\"open,server,1767225600,Lead,42,,\n"
                                       "y,server,yesterday,Lead,42,,\n"
                                       ",server,1767225600,Lead,42,abc,\n");
        const CaptureSet set = readOne(path, Side::Server);
        QCOMPARE(set.events.size(), size_t(3));
        QCOMPARE(set.events[0].side, Side::Browser);
        QCOMPARE(set.events[0].eventId, u"order-1 "_s);
        QCOMPARE(set.events[0].value, 10.5);
        QCOMPARE(set.events[1].eventId, u"a,b\"c"_s);
        QCOMPARE(set.events[1].timeMs, 1767225610000);
        QCOMPARE(set.events[1].timeUnit, TimeUnit::Seconds);
        QVERIFY(set.events[2].eventId.isEmpty());
        QVERIFY(!set.events[2].hasValue);
        QStringList lines;
        for (const CaptureIssue &i : set.issues)
            lines << QString::number(i.line);
        QCOMPARE(lines, (QStringList{u"4"_s, u"5"_s, u"6"_s, u"7"_s}));
    }

    void csvWithoutRequiredColumns()
    {
        QTemporaryDir dir;
        const QString path = writeFile(dir, u"bad.csv"_s, "pixel_id,event_name,when\n42,Purchase,1\n");
        const CaptureSet set = readOne(path, Side::Server);
        QCOMPARE(set.events.size(), size_t(0));
        QCOMPARE(set.issues.size(), 1);
        QVERIFY(set.issues[0].message.contains(u"event_id, event_time"_s));
        QCOMPARE(set.issues[0].line, 1);
    }

    // Cut the HAR anywhere: never a crash, the entries before the cut are read, and the cut is
    // reported with the line and offset of the entry it falls in.
    void truncatedHar_data()
    {
        QTest::addColumn<int>("percent");
        for (int p : {1, 5, 20, 35, 50, 65, 80, 95, 99})
            QTest::newRow(qPrintable(QString::number(p) + u'%')) << p;
    }
    void truncatedHar()
    {
        QFETCH(int, percent);
        const QByteArray full = readAll(Data + u"scenario-chrome.har"_s);
        const CaptureSet whole = readOne(Data + u"scenario-chrome.har"_s);
        const qsizetype cut = full.size() * percent / 100;
        QTemporaryDir dir;
        const QString path = writeFile(dir, u"cut.har"_s, full.first(cut));
        const CaptureSet set = readOne(path);
        QVERIFY(set.events.size() <= whole.events.size());
        for (size_t i = 0; i < set.events.size(); ++i) {
            QCOMPARE(set.events[i].eventId, whole.events[i].eventId);
            QVERIFY(set.events[i].offset + set.events[i].length <= cut);
        }
        QCOMPARE(set.issues.size(), 1);
        const CaptureIssue &issue = set.issues[0];
        QVERIFY(issue.offset >= 0 && issue.offset <= cut);
        QVERIFY2(issue.message.contains(u"truncated"_s) || issue.message.contains(u"no log.entries"_s), qPrintable(issue.toString()));
        if (percent >= 50)
            QVERIFY(set.events.size() >= whole.events.size() / 3);
    }

    void badHarEntries()
    {
        QTemporaryDir dir;
        const QByteArray good = getEntry("id=42&ev=Purchase&eid=ok-1&ts=1767225600000");
        const QByteArray binary = QByteArray(300, '\0').toBase64();
        QByteArray junk = getEntry("id=42&ev=Lead&eid=junk&ts=1");
        junk.replace("\"GET\"", "GET"); // not JSON any more, but still balanced
        const QByteArray content = har({
            good,
            junk,
            postEntry("{\"mimeType\": \"application/octet-stream\", \"text\": \"" + binary + "\", \"encoding\": \"base64\"}"),
            postEntry("{\"mimeType\": \"application/x-www-form-urlencoded\", \"text\": \"%%%not base64%%%\", \"encoding\": \"base64\"}"),
            postEntry("{\"mimeType\": \"application/x-www-form-urlencoded\", \"text\": \"" + QByteArray("\x1f\x8b\x08\x00garbage").toBase64()
                      + "\", \"encoding\": \"base64\"}"),
            postEntry("{\"mimeType\": \"application/x-www-form-urlencoded\", \"text\": \""
                      + gzipped("id=42&ev=Purchase&eid=gz-1&ts=1767225600000").toBase64() + "\", \"encoding\": \"base64\"}"),
            "{\"request\": {\"method\": \"GET\", \"url\": 42}, \"note\": \"/tr\"}",
            getEntry("id=42&ev=Purchase&eid=ok-2&ts=1767225600000"),
        });
        const QString path = writeFile(dir, u"bad.har"_s, content);
        const CaptureSet set = readOne(path);
        QStringList ids;
        for (const CapturedEvent &e : set.events)
            ids << e.eventId;
        QCOMPARE(ids, (QStringList{u"ok-1"_s, u"gz-1"_s, u"ok-2"_s}));
        const QStringList issues = issueTexts(set);
        QCOMPARE(issues.size(), 5);
        QVERIFY2(issues[0].contains(u"not valid JSON"_s) && issues[0].contains(u"bad.har:"_s), qPrintable(issues[0]));
        QVERIFY2(issues[1].contains(u"binary"_s), qPrintable(issues[1]));
        QVERIFY2(issues[2].contains(u"base64"_s), qPrintable(issues[2]));
        QVERIFY2(issues[3].contains(u"inflated"_s), qPrintable(issues[3]));
        QVERIFY2(issues[4].contains(u"request.url"_s), qPrintable(issues[4]));
        for (const CaptureIssue &i : set.issues)
            QVERIFY(i.line > 0 && i.offset > 0);
    }

    void badJsonLines()
    {
        QTemporaryDir dir;
        const QString path = writeFile(dir, u"server.jsonl"_s,
                                       "{\"event_name\": \"Purchase\", \"event_id\": \"a\", \"event_time\": 1767225600}\n"
                                       "{\"event_name\": \"Purchase\", \"event_id\": \n"
                                       "{\"event_name\": 42, \"event_id\": \"b\", \"event_time\": 1767225600}\n"
                                       "{\"data\": {\"event_name\": \"Lead\"}}\n"
                                       "{\"data\": [7, {\"event_name\": \"Lead\", \"event_id\": {\"x\": 1}, \"event_time\": \"2026-01-01T00:00:00Z\"}]}\n"
                                       "\"just a string\"\n"
                                       "{\"hello\": \"world\"}\n"
                                       "{\"event_name\": \"Purchase\", \"event_id\": 1001, \"event_time\": \"1767225600\"}\n");
        const CaptureSet set = readOne(path, Side::Server);
        QCOMPARE(set.events.size(), size_t(3));
        QCOMPARE(set.events[0].eventId, u"a"_s);
        QCOMPARE(set.events[1].eventName, u"Lead"_s);
        QVERIFY(set.events[1].eventId.isEmpty());
        QCOMPARE(set.events[1].timeUnit, TimeUnit::Invalid); // an ISO date where Meta wants seconds
        QCOMPARE(set.events[1].timeMs, 1767225600000);
        QCOMPARE(set.events[2].eventId, u"1001"_s);
        QCOMPARE(set.events[2].timeUnit, TimeUnit::Seconds);
        QList<qint64> lines;
        for (const CaptureIssue &i : set.issues)
            lines << i.line;
        QCOMPARE(lines, (QList<qint64>{2, 3, 4, 5, 5, 6, 7}));
        QVERIFY(set.issues[0].offset > 70); // points into line 2, where the JSON breaks
    }

    void junkAndMissingFiles()
    {
        QTemporaryDir dir;
        QByteArray junk(256 * 1024, Qt::Uninitialized);
        QRandomGenerator rng(7);
        for (char &c : junk)
            c = char(rng.bounded(256));
        const QString junkPath = writeFile(dir, u"junk.bin"_s, junk);
        const QString harJunk = writeFile(dir, u"junk.har"_s, junk);
        const QString empty = writeFile(dir, u"empty.jsonl"_s, {});
        const CaptureSet set = readFiles({{junkPath, Side::Browser}, {harJunk, Side::Browser}, {empty, Side::Server},
                                          {dir.filePath(u"missing.har"_s), Side::Browser}});
        QCOMPARE(set.files.size(), 4);
        QVERIFY(set.files[0].opened && set.files[1].opened && set.files[2].opened);
        QVERIFY(!set.files[3].opened);
        QVERIFY(set.anyUnopened());
        QVERIFY(set.files[0].issues == 1 || set.files[0].events == 0);
        QCOMPARE(set.files[1].issues, 1); // no log.entries
        QCOMPARE(set.files[2].issues, 0);
        QCOMPARE(set.files[3].issues, 1);
        QVERIFY(issueTexts(set).last().contains(u"cannot open"_s));
    }

    void cancelStopsReading()
    {
        std::atomic<bool> cancel{true};
        ReadOptions options;
        options.cancel = &cancel;
        CaptureReader reader(options);
        reader.addFile(Data + u"scenario-chrome.har"_s, Side::Browser);
        CaptureSet set;
        QVERIFY(!reader.read(set));
        QVERIFY(set.events.empty());
    }

    void detectsFormats_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("head");
        QTest::addColumn<CaptureFormat>("format");
        QTest::newRow("har by name") << u"x.har"_s << QByteArray("garbage") << CaptureFormat::Har;
        QTest::newRow("har by content") << u"x.json"_s << QByteArray("{\n  \"log\": {") << CaptureFormat::Har;
        QTest::newRow("jsonl") << u"x.txt"_s << QByteArray("{\"event_name\":\"A\"}\n{\"event_name\":\"B\"}\n") << CaptureFormat::CapiJsonLines;
        QTest::newRow("record") << u"x"_s << QByteArray("{\"seq\":1,\"received_ms\":5,\"source\":\"server\"}\n{}\n") << CaptureFormat::EmulatorRecord;
        QTest::newRow("one request") << u"x.json"_s << QByteArray("{\n  \"data\": [") << CaptureFormat::CapiJson;
        QTest::newRow("urls") << u"x"_s << QByteArray("https://www.facebook.com/tr/?id=1") << CaptureFormat::UrlList;
        QTest::newRow("csv by content") << u"x.txt"_s << QByteArray("event_name,event_id\n") << CaptureFormat::Csv;
        QTest::newRow("unknown") << u"x.bin"_s << QByteArray("\x01\x02") << CaptureFormat::Auto;
    }
    void detectsFormats()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, head);
        QFETCH(CaptureFormat, format);
        QCOMPARE(CaptureReader::detectFormat(name, head), format);
    }
};

QTEST_GUILESS_MAIN(TestCaptureReader)
#include "tst_capturereader.moc"
