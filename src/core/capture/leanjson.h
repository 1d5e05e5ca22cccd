#pragma once

// Internal to src/core/capture: the fast path for CAPI JSON Lines. A million-line capture spends
// most of its time building QJsonDocuments only to read six fields, so the plain shape is read
// in one pass over the bytes; everything else goes to the full parser, which alone reports
// problems (so the messages stay the same).

#include <QtCore/QtGlobal>

#include <string_view>
#include <vector>

namespace capiqa::capture::detail {

/// The fields the dedup checker takes from one server event, as views into the line (plain
/// ASCII, no escapes: the text is the value).
struct LeanEvent
{
    std::string_view pixelId; ///< string or integer digits; empty: none (the request's applies)
    std::string_view eventName;
    std::string_view eventId; ///< string or integer digits; empty: none
    std::string_view currency;
    qint64 time = 0;
    double value = 0;
    bool hasTime = false; ///< false: event_time missing or null
    bool hasValue = false;
};

/// The server events of one CAPI JSON Lines line (one event object, or one request
/// {"data":[…]}) read without building a document, the request's pixel id in `requestPixel`.
/// False when the line needs the full parser: invalid JSON, a type or value the reader would
/// report or convert (string times, numeric strings, huge numbers), escapes or non-ASCII bytes
/// in a kept string, a duplicated key, a `source` key, deep nesting. True guarantees the full
/// parser would read the same events without an issue.
bool readLeanServerLine(std::string_view line, std::vector<LeanEvent> &events, std::string_view &requestPixel);

} // namespace capiqa::capture::detail
