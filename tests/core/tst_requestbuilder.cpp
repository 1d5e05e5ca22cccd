// RequestBuilder: parity with the bodies the Node SDK sent (tests/data/sdk-events.json, built
// from the raw inputs in tests/data/sdk-events-inputs.json), the builder's handling of every
// normaliser status, each profile against the reference vectors, and the node-sdk profile's
// non-PII habits.
#include "event/nodesdkbehaviour.h"
#include "event/requestbuilder.h"

#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtTest/QTest>

using namespace capiqa;
using namespace capiqa::event;
using namespace Qt::StringLiterals;

namespace {

QJsonDocument readFixture(const QString &name)
{
    QFile file(QStringLiteral(CAPIQA_TEST_DATA) + u'/' + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot open %s: %s", qPrintable(file.fileName()), qPrintable(file.errorString()));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("%s: %s", qPrintable(name), qPrintable(error.errorString()));
    return doc;
}

QJsonObject parse(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad test JSON at %d: %s", int(error.offset), qPrintable(error.errorString()));
    return doc.object();
}

QByteArray compact(const QJsonValue &v)
{
    return QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact).mid(1).chopped(1);
}

/// What capiqa must send where the Node SDK sent `sdkBody`: the same, minus the SDK's two
/// faults. (1) access_token: the token belongs in the query string only. (2) null: the SDK
/// writes null for every unset top-level field and [null] for a user_data value its normaliser
/// could not map; capiqa leaves both out (and a key whose values are all gone). Also minus `id`:
/// it is the pixel id, which already is the URL path (/{pixel_id}/events); the SDK leaks its
/// own object id into the params. Sending it adds nothing and could disagree with the path,
/// so capiqa does not send it.
QJsonObject expectedFromSdk(QJsonObject sdkBody)
{
    sdkBody.remove("access_token"_L1);
    sdkBody.remove("id"_L1);
    const std::function<QJsonValue(const QJsonValue &, bool)> clean = [&](const QJsonValue &v, bool inUserData) -> QJsonValue {
        if (v.isObject()) {
            QJsonObject out;
            const QJsonObject o = v.toObject();
            for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
                if (it->isNull())
                    continue;
                const QJsonValue c = clean(it.value(), inUserData || it.key() == "user_data"_L1);
                if (inUserData && c.isArray() && c.toArray().isEmpty() && !it->toArray().isEmpty())
                    continue; // every value was a null
                out.insert(it.key(), c);
            }
            return out;
        }
        if (v.isArray()) {
            QJsonArray out;
            for (const QJsonValue &item : v.toArray()) {
                if (inUserData && item.isNull())
                    continue;
                out.append(clean(item, inUserData));
            }
            return out;
        }
        return v;
    };
    return clean(sdkBody, false).toObject();
}

/// Test double for the normaliser: the input says what happens to it.
pii::PiiResult fakeNormalize(pii::Field, QStringView value)
{
    pii::PiiResult r;
    const QString v = value.toString();
    if (v.startsWith("reject"_L1)) {
        r.status = pii::Status::Rejected;
        r.error = "bad value '" + v.toStdString() + "'";
    } else if (v.startsWith("drop-null"_L1)) {
        r.status = pii::Status::DroppedNull;
    } else if (v.startsWith("drop"_L1)) {
        r.status = pii::Status::Dropped;
    } else if (v.startsWith("verbatim"_L1)) {
        r.status = pii::Status::SentUnhashed;
        r.sent = v.toStdString();
        r.hasSent = true;
    } else if (v.startsWith("hash64"_L1)) {
        r.status = pii::Status::PassthroughSha256;
        r.sent = v.toLower().toStdString();
        r.hasSent = true;
    } else {
        r.status = pii::Status::Hashed;
        r.sent = "h(" + v.trimmed().toLower().toStdString() + ")";
        r.hasSent = true;
    }
    return r;
}

QStringList statusLines(const QList<FieldDiagnostic> &diagnostics)
{
    QStringList out;
    for (const FieldDiagnostic &d : diagnostics)
        out.append(d.path % u' ' % d.status());
    return out;
}

} // namespace

