// Event id helpers: UUID v4 and templates such as seed 003's purchase_{order_id}.
#include "event/eventid.h"

#include <QtCore/QSet>
#include <QtTest/QTest>

using namespace capiqa::event;
using namespace Qt::StringLiterals;

using Variables = QMap<QString, QString>;
Q_DECLARE_METATYPE(Variables)

class TestEventId : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void uuidV4();
    void isUuid_data();
    void isUuid();
    void expand_data();
    void expand();
    void syntaxErrors_data();
    void syntaxErrors();
    void placeholders();
};

void TestEventId::uuidV4()
{
    QSet<QString> seen;
    for (int i = 0; i < 200; ++i) {
        const QString id = newUuidV4();
        QVERIFY2(capiqa::event::isUuid(id), qPrintable(id));
        QCOMPARE(id, id.toLower());
        QCOMPARE(id.at(14), u'4'); // version 4
        QVERIFY2(u"89ab"_s.contains(id.at(19)), qPrintable(id)); // RFC 4122 variant
        seen.insert(id);
    }
    QCOMPARE(seen.size(), 200);
}

void TestEventId::isUuid_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("expected");
    QTest::newRow("canonical") << u"550e8400-e29b-41d4-a716-446655440000"_s << true;
    QTest::newRow("upper case") << u"550E8400-E29B-41D4-A716-446655440000"_s << true;
    QTest::newRow("braces") << u"{550e8400-e29b-41d4-a716-446655440000}"_s << false;
    QTest::newRow("no dashes") << u"550e8400e29b41d4a716446655440000"_s << false;
    QTest::newRow("not hex") << u"550e8400-e29b-41d4-a716-44665544000g"_s << false;
    QTest::newRow("dash moved") << u"550e840-0e29b-41d4-a716-446655440000"_s << false;
    QTest::newRow("empty") << QString() << false;
}

void TestEventId::isUuid()
{
    QFETCH(QString, text);
    QFETCH(bool, expected);
    QCOMPARE(capiqa::event::isUuid(text), expected);
}

void TestEventId::expand_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<Variables>("variables");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("error");

    const Variables order{{u"order_id"_s, u"42"_s}, {u"user_id"_s, u"u-7"_s}};
    QTest::newRow("seed 003 purchase") << u"purchase_{order_id}"_s << order << u"purchase_42"_s << QString();
    QTest::newRow("JavaScript form") << u"purchase_${order_id}"_s << order << u"purchase_42"_s << QString();
    QTest::newRow("two variables") << u"{user_id}:{order_id}:{order_id}"_s << order << u"u-7:42:42"_s << QString();
    QTest::newRow("no placeholder") << u"lead-7f3c"_s << Variables{} << u"lead-7f3c"_s << QString();
    QTest::newRow("literal braces") << u"{{x}}_{order_id}"_s << order << u"{x}_42"_s << QString();
    QTest::newRow("lone dollar") << u"$5_{order_id}$"_s << order << u"$5_42$"_s << QString();
    QTest::newRow("value kept verbatim") << u"o_{order_id}"_s << Variables{{u"order_id"_s, u" 42 "_s}} << u"o_ 42 "_s
                                         << QString();
    QTest::newRow("unknown variable") << u"purchase_{order}"_s << order << QString()
                                      << u"unknown variable {order} at offset 9; known: order_id, user_id"_s;
    QTest::newRow("no variables given") << u"purchase_{order_id}"_s << Variables{} << QString()
                                        << u"unknown variable {order_id} at offset 9; known: none"_s;
    QTest::newRow("empty value") << u"purchase_{order_id}"_s << Variables{{u"order_id"_s, QString()}} << QString()
                                 << u"variable {order_id} at offset 9 is empty; the event id would not identify the event"_s;
    QTest::newRow("unterminated") << u"purchase_{order_id"_s << order << QString()
                                  << u"unterminated placeholder \"{order_id\" at offset 9"_s;
}

void TestEventId::expand()
{
    QFETCH(QString, pattern);
    QFETCH(Variables, variables);
    QFETCH(QString, expected);
    QFETCH(QString, error);

    QString actualError;
    const auto id = expandEventId(pattern, variables, &actualError);
    if (error.isEmpty()) {
        QVERIFY2(id, qPrintable(actualError));
        QCOMPARE(*id, expected);
    } else {
        QVERIFY(!id);
        QCOMPARE(actualError, error);
    }
}

void TestEventId::syntaxErrors_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("error");
    QTest::newRow("unterminated") << u"purchase_{order_id"_s << u"unterminated placeholder \"{order_id\" at offset 9"_s;
    QTest::newRow("unterminated JS") << u"x_${id"_s << u"unterminated placeholder \"${id\" at offset 2"_s;
    QTest::newRow("unterminated before another") << u"{a_{b}"_s
                                                 << u"unterminated placeholder \"{a_{b}\" at offset 0 (names are letters, digits and _)"_s;
    QTest::newRow("empty") << u"x{}"_s << u"empty placeholder \"{}\" at offset 1"_s;
    QTest::newRow("space in name") << u"{order id}"_s
                                   << u"invalid placeholder \"{order id}\" at offset 0 (names are letters, digits and _)"_s;
    QTest::newRow("starts with digit") << u"{1st}"_s
                                       << u"invalid placeholder \"{1st}\" at offset 0 (names are letters, digits and _)"_s;
    QTest::newRow("stray close") << u"id}"_s << u"unmatched \"}\" at offset 2 (write \"}}\" for a literal brace)"_s;
}

void TestEventId::syntaxErrors()
{
    QFETCH(QString, pattern);
    QFETCH(QString, error);
    const EventIdTemplate t(pattern);
    QVERIFY(!t.isValid());
    QCOMPARE(t.error(), error);
    QString expandError;
    QVERIFY(!t.expand({{u"order_id"_s, u"1"_s}}, &expandError));
    QCOMPARE(expandError, error);
}

void TestEventId::placeholders()
{
    const EventIdTemplate t(u"{b}_{a}_${b}_{{c}}"_s);
    QVERIFY(t.isValid());
    QCOMPARE(t.pattern(), u"{b}_{a}_${b}_{{c}}"_s);
    QCOMPARE(t.placeholders(), (QStringList{u"b"_s, u"a"_s}));
    QCOMPARE(EventIdTemplate(u"plain"_s).placeholders(), QStringList());
}

QTEST_GUILESS_MAIN(TestEventId)
#include "tst_eventid.moc"
