#include "secretstore.h"

#include "emulator/emulatordefaults.h"
#include "keychainjob.h"

#include <array>
#include <utility>

using namespace Qt::StringLiterals;

namespace capiqa::settings {

namespace {

using detail::JobKind;
using detail::JobOutcome;
using detail::Verdict;

constexpr std::array AllKinds{SecretKind::AccessToken, SecretKind::AppSecret};

} // namespace

QString secretKindKey(SecretKind kind)
{
    return kind == SecretKind::AccessToken ? u"access_token"_s : u"app_secret"_s;
}

QString secretKindLabel(SecretKind kind)
{
    return kind == SecretKind::AccessToken ? u"access token"_s : u"app secret"_s;
}

QString secretEnvName(SecretKind kind)
{
    return kind == SecretKind::AccessToken ? u"CAPIQA_ACCESS_TOKEN"_s : u"CAPIQA_APP_SECRET"_s;
}

SecretRequest::SecretRequest(SecretResult seed, QObject *parent)
    : QObject(parent)
    , m_result(std::move(seed))
{
}

SecretRequest::~SecretRequest() = default;

void SecretRequest::finish(SecretResult result)
{
    if (m_finished)
        return;
    m_finished = true;
    m_result = std::move(result);
    Q_EMIT finished(m_result);
    deleteLater();
}

void SecretRequest::finishLater(SecretResult result)
{
    // Callers connect after the request is returned, so even an immediate answer is queued.
    QMetaObject::invokeMethod(this, [this, result] { finish(result); }, Qt::QueuedConnection);
}

SecretStore::SecretStore(QObject *parent)
    : SecretStore(u"capiqa"_s, parent)
{
}

SecretStore::SecretStore(const QString &service, QObject *parent)
    : QObject(parent)
    , m_service(service)
{
}

SecretStore::~SecretStore() = default;

bool SecretStore::keychainUnavailable() const
{
    return m_unavailable || !detail::hungReason().isEmpty();
}

bool SecretStore::skipKeychain()
{
    if (!m_unavailable && !detail::hungReason().isEmpty())
        markUnavailable(detail::hungReason(), true); // another store saw the keychain hang
    return m_unavailable;
}

QString SecretStore::keyFor(const QString &profileName, SecretKind kind)
{
    return u"profile/"_s % profileName % u'/' % secretKindKey(kind);
}

std::optional<QString> SecretStore::resolveTokenFromEnv(const QString &envName)
{
    // Trimmed because pasted values often carry a stray space or newline, which would make
    // Graph answer 190 (invalid token) with no visible cause.
    const QString value = qEnvironmentVariable(envName.toLocal8Bit().constData()).trimmed();
    if (value.isEmpty())
        return std::nullopt;
    return value;
}

SecretResult SecretStore::resolveWithoutKeychain(const Profile &profile, SecretKind kind)
{
    SecretResult result;
    result.profile = profile.name;
    result.kind = kind;
    if (kind == SecretKind::AccessToken && profile.usesEmulatorToken()) {
        result.value = emulator::LocalAccessToken;
        result.source = SecretSource::BuiltIn;
        return result;
    }
    const QString env = secretEnvName(kind);
    if (const auto value = resolveTokenFromEnv(env)) {
        result.value = *value;
        result.source = SecretSource::Environment;
        result.note = u"Using %1 from the environment."_s.arg(env);
    } else {
        result.error = u"No %1 for “%2”: set %3 in the environment."_s.arg(secretKindLabel(kind), profile.name, env);
    }
    return result;
}

SecretRequest *SecretStore::newRequest(SecretResult::Operation operation, const QString &profile, SecretKind kind)
{
    SecretResult seed;
    seed.operation = operation;
    seed.profile = profile;
    seed.kind = kind;
    return new SecretRequest(std::move(seed), this);
}

SecretRequest *SecretStore::readSecret(const Profile &profile, SecretKind kind)
{
    SecretRequest *request = newRequest(SecretResult::Operation::Read, profile.name, kind);
    // The emulator's token is a public constant: no keychain round trip, works everywhere.
    if (kind == SecretKind::AccessToken && profile.usesEmulatorToken()) {
        SecretResult result = resolveWithoutKeychain(profile, kind);
        result.operation = SecretResult::Operation::Read;
        request->finishLater(std::move(result));
        return request;
    }
    if (skipKeychain()) {
        request->finishLater(fromEnvironment(request->result()));
        return request;
    }
    detail::runKeychainJob(JobKind::Read, m_service, keyFor(profile.name, kind), {}, request, m_timeout,
                           [this, request](const JobOutcome &outcome) {
        SecretResult result = request->result();
        switch (outcome.verdict) {
        case Verdict::Ok:
            markAvailable();
            result.value = outcome.text;
            result.source = SecretSource::Keychain;
            break;
        case Verdict::NotFound: {
            markAvailable();
            const QString env = secretEnvName(result.kind);
            if (const auto value = resolveTokenFromEnv(env)) {
                result.value = *value;
                result.source = SecretSource::Environment;
                result.note = u"No %1 is stored in the OS keychain for “%2”; using %3 from the environment."_s
                                  .arg(secretKindLabel(result.kind), result.profile, env);
            } else {
                result.error = u"No %1 is stored for “%2”: enter it in the profile settings or set %3."_s
                                   .arg(secretKindLabel(result.kind), result.profile, env);
            }
            break;
        }
        case Verdict::Failed:
            // The user (or policy) said no: respect it rather than quietly using the environment.
            result.error = u"The OS keychain refused to give out the %1 of “%2” (%3)."_s
                               .arg(secretKindLabel(result.kind), result.profile, outcome.reason);
            break;
        case Verdict::Unavailable:
        case Verdict::TimedOut:
            markUnavailable(outcome.reason, outcome.forSession);
            result = fromEnvironment(std::move(result));
            break;
        }
        request->finish(std::move(result));
    });
    return request;
}

SecretRequest *SecretStore::writeSecret(const QString &profileName, SecretKind kind, const QString &value)
{
    SecretRequest *request = newRequest(SecretResult::Operation::Write, profileName, kind);
    SecretResult result = request->result();
    const QString secret = value.trimmed();
    if (const QString error = profileNameError(profileName); !error.isEmpty()) {
        result.error = error;
    } else if (secret.isEmpty()) {
        result.error = u"The %1 is empty; to forget it, delete it instead."_s.arg(secretKindLabel(kind));
    } else if (skipKeychain()) {
        result.error = writeUnavailableError(kind, m_unavailableReason);
    }
    if (!result.ok()) {
        request->finishLater(std::move(result));
        return request;
    }
    detail::runKeychainJob(JobKind::Write, m_service, keyFor(profileName, kind), secret, request, m_timeout,
                           [this, request](const JobOutcome &outcome) {
        SecretResult done = request->result();
        switch (outcome.verdict) {
        case Verdict::Ok:
            markAvailable();
            done.source = SecretSource::Keychain;
            break;
        case Verdict::NotFound:
        case Verdict::Failed:
            done.error = u"The OS keychain did not store the %1 of “%2” (%3)."_s
                             .arg(secretKindLabel(done.kind), done.profile, outcome.reason);
            break;
        case Verdict::Unavailable:
        case Verdict::TimedOut:
            markUnavailable(outcome.reason, outcome.forSession);
            done.error = writeUnavailableError(done.kind, outcome.reason);
            break;
        }
        request->finish(std::move(done));
    });
    return request;
}

SecretRequest *SecretStore::deleteSecret(const QString &profileName, SecretKind kind)
{
    SecretRequest *request = newRequest(SecretResult::Operation::Delete, profileName, kind);
    if (skipKeychain()) {
        SecretResult result = request->result();
        result.note = m_backendNote;
        request->finishLater(std::move(result));
        return request;
    }
    detail::runKeychainJob(JobKind::Delete, m_service, keyFor(profileName, kind), {}, request, m_timeout,
                           [this, request](const JobOutcome &outcome) {
        SecretResult done = request->result();
        switch (outcome.verdict) {
        case Verdict::Ok:
        case Verdict::NotFound:
            markAvailable();
            break;
        case Verdict::Unavailable:
            // Nothing can have been stored where there is no keychain.
            markUnavailable(outcome.reason, outcome.forSession);
            done.note = m_backendNote;
            break;
        case Verdict::Failed:
        case Verdict::TimedOut:
            if (outcome.verdict == Verdict::TimedOut)
                markUnavailable(outcome.reason, true);
            done.error = u"Could not delete the %1 of “%2” from the OS keychain (%3)."_s
                             .arg(secretKindLabel(done.kind), done.profile, outcome.reason);
            break;
        }
        request->finish(std::move(done));
    });
    return request;
}

SecretRequest *SecretStore::removeSecrets(const QString &profileName)
{
    SecretRequest *request = newRequest(SecretResult::Operation::Delete, profileName, SecretKind::AccessToken);
    if (skipKeychain()) {
        SecretResult result = request->result();
        result.note = m_backendNote;
        request->finishLater(std::move(result));
    } else {
        deleteStep(request, profileName, 0);
    }
    return request;
}

void SecretStore::deleteStep(SecretRequest *request, const QString &profileName, int kindIndex)
{
    if (kindIndex >= int(AllKinds.size()) || skipKeychain()) {
        SecretResult result = request->result();
        result.note = m_backendNote; // set only when the keychain could not be used
        request->finish(std::move(result));
        return;
    }
    SecretRequest *one = deleteSecret(profileName, AllKinds[std::size_t(kindIndex)]);
    connect(one, &SecretRequest::finished, request, [this, request, profileName, kindIndex](const SecretResult &r) {
        if (!r.ok()) {
            SecretResult failed = request->result();
            failed.error = r.error;
            request->finish(std::move(failed));
            return;
        }
        deleteStep(request, profileName, kindIndex + 1);
    });
}

SecretRequest *SecretStore::moveSecrets(const QString &from, const QString &to)
{
    SecretRequest *request = newRequest(SecretResult::Operation::Move, from, SecretKind::AccessToken);
    if (skipKeychain() || from == to) {
        SecretResult result = request->result();
        result.note = m_backendNote;
        request->finishLater(std::move(result));
    } else {
        moveStep(request, from, to, 0);
    }
    return request;
}

void SecretStore::moveStep(SecretRequest *request, const QString &from, const QString &to, int kindIndex)
{
    if (kindIndex >= int(AllKinds.size()) || skipKeychain()) {
        SecretResult result = request->result();
        result.note = m_backendNote; // set only when the keychain could not be used
        request->finish(std::move(result));
        return;
    }
    const SecretKind kind = AllKinds[std::size_t(kindIndex)];
    auto fail = [request](const QString &error) {
        SecretResult failed = request->result();
        failed.error = error;
        request->finish(std::move(failed));
    };
    detail::runKeychainJob(JobKind::Read, m_service, keyFor(from, kind), {}, request, m_timeout,
                           [=, this](const JobOutcome &outcome) {
        switch (outcome.verdict) {
        case Verdict::NotFound:
            markAvailable();
            moveStep(request, from, to, kindIndex + 1);
            return;
        case Verdict::Unavailable:
            markUnavailable(outcome.reason, outcome.forSession);
            moveStep(request, from, to, int(AllKinds.size())); // nothing can have been stored
            return;
        case Verdict::Failed:
        case Verdict::TimedOut:
            if (outcome.verdict == Verdict::TimedOut)
                markUnavailable(outcome.reason, true);
            fail(u"Could not move the %1 of “%2” to “%3” (%4)."_s.arg(secretKindLabel(kind), from, to, outcome.reason));
            return;
        case Verdict::Ok:
            break;
        }
        markAvailable();
        SecretRequest *write = writeSecret(to, kind, outcome.text);
        connect(write, &SecretRequest::finished, request, [=, this](const SecretResult &written) {
            if (!written.ok())
                return fail(written.error);
            // The old entry goes only after the new one is safely stored.
            SecretRequest *erase = deleteSecret(from, kind);
            connect(erase, &SecretRequest::finished, request, [=, this](const SecretResult &erased) {
                if (!erased.ok())
                    return fail(erased.error);
                moveStep(request, from, to, kindIndex + 1);
            });
        });
    });
}

SecretResult SecretStore::fromEnvironment(SecretResult result) const
{
    const QString env = secretEnvName(result.kind);
    if (const auto value = resolveTokenFromEnv(env)) {
        result.value = *value;
        result.source = SecretSource::Environment;
        result.note = u"No OS keychain available; using %1 from the environment."_s.arg(env);
    } else {
        result.error = u"No OS keychain available (%1), and %2 is not set: set it in the environment to "
                       u"send with “%3”."_s.arg(m_unavailableReason, env, result.profile);
    }
    return result;
}

QString SecretStore::writeUnavailableError(SecretKind kind, const QString &reason) const
{
    return u"Cannot save the %1: no OS keychain is available (%2). capiqa never writes secrets to disk; "
           u"set %3 in the environment instead."_s.arg(secretKindLabel(kind), reason, secretEnvName(kind));
}

void SecretStore::markUnavailable(const QString &reason, bool forSession)
{
    m_unavailable = m_unavailable || forSession;
    m_unavailableReason = reason.isEmpty() ? u"unknown keychain error"_s : reason;
    const QString note = u"No OS keychain available (%1); secrets come from %2 and %3 in the environment "
                         u"and cannot be saved."_s.arg(m_unavailableReason, secretEnvName(SecretKind::AccessToken),
                                                       secretEnvName(SecretKind::AppSecret));
    if (note != m_backendNote) {
        m_backendNote = note;
        Q_EMIT backendNoteChanged(m_backendNote);
    }
}

void SecretStore::markAvailable()
{
    if (m_unavailable || m_backendNote.isEmpty())
        return;
    m_backendNote.clear();
    Q_EMIT backendNoteChanged(m_backendNote);
}

} // namespace capiqa::settings
