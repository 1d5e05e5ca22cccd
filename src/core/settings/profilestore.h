#pragma once

#include "profile.h"

#include <QtCore/QList>
#include <QtCore/QObject>

#include <optional>

QT_BEGIN_NAMESPACE
class QSettings;
QT_END_NAMESPACE

namespace capiqa::settings {

/// The list of profiles and the default one, persisted in QSettings (no secrets). The
/// composition root creates one instance and passes it to whoever needs it.
///
/// On first run (no profile data in the settings) it creates the "Local emulator" profile and
/// makes it the default, so a new user can send events without configuring anything. New
/// profiles start in test mode; production is switched on only by setProduction() with the
/// pixel id typed as confirmation. Names are unique ignoring case.
class ProfileStore final : public QObject
{
    Q_OBJECT
public:
    /// `settings` is not owned and must outlive the store; tests pass an INI file in a
    /// temporary directory.
    explicit ProfileStore(QSettings *settings, QObject *parent = nullptr);
    ~ProfileStore() override;

    QList<Profile> profiles() const { return m_profiles; }
    QStringList names() const;
    bool contains(QStringView name) const { return indexOf(name) >= 0; }
    std::optional<Profile> profile(QStringView name) const;

    /// Empty only when there are no profiles.
    QString defaultProfileName() const { return m_defaultName; }
    std::optional<Profile> defaultProfile() const { return profile(m_defaultName); }

    /// Adds a new test-mode profile; fails when it is invalid, in production, or its name is
    /// taken. The first profile added to an empty store becomes the default.
    Outcome add(const Profile &profile);
    /// Replaces the profile with the same name. It may switch production off but not on, and
    /// a production profile's pixel id cannot change (its confirmation was for the old one).
    Outcome update(const Profile &profile);
    /// Emits profileRenamed() so the owner can move the keychain entries along.
    Outcome rename(const QString &from, const QString &to);
    /// Emits profileRemoved() so the owner can delete the keychain entries. If it was the
    /// default, the first remaining profile becomes the default.
    Outcome remove(const QString &name);
    Outcome setDefaultProfile(const QString &name);
    /// Switching production on requires `confirmation` to equal the profile's pixel id (the UI
    /// asks the user to type it); switching it off needs no confirmation.
    Outcome setProduction(const QString &name, bool production, QStringView confirmation = {});
    /// Adds the built-in emulator profile again after it was removed (named "Local emulator",
    /// or with a number appended when that name is taken).
    Outcome restoreLocalEmulator();

Q_SIGNALS:
    void profilesChanged();
    void defaultProfileChanged(const QString &name);
    void profileRenamed(const QString &from, const QString &to);
    void profileRemoved(const QString &name);

private:
    qsizetype indexOf(QStringView name) const;
    /// Index of a profile whose name equals `name` ignoring case, other than `except`.
    qsizetype clashingIndex(QStringView name, qsizetype except = -1) const;
    void load();
    Outcome save();
    void changeDefault(const QString &name);

    QSettings *m_settings;
    QList<Profile> m_profiles;
    QString m_defaultName;
};

} // namespace capiqa::settings
