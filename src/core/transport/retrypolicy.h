#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QDateTime>

#include <optional>

class QRandomGenerator;

namespace capiqa::transport {

/// When and how often a failed request is tried again. Only network errors, timeouts,
/// HTTP 429, HTTP 5xx and Graph errors marked `is_transient` are retried (see
/// CapiClient); this struct only says how long to wait. Defaults: 3 retries after
/// 500 ms, 1 s, 2 s, each ±20 % so that many clients do not retry in lockstep.
struct RetryPolicy {
    int maxRetries = 3;
    int initialBackoffMs = 500;
    double multiplier = 2.0;
    int maxBackoffMs = 30'000;
    double jitter = 0.2;           ///< ±fraction of each delay; 0 makes delays exact
    int maxRetryAfterMs = 60'000;  ///< a server's Retry-After is honoured up to this

    /// The delay before retry number `retry` (1 = first retry): initial × multiplier^(retry−1),
    /// capped at maxBackoffMs, then jittered with `rng`. Never negative.
    int backoffMs(int retry, QRandomGenerator &rng) const;
    /// The un-jittered delay of backoffMs().
    int nominalBackoffMs(int retry) const;
    /// A Retry-After header value (delta seconds or an HTTP date) in ms, capped at
    /// maxRetryAfterMs; nullopt when absent or unreadable.
    std::optional<int> retryAfterMs(const QByteArray &headerValue,
                                    const QDateTime &nowUtc = QDateTime::currentDateTimeUtc()) const;
};

} // namespace capiqa::transport