class TestRequestBuilder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sdkParity_data();
    void sdkParity();
    void statuses_data();
    void statuses();
    void profilesMatchVectors_data();
    void profilesMatchVectors();
    void nodeSdkBehaviour();
    void otherProfilesKeepNonPii();
    void topLevel();
    void wrongShapes_data();
    void wrongShapes();
    void failedEventIsLeftOut();
    void tooManyEvents();
};

void TestRequestBuilder::sdkParity_data()
{
    QTest::addColumn<QJsonObject>("input");
    QTest::addColumn<QJsonObject>("expected");
    QTest::addColumn<QString>("sdkError");

    const QJsonArray events = readFixture(u"sdk-events.json"_s).array();
    const QJsonObject inputs = readFixture(u"sdk-events-inputs.json"_s).object();
    QCOMPARE(events.size(), 19);
    for (const QJsonValue &v : events) {
        const QJsonObject e = v.toObject();
        const QString name = e.value("name"_L1).toString();
        QVERIFY2(inputs.contains(name), qPrintable(u"no raw input for "_s + name));
        // The custom-HttpServiceInterface event hands the body over as `params` instead.
        QJsonObject sdkBody = e.value("wire"_L1).toObject().value("body"_L1).toObject();
        if (sdkBody.isEmpty())
            sdkBody = e.value("handed_to_http_service"_L1).toObject().value("params"_L1).toObject();
        const QString sdkError = e.value("normalize_error"_L1).toString();
        QVERIFY2(!sdkBody.isEmpty() || !sdkError.isEmpty(), qPrintable(name));
        QTest::newRow(qPrintable(name)) << inputs.value(name).toObject() << expectedFromSdk(sdkBody) << sdkError;
    }
}

void TestRequestBuilder::sdkParity()
{
    QFETCH(QJsonObject, input);
    QFETCH(QJsonObject, expected);
    QFETCH(QString, sdkError);

    RequestBuilder builder(pii::Profile::NodeSdk);
    const BuildResult result = builder.build(input);
    for (const FieldDiagnostic &d : result.diagnostics)
        QCOMPARE(d.profile, pii::Profile::NodeSdk);

    if (!sdkError.isEmpty()) {
        // The SDK threw from UserData.normalize(); capiqa fails the event with a comparable
        // message and the path of the offending value. The SDK quotes the value as it was
        // after trimming and lowercasing, e.g. 'united states'.
        QVERIFY2(!result.ok(), compact(result.body).constData());
        QCOMPARE(result.failedEvents, QList<qsizetype>{0});
        QCOMPARE(result.errors.size(), 1);
        const QString error = result.errors.constFirst();
        const QString quoted = sdkError.section(u'\'', 1, 1);
        QVERIFY2(error.startsWith("data[0].user_data."_L1), qPrintable(error));
        QVERIFY2(error.contains(quoted, Qt::CaseInsensitive), qPrintable(error + u" / SDK: "_s + sdkError));
        QVERIFY2(error.contains(sdkError.section(u' ', 0, 2), Qt::CaseInsensitive),
                 qPrintable(error + u" / SDK: "_s + sdkError));
        return;
    }
    QVERIFY2(result.ok(), qPrintable(result.errors.join(u"\n")));
    QVERIFY2(result.body == expected,
             qPrintable(u"\n   got: %1\nwanted: %2"_s.arg(QString::fromUtf8(compact(result.body)),
                                                         QString::fromUtf8(compact(expected)))));
    QVERIFY(!result.body.contains("access_token"_L1));
    QVERIFY(!compact(result.body).contains("null"));
}

