#include "dedupresult.h"

namespace capiqa::dedup {

using namespace Qt::StringLiterals;

namespace {

const QString &nameOf(int category)
{
    static const QString names[CategoryCount] = {
        u"deduplicated"_s,    u"browser_only"_s,     u"server_only"_s,      u"id_mismatch"_s,      u"name_mismatch"_s,
        u"pixel_mismatch"_s,  u"outside_window"_s,   u"missing_event_id"_s, u"time_unit_error"_s, u"duplicate_same_side"_s,
    };
    return names[category];
}

} // namespace

QString categoryName(Category category)
{
    return nameOf(int(category));
}

std::optional<Category> categoryFromName(QStringView name)
{
    for (int i = 0; i < CategoryCount; ++i) {
        if (nameOf(i) == name)
            return Category(i);
    }
    return std::nullopt;
}

QString categoryMeaning(Category category)
{
    switch (category) {
    case Category::Deduplicated: return u"Pixel and server sent the same event; Meta merges them and counts one."_s;
    case Category::BrowserOnly: return u"Only the Pixel sent it; counted once."_s;
    case Category::ServerOnly: return u"Only the server sent it; counted once."_s;
    case Category::IdMismatch: return u"Both sides sent it, with ids in different formats: counted twice."_s;
    case Category::NameMismatch: return u"Same id, different event names: counted twice."_s;
    case Category::PixelMismatch: return u"Same id and name sent to different pixels: counted twice."_s;
    case Category::OutsideWindow: return u"Same id, more than 48 hours apart: counted twice."_s;
    case Category::MissingEventId: return u"No event id, so it can never be merged with its twin."_s;
    case Category::TimeUnitError: return u"event_time in the wrong unit (rejected by Meta) or far from the Pixel's time."_s;
    case Category::DuplicateSameSide: return u"The same side sent the same event more than once."_s;
    }
    return {};
}

QString effectName(Effect effect)
{
    switch (effect) {
    case Effect::Counted: return u"counted"_s;
    case Effect::MergedAway: return u"merged_away"_s;
    case Effect::CountedAgain: return u"counted_again"_s;
    case Effect::Rejected: return u"rejected"_s;
    }
    return {};
}

} // namespace capiqa::dedup
