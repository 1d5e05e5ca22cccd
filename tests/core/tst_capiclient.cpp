#include "log/logbus.h"
#include "pii/sha256.h"
#include "scriptedserver.h"
#include "transport/capiclient.h"
#include "transport/grapherror.h"
#include "transport/ratelimiter.h"
#include "transport/requestplan.h"
#include "transport/retrypolicy.h"
#include "transport/sendhandle.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QMessageAuthenticationCode>
#include <QtCore/QRandomGenerator>
#include <QtNetwork/QSslSocket>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <memory>
#include <optional>

using namespace Qt::StringLiterals;
using namespace capiqa::transport;
using capiqa::log::LogBus;
using capiqa::log::LogEntry;
using Reply = ScriptedServer::Reply;

namespace {

// Characters that must be percent-encoded in a query, so that encoding bugs show.
const QString Token = u"EAAB-test+token/with=odd&chars-0123456789"_s;
const QString AppSecret = u"app-secret-0123456789"_s;
const QString TestCode = u"TEST4242"_s;

QJsonObject makeBody(int events)
{
    QJsonArray data;
    for (int i = 0; i < events; ++i) {
        data.append(QJsonObject{
            {u"event_name"_s, u"Purchase"_s},
            {u"event_time"_s, 1'760'000'000 + i},
            {u"event_id"_s, QString(u"e"_s + QString::number(i))},
            {u"action_source"_s, u"website"_s},
            {u"event_source_url"_s, u"https://shop.example/checkout"_s},
            {u"user_data"_s, QJsonObject{{u"em"_s, QJsonArray{u"855f96e983f1f8e8be944692b6f719fd54329826cb62e98015efee8e2e071dd4"_s}},
                                         {u"client_user_agent"_s, u"Mozilla/5.0"_s}}},
            {u"custom_data"_s, QJsonObject{{u"value"_s, 12.5}, {u"currency"_s, u"EUR"_s},
                                           {u"content_name"_s, u"Crème brûlée 🍰"_s}}},
        });
    }
    return QJsonObject{{u"data"_s, data}, {u"test_event_code"_s, TestCode}};
}

SendOptions optionsFor(const ScriptedServer &server)
{
    SendOptions o;
    o.baseUrl = server.baseUrl();
    o.pixelId = u"1234567890"_s;
    o.accessToken = Token;
    o.testEventCode = TestCode;
    o.timeoutMs = 3'000;
    o.retry.initialBackoffMs = 20;
    o.retry.jitter = 0.0;
    o.profileName = u"test profile"_s;
    return o;
}

QByteArray graphError(int code, bool transient = false, const QString &message = u"Invalid parameter"_s)
{
    const QJsonObject error{
        {u"message"_s, message},
        {u"type"_s, u"OAuthException"_s},
        {u"code"_s, code},
        {u"error_subcode"_s, 2'804'003},
        {u"is_transient"_s, transient},
        {u"error_user_title"_s, u"Event time too old"_s},
        {u"error_user_msg"_s, u"The timestamp for this event is too far in the past."_s},
        {u"fbtrace_id"_s, u"ErrTrace1"_s},
    };
    return QJsonDocument(QJsonObject{{u"error"_s, error}}).toJson(QJsonDocument::Compact);
}

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

// Every string a result holds, for the never-leak check.
QStringList resultTexts(const SendResult &r)
{
    QStringList out{r.requestUrl, QString::fromUtf8(r.requestBody), QString::fromUtf8(r.rawResponse), r.networkError,
                    r.refusal, r.error.message, r.error.errorUserMsg, r.error.errorUserTitle, r.summary(),
                    r.plainExplanation()};
    out += r.warnings;
    out += r.messages;
    for (const RequestResult &c : r.chunks)
        out << c.requestUrl << QString::fromUtf8(c.requestBody) << QString::fromUtf8(c.rawResponse) << c.networkError
            << c.error.message << c.error.errorUserMsg;
    return out;
}

QStringList entryTexts(const LogEntry &e)
{
    QStringList out{e.profile, e.message, e.method, e.url, e.fbtraceId, e.error, e.requestBody, e.responseBody};
    for (const auto &[name, value] : e.requestHeaders)
        out << name << value;
    for (const auto &[name, value] : e.responseHeaders)
        out << name << value;
    return out;
}

} // namespace

class TestCapiClient : public QObject
{
    Q_OBJECT

    using Pending = std::shared_ptr<std::optional<SendResult>>;

    // Catches the handle's one finished(). Connect right after send(): a handle deletes itself
    // once it has announced its result.
    Pending collect(SendHandle *handle)
    {
        auto pending = std::make_shared<std::optional<SendResult>>();
        connect(handle, &SendHandle::finished, this, [pending](const SendResult &r) { *pending = r; });
        return pending;
    }

