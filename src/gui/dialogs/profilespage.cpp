#include "dialogs/profilespage.h"

#include "dialogs/formhelpers.h"
#include "dialogs/productiondialog.h"
#include "dialogs/secretfield.h"
#include "models/profiledisplayproxy.h"
#include "settings/preferences.h"
#include "settings/profilelistmodel.h"
#include "settings/profilestore.h"
#include "settings/secretstore.h"
#include "ui_profilespage.h"

#include <algorithm>

#include <QtCore/QScopedValueRollback>
#include <QtWidgets/QMessageBox>
#include <QtWidgets/QPushButton>

using namespace Qt::StringLiterals;
using capiqa::settings::Profile;
using capiqa::settings::SecretKind;

namespace capiqa::gui {

namespace {

// Fixed colours on both sides, so the badge reads the same on light and dark palettes.
const auto TestBadgeStyle = u"QLabel { background: #e3f2fd; color: #0d47a1; border-radius: 4px; "
                            u"padding: 4px 10px; font-weight: bold; }"_s;
const auto NoteStyle = u"QLabel { background: #fff8e1; color: #4e342e; border: 1px solid #ffe082; "
                       u"border-radius: 4px; padding: 6px 8px; }"_s;
const auto ProductionBadgeStyle = u"QLabel { background: #d32f2f; color: #ffffff; border-radius: 4px; "
                                  u"padding: 4px 10px; font-weight: bold; }"_s;

} // namespace

ProfilesPage::ProfilesPage(settings::ProfileStore *profiles, settings::SecretStore *secrets,
                           settings::Preferences *prefs, QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::ProfilesPage>())
    , m_profiles(profiles)
    , m_secrets(secrets)
    , m_prefs(prefs)
    , m_model(new settings::ProfileListModel(profiles, this))
    , m_proxy(new ProfileDisplayProxy(this))
{
    m_ui->setupUi(this);
    m_proxy->setSourceModel(m_model);
    m_ui->profileList->setModel(m_proxy);
    form::fillNormalizerCombo(m_ui->normalizerCombo);
    for (QLabel *error : {m_ui->nameError, m_ui->baseUrlError, m_ui->apiVersionError, m_ui->pixelIdError,
                          m_ui->testCodeError})
        form::styleAsError(error);

    m_token = new SecretField(m_secrets, SecretKind::AccessToken, m_ui->secretsGroup);
    m_appSecret = new SecretField(m_secrets, SecretKind::AppSecret, m_ui->secretsGroup);
    m_tokenLabel = new QLabel(tr("Access to&ken:"), m_ui->secretsGroup);
    m_appSecretLabel = new QLabel(tr("App se&cret:"), m_ui->secretsGroup);
    m_tokenLabel->setBuddy(m_token->edit());
    m_appSecretLabel->setBuddy(m_appSecret->edit());
    m_ui->secretsForm->addRow(m_tokenLabel, m_token);
    m_ui->secretsForm->addRow(m_appSecretLabel, m_appSecret);
    QWidget::setTabOrder(m_ui->normalizerCombo, m_token);
    QWidget::setTabOrder(m_token, m_appSecret);
    QWidget::setTabOrder(m_appSecret, m_ui->discardButton);
    auto showNote = [this](const QString &note) {
        m_ui->backendNote->setText(note);
        m_ui->backendNote->setVisible(!note.isEmpty());
    };
    m_ui->backendNote->setStyleSheet(NoteStyle);
    showNote(m_secrets->backendNote());
    connect(m_secrets, &settings::SecretStore::backendNoteChanged, this, showNote);

    connect(m_ui->profileList->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) {
                if (!m_loading && current.isValid())
                    showStored(m_model->nameAt(current.row()));
            });
    for (QLineEdit *edit : {m_ui->nameEdit, m_ui->baseUrlEdit, m_ui->apiVersionEdit, m_ui->pixelIdEdit,
                            m_ui->testCodeEdit})
        connect(edit, &QLineEdit::textChanged, this, &ProfilesPage::validate);
    connect(m_ui->normalizerCombo, &QComboBox::currentIndexChanged, this, &ProfilesPage::validate);

