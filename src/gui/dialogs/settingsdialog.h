#pragma once

#include "settings/preferences.h"

#include <QtWidgets/QDialog>

#include <memory>

namespace Ui {
class SettingsDialog;
}

namespace capiqa::settings {
class ProfileStore;
class SecretStore;
} // namespace capiqa::settings

namespace capiqa::gui {

class ProfilesPage;

/// The console's settings: profiles (see ProfilesPage), how events are sent, and the built-in
/// emulator. Preferences are applied by OK or Apply, all or nothing, and Cancel discards them
/// along with unsaved edits of the current profile. Profile list actions, the production switch
/// and secrets take effect at once, as their buttons say.
///
/// The dialog does not move keychain entries on rename/remove itself: the composition root
/// calls settings::linkSecretsToProfiles() once, so every path that renames a profile is covered.
class SettingsDialog final : public QDialog
{
    Q_OBJECT
public:
    enum class Page { Profiles, Sending, Emulator };

    /// None is owned; all must outlive the dialog.
    SettingsDialog(settings::ProfileStore *profiles, settings::SecretStore *secrets, settings::Preferences *prefs,
                   QWidget *parent = nullptr);
    ~SettingsDialog() override;

    void showPage(Page page);
    ProfilesPage *profilesPage() const { return m_profilesPage; }

    /// Saves pending profile edits and applies the preferences; false (with the reason shown)
    /// when something is invalid, in which case nothing of the preferences changed.
    bool apply();

public Q_SLOTS:
    void accept() override;

private:
    void loadPreferences();
    settings::Preferences::Values formValues() const;
    void validatePreferences();
    void updateButtons();
    void followEmulatorPort(quint16 from, quint16 to);

    std::unique_ptr<Ui::SettingsDialog> m_ui;
    settings::ProfileStore *m_profiles;
    settings::Preferences *m_prefs;
    ProfilesPage *m_profilesPage;
};

} // namespace capiqa::gui
