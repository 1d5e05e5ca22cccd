#include "emulator/emulatordefaults.h"
#include "settings/appsettings.h"
#include "settings/profilestore.h"

#include <QtCore/QFile>
#include <QtCore/QSettings>
#include <QtCore/QStandardPaths>
#include <QtCore/QTemporaryDir>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <memory>

using namespace Qt::StringLiterals;
using capiqa::settings::AppSettings;
using capiqa::settings::Profile;
using capiqa::settings::ProfileStore;

namespace {

Profile sampleProfile(const QString &name = u"Shop staging"_s)
{
    Profile p;
    p.name = name;
    p.pixelId = u"987654321012345"_s;
    p.testEventCode = u"TEST12345"_s;
    p.normalizer = capiqa::pii::Profile::NodeSdk;
    return p;
}

} // namespace

class TestProfileStore : public QObject
{
    Q_OBJECT
private:
    // Each test gets its own INI file: never the user's real settings.
    std::unique_ptr<QTemporaryDir> m_dir;
    QString iniPath() const { return m_dir->filePath(u"capiqa.ini"_s); }
    std::unique_ptr<QSettings> openSettings() const
    {
        return std::make_unique<QSettings>(iniPath(), QSettings::IniFormat);
    }
    QByteArray iniBytes() const
    {
        QFile file(iniPath());
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }

    void firstRunCreatesLocalEmulatorAsDefault()
    {
        auto settings = openSettings();
        ProfileStore store(settings.get());
        QCOMPARE(store.names(), QStringList{u"Local emulator"_s});
        QCOMPARE(store.defaultProfileName(), u"Local emulator"_s);
        const Profile p = *store.defaultProfile();
        QCOMPARE(p.baseUrl, QString(capiqa::emulator::DefaultBaseUrl));
        QCOMPARE(p.apiVersion, u"v24.0"_s);
        QCOMPARE(p.pixelId, QString(capiqa::emulator::LocalPixelId));
        QCOMPARE(p.testEventCode, QString(capiqa::emulator::LocalTestEventCode));
        QCOMPARE(p.normalizer, capiqa::pii::Profile::Meta);
        QVERIFY(!p.production);
        QVERIFY(p.builtInEmulator);
        QVERIFY(p.usesEmulatorToken());
        QVERIFY(capiqa::settings::profileErrors(p).isEmpty());
        QCOMPARE(p.eventsUrl(), QUrl(u"http://127.0.0.1:8765/v24.0/1234567890/events"_s));
        // Written right away, so the next start does not count as a first run again.
        QVERIFY(iniBytes().contains("Local emulator"));
    }

    void removedLocalEmulatorStaysRemoved()
    {
        {
            auto settings = openSettings();
            ProfileStore store(settings.get());
            QVERIFY(store.remove(u"Local emulator"_s).ok());
            QVERIFY(store.profiles().isEmpty());
            QVERIFY(store.defaultProfileName().isEmpty());
        }
        auto settings = openSettings();
        ProfileStore store(settings.get());
        QVERIFY(store.profiles().isEmpty());
        QVERIFY(store.restoreLocalEmulator().ok());
        QCOMPARE(store.defaultProfileName(), u"Local emulator"_s);
        QVERIFY(!store.restoreLocalEmulator().ok()); // only one built-in profile
    }

    void emulatorTokenOnlyForLoopback()
    {
        Profile p = capiqa::settings::localEmulatorProfile();
        QVERIFY(p.usesEmulatorToken());
        p.baseUrl = u"http://localhost:9000"_s;
        QVERIFY(p.usesEmulatorToken());
        p.baseUrl = u"https://graph.facebook.com"_s;
        QVERIFY(!p.usesEmulatorToken()); // the dummy token never goes to Meta
        Profile user = sampleProfile();
        user.baseUrl = u"http://127.0.0.1:8765"_s;
        QVERIFY(!user.usesEmulatorToken());
    }

