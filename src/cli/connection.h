#pragma once

#include "pii/pii.h"
#include "settings/profile.h"
#include "transport/sendoptions.h"

#include <QtCore/QCommandLineOption>
#include <QtCore/QList>
#include <QtCore/QString>

#include <functional>
#include <optional>

class QCommandLineParser;
class QObject;

/// Where events go, for the subcommands that send (send, replay): the profile and the
/// connection flags applied to it, and the access token found for it.
namespace capiqa::cli {

struct ConnectionSetup {
    settings::Profile profile;
    std::optional<pii::Profile> normalizer; ///< --normalizer; else the profile's
    QString tokenEnv;                        ///< --token-env
    transport::SendOptions options;          ///< without the token until withAccessToken()

    pii::Profile effectiveNormalizer() const { return normalizer.value_or(profile.normalizer); }
};

/// --profile, --base-url, --api-version, --pixel, --token-env, --test-code, --production,
/// --normalizer, --timeout, --retries.
QList<QCommandLineOption> connectionOptions();

/// Picks the profile (--profile or the default one) and applies the flags to it. An error
/// message (for ExitUsage) when a flag or the resulting profile is unusable.
QString setUpConnection(const QCommandLineParser &parser, ConnectionSetup &setup);

/// The access token: --token-env NAME, else the profile's keychain entry (the emulator's dummy
/// token for the built-in profile), else CAPIQA_ACCESS_TOKEN. Calls `go` with it, or prints
/// why there is none and calls `fail` with ExitUsage; either way from the event loop or now.
void withAccessToken(const ConnectionSetup &setup, const QString &command, QObject *context, bool verbose,
                     const std::function<void(const QString &token)> &go, const std::function<void(int exitCode)> &fail);

} // namespace capiqa::cli
