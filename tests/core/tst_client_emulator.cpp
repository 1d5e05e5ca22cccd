// The real CapiClient against the real GraphEmulator, both in this process, over HTTP on
// 127.0.0.1 (port 0; no other network): bodies built from raw PII arrive byte for byte, large
// sends split into requests of 1,000, Graph errors are decoded, injected faults are retried
// until every event lands exactly once, slow and dropped answers fail as timeouts and network
// errors, a cancel does not hang, and the access token appears in no log, result, stored
// body or record file.
#include "capiclienttestutil.h"
#include "emulator/graphemulator.h"
#include "event/requestbuilder.h"
#include "log/logbus.h"
#include "transport/capiclient.h"
#include "transport/requestplan.h"
#include "transport/sendhandle.h"

#include <QtCore/QDateTime>
#include <QtCore/QDeadlineTimer>
#include <QtCore/QElapsedTimer>
#include <QtCore/QFile>
#include <QtCore/QHash>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QPointer>
#include <QtCore/QRegularExpression>
#include <QtCore/QSet>
#include <QtCore/QTemporaryDir>
#include <QtCore/QTimer>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;
using namespace capiqa;
using namespace capiqa::transport;
using namespace capiclienttest;
using emulator::EventQuery;
using emulator::FaultSpec;
using emulator::GraphEmulator;
using emulator::HandledRequest;
using emulator::ReceivedEvent;
using log::LogBus;
using log::LogEntry;

namespace {

const QString WrongToken = u"EAAB-wrong+token/not=accepted&42"_s;

/// A hashed website Purchase that passes the emulator's validator, `ageSeconds` old.
QJsonObject hashedEvent(const QString &eventId, qint64 ageSeconds = 60)
{
    return QJsonObject{
        {u"event_name"_s, u"Purchase"_s},
        {u"event_time"_s, QDateTime::currentSecsSinceEpoch() - ageSeconds},
        {u"event_id"_s, eventId},
        {u"action_source"_s, u"website"_s},
        {u"event_source_url"_s, u"https://shop.example.com/thank-you"_s},
        {u"user_data"_s,
         QJsonObject{
             {u"em"_s, QJsonArray{u"855f96e983f1f8e8be944692b6f719fd54329826cb62e98015efee8e2e071dd4"_s}},
             {u"client_ip_address"_s, u"203.0.113.7"_s},
             {u"client_user_agent"_s, u"Mozilla/5.0 (X11; Linux x86_64) Firefox/126.0"_s},
         }},
        {u"custom_data"_s, QJsonObject{{u"value"_s, 42.5}, {u"currency"_s, u"USD"_s}}},
    };
}

/// {"data": [...]} of `count` hashed events with ids "{prefix}{i}"; no test_event_code (the
/// client adds the profile's).
QJsonObject hashedBody(int count, const QString &prefix, qint64 ageSeconds = 60)
{
    QJsonArray data;
    for (int i = 0; i < count; ++i)
        data.append(hashedEvent(prefix + QString::number(i), ageSeconds));
    return QJsonObject{{u"data"_s, data}};
}

/// A request written with raw customer information, as a user types it into the composer.
QJsonObject rawPiiRequest(const QString &prefix)
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QJsonObject purchase{
        {u"event_name"_s, u"Purchase"_s},
        {u"event_time"_s, now - 30},
        {u"event_id"_s, QString(prefix + u"-purchase"_s)},
        {u"action_source"_s, u"website"_s},
        {u"event_source_url"_s, u"https://shop.example.com/thank-you"_s},
        {u"user_data"_s,
         QJsonObject{
             {u"em"_s, u"  John.Doe@Example.COM "_s},
             {u"ph"_s, u"+1 (650) 555-0123"_s},
             {u"fn"_s, u"John"_s},
             {u"ln"_s, u"Doe"_s},
             {u"ct"_s, u"Menlo Park"_s},
             {u"st"_s, u"CA"_s},
             {u"zp"_s, u"94025"_s},
             {u"country"_s, u"US"_s},
             {u"external_id"_s, u"user-42"_s},
             {u"client_ip_address"_s, u"203.0.113.7"_s},
             {u"client_user_agent"_s, u"Mozilla/5.0 (X11; Linux x86_64) Firefox/126.0"_s},
         }},
        {u"custom_data"_s, QJsonObject{{u"value"_s, 42.5}, {u"currency"_s, u"USD"_s},
                                       {u"content_ids"_s, QJsonArray{u"sku-1"_s, u"sku-2"_s}}}},
    };
    const QJsonObject lead{
        {u"event_name"_s, u"Lead"_s},
        {u"event_time"_s, now - 10},
        {u"event_id"_s, QString(prefix + u"-lead"_s)},
        {u"action_source"_s, u"website"_s},
        {u"event_source_url"_s, u"https://shop.example.com/contact"_s},
        {u"user_data"_s,
         QJsonObject{
             {u"em"_s, QJsonArray{u"jane@example.org"_s, u"JANE@example.org"_s, u"j.roe@example.net"_s}},
             {u"fn"_s, u"Jane"_s},
             {u"client_ip_address"_s, u"2001:db8::7"_s},
             {u"client_user_agent"_s, u"Mozilla/5.0 (Macintosh) Safari/605.1.15"_s},
         }},
    };
    return QJsonObject{{u"data"_s, QJsonArray{purchase, lead}}};
}

