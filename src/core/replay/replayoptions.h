#pragma once

#include <QtCore/QJsonObject>

/// How a funnel is replayed: users, pacing, concurrency, batches, ids and times.
namespace capiqa::replay {

struct ReplayOptions
{
    static constexpr int MaxBatchSize = 1'000; ///< Graph's limit per request

    qint64 users = 1;
    /// Events per second; 0 = as fast as the concurrency allows.
    double rate = 0;
    /// ≥ 0: each user's steps keep the funnel's spacing (offset_ms) scaled by this factor
    /// (0.5 = twice as fast), all users starting together; < 0: events go in user order.
    double spacingFactor = -1;
    int concurrency = 4;  ///< requests in flight at once
    int batchSize = 100;  ///< events per request, 1 … 1,000
    bool rewriteEventTime = true;
    bool regenerateIds = false;
    quint64 seed = 0;     ///< 0: a random seed is drawn when the run is created

    bool usesSpacing() const { return spacingFactor >= 0; }
    /// users × steps.
    qint64 planned(int steps) const { return users * steps; }
    /// The batch size used: at most 1,000, and with a rate at most half a second's events,
    /// so that requests are spread over each second instead of bursting.
    int effectiveBatchSize() const;
    /// Empty when usable; otherwise one sentence naming the bad option.
    QString problem() const;

    QJsonObject toJson() const;
    static ReplayOptions fromJson(const QJsonObject &json);
};

/// Where event number `index` of a run comes from.
struct EventRef
{
    qint64 user = 0;
    int step = 0;
};

/// User order (all steps of user 1, then of user 2, …) when pacing by rate; step order (step
/// 1 of every user, then step 2, …) when keeping the spacing, so that due times never go
/// back. The same options always give the same order: a resumed run finds its events again.
EventRef eventAt(qint64 index, const ReplayOptions &options, int steps);

} // namespace capiqa::replay
