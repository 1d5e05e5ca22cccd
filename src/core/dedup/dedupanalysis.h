#pragma once

#include "capture/capturedevent.h"
#include "dedupresult.h"

#include <memory>

namespace capiqa::dedup {

/// One finished analysis: what was read and what the matcher concluded, shared read-only between
/// the worker that made it, the table model, the charts and the exporters.
struct DedupAnalysis
{
    capture::CaptureSet captures;
    DedupResult result;
};

using DedupAnalysisPtr = std::shared_ptr<const DedupAnalysis>;

} // namespace capiqa::dedup
