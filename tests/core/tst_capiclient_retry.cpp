// CapiClient against a scripted HTTP server when things go wrong: which answers are retried
// (5xx, 429, transient Graph errors, timeouts, dropped connections) with what backoff and
// Retry-After, which are not (4xx Graph errors, redirects, TLS failures, non-JSON answers),
// and how each failure is reported.
#include "capiclienttestutil.h"
#include "log/logbus.h"
#include "scriptedserver.h"
#include "transport/capiclient.h"
#include "transport/sendhandle.h"

#include <QtCore/QElapsedTimer>
#include <QtNetwork/QSslSocket>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace capiqa::transport;
using namespace capiclienttest;
using capiqa::log::LogBus;
using Reply = ScriptedServer::Reply;

class TestCapiClientRetry : public QObject
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

private:
    std::unique_ptr<ScriptedServer> m_server;
    std::unique_ptr<LogBus> m_bus;
    std::unique_ptr<CapiClient> m_client;
};

QTEST_GUILESS_MAIN(TestCapiClientRetry)
#include "tst_capiclient_retry.moc"
