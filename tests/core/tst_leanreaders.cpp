// The lean readers of /tr URL lists and CAPI JSON Lines must read exactly what the general
// parsers read: every event field, every issue, every count; on the fixtures and on seeded
// random mutations (wrong types, escapes, Unicode, huge numbers, broken bytes).
#include "capture/capturereader.h"
#include "capture/leanjson.h"
#include "capture/readcontext.h"

#include <QtCore/QFile>
#include <QtCore/QRandomGenerator>
#include <QtCore/QTemporaryDir>
#include <QtTest/QTest>

#include <cmath>

using namespace Qt::StringLiterals;
using namespace capiqa::capture;

namespace {

const QString Data = QStringLiteral(CAPIQA_TEST_DATA) + u"/dedup/"_s;

CaptureSet readWith(const QString &path, Side side, bool lean)
{
    ReadOptions options;
    options.leanReaders = lean;
    CaptureReader reader(options);
    reader.addFile(path, side);
    CaptureSet set;
    reader.read(set);
    return set;
}

QString describe(const CapturedEvent &e)
{
    return u"%1|%2|%3|%4|%5|%6|%7|%8|%9"_s.arg(e.pixelId, e.eventName, e.eventId, e.currency)
        .arg(e.hasValue ? QString::number(e.value, 'g', 17) + (std::signbit(e.value) ? u"(-)"_s : QString()) : u"-"_s)
        .arg(e.rawTime)
        .arg(e.timeMs)
        .arg(timeUnitName(e.timeUnit))
        .arg(u"%1@%2+%3 f%4 %5"_s.arg(e.line).arg(e.offset).arg(e.length).arg(e.file).arg(sideName(e.side)));
}

// Both readers over one file: the same events, issues and counts, field by field.
void compareReaders(const QString &path, Side side)
{
    const CaptureSet lean = readWith(path, side, true);
    const CaptureSet full = readWith(path, side, false);
    QCOMPARE(lean.events.size(), full.events.size());
    for (size_t i = 0; i < lean.events.size(); ++i)
        QCOMPARE(describe(lean.events[i]), describe(full.events[i]));
    QCOMPARE(lean.issues.size(), full.issues.size());
    for (qsizetype i = 0; i < lean.issues.size(); ++i)
        QCOMPARE(lean.issues.at(i).toString(), full.issues.at(i).toString());
    QCOMPARE(lean.files.size(), full.files.size());
    QCOMPARE(lean.files.front().events, full.files.front().events);
    QCOMPARE(lean.files.front().ignored, full.files.front().ignored);
    QCOMPARE(lean.files.front().issues, full.files.front().issues);
    QCOMPARE(lean.notes, full.notes);
}

QString writeLines(const QTemporaryDir &dir, const QString &name, const QList<QByteArray> &lines)
{
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return {};
    for (const QByteArray &line : lines)
        f.write(line + '\n');
    return path;
}

template <class T, size_t N>
const T &pick(QRandomGenerator &rng, const T (&items)[N])
{
    return items[rng.bounded(int(N))];
}

// Byte-level damage on some lines: a byte dropped, inserted or changed, or the line cut short.
QByteArray damage(QRandomGenerator &rng, QByteArray line)
{
    static const char bytes[] = {'"', '\\', '{', '}', '[', ']', ',', ':', ' ', '\t', '\0', 'x', '0', '-', '\x80', '\xC3', '\xFF'};
    if (line.isEmpty())
        return line;
    const qsizetype at = rng.bounded(line.size());
    switch (rng.bounded(5)) {
    case 0: line.remove(at, 1); break;
    case 1: line.insert(at, pick(rng, bytes)); break;
    case 2: line[at] = pick(rng, bytes); break;
    case 3: line.truncate(at); break;
    default: break;
    }
    return line;
}

// A CAPI value in the plain form or in one of the forms only the full parser reads.
QByteArray jsonValue(QRandomGenerator &rng, const QByteArray &plain)
{
    static const QByteArray tricky[] = {
        "null", "true", "{}", "[]", "\"\"", "0", "-0", "-1", "1.5", "-0.0", "1e3", "1E+2", "12345678901234567890", "1e400",
        "123456789012345", "1234567890123456", "\"12.5\"", "\"1767225600\"", "\"2026-01-01T00:00:00Z\"", "\"caf\\u00e9\"",
        "\"caf\xC3\xA9\"", "\"a\\\"b\"", "\"https:\\/\\/x\"", "\"\\ud83d\\ude00\"", "\"\\ud800\"", "\"tab\there\"", "\"\\x\"", "01", "1.",
        ".5", "\"Purchase\"", "\"purchase_42\"", "42", "1767225600", "1767225600123", "\"EUR\"", "{\"a\":[1,{\"b\":null}]}",
    };
    return rng.bounded(3) == 0 ? pick(rng, tricky) : plain;
}

QByteArray serverLine(QRandomGenerator &rng, int i)
{
    const QByteArray id = "\"purchase_" + QByteArray::number(100000 + i) + '"';
    const auto member = [&](const char *key, const QByteArray &plain) {
        return rng.bounded(12) == 0 ? QByteArray() : '"' + QByteArray(key) + "\":" + jsonValue(rng, plain) + ',';
    };
    QByteArray customData = "{" + member("value", QByteArray::number(double(rng.bounded(20000)) / 100.0, 'f', 2))
        + member("currency", "\"EUR\"") + "\"content_ids\":[\"a\",\"b\"]}";
    if (rng.bounded(20) == 0)
        customData = jsonValue(rng, "null");
    QByteArray event = "{" + member("event_name", "\"Purchase\"") + member("event_id", id) + member("eid", id)
        + member("pixel_id", "\"1234567890\"") + member("event_time", QByteArray::number(1767225600 + i))
        + "\"action_source\":\"website\",\"event_source_url\":\"https:\\/\\/shop.example\\/thank-you\","
          "\"user_data\":{\"em\":[\"309a0a5c\"],\"client_user_agent\":\"Mozilla/5.0 (X11)\"},"
        + (rng.bounded(10) == 0 ? member("event_name", "\"Lead\"") : QByteArray()) + "\"custom_data\":" + customData + "}";
    QByteArray line = event;
    switch (rng.bounded(8)) {
    case 0: line = "{\"data\":[" + event + "," + event + "],\"pixel_id\":" + jsonValue(rng, "\"555\"") + "}"; break;
    case 1: line = "{\"data\":" + jsonValue(rng, "[]") + "}"; break;
    case 2: line = "  " + event + " \t"; break;
    case 3: line = "[" + event + "]"; break;
    case 4: line = "{\"source\":\"browser\"," + event.sliced(1); break;
    default: break;
    }
    return rng.bounded(5) == 0 ? damage(rng, line) : line;
}

QByteArray urlValue(QRandomGenerator &rng, const QByteArray &plain)
{
    static const QByteArray tricky[] = {"",     "%20", "a+b",   "12.50", "1e3", " 5",  "-3",    "+7",  "0012",     "12.",
                                        ".5",   "inf", "nan",   "caf\xC3\xA9",     "\xFF", "1767225600123", "99999999999999999999",
                                        "%E2%82%AC", "Microdata", "purchase_42"};
    return rng.bounded(4) == 0 ? pick(rng, tricky) : plain;
}

QByteArray urlLine(QRandomGenerator &rng, int i)
{
    QByteArray query = "id=" + urlValue(rng, "1234567890") + "&ev=" + urlValue(rng, "Purchase")
        + "&dl=https%3A%2F%2Fshop.example%2F&rl=&if=false&ts=" + urlValue(rng, QByteArray::number(1767225600000LL + i))
        + "&cd[value]=" + urlValue(rng, "12.34") + "&cd[currency]=" + urlValue(rng, "EUR") + "&sw=1920&eid="
        + urlValue(rng, "purchase_" + QByteArray::number(i));
    static const QByteArray extras[] = {"&eid=again", "&cd%5Bvalue%5D=9", "&ts=5", "&e+v=x", "&noequals", "&&", "&id=",
                                        "#frag", "&cd[value]=1,5"};
    if (rng.bounded(4) == 0)
        query += pick(rng, extras);
    const QByteArray line = "https://www.facebook.com/tr/?" + query;
    return rng.bounded(8) == 0 ? damage(rng, line) : line;
}

} // namespace

