#pragma once

#include "replayengine.h"

#include "settings/profile.h"

#include <QtCore/QJsonObject>

namespace capiqa::settings {
class Preferences;
}

namespace capiqa::replay {

/// Where a run's events go, as kept in the run history's config ("connection"): profile,
/// base_url, api_version, pixel_id, production, normalizer and, in test mode, test_event_code.
/// The same shape capiqa-cli replay writes, so either can resume the other's runs. No token.
QJsonObject connectionConfig(const settings::Profile &profile);

/// A job replaying `funnel` with `options` to `profile` (its endpoint, pixel, test event code
/// or production, normaliser; timeout and retries from `preferences` when given). The access
/// token is left empty: the caller reads it from the keychain.
ReplayJob jobForProfile(const Funnel &funnel, const ReplayOptions &options, const settings::Profile &profile,
                        const settings::Preferences *preferences, const QString &identitiesPath);

} // namespace capiqa::replay
