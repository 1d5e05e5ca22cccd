#pragma once

#include "profile.h"

#include <QtCore/QObject>
#include <QtCore/QString>

#include <chrono>
#include <optional>

namespace capiqa::settings {

/// The two secrets a profile may have.
enum class SecretKind : quint8 { AccessToken, AppSecret };

/// "access_token" / "app_secret": the last part of the keychain key.
QString secretKindKey(SecretKind kind);
/// "access token" / "app secret", for messages.
QString secretKindLabel(SecretKind kind);
/// CAPIQA_ACCESS_TOKEN / CAPIQA_APP_SECRET: where secrets come from without a keychain.
QString secretEnvName(SecretKind kind);

/// Where a secret value came from.
enum class SecretSource : quint8 { None, Keychain, Environment, BuiltIn };

/// What a SecretRequest finished with. `value` is set only for successful reads.
struct SecretResult
{
    enum class Operation : quint8 { Read, Write, Delete, Move };

    Operation operation = Operation::Read;
    QString profile;
    SecretKind kind = SecretKind::AccessToken;
    QString value;
    SecretSource source = SecretSource::None;
    /// Empty on success; otherwise one sentence for the user.
    QString error;
    /// Something the user should know even on success, e.g. that the environment was used.
    QString note;

    bool ok() const { return error.isEmpty(); }
};

/// One asynchronous keychain operation. Always finishes (the store enforces a timeout), always
/// after the call that created it returned, and deletes itself afterwards.
class SecretRequest final : public QObject
{
    Q_OBJECT
public:
    ~SecretRequest() override;

    bool isFinished() const { return m_finished; }
    const SecretResult &result() const { return m_result; }

Q_SIGNALS:
    void finished(const capiqa::settings::SecretResult &result);

private:
    friend class SecretStore;
    SecretRequest(SecretResult seed, QObject *parent);
    void finish(SecretResult result);
    void finishLater(SecretResult result);

    SecretResult m_result;
    bool m_finished = false;
};

/// Access tokens and app secrets in the OS keychain (QtKeychain, service "capiqa", keys
/// `profile/<name>/access_token` and `profile/<name>/app_secret`). Create one in the
/// composition root and pass it in.
///
/// Without a usable keychain (no secret service on D-Bus: CI, containers, headless boxes),
/// reads fall back to CAPIQA_ACCESS_TOKEN / CAPIQA_APP_SECRET and say so in backendNote() and
/// in the result's note; writes fail with an explanation. Secrets are never written to disk
/// by capiqa, QSettings included (QtKeychain's insecure fallback stays off).
class SecretStore final : public QObject
{
    Q_OBJECT
public:
    /// Long enough for the user to answer a "unlock your keyring" prompt.
    static constexpr std::chrono::milliseconds DefaultTimeout{30000};

    /// `service` is the keychain service name; tests use their own so they never touch the
    /// user's real entries.
    explicit SecretStore(QObject *parent = nullptr);
    explicit SecretStore(const QString &service, QObject *parent = nullptr);
    ~SecretStore() override;

    QString service() const { return m_service; }
    /// How long a keychain job may take before the keychain is treated as unavailable for the
    /// rest of the session (a libsecret job can hang forever when nothing runs its callbacks).
    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }
    std::chrono::milliseconds timeout() const { return m_timeout; }

    /// Empty while the keychain works (or was not tried yet); otherwise a sentence the UI and
    /// CLI show, e.g. "No OS keychain available (…); secrets come from CAPIQA_ACCESS_TOKEN …".
    QString backendNote() const { return m_backendNote; }
    /// True once a job showed there is no usable keychain (or one hung, in any store of this
    /// process); later requests skip it.
    bool keychainUnavailable() const;

    /// The profile's secret: the emulator's public dummy token for the built-in profile (see
    /// Profile::usesEmulatorToken()), otherwise the keychain, otherwise the environment.
    SecretRequest *readSecret(const Profile &profile, SecretKind kind);
    /// Stores the secret in the keychain; fails (never falls back to disk) without one.
    SecretRequest *writeSecret(const QString &profileName, SecretKind kind, const QString &value);
    /// Deleting a secret that is not there succeeds.
    SecretRequest *deleteSecret(const QString &profileName, SecretKind kind);
    /// Both kinds; connect ProfileStore::profileRemoved here.
    SecretRequest *removeSecrets(const QString &profileName);
    /// Moves both kinds to the new name; connect ProfileStore::profileRenamed here.
    SecretRequest *moveSecrets(const QString &from, const QString &to);

    /// The keychain key for a profile's secret.
    static QString keyFor(const QString &profileName, SecretKind kind);
    /// The trimmed value of `envName`, or nothing when unset or blank. Synchronous and
    /// keychain-free, for the CLI.
    static std::optional<QString> resolveTokenFromEnv(const QString &envName = secretEnvName(SecretKind::AccessToken));
    /// The built-in dummy token or the environment variable, without touching the keychain.
    static SecretResult resolveWithoutKeychain(const Profile &profile, SecretKind kind);

Q_SIGNALS:
    void backendNoteChanged(const QString &note);

private:
    SecretRequest *newRequest(SecretResult::Operation operation, const QString &profile, SecretKind kind);
    bool skipKeychain();
    void markUnavailable(const QString &reason, bool forSession);
    void markAvailable();
    SecretResult fromEnvironment(SecretResult result) const;
    QString writeUnavailableError(SecretKind kind, const QString &reason) const;
    /// Steps of removeSecrets()/moveSecrets(): one kind at a time, first error wins.
    void deleteStep(SecretRequest *request, const QString &profileName, int kindIndex);
    void moveStep(SecretRequest *request, const QString &from, const QString &to, int kindIndex);

    QString m_service;
    std::chrono::milliseconds m_timeout = DefaultTimeout;
    bool m_unavailable = false;
    QString m_unavailableReason;
    QString m_backendNote;
};

} // namespace capiqa::settings
