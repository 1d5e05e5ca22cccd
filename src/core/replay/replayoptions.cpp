#include "replayoptions.h"

#include <QtCore/QString>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace capiqa::replay {

int ReplayOptions::effectiveBatchSize() const
{
    int size = std::clamp(batchSize, 1, MaxBatchSize);
    if (rate > 0)
        size = std::min(size, std::max(1, int(rate / 2)));
    return size;
}

QString ReplayOptions::problem() const
{
    if (users < 1 || users > 100'000'000)
        return u"users must be between 1 and 100,000,000"_s;
    if (!std::isfinite(rate) || rate < 0)
        return u"the rate must be a number of events per second ≥ 0 (0: no limit)"_s;
    if (!std::isfinite(spacingFactor))
        return u"the spacing factor must be a number"_s;
    if (concurrency < 1 || concurrency > 64)
        return u"concurrency must be between 1 and 64"_s;
    if (batchSize < 1 || batchSize > MaxBatchSize)
        return u"the batch size must be between 1 and 1,000 (Graph's limit per request)"_s;
    return {};
}

QJsonObject ReplayOptions::toJson() const
{
    return QJsonObject{{u"users"_s, users},
                       {u"rate"_s, rate},
                       {u"spacing_factor"_s, spacingFactor},
                       {u"concurrency"_s, concurrency},
                       {u"batch_size"_s, batchSize},
                       {u"rewrite_event_time"_s, rewriteEventTime},
                       {u"regenerate_ids"_s, regenerateIds},
                       // As text: a 64-bit seed does not fit a JSON number exactly.
                       {u"seed"_s, QString::number(seed)}};
}

ReplayOptions ReplayOptions::fromJson(const QJsonObject &json)
{
    ReplayOptions o;
    o.users = json.value("users"_L1).toInteger(o.users);
    o.rate = json.value("rate"_L1).toDouble(o.rate);
    o.spacingFactor = json.value("spacing_factor"_L1).toDouble(o.spacingFactor);
    o.concurrency = json.value("concurrency"_L1).toInt(o.concurrency);
    o.batchSize = json.value("batch_size"_L1).toInt(o.batchSize);
    o.rewriteEventTime = json.value("rewrite_event_time"_L1).toBool(o.rewriteEventTime);
    o.regenerateIds = json.value("regenerate_ids"_L1).toBool(o.regenerateIds);
    o.seed = json.value("seed"_L1).toString().toULongLong();
    return o;
}

EventRef eventAt(qint64 index, const ReplayOptions &options, int steps)
{
    if (options.usesSpacing())
        return {index % options.users, int(index / options.users)};
    return {index / steps, int(index % steps)};
}

} // namespace capiqa::replay
