// capiqa-cli build, end to end through the built executable.
#include "cliprocess.h"

#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QRegularExpression>
#include <QtCore/QTemporaryDir>

using namespace Qt::StringLiterals;

namespace {

const QString Now = u"1767229200"_s;
const QString JohnNodeSdk = u"855f96e983f1f8e8be944692b6f719fd54329826cb62e98015efee8e2e071dd4"_s;
const QString Ua = u"Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"_s;

QJsonObject parseObject(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        qWarning() << "not a JSON object:" << json.left(400);
    return doc.object();
}

QJsonObject firstEvent(const QJsonObject &body)
{
    return body.value(u"data"_s).toArray().at(0).toObject();
}

QByteArray rawEvent(const QString &em = u"  JOHN@EXAMPLE.COM  "_s)
{
    return QJsonDocument(QJsonObject{{u"event_name"_s, u"Purchase"_s},
                                     {u"event_time"_s, u"now"_s},
                                     {u"action_source"_s, u"website"_s},
                                     {u"event_source_url"_s, u"https://shop.example.com/thank-you"_s},
                                     {u"user_data"_s, QJsonObject{{u"em"_s, em}, {u"client_user_agent"_s, Ua}}},
                                     {u"custom_data"_s, QJsonObject{{u"value"_s, 9.99}, {u"currency"_s, u"USD"_s}}}})
        .toJson();
}

} // namespace

