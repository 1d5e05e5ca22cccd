#pragma once

#include "capture/capturedevent.h"

#include <QtCore/QMap>
#include <QtCore/QString>

#include <vector>

/// What the dedup checker concludes, as plain values a worker can hand to a page or a writer.
namespace capiqa::dedup {

/// The fixed vocabulary: one per event.
enum class Category : quint8 {
    Deduplicated,      ///< a browser/server pair Meta merges
    BrowserOnly,       ///< no server counterpart at all
    ServerOnly,        ///< no browser counterpart at all
    IdMismatch,        ///< a counterpart with ids of another format: counted twice
    NameMismatch,      ///< same id, another event name
    PixelMismatch,     ///< same id and name, another pixel
    OutsideWindow,     ///< same key, more than the window apart
    MissingEventId,    ///< no id, so it can never deduplicate
    TimeUnitError,     ///< event_time in ms/µs or otherwise wrong, or far from the Pixel's ts
    DuplicateSameSide, ///< the same key sent again by the same side
};
constexpr int CategoryCount = 10;

/// "deduplicated", "browser_only", … (the names used in every export).
QString categoryName(Category category);
std::optional<Category> categoryFromName(QStringView name);
/// One line on what the category means for the conversion count (for headers and reports).
QString categoryMeaning(Category category);

/// What Meta does with the event, which is what the summary counts.
enum class Effect : quint8 {
    Counted,     ///< counted once (the kept one of a pair, or a lone event)
    MergedAway,  ///< dropped as a duplicate of its counterpart: as intended
    CountedAgain, ///< counted in addition to its counterpart: the double count
    Rejected,    ///< Meta refuses it (e.g. event_time in milliseconds fails the request)
};

QString effectName(Effect effect);

struct EventVerdict
{
    Category category = Category::BrowserOnly;
    Effect effect = Effect::Counted;
    qint32 counterpart = -1; ///< index of the related event (the pair's other side, the first copy), or -1
};

struct DedupOptions
{
    qint64 windowMs = 48LL * 3600 * 1000;     ///< Meta's dedup window
    qint64 browserFavourMs = 5LL * 60 * 1000;  ///< within this, Meta keeps the browser event
    qint64 farMs = 3600LL * 1000;              ///< a same-key pair further apart than this has a suspect time
    qint64 closeMs = 5LL * 60 * 1000;          ///< "the same moment" for pairs linked by value and time only
};

struct DedupSummary
{
    qint64 events = 0;
    qint64 browserEvents = 0;
    qint64 serverEvents = 0;
    qint64 perCategory[CategoryCount] = {};
    qint64 pairs = 0;        ///< browser/server pairs found (merged or not)
    qint64 mergedPairs = 0;  ///< pairs Meta merges into one conversion
    double dedupRate = 0;    ///< mergedPairs / pairs (0 when there are no pairs)
    qint64 countedTwice = 0; ///< events counted in addition to their counterpart
    QMap<QString, double> valueCountedTwice; ///< currency → sum of their value ("" when no currency)
    qint64 lost = 0;         ///< events Meta rejects with no counted counterpart
    QMap<QString, double> valueLost;
    qint64 rejected = 0;     ///< all events Meta rejects (lost or not)
};

struct DedupResult
{
    std::vector<EventVerdict> verdicts; ///< one per event, same order as the events
    DedupSummary summary;
    DedupOptions options;
};

} // namespace capiqa::dedup
