#pragma once

#include "funnel.h"

#include <QtCore/QJsonObject>
#include <QtCore/QJsonValue>

namespace capiqa::replay {

/// How the events of a run are made from the funnel's steps.
struct ExpansionOptions
{
    /// Makes {{uuid}}, {{order_id}} and regenerated ids reproducible: a resumed run makes the
    /// very same events, so a re-sent event keeps its event_id and Meta deduplicates it.
    quint64 seed = 0;
    /// event_time becomes the send time (nothing is older than Meta's 7 days); off, a numeric
    /// event_time is kept and only "now" / "{{now}}" are resolved.
    bool rewriteEventTime = true;
    /// Every event_id is replaced by a UUID derived from the seed, the user and the step.
    bool regenerateIds = false;
    /// Identity columns go into user_data (off for the dry run that blames the funnel).
    bool mergeIdentities = true;
};

/// Makes the raw event of one (user, step) of a run, on demand, so that a run of any size is
/// never built in memory at once. Const and cheap: call it from one thread per instance.
///
/// Template values: {{uuid}} a UUID per event (the same within one event), {{seq}} the event's
/// number in the run (user × steps + step + 1), {{now}} the send time in Unix seconds,
/// {{order_id}} an order id per user ("ord-<run>-<user>"), {{user}} and {{step}} (1-based),
/// {{run}} a short tag of the run, the funnel's variables, and {{user.COLUMN}} from the CSV.
class FunnelExpander final
{
public:
    FunnelExpander(const Funnel &funnel, const ExpansionOptions &options);

    const Funnel &funnel() const { return m_funnel; }
    const ExpansionOptions &options() const { return m_options; }
    int stepCount() const { return int(m_funnel.steps.size()); }

    /// The raw event (PII still raw) of `user` (0-based) at `step`, sent at `nowSeconds`.
    QJsonObject event(qint64 user, int step, qint64 nowSeconds) const;

    /// The value of one template name for this user and step; undefined when unknown.
    QJsonValue value(QStringView name, qint64 user, int step, qint64 nowSeconds, const QString &uuid) const;

    /// A version 4 style UUID from the seed, user, step and purpose, always the same for them.
    static QString derivedUuid(quint64 seed, qint64 user, int step, QStringView purpose);
    /// The {{run}} tag of a seed: 6 hex digits.
    static QString runTag(quint64 seed);

private:
    Funnel m_funnel; // implicitly shared with the caller's copy
    ExpansionOptions m_options;
    QString m_runTag;
    QList<QString> m_identityKeys; ///< user_data key per CSV column, empty for others
};

} // namespace capiqa::replay