void TestRequestBuilder::statuses_data()
{
    QTest::addColumn<QByteArray>("userData");
    QTest::addColumn<QByteArray>("expectedUserData"); // empty: the event fails
    QTest::addColumn<QStringList>("expectedStatuses");
    QTest::addColumn<QStringList>("expectedErrors");

    const QString p = u"data[0].user_data."_s;
    QTest::newRow("a string becomes an array") << QByteArray(R"j({"em":"A@B.co"})j") << QByteArray(R"j({"em":["h(a@b.co)"]})j")
                                               << QStringList{p + u"em hashed"_s} << QStringList{};
    QTest::newRow("dedup after hashing, in order")
        << QByteArray(R"j({"em":["B"," a ","b","A"]})j") << QByteArray(R"j({"em":["h(b)","h(a)"]})j")
        << QStringList{p + u"em[0] hashed"_s, p + u"em[1] hashed"_s, p + u"em[2] duplicate"_s, p + u"em[3] duplicate"_s}
        << QStringList{};
    QTest::newRow("passthrough and verbatim")
        << QByteArray(R"j({"em":"hash64ABC","external_id":["verbatim X","verbatim X","verbatim Y"]})j")
        << QByteArray(R"j({"em":["hash64abc"],"external_id":["verbatim X","verbatim Y"]})j")
        << QStringList{p + u"em passthrough-sha256"_s, p + u"external_id[0] sent-unhashed"_s,
                       p + u"external_id[1] duplicate"_s, p + u"external_id[2] sent-unhashed"_s}
        << QStringList{};
    QTest::newRow("dropped is left out") << QByteArray(R"j({"zp":["drop","1"]})j") << QByteArray(R"j({"zp":["h(1)"]})j")
                                         << QStringList{p + u"zp[0] dropped"_s, p + u"zp[1] hashed"_s} << QStringList{};
    QTest::newRow("dropped-null is left out, never sent as null")
        << QByteArray(R"j({"ge":"drop-null","em":"x"})j") << QByteArray(R"j({"em":["h(x)"]})j")
        << QStringList{p + u"em hashed"_s, p + u"ge dropped-null"_s} << QStringList{};
    QTest::newRow("a null entry is left out") << QByteArray(R"j({"ph":[null,"1"]})j") << QByteArray(R"j({"ph":["h(1)"]})j")
                                              << QStringList{p + u"ph[0] omitted-null"_s, p + u"ph[1] hashed"_s}
                                              << QStringList{};
    QTest::newRow("a null key is left out") << QByteArray(R"j({"ph":null,"fbp":null})j") << QByteArray(R"j({})j")
                                            << QStringList{p + u"fbp omitted-null"_s, p + u"ph omitted-null"_s}
                                            << QStringList{};
    QTest::newRow("an empty array is left out") << QByteArray(R"j({"ph":[]})j") << QByteArray(R"j({})j") << QStringList{}
                                                << QStringList{};
    QTest::newRow("rejected in an array names the index")
        << QByteArray(R"j({"em":["ok","reject me"]})j") << QByteArray()
        << QStringList{p + u"em[0] hashed"_s, p + u"em[1] rejected"_s}
        << QStringList{p + u"em[1]: bad value 'reject me'"_s};
    QTest::newRow("rejected scalar names the key") << QByteArray(R"j({"country":"reject"})j") << QByteArray()
                                                   << QStringList{p + u"country rejected"_s}
                                                   << QStringList{p + u"country: bad value 'reject'"_s};
    QTest::newRow("every rejection is reported")
        << QByteArray(R"j({"em":"reject 1","ph":["reject 2"]})j") << QByteArray()
        << QStringList{p + u"em rejected"_s, p + u"ph[0] rejected"_s}
        << QStringList{p + u"em: bad value 'reject 1'"_s, p + u"ph[0]: bad value 'reject 2'"_s};
    QTest::newRow("never-hash keys pass unchanged")
        << QByteArray(R"j({"client_ip_address":"203.0.113.7","client_user_agent":"UA","fbc":"fb.1.1.abc",
            "fbp":"fb.1.2.3","subscription_id":"s","fb_login_id":"1","lead_id":1234567890123456,"anon_id":"a",
            "madid":"m","page_id":"p","page_scoped_user_id":"ps","ctwa_clid":"c","ig_account_id":"i","ig_sid":"is"})j")
        << QByteArray(R"j({"client_ip_address":"203.0.113.7","client_user_agent":"UA","fbc":"fb.1.1.abc",
            "fbp":"fb.1.2.3","subscription_id":"s","fb_login_id":"1","lead_id":1234567890123456,"anon_id":"a",
            "madid":"m","page_id":"p","page_scoped_user_id":"ps","ctwa_clid":"c","ig_account_id":"i","ig_sid":"is"})j")
        << QStringList{p + u"anon_id not-hashed"_s, p + u"client_ip_address not-hashed"_s,
                       p + u"client_user_agent not-hashed"_s, p + u"ctwa_clid not-hashed"_s,
                       p + u"fb_login_id not-hashed"_s, p + u"fbc not-hashed"_s, p + u"fbp not-hashed"_s,
                       p + u"ig_account_id not-hashed"_s, p + u"ig_sid not-hashed"_s, p + u"lead_id not-hashed"_s,
                       p + u"madid not-hashed"_s, p + u"page_id not-hashed"_s,
                       p + u"page_scoped_user_id not-hashed"_s, p + u"subscription_id not-hashed"_s}
        << QStringList{};
    QTest::newRow("unknown key passes unchanged") << QByteArray(R"j({"new_key":{"a":1}})j")
                                                  << QByteArray(R"j({"new_key":{"a":1}})j")
                                                  << QStringList{p + u"new_key unknown-key"_s} << QStringList{};
    QTest::newRow("number for a hashed key") << QByteArray(R"j({"zp":94025})j") << QByteArray()
                                             << QStringList{p + u"zp invalid"_s}
                                             << QStringList{p + u"zp: expected a string or an array of strings, got the number 94025"_s};
    QTest::newRow("number in a hashed array") << QByteArray(R"j({"ph":["1",2]})j") << QByteArray()
                                              << QStringList{p + u"ph[1] invalid"_s, p + u"ph[0] hashed"_s}
                                              << QStringList{p + u"ph[1]: expected a string, got the number 2"_s};
    QTest::newRow("wrong type for a never-hash key")
        << QByteArray(R"j({"fbp":["fb.1.2.3"]})j") << QByteArray()
        << QStringList{p + u"fbp not-hashed"_s, p + u"fbp invalid"_s}
        << QStringList{p + u"fbp: expected a string, got an array"_s};
}

