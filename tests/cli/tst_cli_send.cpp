// capiqa-cli serve + send, end to end: two real processes talking HTTP on 127.0.0.1.
#include "cliprocess.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QRegularExpression>
#include <QtCore/QTemporaryDir>
#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkReply>

using namespace Qt::StringLiterals;

class TestCliSend : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QProcess m_server;
    QString m_baseUrl;

    // Each run gets its own settings file, so the user's real profiles are never touched.
    CliRun send(const QStringList &args, const QByteArray &input = {}, const QString &settings = u"settings.ini"_s)
    {
        qputenv("CAPIQA_SETTINGS", m_dir.filePath(settings).toUtf8());
        return runCli(QStringList{u"send"_s} + args, input);
    }

    QJsonArray received(const QString &query = {})
    {
        QNetworkAccessManager nam;
        QNetworkReply *reply = nam.get(QNetworkRequest(QUrl(m_baseUrl + u"/_capiqa/events"_s + query)));
        if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 5000))
            return {};
        reply->deleteLater();
        return QJsonDocument::fromJson(reply->readAll()).object().value(u"events"_s).toArray();
    }

    bool clearReceived()
    {
        QNetworkAccessManager nam;
        QNetworkReply *reply = nam.deleteResource(QNetworkRequest(QUrl(m_baseUrl + u"/_capiqa/events"_s)));
        const bool done = QTest::qWaitFor([reply] { return reply->isFinished(); }, 5000);
        reply->deleteLater();
        return done && reply->error() == QNetworkReply::NoError;
    }

    QByteArray purchase(const QString &id = u"purchase_{order_id}"_s) const
    {
        return QJsonDocument(QJsonObject{
                                 {u"event_name"_s, u"Purchase"_s},
                                 {u"event_time"_s, u"now"_s},
                                 {u"action_source"_s, u"website"_s},
                                 {u"event_source_url"_s, u"https://shop.example.com/done"_s},
                                 {u"event_id"_s, id},
                                 {u"user_data"_s, QJsonObject{{u"em"_s, u"  JOHN@EXAMPLE.COM "_s},
                                                              {u"client_user_agent"_s, u"Mozilla/5.0 (X11) Firefox/128.0"_s}}},
                                 {u"custom_data"_s, QJsonObject{{u"value"_s, 49}, {u"currency"_s, u"USD"_s}, {u"order_id"_s, u"42"_s}}}})
            .toJson();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QByteArray banner;
        m_baseUrl = startEmulator(m_server, {u"--faults"_s, u"none"_s}, &banner);
        QVERIFY2(!m_baseUrl.isEmpty(), banner.constData());
    }

    void cleanupTestCase()
    {
        m_server.terminate(); // SIGTERM: the emulator stops cleanly
        QVERIFY(m_server.waitForFinished(5000));
        QCOMPARE(m_server.exitCode(), 0);
        QVERIFY(m_server.readAllStandardOutput().contains("stopped after"));
    }

    // The first minute: no configuration, the default profile is the local emulator.
    void firstSendWithDefaults()
    {
        QVERIFY(clearReceived());
        const CliRun r = send({u"--base-url"_s, m_baseUrl, u"--format"_s, u"json"_s, u"-"_s}, purchase());
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o.value(u"ok"_s).toBool(), true);
        QCOMPARE(o.value(u"events_received"_s).toInt(), 1);
        QCOMPARE(o.value(u"test_event_code"_s).toString(), u"TEST_CAPIQA"_s);
        QVERIFY(!o.value(u"fbtrace_id"_s).toString().isEmpty());
        QVERIFY(!r.out.contains("capiqa-local-token"));

        const QJsonArray events = received();
        QCOMPARE(events.size(), 1);
        const QJsonObject e = events.at(0).toObject();
        QCOMPARE(e.value(u"event_id"_s).toString(), u"purchase_42"_s);
        QCOMPARE(e.value(u"test_event_code"_s).toString(), u"TEST_CAPIQA"_s);
        // meta profile (the default): the parameter builder's hash with its appendix.
        QCOMPARE(e.value(u"user_data"_s)[u"em"_s][0].toString(),
                 u"855f96e983f1f8e8be944692b6f719fd54329826cb62e98015efee8e2e071dd4.AQQCAQMC"_s);
    }

    void normalizerAndTestCodeFlags()
    {
        QVERIFY(clearReceived());
        const CliRun r = send({u"--base-url"_s, m_baseUrl, u"--normalizer"_s, u"node-sdk"_s, u"--test-code"_s, u"TEST777"_s, u"-"_s},
                              purchase(u"order-1"_s));
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.out.contains("TEST MODE · code TEST777"));
        const QJsonObject e = received().at(0).toObject();
        QCOMPARE(e.value(u"test_event_code"_s).toString(), u"TEST777"_s);
        QCOMPARE(e.value(u"user_data"_s)[u"em"_s][0].toString(),
                 u"855f96e983f1f8e8be944692b6f719fd54329826cb62e98015efee8e2e071dd4"_s);
    }

    void rejectedByTheEmulator()
    {
        const QByteArray old = R"({"event_name":"Lead","event_time":1000,"action_source":"website",
                                   "event_source_url":"https://x.example","user_data":{"client_user_agent":"UA"}})";
        const CliRun r = send({u"--base-url"_s, m_baseUrl, u"--format"_s, u"json"_s, u"-"_s}, old);
        QCOMPARE(r.exitCode, 1);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o.value(u"ok"_s).toBool(), false);
        QCOMPARE(o.value(u"error"_s)[u"code"_s].toInt(), 100);
        QCOMPARE(o.value(u"attempts"_s).toInt(), 1); // a 4xx is never retried
        QVERIFY(!o.value(u"explanation"_s).toString().isEmpty());
    }

    void wrongToken()
    {
        qputenv("CAPIQA_TEST_BAD_TOKEN", "not-the-token");
        const CliRun r = send({u"--base-url"_s, m_baseUrl, u"--token-env"_s, u"CAPIQA_TEST_BAD_TOKEN"_s, u"--format"_s, u"json"_s, u"-"_s},
                              purchase());
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(QJsonDocument::fromJson(r.out).object().value(u"error"_s)[u"code"_s].toInt(), 190);
        QVERIFY(!r.out.contains("not-the-token"));
        QVERIFY(!r.err.contains("not-the-token"));
    }

    void nothingSentWhenAnEventCannotBeBuilt()
    {
        QVERIFY(clearReceived());
        const QByteArray bad = R"({"event_name":"Lead","event_time":"now","action_source":"website",
                                   "user_data":{"em":"john@example"}})";
        const CliRun r = send({u"--base-url"_s, m_baseUrl, u"--normalizer"_s, u"node-sdk"_s, u"-"_s}, bad);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("data[0].user_data.em") && r.err.contains("nothing sent"), r.err.constData());
        QCOMPARE(received().size(), 0);
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("no file") << QStringList{} << u"give one FILE"_s;
        QTest::newRow("unknown profile") << QStringList{u"--profile"_s, u"Nope"_s, u"x.json"_s} << u"no profile named"_s;
        QTest::newRow("bad url") << QStringList{u"--base-url"_s, u"ftp://x"_s, u"x.json"_s} << u"http"_s;
        QTest::newRow("bad pixel") << QStringList{u"--pixel"_s, u"abc"_s, u"x.json"_s} << u"ixel"_s;
        QTest::newRow("bad normalizer") << QStringList{u"--normalizer"_s, u"ruby"_s, u"x.json"_s} << u"unknown normalizer"_s;
        QTest::newRow("unset token env") << QStringList{u"--token-env"_s, u"CAPIQA_SURELY_UNSET"_s, u"-"_s} << u"not set"_s;
    }
    void usageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const CliRun r = send(args, purchase());
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
    }

    void serveRejectsABadFaultSpec()
    {
        const CliRun r = runCli({u"serve"_s, u"--port"_s, u"0"_s, u"--faults"_s, u"500=2"_s});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("--faults"));
    }
};

QTEST_GUILESS_MAIN(TestCliSend)
#include "tst_cli_send.moc"
