#include "connection.h"

#include "clioutput.h"
#include "commands.h"
#include "settings/profilestore.h"
#include "settings/secretstore.h"
#include "settings/usersettings.h"

#include <QtCore/QCommandLineParser>

using namespace Qt::StringLiterals;
using namespace capiqa::settings;

namespace capiqa::cli {

QList<QCommandLineOption> connectionOptions()
{
    return {
        {u"profile"_s, u"A saved connection profile (default: the default profile, \"Local emulator\" at first)."_s, u"name"_s},
        {u"base-url"_s, u"Graph API base URL, e.g. https://graph.facebook.com or http://127.0.0.1:8765."_s, u"url"_s},
        {u"api-version"_s, u"Graph API version, e.g. v24.0."_s, u"version"_s},
        {u"pixel"_s, u"Pixel (dataset) id."_s, u"id"_s},
        {u"token-env"_s, u"Read the access token from this environment variable."_s, u"name"_s},
        {u"test-code"_s, u"Test event code (Events Manager → Test Events)."_s, u"code"_s},
        {u"production"_s, u"Send real events: no test event code. Use with care."_s},
        {u"normalizer"_s, u"Hash PII as meta, node-sdk, python-sdk or php-sdk (default: the profile's)."_s, u"name"_s},
        {u"timeout"_s, u"Per-attempt timeout in ms (default 1500, Meta's recommendation)."_s, u"ms"_s},
        {u"retries"_s, u"Retries on network errors, timeouts, 429, 5xx and transient errors (default 3)."_s, u"n"_s},
    };
}

QString setUpConnection(const QCommandLineParser &p, ConnectionSetup &s)
{
    const auto userSettings = openUserSettings();
    ProfileStore profiles(userSettings.get());
    const QString profileName = p.isSet(u"profile"_s) ? p.value(u"profile"_s) : profiles.defaultProfileName();
    const auto profile = profiles.profile(profileName);
    if (!profile)
        return u"no profile named \"%1\" (profiles: %2)"_s.arg(profileName, profiles.names().join(u", "_s));
    s.profile = *profile;

    if (p.isSet(u"base-url"_s))
        s.profile.baseUrl = p.value(u"base-url"_s);
    if (p.isSet(u"api-version"_s))
        s.profile.apiVersion = p.value(u"api-version"_s);
    if (p.isSet(u"pixel"_s))
        s.profile.pixelId = p.value(u"pixel"_s);
    if (p.isSet(u"test-code"_s)) {
        s.profile.testEventCode = p.value(u"test-code"_s);
        s.profile.production = false;
    }
    if (p.isSet(u"production"_s))
        s.profile.production = true; // the explicit switch the CLI asks for
    if (p.isSet(u"normalizer"_s)) {
        s.normalizer = pii::profileFromName(p.value(u"normalizer"_s));
        if (!s.normalizer)
            return u"unknown normalizer \"%1\" (use meta, node-sdk, python-sdk or php-sdk)"_s.arg(p.value(u"normalizer"_s));
    }
    for (const QString &problem : {baseUrlError(s.profile.baseUrl), pixelIdError(s.profile.pixelId), apiVersionError(s.profile.apiVersion)}) {
        if (!problem.isEmpty())
            return problem;
    }
    if (!s.profile.production && s.profile.testEventCode.trimmed().isEmpty())
        return u"test mode needs a test event code (--test-code CODE, from Events Manager → Test Events); "
               "--production sends real events"_s;
    s.tokenEnv = p.value(u"token-env"_s);

    s.options.baseUrl = QUrl(s.profile.baseUrl);
    s.options.apiVersion = s.profile.apiVersion;
    s.options.pixelId = s.profile.pixelId;
    s.options.testEventCode = s.profile.testEventCode;
    s.options.production = s.profile.production;
    s.options.profileName = s.profile.name;
    if (p.isSet(u"timeout"_s)) {
        bool ok = false;
        s.options.timeoutMs = p.value(u"timeout"_s).toInt(&ok);
        if (!ok || s.options.timeoutMs <= 0)
            return u"--timeout takes milliseconds, e.g. 1500"_s;
    }
    if (p.isSet(u"retries"_s)) {
        bool ok = false;
        s.options.retry.maxRetries = p.value(u"retries"_s).toInt(&ok);
        if (!ok || s.options.retry.maxRetries < 0 || s.options.retry.maxRetries > 10)
            return u"--retries takes a number from 0 to 10"_s;
    }
    return {};
}

void withAccessToken(const ConnectionSetup &setup, const QString &command, QObject *context, bool verbose,
                     const std::function<void(const QString &token)> &go, const std::function<void(int exitCode)> &fail)
{
    if (!setup.tokenEnv.isEmpty()) {
        const auto token = SecretStore::resolveTokenFromEnv(setup.tokenEnv);
        if (!token) {
            printError(command, u"--token-env %1: that environment variable is not set"_s.arg(setup.tokenEnv));
            fail(ExitUsage);
            return;
        }
        go(*token);
        return;
    }
    auto *secrets = new SecretStore(context);
    SecretRequest *request = secrets->readSecret(setup.profile, SecretKind::AccessToken);
    QObject::connect(request, &SecretRequest::finished, context, [=](const SecretResult &r) {
        secrets->deleteLater();
        if (!r.note.isEmpty() && verbose)
            printError(command, r.note);
        if (!r.ok() || r.value.isEmpty()) {
            printError(command, u"no access token for profile \"%1\": %2"_s.arg(setup.profile.name,
                                                                             r.error.isEmpty() ? secrets->backendNote() : r.error));
            fail(ExitUsage);
            return;
        }
        go(r.value);
    });
}

} // namespace capiqa::cli
