#pragma once

#include "settings/profile.h"
#include "settings/secretstore.h"

#include <QtWidgets/QWidget>

#include <optional>

QT_BEGIN_NAMESPACE
class QLabel;
class QLineEdit;
class QPushButton;
QT_END_NAMESPACE

namespace capiqa::gui {

/// One secret of a profile (access token or app secret): a password field whose value goes
/// straight to the keychain through SecretStore, a status saying only whether one is stored
/// (never the value), and a Clear button. Nothing here touches QSettings.
class SecretField final : public QWidget
{
    Q_OBJECT
public:
    SecretField(settings::SecretStore *secrets, settings::SecretKind kind, QWidget *parent = nullptr);
    ~SecretField() override;

    /// The stored profile whose secret is shown; nothing (a profile not saved yet) disables the
    /// field. Re-reads the status.
    void setProfile(const std::optional<settings::Profile> &profile);

    QLineEdit *edit() const { return m_edit; }
    QString statusText() const;

Q_SIGNALS:
    /// The secret was saved to (or deleted from) the keychain.
    void stored(capiqa::settings::SecretKind kind);
    void cleared(capiqa::settings::SecretKind kind);

private:
    void refresh();
    void save();
    void clear();
    void showStatus(const settings::SecretResult &result);
    void setStatus(const QString &text, const QString &toolTip, bool isError);
    void updateButtons();

    settings::SecretStore *m_secrets;
    settings::SecretKind m_kind;
    std::optional<settings::Profile> m_profile;
    /// Bumped per profile shown, so a late answer for the previous profile is ignored.
    quint64 m_generation = 0;
    bool m_busy = false;
    bool m_storedInKeychain = false;
    /// The built-in emulator profile's token is a public constant: nothing to type or store.
    bool m_builtIn = false;
    QLineEdit *m_edit = nullptr;
    QPushButton *m_save = nullptr;
    QPushButton *m_clear = nullptr;
    QLabel *m_status = nullptr;
};

} // namespace capiqa::gui
