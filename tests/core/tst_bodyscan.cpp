// Where the event objects sit in a CAPI body (emulator/bodyscan.h), and the compact records the
// emulator stores with it: an event that points into the body must read back exactly as the
// event parsed with the whole document, for awkward bodies and for random ones.
#include "emulator/bodyscan.h"
#include "emulator/graphprotocol.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtTest/QTest>

#include "../../bench/benchrng.h"

using namespace capiqa::emulator;
using namespace capiqa::emulator::detail;
using namespace Qt::StringLiterals;

namespace {

using Rng = capiqa::bench::Rng; // splitmix64: the same cases on every machine

QString randomText(Rng &rng)
{
    static const QString Pieces[] = {
        u"a"_s, u"{"_s, u"}"_s, u"["_s, u"]"_s, u"\""_s, u"\\"_s, u","_s, u":"_s, u"data"_s, u"é"_s, u"😀"_s,
        u"\n"_s, u"\t"_s, u"\u0001"_s, u"\ufeff"_s, u" "_s, u"/"_s, u"\u2028"_s,
    };
    QString s;
    for (int n = rng.below(6); n > 0; --n)
        s += Pieces[rng.below(int(std::size(Pieces)))];
    return s;
}

QJsonValue randomValue(Rng &rng, int depth)
{
    switch (rng.below(depth > 3 ? 5 : 7)) {
    case 0: return QJsonValue();
    case 1: return rng.below(2) == 0;
    case 2: return double(qint64(rng.next() % 4'000'000'000ULL)) / (rng.below(2) ? 1.0 : 8.0);
    case 3:
    case 4: return randomText(rng);
    case 5: {
        QJsonArray a;
        for (int n = rng.below(4); n > 0; --n)
            a.append(randomValue(rng, depth + 1));
        return a;
    }
    default: {
        QJsonObject o;
        for (int n = rng.below(5); n > 0; --n)
            o.insert(randomText(rng), randomValue(rng, depth + 1));
        return o;
    }
    }
}

QJsonObject randomRequest(Rng &rng)
{
    QJsonArray data;
    for (int n = rng.below(6); n > 0; --n) {
        if (rng.below(6) == 0) {
            data.append(randomValue(rng, 2)); // sometimes not an object: skipped
            continue;
        }
        QJsonObject event = randomValue(rng, 3).toObject();
        event.insert(u"event_name"_s, randomText(rng));
        event.insert(u"user_data"_s, QJsonObject{{u"em"_s, QJsonArray{randomText(rng)}}, {randomText(rng), randomValue(rng, 3)}});
        if (rng.below(2))
            event.insert(u"custom_data"_s, randomValue(rng, 3));
        data.append(event);
    }
    QJsonObject request{{u"data"_s, data}, {u"test_event_code"_s, randomText(rng)}};
    if (rng.below(2))
        request.insert(randomText(rng) + u"x"_s, randomValue(rng, 1)); // before or after "data"
    return request;
}

/// The objects of `request`'s data list, as serverEvents() sees them.
QList<QJsonObject> dataObjects(const QJsonObject &request)
{
    QList<QJsonObject> objects;
    for (const QJsonValue &v : request.value("data"_L1).toArray()) {
        if (v.isObject())
            objects << v.toObject();
    }
    return objects;
}

/// Events stored from `body` both ways must read back alike.
void compareStoredEvents(const QByteArray &body)
{
    const QJsonObject request = QJsonDocument::fromJson(body).object();
    const std::optional<QList<ByteSpan>> spans = dataObjectSpans(body);
    QVERIFY(spans);
    const QList<ReceivedEvent> eager = serverEvents(request, u"1"_s, body);
    const QList<ReceivedEvent> lazy = serverEvents(request, u"1"_s, body, &*spans);
    QCOMPARE(lazy.size(), eager.size());
    for (qsizetype i = 0; i < eager.size(); ++i) {
        QCOMPARE(eager.at(i).rawLength, 0);
        QVERIFY(lazy.at(i).rawLength > 0);
        QVERIFY(lazy.at(i).event.isEmpty()); // nothing parsed is kept
        QCOMPARE(lazy.at(i).eventObject(), eager.at(i).eventObject());
        QCOMPARE(lazy.at(i).userDataObject(), eager.at(i).userDataObject());
        QCOMPARE(lazy.at(i).customDataObject(), eager.at(i).customDataObject());
        QCOMPARE(toJson(lazy.at(i), true), toJson(eager.at(i), true));
    }
}

} // namespace

class TestBodyScan final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void findsEachEventObject()
    {
        const QByteArray body = " {\"test_event_code\":\"T{[\\\"]\",\r\n \"data\" : [ {\"a\":\"}\"} ,7,"
                                "{\"b\":[{\"c\":\"\\\\\"}],\"d\":{}} , \"x\", {}\t] , \"z\":[1,{\"data\":[{}]}]}\n"_ba;
        const std::optional<QList<ByteSpan>> spans = dataObjectSpans(body);
        QVERIFY(spans);
        QCOMPARE(spans->size(), 3);
        QCOMPARE(body.mid(spans->at(0).begin, spans->at(0).length), "{\"a\":\"}\"}"_ba);
        QCOMPARE(body.mid(spans->at(1).begin, spans->at(1).length), "{\"b\":[{\"c\":\"\\\\\"}],\"d\":{}}"_ba);
        QCOMPARE(body.mid(spans->at(2).begin, spans->at(2).length), "{}"_ba);
        compareStoredEvents(body);
    }

    void emptyAndMissingData()
    {
        QCOMPARE(dataObjectSpans("{}"_ba)->size(), 0);
        QCOMPARE(dataObjectSpans("{\"data\":[]}"_ba)->size(), 0);
        QCOMPARE(dataObjectSpans("{\"test_event_code\":\"x\"}"_ba)->size(), 0);
        // An escaped key that cannot spell "data" is read past.
        QCOMPARE(dataObjectSpans("{\"a\\nb\":{\"data\":[1]},\"data\":[{}],\"\\\"\":2}"_ba)->size(), 1);
    }

    void givesUpOnWhatItCannotReadExactly_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("root array") << "[{\"data\":[]}]"_ba;
        QTest::newRow("repeated data") << "{\"data\":[{}],\"data\":[{}]}"_ba;
        QTest::newRow("escaped key") << "{\"d\\u0061ta\":[{}]}"_ba;
        QTest::newRow("data not a list") << "{\"data\":{\"a\":1}}"_ba;
        QTest::newRow("trailing junk") << "{\"data\":[{}]} x"_ba;
        QTest::newRow("truncated") << "{\"data\":[{\"a\":\"b"_ba;
        QTest::newRow("unclosed object") << "{\"data\":[{\"a\":1]}"_ba;
        QTest::newRow("missing colon") << "{\"data\" [{}]}"_ba;
        QTest::newRow("byte order mark") << "\xEF\xBB\xBF{\"data\":[{}]}"_ba;
        QTest::newRow("form feed") << "\f{\"data\":[{}]}"_ba;
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("binary") << QByteArray("\x00\xff{\"data\":[]}", 14);
        QTest::newRow("too deep") << "{\"data\":[" + QByteArray(1100, '[') + QByteArray(1100, ']') + "]}";
    }

