// The local Graph API emulator over real HTTP on 127.0.0.1 (port 0), driven by a plain
// QNetworkAccessManager: CAPI answers and errors, the Pixel endpoint, the read API, the event
// store's bound and cursor, the JSONL record file and the injected faults.
#include "emulator/graphemulator.h"

#include "buildinfo.h"
#include "validate/quickcheck.h"
#include "validate/validator.h"

#include <QtCore/QDateTime>
#include <QtCore/QElapsedTimer>
#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QRegularExpression>
#include <QtCore/QTemporaryDir>
#include <QtCore/QUrlQuery>
#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkProxy>
#include <QtNetwork/QNetworkReply>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <memory>

using namespace capiqa::emulator;
using namespace Qt::StringLiterals;

namespace {

const QString Token = QString(LocalAccessToken);
const QString Pixel = QString(LocalPixelId);

/// A website Purchase that passes the validator, `ageSeconds` old.
QJsonObject purchase(const QString &eventId, qint64 ageSeconds = 60, const QString &name = u"Purchase"_s)
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    return QJsonObject{
        {u"event_name"_s, name},
        {u"event_time"_s, now - ageSeconds},
        {u"action_source"_s, u"website"_s},
        {u"event_id"_s, eventId},
        {u"event_source_url"_s, u"https://shop.example.com/thank-you"_s},
        {u"user_data"_s,
         QJsonObject{
             {u"em"_s, QJsonArray{u"855f96e983f1f8e8be944692b6f719fd54329826cb62e98015efee8e2e071dd4"_s}},
             {u"client_ip_address"_s, u"203.0.113.7"_s},
             {u"client_user_agent"_s, u"Mozilla/5.0 (X11; Linux x86_64) Firefox/126.0"_s},
             {u"fbp"_s, u"fb.1.1767224000000.1073741823"_s},
         }},
        {u"custom_data"_s, QJsonObject{{u"value"_s, 42.5}, {u"currency"_s, u"USD"_s}}},
    };
}

QByteArray requestBody(const QJsonArray &events, const QString &testCode = QString(LocalTestEventCode))
{
    return QJsonDocument(QJsonObject{{u"data"_s, events}, {u"test_event_code"_s, testCode}}).toJson(QJsonDocument::Compact);
}

// EventQuery presets (designated initializers would trip -Wmissing-field-initializers).
EventQuery acceptedOnly()
{
    EventQuery q;
    q.acceptedOnly = true;
    return q;
}

EventQuery browserOnly()
{
    EventQuery q;
    q.source = EventSource::Browser;
    return q;
}

EventQuery pageAfter(qint64 sinceMs, qsizetype limit = 0)
{
    EventQuery q;
    q.sinceMs = sinceMs;
    q.limit = limit;
    return q;
}

struct Answer
{
    int status = 0; ///< 0 when there was no HTTP answer
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray body;
    QJsonObject json;
    QNetworkReply *reply = nullptr; ///< kept for headers; owned by the test's manager
    QJsonObject graphError() const { return json.value("error"_L1).toObject(); }
};

} // namespace

class TestGraphEmulator : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<GraphEmulator> m_emu;
    std::unique_ptr<QNetworkAccessManager> m_nam;

    QUrl url(const QString &path, const QUrlQuery &query = {}) const
    {
        QUrl u = m_emu->baseUrl();
        u.setPath(path);
        u.setQuery(query);
        return u;
    }

    QString eventsPath(const QString &pixel = Pixel) const { return u"/v24.0/%1/events"_s.arg(pixel); }

    QUrl eventsUrl(const QString &token = Token, const QString &pixel = Pixel) const
    {
        QUrlQuery q;
        if (!token.isNull())
            q.addQueryItem(u"access_token"_s, token);
        return url(eventsPath(pixel), q);
    }

    QNetworkReply *start(const QByteArray &method, const QUrl &target, const QByteArray &body = {},
                         const QByteArray &contentType = "application/json")
    {
        QNetworkRequest request(target);
        if (!body.isEmpty() || method == "POST")
            request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
        return m_nam->sendCustomRequest(request, method, body);
    }

    static Answer finish(QNetworkReply *reply, int timeoutMs = 5000)
    {
        // QSignalSpy::wait runs an event loop; QTest::qWaitFor would sleep 10 ms per pass.
        if (!reply->isFinished() && !QSignalSpy(reply, &QNetworkReply::finished).wait(timeoutMs))
            return {};
        Answer a;
        a.reply = reply;
        a.error = reply->error();
        a.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        a.body = reply->readAll();
        a.json = QJsonDocument::fromJson(a.body).object();
        return a;
    }

    Answer send(const QByteArray &method, const QUrl &target, const QByteArray &body = {},
                const QByteArray &contentType = "application/json")
    {
        return finish(start(method, target, body, contentType));
    }

    Answer post(const QByteArray &body, const QUrl &target)
    {
        return send("POST", target, body);
    }

    QJsonObject readApi(const QUrlQuery &query)
    {
        const Answer a = send("GET", url(u"/_capiqa/events"_s, query));
        return a.json;
    }

