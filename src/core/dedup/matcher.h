#pragma once

#include "dedupresult.h"

#include <atomic>
#include <functional>

namespace capiqa::dedup {

/// Matches browser Pixel events with server CAPI events as Meta deduplicates them (same pixel,
/// same event_name, eventID == event_id, within 48 h; the first received is kept, the browser
/// one when both arrive within 5 minutes) and, for every pair Meta would not merge, finds the
/// near miss that explains it. Pure computation: safe on a worker thread.
class Matcher final
{
public:
    explicit Matcher(DedupOptions options = {});

    /// Called between the stages with the fraction done (0..1).
    void setProgress(std::function<void(double)> progress) { m_progress = std::move(progress); }
    /// Checked between stages and inside long loops; a cancelled run returns an empty result.
    void setCancelFlag(const std::atomic<bool> *cancel) { m_cancel = cancel; }
    /// Threads for the exact-key stage (the bulk of the work): 0 (the default) uses every core
    /// for large inputs and one thread for small ones; 1 forces one; more forces that many. The
    /// verdicts are the same whatever the number (tests compare them).
    void setThreads(int threads) { m_threads = threads; }

    DedupResult match(const std::vector<capture::CapturedEvent> &events) const;

private:
    DedupOptions m_options;
    std::function<void(double)> m_progress;
    const std::atomic<bool> *m_cancel = nullptr;
    int m_threads = 0;
};

/// The summary of verdicts over events (counts, dedup rate, value counted twice or lost).
DedupSummary summarize(const std::vector<capture::CapturedEvent> &events, const std::vector<EventVerdict> &verdicts);

/// True when the event's time was sent in a unit Meta does not expect (server: not seconds;
/// browser: not milliseconds) or is not a time at all.
bool hasTimeUnitError(const capture::CapturedEvent &event);
/// True when Meta refuses the event because of its time (a server event_time in ms or µs is in
/// the far future; a missing or non-numeric one is invalid).
bool isRejectedForTime(const capture::CapturedEvent &event);

} // namespace capiqa::dedup
