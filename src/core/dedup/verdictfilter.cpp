#include "verdictfilter.h"

#include "verdictmodel.h"

namespace capiqa::dedup {

VerdictFilterModel::VerdictFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
}

void VerdictFilterModel::setText(const QString &text)
{
    const QStringList words = text.split(u' ', Qt::SkipEmptyParts);
    if (words == m_words)
        return;
    m_words = words;
    invalidate(); // one re-map, not one removal per range: much faster on big tables
}

void VerdictFilterModel::setCategory(std::optional<Category> category)
{
    if (category == m_category)
        return;
    m_category = category;
    invalidate(); // one re-map, not one removal per range: much faster on big tables
}

void VerdictFilterModel::setSide(std::optional<capture::Side> side)
{
    if (side == m_side)
        return;
    m_side = side;
    invalidate(); // one re-map, not one removal per range: much faster on big tables
}

bool VerdictFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    // A VerdictModel is read directly: through QVariant roles a million rows take seconds.
    if (const auto *verdicts = qobject_cast<const VerdictModel *>(sourceModel()); verdicts && verdicts->analysis()) {
        const DedupAnalysis &a = *verdicts->analysis();
        const capture::CapturedEvent &e = a.captures.events[size_t(sourceRow)];
        const Category category = a.result.verdicts[size_t(sourceRow)].category;
        if ((m_category && category != *m_category) || (m_side && e.side != *m_side))
            return false;
        for (const QString &word : m_words) {
            const bool hit = e.eventName.contains(word, Qt::CaseInsensitive) || e.eventId.contains(word, Qt::CaseInsensitive)
                || e.pixelId.contains(word, Qt::CaseInsensitive) || e.currency.contains(word, Qt::CaseInsensitive)
                || categoryName(category).contains(word, Qt::CaseInsensitive)
                || sourceModel()->index(sourceRow, 0, sourceParent).data(VerdictModel::SourceRole).toString().contains(word, Qt::CaseInsensitive);
            if (!hit)
                return false;
        }
        return true;
    }
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (m_category && index.data(VerdictModel::CategoryRole).toInt() != int(*m_category))
        return false;
    if (m_side && index.data(VerdictModel::SideRole).toInt() != int(*m_side))
        return false;
    if (m_words.isEmpty())
        return true;
    const QString haystack = index.data(VerdictModel::SearchTextRole).toString();
    for (const QString &word : m_words) {
        if (!haystack.contains(word, Qt::CaseInsensitive))
            return false;
    }
    return true;
}

bool VerdictFilterModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    switch (left.column()) {
    case VerdictModel::ValueColumn:
        return left.data(VerdictModel::ValueRole).toDouble() < right.data(VerdictModel::ValueRole).toDouble();
    case VerdictModel::TimeColumn:
        return left.data(VerdictModel::TimeRole).toLongLong() < right.data(VerdictModel::TimeRole).toLongLong();
    default: return QSortFilterProxyModel::lessThan(left, right);
    }
}

} // namespace capiqa::dedup