private Q_SLOTS:
    void init()
    {
        m_emu = std::make_unique<GraphEmulator>();
        QVERIFY2(m_emu->listen(QHostAddress::LocalHost, 0), qPrintable(m_emu->errorString()));
        QVERIFY(m_emu->serverPort() != 0);
        m_nam = std::make_unique<QNetworkAccessManager>();
        m_nam->setAutoDeleteReplies(false);
        m_nam->setProxy(QNetworkProxy::NoProxy);
    }

    void cleanup()
    {
        m_nam.reset();
        m_emu.reset();
    }

    void listensAndReportsBaseUrl()
    {
        QCOMPARE(m_emu->baseUrl().host(), u"127.0.0.1"_s);
        QCOMPARE(m_emu->baseUrl().port(), int(m_emu->serverPort()));
        // A busy port is an error with a reason, not a crash.
        GraphEmulator second;
        QVERIFY(!second.listen(QHostAddress::LocalHost, m_emu->serverPort()));
        QVERIFY(!second.errorString().isEmpty());
        QVERIFY(second.baseUrl().isEmpty());
    }

    void acceptsEventsAndCounts()
    {
        QSignalSpy received(m_emu.get(), &GraphEmulator::eventsReceived);
        QSignalSpy handled(m_emu.get(), &GraphEmulator::requestHandled);
        const Answer a = post(requestBody({purchase(u"order-1"_s), purchase(u"order-2"_s)}), eventsUrl());
        QCOMPARE(a.status, 200);
        QCOMPARE(a.json.value("events_received"_L1).toInt(), 2);
        QCOMPARE(a.json.value("messages"_L1).toArray().size(), 0);
        QVERIFY(!a.json.value("fbtrace_id"_L1).toString().isEmpty());
        QCOMPARE(m_emu->store().count(), 2);
        QCOMPARE(received.size(), 1);
        QCOMPARE(handled.size(), 1);
        const auto h = handled.at(0).at(0).value<HandledRequest>();
        QCOMPARE(h.httpStatus, 200);
        QCOMPARE(h.eventCount, 2);
        QCOMPARE(h.path, eventsPath());

        const QList<ReceivedEvent> events = m_emu->store().query({}).events;
        QCOMPARE(events.size(), 2);
        const ReceivedEvent &e = events.at(1);
        QCOMPARE(e.source, EventSource::Server);
        QCOMPARE(e.pixelId, Pixel);
        QCOMPARE(e.eventName, u"Purchase"_s);
        QCOMPARE(e.eventId, u"order-2"_s);
        QCOMPARE(e.testEventCode, QString(LocalTestEventCode));
        QCOMPARE(e.httpStatus, 200);
        QCOMPARE(e.batchIndex, 1);
        QCOMPARE(e.batchSize, 2);
        QCOMPARE(e.fbtraceId, a.json.value("fbtrace_id"_L1).toString());
        // Hashed values are stored exactly as received.
        QCOMPARE(e.userDataObject().value("em"_L1).toArray().at(0).toString(),
                 u"855f96e983f1f8e8be944692b6f719fd54329826cb62e98015efee8e2e071dd4"_s);
        QCOMPARE(e.customDataObject().value("value"_L1).toDouble(), 42.5);
        QVERIFY(e.rawLength > 0); // a JSON body: the store points into it
        QVERIFY(e.receivedMs > 0);
    }

    void quickAndFullPathRecordTheSame()
    {
        // A compact body takes the quick path; the same body after a space is parsed and
        // validated in full (the quick path's offsets need the body to start at its '{'). What the store keeps must not tell them apart.
        QJsonObject lead = purchase(u"lead-1"_s, 120, u"Lead"_s);
        lead.insert(u"custom_data"_s, QJsonObject{{u"content_name"_s, u"Caf\u00e9 \"best\""_s}});
        const QByteArray body = requestBody({purchase(u"q-1"_s), lead, purchase(u"q-2"_s, 30)});
        QVERIFY(capiqa::validate::quickCheck(body).proven);
        QCOMPARE(post(body, eventsUrl()).status, 200);
        QCOMPARE(post(' ' + body, eventsUrl()).status, 200);
        const QList<ReceivedEvent> events = m_emu->store().query({}).events;
        QCOMPARE(events.size(), 6);
        for (qsizetype i = 0; i < 3; ++i) {
            QJsonObject quick = toJson(events.at(i), true);
            QJsonObject full = toJson(events.at(i + 3), true);
            for (const QString &key : {u"seq"_s, u"received_ms"_s, u"fbtrace_id"_s, u"raw_body"_s}) {
                quick.remove(key);
                full.remove(key);
            }
            QCOMPARE(quick, full);
            QCOMPARE(events.at(i).eventObject(), events.at(i + 3).eventObject());
            QVERIFY(!events.at(i).eventName.isEmpty());
        }
        // The quick path also refuses what the full path refuses, with the same words.
        const QByteArray old = requestBody({purchase(u"o-1"_s, 8 * 24 * 3600)});
        const Answer quickOld = post(old, eventsUrl());
        const Answer fullOld = post(' ' + old, eventsUrl());
        QCOMPARE(quickOld.status, 400);
        QCOMPARE(quickOld.graphError().value("error_user_msg"_L1), fullOld.graphError().value("error_user_msg"_L1));
    }

    void acceptsFormEncodedBodyWithTokenInBody()
    {
        const QByteArray data = QJsonDocument(QJsonArray{purchase(u"form 1"_s)}).toJson(QJsonDocument::Compact);
        // '+' is a space in a form body; the token travels in the body, not the URL.
        const QByteArray body = "data=" + data.toPercentEncoding() + "&test_event_code=TEST+CODE&access_token="
            + Token.toUtf8().toPercentEncoding();
        const Answer a = send("POST", eventsUrl(QString()), body, "application/x-www-form-urlencoded");
        QCOMPARE(a.status, 200);
        QCOMPARE(a.json.value("events_received"_L1).toInt(), 1);
        const ReceivedEvent e = m_emu->store().query({}).events.value(0);
        QCOMPARE(e.eventId, u"form 1"_s);
        QCOMPARE(e.testEventCode, u"TEST CODE"_s);
        QVERIFY(!e.rawBody.contains(Token.toUtf8()));
        QVERIFY(e.rawBody.contains("access_token=[redacted]"));
    }

    void rejectsBadAndMissingToken()
    {
        const Answer bad = post(requestBody({purchase(u"t1"_s)}), eventsUrl(u"not-the-token"_s));
        QCOMPARE(bad.status, 400);
        QCOMPARE(bad.graphError().value("code"_L1).toInt(), 190);
        QCOMPARE(bad.graphError().value("type"_L1).toString(), u"OAuthException"_s);
        QVERIFY(bad.reply->hasRawHeader("WWW-Authenticate"));
        const Answer missing = post(requestBody({purchase(u"t2"_s)}), eventsUrl(QString()));
        QCOMPARE(missing.status, 400);
        QCOMPARE(missing.graphError().value("code"_L1).toInt(), 190);
        // Recorded as received but not accepted, and without the token.
        const QList<ReceivedEvent> events = m_emu->store().query({}).events;
        QCOMPARE(events.size(), 2);
        QCOMPARE(events.at(0).httpStatus, 400);
        QVERIFY(!events.at(0).rawBody.contains("not-the-token"));
        QCOMPARE(m_emu->store().query(acceptedOnly()).events.size(), 0);

        // An empty list accepts any non-empty token.
        m_emu->setAcceptedTokens({});
        QCOMPARE(post(requestBody({purchase(u"t3"_s)}), eventsUrl(u"anything"_s)).status, 200);
        QCOMPARE(post(requestBody({purchase(u"t4"_s)}), eventsUrl(QString())).status, 400);
    }

    void rejectsTooOldEventWithUserMessage()
    {
        const Answer a = post(requestBody({purchase(u"fresh"_s), purchase(u"old"_s, 8 * 24 * 3600)}), eventsUrl());
        QCOMPARE(a.status, 400);
        const QJsonObject error = a.graphError();
        QCOMPARE(error.value("code"_L1).toInt(), 100);
        QCOMPARE(error.value("error_subcode"_L1).toInt(), 2804003);
        QCOMPARE(error.value("error_user_title"_L1).toString(), u"Event Timestamp Too Old"_s);
        const QString msg = error.value("error_user_msg"_L1).toString();
        QVERIFY2(msg.contains(u"data[1].event_time"_s) && msg.contains(u"7 days"_s), qPrintable(msg));
        QCOMPARE(error.value("is_transient"_L1).toBool(), false);
        QVERIFY(!error.value("fbtrace_id"_L1).toString().isEmpty());
        // One bad event fails the whole request: both are recorded as rejected.
        const QList<ReceivedEvent> events = m_emu->store().query({}).events;
        QCOMPARE(events.size(), 2);
        QCOMPARE(events.at(0).httpStatus, 400);
        QCOMPARE(events.at(1).httpStatus, 400);
    }

    void referenceTimeReplaysCapturedSdkRequests()
    {
        QFile file(QStringLiteral(CAPIQA_TEST_DATA "/sdk-events.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        constexpr qint64 CaptureTime = 1767229200; // the fixtures' events are from 2026-01-01 00:00 UTC
        m_emu->setReferenceTime(CaptureTime);
        m_emu->setAcceptedTokens({u"TEST_ACCESS_TOKEN"_s});
        int accepted = 0;
        for (const QJsonValue &v : QJsonDocument::fromJson(file.readAll()).array()) {
            const QJsonObject wire = v.toObject().value("wire"_L1).toObject();
            if (wire.isEmpty())
                continue;
            const QByteArray raw = wire.value("body_raw"_L1).toString().toUtf8();
            QJsonObject body = QJsonDocument::fromJson(raw).object();
            body.remove(u"access_token"_s);
            const bool valid = !capiqa::validate::hasErrors(capiqa::validate::Validator().validate(body, {CaptureTime}));
            // The Node SDK sends the token in the query AND the body, and nulls for unset fields.
            const Answer a = post(raw, url(u"/v24.0/123456789012345/events"_s,
                                           QUrlQuery{{u"access_token"_s, u"TEST_ACCESS_TOKEN"_s}}));
            QCOMPARE(a.status, valid ? 200 : 400);
            if (valid) {
                ++accepted;
                QCOMPARE(a.json.value("events_received"_L1).toInt(), body.value("data"_L1).toArray().size());
            }
        }
        QVERIFY(accepted >= 10);
        for (const ReceivedEvent &e : m_emu->store().query({}).events)
            QVERIFY(!e.rawBody.contains("TEST_ACCESS_TOKEN"));
    }

    void rejectsMalformedBodies()
    {
        QSignalSpy received(m_emu.get(), &GraphEmulator::eventsReceived);
        const Answer a = post("{\"data\": [", eventsUrl());
        QCOMPARE(a.status, 400);
        QCOMPARE(a.graphError().value("code"_L1).toInt(), 100);
        QVERIFY(a.graphError().value("error_user_msg"_L1).toString().contains(u"not valid JSON"_s));
        QCOMPARE(post("[1,2]", eventsUrl()).graphError().value("code"_L1).toInt(), 100);
        const Answer form = send("POST", eventsUrl(), "data=%5Bnot-json&test_event_code=X",
                                 "application/x-www-form-urlencoded");
        QCOMPARE(form.status, 400);
        QCOMPARE(form.graphError().value("code"_L1).toInt(), 100);
        const Answer empty = post(requestBody({}), eventsUrl());
        QCOMPARE(empty.status, 400);
        QCOMPARE(empty.graphError().value("code"_L1).toInt(), 100);
        QCOMPARE(received.size(), 0);
        QCOMPARE(m_emu->store().count(), 0);
    }

    void unknownPathsAre404GraphErrors()
    {
        for (const QString &path : {u"/nope"_s, u"/v24/1234/events"_s, u"/v24.0/1234/insights"_s, u"/_capiqa/x"_s}) {
            const Answer a = send("GET", url(path));
            QCOMPARE(a.status, 404);
            QCOMPARE(a.graphError().value("code"_L1).toInt(), 2500);
        }
        const Answer notPixel = post(requestBody({purchase(u"x"_s)}), eventsUrl(Token, u"abc"_s));
        QCOMPARE(notPixel.status, 400);
        QCOMPARE(notPixel.graphError().value("error_subcode"_L1).toInt(), 33);
        const Answer get = send("GET", eventsUrl());
        QCOMPARE(get.status, 400);
        QCOMPARE(get.graphError().value("code"_L1).toInt(), 100);
    }

    void pixelHitsAreBrowserEvents()
    {
        QUrlQuery q;
        q.addQueryItem(u"id"_s, Pixel);
        q.addQueryItem(u"ev"_s, u"Purchase"_s);
        q.addQueryItem(u"eid"_s, u"order-42"_s);
        q.addQueryItem(u"dl"_s, u"https://shop.example.com/thank-you"_s);
        q.addQueryItem(u"ts"_s, u"1767225600123"_s);
        q.addQueryItem(u"cd[value]"_s, u"42.5"_s);
        q.addQueryItem(u"cd[currency]"_s, u"USD"_s);
        q.addQueryItem(u"ud[em]"_s, u"855f96e983f1f8e8be944692b6f719fd54329826cb62e98015efee8e2e071dd4"_s);
        q.addQueryItem(u"fbp"_s, u"fb.1.1767224000000.1073741823"_s);
        const Answer get = send("GET", url(u"/tr/"_s, q));
        QCOMPARE(get.status, 200);
        QVERIFY(get.body.startsWith("GIF89a"));
        QCOMPARE(get.reply->header(QNetworkRequest::ContentTypeHeader).toString(), u"image/gif"_s);

        const Answer post = send("POST", url(u"/tr"_s), "id=1234567890&ev=Lead&eid=lead+7&cd%5Bstatus%5D=new",
                                 "application/x-www-form-urlencoded");
        QCOMPARE(post.status, 200);
        QVERIFY(post.body.isEmpty());

        // A hit without id/ev is answered but not recorded.
        QCOMPARE(send("GET", url(u"/tr"_s, QUrlQuery{{u"ev"_s, u"PageView"_s}})).status, 200);

        const QList<ReceivedEvent> events = m_emu->store().query(browserOnly()).events;
        QCOMPARE(events.size(), 2);
        const ReceivedEvent &e = events.at(0);
        QCOMPARE(e.pixelId, Pixel);
        QCOMPARE(e.eventName, u"Purchase"_s);
        QCOMPARE(e.eventId, u"order-42"_s);
        QCOMPARE(e.eventTime, 1767225600);
        QCOMPARE(e.customData.value("value"_L1).toString(), u"42.5"_s);
        QCOMPARE(e.userData.value("em"_L1).toString().size(), 64);
        QCOMPARE(e.userData.value("fbp"_L1).toString(), u"fb.1.1767224000000.1073741823"_s);
        QCOMPARE(e.event.value("dl"_L1).toString(), u"https://shop.example.com/thank-you"_s);
        QCOMPARE(events.at(1).eventId, u"lead 7"_s);
        QCOMPARE(events.at(1).customData.value("status"_L1).toString(), u"new"_s);
    }

    void readApiFiltersAndPages()
    {
        QCOMPARE(post(requestBody({purchase(u"a"_s), purchase(u"b"_s, 60, u"Lead"_s)}), eventsUrl()).status, 200);
        QTest::qWait(2);
        QCOMPARE(post(requestBody({purchase(u"c"_s)}), eventsUrl(Token, u"555"_s)).status, 200);
        QTest::qWait(2); // the next request lands in a later millisecond

        QJsonObject all = readApi({});
        QCOMPARE(all.value("events"_L1).toArray().size(), 3);
        const qint64 cursor = all.value("next_since"_L1).toInteger();
        QVERIFY(cursor > 0);
        QVERIFY(!all.value("events"_L1).toArray().at(0).toObject().contains("raw_body"_L1));

        QCOMPARE(readApi({{u"event_name"_s, u"Lead"_s}}).value("events"_L1).toArray().size(), 1);
        QCOMPARE(readApi({{u"pixel"_s, u"555"_s}}).value("events"_L1).toArray().size(), 1);
        QCOMPARE(readApi({{u"event_id"_s, u"b"_s}}).value("events"_L1).toArray().at(0).toObject()
                     .value("event_name"_L1).toString(), u"Lead"_s);
        QCOMPARE(readApi({{u"source"_s, u"browser"_s}}).value("events"_L1).toArray().size(), 0);
        QVERIFY(readApi({{u"raw"_s, u"1"_s}}).value("events"_L1).toArray().at(0).toObject().contains("raw_body"_L1));

        // Nothing new since the cursor; then exactly the new event.
        const QString since = QString::number(cursor);
        QCOMPARE(readApi({{u"since"_s, since}}).value("events"_L1).toArray().size(), 0);
        QCOMPARE(post(requestBody({purchase(u"d"_s)}), eventsUrl()).status, 200);
        const QJsonArray fresh = readApi({{u"since"_s, since}}).value("events"_L1).toArray();
        QCOMPARE(fresh.size(), 1);
        QCOMPARE(fresh.at(0).toObject().value("event_id"_L1).toString(), u"d"_s);

        // limit: the first request's two events share a millisecond and stay together.
        const QJsonObject page = readApi({{u"limit"_s, u"1"_s}});
        QCOMPARE(page.value("truncated"_L1).toBool(), true);
        QCOMPARE(page.value("events"_L1).toArray().size(), 2);

        QCOMPARE(send("GET", url(u"/_capiqa/events"_s, QUrlQuery{{u"limit"_s, u"zero"_s}})).status, 400);
        QCOMPARE(send("GET", url(u"/_capiqa/events"_s, QUrlQuery{{u"source"_s, u"tv"_s}})).status, 400);

        const Answer health = send("GET", url(u"/_capiqa/health"_s));
        QCOMPARE(health.json.value("ok"_L1).toBool(), true);
        QCOMPARE(health.json.value("version"_L1).toString(), capiqa::buildinfo::version());
        QCOMPARE(health.json.value("events"_L1).toInt(), 4);

        const Answer cleared = send("DELETE", url(u"/_capiqa/events"_s));
        QCOMPARE(cleared.json.value("cleared"_L1).toInt(), 4);
        QCOMPARE(m_emu->store().count(), 0);
    }

    void storeIsBoundedAndCursorIsExact()
    {
        EventStore store(3);
        auto at = [](qint64 ms, const QString &id) {
            ReceivedEvent e;
            e.receivedMs = ms;
            e.eventId = id;
            return e;
        };
        store.append({at(1000, u"a"_s), at(1000, u"b"_s), at(1001, u"c"_s), at(1001, u"d"_s), at(1002, u"e"_s)});
        QCOMPARE(store.count(), 3);
        QCOMPARE(store.evictedCount(), 2);
        QList<ReceivedEvent> kept = store.query({}).events;
        QCOMPARE(kept.first().eventId, u"c"_s);
        QCOMPARE(kept.first().sequence, 3);

        store.setCapacity(100);
        store.clear();
        store.append({at(2000, u"a"_s), at(2000, u"b"_s), at(2001, u"c"_s), at(2001, u"d"_s), at(2002, u"e"_s)});
        // A limit never splits a millisecond: limit 3 stops before the 2001 pair.
        EventPage page = store.query(pageAfter(1999, 3));
        QCOMPARE(page.events.size(), 2);
        QVERIFY(page.truncated);
        QCOMPARE(page.nextSince, 2000);
        page = store.query(pageAfter(page.nextSince, 3));
        QCOMPARE(page.events.size(), 3);
        QVERIFY(!page.truncated);
        QCOMPARE(page.nextSince, 2002);
        // A late stamp (clock stepped back) still sorts after what was served.
        store.append({at(1500, u"late"_s)});
        page = store.query(pageAfter(page.nextSince));
        QCOMPARE(page.events.size(), 1);
        QCOMPARE(page.events.first().eventId, u"late"_s);
        QVERIFY(page.events.first().receivedMs > 2002);
    }

    void recordsJsonLinesWithoutToken()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"events.jsonl"_s);
        QVERIFY2(m_emu->setRecordFile(path), qPrintable(m_emu->errorString()));
        QCOMPARE(m_emu->recordFile(), path);
        // The token in the query and (as the Node SDK does) in the body.
        QJsonObject body{{u"data"_s, QJsonArray{purchase(u"r1"_s), purchase(u"r2"_s)}},
                         {u"access_token"_s, Token}};
        QCOMPARE(post(QJsonDocument(body).toJson(), eventsUrl()).status, 200);
        QCOMPARE(send("GET", url(u"/tr"_s, QUrlQuery{{u"id"_s, Pixel}, {u"ev"_s, u"PageView"_s}})).status, 200);
        QVERIFY(m_emu->setRecordFile(QString())); // stop: closes the file

        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray content = file.readAll();
        QVERIFY(!content.contains(Token.toUtf8()));
        const QList<QByteArray> lines = content.trimmed().split('\n');
        QCOMPARE(lines.size(), 3);
        QJsonParseError error;
        const QJsonObject first = QJsonDocument::fromJson(lines.at(0), &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(first.value("event_id"_L1).toString(), u"r1"_s);
        QVERIFY(first.value("raw_body"_L1).toString().contains(u"[redacted]"_s));
        QVERIFY(!QJsonDocument::fromJson(lines.at(1)).object().contains("raw_body"_L1)); // once per request
        QCOMPARE(QJsonDocument::fromJson(lines.at(2)).object().value("source"_L1).toString(), u"browser"_s);

        // A file that cannot be opened is refused with a reason; one that fails later stops
        // recording with a signal, and the answers go on.
        QVERIFY(!m_emu->setRecordFile(dir.filePath(u"missing-dir/events.jsonl"_s)));
        QVERIFY(!m_emu->errorString().isEmpty());
        if (QFile::exists(u"/dev/full"_s)) {
            QSignalSpy failed(m_emu.get(), &GraphEmulator::recordFileFailed);
            QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"Cannot call seek on a sequential device"_s));
            QVERIFY(m_emu->setRecordFile(u"/dev/full"_s));
            QCOMPARE(post(requestBody({purchase(u"r3"_s)}), eventsUrl()).status, 200);
            QCOMPARE(failed.size(), 1);
            QCOMPARE(m_emu->recordFile(), QString());
        }
    }

    void injectedErrorsAnswerLikeGraph()
    {
        m_emu->setFaultSpec(*FaultSpec::parse(u"429=1:retry-after=7"));
        const Answer limited = post(requestBody({purchase(u"f1"_s)}), eventsUrl());
        QCOMPARE(limited.status, 429);
        QCOMPARE(limited.reply->rawHeader("Retry-After"), "7");
        QCOMPARE(limited.graphError().value("code"_L1).toInt(), 4);
        QCOMPARE(limited.graphError().value("is_transient"_L1).toBool(), true);

        m_emu->setFaultSpec(*FaultSpec::parse(u"transient=1"));
        const Answer transient = post(requestBody({purchase(u"f2"_s)}), eventsUrl());
        QCOMPARE(transient.status, 500);
        QCOMPARE(transient.graphError().value("code"_L1).toInt(), 2);
        QCOMPARE(transient.graphError().value("is_transient"_L1).toBool(), true);

        m_emu->setFaultSpec(*FaultSpec::parse(u"503=1"));
        QCOMPARE(post(requestBody({purchase(u"f3"_s)}), eventsUrl()).status, 503);
        m_emu->setFaultSpec(*FaultSpec::parse(u"500=1"));
        QCOMPARE(post(requestBody({purchase(u"f4"_s)}), eventsUrl()).graphError().value("code"_L1).toInt(), 1);

        // Faulted events are recorded with the status they got, never as accepted; the read
        // API is never faulted.
        const QList<ReceivedEvent> events = m_emu->store().query({}).events;
        QCOMPARE(events.size(), 4);
        QCOMPARE(events.at(0).httpStatus, 429);
        QCOMPARE(events.at(0).fault, Fault::Http429);
        QCOMPARE(m_emu->store().query(acceptedOnly()).events.size(), 0);
        QCOMPARE(send("GET", url(u"/_capiqa/health"_s)).status, 200);
    }

    void faultsAreDeterministicForASeed()
    {
        const FaultSpec spec = *FaultSpec::parse(u"500=0.2,503=0.15,429=0.15,transient=0.1,seed=1234");
        auto run = [&] {
            m_emu->setFaultSpec(spec); // restarts the sequence
            QList<int> statuses;
            for (int i = 0; i < 24; ++i)
                statuses.append(post(requestBody({purchase(u"s%1"_s.arg(i))}), eventsUrl()).status);
            return statuses;
        };
        const QList<int> first = run();
        QCOMPARE(run(), first);
        // And it is the injector's sequence, mapped to statuses.
        FaultInjector injector(spec);
        for (int status : first) {
            switch (injector.next()) {
            case Fault::None: QCOMPARE(status, 200); break;
            case Fault::Http500: case Fault::Transient: QCOMPARE(status, 500); break;
            case Fault::Http503: QCOMPARE(status, 503); break;
            case Fault::Http429: QCOMPARE(status, 429); break;
            default: QFAIL("unexpected fault");
            }
        }
        QVERIFY(first.contains(200) && first.size() - first.count(200) >= 5);
    }

    void droppedConnectionGivesClientAnError()
    {
        m_emu->setFaultSpec(*FaultSpec::parse(u"drop=1"));
        QSignalSpy handled(m_emu.get(), &GraphEmulator::requestHandled);
        const Answer a = post(requestBody({purchase(u"dropped"_s)}), eventsUrl());
        QVERIFY(a.reply);
        QCOMPARE(a.status, 0);
        QVERIFY2(a.error != QNetworkReply::NoError, qPrintable(a.reply->errorString()));
        // Qt's HTTP client quietly resends a request whose fresh connection closes before any
        // answer (even a POST), so the emulator may see the same request more than once; every
        // attempt is dropped and recorded as unanswered.
        QVERIFY(handled.size() >= 1 && handled.size() <= 3);
        for (const QList<QVariant> &args : handled)
            QCOMPARE(args.at(0).value<HandledRequest>().httpStatus, 0);
        const QList<ReceivedEvent> events = m_emu->store().query({}).events;
        QCOMPARE(events.size(), handled.size());
        for (const ReceivedEvent &e : events) {
            QCOMPARE(e.httpStatus, 0);
            QCOMPARE(e.fault, Fault::Drop);
            QVERIFY(!e.accepted());
        }
        // The server is fine afterwards.
        m_emu->setFaultSpec({});
        QCOMPARE(post(requestBody({purchase(u"after"_s)}), eventsUrl()).status, 200);
    }

    void slowAnswerArrivesLateWithoutBlocking()
    {
        constexpr int DelayMs = 600;
        m_emu->setFaultSpec(*FaultSpec::parse(u"slow=1:%1"_s.arg(DelayMs)));
        QElapsedTimer clock;
        clock.start();
        QNetworkReply *slow = start("POST", eventsUrl(), requestBody({purchase(u"slow"_s)}));
        QTest::qWait(50); // let the server take the slow request first
        // The read API (never faulted) answers at once while the slow answer is pending.
        const Answer quick = send("GET", url(u"/_capiqa/health"_s));
        QCOMPARE(quick.status, 200);
        QVERIFY(!slow->isFinished());
        QVERIFY(clock.elapsed() < DelayMs);
        // Events of a slow request are processed (and recorded as accepted) at once.
        QCOMPARE(m_emu->store().query(acceptedOnly()).events.size(), 1);

        const Answer late = finish(slow);
        QCOMPARE(late.status, 200);
        QVERIFY(clock.elapsed() >= DelayMs - 10);
        QCOMPARE(m_emu->store().query({}).events.value(0).fault, Fault::Slow);
    }

    void clientGivingUpOnSlowAnswerIsHarmless()
    {
        m_emu->setFaultSpec(*FaultSpec::parse(u"slow=1:200"));
        QNetworkReply *slow = start("POST", eventsUrl(), requestBody({purchase(u"gave-up"_s)}));
        QTest::qWait(50);
        slow->abort(); // what a client timeout does
        QTest::qWait(300); // the late answer's timer would have fired by now
        m_emu->setFaultSpec({});
        QCOMPARE(post(requestBody({purchase(u"next"_s)}), eventsUrl()).status, 200);
        // Closing with a late answer pending is harmless too.
        m_emu->setFaultSpec(*FaultSpec::parse(u"slow=1:200"));
        QNetworkReply *pending = start("POST", eventsUrl(), requestBody({purchase(u"pending"_s)}));
        QTest::qWait(50);
        m_emu->close();
        QVERIFY(!m_emu->isListening());
        // close() drops open connections: the client gets an error, never the late answer.
        const Answer closed = finish(pending, 1000);
        QVERIFY(closed.reply);
        QCOMPARE(closed.status, 0);
        QVERIFY(closed.error != QNetworkReply::NoError);
        QTest::qWait(250);
    }
};

QTEST_GUILESS_MAIN(TestGraphEmulator)
#include "tst_graphemulator.moc"