QList<ReceivedEvent> storedEvents(const GraphEmulator &emu, bool acceptedOnly = false)
{
    EventQuery q;
    q.acceptedOnly = acceptedOnly;
    return emu.store().query(q).events;
}

/// Waits in an event loop (QSignalSpy::wait, not 10 ms sleeps) until `spy` holds `count`.
bool waitForCount(QSignalSpy &spy, qsizetype count, int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (spy.size() < count) {
        if (deadline.hasExpired())
            return false;
        spy.wait(int(std::max<qint64>(1, deadline.remainingTime())));
    }
    return true;
}

/// Every string a result holds: resultTexts() plus the fields it leaves out.
QStringList allResultTexts(const SendResult &r)
{
    QStringList out = resultTexts(r);
    out << r.fbtraceId << r.error.type << r.error.fbtraceId << failureName(r.failure);
    for (const RequestResult &c : r.chunks) {
        out << c.fbtraceId << c.error.errorUserTitle << c.error.type << c.error.fbtraceId;
        out += c.messages;
    }
    return out;
}

const QRegularExpression &fbtracePattern()
{
    static const QRegularExpression Pattern(u"^[A-Za-z0-9_-]{11}$"_s);
    return Pattern;
}

} // namespace

class TestClientEmulator : public QObject
{
    Q_OBJECT

