#pragma once

#include "dedupanalysis.h"

#include <QtCore/QList>
#include <QtCore/QString>

namespace capiqa::dedup {

/// How long after the Pixel hit its server twin was sent, in bins a chart can show (log-scaled:
/// seconds matter as much as days). Over every browser/server pair with both times known.
struct DelayHistogram
{
    struct Bin
    {
        QString label;     ///< "before" (the server's came first), "0–1 s", …, "over 48 h"
        qint64 upperMs;    ///< exclusive upper bound of the delay
        qint64 pairs = 0;
    };
    QList<Bin> bins;
    qint64 pairs = 0;     ///< pairs counted (both times known)
    qint64 medianMs = 0;  ///< median delay of those pairs (0 when none)
};

DelayHistogram delayHistogram(const DedupAnalysis &analysis);

} // namespace capiqa::dedup
