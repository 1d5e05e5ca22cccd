#pragma once

#include "settings/profile.h"

#include <QtWidgets/QWidget>

#include <memory>

QT_BEGIN_NAMESPACE
class QLabel;
QT_END_NAMESPACE

namespace Ui {
class ProfilesPage;
}

namespace capiqa::settings {
class Preferences;
class ProfileListModel;
class ProfileStore;
class SecretStore;
} // namespace capiqa::settings

namespace capiqa::gui {

class ProfileDisplayProxy;
class SecretField;

/// The settings dialog's profile page: the list with add/duplicate/rename/remove/default,
/// and an editor for one profile whose fields are validated as you type (the core's sentence
/// under each field). Edits reach the store only on Save; list actions, the production switch
/// and secrets apply at once. While the editor holds unsaved edits the list is locked, so the
/// edits are never lost by a click elsewhere.
class ProfilesPage final : public QWidget
{
    Q_OBJECT
public:
    ProfilesPage(settings::ProfileStore *profiles, settings::SecretStore *secrets, settings::Preferences *prefs,
                 QWidget *parent = nullptr);
    ~ProfilesPage() override;

    /// The profile in the editor (empty while a new one is being added).
    QString currentProfileName() const;
    bool selectProfile(const QString &name);
    bool hasUnsavedChanges() const;
    /// Saves the editor's edits; false (with the reason on the page) when they are invalid or
    /// the store refused them.
    bool saveChanges();
    /// Back to the stored profile; a new profile not saved yet is dropped.
    void discardChanges();

Q_SIGNALS:
    void unsavedChangesChanged(bool unsaved);

private:
    void showStored(const QString &name);
    void load(const settings::Profile &profile, bool isNew);
    settings::Profile edited() const;
    void validate();
    void updateActions();
    void storeChanged();
    void report(const QString &message, bool isError);
    bool reportOutcome(const settings::Outcome &outcome, const QString &success);
    QString uniqueName(const QString &base) const;

    void addProfile();
    void duplicateProfile();
    void renameProfile();
    void removeProfile();
    void makeDefault();
    void restoreEmulator();
    void switchToProduction();
    void backToTestMode();
    void secretStored(bool hasAppSecret);

    std::unique_ptr<Ui::ProfilesPage> m_ui;
    settings::ProfileStore *m_profiles;
    settings::SecretStore *m_secrets;
    settings::Preferences *m_prefs;
    settings::ProfileListModel *m_model;
    ProfileDisplayProxy *m_proxy;
    SecretField *m_token;
    SecretField *m_appSecret;
    QLabel *m_tokenLabel;
    QLabel *m_appSecretLabel;
    /// The profile as loaded into the editor; edits are compared against it.
    settings::Profile m_loaded;
    bool m_isNew = false;
    bool m_loading = false;
    /// Set while saveChanges() talks to the store, whose signals must not reload the editor.
    bool m_saving = false;
    bool m_lastUnsaved = false;
};

} // namespace capiqa::gui
