#include "replaychart.h"

#include <QtCharts/QChart>
#include <QtCharts/QLegend>
#include <QtCharts/QLineSeries>
#include <QtCharts/QValueAxis>
#include <QtCore/QEvent>
#include <QtGui/QPen>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace capiqa::gui {

ReplayChart::ReplayChart(QWidget *parent)
    : QChartView(parent)
    , m_sent(new QLineSeries)
    , m_accepted(new QLineSeries)
    , m_failed(new QLineSeries)
    , m_x(new QValueAxis)
    , m_y(new QValueAxis)
{
    auto *chart = new QChart;
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->legend()->setAlignment(Qt::AlignTop);
    m_sent->setName(u"Sent"_s);
    m_accepted->setName(u"Accepted"_s);
    m_failed->setName(u"Failed"_s);
    m_x->setTitleText(u"seconds"_s);
    m_x->setLabelFormat(u"%.0f"_s);
    m_y->setLabelFormat(u"%.0f"_s);
    chart->addAxis(m_x, Qt::AlignBottom);
    chart->addAxis(m_y, Qt::AlignLeft);
    for (QLineSeries *s : {m_sent, m_accepted, m_failed}) {
        chart->addSeries(s);
        s->attachAxis(m_x);
        s->attachAxis(m_y);
    }
    // The view owns the chart, the chart the series and axes; the view's default chart is
    // handed back by setChart() and would leak.
    QChart *const defaultChart = this->chart();
    setChart(chart);
    delete defaultChart;
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(160);
    clear();
    applyPalette();
}

void ReplayChart::clear()
{
    for (QLineSeries *s : {m_sent, m_accepted, m_failed})
        s->clear();
    m_maxY = 10;
    m_x->setRange(0, 10);
    m_y->setRange(0, m_maxY);
    m_x->applyNiceNumbers();
    m_y->applyNiceNumbers();
}

void ReplayChart::addSample(qint64 elapsedMs, const replay::ReplayCounts &c)
{
    const double x = double(elapsedMs) / 1000.0;
    const qint64 failed = c.rejected + c.cancelled + (c.unknown - c.inFlight);
    m_sent->append(x, double(c.sent));
    m_accepted->append(x, double(c.accepted));
    m_failed->append(x, double(failed));
    if (m_sent->count() > MaxPoints)
        thin();
    m_maxY = std::max({m_maxY, double(c.sent) * 1.05, double(c.accepted) * 1.05});
    m_x->setRange(0, std::max(10.0, x));
    m_y->setRange(0, m_maxY);
    m_x->applyNiceNumbers(); // round ticks (0, 2, 4 … s) rather than thirds of the range
    m_y->applyNiceNumbers();
}

void ReplayChart::thin()
{
    // Every other point of the older half goes: recent progress keeps its detail.
    for (QLineSeries *s : {m_sent, m_accepted, m_failed}) {
        const QList<QPointF> points = s->points();
        QList<QPointF> kept;
        kept.reserve(points.size());
        const qsizetype half = points.size() / 2;
        for (qsizetype i = 0; i < points.size(); ++i) {
            if (i >= half || i % 2 == 0)
                kept.append(points.at(i));
        }
        s->replace(kept);
    }
}

void ReplayChart::changeEvent(QEvent *event)
{
    QChartView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyPalette();
}

void ReplayChart::applyPalette()
{
    const bool dark = palette().color(QPalette::Base).lightnessF() < 0.5;
    chart()->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    chart()->setBackgroundBrush(palette().color(QPalette::Base));
    chart()->setBackgroundRoundness(4);
    // The theme resets the series' pens: the same meaning colours as the results table.
    const auto pen = [](const QColor &color) {
        QPen p(color);
        p.setWidthF(2.0);
        return p;
    };
    m_sent->setPen(pen(dark ? QColor(0x93, 0xc5, 0xfd) : QColor(0x1d, 0x4e, 0xd8)));
    m_accepted->setPen(pen(dark ? QColor(0x4a, 0xde, 0x80) : QColor(0x15, 0x80, 0x3d)));
    m_failed->setPen(pen(dark ? QColor(0xf8, 0x71, 0x71) : QColor(0xb9, 0x1c, 0x1c)));
    const QColor text = palette().color(QPalette::Text);
    chart()->legend()->setLabelColor(text);
    for (QValueAxis *a : {m_x, m_y}) {
        a->setLabelsColor(text);
        a->setTitleBrush(text);
    }
}

} // namespace capiqa::gui
