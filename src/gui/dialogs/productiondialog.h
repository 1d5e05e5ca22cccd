#pragma once

#include <QtWidgets/QDialog>

QT_BEGIN_NAMESPACE
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
QT_END_NAMESPACE

namespace capiqa::settings {
class ProfileStore;
}

namespace capiqa::gui {

/// Asks before a profile sends real events: explains what production means, and enables its
/// confirm button only once the user has typed the profile's pixel id. Accepting calls
/// ProfileStore::setProduction() (which checks the typed id again); the dialog stays open with
/// the store's sentence if that fails. Open it with open() or exec(); used by the settings
/// dialog and the status bar's mode badge.
class ProductionDialog final : public QDialog
{
    Q_OBJECT
public:
    ProductionDialog(settings::ProfileStore *profiles, const QString &profileName, QWidget *parent = nullptr);
    ~ProductionDialog() override;

    QString profileName() const { return m_profileName; }

public Q_SLOTS:
    void accept() override;

private:
    void confirmationEdited(const QString &text);

    settings::ProfileStore *m_profiles;
    QString m_profileName;
    QString m_pixelId;
    QLineEdit *m_confirmation = nullptr;
    QLabel *m_error = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QPushButton *m_confirm = nullptr;
};

} // namespace capiqa::gui