    void addUpdateRenameRemove()
    {
        auto settings = openSettings();
        ProfileStore store(settings.get());
        QSignalSpy changed(&store, &ProfileStore::profilesChanged);
        QSignalSpy defaultChanged(&store, &ProfileStore::defaultProfileChanged);
        QSignalSpy renamed(&store, &ProfileStore::profileRenamed);
        QSignalSpy removed(&store, &ProfileStore::profileRemoved);

        Profile p = sampleProfile(u"  Shop staging "_s);
        p.baseUrl = u"https://graph.facebook.com/"_s;
        QVERIFY(store.add(p).ok());
        QCOMPARE(changed.count(), 1);
        QCOMPARE(store.names(), (QStringList{u"Local emulator"_s, u"Shop staging"_s}));
        const Profile stored = *store.profile(u"Shop staging"_s);
        QCOMPARE(stored.baseUrl, u"https://graph.facebook.com"_s); // normalised
        QVERIFY(!stored.builtInEmulator);
        QVERIFY(stored.testMode());

        Profile edited = stored;
        edited.apiVersion = u"v23.0"_s;
        edited.hasAppSecret = true;
        QVERIFY(store.update(edited).ok());
        QCOMPARE(changed.count(), 2);
        QCOMPARE(store.profile(u"Shop staging"_s)->apiVersion, u"v23.0"_s);
        QVERIFY(store.update(edited).ok()); // unchanged: no signal
        QCOMPARE(changed.count(), 2);
        QVERIFY(!store.update(sampleProfile(u"Nope"_s)).ok());

        QVERIFY(store.setDefaultProfile(u"Shop staging"_s).ok());
        QCOMPARE(defaultChanged.count(), 1);
        QVERIFY(store.rename(u"Shop staging"_s, u"Shop prod"_s).ok());
        QCOMPARE(renamed.count(), 1);
        QCOMPARE(renamed.at(0).at(0).toString(), u"Shop staging"_s);
        QCOMPARE(renamed.at(0).at(1).toString(), u"Shop prod"_s);
        QCOMPARE(store.defaultProfileName(), u"Shop prod"_s); // the default follows the rename
        QCOMPARE(defaultChanged.count(), 2);
        QVERIFY(store.rename(u"Shop prod"_s, u"SHOP PROD"_s).ok()); // case-only rename is allowed
        QVERIFY(!store.rename(u"SHOP PROD"_s, u"local EMULATOR"_s).ok()); // clash ignoring case
        QVERIFY(!store.rename(u"SHOP PROD"_s, u"a/b"_s).ok());
        QVERIFY(!store.rename(u"Missing"_s, u"x"_s).ok());

        QVERIFY(store.remove(u"SHOP PROD"_s).ok());
        QCOMPARE(removed.count(), 1);
        QCOMPARE(removed.at(0).at(0).toString(), u"SHOP PROD"_s);
        QCOMPARE(store.defaultProfileName(), u"Local emulator"_s); // falls back to the first one
        QVERIFY(!store.remove(u"SHOP PROD"_s).ok());
    }

    void persistsAcrossInstances()
    {
        {
            auto settings = openSettings();
            ProfileStore store(settings.get());
            Profile p = sampleProfile();
            p.normalizer = capiqa::pii::Profile::PhpSdk;
            p.hasAppSecret = true;
            QVERIFY(store.add(p).ok());
            QVERIFY(store.setDefaultProfile(p.name).ok());
            QVERIFY(store.setProduction(p.name, true, p.pixelId).ok());
        }
        auto settings = openSettings();
        ProfileStore store(settings.get());
        QCOMPARE(store.names(), (QStringList{u"Local emulator"_s, u"Shop staging"_s}));
        QCOMPARE(store.defaultProfileName(), u"Shop staging"_s);
        Profile expected = sampleProfile();
        expected.normalizer = capiqa::pii::Profile::PhpSdk;
        expected.hasAppSecret = true;
        expected.production = true;
        QCOMPARE(*store.profile(u"Shop staging"_s), expected);
        QCOMPARE(*store.profile(u"Local emulator"_s), capiqa::settings::localEmulatorProfile());
    }