class TestLeanReaders : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void plainLinesTakeTheLeanPath();
    void unusualLinesTakeTheFullParser_data();
    void unusualLinesTakeTheFullParser();
    void fixtures();
    void randomServerLines();
    void randomUrls();
};

// Guards the comparisons below: if the lean readers never ran, they would compare nothing.
void TestLeanReaders::plainLinesTakeTheLeanPath()
{
    std::vector<detail::LeanEvent> events;
    std::string_view pixel;
    QVERIFY(detail::readLeanServerLine(R"({"event_name":"Purchase","event_id":"p_1","event_time":1767225600,)"
                                       R"("user_data":{"em":["ab"]},"custom_data":{"value":12.5,"currency":"EUR"}})",
                                       events, pixel));
    QCOMPARE(events.size(), size_t(1));
    QVERIFY(events[0].eventName == "Purchase");
    QVERIFY(events[0].eventId == "p_1");
    QCOMPARE(events[0].time, 1767225600LL);
    QCOMPARE(events[0].value, 12.5);
    QVERIFY(events[0].currency == "EUR");
    QVERIFY(detail::readLeanServerLine(R"( {"data": [{"event_name": "Lead", "eid": 42}], "pixel_id": "77"} )", events, pixel));
    QCOMPARE(events.size(), size_t(1));
    QVERIFY(events[0].eventId == "42");
    QVERIFY(pixel == "77");

    detail::StringPool pool;
    std::optional<CapturedEvent> e;
    QVERIFY(detail::leanPixelEvent("id=1&ev=Purchase&ts=1767225600123&cd[value]=9.5&cd[currency]=EUR&eid=x", pool, e));
    QVERIFY(e.has_value());
    QCOMPARE(e->eventId, u"x"_s);
    QCOMPARE(e->timeUnit, TimeUnit::Milliseconds);
    QCOMPARE(e->value, 9.5);
}