    // A default result (sendId 0) means it never came.
    static SendResult wait(const Pending &pending, int timeoutMs = 10'000)
    {
        static_cast<void>(QTest::qWaitFor([&] { return pending->has_value(); }, timeoutMs));
        return pending->value_or(SendResult());
    }

    SendResult run(SendHandle *handle, int timeoutMs = 10'000) { return wait(collect(handle), timeoutMs); }

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

    void retriesServerErrorsWithGrowingBackoff()
    {
        m_server->enqueue(Reply::json(500, "{\"error\":{\"message\":\"boom\",\"code\":1}}"));
        m_server->enqueue(Reply::json(502, "<html>bad gateway</html>"));
        m_server->enqueue(Reply::json(200, "{\"events_received\":1,\"messages\":[],\"fbtrace_id\":\"ok\"}"));
        SendOptions o = optionsFor(*m_server);
        o.retry.initialBackoffMs = 100;
        o.retry.multiplier = 2.0;
        SendHandle *handle = m_client->send(makeBody(1), o);
        QSignalSpy retries(handle, &SendHandle::retryScheduled);
        const SendResult r = run(handle);
        QVERIFY(r.ok);
        QCOMPARE(r.attempts, 3);
        QCOMPARE(r.chunks.at(0).attempts, 3);
        QCOMPARE(retries.size(), 2);
        QCOMPARE(retries.at(0).at(0).toInt(), 2);
        QCOMPARE(retries.at(0).at(1).toInt(), 100);
        QCOMPARE(retries.at(1).at(0).toInt(), 3);
        QCOMPARE(retries.at(1).at(1).toInt(), 200);
        const auto &reqs = m_server->requests();
        QCOMPARE(reqs.size(), 3);
        const qint64 gap1 = reqs.at(1).receivedAtMs - reqs.at(0).receivedAtMs;
        const qint64 gap2 = reqs.at(2).receivedAtMs - reqs.at(1).receivedAtMs;
        QVERIFY2(gap1 >= 100, qPrintable(QString::number(gap1)));
        QVERIFY2(gap2 >= 200, qPrintable(QString::number(gap2)));
        QVERIFY(gap2 > gap1);
        // Every attempt sent the same bytes.
        QCOMPARE(reqs.at(0).body, reqs.at(2).body);
    }

    void retriesExhausted()
    {
        m_server->setFallback([](const ScriptedServer::Request &) { return Reply::json(503, "{}"); });
        SendOptions o = optionsFor(*m_server);
        o.retry.maxRetries = 2;
        const SendResult r = run(m_client->send(makeBody(1), o));
        QVERIFY(!r.ok);
        QCOMPARE(r.failure, Failure::Http);
        QCOMPARE(r.httpStatus, 503);
        QCOMPARE(r.attempts, 3);
        QCOMPARE(m_server->requests().size(), 3);
        QVERIFY(r.summary().contains(u"after 3 attempts"_s));
    }

    void invalidParameterNotRetried()
    {
        m_server->enqueue(Reply::json(400, graphError(100)));
        const SendResult r = run(m_client->send(makeBody(1), optionsFor(*m_server)));
        QVERIFY(!r.ok);
        QCOMPARE(r.failure, Failure::Http);
        QCOMPARE(r.httpStatus, 400);
        QCOMPARE(r.attempts, 1);
        QCOMPARE(m_server->requests().size(), 1);
        QVERIFY(r.error.isValid());
        QCOMPARE(r.error.code, 100);
        QCOMPARE(r.error.errorSubcode, 2'804'003);
        QCOMPARE(r.error.type, u"OAuthException"_s);
        QCOMPARE(r.error.message, u"Invalid parameter"_s);
        QCOMPARE(r.error.errorUserTitle, u"Event time too old"_s);
        QCOMPARE(r.error.errorUserMsg, u"The timestamp for this event is too far in the past."_s);
        QVERIFY(!r.error.isTransient);
        QCOMPARE(r.error.fbtraceId, u"ErrTrace1"_s);
        QCOMPARE(r.fbtraceId, u"ErrTrace1"_s);
        const QString why = r.plainExplanation();
        QVERIFY2(why.contains(u"Retrying unchanged will not help"_s), qPrintable(why));
        QVERIFY(why.contains(u"The timestamp for this event is too far in the past."_s));
        QVERIFY(r.summary().contains(u"HTTP 400"_s));
        QCOMPARE(r.rawResponse, graphError(100));
    }

    void otherClientErrorsNotRetried_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("code");
        QTest::newRow("401/190") << 401 << 190;
        QTest::newRow("403/200") << 403 << 200;
        QTest::newRow("400/17 rate limit, not transient") << 400 << 17;
        QTest::newRow("404") << 404 << 0;
    }

    void otherClientErrorsNotRetried()
    {
        QFETCH(int, status);
        QFETCH(int, code);
        m_server->enqueue(Reply::json(status, code != 0 ? graphError(code) : QByteArray("not found")));
        const SendResult r = run(m_client->send(makeBody(1), optionsFor(*m_server)));
        QVERIFY(!r.ok);
        QCOMPARE(r.httpStatus, status);
        QCOMPARE(r.attempts, 1);
        QCOMPARE(r.error.code, code);
        QVERIFY(!r.plainExplanation().isEmpty());
    }

    void retryAfterHonoured()
    {
        Reply tooMany = Reply::json(429, graphError(4, false, u"Application request limit reached"_s));
        tooMany.headers.emplaceBack("Retry-After", "1");
        m_server->enqueue(tooMany);
        SendOptions o = optionsFor(*m_server);
        o.retry.initialBackoffMs = 10; // Retry-After must win over this
        SendHandle *handle = m_client->send(makeBody(1), o);
        QSignalSpy retries(handle, &SendHandle::retryScheduled);
        const SendResult r = run(handle);
        QVERIFY(r.ok);
        QCOMPARE(r.attempts, 2);
        QCOMPARE(retries.size(), 1);
        QCOMPARE(retries.at(0).at(1).toInt(), 1'000);
        const qint64 gap = m_server->requests().at(1).receivedAtMs - m_server->requests().at(0).receivedAtMs;
        QVERIFY2(gap >= 1'000, qPrintable(QString::number(gap)));
    }

    void retryAfterCapped()
    {
        Reply busy = Reply::json(503, "{}");
        busy.headers.emplaceBack("Retry-After", "3600");
        m_server->enqueue(busy);
        SendOptions o = optionsFor(*m_server);
        o.retry.maxRetryAfterMs = 150;
        SendHandle *handle = m_client->send(makeBody(1), o);
        QSignalSpy retries(handle, &SendHandle::retryScheduled);
        const SendResult r = run(handle);
        QVERIFY(r.ok);
        QCOMPARE(retries.at(0).at(1).toInt(), 150);
    }

    void transientErrorRetried()
    {
        m_server->enqueue(Reply::json(400, graphError(2, true, u"Service temporarily unavailable"_s)));
        const SendResult r = run(m_client->send(makeBody(1), optionsFor(*m_server)));
        QVERIFY(r.ok);
        QCOMPARE(r.attempts, 2);
        QCOMPARE(m_server->requests().size(), 2);
        QVERIFY(!r.error.isValid()); // the send succeeded in the end
    }

    void timeoutRetriedThenFails()
    {
        m_server->setFallback([](const ScriptedServer::Request &) {
            return Reply::json(200, "{\"events_received\":1}", 1'500);
        });
        SendOptions o = optionsFor(*m_server);
        o.timeoutMs = 200;
        o.retry.maxRetries = 1;
        QElapsedTimer clock;
        clock.start();
        const SendResult r = run(m_client->send(makeBody(1), o));
        const qint64 elapsed = clock.elapsed();
        QVERIFY(!r.ok);
        QCOMPARE(r.failure, Failure::Timeout);
        QCOMPARE(r.attempts, 2);
        QCOMPARE(r.httpStatus, 0);
        QVERIFY2(r.networkError.contains(u"timeout"_s), qPrintable(r.networkError));
        QVERIFY2(elapsed >= 400 && elapsed < 1'400, qPrintable(QString::number(elapsed)));
        QCOMPARE(m_server->requests().size(), 2);
        QVERIFY(r.plainExplanation().contains(u"No answer arrived in time"_s));
    }

    void droppedConnectionRetried()
    {
        m_server->setFallback([](const ScriptedServer::Request &) { return Reply::dropped(); });
        SendOptions o = optionsFor(*m_server);
        o.retry.maxRetries = 2;
        const SendResult r = run(m_client->send(makeBody(1), o));
        QVERIFY(!r.ok);
        QCOMPARE(r.failure, Failure::Network);
        QCOMPARE(r.attempts, 3);
        QVERIFY(!r.networkError.isEmpty());
        // Qt itself may resend once on a connection closed before any answer.
        QVERIFY(m_server->requests().size() >= 3);
    }

    void droppedOnceThenSucceeds()
    {
        m_server->enqueue(Reply::dropped());
        m_server->enqueue(Reply::dropped());
        m_server->enqueue(Reply::dropped());
        const SendResult r = run(m_client->send(makeBody(1), optionsFor(*m_server)));
        QVERIFY(r.ok);
        QVERIFY(r.attempts >= 1 && r.attempts <= 4);
    }

    void connectionRefusedIsNetworkError()
    {
        const QUrl closed = m_server->baseUrl();
        m_server.reset(); // nobody listens on that port any more
        SendOptions o;
        o.baseUrl = closed;
        o.pixelId = u"1"_s;
        o.accessToken = Token;
        o.testEventCode = TestCode;
        o.retry.maxRetries = 1;
        o.retry.initialBackoffMs = 10;
        const SendResult r = run(m_client->send(makeBody(1), o));
        QCOMPARE(r.failure, Failure::Network);
        QCOMPARE(r.attempts, 2);
        QVERIFY(!r.networkError.contains(Token));
        QVERIFY(!r.networkError.isEmpty());
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
        m_client->setEventRateLimit(4'000, 1'000);
        const SendResult r = run(m_client->send(makeBody(3'000), optionsFor(*m_server)));
        QVERIFY(r.ok);
        const auto &reqs = m_server->requests();
        QCOMPARE(reqs.size(), 3);
        QVERIFY(reqs.at(1).receivedAtMs - reqs.at(0).receivedAtMs >= 240);
        QVERIFY(reqs.at(2).receivedAtMs - reqs.at(1).receivedAtMs >= 240);
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

    void redirectNotFollowed()
    {
        Reply moved = Reply::json(302, "{}");
        moved.headers.emplaceBack("Location", m_server->baseUrl().toEncoded() + "/elsewhere?access_token=" + Token.toUtf8());
        m_server->enqueue(moved);
        const SendResult r = run(m_client->send(makeBody(1), optionsFor(*m_server)));
        QVERIFY(!r.ok);
        QCOMPARE(r.httpStatus, 302);
        QCOMPARE(r.attempts, 1);
        QCOMPARE(m_server->requests().size(), 1);
        QVERIFY(r.plainExplanation().contains(u"redirect"_s));
    }

    void htmlAnswerIsInvalidResponse()
    {
        Reply html;
        html.status = 200;
        html.body = "<html>captive portal</html>";
        m_server->enqueue(html);
        const SendResult r = run(m_client->send(makeBody(1), optionsFor(*m_server)));
        QCOMPARE(r.failure, Failure::InvalidResponse);
        QCOMPARE(r.attempts, 1);
        QCOMPARE(r.rawResponse, html.body);
    }

    void receivedFewerWarns()
    {
        m_server->enqueue(Reply::json(200, "{\"events_received\":1,\"messages\":[]}"));
        const SendResult r = run(m_client->send(makeBody(2), optionsFor(*m_server)));
        QVERIFY(r.ok);
        QVERIFY(r.warnings.join(u' ').contains(u"Sent 2 events but the answer says 1"_s));
    }

    void tlsFailureReportedNotRetried()
    {
        if (!QSslSocket::supportsSsl())
            QSKIP("no TLS backend");
        SendOptions o = optionsFor(*m_server);
        QUrl url = m_server->baseUrl();
        url.setScheme(u"https"_s); // the server speaks plain HTTP: the handshake must fail
        o.baseUrl = url;
        const SendResult r = run(m_client->send(makeBody(1), o));
        QVERIFY(!r.ok);
        QCOMPARE(r.failure, Failure::Tls);
        QCOMPARE(r.attempts, 1);
        QVERIFY2(r.networkError.startsWith(u"TLS verification failed"_s), qPrintable(r.networkError));
        QVERIFY(r.plainExplanation().contains(u"never ignores certificate errors"_s));
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

    // --- pure parts -------------------------------------------------------------------------

    void backoffJitter()
    {
        RetryPolicy p;
        QCOMPARE(p.nominalBackoffMs(1), 500);
        QCOMPARE(p.nominalBackoffMs(2), 1'000);
        QCOMPARE(p.nominalBackoffMs(3), 2'000);
        p.maxBackoffMs = 1'500;
        QCOMPARE(p.nominalBackoffMs(3), 1'500);
        p.maxBackoffMs = 30'000;
        QRandomGenerator a(7);
        QRandomGenerator b(7);
        bool varied = false;
        int previous = -1;
        for (int i = 0; i < 500; ++i) {
            for (int retry = 1; retry <= 3; ++retry) {
                const int nominal = p.nominalBackoffMs(retry);
                const int d = p.backoffMs(retry, a);
                QVERIFY(d >= nominal * 0.8 - 1 && d <= nominal * 1.2 + 1);
                QCOMPARE(p.backoffMs(retry, b), d); // same seed, same delays
                if (retry == 1) {
                    varied = varied || (previous >= 0 && previous != d);
                    previous = d;
                }
            }
        }
        QVERIFY(varied);
        p.jitter = 0;
        QCOMPARE(p.backoffMs(2, a), 1'000);
    }

    void retryAfterParsing()
    {
        RetryPolicy p;
        QCOMPARE(p.retryAfterMs("2"), std::optional<int>(2'000));
        QCOMPARE(p.retryAfterMs(" 1.5 "), std::optional<int>(1'500));
        QCOMPARE(p.retryAfterMs("100000"), std::optional<int>(60'000));
        QCOMPARE(p.retryAfterMs(""), std::nullopt);
        QCOMPARE(p.retryAfterMs("soon"), std::nullopt);
        QCOMPARE(p.retryAfterMs("-3"), std::nullopt);
        const QDateTime now(QDate(2025, 10, 21), QTime(7, 28, 0), Qt::UTC);
        QCOMPARE(p.retryAfterMs("Tue, 21 Oct 2025 07:28:30 GMT", now), std::optional<int>(30'000));
    }

    void rateLimiterArithmetic()
    {
        RateLimiter limiter;
        QCOMPARE(limiter.waitMs(1'000'000, 0), 0); // disabled
        limiter.configure(100, 100, 0);
        QCOMPARE(limiter.waitMs(100, 0), 0);
        limiter.consume(100, 0);
        QCOMPARE(limiter.waitMs(50, 0), 500);
        QCOMPARE(limiter.waitMs(50, 500), 0);
        limiter.consume(50, 500);
        // Larger than the bucket: waits for a full bucket, then leaves it in debt.
        QCOMPARE(limiter.waitMs(1'000, 500), 1'000);
        limiter.consume(1'000, 1'500);
        QCOMPARE(limiter.waitMs(1, 1'500), 9'010);
    }

    void graphErrorDecoding()
    {
        const auto e = GraphError::fromResponse(QByteArray(
            "{\"error\":{\"message\":\"m\",\"type\":\"t\",\"code\":\"613\",\"error_subcode\":1,\"is_transient\":\"true\",\"fbtrace_id\":\"f\"}}"));
        QVERIFY(e.has_value());
        QCOMPARE(e->code, 613);
        QVERIFY(e->isTransient);
        QVERIFY(e->isRateLimit());
        QVERIFY(!GraphError::fromResponse(QByteArray("{\"events_received\":1}")).has_value());
        QVERIFY(!GraphError::fromResponse(QByteArray("nope")).has_value());
        QVERIFY(!GraphError().isValid());

        QStringList seen;
        for (int code : {1, 2, 4, 17, 32, 613, 80004, 100, 190, 200, 10}) {
            GraphError g;
            g.code = code;
            const QString text = g.plainExplanation();
            QVERIFY(!text.isEmpty());
            QVERIFY2(!seen.contains(text), qPrintable(text));
            seen << text;
        }
        GraphError expired;
        expired.code = 190;
        expired.errorSubcode = 463;
        QVERIFY(expired.plainExplanation().contains(u"expired"_s));
    }

    void planSplitsAndStrips()
    {
        SendOptions o;
        o.pixelId = u"1"_s;
        o.accessToken = u"tok"_s;
        o.testEventCode = u"T"_s;
        o.maxEventsPerRequest = 2;
        QJsonObject body = makeBody(5);
        body.insert(u"access_token"_s, u"tok"_s);
        const SendPlan plan = planSend(body, o);
        QVERIFY(!plan.isRefused());
        QCOMPARE(plan.requests.size(), 3);
        QCOMPARE(plan.requests.at(2).firstEvent, 4);
        QCOMPARE(plan.requests.at(2).eventCount, 1);
        for (const PlannedRequest &req : plan.requests)
            QVERIFY(!req.body.contains("access_token"));
        o.maxEventsPerRequest = 5'000; // clamped to Graph's 1,000
        QCOMPARE(planSend(makeBody(1'001), o).requests.size(), 2);
        QCOMPARE(authorizedUrl(o).toString(QUrl::FullyEncoded),
                 u"https://graph.facebook.com/v24.0/1/events?access_token=tok"_s);
    }

private:
    std::unique_ptr<ScriptedServer> m_server;
    std::unique_ptr<LogBus> m_bus;
    std::unique_ptr<CapiClient> m_client;
};

QTEST_GUILESS_MAIN(TestCapiClient)
#include "tst_capiclient.moc"