    connect(m_ui->addButton, &QPushButton::clicked, this, &ProfilesPage::addProfile);
    connect(m_ui->duplicateButton, &QPushButton::clicked, this, &ProfilesPage::duplicateProfile);
    connect(m_ui->renameButton, &QPushButton::clicked, this, &ProfilesPage::renameProfile);
    connect(m_ui->removeButton, &QPushButton::clicked, this, &ProfilesPage::removeProfile);
    connect(m_ui->defaultButton, &QPushButton::clicked, this, &ProfilesPage::makeDefault);
    connect(m_ui->restoreButton, &QPushButton::clicked, this, &ProfilesPage::restoreEmulator);
    connect(m_ui->productionButton, &QPushButton::clicked, this, &ProfilesPage::switchToProduction);
    connect(m_ui->testModeButton, &QPushButton::clicked, this, &ProfilesPage::backToTestMode);
    connect(m_ui->saveButton, &QPushButton::clicked, this, &ProfilesPage::saveChanges);
    connect(m_ui->discardButton, &QPushButton::clicked, this, &ProfilesPage::discardChanges);
    connect(m_appSecret, &SecretField::stored, this, [this] { secretStored(true); });
    connect(m_appSecret, &SecretField::cleared, this, [this] { secretStored(false); });

    connect(m_profiles, &settings::ProfileStore::profilesChanged, this, &ProfilesPage::storeChanged);
    connect(m_profiles, &settings::ProfileStore::defaultProfileChanged, this, &ProfilesPage::updateActions);

    showStored(m_profiles->defaultProfileName());
}

ProfilesPage::~ProfilesPage() = default;

QString ProfilesPage::currentProfileName() const
{
    return m_isNew ? QString() : m_loaded.name;
}

bool ProfilesPage::selectProfile(const QString &name)
{
    if (hasUnsavedChanges() || !m_profiles->contains(name))
        return false;
    showStored(name);
    return true;
}

bool ProfilesPage::hasUnsavedChanges() const
{
    return m_isNew || settings::normalized(edited()) != settings::normalized(m_loaded);
}

void ProfilesPage::showStored(const QString &name)
{
    std::optional<Profile> profile = m_profiles->profile(name);
    if (!profile && !m_profiles->profiles().isEmpty())
        profile = m_profiles->defaultProfile();
    load(profile.value_or(Profile{}), false);
}

void ProfilesPage::load(const Profile &profile, bool isNew)
{
    m_loading = true;
    m_loaded = profile;
    m_isNew = isNew;
    m_ui->nameEdit->setText(profile.name);
    m_ui->baseUrlEdit->setText(profile.baseUrl);
    m_ui->apiVersionEdit->setText(profile.apiVersion);
    m_ui->pixelIdEdit->setText(profile.pixelId);
    m_ui->testCodeEdit->setText(profile.testEventCode);
    form::selectNormalizer(m_ui->normalizerCombo, profile.normalizer);
    const int row = isNew ? -1 : m_model->rowOf(profile.name);
    m_ui->profileList->setCurrentIndex(m_proxy->index(row, 0));
    m_loading = false;

    const bool stored = !isNew && m_profiles->contains(profile.name);
    m_token->setProfile(stored ? std::optional(profile) : std::nullopt);
    m_appSecret->setProfile(stored ? std::optional(profile) : std::nullopt);
    validate();
}

Profile ProfilesPage::edited() const
{
    // Fields the editor does not show (production, secrets, built-in) come from the store.
    Profile p = m_loaded;
    p.name = m_ui->nameEdit->text();
    p.baseUrl = m_ui->baseUrlEdit->text();
    p.apiVersion = m_ui->apiVersionEdit->text();
    p.pixelId = m_ui->pixelIdEdit->text();
    p.testEventCode = m_ui->testCodeEdit->text();
    p.normalizer = form::selectedNormalizer(m_ui->normalizerCombo);
    return settings::normalized(std::move(p));
}

void ProfilesPage::validate()
{
    if (m_loading)
        return;
    const Profile p = edited();
    QString nameError = settings::profileNameError(p.name);
    const QString ownName = m_isNew ? QString() : m_loaded.name;
    for (const QString &other : m_profiles->names()) {
        if (nameError.isEmpty() && other != ownName && other.compare(p.name, Qt::CaseInsensitive) == 0)
            nameError = tr("A profile named “%1” already exists.").arg(other);
    }
    const bool editing = m_isNew || m_profiles->contains(m_loaded.name);
    if (!editing)
        nameError.clear(); // nothing to edit: no profile at all
    form::setFieldError(m_ui->nameError, nameError);
    form::setFieldError(m_ui->baseUrlError, editing ? settings::baseUrlError(p.baseUrl) : QString());
    form::setFieldError(m_ui->apiVersionError, editing ? settings::apiVersionError(p.apiVersion) : QString());
    form::setFieldError(m_ui->pixelIdError, editing ? settings::pixelIdError(p.pixelId) : QString());
    form::setFieldError(m_ui->testCodeError, editing ? settings::testEventCodeError(p) : QString());
    updateActions();
}