class TestCliBuild : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString write(const QString &name, const QByteArray &content)
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    // The known hash of "  JOHN@EXAMPLE.COM  ": node-sdk sends it bare, meta (the parameter
    // builder) appends its ".AQQCAQMC" appendix.
    void rawEventHashedPerProfile_data()
    {
        QTest::addColumn<QString>("profile");
        QTest::addColumn<QString>("em");
        QTest::newRow("node-sdk") << u"node-sdk"_s << JohnNodeSdk;
        QTest::newRow("meta") << u"meta"_s << JohnNodeSdk + u".AQQCAQMC"_s;
        QTest::newRow("python-sdk") << u"python-sdk"_s << JohnNodeSdk;
    }
    void rawEventHashedPerProfile()
    {
        QFETCH(QString, profile);
        QFETCH(QString, em);
        const QString file = write(u"raw.json"_s, rawEvent());
        const CliRun r = runCli({u"build"_s, file, u"--profile"_s, profile, u"--now"_s, Now});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject body = parseObject(r.out);
        const QJsonObject event = firstEvent(body);
        QCOMPARE(event.value(u"user_data"_s)[u"em"_s].toArray(), QJsonArray{em});
        QCOMPARE(event.value(u"user_data"_s)[u"client_user_agent"_s].toString(), Ua); // never hashed
        QCOMPARE(event.value(u"event_time"_s).toInteger(), Now.toLongLong());     // "now" → --now
        QCOMPARE(event.value(u"custom_data"_s)[u"value"_s].toDouble(), 9.99);
        QCOMPARE(body.value(u"test_event_code"_s).toString(), u"TEST_CAPIQA"_s);
        QVERIFY(r.out.contains("\n    ")); // indented by default
        QVERIFY2(r.err.contains("data[0].user_data.em") && r.err.contains("hashed"), r.err.constData());
    }

    void inputShapes()
    {
        // A whole request keeps its own test code; an array becomes data[].
        const QByteArray request = "{\"data\":[" + rawEvent() + "],\"test_event_code\":\"TEST999\"}";
        CliRun r = runCli({u"build"_s, write(u"request.json"_s, request), u"--now"_s, Now, u"--compact"_s});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.lines().size(), 1);
        QCOMPARE(parseObject(r.out).value(u"test_event_code"_s).toString(), u"TEST999"_s);

        const QByteArray array = '[' + rawEvent(u"a@example.com"_s) + ',' + rawEvent(u"b@example.com"_s) + ']';
        r = runCli({u"build"_s, write(u"array.json"_s, array), u"--now"_s, Now});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(parseObject(r.out).value(u"data"_s).toArray().size(), 2);

        r = runCli({u"build"_s, u"-"_s, u"--now"_s, Now}, rawEvent()); // standard input
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(parseObject(r.out).value(u"data"_s).toArray().size(), 1);
    }

    void flagsOnlyEvent()
    {
        const CliRun r = runCli({u"build"_s, u"--event"_s, u"Purchase"_s, u"--time"_s, Now, u"--url"_s, u"https://shop.example.com/"_s,
                                 u"--event-id"_s, u"order-1"_s, u"--user"_s, u"em=  JOHN@EXAMPLE.COM  "_s, u"--user"_s,
                                 u"em=jane@example.com"_s, u"--user"_s, u"client_user_agent="_s + Ua, u"--custom"_s,
                                 u"value=19.5"_s, u"--custom"_s, u"currency=EUR"_s, u"--custom"_s, u"num_items=2"_s,
                                 u"--custom"_s, u"content_ids=sku-1, sku-2"_s, u"--profile"_s, u"node-sdk"_s});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject event = firstEvent(parseObject(r.out));
        QCOMPARE(event.value(u"event_name"_s).toString(), u"Purchase"_s);
        QCOMPARE(event.value(u"event_time"_s).toInteger(), Now.toLongLong());
        QCOMPARE(event.value(u"action_source"_s).toString(), u"website"_s); // the default
        QCOMPARE(event.value(u"event_source_url"_s).toString(), u"https://shop.example.com/"_s);
        QCOMPARE(event.value(u"event_id"_s).toString(), u"order-1"_s);
        const QJsonArray em = event.value(u"user_data"_s)[u"em"_s].toArray();
        QCOMPARE(em.size(), 2);
        QCOMPARE(em.at(0).toString(), JohnNodeSdk);
        QCOMPARE(event.value(u"user_data"_s)[u"client_user_agent"_s].toString(), Ua);
        const QJsonObject custom = event.value(u"custom_data"_s).toObject();
        QCOMPARE(custom.value(u"value"_s).toDouble(), 19.5);
        QCOMPARE(custom.value(u"num_items"_s).toInteger(), qint64(2));
        QCOMPARE(custom.value(u"currency"_s).toString(), u"EUR"_s);
        QCOMPARE(custom.value(u"content_ids"_s).toArray(), (QJsonArray{u"sku-1"_s, u"sku-2"_s}));
    }

    void flagsOverrideTheFile()
    {
        const QString file = write(u"override.json"_s, rawEvent(u"old@example.com"_s));
        const CliRun r = runCli({u"build"_s, file, u"--now"_s, Now, u"--profile"_s, u"node-sdk"_s, u"--event"_s, u"Lead"_s,
                                 u"--user"_s, u"em=  JOHN@EXAMPLE.COM  "_s, u"--custom"_s, u"value=1"_s, u"--time"_s, u"1767229000"_s});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject event = firstEvent(parseObject(r.out));
        QCOMPARE(event.value(u"event_name"_s).toString(), u"Lead"_s);
        QCOMPARE(event.value(u"event_time"_s).toInteger(), qint64(1767229000));
        QCOMPARE(event.value(u"user_data"_s)[u"em"_s].toArray(), QJsonArray{JohnNodeSdk});
        QCOMPARE(event.value(u"user_data"_s)[u"client_user_agent"_s].toString(), Ua);   // the file's other keys stay
        QCOMPARE(event.value(u"custom_data"_s)[u"value"_s].toDouble(), 1.0);
        QCOMPARE(event.value(u"custom_data"_s)[u"currency"_s].toString(), u"USD"_s);
    }

    void appEventMapping()
    {
        const CliRun r = runCli({u"build"_s, u"--event"_s, u"signup_completed"_s, u"--now"_s, Now});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(firstEvent(parseObject(r.out)).value(u"event_name"_s).toString(), u"CompleteRegistration"_s);
        QVERIFY2(r.err.contains("signup_completed") && r.err.contains("CompleteRegistration"), r.err.constData());
    }

    void eventIdTemplate()
    {
        CliRun r = runCli({u"build"_s, u"--event"_s, u"Purchase"_s, u"--event-id"_s, u"purchase_{order_id}"_s, u"--var"_s,
                           u"order_id=42"_s, u"--now"_s, Now});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(firstEvent(parseObject(r.out)).value(u"event_id"_s).toString(), u"purchase_42"_s);

        // In a file, each event fills the template from its own custom_data.
        const QByteArray events = R"([{"event_name":"Purchase","event_time":"now","action_source":"website","user_data":{},
                                       "custom_data":{"order_id":"A-1"}},
                                      {"event_name":"Purchase","event_time":"now","action_source":"website","user_data":{},
                                       "custom_data":{"order_id":"1002"}}])";
        r = runCli({u"build"_s, write(u"orders.json"_s, events), u"--event-id"_s, u"purchase_{order_id}"_s, u"--now"_s, Now});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonArray data = parseObject(r.out).value(u"data"_s).toArray();
        QCOMPARE(data.at(0)[u"event_id"_s].toString(), u"purchase_A-1"_s);
        QCOMPARE(data.at(1)[u"event_id"_s].toString(), u"purchase_1002"_s);

        r = runCli({u"build"_s, write(u"orders.json"_s, events), u"--event-id"_s, u"uuid"_s, u"--now"_s, Now});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonArray withUuids = parseObject(r.out).value(u"data"_s).toArray();
        static const QRegularExpression uuid(u"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"_s);
        QVERIFY(uuid.match(withUuids.at(0)[u"event_id"_s].toString()).hasMatch());
        QVERIFY(withUuids.at(0)[u"event_id"_s] != withUuids.at(1)[u"event_id"_s]);

        r = runCli({u"build"_s, u"--event"_s, u"Purchase"_s, u"--event-id"_s, u"purchase_{order_id}"_s});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("order_id"), r.err.constData());
    }

    // The input's own event_id may be a template: filled from the event, {uuid} fresh per event.
    void eventIdTemplateInTheFile()
    {
        const QByteArray events = R"([{"event_name":"Purchase","event_time":"now","action_source":"website","user_data":{},
                                       "event_id":"purchase_{order_id}","custom_data":{"order_id":"77"}},
                                      {"event_name":"Lead","event_time":"now","action_source":"website","user_data":{},
                                       "event_id":"lead_{uuid}"},
                                      {"event_name":"Lead","event_time":"now","action_source":"website","user_data":{},
                                       "event_id":"braces_{{literal}}"}])";
        CliRun r = runCli({u"build"_s, write(u"own-templates.json"_s, events), u"--now"_s, Now});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonArray data = parseObject(r.out).value(u"data"_s).toArray();
        QCOMPARE(data.at(0)[u"event_id"_s].toString(), u"purchase_77"_s);
        QVERIFY(data.at(1)[u"event_id"_s].toString().startsWith(u"lead_"_s));
        QCOMPARE(data.at(1)[u"event_id"_s].toString().size(), 5 + 36);
        QCOMPARE(data.at(2)[u"event_id"_s].toString(), u"braces_{literal}"_s);

        const QByteArray bad = R"({"event_name":"Lead","event_time":"now","action_source":"website","user_data":{},"event_id":"x_{nope}"})";
        r = runCli({u"build"_s, write(u"bad-template.json"_s, bad), u"--now"_s, Now});
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains("data[0].event_id") && r.err.contains("{nope}"), r.err.constData());
    }

    void testCodeAndProduction()
    {
        CliRun r = runCli({u"build"_s, u"--event"_s, u"Lead"_s, u"--test-code"_s, u"TEST4242"_s});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(parseObject(r.out).value(u"test_event_code"_s).toString(), u"TEST4242"_s);

        const QByteArray request = "{\"data\":[" + rawEvent() + "],\"test_event_code\":\"TEST999\"}";
        r = runCli({u"build"_s, write(u"prod.json"_s, request), u"--production"_s, u"--now"_s, Now});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(!parseObject(r.out).contains(u"test_event_code"_s));
        QVERIFY2(r.err.contains("WARNING") && r.err.contains("--production"), r.err.constData());
    }

    // A value the profile rejects fails its event; the others are still printed, and stderr
    // says that sending them alone would lose the failed one.
    void rejectedValue()
    {
        const QByteArray events = '[' + rawEvent() + R"(,{"event_name":"Lead","event_time":"now","action_source":"website",
                                                         "user_data":{"ph":"not a phone"}}])";
        const CliRun r = runCli({u"build"_s, write(u"rejected.json"_s, events), u"--profile"_s, u"python-sdk"_s, u"--now"_s, Now});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(parseObject(r.out).value(u"data"_s).toArray().size(), 1);
        QVERIFY2(r.err.contains("REJECTED") && r.err.contains("data[1].user_data.ph"), r.err.constData());
        QVERIFY2(r.err.contains("would lose"), r.err.constData());
    }

    void malformedJson()
    {
        const QString file = write(u"broken.json"_s, "{\n  \"data\": [\n    {\"event_name\": \"Purchase\",, }\n  ]\n}\n");
        const CliRun r = runCli({u"build"_s, file});
        QCOMPARE(r.exitCode, 3);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.contains((file + u": line 3, column "_s).toUtf8()), r.err.constData());
    }

    void unusableInput_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("message");
        QTest::newRow("user_data string")
            << QByteArray(R"({"data":[{"event_name":"Lead","event_time":1767229200,"action_source":"website","user_data":"x"}]})")
            << u"data[0].user_data: expected an object"_s;
        QTest::newRow("event_time text")
            << QByteArray(R"({"event_name":"Lead","event_time":"yesterday","action_source":"website","user_data":{}})")
            << u"data[0].event_time: expected a whole number"_s;
        QTest::newRow("data object") << QByteArray(R"({"data":{"event_name":"Lead"}})") << u"data: expected an array"_s;
        QTest::newRow("event not object") << QByteArray("[1]") << u"data[0]: expected an event object"_s;
        QTest::newRow("empty") << QByteArray("  \n") << u"empty"_s;
        QTest::newRow("no events") << QByteArray("[]") << u"no events"_s;
        QTest::newRow("binary") << QByteArray("\x7f" "ELF\x02\x01\x00\x00", 8) << u"binary data"_s;
        QTest::newRow("utf-16") << QByteArray("\xff\xfe{\x00}\x00", 6) << u"UTF-16"_s;
    }
    void unusableInput()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, message);
        const CliRun r = runCli({u"build"_s, write(u"unusable.json"_s, content)});
        QCOMPARE(r.exitCode, 3);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
    }

    void oversizedInput()
    {
        QByteArray big(64 * 1024 * 1024 + 16, ' ');
        big[0] = '[';
        big[big.size() - 1] = ']';
        const CliRun r = runCli({u"build"_s, u"-"_s}, big);
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains("64 MiB"), r.err.constData());
    }

    void validateFlag()
    {
        // A website event without URL and user agent: Meta would reject it.
        CliRun r = runCli({u"build"_s, u"--event"_s, u"Lead"_s, u"--user"_s, u"em=a@example.com"_s, u"--validate"_s, u"--now"_s, Now});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(firstEvent(parseObject(r.out)).value(u"event_name"_s).toString(), u"Lead"_s); // still printed
        QVERIFY2(r.err.contains("website.event_source_url_missing") && r.err.contains("data[0].event_source_url"), r.err.constData());

        r = runCli({u"build"_s, write(u"clean.json"_s, rawEvent()), u"--validate"_s, u"--event-id"_s, u"order-9"_s, u"--now"_s, Now});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.err.contains("validation of the built body: 0 errors"), r.err.constData());
    }

    void reportJson()
    {
        const QByteArray events = '[' + rawEvent() + R"(,{"event_name":"Lead","event_time":"now","action_source":"website",
                                                         "user_data":{"ph":"not a phone","em":null}}])";
        const QString input = write(u"report-input.json"_s, events);
        const QString reportPath = m_dir.filePath(u"report.json"_s);
        CliRun r = runCli({u"build"_s, input, u"--profile"_s, u"python-sdk"_s, u"--now"_s, Now, u"--report"_s, reportPath});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(parseObject(r.out).value(u"data"_s).toArray().size(), 1); // the body still on stdout
        QVERIFY2(!r.err.contains("hashed "), r.err.constData());            // diagnostics went to the report
        QFile file(reportPath);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject report = parseObject(file.readAll());
        QCOMPARE(report.value(u"profile"_s).toString(), u"python-sdk"_s);
        QCOMPARE(report.value(u"exit_code"_s).toInt(), 1);
        QCOMPARE(report.value(u"events"_s)[u"failed"_s].toArray(), QJsonArray{1});
        QCOMPARE(report.value(u"events"_s)[u"built"_s].toInt(), 1);
        QMap<QString, QString> statusAt;
        for (const QJsonValue &d : report.value(u"diagnostics"_s).toArray())
            statusAt.insert(d[u"path"_s].toString(), d[u"status"_s].toString());
        QCOMPARE(statusAt.value(u"data[0].user_data.em"_s), u"hashed"_s);
        QCOMPARE(statusAt.value(u"data[0].user_data.client_user_agent"_s), u"not-hashed"_s);
        QCOMPARE(statusAt.value(u"data[1].user_data.ph"_s), u"rejected"_s);
        QCOMPARE(statusAt.value(u"data[1].user_data.em"_s), u"omitted-null"_s);
        QVERIFY(report.value(u"errors"_s).toArray().at(0).toString().startsWith(u"data[1].user_data.ph: "_s));

        // "--report -": one document on stdout, the body inside; with --validate, the findings
        // too (the Lead event has no URL and no user agent: Meta would reject it).
        r = runCli({u"build"_s, input, u"--now"_s, Now, u"--report"_s, u"-"_s, u"--validate"_s});
        QCOMPARE(r.exitCode, 1);
        const QJsonObject stdoutReport = parseObject(r.out);
        QCOMPARE(stdoutReport.value(u"body"_s)[u"data"_s].toArray().size(), 2);
        QVERIFY(stdoutReport.value(u"validation"_s)[u"summary"_s][u"errors"_s].toInt() > 0);
        QStringList found;
        for (const QJsonValue &f : stdoutReport.value(u"validation"_s)[u"findings"_s].toArray())
            found << f[u"rule"_s].toString() + u" @ "_s + f[u"path"_s].toString();
        QVERIFY2(found.contains(u"website.client_user_agent_missing @ data[1].user_data.client_user_agent"_s),
                 qPrintable(found.join(u"; "_s)));
        QVERIFY2(r.err.contains("the validator found"), r.err.constData());
    }

    // With a failed event left out of the body, the validator's paths still name the input's
    // events: data[1] stays data[1].
    void validatePathsFollowTheInput()
    {
        const QByteArray events = R"([{"event_name":"Lead","event_time":"now","action_source":"website","user_data":{"ph":"x"}},
                                      {"event_name":"Lead","event_time":"now","action_source":"website","user_data":{}}])";
        const CliRun r = runCli({u"build"_s, write(u"paths.json"_s, events), u"--profile"_s, u"python-sdk"_s, u"--validate"_s,
                                 u"--now"_s, Now});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(parseObject(r.out).value(u"data"_s).toArray().size(), 1);
        QVERIFY2(r.err.contains("data[1].event_source_url  [website.event_source_url_missing]"), r.err.constData());
        QVERIFY2(!r.err.contains("data[0].event_source_url"), r.err.constData());
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("nothing to build") << QStringList{u"build"_s} << u"--event NAME"_s;
        QTest::newRow("two files") << QStringList{u"build"_s, u"a.json"_s, u"b.json"_s} << u"at most one FILE"_s;
        QTest::newRow("code and production")
            << QStringList{u"build"_s, u"--event"_s, u"Lead"_s, u"--test-code"_s, u"T"_s, u"--production"_s} << u"exclude"_s;
        QTest::newRow("bad profile") << QStringList{u"build"_s, u"--event"_s, u"Lead"_s, u"--profile"_s, u"ruby"_s}
                                     << u"unknown profile"_s;
        QTest::newRow("bad now") << QStringList{u"build"_s, u"--event"_s, u"Lead"_s, u"--now"_s, u"soon"_s} << u"--now"_s;
        QTest::newRow("bad time") << QStringList{u"build"_s, u"--event"_s, u"Lead"_s, u"--time"_s, u"1.5"_s} << u"--time"_s;
        QTest::newRow("user without =") << QStringList{u"build"_s, u"--event"_s, u"Lead"_s, u"--user"_s, u"em"_s}
                                        << u"KEY=VALUE"_s;
        QTest::newRow("unhashed key twice")
            << QStringList{u"build"_s, u"--event"_s, u"Lead"_s, u"--user"_s, u"fbp=a"_s, u"--user"_s, u"fbp=b"_s} << u"twice"_s;
        QTest::newRow("value not a number") << QStringList{u"build"_s, u"--event"_s, u"Lead"_s, u"--custom"_s, u"value=ten"_s}
                                            << u"must be a number"_s;
        QTest::newRow("bad template") << QStringList{u"build"_s, u"--event"_s, u"Lead"_s, u"--event-id"_s, u"p_{order"_s}
                                      << u"unterminated"_s;
        QTest::newRow("var without template") << QStringList{u"build"_s, u"--event"_s, u"Lead"_s, u"--var"_s, u"a=1"_s}
                                              << u"--var"_s;
        QTest::newRow("bad option") << QStringList{u"build"_s, u"--frobnicate"_s} << u"frobnicate"_s;
    }
    void usageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const CliRun r = runCli(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
    }

    void missingFile()
    {
        const CliRun r = runCli({u"build"_s, u"/nonexistent/raw-event.json"_s});
        QCOMPARE(r.exitCode, 4);
        QVERIFY(r.err.contains("/nonexistent/raw-event.json"));
    }

    void helpAndCommandList()
    {
        CliRun r = runCli({u"build"_s, u"--help"_s});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("--event-id") && r.out.contains("Exit codes"));
        r = runCli({u"--help"_s});
        QVERIFY(r.out.contains("build"));
    }
};

QTEST_GUILESS_MAIN(TestCliBuild)
#include "tst_cli_build.moc"
