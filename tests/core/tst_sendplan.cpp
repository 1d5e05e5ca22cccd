// The transport's pure parts, no network: retry backoff and jitter, Retry-After parsing, the
// rate limiter's arithmetic, Graph error decoding and how a send is planned (split, stripped,
// authorised URL).
#include "capiclienttestutil.h"
#include "transport/grapherror.h"
#include "transport/ratelimiter.h"
#include "transport/requestplan.h"
#include "transport/retrypolicy.h"

#include <QtCore/QDateTime>
#include <QtCore/QRandomGenerator>
#include <QtTest/QTest>

#include <optional>

using namespace Qt::StringLiterals;
using namespace capiqa::transport;
using namespace capiclienttest;

class TestSendPlan : public QObject
{
    Q_OBJECT

private Q_SLOTS:
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
};

QTEST_GUILESS_MAIN(TestSendPlan)
#include "tst_sendplan.moc"