    void validationErrors_data()
    {
        QTest::addColumn<Profile>("profile");
        QTest::addColumn<QString>("fragment");
        auto with = [](auto change) {
            Profile p = sampleProfile();
            change(p);
            return p;
        };
        QTest::newRow("pixel letters") << with([](Profile &p) { p.pixelId = u"12ab"_s; }) << u"digits only"_s;
        QTest::newRow("pixel empty") << with([](Profile &p) { p.pixelId.clear(); }) << u"pixel id is missing"_s;
        QTest::newRow("version no v") << with([](Profile &p) { p.apiVersion = u"24.0"_s; }) << u"like v24.0"_s;
        QTest::newRow("version no minor") << with([](Profile &p) { p.apiVersion = u"v24"_s; }) << u"like v24.0"_s;
        QTest::newRow("url ftp") << with([](Profile &p) { p.baseUrl = u"ftp://example.com"_s; }) << u"http://"_s;
        QTest::newRow("url no scheme") << with([](Profile &p) { p.baseUrl = u"graph.facebook.com"_s; }) << u"https://"_s;
        QTest::newRow("url query") << with([](Profile &p) { p.baseUrl = u"https://x.test/?a=1"_s; }) << u"query"_s;
        QTest::newRow("name empty") << with([](Profile &p) { p.name = u"   "_s; }) << u"needs a name"_s;
        QTest::newRow("name slash") << with([](Profile &p) { p.name = u"a/b"_s; }) << u"must not contain"_s;
        QTest::newRow("no test code") << with([](Profile &p) { p.testEventCode.clear(); }) << u"test event code is required"_s;
        QTest::newRow("duplicate name") << with([](Profile &p) { p.name = u"LOCAL emulator"_s; }) << u"already exists"_s;
    }
    void validationErrors()
    {
        QFETCH(Profile, profile);
        QFETCH(QString, fragment);
        auto settings = openSettings();
        ProfileStore store(settings.get());
        QSignalSpy changed(&store, &ProfileStore::profilesChanged);
        const auto outcome = store.add(profile);
        QVERIFY(!outcome.ok());
        QVERIFY2(outcome.error.contains(fragment), qPrintable(outcome.error));
        QCOMPARE(changed.count(), 0);
        QCOMPARE(store.profiles().size(), 1);
    }

    void productionNeedsPixelIdConfirmation()
    {
        auto settings = openSettings();
        ProfileStore store(settings.get());
        Profile p = sampleProfile();
        p.production = true;
        QVERIFY(!store.add(p).ok()); // new profiles start in test mode
        p.production = false;
        QVERIFY(store.add(p).ok());

        Profile sneaky = p;
        sneaky.production = true;
        QVERIFY(!store.update(sneaky).ok()); // update cannot switch production on
        QVERIFY(store.profile(p.name)->testMode());

        const auto wrong = store.setProduction(p.name, true, u"123"_s);
        QVERIFY(!wrong.ok());
        QVERIFY2(wrong.error.contains(p.pixelId), qPrintable(wrong.error));
        QVERIFY(!store.setProduction(p.name, true).ok());
        QVERIFY(store.profile(p.name)->testMode());

        QSignalSpy changed(&store, &ProfileStore::profilesChanged);
        QVERIFY(store.setProduction(p.name, true, p.pixelId).ok());
        QCOMPARE(changed.count(), 1);
        QVERIFY(store.profile(p.name)->production);

        // A production profile may drop its test code, but not change the confirmed pixel.
        Profile prod = *store.profile(p.name);
        prod.testEventCode.clear();
        QVERIFY(store.update(prod).ok());
        prod.pixelId = u"111"_s;
        QVERIFY(!store.update(prod).ok());
        // Back to test mode needs no confirmation, but needs a test code again.
        QVERIFY(!store.setProduction(p.name, false).ok());
        prod.pixelId = p.pixelId;
        prod.testEventCode = u"TEST999"_s;
        QVERIFY(store.update(prod).ok());
        QVERIFY(store.setProduction(p.name, false).ok());
        QVERIFY(store.profile(p.name)->testMode());
    }

