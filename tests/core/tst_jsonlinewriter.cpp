#include "io/jsonlinewriter.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtTest/QTest>

class TestJsonLineWriter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void keepsOrderAndEscapes()
    {
        std::string out;
        const char control[] = {'a', '\x01', '"', '\\', '\n', '\t', 'z'};
        capiqa::io::JsonLine(out)
            .add("z", "first")
            .add("a", std::string_view(control, sizeof control))
            .add("n", qint64(-42))
            .add("b", true)
            .addNull("nil")
            .add("utf8", "jos\xc3\xa9")
            .addRaw("arr", "[1,2]")
            .finish();
        QVERIFY(out.ends_with("}\n"));
        QVERIFY(out.starts_with("{\"z\":\"first\",\"a\":"));
        QJsonParseError error;
        const QJsonObject o = QJsonDocument::fromJson(QByteArray::fromStdString(out), &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(o.value(QLatin1StringView("a")).toString(), QString::fromLatin1(control, sizeof control));
        QCOMPARE(o.value(QLatin1StringView("n")).toInteger(), -42);
        QCOMPARE(o.value(QLatin1StringView("b")).toBool(), true);
        QVERIFY(o.value(QLatin1StringView("nil")).isNull());
        QCOMPARE(o.value(QLatin1StringView("utf8")).toString(), QStringLiteral("jos\u00e9"));
        QCOMPARE(o.value(QLatin1StringView("arr")).toArray().size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestJsonLineWriter)
#include "tst_jsonlinewriter.moc"
