#include "dialogs/productiondialog.h"
#include "dialogs/profilespage.h"
#include "dialogs/secretfield.h"
#include "dialogs/settingsdialog.h"
#include "settings/preferences.h"
#include "settings/profilelistmodel.h"
#include "settings/profilestore.h"
#include "settings/secretstore.h"
#include "settingstestutil.h"

#include <QtCore/QDir>
#include <QtCore/QSettings>
#include <QtCore/QTemporaryDir>
#include <QtTest/QAbstractItemModelTester>
#include <QtTest/QTest>
#include <QtWidgets/QApplication>
#include <QtWidgets/QCheckBox>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QDialogButtonBox>
#include <QtWidgets/QDoubleSpinBox>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QListView>
#include <QtWidgets/QMessageBox>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSpinBox>
#include <QtWidgets/QTabWidget>

#include <memory>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using capiqa::gui::ProductionDialog;
using capiqa::gui::ProfilesPage;
using capiqa::gui::SettingsDialog;
using capiqa::settings::Preferences;
using capiqa::settings::Profile;
using capiqa::settings::ProfileStore;
using capiqa::settings::SecretStore;
using capiqa::test::shopProfile;

namespace {

constexpr int WaitMs = 10000;
const QString ShopPixel = capiqa::test::shopProfile().pixelId;

// Replaces a line edit's text the way a user does: select all, type.
void retype(QLineEdit *edit, const QString &text)
{
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Backspace);
    QTest::keyClicks(edit, text);
}

bool shownError(const QLabel *label)
{
    return !label->isHidden() && !label->text().isEmpty();
}

} // namespace

class TestSettingsDialog : public QObject
{
    Q_OBJECT
public:
    explicit TestSettingsDialog(QString home)
        : m_home(std::move(home))
    {
    }

private:
    QString m_home;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<ProfileStore> m_profiles;
    std::unique_ptr<SecretStore> m_secrets;
    std::unique_ptr<Preferences> m_prefs;
    std::unique_ptr<SettingsDialog> m_dialog;

    QString iniPath() const { return m_dir->filePath(u"capiqa.ini"_s); }

    template<typename T>
    T *child(const QString &name) const
    {
        T *widget = m_dialog->findChild<T *>(name);
        if (!widget)
            qFatal("no child %s", qPrintable(name));
        return widget;
    }
    QLineEdit *edit(const QString &name) const { return child<QLineEdit>(name); }
    QPushButton *button(const QString &name) const { return child<QPushButton>(name); }
    QLabel *label(const QString &name) const { return child<QLabel>(name); }
    QPushButton *dialogButton(QDialogButtonBox::StandardButton which) const
    {
        return child<QDialogButtonBox>(u"buttons"_s)->button(which);
    }
    ProfilesPage *page() const { return m_dialog->profilesPage(); }

