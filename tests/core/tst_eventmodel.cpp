// The event model's JSON round trip: unknown fields survive, numbers keep their values and
// types, unset fields stay out, and a wrong type is an error naming its JSON path.
#include "event/eventrequest.h"

#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtTest/QTest>

using namespace capiqa::event;
using namespace Qt::StringLiterals;

namespace {

QJsonObject parse(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad test JSON at %d: %s", int(error.offset), qPrintable(error.errorString()));
    return doc.object();
}

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

/// The Node SDK's bodies carry null for unset fields; the model reads them as unset.
QJsonObject withoutNullMembers(const QJsonObject &in)
{
    QJsonObject out;
    for (auto it = in.constBegin(); it != in.constEnd(); ++it) {
        if (it->isNull())
            continue;
        if (it->isObject()) {
            out.insert(it.key(), withoutNullMembers(it->toObject()));
        } else if (it->isArray()) {
            QJsonArray array;
            for (const QJsonValue &v : it->toArray())
                array.append(v.isObject() ? QJsonValue(withoutNullMembers(v.toObject())) : v);
            out.insert(it.key(), array);
        } else {
            out.insert(it.key(), it.value());
        }
    }
    return out;
}

} // namespace

class TestEventModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void sdkBodies_data();
    void sdkBodies();
    void numbersStayExact();
    void nullIsUnset();
    void typedAccess();
    void extinfo();
    void wrongTypes_data();
    void wrongTypes();
    void partsHaveTheirOwnPaths();
};

void TestEventModel::roundTrip_data()
{
    QTest::addColumn<QByteArray>("json");

    QTest::newRow("minimal") << QByteArray(R"j({"data":[{"event_name":"Lead","event_time":1767225600,
        "action_source":"website","user_data":{"client_ip_address":"203.0.113.7"}}]})j");
    QTest::newRow("all top-level fields") << QByteArray(R"j({"data":[],"test_event_code":"TEST12345",
        "partner_agent":"capiqa","namespace_id":"ns","upload_id":"u1","upload_tag":"tag","upload_source":"src"})j");
    QTest::newRow("unknown fields at every level") << QByteArray(R"j({
        "data":[{"event_name":"Purchase","event_time":1767225600,"action_source":"website",
          "future_field":{"nested":[1,"two",null,true]},
          "user_data":{"em":["855f96e983f1f8e8be944692b6f719fd54329826cb62e98015efee8e2e071dd4"],"new_id":"x","lead_id":1234567890123456},
          "custom_data":{"value":1,"currency":"USD","plan":"pro","seats":3,"tags":["b2b"],"meta":{"source":"crm"},
            "contents":[{"id":"A","quantity":2,"item_price":4.99,"title":"Sandal","brand":{"name":"ABC"}}]},
          "app_data":{"advertiser_tracking_enabled":false,"application_tracking_enabled":true,"campaign_ids":"c1",
            "extinfo":["a2","com.example","1.0","1.0 (1)","14","Pixel 8","en_US","CET","Carrier",1080,2400,"2.6",8,128,40,"Europe/Berlin"]},
          "original_event_data":{"event_name":"Purchase","event_time":1767225000,"order_ref":"o-1"}}],
        "access_token":"must survive the model","id":"123456789012345","unknown_top":[{"a":1}]})j");
    QTest::newRow("optional event fields") << QByteArray(R"j({"data":[{"event_name":"Lead","event_time":1,
        "action_source":"email","event_id":"e-1","event_source_url":"https://e.com/","referrer_url":"https://r.com/",
        "opt_out":false,"data_processing_options":[],"data_processing_options_country":0,
        "data_processing_options_state":0,"messaging_channel":"whatsapp"}]})j");
    QTest::newRow("LDU") << QByteArray(R"j({"data":[{"event_name":"Purchase","event_time":1767225600,
        "action_source":"physical_store","data_processing_options":["LDU"],"data_processing_options_country":1,
        "data_processing_options_state":1000}]})j");
    QTest::newRow("scalar hashed key keeps its shape") << QByteArray(R"j({"data":[{"user_data":{"em":"a",
        "ph":["1","2"],"external_id":[],"fbp":"fb.1.1596403881668.1116446470"}}]})j");
    QTest::newRow("extinfo as the Node SDK's object") << QByteArray(R"j({"data":[{"app_data":{"extinfo":{
        "0":"i2","1":"com.example.app","2":"1.2","3":"1.2 (45)","4":"17.4","5":"iPhone15,2","6":"en_US","7":"PST",
        "8":"AT&T","9":1179,"10":2556,"11":"3","12":6,"13":128,"14":40,"15":"America/Los_Angeles"}}}]})j");
    QTest::newRow("numbers") << QByteArray(R"j({"data":[{"event_time":1767225600,"custom_data":{"value":0,
        "predicted_ltv":420.5,"num_items":0,"net_revenue":59.9,"contents":[{"id":"A","quantity":0,"item_price":0},
        {"id":"B","quantity":1,"item_price":4.99}],"big":9007199254740993,"tiny":1e-7,"neg":-0.5}}]})j");
    QTest::newRow("empty objects stay") << QByteArray(R"j({"data":[{"user_data":{},"custom_data":{},"app_data":{}}]})j");
}

