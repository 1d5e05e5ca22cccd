// Recording funnels: from a HAR of Pixel requests (eid kept as event_id), from the emulator's
// record file (accepted events once, in receipt order), and step by step from the composer.
#include "emulator/recordfile.h"
#include "replay/funnelrecorder.h"

#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QTemporaryDir>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;
using namespace capiqa;
using namespace capiqa::replay;

namespace {

const QString EmHash = u"855f96e983f1f8e8be944692b6f719fd54329826cb62e98015efee8e2e071dd4"_s;

emulator::ReceivedEvent received(const QString &name, const QString &id, qint64 ms, int status, int batchIndex = 0)
{
    emulator::ReceivedEvent e;
    e.receivedMs = ms;
    e.eventName = name;
    e.eventId = id;
    e.httpStatus = status;
    e.batchIndex = batchIndex;
    e.event = QJsonObject{{u"event_name"_s, name},
                          {u"event_id"_s, id},
                          {u"event_time"_s, 1767225600},
                          {u"action_source"_s, u"website"_s},
                          {u"event_source_url"_s, u"https://shop.example.com/"_s},
                          {u"user_data"_s, QJsonObject{{u"em"_s, QJsonArray{EmHash}}, {u"client_user_agent"_s, u"Mozilla/5.0"_s}}}};
    e.rawBody = "{}";
    return e;
}

} // namespace