    void givesUpOnWhatItCannotReadExactly()
    {
        QFETCH(QByteArray, body);
        QVERIFY(!dataObjectSpans(body));
    }

    void nonObjectEntriesAreSkippedAlike()
    {
        compareStoredEvents("{\"data\":[1,{\"event_name\":\"A\"},null,\"{}\",[{}],{\"event_name\":\"B\"}]}"_ba);
    }

    void spansThatDoNotLineUpAreIgnored()
    {
        const QByteArray body = "{\"data\":[{\"a\":1},{\"b\":2}]}"_ba;
        const QList<ByteSpan> wrong{{9, 7}};
        const QList<ReceivedEvent> events = serverEvents(QJsonDocument::fromJson(body).object(), u"1"_s, body, &wrong);
        QCOMPARE(events.size(), 2);
        QCOMPARE(events.at(1).rawLength, 0);
        QCOMPARE(events.at(1).eventObject(), (QJsonObject{{u"b"_s, 2}}));
    }

    void byteExactStrings()
    {
        // Raw non-ASCII, escapes, a raw U+FEFF opening a value (Qt's parser drops it: both ways
        // must agree), escaped surrogate pairs and a lone one.
        compareStoredEvents("{\"data\":[{\"user_data\":{\"fn\":\"\xEF\xBB\xBFj\xC3\xB6rg\",\"ln\":\"\\ud83d\\ude00\\u00e9\","
                            "\"ct\":\"\\ud800\",\"x\":\"a\\/b\\n\"},\"custom_data\":{\"v\":1e3,\"w\":-0.5E-2,\"n\":12345678901234567890}}]}"_ba);
    }

    void randomBodies()
    {
        Rng rng(20260102);
        for (int n = 0; n < 300; ++n) {
            const QJsonObject request = randomRequest(rng);
            const QJsonDocument doc(request);
            for (const QByteArray &body : {doc.toJson(QJsonDocument::Compact), doc.toJson(QJsonDocument::Indented)}) {
                const std::optional<QList<ByteSpan>> spans = dataObjectSpans(body);
                QVERIFY2(spans, body.constData());
                // Against the parse of the whole body, not `request`: Qt's parser drops a raw
                // U+FEFF opening a string, so the two can differ, and the parse is what counts.
                const QList<QJsonObject> objects = dataObjects(QJsonDocument::fromJson(body).object());
                QCOMPARE(spans->size(), objects.size());
                for (qsizetype i = 0; i < objects.size(); ++i) {
                    const QByteArray part = body.mid(spans->at(i).begin, spans->at(i).length);
                    QCOMPARE(QJsonDocument::fromJson(part).object(), objects.at(i));
                }
                compareStoredEvents(body);
                if (QTest::currentTestFailed())
                    return;
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestBodyScan)
#include "tst_bodyscan.moc"