void TestRequestBuilder::statuses()
{
    QFETCH(QByteArray, userData);
    QFETCH(QByteArray, expectedUserData);
    QFETCH(QStringList, expectedStatuses);
    QFETCH(QStringList, expectedErrors);

    for (const pii::Profile profile : pii::AllProfiles) {
        RequestBuilder builder(profile);
        builder.setNormalizer(fakeNormalize);
        const QJsonObject event{{u"event_name"_s, u"Lead"_s}, {u"user_data"_s, parse(userData)}};
        const EventBuildResult result = builder.buildEvent(event);
        QCOMPARE(statusLines(result.diagnostics), expectedStatuses);
        QCOMPARE(result.errors, expectedErrors);
        for (const FieldDiagnostic &d : result.diagnostics) {
            QCOMPARE(d.profile, profile);
            QCOMPARE(d.isFatal(), d.status() == "rejected"_L1 || d.status() == "invalid"_L1);
        }
        if (expectedUserData.isEmpty()) {
            QVERIFY(!result.ok());
            QVERIFY(result.event.isEmpty());
        } else {
            QVERIFY2(result.ok(), qPrintable(result.errors.join(u'\n')));
            QCOMPARE(compact(result.event.value("user_data"_L1)), compact(parse(expectedUserData)));
        }
    }
}

