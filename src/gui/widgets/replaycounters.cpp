#include "replaycounters.h"

#include <QtCore/QLocale>
#include <QtWidgets/QBoxLayout>
#include <QtWidgets/QLabel>

using namespace Qt::StringLiterals;

namespace capiqa::gui {

ReplayCounters::ReplayCounters(QWidget *parent)
    : QWidget(parent)
{
    struct Counter { const char16_t *key; const char16_t *title; const char16_t *tip; };
    static constexpr Counter counters[] = {
        {u"sent", u"Sent", u"Handed to the client, of the planned events"},
        {u"accepted", u"Accepted", u"Graph answered 200 for their request"},
        {u"rejected", u"Rejected", u"Graph answered an error (decoded in the results)"},
        {u"cancelled", u"Cancelled", u"Never left capiqa"},
        {u"unknown", u"Unknown", u"May or may not have arrived (includes those in flight)"},
        {u"retries", u"Retries", u"Attempts beyond the first, summed over events"},
    };
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    for (const Counter &c : counters) {
        auto *label = new QLabel(this);
        label->setObjectName(u"counter_"_s + QString::fromUtf16(c.key));
        label->setFrameShape(QFrame::StyledPanel);
        label->setAlignment(Qt::AlignCenter);
        label->setMinimumWidth(86);
        label->setToolTip(QString::fromUtf16(c.tip));
        label->setProperty("title", QString::fromUtf16(c.title));
        layout->addWidget(label);
        m_labels.insert(QString::fromUtf16(c.key), label);
    }
    setCounts({});
}

void ReplayCounters::show(const QString &key, qint64 value, const QString &detail)
{
    QLabel *label = m_labels.value(key);
    label->setText(u"<small>%1</small><br><span style=\"font-size:14pt;font-weight:600\">%2</span>%3"_s.arg(
        label->property("title").toString(), QLocale().toString(value), detail.isEmpty() ? QString() : u"<br><small>"_s + detail + u"</small>"_s));
    label->setProperty("count", value);
}

void ReplayCounters::setCounts(const replay::ReplayCounts &c)
{
    show(u"sent"_s, c.sent, u"of %1"_s.arg(QLocale().toString(c.planned)));
    show(u"accepted"_s, c.accepted, {});
    show(u"rejected"_s, c.rejected, {});
    show(u"cancelled"_s, c.cancelled, {});
    show(u"unknown"_s, c.unknown, c.inFlight ? u"%1 in flight"_s.arg(c.inFlight) : QString());
    show(u"retries"_s, c.retries, c.retried ? u"%1 event(s)"_s.arg(c.retried) : QString());
}

qint64 ReplayCounters::count(const QString &key) const
{
    const QLabel *label = m_labels.value(key);
    return label ? label->property("count").toLongLong() : -1;
}

} // namespace capiqa::gui
