#pragma once

#include <functional>

namespace capiqa::settings {

class ProfileStore;
class SecretStore;
struct SecretResult;

/// Keeps the keychain in step with the profile list: a renamed profile's secrets move to the
/// new name, a removed profile's secrets are deleted. The composition root calls this once;
/// the connections live as long as both stores. `onFailure` (optional) hears about moves or
/// deletions the keychain refused, so the app can tell the user; its result never holds a
/// secret value.
void linkSecretsToProfiles(ProfileStore *profiles, SecretStore *secrets,
                           std::function<void(const SecretResult &)> onFailure = {});

} // namespace capiqa::settings
