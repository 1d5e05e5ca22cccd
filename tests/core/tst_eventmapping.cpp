// The app-event → CAPI event mapping: seed 000's defaults, load/save, edits, and errors that
// say where a malformed file is wrong.
#include "event/eventmapping.h"

#include <QtCore/QFile>
#include <QtCore/QTemporaryDir>
#include <QtTest/QTest>

using namespace capiqa::event;
using namespace Qt::StringLiterals;

class TestEventMapping : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void defaults_data();
    void defaults();
    void resourceFileMatchesBuiltIn();
    void saveAndLoad();
    void edits();
    void malformed_data();
    void malformed();
    void missingFile();
};

void TestEventMapping::defaults_data()
{
    QTest::addColumn<QString>("appEvent");
    QTest::addColumn<QString>("eventName"); // empty: unmapped

    QTest::newRow("signup_started") << u"signup_started"_s << u"Lead"_s;
    QTest::newRow("signup_completed") << u"signup_completed"_s << u"CompleteRegistration"_s;
    QTest::newRow("checkout_started") << u"checkout_started"_s << u"InitiateCheckout"_s;
    QTest::newRow("video_rendered") << u"video_rendered"_s << u"Purchase"_s;
    QTest::newRow("batch_completed") << u"batch_completed"_s << u"Purchase"_s;
    QTest::newRow("purchase_completed") << u"purchase_completed"_s << u"Purchase"_s;
    QTest::newRow("case matters") << u"Signup_Started"_s << QString();
    QTest::newRow("spaces matter") << u"signup_started "_s << QString();
    QTest::newRow("unknown") << u"page_viewed"_s << QString();
}

void TestEventMapping::defaults()
{
    QFETCH(QString, appEvent);
    QFETCH(QString, eventName);
    const EventMapping mapping;
    QCOMPARE(mapping.size(), 6);
    QCOMPARE(mapping.lookup(appEvent), eventName.isEmpty() ? std::nullopt : std::optional<QString>(eventName));
    QCOMPARE(mapping.contains(appEvent), !eventName.isEmpty());
}

void TestEventMapping::resourceFileMatchesBuiltIn()
{
    EventMapping fromFile;
    fromFile.clear();
    QString error;
    QVERIFY2(fromFile.load(QStringLiteral(CAPIQA_TEST_DATA "/../../resources/app-event-mapping.json"), &error),
             qPrintable(error));
    QCOMPARE(fromFile.entries(), EventMapping::defaultEntries());
}

void TestEventMapping::saveAndLoad()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(u"mapping.json"_s);

    EventMapping mapping;
    QVERIFY(mapping.set(u"trial_started"_s, u"StartTrial"_s, u"free trial"_s));
    QVERIFY(mapping.set(u"video_rendered"_s, u"RenderDone"_s)); // replaced in place
    QString error;
    QVERIFY2(mapping.save(file, &error), qPrintable(error));

    EventMapping loaded;
    loaded.clear();
    QVERIFY2(loaded.load(file, &error), qPrintable(error));
    QCOMPARE(loaded, mapping);
    QCOMPARE(loaded.entries().at(3).appEvent, u"video_rendered"_s);
    QCOMPARE(loaded.entries().at(3).eventName, u"RenderDone"_s);
    QCOMPARE(loaded.entries().at(3).note, QString());
    QCOMPARE(loaded.entries().last().note, u"free trial"_s);

    // The saved text is what the resource file looks like.
    QFile saved(file);
    QVERIFY(saved.open(QIODevice::ReadOnly));
    const QByteArray text = saved.readAll();
    QVERIFY(text.contains("\"format\": \"capiqa-app-event-mapping\""));
    QVERIFY(text.contains("\"version\": 1"));
}

void TestEventMapping::edits()
{
    EventMapping mapping;
    QVERIFY(mapping.remove(u"batch_completed"));
    QVERIFY(!mapping.remove(u"batch_completed"));
    QCOMPARE(mapping.lookup(u"batch_completed"), std::nullopt);
    QCOMPARE(mapping.size(), 5);

    QString error;
    QVERIFY(!mapping.set(QString(), u"Lead"_s, {}, &error));
    QCOMPARE(error, u"the app event is empty"_s);
    QVERIFY(!mapping.set(u"x"_s, u" Lead"_s, {}, &error));
    QCOMPARE(error, u"the event name \" Lead\" has leading or trailing spaces (names are matched exactly)"_s);
    QCOMPARE(mapping.size(), 5);

    mapping.clear();
    QCOMPARE(mapping.size(), 0);
    QCOMPARE(mapping.lookup(u"signup_started"), std::nullopt);
    mapping.resetToDefaults();
    QCOMPARE(mapping.entries(), EventMapping::defaultEntries());
}

