#pragma once

#include <QtCore/QtGlobal>

namespace capiqa::transport {

/// A token bucket counting events, not requests: Meta's limits are about event volume.
/// Time is passed in (ms on any monotonic clock), so the arithmetic is testable without
/// waiting. A request larger than the bucket may start once the bucket is full and leaves it
/// in debt, so the long-run rate still holds.
class RateLimiter final
{
public:
    /// `eventsPerSecond` ≤ 0 disables the limit. `burst` is the bucket size in events
    /// (≤ 0: one second's worth).
    void configure(double eventsPerSecond, double burst, qint64 nowMs);
    bool isEnabled() const { return m_rate > 0.0; }
    double eventsPerSecond() const { return m_rate; }

    /// How long a request of `events` must still wait at `nowMs`; 0 means it may go now.
    qint64 waitMs(int events, qint64 nowMs);
    /// Takes the tokens for `events` at `nowMs` (call when the request starts).
    void consume(int events, qint64 nowMs);

private:
    void refill(qint64 nowMs);

    double m_rate = 0.0;
    double m_capacity = 0.0;
    double m_tokens = 0.0;
    qint64 m_lastMs = 0;
};

} // namespace capiqa::transport
