#include "emulator/emulatordefaults.h"
#include "settings/secretstore.h"
#include "settingstestutil.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QDirIterator>
#include <QtCore/QFile>
#include <QtCore/QStandardPaths>
#include <QtCore/QTemporaryDir>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using capiqa::settings::Profile;
using capiqa::settings::SecretKind;
using capiqa::settings::SecretRequest;
using capiqa::settings::SecretResult;
using capiqa::settings::SecretSource;
using capiqa::settings::SecretStore;

namespace {

// Every wait is bounded: a keychain job may hang (no GLib loop for libsecret), and the store's
// own timeout (kept short here) must turn that into an answer well within this.
constexpr int WaitMs = 10000;

Profile userProfile()
{
    Profile p;
    p.name = u"Shop staging"_s;
    p.pixelId = u"987654321012345"_s;
    p.testEventCode = u"TEST12345"_s;
    return p;
}

} // namespace

class TestSecretStore : public QObject
{
    Q_OBJECT
public:
    explicit TestSecretStore(QString home)
        : m_home(std::move(home))
    {
    }

private:
    QString m_home;

    // Its own service name, so a run on a desktop could never touch the user's "capiqa" entries.
    static void configure(SecretStore &store) { store.setTimeout(3s); }

    static SecretResult waitFor(SecretRequest *request)
    {
        SecretResult result;
        bool done = false;
        QObject context;
        QObject::connect(request, &SecretRequest::finished, &context, [&](const SecretResult &r) {
            result = r;
            done = true;
        });
        if (!QTest::qWaitFor([&] { return done; }, WaitMs))
            result.error = u"TEST: request did not finish"_s;
        return result;
    }

    bool homeContains(const QByteArray &needle) const { return capiqa::test::treeContains(m_home, needle); }

private Q_SLOTS:
    void init()
    {
        qunsetenv("CAPIQA_ACCESS_TOKEN");
        qunsetenv("CAPIQA_APP_SECRET");
    }

    void keysAndNames()
    {
        QCOMPARE(SecretStore::keyFor(u"Shop staging"_s, SecretKind::AccessToken), u"profile/Shop staging/access_token"_s);
        QCOMPARE(SecretStore::keyFor(u"x"_s, SecretKind::AppSecret), u"profile/x/app_secret"_s);
        QCOMPARE(SecretStore().service(), u"capiqa"_s);
        QCOMPARE(capiqa::settings::secretEnvName(SecretKind::AccessToken), u"CAPIQA_ACCESS_TOKEN"_s);
        QCOMPARE(capiqa::settings::secretEnvName(SecretKind::AppSecret), u"CAPIQA_APP_SECRET"_s);
    }

    void resolveTokenFromEnv()
    {
        QVERIFY(!SecretStore::resolveTokenFromEnv().has_value());
        qputenv("CAPIQA_ACCESS_TOKEN", "  EAAB-token\n");
        QCOMPARE(SecretStore::resolveTokenFromEnv().value_or(QString()), u"EAAB-token"_s);
        qputenv("CAPIQA_ACCESS_TOKEN", "   ");
        QVERIFY(!SecretStore::resolveTokenFromEnv().has_value());
        qputenv("MY_TOKEN", "other");
        QCOMPARE(SecretStore::resolveTokenFromEnv(u"MY_TOKEN"_s).value_or(QString()), u"other"_s);
        qunsetenv("MY_TOKEN");
    }

    void localEmulatorTokenNeedsNoKeychain()
    {
        SecretStore store(u"capiqa-test"_s);
        configure(store);
        const Profile local = capiqa::settings::localEmulatorProfile();
        SecretRequest *request = store.readSecret(local, SecretKind::AccessToken);
        QVERIFY(!request->isFinished()); // answers arrive after the caller could connect
        QSignalSpy spy(request, &SecretRequest::finished);
        QVERIFY(spy.wait(WaitMs));
        const auto result = spy.at(0).at(0).value<SecretResult>();
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.value, QString(capiqa::emulator::LocalAccessToken));
        QCOMPARE(result.source, SecretSource::BuiltIn);
        QVERIFY(store.backendNote().isEmpty()); // the keychain was never asked

