#pragma once

namespace capiqa {
namespace emulator {
class GraphEmulator;
}
namespace log {
class LogBus;
}
namespace settings {
class AppSettings;
class Preferences;
class ProfileStore;
class SecretStore;
} // namespace settings
namespace transport {
class CapiClient;
}
} // namespace capiqa

namespace capiqa::gui {

/// The core objects the console's pages work with, made once by the composition root (or a
/// test) and handed to each page's constructor. None is owned here. `emulator` is null when the
/// built-in emulator is not running.
struct ConsoleServices
{
    settings::ProfileStore *profiles = nullptr;
    settings::SecretStore *secrets = nullptr;
    settings::AppSettings *appSettings = nullptr;
    transport::CapiClient *client = nullptr;
    log::LogBus *requestLog = nullptr;  ///< what the client sent and got back
    log::LogBus *emulatorLog = nullptr; ///< what the built-in emulator received
    emulator::GraphEmulator *emulator = nullptr;
    settings::Preferences *preferences = nullptr;
};

} // namespace capiqa::gui
