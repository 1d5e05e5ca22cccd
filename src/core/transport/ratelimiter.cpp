#include "ratelimiter.h"

#include <algorithm>
#include <cmath>

namespace capiqa::transport {

void RateLimiter::configure(double eventsPerSecond, double burst, qint64 nowMs)
{
    m_rate = eventsPerSecond > 0.0 ? eventsPerSecond : 0.0;
    m_capacity = burst > 0.0 ? burst : m_rate;
    m_tokens = m_capacity; // a new limit starts with a full bucket
    m_lastMs = nowMs;
}

void RateLimiter::refill(qint64 nowMs)
{
    if (nowMs > m_lastMs) {
        m_tokens = std::min(m_capacity, m_tokens + m_rate * double(nowMs - m_lastMs) / 1000.0);
        m_lastMs = nowMs;
    }
}

qint64 RateLimiter::waitMs(int events, qint64 nowMs)
{
    if (!isEnabled())
        return 0;
    refill(nowMs);
    const double needed = std::min(double(std::max(0, events)), m_capacity);
    if (m_tokens >= needed)
        return 0;
    return std::max<qint64>(1, qint64(std::ceil((needed - m_tokens) * 1000.0 / m_rate)));
}

void RateLimiter::consume(int events, qint64 nowMs)
{
    if (!isEnabled())
        return;
    refill(nowMs);
    m_tokens -= double(std::max(0, events));
}

} // namespace capiqa::transport
