#pragma once

#include <QtCore/QSettings>

#include <memory>

namespace capiqa::settings {

/// The settings file the console and capiqa-cli share: INI in the user's configuration folder
/// (~/.config/capiqa/capiqa.ini on Linux), or the file named by the CAPIQA_SETTINGS environment
/// variable (tests, portable installs). Never holds a secret (see SecretStore).
std::unique_ptr<QSettings> openUserSettings();

} // namespace capiqa::settings
