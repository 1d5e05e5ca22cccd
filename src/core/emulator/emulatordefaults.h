#pragma once

#include <QtCore/QLatin1StringView>

/// What the built-in "Local emulator" profile and the emulator agree on, so that a new user
/// fires events in the first minute without configuring anything.
namespace capiqa::emulator {

/// `capiqa-cli serve` and the console's built-in emulator listen here (127.0.0.1) by default.
inline constexpr quint16 DefaultPort = 8765;
inline constexpr QLatin1StringView DefaultBaseUrl{"http://127.0.0.1:8765"};
/// A dummy pixel id and token: the emulator accepts this token (any other → Graph error 190).
inline constexpr QLatin1StringView LocalPixelId{"1234567890"};
inline constexpr QLatin1StringView LocalAccessToken{"capiqa-local-token"};
inline constexpr QLatin1StringView LocalTestEventCode{"TEST_CAPIQA"};

} // namespace capiqa::emulator