void TestEventModel::roundTrip()
{
    QFETCH(QByteArray, json);
    const QJsonObject in = parse(json);
    QString error;
    const auto request = EventRequest::fromJson(in, &error);
    QVERIFY2(request, qPrintable(error));
    QVERIFY(error.isEmpty());
    const QJsonObject out = request->toJson();
    QVERIFY2(out == in, compact(out).constData());
    // The serialised text too: QJsonValue's == would call 1767225600 and 1767225600.0 equal.
    QCOMPARE(compact(out), compact(in));

    // And the parsed value equals a re-parse of its own output.
    const auto again = EventRequest::fromJson(out, &error);
    QVERIFY2(again, qPrintable(error));
    QVERIFY(*again == *request);
}

void TestEventModel::sdkBodies_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<QString>("expectedError");

    QFile file(QStringLiteral(CAPIQA_TEST_DATA "/sdk-events.json"));
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.errorString()));
    const QJsonArray events = QJsonDocument::fromJson(file.readAll()).array();
    QVERIFY(events.size() >= 19);
    for (const QJsonValue &v : events) {
        const QJsonObject e = v.toObject();
        const QJsonObject body = e.value("wire"_L1).toObject().value("body"_L1).toObject();
        if (body.isEmpty())
            continue;
        const QString name = e.value("name"_L1).toString();
        // The SDK's [null] for an unmappable gender is not a valid hashed value.
        const QString expected = name == "null_entries_for_unmappable_values"_L1
                                     ? u"data[0].user_data.ge[0]: expected a string, got null"_s
                                     : QString();
        QTest::newRow(qPrintable(name)) << body << expected;
    }
}

void TestEventModel::sdkBodies()
{
    QFETCH(QJsonObject, body);
    QFETCH(QString, expectedError);
    QString error;
    const auto request = EventRequest::fromJson(body, &error);
    if (!expectedError.isEmpty()) {
        QVERIFY(!request);
        QCOMPARE(error, expectedError);
        return;
    }
    QVERIFY2(request, qPrintable(error));
    QCOMPARE(compact(request->toJson()), compact(withoutNullMembers(body)));
    // access_token and id are unknown to the model: kept in extra, as any unknown field.
    QCOMPARE(request->extra.value("access_token"_L1).toString(), u"TEST_ACCESS_TOKEN"_s);
}

void TestEventModel::numbersStayExact()
{
    const auto request = EventRequest::fromJson(parse(R"j({"data":[{"event_time":1767225600,
        "custom_data":{"value":4.99,"contents":[{"quantity":0,"item_price":0}]}}]})j"));
    QVERIFY(request);
    const ServerEvent &e = request->data.at(0);
    QCOMPARE(e.eventTime, std::optional<qint64>(1767225600));
    QCOMPARE(e.customData->value, std::optional<double>(4.99));
    QCOMPARE(e.customData->contents->at(0).quantity, std::optional<qint64>(0));
    QCOMPARE(e.customData->contents->at(0).itemPrice, std::optional<double>(0.0));

    const QByteArray text = compact(request->toJson());
    QVERIFY2(text.contains(R"j("event_time":1767225600)j"), text.constData());
    QVERIFY2(text.contains(R"j("value":4.99)j"), text.constData());
    QVERIFY2(text.contains(R"j("quantity":0)j"), text.constData());
    QVERIFY2(text.contains(R"j("item_price":0)j"), text.constData());

    // A value set in code is written as a whole number, not 1.7672256e+09.
    ServerEvent built;
    built.eventTime = 1767225600;
    QVERIFY(compact(built.toJson()).contains(R"j("event_time":1767225600)j"));
}

