#include "settings/profilelistmodel.h"
#include "settings/profilestore.h"
#include "settings/secretlink.h"
#include "settings/secretstore.h"
#include "settingstestutil.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QSettings>
#include <QtCore/QTemporaryDir>
#include <QtTest/QAbstractItemModelTester>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using capiqa::settings::Profile;
using capiqa::settings::ProfileListModel;
using capiqa::settings::ProfileStore;
using capiqa::settings::SecretRequest;
using capiqa::settings::SecretResult;
using capiqa::settings::SecretStore;

namespace {

using capiqa::test::shopProfile;
// The unfinished requests of `store`, as (operation, profile) facts.
QList<std::pair<SecretResult::Operation, QString>> pending(const SecretStore &store)
{
    QList<std::pair<SecretResult::Operation, QString>> result;
    const auto requests = store.findChildren<SecretRequest *>();
    for (const SecretRequest *r : requests) {
        if (!r->isFinished())
            result.append({r->result().operation, r->result().profile});
    }
    return result;
}

} // namespace

class TestProfileListModel : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_settings;

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_settings = std::make_unique<QSettings>(m_dir->filePath(u"capiqa.ini"_s), QSettings::IniFormat);
    }

    void followsTheStore()
    {
        ProfileStore store(m_settings.get());
        ProfileListModel model(&store);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);

        QCOMPARE(model.rowCount(), 1);
        QModelIndex local = model.index(0);
        QCOMPARE(local.data().toString(), u"Local emulator"_s);
        QVERIFY(local.data(ProfileListModel::IsDefaultRole).toBool());
        QVERIFY(local.data(ProfileListModel::BuiltInEmulatorRole).toBool());
        QVERIFY(!local.data(ProfileListModel::IsProductionRole).toBool());
        QCOMPARE(local.data(ProfileListModel::TestEventCodeRole).toString(), u"TEST_CAPIQA"_s);
        QVERIFY(local.data(ProfileListModel::ErrorsRole).toString().isEmpty());

        QVERIFY(store.add(shopProfile()).ok());
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.rowOf(u"Shop"), 1);
        QCOMPARE(model.nameAt(1), u"Shop"_s);
        QCOMPARE(model.nameAt(2), QString());
        QCOMPARE(model.rowOf(u"nope"), -1);

        QSignalSpy dataChanged(&model, &QAbstractItemModel::dataChanged);
        QVERIFY(store.setDefaultProfile(u"Shop"_s).ok());
        QCOMPARE(dataChanged.count(), 2); // the old default's row and the new one's
        QVERIFY(!model.index(0).data(ProfileListModel::IsDefaultRole).toBool());
        QVERIFY(model.index(1).data(ProfileListModel::IsDefaultRole).toBool());

        QVERIFY(store.setProduction(u"Shop"_s, true, u"987654321012345").ok());
        QVERIFY(model.index(1).data(ProfileListModel::IsProductionRole).toBool());
        QCOMPARE(model.index(1).data(ProfileListModel::PixelIdRole).toString(), u"987654321012345"_s);

        QVERIFY(store.rename(u"Shop"_s, u"Shop live"_s).ok());
        QCOMPARE(model.nameAt(1), u"Shop live"_s);
        QVERIFY(model.index(1).data(ProfileListModel::IsDefaultRole).toBool());

        // Removing the default moves it to the first profile, announced before the list changes.
        QVERIFY(store.remove(u"Shop live"_s).ok());
        QCOMPARE(model.rowCount(), 1);
        QVERIFY(model.index(0).data(ProfileListModel::IsDefaultRole).toBool());
        QVERIFY(store.remove(u"Local emulator"_s).ok());
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(store.restoreLocalEmulator().ok());
        QCOMPARE(model.rowCount(), 1);
    }

    void invalidProfilesCarryTheirErrors()
    {
        m_settings->beginWriteArray(u"profiles"_s, 1);
        m_settings->setArrayIndex(0);
        m_settings->setValue(u"name"_s, u"Broken"_s);
        m_settings->setValue(u"pixelId"_s, u"abc"_s);
        m_settings->endArray();
        m_settings->setValue(u"profileStore/schema"_s, 1);
        ProfileStore store(m_settings.get());
        ProfileListModel model(&store);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 1);
        const QString errors = model.index(0).data(ProfileListModel::ErrorsRole).toString();
        QVERIFY2(errors.contains(u"pixel id"_s), qPrintable(errors));
    }

    void secretsFollowRenameAndRemove()
    {
        ProfileStore store(m_settings.get());
        SecretStore linked(u"capiqa-test-link"_s);
        linked.setTimeout(3s);
        SecretStore unlinked(u"capiqa-test-unlinked"_s);
        int failures = 0;
        capiqa::settings::linkSecretsToProfiles(&store, &linked, [&failures](const SecretResult &) { ++failures; });

        QVERIFY(store.add(shopProfile()).ok());
        QVERIFY(pending(linked).isEmpty());

        QVERIFY(store.rename(u"Shop"_s, u"Shop EU"_s).ok());
        QVERIFY(pending(linked).contains(std::pair{SecretResult::Operation::Move, u"Shop"_s}));
        QVERIFY(pending(unlinked).isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(pending(linked).isEmpty(), 10000);

        QVERIFY(store.remove(u"Shop EU"_s).ok());
        QVERIFY(pending(linked).contains(std::pair{SecretResult::Operation::Delete, u"Shop EU"_s}));
        QTRY_VERIFY_WITH_TIMEOUT(pending(linked).isEmpty(), 10000);
        // Without a keychain nothing can have been stored, so moving and deleting succeed.
        QCOMPARE(failures, 0);
    }
};

int main(int argc, char **argv)
{
    // No secret service, so the test never touches a real keychain.
    QTemporaryDir home;
    if (!home.isValid())
        return 1;
    capiqa::test::isolateFromKeychain(home);
    QCoreApplication app(argc, argv);
    TestProfileListModel test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_profilelistmodel.moc"