void TestRequestBuilder::profilesMatchVectors_data()
{
    QTest::addColumn<int>("profile");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("status");
    QTest::addColumn<QString>("sent"); // empty: nothing is sent

    const QJsonArray vectors = readFixture(u"pii-vectors.json"_s).array();
    QVERIFY(vectors.size() >= 200);
    const std::pair<pii::Profile, QLatin1StringView> implementations[] = {
        {pii::Profile::Meta, "param_builder"_L1},
        {pii::Profile::NodeSdk, "node_sdk"_L1},
        {pii::Profile::PythonSdk, "python_sdk"_L1},
        {pii::Profile::PhpSdk, "php_sdk"_L1},
    };
    for (const auto &[profile, impl] : implementations) {
        for (const QJsonValue &v : vectors) {
            const QJsonObject row = v.toObject();
            const QJsonObject expected = row.value(impl).toObject();
            const QString status = expected.value("status"_L1).toString();
            // What lands in user_data: the hash (or the passthrough value, which the vectors
            // keep in sha256), or the verbatim value of sent-unhashed.
            QString sent = expected.value("sha256"_L1).toString();
            if (status == "sent-unhashed"_L1)
                sent = expected.value("normalized"_L1).toString();
            const QString tag = u"%1 %2"_s.arg(QString(impl), row.value("id"_L1).toString());
            QTest::newRow(qPrintable(tag)) << int(profile) << row.value("field"_L1).toString()
                                           << row.value("input"_L1).toString() << status << sent;
        }
    }
}

void TestRequestBuilder::profilesMatchVectors()
{
    QFETCH(int, profile);
    QFETCH(QString, field);
    QFETCH(QString, input);
    QFETCH(QString, status);
    QFETCH(QString, sent);

    RequestBuilder builder{pii::Profile(profile)};
    const QJsonObject event{{u"event_name"_s, u"Lead"_s}, {u"user_data"_s, QJsonObject{{field, input}}}};
    const EventBuildResult result = builder.buildEvent(event, 3);

    const QString path = u"data[3].user_data."_s + field;
    QCOMPARE(result.diagnostics.size(), 1);
    const FieldDiagnostic &d = result.diagnostics.constFirst();
    QCOMPARE(d.status(), status);
    QCOMPARE(d.path, path);
    QCOMPARE(d.field, field);

    if (status == "rejected"_L1) {
        QVERIFY(!result.ok());
        QCOMPARE(result.errors.size(), 1);
        QVERIFY2(result.errors.constFirst().startsWith(path + u": "_s), qPrintable(result.errors.constFirst()));
        QVERIFY(!d.message.isEmpty());
        return;
    }
    QVERIFY2(result.ok(), qPrintable(result.errors.join(u'\n')));
    const QJsonObject userData = result.event.value("user_data"_L1).toObject();
    if (sent.isEmpty()) {
        QVERIFY2(!userData.contains(field), compact(userData).constData());
        return;
    }
    const QJsonArray values = userData.value(field).toArray();
    QCOMPARE(values.size(), 1);
    const QString actual = values.at(0).toString();
    // The parameter builder appends ".APPENDIX" (its version) to what it sends; the vectors
    // hold the bare hash, so compare the part before it.
    if (pii::Profile(profile) == pii::Profile::Meta && actual != sent)
        QCOMPARE(actual.section(u'.', 0, 0), sent.section(u'.', 0, 0));
    else
        QCOMPARE(actual, sent);
}

