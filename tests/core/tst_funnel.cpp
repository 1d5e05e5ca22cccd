// Funnel files: the three accepted shapes, template expansion per user, CSV identities, and
// every kind of bad file reported with its line before anything could be sent.
#include "replay/funnel.h"
#include "replay/funnelexpander.h"
#include "replay/identities.h"
#include "replay/jsonlocate.h"
#include "replay/replayoptions.h"
#include "replay/templatetext.h"

#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QSet>
#include <QtCore/QTemporaryDir>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;
using namespace capiqa::replay;

namespace {

QString dataPath(const QString &name)
{
    return QStringLiteral(CAPIQA_TEST_DATA) + u"/replay/"_s + name;
}

const QByteArray GoodEvent = R"({"event_name":"Lead","event_time":"now","action_source":"website","event_source_url":"https://a.example/","event_id":"lead_{{user}}","user_data":{"em":"a@example.com","client_user_agent":"Mozilla/5.0"}})";

QByteArray funnelWith(const QByteArray &stepsJson, const QByteArray &extra = {})
{
    return "{\n  \"format\": \"capiqa-funnel\",\n  \"version\": 1,\n" + extra + "  \"steps\": [\n" + stepsJson + "\n  ]\n}\n";
}

ExpansionOptions seeded(quint64 seed, bool rewriteEventTime = true, bool regenerateIds = false)
{
    ExpansionOptions o;
    o.seed = seed;
    o.rewriteEventTime = rewriteEventTime;
    o.regenerateIds = regenerateIds;
    return o;
}

} // namespace

