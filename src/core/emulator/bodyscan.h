#pragma once

// Internal to src/core/emulator: where each event object sits in a CAPI JSON body, so the
// event store can keep the body once and parse an event only when someone reads it.

#include <QtCore/QByteArrayView>
#include <QtCore/QList>

#include <optional>

namespace capiqa::emulator::detail {

/// One event object's bytes in the body: [begin, begin + length).
struct ByteSpan
{
    qsizetype begin = 0;
    qsizetype length = 0;
};

/// The objects of the top-level "data" list of `json`, in order; entries that are not objects
/// are skipped (as serverEvents() skips them). Only for a body QJsonDocument has accepted: it
/// checks the structure it walks (brackets, quotes, colons, commas, bounds) but not what is
/// inside strings. Gives up (nullopt) on anything it would not read exactly as Qt does: a
/// top-level key with escapes that could spell "data", a repeated "data" key, a root that is
/// not an object, nesting deeper than Qt allows, structure it does not expect.
std::optional<QList<ByteSpan>> dataObjectSpans(QByteArrayView json);

} // namespace capiqa::emulator::detail
