#pragma once

#include "replay/replayoutcome.h"

#include <QtCharts/QChartView>

QT_BEGIN_NAMESPACE
class QLineSeries;
class QValueAxis;
QT_END_NAMESPACE

namespace capiqa::gui {

/// Sent, accepted and failed events of a replay run over its running time (pauses excluded),
/// one point per progress report. Long runs keep at most MaxPoints points per line (older
/// ones thinned out) so the chart stays light. Follows the palette: dark theme on dark bases.
class ReplayChart final : public QChartView
{
    Q_OBJECT

public:
    static constexpr int MaxPoints = 600;

    explicit ReplayChart(QWidget *parent = nullptr);

    void clear();
    /// A point at `elapsedMs`; failed = rejected + cancelled + unknown answered (not in flight).
    void addSample(qint64 elapsedMs, const capiqa::replay::ReplayCounts &counts);
    /// Points of each line: sent, accepted, failed (for tests).
    QList<QLineSeries *> lines() const { return {m_sent, m_accepted, m_failed}; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyPalette();
    void thin();

    QLineSeries *m_sent = nullptr;
    QLineSeries *m_accepted = nullptr;
    QLineSeries *m_failed = nullptr;
    QValueAxis *m_x = nullptr;
    QValueAxis *m_y = nullptr;
    double m_maxY = 10;
};

} // namespace capiqa::gui