void TestLeanReaders::unusualLinesTakeTheFullParser_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::newRow("escape in a name") << QByteArray(R"({"event_name":"Purch\u0061se"})");
    QTest::newRow("non-ASCII name") << QByteArray("{\"event_name\":\"Caf\xC3\xA9\"}");
    QTest::newRow("string time") << QByteArray(R"({"event_name":"A","event_time":"1767225600"})");
    QTest::newRow("numeric string value") << QByteArray(R"({"event_name":"A","custom_data":{"value":"12.5"}})");
    QTest::newRow("duplicate key") << QByteArray(R"({"event_name":"A","event_name":"B"})");
    QTest::newRow("source") << QByteArray(R"({"source":"browser","event_name":"A"})");
    QTest::newRow("array line") << QByteArray(R"([{"event_name":"A"}])");
    QTest::newRow("no name") << QByteArray(R"({"event_id":"1"})");
    QTest::newRow("huge integer id") << QByteArray(R"({"event_name":"A","event_id":12345678901234567890})");
    QTest::newRow("garbage after") << QByteArray(R"({"event_name":"A"} x)");
    QTest::newRow("leading zero") << QByteArray(R"({"event_name":"A","x":01})");
    QTest::newRow("bad escape skipped") << QByteArray(R"({"event_name":"A","x":"\q"})");
    QTest::newRow("lone surrogate") << QByteArray(R"({"event_name":"A","x":"\ud800"})");
}

void TestLeanReaders::unusualLinesTakeTheFullParser()
{
    QFETCH(QByteArray, line);
    std::vector<detail::LeanEvent> events;
    std::string_view pixel;
    QVERIFY(!detail::readLeanServerLine(std::string_view(line.constData(), size_t(line.size())), events, pixel));
}

void TestLeanReaders::fixtures()
{
    compareReaders(Data + u"scenario-server.jsonl"_s, Side::Server);
    compareReaders(Data + u"scenario-chrome.har"_s, Side::Browser);
}

void TestLeanReaders::randomServerLines()
{
    QRandomGenerator rng(20260107);
    // A plain first line, so the file is detected as JSON Lines whatever follows.
    QList<QByteArray> lines{R"({"event_name":"Purchase","event_id":"p","event_time":1767225600})"};
    int leanLines = 0;
    std::vector<detail::LeanEvent> events;
    std::string_view pixel;
    for (int i = 0; i < 4000; ++i) {
        lines.append(serverLine(rng, i));
        leanLines += detail::readLeanServerLine(std::string_view(lines.back().constData(), size_t(lines.back().size())), events, pixel);
    }
    // Both paths must get real work for the comparison to mean something.
    QVERIFY2(leanLines > 200 && leanLines < 3800, qPrintable(QString::number(leanLines)));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = writeLines(dir, u"server.jsonl"_s, lines);
    compareReaders(path, Side::Server);
}

void TestLeanReaders::randomUrls()
{
    QRandomGenerator rng(20260108);
    QList<QByteArray> lines{"https://www.facebook.com/tr/?id=1&ev=Lead"};
    int leanLines = 0;
    detail::StringPool pool;
    std::optional<CapturedEvent> e;
    for (int i = 0; i < 4000; ++i) {
        lines.append(urlLine(rng, i));
        const qsizetype q = lines.back().indexOf('?');
        leanLines += q >= 0 && detail::leanPixelEvent(QByteArrayView(lines.back()).sliced(q + 1), pool, e);
    }
    QVERIFY2(leanLines > 200 && leanLines < 3800, qPrintable(QString::number(leanLines)));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = writeLines(dir, u"urls.txt"_s, lines);
    compareReaders(path, Side::Browser);
}

QTEST_GUILESS_MAIN(TestLeanReaders)
#include "tst_leanreaders.moc"