void TestEventModel::nullIsUnset()
{
    const auto request = EventRequest::fromJson(parse(R"j({"data":[{"event_name":"Lead","event_id":null,
        "user_data":{"em":null,"fbp":null},"custom_data":null}],"test_event_code":null,"partner_agent":null})j"));
    QVERIFY(request);
    const ServerEvent &e = request->data.at(0);
    QVERIFY(!e.eventId);
    QVERIFY(!e.customData);
    QVERIFY(e.userData && e.userData->isEmpty());
    QVERIFY(!request->testEventCode);
    QCOMPARE(compact(request->toJson()), QByteArray(R"j({"data":[{"event_name":"Lead","user_data":{}}]})j"));

    // A default-constructed event writes nothing at all: never a null.
    QCOMPARE(compact(ServerEvent().toJson()), QByteArray("{}"));
    QCOMPARE(compact(EventRequest().toJson()), QByteArray(R"j({"data":[]})j"));
}

void TestEventModel::typedAccess()
{
    const auto e = ServerEvent::fromJson(parse(R"j({"user_data":{"em":"a@b.co","ph":["1","2"],
        "lead_id":1234567890123456,"fbp":"fb.1.2.3"},"custom_data":{"content_ids":["1234"],"plan":"pro"}})j"));
    QVERIFY(e);
    using capiqa::pii::Field;
    QCOMPARE(e->userData->values(Field::Em), QStringList{u"a@b.co"_s});
    QCOMPARE(e->userData->values(Field::Ph), (QStringList{u"1"_s, u"2"_s}));
    QVERIFY(e->userData->values(Field::Zp).isEmpty());
    QCOMPARE(e->userData->unhashedValue(u"lead_id"), std::optional<QString>(u"1234567890123456"_s));
    QCOMPARE(e->userData->unhashedValue(u"fbp"), std::optional<QString>(u"fb.1.2.3"_s));
    QVERIFY(!e->userData->unhashedValue(u"fbc"));
    QCOMPARE(e->customData->contentIds, std::optional<QStringList>(QStringList{u"1234"_s}));
    QCOMPARE(e->customData->extra.value("plan"_L1).toString(), u"pro"_s);

    // setValues() writes arrays, the shape RequestBuilder sends.
    UserData ud;
    ud.setValues(Field::Em, {u"h1"_s});
    QCOMPARE(compact(ud.toJson()), QByteArray(R"j({"em":["h1"]})j"));
    QVERIFY(isUnhashedUserDataKey(u"client_user_agent"));
    QVERIFY(!isUnhashedUserDataKey(u"em"));
    QCOMPARE(unhashedUserDataKeys().size(), 14);
}

void TestEventModel::extinfo()
{
    const auto keyed = AppData::fromJson(parse(R"j({"extinfo":{"0":"i2","1":"com.example.app","2":"1.2",
        "3":"1.2 (45)","4":"17.4","5":"iPhone15,2","6":"en_US","7":"PST","8":"AT&T","9":1179,"10":2556,"11":"3",
        "12":6,"13":128,"14":40,"15":"America/Los_Angeles"}})j"));
    QVERIFY(keyed);
    QVERIFY(keyed->extinfo->keyedObject);
    QCOMPARE(keyed->extinfo->entries.size(), AppData::Extinfo::Size);
    QCOMPARE(keyed->extinfo->text(0), u"i2"_s);
    QCOMPARE(keyed->extinfo->text(9), u"1179"_s);
    QCOMPARE(keyed->extinfo->text(99), QString());
    QCOMPARE(keyed->extinfoProblem(), QString());

    const auto shortOne = AppData::fromJson(parse(R"j({"extinfo":["a2","x"]})j"));
    QVERIFY(shortOne); // loadable, so the validator can show what is wrong
    QCOMPARE(shortOne->extinfoProblem(), u"extinfo has 2 entries; Meta expects 16"_s);

    QJsonArray sixteen;
    sixteen.append(u"w2"_s);
    for (int i = 1; i < 16; ++i)
        sixteen.append(u"x"_s);
    const auto wrongVersion = AppData::fromJson(QJsonObject{{u"extinfo"_s, sixteen}});
    QVERIFY(wrongVersion);
    QCOMPARE(wrongVersion->extinfoProblem(), u"extinfo[0] is \"w2\"; it must be \"a2\" (Android) or \"i2\" (iOS)"_s);
    QCOMPARE(AppData().extinfoProblem(), u"extinfo is missing; app events need it"_s);
}