    void openDialog()
    {
        m_dialog = std::make_unique<SettingsDialog>(m_profiles.get(), m_secrets.get(), m_prefs.get());
        m_dialog->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_dialog.get()));
    }

    // Letters with a mnemonic among the visible labels and buttons of `root`.
    static QStringList mnemonics(const QWidget *root)
    {
        QStringList letters;
        auto take = [&letters](const QString &text) {
            const qsizetype amp = text.indexOf(u'&');
            if (amp >= 0 && amp + 1 < text.size() && text.at(amp + 1) != u'&')
                letters << text.at(amp + 1).toLower();
        };
        for (const QLabel *l : root->findChildren<QLabel *>()) {
            if (l->isVisibleTo(root) && l->buddy())
                take(l->text());
        }
        for (const QAbstractButton *b : root->findChildren<QAbstractButton *>()) {
            if (b->isVisibleTo(root))
                take(b->text());
        }
        return letters;
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_settings = std::make_unique<QSettings>(iniPath(), QSettings::IniFormat);
        m_profiles = std::make_unique<ProfileStore>(m_settings.get());
        m_secrets = std::make_unique<SecretStore>(u"capiqa-test-settingsdialog"_s);
        m_secrets->setTimeout(3s);
        m_prefs = std::make_unique<Preferences>(m_settings.get());
    }

    void cleanup()
    {
        m_dialog.reset();
        m_prefs.reset();
        m_secrets.reset();
        m_profiles.reset();
        m_settings.reset();
    }

    void opensOnTheDefaultProfile()
    {
        QVERIFY(m_profiles->add(shopProfile()).ok());
        openDialog();
        auto *list = child<QListView>(u"profileList"_s);
        QAbstractItemModelTester tester(list->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(list->model()->rowCount(), 2);
        QCOMPARE(list->model()->index(0, 0).data().toString(), u"Local emulator  (default)"_s);
        QCOMPARE(list->currentIndex().row(), 0);
        QCOMPARE(edit(u"nameEdit"_s)->text(), u"Local emulator"_s);
        QCOMPARE(edit(u"pixelIdEdit"_s)->text(), u"1234567890"_s);
        QCOMPARE(label(u"modeBadge"_s)->text(), u"TEST MODE · code TEST_CAPIQA"_s);
        QVERIFY(!button(u"defaultButton"_s)->isEnabled()); // already the default
        QVERIFY(!button(u"restoreButton"_s)->isEnabled()); // the emulator profile exists

        list->setCurrentIndex(list->model()->index(1, 0));
        QCOMPARE(page()->currentProfileName(), u"Shop"_s);
        QCOMPARE(edit(u"testCodeEdit"_s)->text(), u"TEST12345"_s);
        QTest::mouseClick(button(u"defaultButton"_s), Qt::LeftButton);
        QCOMPARE(m_profiles->defaultProfileName(), u"Shop"_s);
        QCOMPARE(list->model()->index(1, 0).data().toString(), u"Shop  (default)"_s);
        QVERIFY(!button(u"defaultButton"_s)->isEnabled());
    }

    void addsAProfile()
    {
        QVERIFY(m_prefs->setDefaultNormalizer(capiqa::pii::Profile::PythonSdk).ok());
        QVERIFY(m_prefs->setDefaultApiVersion(u"v23.0"_s).ok());
        openDialog();
        QTest::mouseClick(button(u"addButton"_s), Qt::LeftButton);
        QVERIFY(page()->hasUnsavedChanges());
        QVERIFY(!child<QListView>(u"profileList"_s)->isEnabled()); // edits cannot be lost by a click
        QCOMPARE(edit(u"nameEdit"_s)->text(), u"New profile"_s);
        QCOMPARE(edit(u"apiVersionEdit"_s)->text(), u"v23.0"_s);
        QVERIFY(shownError(label(u"pixelIdError"_s)));
        QVERIFY(shownError(label(u"testCodeError"_s)));
        QVERIFY(!button(u"saveButton"_s)->isEnabled());
        QVERIFY(!button(u"productionButton"_s)->isEnabled());

        QTest::keyClicks(edit(u"nameEdit"_s), u"Shop staging"_s); // the name was selected: replaced
        QTest::keyClicks(edit(u"pixelIdEdit"_s), ShopPixel);
        QTest::keyClicks(edit(u"testCodeEdit"_s), u"TEST777"_s);
        QVERIFY(!shownError(label(u"pixelIdError"_s)));
        QVERIFY(button(u"saveButton"_s)->isEnabled());
        QTest::mouseClick(button(u"saveButton"_s), Qt::LeftButton);

        const auto added = m_profiles->profile(u"Shop staging");
        QVERIFY(added.has_value());
        QCOMPARE(added->pixelId, ShopPixel);
        QCOMPARE(added->testEventCode, u"TEST777"_s);
        QCOMPARE(added->apiVersion, u"v23.0"_s);
        QCOMPARE(added->normalizer, capiqa::pii::Profile::PythonSdk);
        QVERIFY(!added->production);
        QVERIFY(!page()->hasUnsavedChanges());
        QCOMPARE(page()->currentProfileName(), u"Shop staging"_s);
        QVERIFY(child<QListView>(u"profileList"_s)->isEnabled());
        QCOMPARE(label(u"statusLabel"_s)->text(), u"Added “Shop staging”."_s);
    }

    void validatesInline()
    {
        QVERIFY(m_profiles->add(shopProfile()).ok());
        openDialog();
        QLabel *pixelError = label(u"pixelIdError"_s);
        QVERIFY(!shownError(pixelError));
        retype(edit(u"pixelIdEdit"_s), u"12ab"_s);
        QVERIFY(shownError(pixelError));
        QCOMPARE(pixelError->text(), capiqa::settings::pixelIdError(u"12ab"));
        QVERIFY(!button(u"saveButton"_s)->isEnabled());
        QVERIFY(button(u"discardButton"_s)->isEnabled());

        retype(edit(u"nameEdit"_s), u"SHOP"_s);
        QCOMPARE(label(u"nameError"_s)->text(), u"A profile named “Shop” already exists."_s);
        retype(edit(u"baseUrlEdit"_s), u"ftp://example.com"_s);
        QCOMPARE(label(u"baseUrlError"_s)->text(), capiqa::settings::baseUrlError(u"ftp://example.com"));
        retype(edit(u"apiVersionEdit"_s), u"24"_s);
        QCOMPARE(label(u"apiVersionError"_s)->text(), capiqa::settings::apiVersionError(u"24"));
        edit(u"testCodeEdit"_s)->clear();
        QVERIFY(shownError(label(u"testCodeError"_s)));
        QVERIFY(!button(u"saveButton"_s)->isEnabled());
        // OK refuses too, and says why, instead of dropping or half-saving the edits.
        QTest::mouseClick(dialogButton(QDialogButtonBox::Ok), Qt::LeftButton);
        QVERIFY(m_dialog->isVisible());
        QCOMPARE(label(u"statusLabel"_s)->text(), u"Fix the fields marked in red, or discard the changes."_s);

        retype(edit(u"nameEdit"_s), u"Local emulator 2"_s);
        retype(edit(u"baseUrlEdit"_s), u"http://127.0.0.1:8765/"_s);
        retype(edit(u"apiVersionEdit"_s), u"v24.0"_s);
        retype(edit(u"pixelIdEdit"_s), u"1234567890"_s);
        QTest::keyClicks(edit(u"testCodeEdit"_s), u"TEST1"_s);
        for (const QString &name : {u"nameError"_s, u"baseUrlError"_s, u"apiVersionError"_s, u"pixelIdError"_s,
                                    u"testCodeError"_s})
            QVERIFY2(!shownError(label(name)), qPrintable(name));
        QVERIFY(button(u"saveButton"_s)->isEnabled());
    }

    void renamesAProfile()
    {
        QVERIFY(m_profiles->add(shopProfile()).ok());
        QVERIFY(m_profiles->setDefaultProfile(u"Shop"_s).ok());
        openDialog();
        QCOMPARE(page()->currentProfileName(), u"Shop"_s);
        QApplication::setActiveWindow(m_dialog.get());
        QTest::mouseClick(button(u"renameButton"_s), Qt::LeftButton);
        QTRY_VERIFY(edit(u"nameEdit"_s)->hasFocus());
        QCOMPARE(edit(u"nameEdit"_s)->selectedText(), u"Shop"_s);
        QTest::keyClicks(edit(u"nameEdit"_s), u"Shop EU"_s);
        QTest::mouseClick(button(u"saveButton"_s), Qt::LeftButton);
        QCOMPARE(m_profiles->names(), (QStringList{u"Local emulator"_s, u"Shop EU"_s}));
        QCOMPARE(m_profiles->defaultProfileName(), u"Shop EU"_s);
        QCOMPARE(page()->currentProfileName(), u"Shop EU"_s);
        QCOMPARE(m_profiles->profile(u"Shop EU")->pixelId, ShopPixel);
    }

    void removesAProfileAfterConfirmation()
    {
        QVERIFY(m_profiles->add(shopProfile()).ok());
        openDialog();
        QAbstractItemModelTester tester(child<QListView>(u"profileList"_s)->model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(page()->selectProfile(u"Shop"_s));
        auto confirmation = [this] { return m_dialog->findChild<QMessageBox *>(u"removeConfirmation"_s); };

        QTest::mouseClick(button(u"removeButton"_s), Qt::LeftButton);
        QTRY_VERIFY(confirmation() && confirmation()->isVisible());
        QTest::mouseClick(confirmation()->button(QMessageBox::Cancel), Qt::LeftButton);
        QTRY_VERIFY(!confirmation());
        QVERIFY(m_profiles->contains(u"Shop"));

        QTest::mouseClick(button(u"removeButton"_s), Qt::LeftButton);
        QTRY_VERIFY(confirmation() && confirmation()->isVisible());
        QTest::mouseClick(confirmation()->button(QMessageBox::Yes), Qt::LeftButton);
        QTRY_VERIFY(!m_profiles->contains(u"Shop"));
        QCOMPARE(page()->currentProfileName(), u"Local emulator"_s);
        QCOMPARE(child<QListView>(u"profileList"_s)->model()->rowCount(), 1);
    }

    void duplicatesAndRestoresTheEmulator()
    {
        openDialog();
        QTest::mouseClick(button(u"duplicateButton"_s), Qt::LeftButton);
        QCOMPARE(edit(u"nameEdit"_s)->text(), u"Local emulator copy"_s);
        QCOMPARE(edit(u"pixelIdEdit"_s)->text(), u"1234567890"_s);
        QTest::mouseClick(button(u"saveButton"_s), Qt::LeftButton);
        QVERIFY(m_profiles->contains(u"Local emulator copy"));
        QVERIFY(!m_profiles->profile(u"Local emulator copy")->builtInEmulator);

        QVERIFY(m_profiles->remove(u"Local emulator"_s).ok());
        QCOMPARE(page()->currentProfileName(), u"Local emulator copy"_s);
        QVERIFY(button(u"restoreButton"_s)->isEnabled());
        QTest::mouseClick(button(u"restoreButton"_s), Qt::LeftButton);
        QVERIFY(m_profiles->profile(u"Local emulator").value_or(Profile{}).builtInEmulator);
        QCOMPARE(page()->currentProfileName(), u"Local emulator"_s);
        QVERIFY(!button(u"restoreButton"_s)->isEnabled());
    }

    void worksWithNoProfilesLeft()
    {
        openDialog();
        QVERIFY(m_profiles->remove(u"Local emulator"_s).ok());
        QCOMPARE(page()->currentProfileName(), QString());
        QVERIFY(!page()->hasUnsavedChanges());
        QVERIFY(!child<QWidget>(u"connectionGroup"_s)->isEnabled());
        QVERIFY(!button(u"removeButton"_s)->isEnabled());
        QVERIFY(button(u"addButton"_s)->isEnabled());
        QVERIFY(button(u"restoreButton"_s)->isEnabled());
        QTest::mouseClick(button(u"addButton"_s), Qt::LeftButton);
        QVERIFY(child<QWidget>(u"connectionGroup"_s)->isEnabled());
        QTest::mouseClick(button(u"discardButton"_s), Qt::LeftButton);
        QVERIFY(!child<QWidget>(u"connectionGroup"_s)->isEnabled());
        QVERIFY(m_profiles->profiles().isEmpty());
    }

    void applyKeepsTheDialogOpen()
    {
        openDialog();
        child<QSpinBox>(u"retriesSpin"_s)->setValue(6);
        QTest::mouseClick(dialogButton(QDialogButtonBox::Apply), Qt::LeftButton);
        QCOMPARE(m_prefs->retries(), 6);
        QVERIFY(m_dialog->isVisible());
    }

    void cancelDiscardsUnsavedEdits()
    {
        openDialog();
        retype(edit(u"testCodeEdit"_s), u"TEST_OTHER"_s);
        QVERIFY(page()->hasUnsavedChanges());
        QTest::mouseClick(button(u"discardButton"_s), Qt::LeftButton);
        QCOMPARE(edit(u"testCodeEdit"_s)->text(), u"TEST_CAPIQA"_s);
        QVERIFY(!page()->hasUnsavedChanges());

        retype(edit(u"testCodeEdit"_s), u"TEST_OTHER"_s);
        child<QSpinBox>(u"retriesSpin"_s)->setValue(7);
        QTest::mouseClick(dialogButton(QDialogButtonBox::Cancel), Qt::LeftButton);
        QCOMPARE(m_dialog->result(), int(QDialog::Rejected));
        QCOMPARE(m_profiles->profile(u"Local emulator")->testEventCode, u"TEST_CAPIQA"_s);
        QCOMPARE(m_prefs->retries(), 3);
    }

    void okSavesPendingProfileEdits()
    {
        openDialog();
        retype(edit(u"testCodeEdit"_s), u"TEST_OTHER"_s);
        child<QComboBox>(u"normalizerCombo"_s)->setCurrentIndex(1);
        QTest::mouseClick(dialogButton(QDialogButtonBox::Ok), Qt::LeftButton);
        QCOMPARE(m_dialog->result(), int(QDialog::Accepted));
        QCOMPARE(m_profiles->profile(u"Local emulator")->testEventCode, u"TEST_OTHER"_s);
        QCOMPARE(m_profiles->profile(u"Local emulator")->normalizer, capiqa::pii::Profile::NodeSdk);
    }

    void productionNeedsTheTypedPixelId()
    {
        QVERIFY(m_profiles->add(shopProfile()).ok());
        openDialog();
        QAbstractItemModelTester tester(child<QListView>(u"profileList"_s)->model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(page()->selectProfile(u"Shop"_s));
        QVERIFY(!button(u"testModeButton"_s)->isVisibleTo(m_dialog.get()));
        QTest::mouseClick(button(u"productionButton"_s), Qt::LeftButton);
        ProductionDialog *confirm = nullptr;
        QTRY_VERIFY((confirm = m_dialog->findChild<ProductionDialog *>()) && confirm->isVisible());
        auto *confirmButton = confirm->findChild<QPushButton *>(u"confirmButton"_s);
        auto *typed = confirm->findChild<QLineEdit *>(u"confirmationEdit"_s);
        QVERIFY(confirm->findChild<QLabel *>(u"consequencesLabel"_s)->text().contains(u"without a test event code"_s));
        QVERIFY(!confirmButton->isEnabled());
        QTest::keyClicks(typed, u"98765432101234"_s); // one digit short
        QVERIFY(!confirmButton->isEnabled());
        // Even forced, the store refuses a wrong id and the dialog stays open with the reason.
        confirm->accept();
        QVERIFY(confirm->isVisible());
        QVERIFY(confirm->findChild<QLabel *>(u"errorLabel"_s)->text().contains(u"type its pixel id"_s));
        QVERIFY(!m_profiles->profile(u"Shop")->production);
        QTest::keyClick(typed, Qt::Key_5);
        QVERIFY(confirmButton->isEnabled());
        QTest::mouseClick(confirmButton, Qt::LeftButton);
        QVERIFY(m_profiles->profile(u"Shop")->production);
        QTRY_VERIFY(!m_dialog->findChild<ProductionDialog *>());

        QCOMPARE(label(u"modeBadge"_s)->text(), u"PRODUCTION · real events to pixel %1"_s.arg(ShopPixel));
        auto *list = child<QListView>(u"profileList"_s);
        QCOMPARE(list->model()->index(1, 0).data().toString(), u"Shop  · PRODUCTION"_s);
        QVERIFY(edit(u"pixelIdEdit"_s)->isReadOnly());
        QVERIFY(!button(u"productionButton"_s)->isVisibleTo(m_dialog.get()));
        QTest::mouseClick(button(u"testModeButton"_s), Qt::LeftButton);
        QVERIFY(!m_profiles->profile(u"Shop")->production);
        QCOMPARE(label(u"modeBadge"_s)->text(), u"TEST MODE · code TEST12345"_s);

        // Cancelled: nothing changes.
        QTest::mouseClick(button(u"productionButton"_s), Qt::LeftButton);
        QTRY_VERIFY((confirm = m_dialog->findChild<ProductionDialog *>()) && confirm->isVisible());
        confirm->reject();
        QVERIFY(!m_profiles->profile(u"Shop")->production);
    }

    void preferencesArePersisted()
    {
        openDialog();
        m_dialog->showPage(SettingsDialog::Page::Sending);
        child<QComboBox>(u"defaultNormalizerCombo"_s)->setCurrentIndex(3);
        retype(edit(u"defaultApiVersionEdit"_s), u"v23.0"_s);
        child<QSpinBox>(u"timeoutSpin"_s)->setValue(3000);
        child<QSpinBox>(u"retriesSpin"_s)->setValue(5);
        child<QSpinBox>(u"concurrencySpin"_s)->setValue(8);
        child<QDoubleSpinBox>(u"rateSpin"_s)->setValue(20);
        m_dialog->showPage(SettingsDialog::Page::Emulator);
        child<QSpinBox>(u"portSpin"_s)->setValue(9100);
        child<QCheckBox>(u"autostartCheck"_s)->setChecked(false);

        retype(edit(u"faultsEdit"_s), u"503=2"_s);
        QVERIFY(shownError(label(u"faultsError"_s)));
        QVERIFY(label(u"faultsError"_s)->text().contains(u"503=2"_s));
        QVERIFY(!dialogButton(QDialogButtonBox::Ok)->isEnabled());
        QVERIFY(!dialogButton(QDialogButtonBox::Apply)->isEnabled());
        retype(edit(u"faultsEdit"_s), u"503=0.1,seed=3"_s);
        QVERIFY(!shownError(label(u"faultsError"_s)));
        QCOMPARE(label(u"faultsSummary"_s)->text(),
                 u"Requests get 10 % HTTP 503 (transient); the rest are answered normally (seed 3, so runs repeat)."_s);
        QVERIFY(dialogButton(QDialogButtonBox::Ok)->isEnabled());
        QTest::mouseClick(dialogButton(QDialogButtonBox::Ok), Qt::LeftButton);
        QCOMPARE(m_dialog->result(), int(QDialog::Accepted));

        // Read back through a fresh QSettings on the same file: it was really written.
        QSettings reread(iniPath(), QSettings::IniFormat);
        Preferences::Values expected;
        expected.defaultNormalizer = capiqa::pii::Profile::PhpSdk;
        expected.defaultApiVersion = u"v23.0"_s;
        expected.timeoutMs = 3000;
        expected.retries = 5;
        expected.concurrency = 8;
        expected.eventsPerSecond = 20;
        expected.emulatorPort = 9100;
        expected.emulatorFaults = u"503=0.1,seed=3"_s;
        expected.emulatorAutostart = false;
        QCOMPARE(Preferences(&reread).values(), expected);
        // The built-in profile follows the emulator to its new port.
        QCOMPARE(ProfileStore(&reread).profile(u"Local emulator")->baseUrl, u"http://127.0.0.1:9100"_s);
    }

    void secretsNeverReachTheSettingsFile()
    {
        QVERIFY(m_profiles->add(shopProfile()).ok());
        openDialog();
        // The built-in profile needs no token at all.
        auto *tokenStatus = label(u"access_tokenStatus"_s);
        QTRY_COMPARE_WITH_TIMEOUT(tokenStatus->text(), u"Built-in emulator token: nothing to store"_s, WaitMs);
        QVERIFY(!edit(u"access_tokenEdit"_s)->isEnabled());

        QVERIFY(page()->selectProfile(u"Shop"_s));
        QTRY_COMPARE_WITH_TIMEOUT(tokenStatus->text(), u"No OS keychain: set CAPIQA_ACCESS_TOKEN"_s, WaitMs);
        QVERIFY(edit(u"access_tokenEdit"_s)->isEnabled());
        QTRY_COMPARE_WITH_TIMEOUT(label(u"app_secretStatus"_s)->text(), u"No OS keychain: set CAPIQA_APP_SECRET"_s, WaitMs);
        QVERIFY(shownError(label(u"backendNote"_s)));
        QVERIFY(label(u"backendNote"_s)->text().startsWith(u"No OS keychain available"_s));

        const QByteArray secret = "EAAB-settings-dialog-secret-42";
        QLineEdit *token = edit(u"access_tokenEdit"_s);
        QCOMPARE(token->echoMode(), QLineEdit::Password);
        QVERIFY(!button(u"access_tokenSaveButton"_s)->isEnabled());
        QVERIFY(!button(u"access_tokenClearButton"_s)->isEnabled()); // nothing stored
        QTest::keyClicks(token, QString::fromLatin1(secret));
        QVERIFY(button(u"access_tokenSaveButton"_s)->isEnabled());
        QTest::mouseClick(button(u"access_tokenSaveButton"_s), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(tokenStatus->text().startsWith(u"Cannot save the access token: no OS keychain"_s), WaitMs);
        QVERIFY(!tokenStatus->text().contains(QString::fromLatin1(secret)));
        QVERIFY(!m_profiles->profile(u"Shop")->hasAppSecret);

        // Everything the dialog changes is written; the secret is nowhere on disk.
        QTest::mouseClick(dialogButton(QDialogButtonBox::Ok), Qt::LeftButton);
        m_settings->sync();
        QFile ini(iniPath());
        QVERIFY(ini.open(QIODevice::ReadOnly));
        const QByteArray bytes = ini.readAll();
        QVERIFY(bytes.contains("Shop"));
        QVERIFY(!bytes.contains(secret));
        QVERIFY(!capiqa::test::treeContains(m_dir->path(), secret));
        QVERIFY(!capiqa::test::treeContains(m_home, secret));
    }

    void mnemonicsAreUniquePerPage()
    {
        QVERIFY(m_profiles->add(shopProfile()).ok());
        openDialog();
        auto *tabs = child<QTabWidget>(u"tabs"_s);
        QStringList common;
        for (int i = 0; i < tabs->count(); ++i)
            common << tabs->tabText(i).mid(tabs->tabText(i).indexOf(u'&') + 1, 1).toLower();
        for (int i = 0; i < tabs->count(); ++i) {
            tabs->setCurrentIndex(i);
            QStringList letters = common + mnemonics(tabs->currentWidget());
            letters += mnemonics(child<QDialogButtonBox>(u"buttons"_s));
            QStringList sorted = letters;
            sorted.removeDuplicates();
            QVERIFY2(sorted.size() == letters.size(), qPrintable(letters.join(u' ')));
        }
    }

    void screenshots()
    {
        Profile live = shopProfile(u"Shop (live)"_s);
        QVERIFY(m_profiles->add(live).ok());
        QVERIFY(m_profiles->setProduction(live.name, true, live.pixelId).ok());
        QVERIFY(m_profiles->add(shopProfile(u"Shop staging"_s)).ok());
        QVERIFY(m_prefs->setEmulatorFaults(u"503=0.1,429=0.05:retry-after=1,drop=0.02,seed=7"_s).ok());
        openDialog();
        m_dialog->resize(940, 660);
        QVERIFY(page()->selectProfile(u"Shop staging"_s));
        QTRY_COMPARE_WITH_TIMEOUT(label(u"access_tokenStatus"_s)->text(), u"No OS keychain: set CAPIQA_ACCESS_TOKEN"_s, WaitMs);
        const QString dir = QStringLiteral(CAPIQA_BINARY_DIR "/screenshots");
        QVERIFY(QDir().mkpath(dir));
        auto save = [this, &dir](const QString &name) {
            // Layouts are redone from posted events; grab what the user would see.
            QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
            QTest::qWait(100);
            return m_dialog->grab().save(dir + u"/settings-"_s + name + u".png"_s);
        };
        QVERIFY(save(u"profiles"_s));
        QVERIFY(page()->selectProfile(live.name));
        QTRY_VERIFY_WITH_TIMEOUT(!label(u"app_secretStatus"_s)->text().startsWith(u"Checking"_s), WaitMs);
        QVERIFY(save(u"profiles-production"_s));
        m_dialog->showPage(SettingsDialog::Page::Sending);
        QVERIFY(save(u"sending"_s));
        m_dialog->showPage(SettingsDialog::Page::Emulator);
        QVERIFY(save(u"emulator"_s));

        QVERIFY(page()->selectProfile(u"Shop staging"_s));
        ProductionDialog confirm(m_profiles.get(), u"Shop staging"_s, m_dialog.get());
        confirm.show();
        QVERIFY(QTest::qWaitForWindowExposed(&confirm));
        QTest::keyClicks(confirm.findChild<QLineEdit *>(u"confirmationEdit"_s), ShopPixel.left(9));
        QVERIFY(confirm.grab().save(dir + u"/settings-production-confirm.png"_s));
    }
};

int main(int argc, char **argv)
{
    // Hermetic: no secret service (the store falls back to the environment, which is cleared
    // too), and a private HOME to search for leaked secrets.
    QTemporaryDir home;
    if (!home.isValid())
        return 1;
    capiqa::test::isolateFromKeychain(home);
    for (const char *name : {"CAPIQA_ACCESS_TOKEN", "CAPIQA_APP_SECRET"})
        qunsetenv(name);

    QApplication app(argc, argv);
    TestSettingsDialog test(home.path());
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_settingsdialog.moc"
