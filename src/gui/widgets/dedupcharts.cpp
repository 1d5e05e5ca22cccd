#include "dedupcharts.h"

#include "dedup/explain.h"
#include "models/verdictdisplaymodel.h"

#include <QtCharts/QBarCategoryAxis>
#include <QtCharts/QBarSeries>
#include <QtCharts/QBarSet>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QtCharts/QHorizontalStackedBarSeries>
#include <QtCharts/QValueAxis>
#include <QtCore/QEvent>
#include <QtWidgets/QHBoxLayout>

using namespace Qt::StringLiterals;

namespace capiqa::gui {

using dedup::Category;

namespace {

QChartView *makeView(QWidget *parent)
{
    auto *view = new QChartView(new QChart, parent);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumSize(220, 140);
    view->chart()->setMargins(QMargins(4, 4, 4, 4));
    view->chart()->legend()->setAlignment(Qt::AlignBottom);
    return view;
}

// Integer ticks that fit the largest count.
void fitValueAxis(QValueAxis *axis, qint64 max)
{
    const qint64 top = std::max<qint64>(max, 1);
    const int ticks = int(std::min<qint64>(top, 4)) + 1;
    axis->setRange(0, double(top + (top % (ticks - 1) ? (ticks - 1) - top % (ticks - 1) : 0)));
    axis->setTickCount(ticks);
    axis->setLabelFormat(u"%d"_s);
}

/// Empties a chart for a rebuild. removeAllSeries() deletes the series; removeAxis() hands the
/// axis back to the caller, so it is deleted here.
void clear(QChart *chart)
{
    chart->removeAllSeries();
    for (QAbstractAxis *axis : chart->axes()) {
        chart->removeAxis(axis);
        delete axis;
    }
}

} // namespace

DedupCharts::DedupCharts(QWidget *parent)
    : QWidget(parent)
    , m_categoryView(makeView(this))
    , m_delayView(makeView(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_categoryView, 1);
    layout->addWidget(m_delayView, 1);
    m_categoryView->setObjectName(u"categoryChart"_s);
    m_delayView->setObjectName(u"delayChart"_s);
    setAnalysis(nullptr);
}

void DedupCharts::setAnalysis(const dedup::DedupAnalysis *analysis)
{
    m_counts.fill(0);
    m_delays = {};
    if (analysis && analysis->result.verdicts.size() == analysis->captures.events.size()) {
        for (int c = 0; c < dedup::CategoryCount; ++c)
            m_counts[size_t(c)] = analysis->result.summary.perCategory[c];
        m_delays = dedup::delayHistogram(*analysis);
    }
    rebuild();
}

void DedupCharts::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange)
        rebuild();
}

void DedupCharts::styleChart(QChart *chart) const
{
    const QPalette &pal = palette();
    const bool dark = pal.color(QPalette::Base).lightnessF() < 0.5;
    chart->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    chart->setBackgroundBrush(pal.color(QPalette::Base));
    chart->setBackgroundRoundness(4);
    chart->setTitleBrush(pal.color(QPalette::Text));
    chart->legend()->setLabelColor(pal.color(QPalette::Text));
    QFont title = font();
    title.setBold(true);
    chart->setTitleFont(title);
    for (QAbstractAxis *axis : chart->axes()) {
        axis->setLabelsBrush(pal.color(QPalette::Text));
        axis->setGridLineColor(pal.color(QPalette::Mid));
        axis->setLinePenColor(pal.color(QPalette::Mid));
        QFont small = font();
        small.setPointSizeF(small.pointSizeF() * 0.85);
        axis->setLabelsFont(small);
        axis->setTruncateLabels(false); // "…" in place of a category name tells nothing
    }
}

void DedupCharts::rebuild()
{
    // Categories: one stacked set per severity, so each bar takes its severity's colour and the
    // legend says what the colours mean. Listed top to bottom in the vocabulary's order.
    QChart *chart = m_categoryView->chart();
    clear(chart);
    chart->setTitle(u"Events per category"_s);
    const std::array<std::pair<Severity, QString>, 4> groups{{{Severity::Good, u"merged"_s},
                                                              {Severity::Neutral, u"one side only"_s},
                                                              {Severity::Warning, u"at risk"_s},
                                                              {Severity::Bad, u"counted twice"_s}}};
    auto *series = new QHorizontalStackedBarSeries;
    QStringList labels;
    for (int c = dedup::CategoryCount - 1; c >= 0; --c)
        labels << dedup::categoryName(Category(c));
    qint64 max = 0;
    for (const auto &[severity, name] : groups) {
        auto *set = new QBarSet(name);
        for (int c = dedup::CategoryCount - 1; c >= 0; --c)
            *set << (severityOf(Category(c)) == severity ? double(m_counts[size_t(c)]) : 0.0);
        series->append(set);
        connect(set, &QBarSet::clicked, this, [this](int index) {
            Q_EMIT categoryClicked(Category(dedup::CategoryCount - 1 - index));
        });
    }
    for (qint64 n : m_counts)
        max = std::max(max, n);
    series->setBarWidth(0.7);
    chart->addSeries(series);
    auto *categoryAxis = new QBarCategoryAxis;
    categoryAxis->append(labels);
    auto *countAxis = new QValueAxis;
    fitValueAxis(countAxis, max);
    chart->addAxis(categoryAxis, Qt::AlignLeft);
    chart->addAxis(countAxis, Qt::AlignBottom);
    series->attachAxis(categoryAxis);
    series->attachAxis(countAxis);
    styleChart(chart);
    const QList<QBarSet *> sets = series->barSets();
    for (qsizetype i = 0; i < sets.size(); ++i) {
        const QColor color = severityColor(groups.at(size_t(i)).first, palette());
        sets.at(i)->setColor(color);
        sets.at(i)->setBorderColor(color);
        sets.at(i)->setLabelColor(palette().color(QPalette::Text));
    }

    // Delays: how long after the Pixel hit its server twin was sent.
    QChart *delays = m_delayView->chart();
    clear(delays);
    delays->setTitle(m_delays.pairs ? u"Server sent after the Pixel (%1 pairs, median %2)"_s.arg(m_delays.pairs).arg(
                                          dedup::formatDuration(m_delays.medianMs))
                                    : u"Server sent after the Pixel"_s);
    auto *bars = new QBarSeries;
    auto *set = new QBarSet(u"pairs"_s);
    QStringList binLabels;
    qint64 top = 0;
    for (const dedup::DelayHistogram::Bin &bin : m_delays.bins) {
        *set << double(bin.pairs);
        binLabels << bin.label;
        top = std::max(top, bin.pairs);
    }
    bars->append(set);
    bars->setBarWidth(0.85);
    delays->addSeries(bars);
    auto *binAxis = new QBarCategoryAxis;
    binAxis->append(binLabels);
    auto *pairAxis = new QValueAxis;
    fitValueAxis(pairAxis, top);
    delays->addAxis(binAxis, Qt::AlignBottom);
    delays->addAxis(pairAxis, Qt::AlignLeft);
    bars->attachAxis(binAxis);
    bars->attachAxis(pairAxis);
    delays->legend()->setVisible(false);
    styleChart(delays);
    const QColor accent = palette().color(QPalette::Highlight);
    set->setColor(accent);
    set->setBorderColor(accent);
}

} // namespace capiqa::gui