void ProfilesPage::updateActions()
{
    const bool editing = m_isNew || m_profiles->contains(m_loaded.name);
    const bool unsaved = editing && hasUnsavedChanges();
    const bool valid = m_ui->nameError->text().isEmpty() && settings::profileErrors(edited()).isEmpty();
    const bool stored = editing && !m_isNew;
    const bool idle = !unsaved;

    m_ui->profileList->setEnabled(idle);
    m_ui->addButton->setEnabled(idle);
    m_ui->duplicateButton->setEnabled(idle && stored);
    m_ui->renameButton->setEnabled(idle && stored);
    m_ui->removeButton->setEnabled(idle && stored);
    m_ui->defaultButton->setEnabled(idle && stored && m_profiles->defaultProfileName() != m_loaded.name);
    const auto all = m_profiles->profiles();
    m_ui->restoreButton->setEnabled(
        idle && std::none_of(all.cbegin(), all.cend(), [](const Profile &p) { return p.builtInEmulator; }));
    m_ui->connectionGroup->setEnabled(editing);
    m_ui->secretsGroup->setEnabled(editing);
    m_ui->saveButton->setEnabled(unsaved && valid);
    m_ui->discardButton->setEnabled(unsaved);

    // Production is about the stored profile: switch only with nothing pending.
    m_ui->productionButton->setVisible(!m_loaded.production);
    m_ui->testModeButton->setVisible(m_loaded.production);
    m_ui->productionButton->setEnabled(stored && idle);
    m_ui->testModeButton->setEnabled(stored && idle);
    m_ui->pixelIdEdit->setReadOnly(m_loaded.production);
    m_ui->pixelIdEdit->setToolTip(m_loaded.production ? tr("A production profile keeps the pixel id it was "
                                                           "confirmed with; switch back to test mode to change it.")
                                                      : QString());
    if (m_loaded.production) {
        m_ui->modeBadge->setText(tr("PRODUCTION · real events to pixel %1").arg(m_loaded.pixelId));
        m_ui->modeBadge->setStyleSheet(ProductionBadgeStyle);
    } else {
        const QString code = m_loaded.testEventCode.isEmpty() ? tr("no test code yet") : tr("code %1").arg(m_loaded.testEventCode);
        m_ui->modeBadge->setText((m_isNew ? tr("NEW PROFILE · TEST MODE · %1") : tr("TEST MODE · %1")).arg(code));
        m_ui->modeBadge->setStyleSheet(TestBadgeStyle);
    }
    m_ui->modeBadge->setVisible(editing);

    if (unsaved != m_lastUnsaved) {
        m_lastUnsaved = unsaved;
        Q_EMIT unsavedChangesChanged(unsaved);
    }
}

void ProfilesPage::storeChanged()
{
    if (m_saving)
        return;
    if (hasUnsavedChanges() && (m_isNew || m_profiles->contains(m_loaded.name))) {
        // Keep the user's edits; take over only what the editor does not show.
        if (const auto stored = m_profiles->profile(m_loaded.name)) {
            m_loaded.production = stored->production;
            m_loaded.hasAppSecret = stored->hasAppSecret;
        }
        m_loading = true;
        m_ui->profileList->setCurrentIndex(m_proxy->index(m_isNew ? -1 : m_model->rowOf(m_loaded.name), 0));
        m_loading = false;
        validate();
        return;
    }
    showStored(m_loaded.name);
}

void ProfilesPage::report(const QString &message, bool isError)
{
    m_ui->statusLabel->setText(message);
    QPalette palette = this->palette();
    if (isError)
        palette.setColor(QPalette::WindowText, ProfileDisplayProxy::productionColor());
    m_ui->statusLabel->setPalette(palette);
}

bool ProfilesPage::reportOutcome(const settings::Outcome &outcome, const QString &success)
{
    report(outcome ? success : outcome.error, !outcome);
    return outcome.ok();
}

QString ProfilesPage::uniqueName(const QString &base) const
{
    const QStringList names = m_profiles->names();
    auto taken = [&names](const QString &name) { return names.contains(name, Qt::CaseInsensitive); };
    QString name = base.left(settings::MaxProfileNameLength - 4);
    const QString stem = name;
    for (int n = 2; taken(name); ++n)
        name = stem % u' ' % QString::number(n);
    return name;
}