    // The one result of `handle`, waited for in an event loop; a default result (sendId 0)
    // means it never came.
    static SendResult await(SendHandle *handle, int timeoutMs = 10'000)
    {
        QSignalSpy spy(handle, &SendHandle::finished);
        if (!spy.wait(timeoutMs))
            return {};
        return spy.constFirst().constFirst().value<SendResult>();
    }

    SendOptions options() const
    {
        SendOptions o = optionsFor(*m_emu);
        o.profileName = u"emulator"_s;
        return o;
    }

private Q_SLOTS:
    void init()
    {
        m_emu = std::make_unique<GraphEmulator>();
        QVERIFY2(m_emu->listen(QHostAddress::LocalHost, 0), qPrintable(m_emu->errorString()));
        QCOMPARE(m_emu->baseUrl().host(), u"127.0.0.1"_s);
        m_emu->setAcceptedTokens({Token}); // one that needs percent-encoding in the query
        m_bus = std::make_unique<LogBus>();
        m_entries.clear();
        connect(m_bus.get(), &LogBus::posted, this, [this](const LogEntry &e) { m_entries.append(e); });
        m_client = std::make_unique<CapiClient>(m_bus.get());
        m_client->setJitterSeed(42);
    }

    void cleanup()
    {
        m_client.reset();
        m_bus.reset();
        m_emu.reset();
    }

    void builtBodyArrivesByteForByte_data()
    {
        QTest::addColumn<int>("profile");
        QTest::newRow("meta") << int(pii::Profile::Meta);
        QTest::newRow("node-sdk") << int(pii::Profile::NodeSdk);
    }

    void builtBodyArrivesByteForByte()
    {
        QFETCH(int, profile);
        event::RequestBuilder builder{pii::Profile(profile)};
        const event::BuildResult built = builder.build(rawPiiRequest(QString::fromLatin1(QTest::currentDataTag())));
        QVERIFY2(built.ok(), qPrintable(built.errors.join(u'\n')));
        const QJsonArray data = built.body.value("data"_L1).toArray();
        QCOMPARE(data.size(), 2);
        // Hashed: no raw address or name is left in what goes out.
        const QByteArray builtBytes = compact(built.body);
        QVERIFY(!builtBytes.contains("@") && !builtBytes.contains("John") && !builtBytes.contains("Menlo"));

        QSignalSpy handled(m_emu.get(), &GraphEmulator::requestHandled);
        const SendResult r = await(m_client->send(built.body, options()));
        QVERIFY2(r.ok, qPrintable(r.summary()));
        QCOMPARE(r.httpStatus, 200);
        QCOMPARE(r.eventCount, 2);
        QCOMPARE(r.eventsReceived, 2);
        QCOMPARE(r.attempts, 1);
        QVERIFY(r.messages.isEmpty());
        QVERIFY(r.warnings.isEmpty());
        QVERIFY2(fbtracePattern().match(r.fbtraceId).hasMatch(), qPrintable(r.fbtraceId));
        QVERIFY(r.timeToFirstByteMs >= 0);

        QJsonObject expected = built.body;
        expected.insert(u"test_event_code"_s, TestCode);
        const QByteArray wire = QJsonDocument(expected).toJson(QJsonDocument::Compact);
        QCOMPARE(r.requestBody, wire);
        QCOMPARE(r.chunks.at(0).requestBody, wire);

        QCOMPARE(handled.size(), 1);
        const auto request = handled.constFirst().constFirst().value<HandledRequest>();
        QCOMPARE(request.httpStatus, 200);
        QCOMPARE(request.path, u"/v24.0/1234567890/events"_s);
        QCOMPARE(request.fbtraceId, r.fbtraceId);

        const QList<ReceivedEvent> stored = storedEvents(*m_emu);
        QCOMPARE(stored.size(), 2);
        for (int i = 0; i < 2; ++i) {
            const ReceivedEvent &e = stored.at(i);
            const QJsonObject sent = data.at(i).toObject();
            QCOMPARE(e.eventId, sent.value("event_id"_L1).toString());
            QCOMPARE(e.eventName, sent.value("event_name"_L1).toString());
            QCOMPARE(e.testEventCode, TestCode);
            QCOMPARE(e.pixelId, QString(emulator::LocalPixelId));
            QCOMPARE(e.userDataObject(), sent.value("user_data"_L1).toObject());
            QCOMPARE(e.eventObject(), sent);
            QVERIFY(e.accepted());
            QCOMPARE(e.fbtraceId, r.fbtraceId);
            QCOMPARE(e.batchIndex, i);
            QCOMPARE(e.batchSize, 2);
            QCOMPARE(e.rawBody, wire); // the emulator recorded exactly what the client reports sending
        }
        QVERIFY(!stored.at(0).userDataObject().value("em"_L1).toArray().isEmpty());
        QCOMPARE(stored.at(1).userDataObject().value("em"_L1).toArray().size(), 2); // deduplicated after hashing

        // The log shows the same bytes.
        bool logged = false;
        for (const LogEntry &e : m_bus->entries()) {
            if (e.direction == log::Direction::Outgoing) {
                QCOMPARE(e.requestBody, QString::fromUtf8(wire));
                logged = true;
            }
        }
        QVERIFY(logged);
    }

    void splitsIntoThreeRequests()
    {
        constexpr int Events = 2'500;
        const QJsonObject body = hashedBody(Events, u"split-"_s);
        SendHandle *handle = m_client->send(body, options());
        QSignalSpy progress(handle, &SendHandle::progressed);
        const SendResult r = await(handle, 20'000);
        QVERIFY2(r.ok, qPrintable(r.summary()));
        QCOMPARE(r.requestCount, 3);
        QCOMPARE(r.chunks.size(), 3);
        QCOMPARE(r.attempts, 3);
        QCOMPARE(r.eventCount, Events);
        QCOMPARE(r.eventsReceived, Events);
        QCOMPARE(progress.size(), 3);

        const QList<int> firsts{0, 1'000, 2'000};
        const QList<int> counts{1'000, 1'000, 500};
        const QJsonArray data = body.value("data"_L1).toArray();
        const QList<ReceivedEvent> accepted = storedEvents(*m_emu, true);
        QCOMPARE(accepted.size(), Events);
        QCOMPARE(storedEvents(*m_emu).size(), Events);
        for (int i = 0; i < 3; ++i) {
            const RequestResult &c = r.chunks.at(i);
            QVERIFY(c.ok);
            QCOMPARE(c.firstEvent, firsts.at(i));
            QCOMPARE(c.eventCount, counts.at(i));
            QCOMPARE(c.eventsReceived, counts.at(i));
            QVERIFY(fbtracePattern().match(c.fbtraceId).hasMatch());
            QJsonArray slice;
            for (int k = firsts.at(i); k < firsts.at(i) + counts.at(i); ++k)
                slice.append(data.at(k));
            const QByteArray wire = compact(QJsonObject{{u"data"_s, slice}, {u"test_event_code"_s, TestCode}});
            QCOMPARE(c.requestBody, wire);
            // The store holds this request's events, in order, with its answer's trace id.
            const ReceivedEvent &first = accepted.at(firsts.at(i));
            QCOMPARE(first.rawBody, wire);
            QCOMPARE(first.batchIndex, 0);
            QCOMPARE(first.batchSize, counts.at(i));
            QCOMPARE(first.fbtraceId, c.fbtraceId);
        }
        QCOMPARE(r.requestBody, r.chunks.at(2).requestBody);

        QSet<QString> ids;
        for (const ReceivedEvent &e : accepted)
            ids.insert(e.eventId);
        QCOMPARE(ids.size(), Events);
        for (int i = 0; i < Events; ++i)
            QVERIFY(ids.contains(u"split-"_s + QString::number(i)));
    }

    void tooOldEventRejectedOnce()
    {
        QSignalSpy handled(m_emu.get(), &GraphEmulator::requestHandled);
        const SendResult r = await(m_client->send(hashedBody(1, u"old-"_s, 8 * 86'400), options()));
        QVERIFY(!r.ok);
        QCOMPARE(r.failure, Failure::Http);
        QCOMPARE(r.httpStatus, 400);
        QCOMPARE(r.attempts, 1);
        QCOMPARE(handled.size(), 1);
        QVERIFY(r.error.isValid());
        QCOMPARE(r.error.code, 100);
        QCOMPARE(r.error.errorSubcode, 2'804'003);
        QCOMPARE(r.error.type, u"OAuthException"_s);
        QCOMPARE(r.error.message, u"Invalid parameter"_s);
        QVERIFY(!r.error.isTransient);
        QCOMPARE(r.error.errorUserTitle, u"Event Timestamp Too Old"_s);
        QVERIFY2(r.error.errorUserMsg.contains(u"last 7 days"_s), qPrintable(r.error.errorUserMsg));
        QVERIFY2(r.error.errorUserMsg.startsWith(u"data[0].event_time"_s), qPrintable(r.error.errorUserMsg));
        QVERIFY(fbtracePattern().match(r.fbtraceId).hasMatch());
        QCOMPARE(r.error.fbtraceId, r.fbtraceId);
        const QString why = r.plainExplanation();
        QVERIFY2(why.contains(u"Retrying unchanged will not help"_s), qPrintable(why));
        QVERIFY(r.summary().contains(u"HTTP 400"_s));

        const QList<ReceivedEvent> stored = storedEvents(*m_emu);
        QCOMPARE(stored.size(), 1);
        QCOMPARE(stored.at(0).httpStatus, 400);
        QVERIFY(!stored.at(0).accepted());
        QCOMPARE(stored.at(0).fbtraceId, r.fbtraceId);
        QCOMPARE(handled.constFirst().constFirst().value<HandledRequest>().graphErrorCode, 100);
    }

    void badTokenRejectedOnce_data()
    {
        QTest::addColumn<QString>("token");
        QTest::newRow("wrong token") << WrongToken;
        QTest::newRow("the emulator's default token, not accepted here") << QString(emulator::LocalAccessToken);
    }

    void badTokenRejectedOnce()
    {
        QFETCH(QString, token);
        SendOptions o = options();
        o.accessToken = token;
        QSignalSpy handled(m_emu.get(), &GraphEmulator::requestHandled);
        const SendResult r = await(m_client->send(hashedBody(1, u"token-"_s), o));
        QVERIFY(!r.ok);
        QCOMPARE(r.failure, Failure::Http);
        QCOMPARE(r.httpStatus, 400);
        QCOMPARE(r.error.code, 190);
        QCOMPARE(r.attempts, 1);
        QCOMPARE(handled.size(), 1);
        QVERIFY2(r.plainExplanation().contains(u"access token is invalid"_s), qPrintable(r.plainExplanation()));
        QCOMPARE(storedEvents(*m_emu, true).size(), 0);
        for (const QString &text : allResultTexts(r))
            QVERIFY2(!text.contains(token), qPrintable(text));
    }

    void faultsRetriedUntilEveryEventLandsOnce()
    {
        const std::optional<FaultSpec> spec =
            FaultSpec::parse(u"500=0.2,503=0.1,429=0.1:retry-after=1,transient=0.1,seed=7");
        QVERIFY(spec);
        m_emu->setFaultSpec(*spec);
        m_client->setJitterSeed(7);
        SendOptions o = options();
        o.retry.maxRetries = 30;
        o.retry.initialBackoffMs = 20;
        o.retry.maxBackoffMs = 160;
        o.retry.jitter = 0.2;
        o.retry.maxRetryAfterMs = 100; // the emulator's Retry-After: 1 is read, then capped

        constexpr int Sends = 40;
        constexpr int PerSend = 3;
        QSignalSpy results(m_client.get(), &CapiClient::finished);
        QSignalSpy handled(m_emu.get(), &GraphEmulator::requestHandled);
        QList<std::pair<int, QString>> retries; // delay, reason
        QElapsedTimer clock;
        clock.start();
        for (int s = 0; s < Sends; ++s) {
            SendHandle *handle = m_client->send(hashedBody(PerSend, u"fault-%1-"_s.arg(s)), o);
            connect(handle, &SendHandle::retryScheduled, this,
                    [&retries](int, int delayMs, const QString &reason) { retries.append({delayMs, reason}); });
        }
        QVERIFY(waitForCount(results, Sends, 20'000));
        const qint64 tookMs = clock.elapsed();

        int attempts = 0;
        for (const QList<QVariant> &args : std::as_const(results)) {
            const auto r = args.constFirst().value<SendResult>();
            QVERIFY2(r.ok, qPrintable(r.summary()));
            QCOMPARE(r.eventsReceived, PerSend);
            attempts += r.attempts;
        }
        QVERIFY2(attempts > Sends, qPrintable(QString::number(attempts)));
        qInfo("%d sends took %d attempts and %lld ms", Sends, attempts, tookMs);
        QCOMPARE(qsizetype(attempts - Sends), retries.size());
        // No fault here closes a connection, so every attempt reached the emulator once.
        QCOMPARE(handled.size(), attempts);

        bool saw429 = false;
        for (const auto &[delay, reason] : std::as_const(retries)) {
            if (reason.startsWith(u"HTTP 429"_s)) {
                saw429 = true;
                QCOMPARE(delay, 100);
            } else {
                QVERIFY2(reason.startsWith(u"HTTP 500"_s) || reason.startsWith(u"HTTP 503"_s), qPrintable(reason));
                QVERIFY2(delay >= 16 && delay <= 193, qPrintable(QString::number(delay)));
            }
        }
        QVERIFY(saw429);

        // Faulted requests are recorded with their status; each event was accepted exactly once.
        const QList<ReceivedEvent> all = storedEvents(*m_emu);
        QCOMPARE(all.size(), qsizetype(attempts) * PerSend);
        QSet<int> statuses;
        QHash<QString, int> acceptedTimes;
        for (const ReceivedEvent &e : all) {
            statuses.insert(e.httpStatus);
            if (e.accepted()) {
                QCOMPARE(e.fault, emulator::Fault::None);
                ++acceptedTimes[e.eventId];
            } else {
                QVERIFY(e.fault != emulator::Fault::None);
            }
        }
        QCOMPARE(statuses, (QSet<int>{200, 429, 500, 503}));
        QCOMPARE(storedEvents(*m_emu, true).size(), Sends * PerSend);
        QCOMPARE(acceptedTimes.size(), Sends * PerSend);
        for (int s = 0; s < Sends; ++s) {
            for (int i = 0; i < PerSend; ++i)
                QCOMPARE(acceptedTimes.value(u"fault-%1-%2"_s.arg(s).arg(i)), 1);
        }
    }

    void retryAfterFromEmulatorHonoured()
    {
        m_emu->setFaultSpec(*FaultSpec::parse(u"429=1.0:retry-after=1"));
        SendOptions o = options();
        o.retry.initialBackoffMs = 10; // the emulator's Retry-After must win over this
        QSignalSpy handled(m_emu.get(), &GraphEmulator::requestHandled);
        SendHandle *handle = m_client->send(hashedBody(1, u"retry-after-"_s), o);
        QSignalSpy retries(handle, &SendHandle::retryScheduled);
        // The retry goes through.
        connect(handle, &SendHandle::retryScheduled, this, [this] { m_emu->setFaultSpec(FaultSpec()); });
        const SendResult r = await(handle);
        QVERIFY2(r.ok, qPrintable(r.summary()));
        QCOMPARE(r.attempts, 2);
        QCOMPARE(retries.size(), 1);
        QCOMPARE(retries.at(0).at(0).toInt(), 2);
        QCOMPARE(retries.at(0).at(1).toInt(), 1'000);
        QVERIFY2(retries.at(0).at(2).toString().startsWith(u"HTTP 429"_s), qPrintable(retries.at(0).at(2).toString()));
        QCOMPARE(handled.size(), 2);
        const qint64 gap = handled.at(1).constFirst().value<HandledRequest>().receivedMs
            - handled.at(0).constFirst().value<HandledRequest>().receivedMs;
        QVERIFY2(gap >= 1'000, qPrintable(QString::number(gap)));
        const QList<ReceivedEvent> stored = storedEvents(*m_emu);
        QCOMPARE(stored.size(), 2);
        QCOMPARE(stored.at(0).httpStatus, 429);
        QCOMPARE(stored.at(0).fault, emulator::Fault::Http429);
        QVERIFY(stored.at(1).accepted());
    }

    void slowAnswerTimesOut()
    {
        m_emu->setFaultSpec(*FaultSpec::parse(u"slow=1.0:800"));
        SendOptions o = options();
        o.timeoutMs = 300;
        o.retry.maxRetries = 1;
        QSignalSpy handled(m_emu.get(), &GraphEmulator::requestHandled);
        QElapsedTimer clock;
        clock.start();
        const SendResult r = await(m_client->send(hashedBody(1, u"slow-"_s), o));
        const qint64 elapsed = clock.elapsed();
        QVERIFY(!r.ok);
        QCOMPARE(r.failure, Failure::Timeout);
        QCOMPARE(r.attempts, 2);
        QCOMPARE(r.httpStatus, 0);
        QVERIFY2(r.networkError.contains(u"timeout"_s), qPrintable(r.networkError));
        QVERIFY2(elapsed >= 600 && elapsed < 1'500, qPrintable(QString::number(elapsed)));
        QCOMPARE(handled.size(), 2);
        // The emulator processed both attempts although the client gave up on them: what a
        // slow Graph does too, and why event_id deduplication matters.
        const QList<ReceivedEvent> stored = storedEvents(*m_emu, true);
        QCOMPARE(stored.size(), 2);
        QCOMPARE(stored.at(0).eventId, stored.at(1).eventId);
        QCOMPARE(stored.at(0).fault, emulator::Fault::Slow);
    }

    void slowAnswerWithinTimeout()
    {
        m_emu->setFaultSpec(*FaultSpec::parse(u"slow=1.0:800"));
        SendOptions o = options();
        o.timeoutMs = 2'000;
        const SendResult r = await(m_client->send(hashedBody(1, u"slow-ok-"_s), o));
        QVERIFY2(r.ok, qPrintable(r.summary()));
        QCOMPARE(r.attempts, 1);
        QCOMPARE(r.eventsReceived, 1);
        QVERIFY2(r.timeToFirstByteMs >= 750, qPrintable(QString::number(r.timeToFirstByteMs)));
        QVERIFY(r.totalMs >= r.timeToFirstByteMs);
    }

    void droppedConnectionIsNetworkFailure()
    {
        m_emu->setFaultSpec(*FaultSpec::parse(u"drop=1.0"));
        SendOptions o = options();
        o.retry.maxRetries = 2;
        QSignalSpy handled(m_emu.get(), &GraphEmulator::requestHandled);
        const SendResult r = await(m_client->send(hashedBody(1, u"drop-"_s), o));
        QVERIFY(!r.ok);
        QCOMPARE(r.failure, Failure::Network);
        QCOMPARE(r.attempts, o.retry.maxRetries + 1);
        QCOMPARE(r.httpStatus, 0);
        QVERIFY(!r.networkError.isEmpty());
        QVERIFY(r.plainExplanation().contains(u"dropped the connection"_s));
        // Qt may resend a POST once by itself on a connection closed before any answer.
        QVERIFY(handled.size() >= 3);
        const QList<ReceivedEvent> stored = storedEvents(*m_emu);
        QVERIFY(stored.size() >= 3);
        for (const ReceivedEvent &e : stored) {
            QCOMPARE(e.httpStatus, 0);
            QCOMPARE(e.fault, emulator::Fault::Drop);
        }
    }

    void cancelSlowSendDoesNotHang()
    {
        m_emu->setFaultSpec(*FaultSpec::parse(u"slow=1.0:1000"));
        QSignalSpy handled(m_emu.get(), &GraphEmulator::requestHandled);
        QElapsedTimer clock;
        clock.start();
        QPointer<SendHandle> handle = m_client->send(hashedBody(1, u"cancel-"_s), options());
        QTimer::singleShot(50, handle.data(), [handle] { handle->cancel(); });
        const SendResult r = await(handle, 5'000);
        const qint64 elapsed = clock.elapsed();
        QVERIFY(r.sendId != 0);
        QVERIFY(r.cancelled);
        QVERIFY(!r.ok);
        QCOMPARE(r.failure, Failure::Cancelled);
        QCOMPARE(r.attempts, 1);
        QVERIFY2(elapsed < 800, qPrintable(QString::number(elapsed))); // well before the answer
        QCOMPARE(m_client->inFlightCount(), 0);
        QCOMPARE(m_client->queuedCount(), 0);
        QVERIFY(handled.size() <= 1);

        // The emulator's late answer finds the connection gone, and it keeps serving.
        QTest::qWait(int(1'100 - clock.elapsed()));
        m_emu->setFaultSpec(FaultSpec());
        const SendResult next = await(m_client->send(hashedBody(1, u"after-cancel-"_s), options()));
        QVERIFY2(next.ok, qPrintable(next.summary()));
        QVERIFY(handle.isNull());
    }

    void tokenNeverLeaks()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString recordPath = dir.filePath(u"record.jsonl"_s);
        QVERIFY2(m_emu->setRecordFile(recordPath), qPrintable(m_emu->errorString()));
        QSignalSpy handled(m_emu.get(), &GraphEmulator::requestHandled);

        SendOptions o = options();
        o.appSecret = AppSecret;
        o.retry.maxRetryAfterMs = 50;
        QList<SendResult> results;
        auto fire = [&](const QJsonObject &body, const SendOptions &opts, int cancelAfterMs = -1) {
            QPointer<SendHandle> handle = m_client->send(body, opts);
            if (cancelAfterMs >= 0)
                QTimer::singleShot(cancelAfterMs, handle.data(), [handle] { handle->cancel(); });
            results.append(await(handle));
        };

        // Accepted, with a token the body should not carry.
        QJsonObject withToken = hashedBody(2, u"leak-ok-"_s);
        withToken.insert(u"access_token"_s, Token);
        fire(withToken, o);
        // Rejected by the validator, then by the token check.
        fire(hashedBody(1, u"leak-old-"_s, 9 * 86'400), o);
        SendOptions wrong = o;
        wrong.accessToken = WrongToken;
        fire(hashedBody(1, u"leak-wrong-"_s), wrong);
        // Every kind of fault, retried until it goes through.
        m_emu->setFaultSpec(*FaultSpec::parse(u"500=0.15,503=0.15,429=0.15:retry-after=1,transient=0.15,seed=3"));
        SendOptions patient = o;
        patient.retry.maxRetries = 30;
        patient.retry.maxBackoffMs = 40;
        for (int i = 0; i < 4; ++i)
            fire(hashedBody(2, u"leak-fault-%1-"_s.arg(i)), patient);
        // Dropped, timed out, cancelled, refused.
        m_emu->setFaultSpec(*FaultSpec::parse(u"drop=1.0"));
        SendOptions once = o;
        once.retry.maxRetries = 0;
        fire(hashedBody(1, u"leak-drop-"_s), once);
        m_emu->setFaultSpec(*FaultSpec::parse(u"slow=1.0:400"));
        once.timeoutMs = 150;
        fire(hashedBody(1, u"leak-slow-"_s), once);
        fire(hashedBody(1, u"leak-cancel-"_s), o, 50);
        SendOptions refused = o;
        refused.testEventCode.clear();
        fire(withToken, refused);

        QCOMPARE(results.size(), 11);
        QVERIFY(results.at(0).ok);
        QVERIFY(results.at(0).warnings.join(u' ').contains(u"Removed access_token"_s));
        QCOMPARE(results.at(1).error.code, 100);
        QCOMPARE(results.at(2).error.code, 190);
        for (int i = 3; i < 7; ++i)
            QVERIFY2(results.at(i).ok, qPrintable(results.at(i).summary()));
        QCOMPARE(results.at(7).failure, Failure::Network);
        QCOMPARE(results.at(8).failure, Failure::Timeout);
        QVERIFY(results.at(9).cancelled);
        QCOMPARE(results.at(10).failure, Failure::Refused);
        QTest::qWait(450); // the late answers of the slow and cancelled sends come and go

        QStringList texts;
        for (const SendResult &r : std::as_const(results))
            texts += allResultTexts(r);
        const QList<LogEntry> busEntries = m_bus->entries();
        QCOMPARE(busEntries.size(), m_entries.size()); // every posted() entry was seen
        QVERIFY(busEntries.size() > 30);
        for (const LogEntry &e : busEntries + m_entries)
            texts += entryTexts(e);
        const QList<ReceivedEvent> stored = storedEvents(*m_emu);
        QVERIFY(stored.size() >= 15);
        for (const ReceivedEvent &e : stored) {
            texts << QString::fromUtf8(e.rawBody) << QString::fromUtf8(compact(emulator::toJson(e, true)));
            QVERIFY(!e.rawBody.isEmpty());
        }
        for (const QList<QVariant> &args : std::as_const(handled)) {
            const auto h = args.constFirst().value<HandledRequest>();
            texts << h.path << h.method << h.fbtraceId;
        }
        QFile record(recordPath);
        QVERIFY(record.open(QIODevice::ReadOnly));
        const QByteArray recorded = record.readAll();
        QVERIFY(recorded.contains("leak-ok-0") && recorded.contains("leak-fault-3-1"));
        texts << QString::fromUtf8(recorded);

        const QString proof = QString::fromLatin1(appSecretProof(AppSecret, Token));
        const QString wrongProof = QString::fromLatin1(appSecretProof(AppSecret, WrongToken));
        const QStringList secrets{Token,
                                  QString::fromLatin1(QUrl::toPercentEncoding(Token)),
                                  WrongToken,
                                  QString::fromLatin1(QUrl::toPercentEncoding(WrongToken)),
                                  AppSecret,
                                  proof,
                                  wrongProof};
        for (const QString &text : std::as_const(texts)) {
            for (const QString &secret : secrets)
                QVERIFY2(!text.contains(secret), qPrintable(u"leaked in: "_s + text.left(300)));
        }
    }

private:
    std::unique_ptr<GraphEmulator> m_emu;
    std::unique_ptr<LogBus> m_bus;
    std::unique_ptr<CapiClient> m_client;
    QList<LogEntry> m_entries; // every entry posted(), in order
};

QTEST_GUILESS_MAIN(TestClientEmulator)
#include "tst_client_emulator.moc"
