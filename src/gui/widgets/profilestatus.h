#pragma once

#include <QtWidgets/QWidget>

QT_BEGIN_NAMESPACE
class QComboBox;
class QLabel;
class QToolButton;
QT_END_NAMESPACE

namespace capiqa::settings {
class ProfileStore;
}

namespace capiqa::gui {

/// The status bar's permanent part: which profile events go to, and in which mode. The mode
/// badge is impossible to miss: "TEST MODE · code TEST_…" or a red "PRODUCTION". Clicking it
/// asks to switch (the window confirms production with the typed pixel id).
class ProfileStatus final : public QWidget
{
    Q_OBJECT
public:
    explicit ProfileStatus(settings::ProfileStore *profiles, QWidget *parent = nullptr);

    QString badgeText() const;
    bool showsProduction() const { return m_production; }
    /// "Emulator: http://127.0.0.1:8765 · 3 events", or why it is not running.
    void setEmulatorText(const QString &text, bool running);

Q_SIGNALS:
    void productionRequested(const QString &profile);
    void testModeRequested(const QString &profile);

private:
    void refresh();

    settings::ProfileStore *m_profiles;
    QComboBox *m_combo;
    QToolButton *m_badge;
    QLabel *m_emulator;
    bool m_production = false;
};

} // namespace capiqa::gui