class TestFunnel : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString write(const QString &name, const QByteArray &bytes)
    {
        QFile f(m_dir.filePath(name));
        if (!f.open(QIODevice::WriteOnly))
            return {};
        f.write(bytes);
        return f.fileName();
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void locatesJsonPaths()
    {
        const QByteArray json = "{\n \"a\": [1, {\"b\": \"x\"}],\n \"c\\\"d\": true\n}";
        QCOMPARE(jsonValueOffset(json, u"a[1].b"), json.indexOf("\"x\""));
        QCOMPARE(jsonValueOffset(json, u"a[0]"), json.indexOf('1'));
        QCOMPARE(jsonValueOffset(json, u"c\"d"), json.indexOf("true"));
        QCOMPARE(jsonValueOffset(json, u"a[2]"), -1);
        QCOMPARE(jsonPathPosition(json, u"a[1].b"), u"line 2, column 17"_s);
        // A missing key is placed at its nearest ancestor.
        QCOMPARE(jsonPathPosition(json, u"a[1].missing"), u"line 2, column 11"_s);
        QCOMPARE(jsonPathPosition("{\"k\": 5}", u"k", 40), u"line 40, column 7"_s);
    }

    void placeholders_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("names");
        QTest::addColumn<QString>("error");
        QTest::newRow("none") << u"plain {x}"_s << QStringList{} << QString();
        QTest::newRow("two") << u"a{{uuid}}b{{ user.email }}"_s << QStringList{u"uuid"_s, u"user.email"_s} << QString();
        QTest::newRow("unterminated") << u"id_{{seq"_s << QStringList{} << u"unterminated {{ at offset 3"_s;
        QTest::newRow("empty") << u"{{ }}"_s << QStringList{} << u"empty placeholder {{}} at offset 0"_s;
        QTest::newRow("not a name") << u"{{a b}}"_s << QStringList{} << u"\"{{a b}}\" at offset 0 is not a template name (letters, digits, _ and .)"_s;
    }

    void placeholders()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, names);
        QFETCH(QString, error);
        QStringList found;
        QCOMPARE(forEachPlaceholder(text, [&](QStringView n, qsizetype) { found << n.toString(); }), error);
        QCOMPARE(found, names);
    }

    void expandKeepsTypes()
    {
        const TemplateLookup lookup = [](QStringView n) -> QJsonValue {
            if (n == u"price")
                return 29.99;
            if (n == u"sku")
                return u"p1"_s;
            return QJsonValue(QJsonValue::Undefined);
        };
        QCOMPARE(expandText(u"{{price}}"_s, lookup), QJsonValue(29.99));
        QCOMPARE(expandText(u"{{ price }}"_s, lookup), QJsonValue(29.99));
        QCOMPARE(expandText(u"€{{price}}"_s, lookup), QJsonValue(u"€29.99"_s));
        QCOMPARE(expandText(u"{{sku}}-{{sku}}"_s, lookup), QJsonValue(u"p1-p1"_s));
        QCOMPARE(expandText(u"{{nope}}"_s, lookup), QJsonValue(u"{{nope}}"_s));
    }

    void csvIdentities()
    {
        QStringList errors;
        const IdentityTable t = readIdentities(dataPath(u"users.csv"_s), &errors);
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));
        QCOMPARE(t.columns, (QStringList{u"email"_s, u"phone"_s, u"first_name"_s, u"external_id"_s, u"plan"_s}));
        QCOMPARE(t.size(), 3);
        QCOMPARE(t.row(1).at(2), u"Bob, Jr."_s);
        QCOMPARE(t.row(1).at(4), u"basic \"old\""_s);
        QCOMPARE(t.row(4).at(3), u"u-2"_s); // user 5 takes row 2 again
        QCOMPARE(t.lineOf(2), 4);
        QCOMPARE(IdentityTable::userDataKey(u"Email"), u"em"_s);
        QCOMPARE(IdentityTable::userDataKey(u"plan"), QString());
    }

    void badCsv_data()
    {
        QTest::addColumn<QByteArray>("csv");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("field count") << QByteArray("email,phone\na@x.com,1\nb@x.com\nc@x.com,3\n")
                                     << QStringList{u"x.csv: line 3: 1 field(s), but the header has 2 (email, phone)"_s};
        QTest::newRow("open quote") << QByteArray("email\n\"a@x.com\nb@x.com\n")
                                    << QStringList{u"x.csv: line 2: a quoted field opened on line 2 is never closed"_s};
        QTest::newRow("after quote") << QByteArray("email,plan\n\"a\"x,1\n")
                                     << QStringList{u"x.csv: line 2: text after a closing quote in field 1"_s};
        QTest::newRow("duplicate column") << QByteArray("email,Email\na,b\n")
                                          << QStringList{u"x.csv: line 1: the header names column \"Email\" twice"_s};
        QTest::newRow("binary") << QByteArray("email\na\n\0\x01", 10)
                                << QStringList{u"x.csv: line 3: binary data, not CSV text (a NUL byte)"_s};
        QTest::newRow("header only") << QByteArray("email\n") << QStringList{u"x.csv: line 2: no user rows after the header"_s};
    }

    void badCsv()
    {
        QFETCH(QByteArray, csv);
        QFETCH(QStringList, expected);
        QStringList errors;
        parseIdentities(csv, u"x.csv"_s, &errors);
        QCOMPARE(errors, expected);
    }

    void loadsFunnelV1AndExpandsPerUser()
    {
        const FunnelLoad load = loadFunnel(dataPath(u"shop-funnel.json"_s));
        QVERIFY2(load.ok(), qPrintable(load.errors.join(u'\n')));
        const Funnel &f = *load.funnel;
        QCOMPARE(f.format, FunnelFormat::FunnelV1);
        QCOMPARE(f.name, u"Shop funnel"_s);
        QCOMPARE(f.steps.size(), 3);
        QCOMPARE(f.steps.at(1).offsetMs, 1500);
        QCOMPARE(f.identities.size(), 3);
        QCOMPARE(f.sha256.size(), 64);

        FunnelExpander x(f, seeded(42));
        const qint64 now = 1767225999;
        const QJsonObject cart = x.event(1, 1, now);
        QCOMPARE(cart.value(u"event_time"_s).toInteger(), now);
        QCOMPARE(cart.value(u"custom_data"_s)[u"value"_s], QJsonValue(29.99)); // typed from the variable
        QCOMPARE(cart.value(u"custom_data"_s)[u"content_ids"_s][0].toString(), u"plan_pro"_s);
        const QJsonObject purchase = x.event(1, 2, now);
        // One order id per user, shared by its steps; event_time rewritten even when numeric.
        const QString orderId = purchase.value(u"custom_data"_s)[u"order_id"_s].toString();
        QCOMPARE(orderId, u"ord-%1-2"_s.arg(FunnelExpander::runTag(42)));
        QCOMPARE(cart.value(u"event_id"_s).toString(), u"cart_"_s + orderId);
        QCOMPARE(purchase.value(u"event_id"_s).toString(), u"purchase_"_s + orderId);
        QCOMPARE(purchase.value(u"event_time"_s).toInteger(), now);
        QCOMPARE(purchase.value(u"custom_data"_s)[u"content_name"_s].toString(), u"order 6"_s); // seq = 1 × 3 + 2 + 1
        QCOMPARE(purchase.value(u"event_source_url"_s).toString(), u"https://shop.example.com/done?plan=basic \"old\""_s);
        // Identity columns merged into user_data, raw (the builder hashes them later).
        const QJsonObject ud = purchase.value(u"user_data"_s).toObject();
        QCOMPARE(ud.value(u"em"_s).toString(), u"bob@example.org"_s);
        QCOMPARE(ud.value(u"fn"_s).toString(), u"Bob, Jr."_s);
        QCOMPARE(ud.value(u"external_id"_s).toString(), u"u-2"_s);
        QVERIFY(!ud.contains(u"ph"_s)); // empty in the CSV
        QVERIFY(!ud.contains(u"plan"_s));
        QCOMPARE(ud.value(u"client_user_agent"_s).toString(), u"Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"_s);

        // {{uuid}}: reproducible from the seed, different per user and step.
        const QString pv = x.event(0, 0, now).value(u"event_id"_s).toString();
        QVERIFY(pv.startsWith(u"pv_"_s));
        QCOMPARE(FunnelExpander(f, seeded(42)).event(0, 0, now + 5).value(u"event_id"_s).toString(), pv);
        QVERIFY(x.event(1, 0, now).value(u"event_id"_s).toString() != pv);
        QVERIFY(FunnelExpander(f, seeded(43)).event(0, 0, now).value(u"event_id"_s).toString() != pv);

        // Kept event_time, regenerated ids.
        FunnelExpander keep(f, seeded(42, false, true));
        const QJsonObject kept = keep.event(0, 2, now);
        QCOMPARE(kept.value(u"event_time"_s).toInteger(), 1767225600);
        QCOMPARE(keep.event(0, 1, now).value(u"event_time"_s).toInteger(), now); // "now" still resolved
        QVERIFY(!kept.value(u"event_id"_s).toString().startsWith(u"purchase_"_s));
        QCOMPARE(kept.value(u"event_id"_s).toString().size(), 36);
        QCOMPARE(keep.event(0, 2, now + 1).value(u"event_id"_s), kept.value(u"event_id"_s));
    }

    void jsonLinesKeepIdsAndSpacing()
    {
        const FunnelLoad load = loadFunnel(dataPath(u"events.jsonl"_s));
        QVERIFY2(load.ok(), qPrintable(load.errors.join(u'\n')));
        const Funnel &f = *load.funnel;
        QCOMPARE(f.format, FunnelFormat::JsonLines);
        QCOMPARE(f.steps.size(), 3);
        QCOMPARE(f.steps.at(1).line, 3);
        QCOMPARE(f.steps.at(1).offsetMs, 2500);
        QCOMPARE(f.steps.at(2).offsetMs, 10000);
        FunnelExpander x(f, seeded(9));
        QCOMPARE(x.event(0, 2, 5).value(u"event_id"_s).toString(), u"purchase-1"_s);
        QCOMPARE(sharedIdWarnings(f, 1), QStringList{});
        const QStringList warnings = sharedIdWarnings(f, 10);
        QCOMPARE(warnings.size(), 3);
        QVERIFY2(warnings.at(1).startsWith(u"line 3: event_id \"reg-1\" is the same for all 10 users"_s), qPrintable(warnings.at(1)));
    }

    void requestShapeIsAFunnel()
    {
        const FunnelLoad load = loadFunnel(dataPath(u"signup-funnel.json"_s));
        QVERIFY2(load.ok(), qPrintable(load.errors.join(u'\n')));
        QCOMPARE(load.funnel->format, FunnelFormat::Request);
        QCOMPARE(load.funnel->steps.size(), 4);
        QCOMPARE(load.funnel->steps.at(3).path, u"data[3]"_s);
        QCOMPARE(load.funnel->steps.at(3).event.value(u"event_id"_s).toString(), u"purchase_ord_7781"_s);
    }

    void badFunnels_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected"); // the first error, after "FILE: "

        const QByteArray step1 = "    {\"offset_ms\": 0, \"event\": " + GoodEvent + "}";
        QTest::newRow("unknown template variable")
            << funnelWith(step1 + ",\n    {\"offset_ms\": 10, \"event\": {\"event_name\": \"Purchase\", \"action_source\": \"website\",\n"
                                  "      \"event_id\": \"p_{{ordr_id}}\", \"user_data\": {}}}")
            << u"line 7, column 19: steps[1].event.event_id: unknown template variable {{ordr_id}} (known: uuid, seq, now, order_id, user, step, run)"_s;
        QTest::newRow("template syntax")
            << funnelWith("    {\"event\": {\"event_name\": \"Lead\", \"event_id\": \"x_{{user\"}}")
            << u"line 5, column 50: steps[0].event.event_id: unterminated {{ at offset 2"_s;
        QTest::newRow("identity without csv")
            << funnelWith("    {\"event\": {\"event_name\": \"Lead\", \"event_id\": \"{{user.email}}\"}}")
            << u"line 5, column 50: steps[0].event.event_id: {{user.email}} needs an identities CSV (\"identities\" in the funnel, or --identities)"_s;
        QTest::newRow("value wrong type")
            << funnelWith("    {\"event\": {\"event_name\": \"Purchase\", \"action_source\": \"website\",\n"
                          "      \"custom_data\": {\"value\": [\"abc\"], \"currency\": \"USD\"}}}")
            << u"line 6, column 32: steps[0].event.custom_data.value: expected a number, got an array"_s;
        QTest::newRow("user_data wrong type")
            << funnelWith("    {\"event\": {\"event_name\": \"Lead\", \"action_source\": \"website\", \"user_data\": \"a@b.c\"}}")
            << u"line 5, column 79: steps[0].event.user_data: expected an object, got a string"_s;
        QTest::newRow("event_name missing")
            << funnelWith("    {\"event\": {\"action_source\": \"website\"}}")
            << u"line 5, column 15: steps[0].event: event_name must be non-empty text"_s;
        QTest::newRow("event_id number")
            << funnelWith("    {\"event\": {\"event_name\": \"Lead\", \"event_id\": 7}}")
            << u"line 5, column 50: steps[0].event.event_id: must be text"_s;
        QTest::newRow("offset backwards")
            << funnelWith(step1 + ",\n    {\"offset_ms\": -5, \"event\": " + GoodEvent + "}")
            << u"line 6, column 19: steps[1].offset_ms: must be a whole number of milliseconds ≥ 0"_s;
        QTest::newRow("offset earlier")
            << funnelWith("    {\"offset_ms\": 100, \"event\": " + GoodEvent + "},\n    {\"offset_ms\": 50, \"event\": " + GoodEvent + "}")
            << u"line 6, column 19: steps[1].offset_ms: 50 is earlier than the step before (100); steps are in time order"_s;
        QTest::newRow("newer version")
            << QByteArray("{\"format\": \"capiqa-funnel\",\n \"version\": 2, \"steps\": [{\"event\": " + GoodEvent + "}]}")
            << u"line 2, column 13: version: version 2 was written by a newer capiqa; this one reads version 1"_s;
        QTest::newRow("unknown key")
            << funnelWith("    {\"event\": " + GoodEvent + "}", "  \"varibles\": {},\n")
            << u"line 4, column 15: varibles: unknown key (a funnel has format, version, name, description, variables, identities, steps, recorded_at_ms)"_s;
        QTest::newRow("variable shadows builtin")
            << funnelWith("    {\"event\": " + GoodEvent + "}", "  \"variables\": {\"uuid\": \"x\"},\n")
            << u"line 4, column 25: variables.uuid: \"uuid\" is a built-in template name (uuid, seq, now, order_id, user, step, run)"_s;
        QTest::newRow("variable wrong type")
            << funnelWith("    {\"event\": " + GoodEvent + "}", "  \"variables\": {\"v\": [1]},\n")
            << u"line 4, column 22: variables.v: must be text, a number or true/false"_s;
        QTest::newRow("no steps") << funnelWith("") << u"line 4, column 12: steps: must be a non-empty array of steps {\"offset_ms\": 0, \"event\": {…}}"_s;
        QTest::newRow("syntax") << QByteArray("{\"format\": \"capiqa-funnel\",\n  \"version\": 1,\n  \"steps\": [}\n")
                                << u"line 3, column 14: object is missing after a comma"_s;
        QTest::newRow("jsonl bad line")
            << QByteArray(GoodEvent + "\n" + GoodEvent + "\n{\"event_name\": \"Lead\",, }\n" + GoodEvent + "\n")
            << u"line 3, column 24: unterminated object"_s;
        QTest::newRow("jsonl wrong type")
            << QByteArray(GoodEvent + "\n{\"event_name\": \"Lead\", \"user_data\": {\"em\": 5}}\n")
            << u"line 2, column 44: user_data.em: expected a string or an array of strings, got the number 5"_s;
        QTest::newRow("binary") << QByteArray("{\"a\":\n\x01\x00\x02", 9) << u"line 2, column 2: binary data, not JSON text (a NUL byte)"_s;
        QTest::newRow("empty") << QByteArray(" \n") << u"empty; expected a funnel {\"format\":\"capiqa-funnel\",…} or JSON Lines of events"_s;
        QTest::newRow("utf16") << QByteArray("\xFF\xFE{\0}\0", 6) << u"UTF-16 text; save it as UTF-8"_s;
    }

    void badFunnels()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        const QString path = write(u"bad.json"_s, content);
        const FunnelLoad load = loadFunnel(path);
        QVERIFY(!load.ok());
        QVERIFY(!load.funnel);
        QVERIFY(!load.errors.isEmpty());
        const QString first = load.errors.constFirst();
        QVERIFY2(first.startsWith(path + u": "_s + expected), qPrintable(first));
    }

    void badIdentityRowsAreNamed()
    {
        write(u"people.csv"_s, "email,phone\nok@example.com,+16505551212\nnot-an-email,\nfine@example.com,\n");
        const QString path = write(u"f.json"_s, funnelWith("    {\"event\": " + GoodEvent + "}", "  \"identities\": \"people.csv\",\n"));
        FunnelLoadOptions nodeSdk;
        nodeSdk.normalizer = capiqa::pii::Profile::NodeSdk;
        const FunnelLoad load = loadFunnel(path, nodeSdk);
        QVERIFY(!load.ok());
        QCOMPARE(load.errors.size(), 1);
        QVERIFY2(load.errors.at(0).startsWith(m_dir.filePath(u"people.csv"_s) + u": line 3: column email: "_s), qPrintable(load.errors.at(0)));

        // The CLI's --identities replaces the funnel's own file.
        write(u"good.csv"_s, "email,plan\nok@example.com,pro\n");
        FunnelLoadOptions other;
        other.identitiesPath = m_dir.filePath(u"good.csv"_s);
        const FunnelLoad fixed = loadFunnel(path, other);
        QVERIFY2(fixed.ok(), qPrintable(fixed.errors.join(u'\n')));
        QCOMPARE(fixed.funnel->identities.size(), 1);
    }

    void extraVariablesWin()
    {
        const QString path = write(u"v.json"_s, funnelWith("    {\"event\": {\"event_name\": \"{{name}}\", \"action_source\": \"other\", \"user_data\": {\"external_id\": \"x\"}}}",
                                                            "  \"variables\": {\"name\": \"Lead\"},\n"));
        FunnelLoadOptions vars;
        vars.variables = QJsonObject{{u"name"_s, u"Purchase2"_s}};
        const FunnelLoad load = loadFunnel(path, vars);
        QVERIFY2(load.ok(), qPrintable(load.errors.join(u'\n')));
        QCOMPARE(FunnelExpander(*load.funnel, seeded(1)).event(0, 0, 1).value(u"event_name"_s).toString(), u"Purchase2"_s);
    }

    void eventOrder()
    {
        ReplayOptions byRate;
        byRate.users = 3;
        QCOMPARE(eventAt(4, byRate, 2).user, 2);
        QCOMPARE(eventAt(4, byRate, 2).step, 0);
        ReplayOptions bySpacing = byRate;
        bySpacing.spacingFactor = 1;
        QCOMPARE(eventAt(4, bySpacing, 2).user, 1);
        QCOMPARE(eventAt(4, bySpacing, 2).step, 1);
        // Every (user, step) exactly once in both orders.
        for (const ReplayOptions &o : {byRate, bySpacing}) {
            QSet<std::pair<qint64, int>> seen;
            for (qint64 i = 0; i < 6; ++i)
                seen.insert({eventAt(i, o, 2).user, eventAt(i, o, 2).step});
            QCOMPARE(seen.size(), 6);
        }
        ReplayOptions rated;
        rated.rate = 20;
        QCOMPARE(rated.effectiveBatchSize(), 10);
        rated.batchSize = 5000;
        QVERIFY(!rated.problem().isEmpty());
        QCOMPARE(ReplayOptions::fromJson(byRate.toJson()).users, 3);
        ReplayOptions seeded;
        seeded.seed = 0xFFFFFFFFFFFFFFF1ull;
        QCOMPARE(ReplayOptions::fromJson(seeded.toJson()).seed, seeded.seed);
    }
};

QTEST_GUILESS_MAIN(TestFunnel)
#include "tst_funnel.moc"
