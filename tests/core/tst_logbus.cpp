#include "log/logbus.h"
#include "log/redact.h"

#include <QtCore/QThread>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <atomic>
#include <memory>
#include <vector>

using namespace Qt::StringLiterals;
using capiqa::log::LogBus;
using capiqa::log::LogEntry;

namespace {

LogEntry entry(const QString &message)
{
    LogEntry e;
    e.message = message;
    return e;
}

} // namespace

class TestLogBus : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaults()
    {
        LogBus bus;
        QCOMPARE(bus.capacity(), 10'000);
        QCOMPARE(bus.size(), 0);
        QCOMPARE(bus.droppedCount(), 0u);
        QVERIFY(QMetaType::fromName("capiqa::log::LogEntry").isValid());
    }

    void ringKeepsNewest()
    {
        LogBus bus(5);
        QSignalSpy posted(&bus, &LogBus::posted);
        for (int i = 1; i <= 12; ++i)
            QCOMPARE(bus.post(entry(QString::number(i))), quint64(i));
        QCOMPARE(bus.size(), 5);
        QCOMPARE(bus.droppedCount(), 7u);
        const QList<LogEntry> kept = bus.entries();
        QCOMPARE(kept.size(), 5);
        for (int i = 0; i < 5; ++i) {
            QCOMPARE(kept.at(i).id, quint64(8 + i));
            QCOMPARE(kept.at(i).message, QString::number(8 + i));
            QVERIFY(kept.at(i).timestamp.isValid());
            QCOMPARE(kept.at(i).timestamp.timeSpec(), Qt::UTC);
        }
        // posted() is queued, even from the bus's own thread.
        QCOMPARE(posted.size(), 0);
        QTRY_COMPARE(posted.size(), 12);
        QCOMPARE(posted.at(11).at(0).value<LogEntry>().id, 12u);
    }

    void clearAndCapacity()
    {
        LogBus bus(4);
        QSignalSpy cleared(&bus, &LogBus::cleared);
        for (int i = 0; i < 6; ++i)
            bus.post(entry(QString::number(i)));
        bus.clear();
        QCOMPARE(bus.size(), 0);
        QCOMPARE(bus.droppedCount(), 0u);
        QTRY_COMPARE(cleared.size(), 1);
        // Ids keep counting after a clear.
        QCOMPARE(bus.post(entry(u"after"_s)), 7u);

        for (int i = 0; i < 3; ++i)
            bus.post(entry(u"x"_s + QString::number(i)));
        QCOMPARE(bus.size(), 4);
        bus.setCapacity(2);
        QCOMPARE(bus.capacity(), 2);
        QCOMPARE(bus.droppedCount(), 2u);
        QCOMPARE(bus.entries().at(0).message, u"x1"_s);
        QCOMPARE(bus.entries().at(1).message, u"x2"_s);
        bus.setCapacity(3);
        bus.post(entry(u"y"_s));
        bus.post(entry(u"z"_s));
        QCOMPARE(bus.size(), 3);
        QCOMPARE(bus.entries().at(0).message, u"x2"_s);
        QCOMPARE(bus.entries().at(2).message, u"z"_s);
    }

    void threadSafePost()
    {
        constexpr int Threads = 4;
        constexpr int PerThread = 2'000;
        LogBus bus(Threads * PerThread);
        QList<quint64> seen;
        std::atomic<bool> wrongThread{false};
        connect(&bus, &LogBus::posted, this, [&](const LogEntry &e) {
            if (QThread::currentThread() != thread())
                wrongThread = true;
            seen.append(e.id);
        });
        std::vector<std::unique_ptr<QThread>> workers;
        for (int t = 0; t < Threads; ++t) {
            workers.emplace_back(QThread::create([&bus, t] {
                for (int i = 0; i < PerThread; ++i) {
                    LogEntry e;
                    e.message = QString::number(t) + u':' + QString::number(i);
                    e.url = u"https://graph.facebook.com/v24.0/1/events?access_token=SECRETSECRET"_s;
                    bus.post(std::move(e));
                }
            }));
            workers.back()->start();
        }
        for (auto &w : workers)
            QVERIFY(w->wait(20'000));

        QCOMPARE(bus.size(), Threads * PerThread);
        QCOMPARE(bus.droppedCount(), 0u);
        const QList<LogEntry> all = bus.entries();
        QList<int> nextPerThread(Threads, 0);
        for (qsizetype i = 0; i < all.size(); ++i) {
            QCOMPARE(all.at(i).id, quint64(i + 1));
            QVERIFY(!all.at(i).url.contains(u"SECRETSECRET"_s));
            // Each thread's entries keep their order.
            const QStringList parts = all.at(i).message.split(u':');
            const int t = parts.at(0).toInt();
            QCOMPARE(parts.at(1).toInt(), nextPerThread[t]);
            ++nextPerThread[t];
        }
        QTRY_COMPARE(seen.size(), Threads * PerThread);
        QVERIFY(!wrongThread);
        QVERIFY(std::is_sorted(seen.cbegin(), seen.cend()));
    }

    void ringUnderConcurrentOverflow()
    {
        LogBus bus(100);
        std::vector<std::unique_ptr<QThread>> workers;
        for (int t = 0; t < 3; ++t) {
            workers.emplace_back(QThread::create([&bus] {
                for (int i = 0; i < 1'000; ++i)
                    bus.post(LogEntry());
            }));
            workers.back()->start();
        }
        for (int i = 0; i < 200; ++i)
            QVERIFY(bus.entries().size() <= 100); // readers see consistent snapshots meanwhile
        for (auto &w : workers)
            QVERIFY(w->wait(20'000));
        QCOMPARE(bus.size(), 100);
        QCOMPARE(bus.droppedCount(), 2'900u);
        const QList<LogEntry> kept = bus.entries();
        QCOMPARE(kept.first().id, 2'901u);
        QCOMPARE(kept.last().id, 3'000u);
    }

    void redactSecrets_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        QTest::newRow("query") << u"https://graph.facebook.com/v24.0/1/events?access_token=EAAB123&x=1"_s
                               << u"https://graph.facebook.com/v24.0/1/events?access_token=REDACTED&x=1"_s;
        QTest::newRow("query-proof") << u"/events?appsecret_proof=abcdef0123&access_token=EA%2BB"_s
                                     << u"/events?appsecret_proof=REDACTED&access_token=REDACTED"_s;
        QTest::newRow("qt-error-string")
            << u"Error transferring http://127.0.0.1:1/v24.0/1/events?access_token=TOK - server replied: Bad Request"_s
            << u"Error transferring http://127.0.0.1:1/v24.0/1/events?access_token=REDACTED - server replied: Bad Request"_s;
        QTest::newRow("json") << u"{\"access_token\":\"EAAB\\\"x\",\"data\":[]}"_s
                              << u"{\"access_token\":\"REDACTED\",\"data\":[]}"_s;
        QTest::newRow("json-spaced") << u"{ \"Access_Token\" : \"EAAB\" , \"appsecret_proof\": 12345 }"_s
                                     << u"{ \"Access_Token\" : \"REDACTED\" , \"appsecret_proof\": \"REDACTED\" }"_s;
        QTest::newRow("form") << u"data=%5B%5D&access_token=EAAB&test_event_code=T1"_s
                              << u"data=%5B%5D&access_token=REDACTED&test_event_code=T1"_s;
        QTest::newRow("header") << u"Content-Type: application/json\nAuthorization: Bearer EAAB1234\n"_s
                                << u"Content-Type: application/json\nAuthorization: REDACTED\n"_s;
        QTest::newRow("bearer") << u"used Bearer EAAB12345678 here"_s << u"used Bearer REDACTED here"_s;
        QTest::newRow("hashes-untouched") << u"{\"em\":[\"855f96e983f1f8e8be944692b6f719fd54329826cb62e98015efee8e2e071dd4\"]}"_s
                                          << u"{\"em\":[\"855f96e983f1f8e8be944692b6f719fd54329826cb62e98015efee8e2e071dd4\"]}"_s;
        QTest::newRow("words-untouched") << u"Invalid OAuth access token - Cannot parse access token"_s
                                         << u"Invalid OAuth access token - Cannot parse access token"_s;
    }

    void redactSecrets()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        QCOMPARE(capiqa::log::redactSecrets(input), expected);
    }

    void redactedUrl()
    {
        const QUrl url(u"https://user:pw@graph.facebook.com/v24.0/123/events?a=1&access_token=EA%2BAB&appsecret_proof=ff00&z=%20"_s);
        const QUrl clean = capiqa::log::redactedUrl(url);
        QCOMPARE(clean.query(QUrl::FullyEncoded), u"a=1&access_token=REDACTED&appsecret_proof=REDACTED&z=%20"_s);
        QCOMPARE(clean.password(), u"REDACTED"_s);
        QCOMPARE(clean.path(), url.path());
        QVERIFY(!capiqa::log::redactedUrlText(url).contains(u"EA"_s));
        const QUrl plain(u"https://graph.facebook.com/v24.0/123/events"_s);
        QCOMPARE(capiqa::log::redactedUrl(plain), plain);
    }

    void postRedactsEveryField()
    {
        LogBus bus;
        LogEntry e;
        e.url = u"https://h/v24.0/1/events?access_token=TOPSECRET"_s;
        e.message = u"sent ?access_token=TOPSECRET"_s;
        e.error = u"Error transferring https://h/?access_token=TOPSECRET"_s;
        e.requestHeaders = {{u"Authorization"_s, u"OAuth TOPSECRET"_s}, {u"X-Other"_s, u"access_token=TOPSECRET"_s}};
        e.responseHeaders = {{u"Set-Cookie"_s, u"TOPSECRET"_s}};
        e.requestBody = u"{\"access_token\":\"TOPSECRET\",\"data\":[]}"_s;
        e.responseBody = u"{\"echo\":\"access_token=TOPSECRET\"}"_s;
        bus.post(e);
        const LogEntry stored = bus.entries().constFirst();
        const QStringList texts{stored.url, stored.message, stored.error, stored.requestBody, stored.responseBody,
                                stored.requestHeaders.at(0).second, stored.requestHeaders.at(1).second,
                                stored.responseHeaders.at(0).second};
        for (const QString &text : texts) {
            QVERIFY2(!text.contains(u"TOPSECRET"_s), qPrintable(text));
            QVERIFY2(text.contains(u"REDACTED"_s), qPrintable(text));
        }
    }

    void longBodiesAreCut()
    {
        LogBus bus;
        bus.setMaxBodyChars(2'000);
        LogEntry e;
        e.requestBody = QString(5'000, u'a');
        e.responseBody = u"short"_s;
        bus.post(e);
        const LogEntry stored = bus.entries().constFirst();
        QVERIFY(stored.truncated);
        QVERIFY(stored.requestBody.startsWith(QString(2'000, u'a')));
        QVERIFY(stored.requestBody.contains(u"3000 more characters"_s));
        QCOMPARE(stored.responseBody, u"short"_s);
    }

    void largeBodiesAreConvertedOnlyAsFarAsKept()
    {
        // A body far larger than the bus keeps, with non-ASCII text and a token inside the part
        // that is kept: setRequestBody() must store exactly what converting it all would.
        LogBus bus;
        bus.setMaxBodyChars(2'000);
        QByteArray body = QByteArray("{\"access_token\":\"TOPSECRET\",\"data\":[");
        while (body.size() < 200'000)
            body += "{\"n\":\"Cr\xc3\xa8" "me br\xc3\xbb" "l\xc3\xa9" "e \xf0\x9f\x8d\xae\"},";
        body += "{}]}";
        LogEntry whole;
        whole.requestBody = QString::fromUtf8(body);
        bus.post(whole);
        LogEntry part;
        bus.setRequestBody(part, body);
        QVERIFY(part.requestBody.size() < whole.requestBody.size()); // not all of it was converted
        bus.post(part);
        const QList<LogEntry> stored = bus.entries();
        QCOMPARE(stored.size(), 2);
        QCOMPARE(stored.at(1).requestBody, stored.at(0).requestBody);
        QVERIFY(stored.at(1).truncated);
        QVERIFY(!stored.at(1).requestBody.contains(u"TOPSECRET"_s));
        QCOMPARE(stored.at(1).requestBodyOmitted, 0);

        LogEntry small;
        bus.setRequestBody(small, "{\"data\":[]}");
        QCOMPARE(small.requestBody, u"{\"data\":[]}"_s);
        QCOMPARE(small.requestBodyOmitted, 0);
    }

    void names()
    {
        QCOMPARE(capiqa::log::levelName(capiqa::log::Level::Warning), u"warning"_s);
        QCOMPARE(capiqa::log::directionName(capiqa::log::Direction::Incoming), u"incoming"_s);
    }
};

QTEST_GUILESS_MAIN(TestLogBus)
#include "tst_logbus.moc"
