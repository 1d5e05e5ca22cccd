#include "io/compactjson.h"

#include <QtCore/QFile>
#include <QtCore/QJsonDocument>
#include <QtCore/QRandomGenerator>
#include <QtTest/QTest>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;
using capiqa::io::compactJson;

namespace {

QByteArray qtCompact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QByteArray qtCompact(const QJsonArray &a)
{
    return QJsonDocument(a).toJson(QJsonDocument::Compact);
}

QString fromUnits(std::initializer_list<char16_t> units)
{
    return QString(reinterpret_cast<const QChar *>(std::data(units)), qsizetype(units.size()));
}

/// Random JSON built through the public API (doubles and integers as code makes them) and, in a
/// second form, read back by Qt's parser (whole numbers then become 64-bit integers).
QJsonValue randomValue(QRandomGenerator &rng, int depth)
{
    switch (rng.bounded(depth > 3 ? 6 : 8)) {
    case 0: return QJsonValue();
    case 1: return rng.bounded(2) == 1;
    case 2: return double(qint64(rng.generate64())) / double(1 + rng.bounded(1000));
    case 3: return qint64(rng.generate64() >> rng.bounded(64));
    case 4:
    case 5: {
        QString s;
        const int n = int(rng.bounded(12));
        for (int i = 0; i < n; ++i) {
            switch (rng.bounded(5)) {
            case 0: s += QChar(char16_t(rng.bounded(0x80))); break;             // ASCII and controls
            case 1: s += QChar(char16_t(0x80 + rng.bounded(0x780))); break;     // two UTF-8 bytes
            case 2: s += QChar(char16_t(0x800 + rng.bounded(0xf7ff))); break;   // anything, surrogates too
            case 3: s += fromUnits({0xd83d, char16_t(0xde00 + rng.bounded(0x50))}); break; // emoji pairs
            default: s += QChar(u"\"\\/\b\f\n\r\t a"[rng.bounded(10)]); break;
            }
        }
        return s;
    }
    case 6: {
        QJsonArray a;
        const int n = int(rng.bounded(5));
        for (int i = 0; i < n; ++i)
            a.append(randomValue(rng, depth + 1));
        return a;
    }
    default: {
        QJsonObject o;
        const int n = int(rng.bounded(5));
        for (int i = 0; i < n; ++i)
            o.insert(randomValue(rng, 5).toString() + QString::number(i), randomValue(rng, depth + 1));
        return o;
    }
    }
}

} // namespace

class TestCompactJson : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void matchesQt_data()
    {
        QTest::addColumn<QJsonObject>("object");
        QTest::newRow("empty") << QJsonObject();
        QTest::newRow("nested empties") << QJsonObject{{u"a"_s, QJsonArray()}, {u"b"_s, QJsonObject()}};
        QTest::newRow("scalars") << QJsonObject{{u"t"_s, true}, {u"f"_s, false}, {u"n"_s, QJsonValue()},
                                                {u"i"_s, 42}, {u"s"_s, u"x"_s}};
        QTest::newRow("escapes") << QJsonObject{{u"q\"k"_s, u"a\"b\\c/d\b\f\n\r\t\x01\x1f\x7f"_s}};
        QTest::newRow("non-ASCII") << QJsonObject{{u"name"_s, u"Zoë Ñandú Ørsted 東京 Ελλάδα"_s},
                                                  {u"emoji"_s, fromUnits({u'a', 0xd83d, 0xde00, u'b'})}};
        QTest::newRow("unpaired surrogates")
            << QJsonObject{{u"hi end"_s, fromUnits({u'a', 0xd83d})},
                           {u"lo alone"_s, fromUnits({0xde00, u'a'})},
                           {u"hi hi lo"_s, fromUnits({0xd83d, 0xd83d, 0xde00})},
                           {u"lo hi"_s, fromUnits({0xde00, 0xd83d})},
                           {u"bom nonchar"_s, fromUnits({0xfeff, 0xfffe, 0xffff})}};
        QTest::newRow("doubles")
            << QJsonObject{{u"a"_s, 0.1}, {u"b"_s, 1e20}, {u"c"_s, 1e-7}, {u"d"_s, 100.0}, {u"e"_s, 1000000.0},
                           {u"f"_s, -0.0}, {u"g"_s, 123456789.125}, {u"h"_s, 5e-324},
                           {u"i"_s, std::numeric_limits<double>::max()}, {u"j"_s, 9007199254740993.0}};
        QTest::newRow("non-finite") << QJsonObject{{u"nan"_s, std::nan("")},
                                                   {u"inf"_s, std::numeric_limits<double>::infinity()},
                                                   {u"-inf"_s, -std::numeric_limits<double>::infinity()}};
        QTest::newRow("integers")
            << QJsonObject{{u"a"_s, qint64(0)}, {u"b"_s, std::numeric_limits<qint64>::max()},
                           {u"c"_s, std::numeric_limits<qint64>::min()}, {u"d"_s, qint64(9007199254740993)},
                           {u"e"_s, 1767225600}};
        // Parsed numbers are stored as integers when whole, as doubles otherwise.
        QTest::newRow("parsed numbers")
            << QJsonDocument::fromJson("{\"a\":1e3,\"b\":1000000,\"c\":1.5,\"d\":100000000000000000000,"
                                       "\"e\":-0,\"f\":9007199254740993,\"g\":0.000001}")
                   .object();
        QTest::newRow("arrays") << QJsonObject{{u"a"_s, QJsonArray{1, u"x"_s, QJsonValue(), QJsonArray{QJsonObject{}}}}};
    }
    void matchesQt()
    {
        QFETCH(QJsonObject, object);
        QCOMPARE(compactJson(object), qtCompact(object));
        const QJsonArray wrapped{object, object};
        QCOMPARE(compactJson(wrapped), qtCompact(wrapped));
    }

    void matchesQtOnRandomDocuments()
    {
        QRandomGenerator rng(20240601);
        for (int round = 0; round < 2000; ++round) {
            QJsonObject o;
            for (int i = 0; i < 6; ++i)
                o.insert(u"k"_s + QString::number(i), randomValue(rng, 0));
            const QByteArray expected = qtCompact(o);
            QCOMPARE(compactJson(o), expected);
            const QJsonObject reparsed = QJsonDocument::fromJson(expected).object();
            QCOMPARE(compactJson(reparsed), qtCompact(reparsed));
        }
    }

    // What the client really sends: the SDK parity fixtures, read as Qt reads them.
    void matchesQtOnSdkEvents()
    {
        QFile file(QStringLiteral(CAPIQA_TEST_DATA "/sdk-events.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonDocument doc = QJsonDocument::fromJson(file.readAll());
        QVERIFY(doc.isArray() || doc.isObject());
        if (doc.isArray())
            QCOMPARE(compactJson(doc.array()), qtCompact(doc.array()));
        else
            QCOMPARE(compactJson(doc.object()), qtCompact(doc.object()));
    }

    void appendsToWhatIsThere()
    {
        QByteArray out = "prefix:";
        capiqa::io::appendCompactJson(out, QJsonObject{{u"a"_s, 1}});
        capiqa::io::appendCompactJson(out, u"é"_s);
        capiqa::io::appendCompactJson(out, 2.5);
        QCOMPARE(out, QByteArray("prefix:{\"a\":1}\"\xC3\xA9\"2.5"));
    }
};

QTEST_GUILESS_MAIN(TestCompactJson)
#include "tst_compactjson.moc"
