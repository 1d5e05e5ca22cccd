#include "delayhistogram.h"

#include <algorithm>
#include <limits>

namespace capiqa::dedup {

using namespace Qt::StringLiterals;
using capture::CapturedEvent;
using capture::Side;

DelayHistogram delayHistogram(const DedupAnalysis &analysis)
{
    constexpr qint64 S = 1000, M = 60 * S, H = 60 * M;
    DelayHistogram h;
    // Short labels: they sit under narrow bars. Chart labels are rich text, so no '<'.
    h.bins = {{u"before"_s, 0},        {u"0–1 s"_s, S},      {u"1–10 s"_s, 10 * S},
              {u"10–60 s"_s, M},       {u"1–5 min"_s, 5 * M}, {u"5–60 min"_s, H},
              {u"1–24 h"_s, 24 * H},   {u"24–48 h"_s, 48 * H}, {u"over 48 h"_s, std::numeric_limits<qint64>::max()}};
    const auto &events = analysis.captures.events;
    const auto &verdicts = analysis.result.verdicts;
    if (verdicts.size() != events.size())
        return h;
    std::vector<qint64> delays;
    for (size_t i = 0; i < events.size(); ++i) {
        const qint32 c = verdicts[i].counterpart;
        if (events[i].side != Side::Browser || c < 0 || size_t(c) >= events.size())
            continue;
        const CapturedEvent &server = events[size_t(c)];
        // Each pair once, from its browser side; same-side repeats are not pairs.
        if (server.side != Side::Server || events[i].timeMs == 0 || server.timeMs == 0)
            continue;
        const qint64 delay = server.timeMs - events[i].timeMs;
        delays.push_back(delay);
        for (DelayHistogram::Bin &bin : h.bins) {
            if (delay < bin.upperMs) {
                ++bin.pairs;
                break;
            }
        }
    }
    h.pairs = qint64(delays.size());
    if (!delays.empty()) {
        const auto mid = delays.begin() + std::ptrdiff_t(delays.size() / 2);
        std::nth_element(delays.begin(), mid, delays.end());
        h.medianMs = *mid;
    }
    return h;
}

} // namespace capiqa::dedup
