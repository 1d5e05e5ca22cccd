#pragma once

#include "dedup/delayhistogram.h"
#include "dedup/dedupresult.h"

#include <QtWidgets/QWidget>

#include <array>

QT_BEGIN_NAMESPACE
class QChart;
class QChartView;
QT_END_NAMESPACE

namespace capiqa::gui {

/// Two Qt Charts side by side: the events per category (coloured by severity; a click on a bar
/// asks for that category) and the histogram of browser→server delays over the pairs found.
/// Colours follow the palette, so both read well on light and dark themes.
class DedupCharts final : public QWidget
{
    Q_OBJECT

public:
    explicit DedupCharts(QWidget *parent = nullptr);

    /// Shows the analysis (nullptr: empty charts).
    void setAnalysis(const dedup::DedupAnalysis *analysis);

    const std::array<qint64, dedup::CategoryCount> &categoryCounts() const { return m_counts; }
    const dedup::DelayHistogram &delays() const { return m_delays; }
    QChartView *categoryView() const { return m_categoryView; }
    QChartView *delayView() const { return m_delayView; }

Q_SIGNALS:
    void categoryClicked(capiqa::dedup::Category category);

protected:
    void changeEvent(QEvent *event) override;

private:
    void rebuild();
    void styleChart(QChart *chart) const;

    QChartView *m_categoryView = nullptr;
    QChartView *m_delayView = nullptr;
    std::array<qint64, dedup::CategoryCount> m_counts{};
    dedup::DelayHistogram m_delays;
};

} // namespace capiqa::gui