        const SecretResult sync = SecretStore::resolveWithoutKeychain(local, SecretKind::AccessToken);
        QCOMPARE(sync.value, QString(capiqa::emulator::LocalAccessToken));
        // Pointed away from loopback, the dummy token no longer applies.
        Profile moved = local;
        moved.baseUrl = u"https://graph.facebook.com"_s;
        QVERIFY(!SecretStore::resolveWithoutKeychain(moved, SecretKind::AccessToken).ok());
    }

    void readFallsBackToEnvironment()
    {
        qputenv("CAPIQA_ACCESS_TOKEN", "env-token-123\n");
        SecretStore store(u"capiqa-test"_s);
        configure(store);
        QSignalSpy noteChanged(&store, &SecretStore::backendNoteChanged);
        const SecretResult result = waitFor(store.readSecret(userProfile(), SecretKind::AccessToken));
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.value, u"env-token-123"_s);
        QCOMPARE(result.source, SecretSource::Environment);
        QCOMPARE(result.profile, u"Shop staging"_s);
        QVERIFY2(result.note.contains(u"No OS keychain available; using CAPIQA_ACCESS_TOKEN from the environment"_s),
                 qPrintable(result.note));
        QVERIFY(store.backendNote().contains(u"No OS keychain available"_s));
        QVERIFY(store.backendNote().contains(u"CAPIQA_ACCESS_TOKEN"_s));
        QVERIFY(noteChanged.count() >= 1);
        qInfo().noquote() << "backend note:" << store.backendNote();
    }

    void appSecretFallsBackToItsOwnVariable()
    {
        qputenv("CAPIQA_ACCESS_TOKEN", "not-this-one");
        qputenv("CAPIQA_APP_SECRET", "app-secret-456");
        SecretStore store(u"capiqa-test"_s);
        configure(store);
        const SecretResult result = waitFor(store.readSecret(userProfile(), SecretKind::AppSecret));
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.value, u"app-secret-456"_s);
        QVERIFY(result.note.contains(u"CAPIQA_APP_SECRET"_s));
    }

    void readWithoutKeychainOrEnvironmentFails()
    {
        SecretStore store(u"capiqa-test"_s);
        configure(store);
        const SecretResult result = waitFor(store.readSecret(userProfile(), SecretKind::AccessToken));
        QVERIFY(!result.ok());
        QVERIFY(result.value.isEmpty());
        QVERIFY2(result.error.contains(u"CAPIQA_ACCESS_TOKEN is not set"_s), qPrintable(result.error));
    }

    void writeFailsAndNothingLandsOnDisk()
    {
        const QByteArray secret = "EAAB-very-secret-token-for-tst-secretstore";
        SecretStore store(u"capiqa-test"_s);
        configure(store);
        const SecretResult result = waitFor(store.writeSecret(u"Shop staging"_s, SecretKind::AccessToken,
                                                              QString::fromLatin1(secret)));
        QVERIFY(!result.ok());
        QVERIFY2(result.error.contains(u"no OS keychain is available"_s), qPrintable(result.error));
        QVERIFY(result.error.contains(u"never writes secrets to disk"_s));
        QVERIFY(result.error.contains(u"CAPIQA_ACCESS_TOKEN"_s));
        QVERIFY(store.keychainUnavailable() || !store.backendNote().isEmpty());
        // Not in the private HOME (where QtKeychain's insecure fallback or QSettings would write).
        QVERIFY(!homeContains(secret));
        QVERIFY(!homeContains("very-secret"));

        // Invalid input fails before any keychain work.
        QVERIFY(!waitFor(store.writeSecret(u"Shop staging"_s, SecretKind::AccessToken, u"  "_s)).ok());
        QVERIFY(!waitFor(store.writeSecret(u"a/b"_s, SecretKind::AccessToken, u"x"_s)).ok());
    }

    void removeAndMoveSucceedWithNothingStored()
    {
        SecretStore store(u"capiqa-test"_s);
        configure(store);
        // Learn first that there is no keychain (the first job may have to time out).
        (void)waitFor(store.readSecret(userProfile(), SecretKind::AccessToken));
        QVERIFY(!store.backendNote().isEmpty());

        const SecretResult removed = waitFor(store.removeSecrets(u"Shop staging"_s));
        QVERIFY2(removed.ok(), qPrintable(removed.error));
        QCOMPARE(removed.operation, SecretResult::Operation::Delete);
        QVERIFY(!removed.note.isEmpty());
        const SecretResult moved = waitFor(store.moveSecrets(u"Shop staging"_s, u"Shop prod"_s));
        QVERIFY2(moved.ok(), qPrintable(moved.error));
        QCOMPARE(moved.operation, SecretResult::Operation::Move);
    }

    void hungKeychainIsBounded()
    {
        // With QT_NO_GLIB=1 (the tst_secretstore_noglib CTest entry) libsecret never answers:
        // the store's timeout must answer instead, and the process remembers it.
        if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
            QSKIP("only meaningful without the GLib event dispatcher");
        SecretStore store(u"capiqa-test"_s);
        QVERIFY(store.keychainUnavailable()); // an earlier test already saw it hang
        QVERIFY(store.backendNote().isEmpty());
        qputenv("CAPIQA_ACCESS_TOKEN", "env-token");
        QElapsedTimer timer;
        timer.start();
        const SecretResult result = waitFor(store.readSecret(userProfile(), SecretKind::AccessToken));
        QVERIFY(timer.elapsed() < 1000); // skipped the keychain altogether
        QCOMPARE(result.source, SecretSource::Environment);
        QVERIFY(store.backendNote().contains(u"did not answer"_s));
    }
};

int main(int argc, char **argv)
{
    // Hermetic whatever the machine: no secret service, and a private HOME to search for leaks.
    QTemporaryDir home;
    if (!home.isValid())
        return 1;
    capiqa::test::isolateFromKeychain(home);

    QCoreApplication app(argc, argv);
    TestSecretStore test(home.path());
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_secretstore.moc"