void TestRequestBuilder::nodeSdkBehaviour()
{
    const QJsonObject input = parse(R"j({"data":[{"event_name":"Purchase","event_time":1767225600,
        "action_source":"Website","event_id":"","opt_out":false,
        "user_data":{"client_ip_address":"203.0.113.7"},
        "custom_data":{"value":" 12.50 EUR","net_revenue":"x","currency":"EUR","num_items":0,"predicted_ltv":0,
          "content_name":"","content_ids":[],"delivery_category":"home_delivery",
          "contents":[{"id":"A","quantity":0,"item_price":0},{"id":"B","quantity":2,"item_price":3}]}}]})j");
    RequestBuilder builder(pii::Profile::NodeSdk);
    const BuildResult result = builder.build(input);
    QVERIFY2(result.ok(), qPrintable(result.errors.join(u'\n')));
    const QJsonObject expected = parse(R"j({"data":[{"event_name":"Purchase","event_time":1767225600,
        "action_source":"website","user_data":{"client_ip_address":"203.0.113.7"},
        "custom_data":{"value":12.5,"currency":"EUR","content_ids":[],"delivery_category":"home_delivery",
          "contents":[{"id":"A"},{"id":"B","quantity":2,"item_price":3}]}}]})j");
    QCOMPARE(compact(result.body), compact(expected));

    QStringList changed;
    for (const FieldDiagnostic &d : result.diagnostics) {
        if (d.kind == FieldDiagnostic::Kind::SdkBehaviour) {
            changed.append(d.path);
            QVERIFY2(d.message.contains("Node SDK"_L1), qPrintable(d.message));
        }
    }
    changed.sort();
    const QString c = u"data[0].custom_data."_s;
    QStringList expectedChanges{c + u"content_name"_s, c + u"contents[0].item_price"_s, c + u"contents[0].quantity"_s,
                                c + u"net_revenue"_s,  c + u"num_items"_s,              c + u"predicted_ltv"_s,
                                c + u"value"_s,        u"data[0].action_source"_s,      u"data[0].event_id"_s,
                                u"data[0].opt_out"_s};
    expectedChanges.sort();
    QCOMPARE(changed, expectedChanges);

    // A truthy string item_price gets past the SDK's checks; capiqa's type gate stops it.
    const EventBuildResult typed = builder.buildEvent(parse(R"j({"custom_data":{"contents":[{"item_price":"3"}]}})j"));
    QCOMPARE(typed.errors,
             QStringList{u"data[0].custom_data.contents[0].item_price: expected a number, got a string"_s});

    QCOMPARE(event::detail::jsParseFloat(u"4.99"), std::optional<double>(4.99));
    QCOMPARE(event::detail::jsParseFloat(u"  -1e3xyz"), std::optional<double>(-1000.0));
    QCOMPARE(event::detail::jsParseFloat(u".5"), std::optional<double>(0.5));
    QCOMPARE(event::detail::jsParseFloat(u"7e"), std::optional<double>(7.0));
    QCOMPARE(event::detail::jsParseFloat(u"abc"), std::nullopt);
    QCOMPARE(event::detail::jsParseFloat(u"Infinity"), std::nullopt);
    QCOMPARE(event::detail::jsParseFloat(u""), std::nullopt);
}

void TestRequestBuilder::otherProfilesKeepNonPii()
{
    for (const pii::Profile profile : {pii::Profile::Meta, pii::Profile::PythonSdk, pii::Profile::PhpSdk}) {
        RequestBuilder builder(profile);
        const QJsonObject event = parse(R"j({"event_name":"Purchase","action_source":"Website","event_id":"",
            "custom_data":{"value":0,"num_items":0,"contents":[{"id":"A","quantity":0,"item_price":0}]}})j");
        const EventBuildResult kept = builder.buildEvent(event);
        QVERIFY2(kept.ok(), qPrintable(kept.errors.join(u'\n')));
        QCOMPARE(compact(kept.event), compact(event));
        QVERIFY(kept.diagnostics.isEmpty());

        // Without the Node SDK's parseFloat(), a string value is a type error.
        const EventBuildResult refused = builder.buildEvent(parse(R"j({"custom_data":{"value":"abc"}})j"), 2);
        QCOMPARE(refused.errors, QStringList{u"data[2].custom_data.value: expected a number, got a string"_s});
        QCOMPARE(refused.diagnostics.size(), 1);
        QCOMPARE(refused.diagnostics.constFirst().status(), u"invalid"_s);
        QCOMPARE(refused.diagnostics.constFirst().path, u"data[2].custom_data.value"_s);
        QCOMPARE(refused.diagnostics.constFirst().field, u"custom_data.value"_s);
        QCOMPARE(refused.diagnostics.constFirst().message, u"expected a number, got a string"_s);
        QVERIFY(refused.diagnostics.constFirst().isFatal());
    }
}

