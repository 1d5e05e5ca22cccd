#pragma once

#include "replay/replayoutcome.h"

#include <QtCore/QHash>
#include <QtWidgets/QWidget>

QT_BEGIN_NAMESPACE
class QLabel;
QT_END_NAMESPACE

namespace capiqa::gui {

/// The live counters of a replay run, one card each: sent (of planned), accepted, rejected,
/// cancelled, unknown (with those in flight) and retries. Each card's label is named
/// "counter_<key>" and keeps its number in the "count" property.
class ReplayCounters final : public QWidget
{
    Q_OBJECT

public:
    explicit ReplayCounters(QWidget *parent = nullptr);

    void setCounts(const capiqa::replay::ReplayCounts &counts);
    /// "sent", "accepted", "rejected", "cancelled", "unknown" or "retries".
    qint64 count(const QString &key) const;

private:
    void show(const QString &key, qint64 value, const QString &detail);

    QHash<QString, QLabel *> m_labels;
};

} // namespace capiqa::gui
