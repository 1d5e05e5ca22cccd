#pragma once

#include "pii/pii.h"

#include <QtCore/QLatin1StringView>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QUrl>

/// Connection profiles (where events go, with which pixel and test code) and their validation.
namespace capiqa::settings {

inline constexpr QLatin1StringView DefaultBaseUrl{"https://graph.facebook.com"};
inline constexpr QLatin1StringView DefaultApiVersion{"v24.0"};
/// The name of the profile created on first run; it points at capiqa's local emulator.
inline constexpr QLatin1StringView LocalEmulatorProfileName{"Local emulator"};
/// Profile names end up in keychain keys and settings values; keep them readable.
inline constexpr qsizetype MaxProfileNameLength = 64;

/// One place to send events to. Secrets (access token, app secret) are deliberately not
/// members: they live in the OS keychain (see SecretStore) and never reach the settings file.
struct Profile
{
    QString name;
    QString baseUrl{DefaultBaseUrl};
    QString apiVersion{DefaultApiVersion};
    QString pixelId;
    QString testEventCode;
    pii::Profile normalizer = pii::Profile::Meta;
    /// False (test mode) unless switched on through ProfileStore::setProduction() with the
    /// pixel id typed as confirmation; in test mode every send carries testEventCode.
    bool production = false;
    /// Whether an app secret was saved in the keychain (sends then carry appsecret_proof).
    bool hasAppSecret = false;
    /// Set only on the profile the store creates on first run; see usesEmulatorToken().
    bool builtInEmulator = false;

    bool testMode() const { return !production; }
    /// True when the emulator's public dummy token applies: the built-in profile, still pointed
    /// at a loopback address. Pointing it elsewhere makes the keychain token apply instead, so
    /// the dummy token never leaves the machine.
    bool usesEmulatorToken() const;
    /// `{baseUrl}/{apiVersion}/{pixelId}/events`, without the access token.
    QUrl eventsUrl() const;

    friend bool operator==(const Profile &, const Profile &) = default;
};

/// The normalizer's name as the settings file and the UI spell it: "meta", "node-sdk", …
QString normalizerName(pii::Profile normalizer);

/// The profile created on first run (emulator base URL, pixel, test code; meta normalizer).
Profile localEmulatorProfile();

/// The profile with surrounding whitespace trimmed from its text fields and a trailing '/'
/// dropped from the base URL, as the store keeps it.
Profile normalized(Profile profile);

/// Validation helpers: each returns an empty string when the value is fine, otherwise one
/// sentence the UI or CLI can show as is.
QString profileNameError(QStringView name);
QString pixelIdError(QStringView pixelId);
QString apiVersionError(QStringView version);
QString baseUrlError(QStringView url);
/// A test event code is required in test mode; production profiles may omit it.
QString testEventCodeError(const Profile &profile);
/// Every problem of the profile, in field order; empty when it can be used.
QStringList profileErrors(const Profile &profile);

/// Result of a store operation: success, or one sentence saying why not.
struct [[nodiscard]] Outcome
{
    QString error;

    bool ok() const { return error.isEmpty(); }
    explicit operator bool() const { return ok(); }
    static Outcome success() { return {}; }
    static Outcome failure(QString message) { return {std::move(message)}; }
};

} // namespace capiqa::settings