void TestRequestBuilder::topLevel()
{
    const QJsonObject input = parse(R"j({"data":[{"event_name":"Lead","custom_data":{"plan":null,"seats":3}}],
        "test_event_code":"TEST12345","partner_agent":null,"upload_tag":"t","access_token":"SECRET","id":"123"})j");
    RequestBuilder builder(pii::Profile::Meta);
    const BuildResult result = builder.build(input);
    QVERIFY2(result.ok(), qPrintable(result.errors.join(u'\n')));
    // `id` is not the builder's to judge: unknown top-level fields pass, as everywhere.
    QCOMPARE(compact(result.body), compact(parse(R"j({"data":[{"event_name":"Lead","custom_data":{"seats":3}}],
        "test_event_code":"TEST12345","upload_tag":"t","id":"123"})j")));
    QCOMPARE(statusLines(result.diagnostics), (QStringList{u"data[0].custom_data.plan omitted-null"_s,
                                                        u"partner_agent omitted-null"_s, u"access_token removed"_s}));
}

void TestRequestBuilder::wrongShapes_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QStringList>("errors");
    QTest::newRow("no data") << QByteArray("{}") << QStringList{u"data: missing: a request needs a \"data\" array of events"_s};
    QTest::newRow("data object") << QByteArray(R"j({"data":{}})j")
                                 << QStringList{u"data: expected an array of events, got an object"_s};
    QTest::newRow("event string") << QByteArray(R"j({"data":["Lead"]})j")
                                  << QStringList{u"data[0]: expected an event object, got a string"_s};
    QTest::newRow("top-level type") << QByteArray(R"j({"data":[],"test_event_code":5})j")
                                    << QStringList{u"test_event_code: expected a string, got the number 5"_s};
    QTest::newRow("event_time string") << QByteArray(R"j({"data":[{"event_time":"1767225600"}]})j")
                                       << QStringList{u"data[0].event_time: expected a whole number, got a string"_s};
    QTest::newRow("user_data array") << QByteArray(R"j({"data":[{"user_data":["a"]}]})j")
                                     << QStringList{u"data[0].user_data: expected an object, got an array"_s};
}

void TestRequestBuilder::wrongShapes()
{
    QFETCH(QByteArray, request);
    QFETCH(QStringList, errors);
    RequestBuilder builder;
    const BuildResult result = builder.build(parse(request));
    QVERIFY(!result.ok());
    QCOMPARE(result.errors, errors);
}

void TestRequestBuilder::failedEventIsLeftOut()
{
    RequestBuilder builder(pii::Profile::PythonSdk);
    builder.setNormalizer(fakeNormalize);
    const BuildResult result = builder.build(parse(R"j({"data":[{"event_name":"A","user_data":{"em":"x"}},
        {"event_name":"B","user_data":{"em":["y","reject"]}},{"event_name":"C"}]})j"));
    QVERIFY(!result.ok());
    QCOMPARE(result.failedEvents, QList<qsizetype>{1});
    QCOMPARE(result.errors, QStringList{u"data[1].user_data.em[1]: bad value 'reject'"_s});
    QCOMPARE(compact(result.body), compact(parse(R"j({"data":[{"event_name":"A","user_data":{"em":["h(x)"]}},
        {"event_name":"C"}]})j")));

    // An empty function restores the profile's own normaliser.
    builder.setNormalizer({});
    QCOMPARE(builder.profile(), pii::Profile::PythonSdk);
    builder.setProfile(pii::Profile::NodeSdk);
    QCOMPARE(builder.profile(), pii::Profile::NodeSdk);
}

void TestRequestBuilder::tooManyEvents()
{
    QJsonArray events;
    for (int i = 0; i < 1001; ++i)
        events.append(QJsonObject{{u"event_name"_s, u"Lead"_s}});
    RequestBuilder builder;
    const BuildResult result = builder.build(QJsonObject{{u"data"_s, events}});
    QCOMPARE(result.errors, QStringList{u"data: 1001 events; Meta accepts at most 1000 per request"_s});

    events.removeLast();
    QVERIFY(builder.build(QJsonObject{{u"data"_s, events}}).ok());
}

QTEST_GUILESS_MAIN(TestRequestBuilder)
#include "tst_requestbuilder.moc"
