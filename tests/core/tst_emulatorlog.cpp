// EmulatorLog over a real GraphEmulator on 127.0.0.1 (port 0): what the emulator received shows
// up on a LogBus, token never included.
#include "capiclienttestutil.h"
#include "emulator/graphemulator.h"
#include "log/emulatorlog.h"
#include "log/logbus.h"

#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkProxy>
#include <QtNetwork/QNetworkReply>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;
using namespace capiqa;
using log::LogEntry;

namespace {

// Two Purchases (capiclienttestutil.h), with a token in the body when `bodyToken` is set.
QByteArray purchaseBody(const QString &bodyToken = {})
{
    QJsonObject body = capiclienttest::makeBody(2);
    if (!bodyToken.isEmpty())
        body.insert(u"access_token"_s, bodyToken);
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

} // namespace

class TestEmulatorLog : public QObject
{
    Q_OBJECT

private:
    emulator::GraphEmulator m_emulator;
    log::LogBus m_bus;
    QNetworkAccessManager m_nam;

    LogEntry roundTrip(const QString &path, const QByteArray &body, const QString &token)
    {
        QCoreApplication::processEvents(); // entries of earlier requests still queued
        QSignalSpy posted(&m_bus, &log::LogBus::posted);
        QUrl url = m_emulator.baseUrl();
        url.setPath(path);
        if (!token.isEmpty())
            url.setQuery(u"access_token="_s + token);
        QNetworkRequest request(url);
        request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json"_ba);
        QNetworkReply *reply = body.isNull() ? m_nam.get(request) : m_nam.post(request, body);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        // QNetworkAccessManager sends a request again once when the connection drops: the
        // first entry is the one under test.
        [&] { QTRY_VERIFY(!posted.isEmpty()); }();
        if (!reply->isFinished())
            [&] { QVERIFY(finished.wait()); }();
        reply->deleteLater();
        return posted.isEmpty() ? LogEntry() : posted.at(0).at(0).value<LogEntry>();
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_nam.setProxy(QNetworkProxy::NoProxy);
        QVERIFY2(m_emulator.listen(), qPrintable(m_emulator.errorString()));
        m_emulator.setReferenceTime(1'760'000'100); // the events' time, so they pass the validator
        new log::EmulatorLog(&m_emulator, &m_bus, this);
    }

    void acceptedBatch()
    {
        const LogEntry e = roundTrip(u"/v21.0/1234567890/events"_s, purchaseBody(), QString(emulator::LocalAccessToken));
        QCOMPARE(e.direction, log::Direction::Incoming);
        QCOMPARE(e.level, log::Level::Info);
        QCOMPARE(e.profile, u"emulator"_s);
        QCOMPARE(e.method, u"POST"_s);
        QCOMPARE(e.url, m_emulator.baseUrl().toString() + u"/v21.0/1234567890/events"_s);
        QCOMPARE(e.httpStatus, 200);
        QCOMPARE(e.eventCount, 2);
        QVERIFY(!e.fbtraceId.isEmpty());
        QVERIFY(e.error.isEmpty());
        QCOMPARE(e.message, u"Purchase ×2 (server, pixel 1234567890, test code TEST4242)"_s);
        QVERIFY(e.requestBody.contains(u"Crème brûlée"_s));
        QVERIFY(!e.requestBody.contains(QString(emulator::LocalAccessToken)));
    }

    void rejectedTokenNeverLogged()
    {
        const QString secret = u"EAAB-not-the-right-one"_s;
        const LogEntry e = roundTrip(u"/v21.0/1234567890/events"_s, purchaseBody(secret), QString());
        QCOMPARE(e.level, log::Level::Error);
        QVERIFY(e.httpStatus >= 400);
        QCOMPARE(e.error, u"Graph error 190 (invalid OAuth access token)"_s);
        QCOMPARE(e.eventCount, 2);
        QVERIFY(!e.requestBody.isEmpty());
        QVERIFY(!e.requestBody.contains(secret));
        QVERIFY(!e.url.contains(secret));
    }

    void injectedDrop()
    {
        m_emulator.setFaultSpec(*emulator::FaultSpec::parse(u"drop=1"));
        const LogEntry e = roundTrip(u"/v21.0/1234567890/events"_s, purchaseBody(), QString(emulator::LocalAccessToken));
        m_emulator.setFaultSpec({});
        QCOMPARE(e.httpStatus, 0);
        QCOMPARE(e.level, log::Level::Error);
        QVERIFY2(e.error.contains(u"injected fault: drop"_s), qPrintable(e.error));
        QVERIFY(e.error.contains(u"connection dropped"_s));
    }

    void otherRoutes()
    {
        const LogEntry e = roundTrip(u"/_capiqa/health"_s, QByteArray(), QString());
        QCOMPARE(e.httpStatus, 200);
        QCOMPARE(e.message, u"GET /_capiqa/health"_s);
        QCOMPARE(e.eventCount, 0);
        QVERIFY(e.requestBody.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestEmulatorLog)
#include "tst_emulatorlog.moc"
