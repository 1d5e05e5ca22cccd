#include "emulator/emulatordefaults.h"
#include "settings/preferences.h"
#include "transport/sendoptions.h"

#include <QtCore/QFile>
#include <QtCore/QSettings>
#include <QtCore/QTemporaryDir>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <limits>
#include <memory>

using namespace Qt::StringLiterals;
using capiqa::settings::Preferences;
using Values = capiqa::settings::Preferences::Values;

class TestPreferences : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString iniPath() const { return m_dir->filePath(u"capiqa.ini"_s); }
    std::unique_ptr<QSettings> openSettings() const
    {
        return std::make_unique<QSettings>(iniPath(), QSettings::IniFormat);
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }

    void defaults()
    {
        auto settings = openSettings();
        Preferences prefs(settings.get());
        QCOMPARE(prefs.defaultNormalizer(), capiqa::pii::Profile::Meta);
        QCOMPARE(prefs.defaultApiVersion(), u"v24.0"_s);
        QCOMPARE(prefs.timeoutMs(), 1500);
        QCOMPARE(prefs.retries(), 3);
        QCOMPARE(prefs.concurrency(), 4);
        QCOMPARE(prefs.eventsPerSecond(), 0.0);
        QCOMPARE(prefs.emulatorPort(), capiqa::emulator::DefaultPort);
        QCOMPARE(prefs.emulatorFaults(), QString());
        QVERIFY(prefs.emulatorFaultSpec().isEmpty());
        QVERIFY(prefs.emulatorAutostart());
        QCOMPARE(prefs.values(), Values{});
    }

    void settersPersistAndSignal()
    {
        {
            auto settings = openSettings();
            Preferences prefs(settings.get());
            QSignalSpy changed(&prefs, &Preferences::changed);
            QVERIFY(prefs.setDefaultNormalizer(capiqa::pii::Profile::PhpSdk).ok());
            QVERIFY(prefs.setDefaultApiVersion(u" v23.0 "_s).ok());
            QVERIFY(prefs.setTimeoutMs(5000).ok());
            QVERIFY(prefs.setRetries(0).ok());
            QVERIFY(prefs.setConcurrency(16).ok());
            QVERIFY(prefs.setEventsPerSecond(12.5).ok());
            QVERIFY(prefs.setEmulatorPort(9100).ok());
            QVERIFY(prefs.setEmulatorFaults(u"503=0.1,seed=7"_s).ok());
            QVERIFY(prefs.setEmulatorAutostart(false).ok());
            QCOMPARE(changed.count(), 9);
            // Setting a value it already has is not a change.
            QVERIFY(prefs.setTimeoutMs(5000).ok());
            QCOMPARE(changed.count(), 9);
        }
        auto settings = openSettings();
        Preferences prefs(settings.get());
        Values expected;
        expected.defaultNormalizer = capiqa::pii::Profile::PhpSdk;
        expected.defaultApiVersion = u"v23.0"_s;
        expected.timeoutMs = 5000;
        expected.retries = 0;
        expected.concurrency = 16;
        expected.eventsPerSecond = 12.5;
        expected.emulatorPort = 9100;
        expected.emulatorFaults = u"503=0.1,seed=7"_s;
        expected.emulatorAutostart = false;
        QCOMPARE(prefs.values(), expected);
        QCOMPARE(prefs.emulatorPort(), quint16(9100));
        QCOMPARE(prefs.emulatorFaultSpec().http503, 0.1);
        QCOMPARE(prefs.emulatorFaultSpec().seed, 7u);
    }

    void invalidValuesAreRefusedWithASentence_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("needle");
        QTest::newRow("timeout low") << u"timeout:50"_s << u"timeout"_s;
        QTest::newRow("timeout high") << u"timeout:600001"_s << u"timeout"_s;
        QTest::newRow("retries negative") << u"retries:-1"_s << u"retries"_s;
        QTest::newRow("retries high") << u"retries:11"_s << u"retries"_s;
        QTest::newRow("concurrency zero") << u"concurrency:0"_s << u"concurrent"_s;
        QTest::newRow("concurrency high") << u"concurrency:65"_s << u"concurrent"_s;
        QTest::newRow("rate negative") << u"rate:-1"_s << u"rate limit"_s;
        QTest::newRow("rate huge") << u"rate:1e9"_s << u"rate limit"_s;
        QTest::newRow("port zero") << u"port:0"_s << u"port"_s;
        QTest::newRow("port high") << u"port:70000"_s << u"port"_s;
        QTest::newRow("faults") << u"faults:503=2"_s << u"503"_s;
        QTest::newRow("faults key") << u"faults:bogus=0.1"_s << u"bogus"_s;
        QTest::newRow("api version") << u"api:24.0"_s << u"API version"_s;
    }

    void invalidValuesAreRefusedWithASentence()
    {
        QFETCH(QString, field);
        QFETCH(QString, needle);
        auto settings = openSettings();
        Preferences prefs(settings.get());
        QSignalSpy changed(&prefs, &Preferences::changed);
        const QString kind = field.section(u':', 0, 0);
        const QString value = field.section(u':', 1);
        capiqa::settings::Outcome outcome;
        if (kind == u"timeout"_s)
            outcome = prefs.setTimeoutMs(value.toInt());
        else if (kind == u"retries"_s)
            outcome = prefs.setRetries(value.toInt());
        else if (kind == u"concurrency"_s)
            outcome = prefs.setConcurrency(value.toInt());
        else if (kind == u"rate"_s)
            outcome = prefs.setEventsPerSecond(value.toDouble());
        else if (kind == u"port"_s)
            outcome = prefs.setEmulatorPort(value.toInt());
        else if (kind == u"faults"_s)
            outcome = prefs.setEmulatorFaults(value);
        else if (kind == u"api"_s)
            outcome = prefs.setDefaultApiVersion(value);
        else
            QFAIL("unknown field");
        QVERIFY(!outcome.ok());
        QVERIFY2(outcome.error.contains(needle, Qt::CaseInsensitive), qPrintable(outcome.error));
        QVERIFY(outcome.error.endsWith(u'.'));
        QCOMPARE(changed.count(), 0);
        QCOMPARE(prefs.values(), Values{});
    }

    void notANumberRateIsRefused()
    {
        QVERIFY(!Preferences::eventsPerSecondError(std::numeric_limits<double>::quiet_NaN()).isEmpty());
        QVERIFY(!Preferences::eventsPerSecondError(std::numeric_limits<double>::infinity()).isEmpty());
    }

    void applyIsAllOrNothingWithOneSignal()
    {
        auto settings = openSettings();
        Preferences prefs(settings.get());
        QSignalSpy changed(&prefs, &Preferences::changed);

        Values bad;
        bad.timeoutMs = 3000;
        bad.retries = 99;
        bad.emulatorFaults = u"drop=x"_s;
        const capiqa::settings::Outcome refused = prefs.apply(bad);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error.contains(u"retries"_s) && refused.error.contains(u"drop"_s), qPrintable(refused.error));
        QCOMPARE(prefs.timeoutMs(), 1500); // the valid part was not applied either
        QCOMPARE(changed.count(), 0);

        Values good;
        good.timeoutMs = 3000;
        good.concurrency = 2;
        good.emulatorFaults = u" drop=0.02 "_s;
        QVERIFY(prefs.apply(good).ok());
        QCOMPARE(changed.count(), 1);
        QCOMPARE(prefs.timeoutMs(), 3000);
        QCOMPARE(prefs.concurrency(), 2);
        QCOMPARE(prefs.emulatorFaults(), u"drop=0.02"_s);
        QVERIFY(prefs.apply(good).ok());
        QCOMPARE(changed.count(), 1);
    }

    void handEditedJunkFallsBackToDefaults()
    {
        {
            QFile file(iniPath());
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("[send]\nnormalizer=perl-sdk\ndefaultApiVersion=latest\ntimeoutMs=abc\nretries=-4\n"
                       "concurrency=1000\neventsPerSecond=fast\n[emulator]\nport=99999\nfaults=503=7\n"
                       "autostart=false\n");
        }
        auto settings = openSettings();
        Preferences prefs(settings.get());
        Values expected;
        expected.emulatorAutostart = false; // the one valid entry is kept
        QCOMPARE(prefs.values(), expected);
    }

    void appliesToSendOptions()
    {
        auto settings = openSettings();
        Preferences prefs(settings.get());
        QVERIFY(prefs.setTimeoutMs(2500).ok());
        QVERIFY(prefs.setRetries(5).ok());
        capiqa::transport::SendOptions options;
        prefs.applyTo(options);
        QCOMPARE(options.timeoutMs, 2500);
        QCOMPARE(options.retry.maxRetries, 5);
    }
};

QTEST_GUILESS_MAIN(TestPreferences)
#include "tst_preferences.moc"