void TestEventModel::wrongTypes_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error");

    const auto row = [](const char *name, const char *json, const QString &error) {
        QTest::newRow(name) << QByteArray(json) << error;
    };
    row("event_time as a string", R"j({"data":[{"event_time":"1767225600"}]})j",
        u"data[0].event_time: expected a whole number, got a string"_s);
    row("event_time with a fraction", R"j({"data":[{"event_time":1767225600.5}]})j",
        u"data[0].event_time: expected a whole number, got the number 1767225600.5"_s);
    row("event_name as a number", R"j({"data":[{},{"event_name":7}]})j",
        u"data[1].event_name: expected a string, got the number 7"_s);
    row("opt_out as a string", R"j({"data":[{"opt_out":"false"}]})j",
        u"data[0].opt_out: expected true or false, got a string"_s);
    row("em entry as a number", R"j({"data":[{"user_data":{"em":["a",5]}}]})j",
        u"data[0].user_data.em[1]: expected a string, got the number 5"_s);
    row("em as an object", R"j({"data":[{"user_data":{"em":{"a":1}}}]})j",
        u"data[0].user_data.em: expected a string or an array of strings, got an object"_s);
    row("client_ip_address as an array", R"j({"data":[{"user_data":{"client_ip_address":["1.2.3.4"]}}]})j",
        u"data[0].user_data.client_ip_address: expected a string, got an array"_s);
    row("user_data as an array", R"j({"data":[{"user_data":[]}]})j",
        u"data[0].user_data: expected an object, got an array"_s);
    row("value as a string", R"j({"data":[{"custom_data":{"value":"abc"}}]})j",
        u"data[0].custom_data.value: expected a number, got a string"_s);
    row("quantity as a string", R"j({"data":[{"custom_data":{"contents":[{"id":"A"},{"quantity":"2"}]}}]})j",
        u"data[0].custom_data.contents[1].quantity: expected a whole number, got a string"_s);
    row("content as a string", R"j({"data":[{"custom_data":{"contents":["A"]}}]})j",
        u"data[0].custom_data.contents[0]: expected an object, got a string"_s);
    row("content_ids entry as a number", R"j({"data":[{"custom_data":{"content_ids":[1234]}}]})j",
        u"data[0].custom_data.content_ids[0]: expected a string, got the number 1234"_s);
    row("tracking flag as a string", R"j({"data":[{"app_data":{"advertiser_tracking_enabled":"true"}}]})j",
        u"data[0].app_data.advertiser_tracking_enabled: expected true or false, got a string"_s);
    row("extinfo entry as an object", R"j({"data":[{"app_data":{"extinfo":["a2","b","c",{}]}}]})j",
        u"data[0].app_data.extinfo[3]: expected a string or a number, got an object"_s);
    row("extinfo with a gap", R"j({"data":[{"app_data":{"extinfo":{"0":"a2","2":"x"}}}]})j",
        u"data[0].app_data.extinfo.2: extinfo keys must be the indices 0 to 1"_s);
    row("extinfo as a string", R"j({"data":[{"app_data":{"extinfo":"a2"}}]})j",
        u"data[0].app_data.extinfo: expected an array of 16 strings, got a string"_s);
    row("LDU country as a string", R"j({"data":[{"data_processing_options_country":"1"}]})j",
        u"data[0].data_processing_options_country: expected a whole number, got a string"_s);
    row("original event time", R"j({"data":[{"original_event_data":{"event_time":true}}]})j",
        u"data[0].original_event_data.event_time: expected a whole number, got a boolean"_s);
    row("test_event_code as a number", R"j({"data":[],"test_event_code":12345})j",
        u"test_event_code: expected a string, got the number 12345"_s);
    row("data missing", R"j({"test_event_code":"T"})j",
        u"data: missing: a request body needs a \"data\" array of events"_s);
    row("data as an object", R"j({"data":{}})j", u"data: expected an array, got an object"_s);
    row("event as a string", R"j({"data":["Lead"]})j", u"data[0]: expected an event object, got a string"_s);
}

void TestEventModel::wrongTypes()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    QString actual = u"untouched"_s;
    const auto request = EventRequest::fromJson(parse(json), &actual);
    QVERIFY(!request);
    QCOMPARE(actual, error);
    // No out-parameter: still no crash.
    QVERIFY(!EventRequest::fromJson(parse(json)));
}

void TestEventModel::partsHaveTheirOwnPaths()
{
    QString error;
    QVERIFY(!ServerEvent::fromJson(parse(R"j({"event_time":"x"})j"), &error));
    QCOMPARE(error, u"event_time: expected a whole number, got a string"_s);
    QVERIFY(!UserData::fromJson(parse(R"j({"ph":[1]})j"), &error));
    QCOMPARE(error, u"user_data.ph[0]: expected a string, got the number 1"_s);
    QVERIFY(!CustomData::fromJson(parse(R"j({"num_items":2.5})j"), &error, u"data[4].custom_data"));
    QCOMPARE(error, u"data[4].custom_data.num_items: expected a whole number, got the number 2.5"_s);
}

QTEST_GUILESS_MAIN(TestEventModel)
#include "tst_eventmodel.moc"