    void tokenNeverWrittenToIni()
    {
        {
            auto settings = openSettings();
            ProfileStore store(settings.get());
            AppSettings app(settings.get());
            Profile p = sampleProfile();
            p.hasAppSecret = true;
            QVERIFY(store.add(p).ok());
            QVERIFY(store.setProduction(p.name, true, p.pixelId).ok());
            app.addRecentFile(u"/tmp/funnel.json"_s);
        }
        const QByteArray bytes = iniBytes();
        QVERIFY(!bytes.isEmpty());
        QVERIFY(bytes.contains("987654321012345")); // the file is the one written
        QVERIFY(!bytes.contains(capiqa::emulator::LocalAccessToken.latin1()));
        const QByteArray lower = bytes.toLower();
        QVERIFY(!lower.contains("access_token"));
        QVERIFY(!lower.contains("accesstoken"));
        QVERIFY(!lower.contains("app_secret"));
        QVERIFY(!lower.contains("token="));
    }

    void unknownNormalizerFallsBackToMeta()
    {
        {
            QSettings raw(iniPath(), QSettings::IniFormat);
            raw.setValue(u"profileStore/schema"_s, 1);
            raw.beginWriteArray(u"profiles"_s);
            raw.setArrayIndex(0);
            raw.setValue(u"name"_s, u"Edited"_s);
            raw.setValue(u"pixelId"_s, u"42"_s);
            raw.setValue(u"testEventCode"_s, u"TEST1"_s);
            raw.setValue(u"normalizer"_s, u"ruby-sdk"_s);
            raw.setArrayIndex(1);
            raw.setValue(u"name"_s, u"edited"_s); // duplicate ignoring case: skipped
            raw.endArray();
        }
        auto settings = openSettings();
        ProfileStore store(settings.get());
        QCOMPARE(store.names(), QStringList{u"Edited"_s});
        QCOMPARE(store.profile(u"Edited"_s)->normalizer, capiqa::pii::Profile::Meta);
        QCOMPARE(store.defaultProfileName(), u"Edited"_s);
    }

    void recentFilesBoundedAndDeduplicated()
    {
        {
            auto settings = openSettings();
            AppSettings app(settings.get());
            QVERIFY(app.recentFiles().isEmpty());
            for (int i = 0; i < 15; ++i)
                app.addRecentFile(u"/data/capture-%1.har"_s.arg(i));
            QCOMPARE(app.recentFiles().size(), AppSettings::MaxRecentFiles);
            QCOMPARE(app.recentFiles().constFirst(), u"/data/capture-14.har"_s);
            QCOMPARE(app.recentFiles().constLast(), u"/data/capture-5.har"_s);
            app.addRecentFile(u"/data/./capture-9.har"_s); // same file, other spelling
            QCOMPARE(app.recentFiles().size(), AppSettings::MaxRecentFiles);
            QCOMPARE(app.recentFiles().constFirst(), u"/data/capture-9.har"_s);
            QCOMPARE(app.recentFiles().count(u"/data/capture-9.har"_s), 1);
            app.addRecentFile(u"  "_s);
            QCOMPARE(app.recentFiles().size(), AppSettings::MaxRecentFiles);
            app.removeRecentFile(u"/data/capture-14.har"_s);
            QCOMPARE(app.recentFiles().size(), AppSettings::MaxRecentFiles - 1);
        }
        auto settings = openSettings();
        AppSettings app(settings.get());
        QCOMPARE(app.recentFiles().constFirst(), u"/data/capture-9.har"_s);
        QCOMPARE(app.recentFiles().size(), AppSettings::MaxRecentFiles - 1);
        app.clearRecentFiles();
        QVERIFY(app.recentFiles().isEmpty());
    }

    void appSettingsRoundTrip()
    {
        const QByteArray blob("\x01\x00\xffgeometry", 11);
        {
            auto settings = openSettings();
            AppSettings app(settings.get());
            QVERIFY(app.testModeByDefault());
            QVERIFY(app.lastPage().isEmpty());
            app.setLastPage(u"composer"_s);
            app.setWindowGeometry(blob);
            app.setWindowState(QByteArray("state"));
            app.setTestModeByDefault(false);
        }
        auto settings = openSettings();
        AppSettings app(settings.get());
        QCOMPARE(app.lastPage(), u"composer"_s);
        QCOMPARE(app.windowGeometry(), blob);
        QCOMPARE(app.windowState(), QByteArray("state"));
        QVERIFY(!app.testModeByDefault());
    }
};

QTEST_GUILESS_MAIN(TestProfileStore)
#include "tst_profilestore.moc"