bool ProfilesPage::saveChanges()
{
    if (!hasUnsavedChanges())
        return true;
    validate();
    if (!m_ui->saveButton->isEnabled()) {
        report(tr("Fix the fields marked in red, or discard the changes."), true);
        return false;
    }
    const Profile p = edited();
    const QScopedValueRollback saving(m_saving, true);
    if (m_isNew) {
        if (!reportOutcome(m_profiles->add(p), tr("Added “%1”.").arg(p.name)))
            return false;
        showStored(p.name);
        return true;
    }
    const QString oldName = m_loaded.name;
    if (p.name != oldName) {
        // The store announces the rename and the keychain entries follow (linkSecretsToProfiles).
        const settings::Outcome renamed = m_profiles->rename(oldName, p.name);
        if (!renamed) {
            report(renamed.error, true);
            return false;
        }
        m_loaded.name = p.name;
    }
    if (!reportOutcome(m_profiles->update(p), tr("Saved “%1”.").arg(p.name)))
        return false;
    showStored(p.name);
    return true;
}

void ProfilesPage::discardChanges()
{
    showStored(m_isNew ? m_profiles->defaultProfileName() : m_loaded.name);
    report({}, false);
}

void ProfilesPage::addProfile()
{
    Profile seed;
    seed.name = uniqueName(tr("New profile"));
    seed.apiVersion = m_prefs->defaultApiVersion();
    seed.normalizer = m_prefs->defaultNormalizer();
    load(seed, true);
    report(tr("Fill in the pixel id and test event code, then save."), false);
    m_ui->nameEdit->setFocus();
    m_ui->nameEdit->selectAll();
}

void ProfilesPage::duplicateProfile()
{
    Profile seed = m_loaded;
    seed.name = uniqueName(tr("%1 copy").arg(m_loaded.name));
    seed.production = false;
    seed.hasAppSecret = false;
    seed.builtInEmulator = false;
    load(seed, true);
    report(tr("A copy in test mode, without secrets: save it to keep it."), false);
    m_ui->nameEdit->setFocus();
    m_ui->nameEdit->selectAll();
}

void ProfilesPage::renameProfile()
{
    m_ui->nameEdit->setFocus();
    m_ui->nameEdit->selectAll();
    report(tr("Type the new name and save; the keychain entries move with it."), false);
}

void ProfilesPage::removeProfile()
{
    const QString name = m_loaded.name;
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Remove Profile"), tr("Remove the profile “%1”?").arg(name),
                                QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setObjectName(u"removeConfirmation"_s);
    box->setInformativeText(tr("Its access token and app secret are deleted from the keychain too."));
    box->button(QMessageBox::Yes)->setText(tr("&Remove"));
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, name](int result) {
        if (result == QMessageBox::Yes)
            reportOutcome(m_profiles->remove(name), tr("Removed “%1”.").arg(name));
    });
    box->open();
}

void ProfilesPage::makeDefault()
{
    reportOutcome(m_profiles->setDefaultProfile(m_loaded.name), tr("“%1” is now the default.").arg(m_loaded.name));
}

void ProfilesPage::restoreEmulator()
{
    if (!reportOutcome(m_profiles->restoreLocalEmulator(), tr("Restored the Local emulator profile.")))
        return;
    const auto all = m_profiles->profiles();
    for (const Profile &p : all) {
        if (p.builtInEmulator)
            showStored(p.name);
    }
}

void ProfilesPage::switchToProduction()
{
    auto *dialog = new ProductionDialog(m_profiles, m_loaded.name, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, name = m_loaded.name] {
        report(tr("“%1” now sends real events.").arg(name), false);
    });
    dialog->open();
}

void ProfilesPage::backToTestMode()
{
    const QString name = m_loaded.name;
    if (!reportOutcome(m_profiles->setProduction(name, false), tr("“%1” is back in test mode.").arg(name)))
        m_ui->testCodeEdit->setFocus(); // the usual reason: no test event code yet
}

void ProfilesPage::secretStored(bool hasAppSecret)
{
    std::optional<Profile> stored = m_profiles->profile(m_loaded.name);
    if (!stored || stored->hasAppSecret == hasAppSecret)
        return;
    stored->hasAppSecret = hasAppSecret;
    if (const settings::Outcome outcome = m_profiles->update(*stored); !outcome)
        report(outcome.error, true);
}

} // namespace capiqa::gui
