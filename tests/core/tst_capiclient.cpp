// CapiClient against a scripted HTTP server: what one send puts on the wire and decodes,
// splitting into requests of 1,000 events, concurrency and rate limits, cancelling at every
// stage, refusals, production sends and secrets that never leak. Retries, timeouts and error
// answers are in tst_capiclient_retry.cpp; the pure helpers in tst_sendplan.cpp.
#include "capiclienttestutil.h"
#include "log/logbus.h"
#include "pii/sha256.h"
#include "scriptedserver.h"
#include "transport/capiclient.h"
#include "transport/requestplan.h"
#include "transport/sendhandle.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QMessageAuthenticationCode>
#include <QtCore/QPointer>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace capiqa::transport;
using namespace capiclienttest;
using capiqa::log::LogBus;
using capiqa::log::LogEntry;
using Reply = ScriptedServer::Reply;

class TestCapiClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_server = std::make_unique<ScriptedServer>();
        QVERIFY(m_server->listen());
        m_bus = std::make_unique<LogBus>();
        m_client = std::make_unique<CapiClient>(m_bus.get());
        m_client->setJitterSeed(42);
    }

    void cleanup()
    {
        m_client.reset();
        m_bus.reset();
        m_server.reset();
    }

    void successDecoded()
    {
        m_server->enqueue(Reply::json(200, "{\"events_received\":2,\"messages\":[\"note\"],\"fbtrace_id\":\"TRACE1\"}"));
        QSignalSpy clientFinished(m_client.get(), &CapiClient::finished);
        QPointer<SendHandle> handle = m_client->send(makeBody(2), optionsFor(*m_server));
        const SendResult r = run(handle);
        QVERIFY(r.sendId != 0);
        QVERIFY(r.ok);
        QVERIFY(!r.cancelled);
        QCOMPARE(r.failure, Failure::None);
        QCOMPARE(r.httpStatus, 200);
        QCOMPARE(r.eventCount, 2);
        QCOMPARE(r.eventsReceived, 2);
        QCOMPARE(r.messages, QStringList{u"note"_s});
        QCOMPARE(r.fbtraceId, u"TRACE1"_s);
        QCOMPARE(r.attempts, 1);
        QCOMPARE(r.requestCount, 1);
        QCOMPARE(r.chunks.size(), 1);
        QVERIFY(r.timeToFirstByteMs >= 0);
        QVERIFY(r.totalMs >= r.timeToFirstByteMs);
        QVERIFY(!r.error.isValid());
        QVERIFY(r.requestUrl.endsWith(u"/v24.0/1234567890/events?access_token=REDACTED"_s));
        QVERIFY(r.summary().startsWith(u"OK: 2 of 2"_s));

        QCOMPARE(m_server->requests().size(), 1);
        const ScriptedServer::Request &req = m_server->requests().constFirst();
        QCOMPARE(req.method, "POST");
        QCOMPARE(req.path(), "/v24.0/1234567890/events");
        QCOMPARE(req.query().queryItemValue(u"access_token"_s, QUrl::FullyDecoded), Token);
        QVERIFY(!req.query().hasQueryItem(u"appsecret_proof"_s));
        QCOMPARE(req.header("content-type"), "application/json");
        QVERIFY(req.header("user-agent").startsWith("capiqa/"));

        QTRY_COMPARE(clientFinished.size(), 1);
        QTRY_VERIFY(handle.isNull()); // auto-deleted

        // Outgoing and incoming entries, tied together by the send id.
        const QList<LogEntry> entries = m_bus->entries();
        bool sawOut = false;
        bool sawIn = false;
        for (const LogEntry &e : entries) {
            QCOMPARE(e.sendId, r.sendId);
            QCOMPARE(e.profile, u"test profile"_s);
            if (e.direction == capiqa::log::Direction::Outgoing) {
                sawOut = true;
                QCOMPARE(e.method, u"POST"_s);
                QCOMPARE(e.eventCount, 2);
                QCOMPARE(e.attempt, 1);
                QCOMPARE(e.requestBody, QString::fromUtf8(compact(makeBody(2))));
            } else if (e.direction == capiqa::log::Direction::Incoming) {
                sawIn = true;
                QCOMPARE(e.httpStatus, 200);
                QCOMPARE(e.fbtraceId, u"TRACE1"_s);
                QVERIFY(e.durationMs >= 0);
            }
        }
        QVERIFY(sawOut && sawIn);
    }

    void bodyOnTheWireIsCompactJson()
    {
        const QJsonObject body = makeBody(3);
        run(m_client->send(body, optionsFor(*m_server)));
        QCOMPARE(m_server->requests().size(), 1);
        QCOMPARE(m_server->requests().at(0).body, compact(body));

        // Without a test_event_code the profile's is added, and nothing else changes.
        QJsonObject bare = body;
        bare.remove(u"test_event_code"_s);
        bare.insert(u"partner_agent"_s, u"capiqa"_s);
        run(m_client->send(bare, optionsFor(*m_server)));
        QJsonObject expected = bare;
        expected.insert(u"test_event_code"_s, TestCode);
        QCOMPARE(m_server->requests().at(1).body, compact(expected));
    }

    void splitsLargeBodies()
    {
        m_server->setFallback([](const ScriptedServer::Request &req) {
            const int n = int(QJsonDocument::fromJson(req.body).object().value("data"_L1).toArray().size());
            return Reply::json(200, "{\"events_received\":" + QByteArray::number(n) + ",\"messages\":[\"chunk "
                                        + QByteArray::number(n) + "\"],\"fbtrace_id\":\"T" + QByteArray::number(n) + "\"}");
        });
        SendHandle *handle = m_client->send(makeBody(2'500), optionsFor(*m_server));
        QSignalSpy progress(handle, &SendHandle::progressed);
        const SendResult r = run(handle);
        QVERIFY(r.ok);
        QCOMPARE(r.requestCount, 3);
        QCOMPARE(r.chunks.size(), 3);
        QCOMPARE(r.eventsReceived, 2'500);
        QCOMPARE(r.messages, (QStringList{u"chunk 1000"_s, u"chunk 1000"_s, u"chunk 500"_s}));
        QCOMPARE(r.fbtraceId, u"T500"_s);
        QCOMPARE(r.attempts, 3);
        QCOMPARE(progress.size(), 3);
        QCOMPARE(progress.at(2).at(0).toInt(), 3);

        const QList<int> firsts{0, 1'000, 2'000};
        const QList<int> counts{1'000, 1'000, 500};
        QCOMPARE(m_server->requests().size(), 3);
        for (int i = 0; i < 3; ++i) {
            const QJsonObject sent = QJsonDocument::fromJson(m_server->requests().at(i).body).object();
            const QJsonArray data = sent.value("data"_L1).toArray();
            QCOMPARE(data.size(), counts.at(i));
            QCOMPARE(data.first().toObject().value("event_id"_L1).toString(), u"e"_s + QString::number(firsts.at(i)));
            QCOMPARE(sent.value("test_event_code"_L1).toString(), TestCode);
            QCOMPARE(r.chunks.at(i).firstEvent, firsts.at(i));
            QCOMPARE(r.chunks.at(i).eventCount, counts.at(i));
            QCOMPARE(r.chunks.at(i).eventsReceived, counts.at(i));
            QVERIFY(r.chunks.at(i).ok);
            QCOMPARE(r.chunks.at(i).index, i);
        }
    }

    void cancelInFlight()
    {
        m_server->setFallback([](const ScriptedServer::Request &) { return Reply::json(200, "{}", 3'000); });
        SendHandle *handle = m_client->send(makeBody(1), optionsFor(*m_server));
        int emitted = 0;
        connect(handle, &SendHandle::finished, this, [&emitted] { ++emitted; });
        QSignalSpy received(m_server.get(), &ScriptedServer::requestReceived);
        QVERIFY(received.wait(5'000));
        QCOMPARE(m_client->inFlightCount(), 1);
        handle->cancel();
        handle->cancel(); // twice is harmless
        QCOMPARE(m_client->inFlightCount(), 0);
        const SendResult r = run(handle);
        QVERIFY(r.cancelled);
        QVERIFY(!r.ok);
        QCOMPARE(r.failure, Failure::Cancelled);
        QCOMPARE(r.attempts, 1);
        QCOMPARE(r.chunks.size(), 1);
        QCOMPARE(r.chunks.at(0).failure, Failure::Cancelled);
        QVERIFY(r.totalMs < 2'000);
        QTest::qWait(50);
        QCOMPARE(emitted, 1);
    }

    void cancelDuringBackoff()
    {
        m_server->enqueue(Reply::json(503, "{}"));
        SendOptions o = optionsFor(*m_server);
        o.retry.initialBackoffMs = 5'000;
        SendHandle *handle = m_client->send(makeBody(1), o);
        QSignalSpy retries(handle, &SendHandle::retryScheduled);
        QVERIFY(retries.wait(5'000));
        handle->cancel();
        const SendResult r = run(handle);
        QVERIFY(r.cancelled);
        QCOMPARE(r.attempts, 1);
        QCOMPARE(r.httpStatus, 503); // what the interrupted request had seen
        QVERIFY(r.totalMs < 2'000);
        QTest::qWait(100);
        QCOMPARE(m_server->requests().size(), 1);
    }

    void cancelWhileQueued()
    {
        m_client->setMaxConcurrentRequests(1);
        m_server->setFallback([](const ScriptedServer::Request &) {
            return Reply::json(200, "{\"events_received\":1}", 300);
        });
        SendHandle *first = m_client->send(makeBody(1), optionsFor(*m_server));
        const Pending firstResult = collect(first);
        SendHandle *second = m_client->send(makeBody(1), optionsFor(*m_server));
        QSignalSpy received(m_server.get(), &ScriptedServer::requestReceived);
        QVERIFY(received.wait(5'000));
        QCOMPARE(m_client->queuedCount(), 1);
        second->cancel();
        QCOMPARE(m_client->queuedCount(), 0);
        const SendResult r2 = run(second);
        QVERIFY(r2.cancelled);
        QCOMPARE(r2.attempts, 0);
        QVERIFY(r2.chunks.isEmpty());
        const SendResult r1 = wait(firstResult);
        QVERIFY(r1.ok);
        QTest::qWait(50);
        QCOMPARE(m_server->requests().size(), 1);
    }

    void cancelBeforeTheEventLoopRuns()
    {
        SendHandle *handle = m_client->send(makeBody(1), optionsFor(*m_server));
        handle->cancel();
        const SendResult r = run(handle);
        QVERIFY(r.cancelled);
        QCOMPARE(r.attempts, 0);
        QTest::qWait(50);
        QCOMPARE(m_server->requests().size(), 0);
    }

    void concurrencyLimit_data()
    {
        QTest::addColumn<int>("limit");
        QTest::newRow("default 4") << 0;
        QTest::newRow("2") << 2;
    }

    void concurrencyLimit()
    {
        QFETCH(int, limit);
        if (limit > 0)
            m_client->setMaxConcurrentRequests(limit);
        const int expected = limit > 0 ? limit : CapiClient::DefaultMaxConcurrentRequests;
        m_server->setFallback([](const ScriptedServer::Request &) {
            return Reply::json(200, "{\"events_received\":1}", 150);
        });
        QList<Pending> pending;
        for (int i = 0; i < 9; ++i)
            pending.append(collect(m_client->send(makeBody(1), optionsFor(*m_server))));
        int okCount = 0;
        for (const Pending &p : std::as_const(pending))
            okCount += wait(p).ok ? 1 : 0;
        QCOMPARE(okCount, 9);
        QCOMPARE(m_server->requests().size(), 9);
        QCOMPARE(m_server->maxConcurrent(), expected);
    }

    void eventRateLimit()
    {
        // 4,000 events/s with a 1,000-event bucket: 3 × 1,000 events take ≥ 2 × 250 ms.
        // Measured from the send, not between arrivals: a request delayed on its way (a busy
        // machine) must not make the next one look early.
        m_client->setEventRateLimit(4'000, 1'000);
        const qint64 sentAtMs = m_server->elapsedMs();
        const SendResult r = run(m_client->send(makeBody(3'000), optionsFor(*m_server)));
        QVERIFY(r.ok);
        const auto &reqs = m_server->requests();
        QCOMPARE(reqs.size(), 3);
        QVERIFY(reqs.at(1).receivedAtMs - sentAtMs >= 240);
        QVERIFY(reqs.at(2).receivedAtMs - sentAtMs >= 490);
    }

    void tokenNeverLeaks()
    {
        // Servers that echo the token back, in every way a careless one could.
        const QByteArray echo = QUrl::toPercentEncoding(Token);
        m_server->enqueue(Reply::json(200, "{\"events_received\":1,\"messages\":[\"" + Token.toUtf8() + "\"]}"));
        m_server->enqueue(Reply::json(400, graphError(190, false, u"Invalid OAuth access token: "_s + Token)));
        Reply withHeader = Reply::json(500, "{\"access_token\":\"" + Token.toUtf8() + "\",\"echo\":\"" + echo + "\"}");
        withHeader.headers.emplaceBack("X-Echo", Token.toUtf8());
        m_server->enqueue(withHeader);
        m_server->enqueue(Reply::json(302, "{}"));
        m_server->enqueue(Reply::json(200, "{}", 1'000));
        // Last, because Qt may resend once on a dropped connection and so take two replies.
        m_server->setFallback([](const ScriptedServer::Request &) { return Reply::dropped(); });

        SendOptions o = optionsFor(*m_server);
        o.appSecret = AppSecret;
        o.retry.maxRetries = 0;
        o.timeoutMs = 300;
        QList<SendResult> results;
        QJsonObject bodyWithToken = makeBody(1);
        bodyWithToken.insert(u"access_token"_s, Token);
        for (int i = 0; i < 6; ++i)
            results.append(run(m_client->send(bodyWithToken, o)));
        SendOptions refused = o;
        refused.testEventCode.clear();
        results.append(run(m_client->send(bodyWithToken, refused)));
        QCOMPARE(results.at(1).error.code, 190);
        QCOMPARE(results.at(4).failure, Failure::Timeout);
        QCOMPARE(results.at(5).failure, Failure::Network);
        QCOMPARE(results.at(6).failure, Failure::Refused);

        const QString proof = QString::fromLatin1(capiqa::pii::Sha256::hmacHex(AppSecret.toUtf8(), Token.toUtf8()));
        const QStringList secrets{Token, QString::fromLatin1(echo), AppSecret, proof};
        QStringList texts;
        for (const SendResult &r : std::as_const(results))
            texts += resultTexts(r);
        QTest::qWait(20); // let posted() settle; entries() is already complete
        const QList<LogEntry> entries = m_bus->entries();
        QVERIFY(entries.size() > 10);
        for (const LogEntry &e : entries)
            texts += entryTexts(e);
        for (const QString &text : std::as_const(texts)) {
            for (const QString &secret : secrets)
                QVERIFY2(!text.contains(secret), qPrintable(u"leaked in: "_s + text));
        }
        // The body on the wire never carries the token either, though the URL does.
        for (const ScriptedServer::Request &req : m_server->requests()) {
            QVERIFY(!req.body.contains("access_token"));
            QCOMPARE(req.query().queryItemValue(u"access_token"_s, QUrl::FullyDecoded), Token);
        }
        QVERIFY(results.at(0).warnings.join(u' ').contains(u"Removed access_token"_s));
        bool warned = false;
        for (const LogEntry &e : entries)
            warned = warned || (e.level == capiqa::log::Level::Warning && e.message.contains(u"Removed access_token"_s));
        QVERIFY(warned);
    }

    void appSecretProof()
    {
        SendOptions o = optionsFor(*m_server);
        o.appSecret = AppSecret;
        QVERIFY(run(m_client->send(makeBody(1), o)).ok);
        const QUrlQuery query = m_server->requests().at(0).query();
        const QByteArray expected =
            QMessageAuthenticationCode::hash(Token.toUtf8(), AppSecret.toUtf8(), QCryptographicHash::Sha256).toHex();
        QCOMPARE(query.queryItemValue(u"appsecret_proof"_s).toLatin1(), expected);
        QCOMPARE(capiqa::transport::appSecretProof(AppSecret, Token), expected);
        QCOMPARE(query.queryItemValue(u"access_token"_s, QUrl::FullyDecoded), Token);
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("mention");
        QTest::newRow("no test code") << u"testEventCode"_s << QString() << u"test event code"_s;
        QTest::newRow("no token") << u"accessToken"_s << QString() << u"access token"_s;
        QTest::newRow("pixel not digits") << u"pixelId"_s << u"12 34"_s << u"digits only"_s;
        QTest::newRow("plain http elsewhere") << u"baseUrl"_s << u"http://example.com"_s << u"plain http://"_s;
        QTest::newRow("ftp") << u"baseUrl"_s << u"ftp://127.0.0.1"_s << u"https://"_s;
        QTest::newRow("version") << u"apiVersion"_s << u"24"_s << u"v24.0"_s;
    }

    void refusals()
    {
        QFETCH(QString, field);
        QFETCH(QString, value);
        QFETCH(QString, mention);
        SendOptions o = optionsFor(*m_server);
        if (field == u"testEventCode"_s)
            o.testEventCode = value;
        else if (field == u"accessToken"_s)
            o.accessToken = value;
        else if (field == u"pixelId"_s)
            o.pixelId = value;
        else if (field == u"baseUrl"_s)
            o.baseUrl = QUrl(value);
        else if (field == u"apiVersion"_s)
            o.apiVersion = value;
        SendHandle *handle = m_client->send(makeBody(1), o);
        const SendResult r = run(handle);
        QVERIFY(!r.ok);
        QCOMPARE(r.failure, Failure::Refused);
        QVERIFY2(r.refusal.contains(mention), qPrintable(r.refusal));
        QCOMPARE(r.attempts, 0);
        QVERIFY(r.summary().startsWith(u"Not sent: "_s));
        QTest::qWait(30);
        QCOMPARE(m_server->requests().size(), 0);
    }

    void productionSend()
    {
        SendOptions o = optionsFor(*m_server);
        o.production = true;
        o.testEventCode.clear();
        const SendResult r = run(m_client->send(makeBody(1), o)); // body holds a test code
        QVERIFY(r.ok);
        const QJsonObject sent = QJsonDocument::fromJson(m_server->requests().at(0).body).object();
        QVERIFY(!sent.contains(u"test_event_code"_s));
        QVERIFY(r.warnings.join(u' ').contains(u"production"_s));

        // Outside production the profile's code replaces a different one in the body.
        SendOptions test = optionsFor(*m_server);
        test.testEventCode = u"OTHER1"_s;
        QVERIFY(run(m_client->send(makeBody(1), test)).ok);
        const QJsonObject sent2 = QJsonDocument::fromJson(m_server->requests().at(1).body).object();
        QCOMPARE(sent2.value("test_event_code"_L1).toString(), u"OTHER1"_s);
    }

    void emptyBodyRefused()
    {
        const SendResult r = run(m_client->send(QJsonObject{{u"data"_s, QJsonArray()}}, optionsFor(*m_server)));
        QCOMPARE(r.failure, Failure::Refused);
        const SendResult r2 = run(m_client->send(QJsonObject(), optionsFor(*m_server)));
        QCOMPARE(r2.failure, Failure::Refused);
    }

    void destroyingClientMidFlight()
    {
        m_server->setFallback([](const ScriptedServer::Request &) { return Reply::json(200, "{}", 2'000); });
        QPointer<SendHandle> handle = m_client->send(makeBody(1), optionsFor(*m_server));
        QSignalSpy received(m_server.get(), &ScriptedServer::requestReceived);
        QVERIFY(received.wait(5'000));
        m_client.reset();
        QVERIFY(handle.isNull());
    }

private:
    std::unique_ptr<ScriptedServer> m_server;
    std::unique_ptr<LogBus> m_bus;
    std::unique_ptr<CapiClient> m_client;
};

QTEST_GUILESS_MAIN(TestCapiClient)
#include "tst_capiclient.moc"