class TestFunnelRecorder : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void fromHar()
    {
        const Recording r = funnelFromHar(QStringLiteral(CAPIQA_TEST_DATA) + u"/replay/pixel.har"_s);
        QVERIFY2(r.errors.isEmpty(), qPrintable(r.errors.join(u'\n')));
        QCOMPARE(r.funnel.steps.size(), 3);
        QCOMPARE(r.notes.size(), 2); // one duplicate Purchase, one auto-event
        const FunnelStep &pv = r.funnel.steps.at(0);
        const FunnelStep &cart = r.funnel.steps.at(1);
        const FunnelStep &purchase = r.funnel.steps.at(2);
        QCOMPARE(pv.event.value(u"event_name"_s).toString(), u"PageView"_s);
        QCOMPARE(pv.event.value(u"event_id"_s).toString(), u"pv-1"_s);
        QCOMPARE(pv.event.value(u"event_time"_s).toInteger(), 1767225600);
        QCOMPARE(pv.event.value(u"event_source_url"_s).toString(), u"https://shop.example.com/"_s);
        QCOMPARE(pv.event.value(u"user_data"_s)[u"fbp"_s].toString(), u"fb.1.1767225590000.123456789"_s);
        QCOMPARE(pv.event.value(u"user_data"_s)[u"client_user_agent"_s].toString(),
                 u"Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"_s);
        QCOMPARE(pv.offsetMs, 0);
        QCOMPARE(cart.offsetMs, 2000);
        QCOMPARE(cart.event.value(u"event_id"_s).toString(), u"cart_42"_s);
        QCOMPARE(cart.event.value(u"event_source_url"_s).toString(), u"https://shop.example.com/cart"_s);
        QCOMPARE(cart.event.value(u"custom_data"_s)[u"value"_s], QJsonValue(49.9));
        QCOMPARE(purchase.offsetMs, 5000);
        QCOMPARE(purchase.event.value(u"event_id"_s).toString(), u"purchase_42"_s); // eid kept: dedup with the browser
        QCOMPARE(purchase.event.value(u"action_source"_s).toString(), u"website"_s);
        const QJsonObject cd = purchase.event.value(u"custom_data"_s).toObject();
        QCOMPARE(cd.value(u"value"_s), QJsonValue(49.9));
        QCOMPARE(cd.value(u"currency"_s).toString(), u"USD"_s);
        QCOMPARE(cd.value(u"content_ids"_s).toArray(), QJsonArray{u"sku-1"_s});
        QCOMPARE(cd.value(u"content_name"_s).toString(), u"Crème brûlée"_s);
        QCOMPARE(purchase.event.value(u"user_data"_s)[u"em"_s].toString(), EmHash);

        // Written out, it is a funnel that loads and passes the dry run (hashes pass through).
        const QString path = m_dir.filePath(u"from-har.json"_s);
        QString error;
        QVERIFY2(writeFunnelFile(path, r.funnel, &error), qPrintable(error));
        const FunnelLoad load = loadFunnel(path);
        QVERIFY2(load.ok(), qPrintable(load.errors.join(u'\n')));
        QCOMPARE(load.funnel->steps.size(), 3);
        QCOMPARE(load.funnel->steps.at(2).offsetMs, 5000);
        QCOMPARE(load.funnel->steps.at(2).event, purchase.event);
    }

    void badHar_data()
    {
        QTest::addColumn<QByteArray>("har");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not json") << QByteArray("{\"log\": {\n  \"entries\": [}") << u"x.har: line 2, column 16: "_s;
        QTest::newRow("no entries") << QByteArray("{\"log\": {\"pages\": []}}") << u"x.har: line 1, column 9: not a HAR file (no log.entries array)"_s;
        QTest::newRow("no pixel") << QByteArray("{\"log\": {\"entries\": [{\"request\": {\"url\": \"https://a.example/x\"}}]}}")
                                  << u"x.har: no Pixel requests (…/tr) in 1 entries"_s;
        QTest::newRow("junk entry")
            << QByteArray("{\"log\": {\"entries\": [\n 5,\n {\"request\": {\"url\": \"https://www.facebook.com/tr/?id=1&ev=Lead&eid=l1\"}}]}}")
            << u"x.har: line 2, column 2: log.entries[0]: not a request entry, skipped"_s;
    }

    void badHar()
    {
        QFETCH(QByteArray, har);
        QFETCH(QString, expected);
        const Recording r = funnelFromHarBytes(har, u"x.har"_s);
        QVERIFY(!r.errors.isEmpty());
        QVERIFY2(r.errors.constFirst().startsWith(expected), qPrintable(r.errors.constFirst()));
        if (QByteArray(QTest::currentDataTag()) == "junk entry") {
            QCOMPARE(r.funnel.steps.size(), 1); // the rest is still used
            QCOMPARE(r.funnel.steps.at(0).event.value(u"event_id"_s).toString(), u"l1"_s);
        }
    }

    void fromEmulatorRecord()
    {
        const QString path = m_dir.filePath(u"record.jsonl"_s);
        emulator::RecordFile file;
        QString error;
        QVERIFY(file.open(path, &error));
        // A 503 and its accepted retry, a rejected event, a later accepted one, a Pixel hit.
        QVERIFY(file.append({received(u"Lead"_s, u"a1"_s, 1000, 503), received(u"AddToCart"_s, u"b1"_s, 1000, 503, 1)}, &error));
        QVERIFY(file.append({received(u"Lead"_s, u"a1"_s, 1100, 200), received(u"AddToCart"_s, u"b1"_s, 1100, 200, 1)}, &error));
        QVERIFY(file.append({received(u"Purchase"_s, u"c1"_s, 1500, 400)}, &error));
        QVERIFY(file.append({received(u"Purchase"_s, u"d1"_s, 2100, 200)}, &error));
        emulator::ReceivedEvent hit;
        hit.source = emulator::EventSource::Browser;
        hit.receivedMs = 2200;
        hit.event = QJsonObject{{u"id"_s, u"1234567890"_s}, {u"ev"_s, u"Purchase"_s}, {u"eid"_s, u"e1"_s}, {u"ts"_s, u"1767225605000"_s}};
        QVERIFY(file.append({hit}, &error));
        file.close();
        QFile junk(path);
        QVERIFY(junk.open(QIODevice::Append));
        junk.write("{not json\n");
        junk.close();

        const Recording r = funnelFromEmulatorRecord(path);
        QCOMPARE(r.errors.size(), 1);
        QVERIFY2(r.errors.at(0).startsWith(path + u": line 8: column 3: "_s), qPrintable(r.errors.at(0)));
        QCOMPARE(r.funnel.steps.size(), 3);
        QCOMPARE(r.funnel.steps.at(0).event.value(u"event_id"_s).toString(), u"a1"_s);
        QCOMPARE(r.funnel.steps.at(1).event.value(u"event_id"_s).toString(), u"b1"_s);
        QCOMPARE(r.funnel.steps.at(2).event.value(u"event_id"_s).toString(), u"d1"_s);
        QCOMPARE(r.funnel.steps.at(1).offsetMs, 0);
        QCOMPARE(r.funnel.steps.at(2).offsetMs, 1000);
        QCOMPARE(r.funnel.steps.at(2).path, u"line 6"_s);

        RecordingOptions everything;
        everything.acceptedOnly = false;
        everything.includeBrowser = true;
        const Recording all = funnelFromEmulatorRecord(path, everything);
        QCOMPARE(all.funnel.steps.size(), 5); // a1, b1 (first copies), c1, d1, e1
        QCOMPARE(all.funnel.steps.at(4).event.value(u"event_id"_s).toString(), u"e1"_s);
        QCOMPARE(all.funnel.steps.at(4).event.value(u"event_time"_s).toInteger(), 1767225605);
        QVERIFY(all.notes.join(u' ').contains(u"2 repeated event(s)"_s));
    }

    void appendFromComposer()
    {
        const QString path = m_dir.filePath(u"composed.json"_s);
        QString error;
        const QJsonObject lead{{u"event_name"_s, u"Lead"_s}, {u"event_time"_s, u"now"_s}, {u"action_source"_s, u"other"_s},
                               {u"event_id"_s, u"lead_{{user}}"_s}, {u"user_data"_s, QJsonObject{{u"em"_s, u"a@example.com"_s}}}};
        QVERIFY2(appendToFunnelFile(path, lead, 1'000'000, &error), qPrintable(error));
        QJsonObject purchase = lead;
        purchase.insert(u"event_name"_s, u"Purchase"_s);
        QVERIFY(appendToFunnelFile(path, purchase, 1'002'500, &error));
        const FunnelLoad load = loadFunnel(path);
        QVERIFY2(load.ok(), qPrintable(load.errors.join(u'\n')));
        QCOMPARE(load.funnel->steps.size(), 2);
        QCOMPARE(load.funnel->steps.at(1).offsetMs, 2500);
        QCOMPARE(load.funnel->steps.at(1).event.value(u"event_name"_s).toString(), u"Purchase"_s);

        const QString other = m_dir.filePath(u"other.json"_s);
        QFile f(other);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"data\": []}");
        f.close();
        QVERIFY(!appendToFunnelFile(other, lead, 1, &error));
        QVERIFY2(error.contains(u"not a funnel file"_s), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestFunnelRecorder)
#include "tst_funnelrecorder.moc"