void TestEventMapping::malformed_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error");

    QTest::newRow("missing comma") << QByteArray("{\n  \"mappings\": [\n    {\"app_event\": \"a\" \"event_name\": \"B\"}\n  ]\n}")
                                   << u"line 3, column 24: unterminated object"_s;
    QTest::newRow("unterminated") << QByteArray("{\"mappings\": [") << u"line 1, column 15: unterminated array"_s;
    QTest::newRow("column counts characters") << QByteArray("{\"note\": \"é\",\n\"mappings\": [,]}")
                                              << u"line 2, column 15: illegal value"_s;
    QTest::newRow("not an object") << QByteArray("[]") << u"the file must hold a JSON object with a \"mappings\" array"_s;
    QTest::newRow("no mappings") << QByteArray("{}") << u"mappings: expected an array, got nothing"_s;
    QTest::newRow("wrong format") << QByteArray(R"j({"format":"other","mappings":[]})j")
                                  << u"format: expected \"capiqa-app-event-mapping\", got a string"_s;
    QTest::newRow("newer version") << QByteArray(R"j({"version":2,"mappings":[]})j")
                                   << u"version: capiqa reads version 1, got the number 2"_s;
    QTest::newRow("entry not an object") << QByteArray(R"j({"mappings":[{"app_event":"a","event_name":"B"},"x"]})j")
                                         << u"mappings[1]: expected an object, got a string"_s;
    QTest::newRow("event name a number") << QByteArray(R"j({"mappings":[{"app_event":"a","event_name":5}]})j")
                                         << u"mappings[0].event_name: expected a string, got the number 5"_s;
    QTest::newRow("event name missing") << QByteArray(R"j({"mappings":[{"app_event":"a"}]})j")
                                        << u"mappings[0]: \"event_name\" is missing"_s;
    QTest::newRow("app event empty") << QByteArray(R"j({"mappings":[{"app_event":"","event_name":"Lead"}]})j")
                                     << u"mappings[0].app_event: app_event is empty"_s;
    QTest::newRow("padded name") << QByteArray(R"j({"mappings":[{"app_event":"a","event_name":"Lead "}]})j")
                                 << u"mappings[0].event_name: event_name \"Lead \" has leading or trailing spaces (names are matched exactly)"_s;
    QTest::newRow("duplicate") << QByteArray(R"j({"mappings":[{"app_event":"a","event_name":"Lead"},{"app_event":"b","event_name":"Lead"},{"app_event":"a","event_name":"Purchase"}]})j")
                               << u"mappings[2]: \"a\" is mapped twice (first in mappings[0])"_s;
}

void TestEventMapping::malformed()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    EventMapping mapping;
    QVERIFY(mapping.set(u"custom"_s, u"Lead"_s));
    const EventMapping before = mapping;
    QString actual;
    QVERIFY(!mapping.loadJson(json, &actual));
    QCOMPARE(actual, error);
    QCOMPARE(mapping, before); // a failed load changes nothing

    QTemporaryDir dir;
    const QString file = dir.filePath(u"bad.json"_s);
    QFile out(file);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(json);
    out.close();
    QVERIFY(!mapping.load(file, &actual));
    QCOMPARE(actual, file + u": "_s + error);
}

void TestEventMapping::missingFile()
{
    EventMapping mapping;
    QString error;
    QVERIFY(!mapping.load(u"/nonexistent/mapping.json"_s, &error));
    QVERIFY2(error.startsWith("/nonexistent/mapping.json: "_L1), qPrintable(error));
    QCOMPARE(mapping.size(), 6);
    QVERIFY(!mapping.save(u"/nonexistent/dir/mapping.json"_s, &error));
    QVERIFY2(error.startsWith("/nonexistent/dir/mapping.json: "_L1), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestEventMapping)
#include "tst_eventmapping.moc"
