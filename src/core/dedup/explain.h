#pragma once

#include "dedupresult.h"

namespace capiqa::dedup {

/// One sentence a marketer understands, and the concrete change that fixes it.
struct Explanation
{
    QString text;
    QString fix; ///< empty when there is nothing to fix
};

/// The explanation of event `index`, written from the event, its verdict and its counterpart
/// (built on demand, so a million verdicts do not hold a million sentences).
Explanation explain(const std::vector<capture::CapturedEvent> &events, const DedupResult &result, qsizetype index);

/// "4 s", "12 min", "3 h 5 min", "2 d 4 h".
QString formatDuration(qint64 ms);
/// The Meta standard event names ("Purchase", "Lead", …).
bool isStandardEventName(const QString &name);

} // namespace capiqa::dedup
