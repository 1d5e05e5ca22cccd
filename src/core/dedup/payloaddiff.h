#pragma once

#include "capture/capturedevent.h"
#include "dedupresult.h"

#include <QtCore/QList>
#include <QtCore/QString>

/// The payloads of two events side by side under CAPI's field names (a Pixel hit's `ev`,
/// `eid`, `cd[value]` become event_name, event_id, custom_data.value), for the detail view.
namespace capiqa::dedup {

/// One field of an event's payload.
struct PayloadField
{
    QString key;   ///< CAPI's name: "event_id", "custom_data.value", "user_data.em"; Pixel-only fields keep theirs
    QString value; ///< as sent (lists joined with ", ")
};

/// The fields of `event`: the ones the matcher uses (always there, from the event itself), then
/// every other field of its record read back from its file (HAR entry, /tr URL, JSON event).
/// `note` says why the record could not be read back, when it could not.
QList<PayloadField> payloadFields(const capture::CaptureSet &captures, const capture::CapturedEvent &event,
                                  QString *note = nullptr);

struct FieldComparison
{
    enum class Kind : quint8 {
        Same,
        Differs, ///< both have the field and the values disagree (for event_time: units or far apart)
        OnlyLeft,
        OnlyRight,
    };
    QString key;
    QString left;
    QString right;
    Kind kind = Kind::Same;
};

/// Both payloads aligned field by field: the matcher's fields first, then the fields both sent,
/// then the ones only one side sent, each group by name.
QList<FieldComparison> comparePayloads(const QList<PayloadField> &left, const QList<PayloadField> &right,
                                       const capture::CapturedEvent &leftEvent, const capture::CapturedEvent &rightEvent,
                                       const DedupOptions &options = {});

} // namespace capiqa::dedup
