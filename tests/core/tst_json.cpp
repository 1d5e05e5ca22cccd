#include "io/json.h"

#include <QtCore/QJsonObject>
#include <QtTest/QTest>

using capiqa::io::parseJson;

class TestJson : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // The reason parseJson exists: a raw U+FEFF opening a string must survive.
    void keepsByteOrderMarksInStrings()
    {
        const QByteArray json = "{\"a\":\"\xEF\xBB\xBFJohn\",\"b\":\"Jo\xEF\xBB\xBFhn\",\"c\":\"\\ufeffx\"}";
        QJsonParseError error;
        const QJsonObject o = parseJson(json, &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(o.value(QLatin1StringView("a")).toString(), QStringLiteral("\uFEFFJohn"));
        QCOMPARE(o.value(QLatin1StringView("b")).toString(), QStringLiteral("Jo\uFEFFhn"));
        QCOMPARE(o.value(QLatin1StringView("c")).toString(), QStringLiteral("\uFEFFx"));
    }
    void skipsDocumentBom()
    {
        QJsonParseError error;
        const QJsonDocument doc = parseJson("\xEF\xBB\xBF{\"a\":1}", &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(doc.object().value(QLatin1StringView("a")).toInt(), 1);
    }
    void errorOffsetPointsIntoTheOriginal()
    {
        const QByteArray json = "{\"a\":\"\xEF\xBB\xBF\xEF\xBB\xBFx\", \"b\": tru}";
        QJsonParseError error;
        parseJson(json, &error);
        QVERIFY(error.error != QJsonParseError::NoError);
        QJsonParseError plain;
        QByteArray withoutBoms = json;
        withoutBoms.replace("\xEF\xBB\xBF", "");
        QJsonDocument::fromJson(withoutBoms, &plain);
        QCOMPARE(error.offset, plain.offset + 6); // the same place, counted in the original bytes
    }
    void rawBomOutsideStringsIsStillAnError()
    {
        QJsonParseError error;
        parseJson("{\"a\":1,\xEF\xBB\xBF\"b\":2}", &error);
        QVERIFY(error.error != QJsonParseError::NoError);
    }
};

QTEST_GUILESS_MAIN(TestJson)
#include "tst_json.moc"
