#pragma once

#include "validator.h"

#include <QtCore/QByteArrayView>
#include <QtCore/QList>

#include <optional>

/// The quick check: one pass over the bytes of a JSON request body that proves the common case,
/// a well-formed request Meta accepts, without building a QJsonDocument. The local emulator
/// receives thousands of such events per second; parsing each into a QJsonDocument and walking it
/// with the Validator cost about four times more than everything else it does per event.
namespace capiqa::validate {

/// What quickCheck() read of one event of "data".
struct QuickEvent
{
    QByteArrayView name; ///< event_name, as sent (UTF-8 without escapes)
    QByteArrayView id;   ///< event_id, as sent; empty when absent or null
    qint64 time = 0;     ///< event_time
    qsizetype begin = 0; ///< the event object's bytes are [begin, begin + length) of the body
    qsizetype length = 0;
};

struct QuickCheck
{
    /// True when the body is a JSON object that QJsonDocument::fromJson() reads and for which
    /// Validator::validate() reports no error (warnings and hints are not looked for). False
    /// proves nothing: the body may well be fine, but it is for the parser and the Validator
    /// to tell, and to word the findings.
    bool proven = false;
    QList<QuickEvent> events;                    ///< when proven: the entries of "data", in order
    std::optional<QByteArrayView> testEventCode; ///< when proven and sent as text
    std::optional<QByteArrayView> accessToken;   ///< when proven and sent as text in the body
};

/// Conservative by design: whatever it does not read exactly as Qt's parser and the rules do
/// (escapes in the values it needs, duplicate keys, app events, nulls where the rules would
/// word a warning differently, numbers in unusual spellings, deep nesting, …) it leaves
/// unproven. `opts.now` is the reference time of the event_time rules, as for the Validator.
QuickCheck quickCheck(QByteArrayView body, const ValidationOptions &opts = {});

} // namespace capiqa::validate
