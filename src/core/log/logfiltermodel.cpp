#include "logfiltermodel.h"

namespace capiqa::log {

LogFilterModel::LogFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    // A log stays in arrival order; sorting 100,000 rows on every batch would cost more than
    // it is worth.
    setDynamicSortFilter(false);
}

LogFilterModel::~LogFilterModel() = default;

QString LogFilterModel::text() const
{
    return m_text;
}

void LogFilterModel::setText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_text)
        return;
    m_text = trimmed;
    refilter();
}

std::optional<StatusClass> LogFilterModel::statusClass() const
{
    return m_statusClass;
}

void LogFilterModel::setStatusClass(std::optional<StatusClass> statusClass)
{
    if (statusClass == m_statusClass)
        return;
    m_statusClass = statusClass;
    refilter();
}

QString LogFilterModel::profile() const
{
    return m_profile;
}

void LogFilterModel::setProfile(const QString &profile)
{
    if (profile == m_profile)
        return;
    m_profile = profile;
    refilter();
}

bool LogFilterModel::onlyErrors() const
{
    return m_onlyErrors;
}

void LogFilterModel::setOnlyErrors(bool onlyErrors)
{
    if (onlyErrors == m_onlyErrors)
        return;
    m_onlyErrors = onlyErrors;
    refilter();
}

void LogFilterModel::refilter()
{
    invalidateRowsFilter();
    Q_EMIT filterChanged();
}

bool LogFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QAbstractItemModel *source = sourceModel();
    if (!source)
        return false;
    const QModelIndex index = source->index(sourceRow, 0, sourceParent);
    // Cheapest tests first: most rows are decided before any string is searched.
    if (m_onlyErrors && !index.data(IsErrorRole).toBool())
        return false;
    if (m_statusClass && index.data(StatusClassRole).toInt() != int(*m_statusClass))
        return false;
    if (!m_profile.isEmpty() && index.data(ProfileRole).toString() != m_profile)
        return false;
    if (m_text.isEmpty())
        return true;
    for (const int role : {UrlRole, MessageRole, ErrorRole, FbtraceIdRole, ProfileRole}) {
        if (index.data(role).toString().contains(m_text, Qt::CaseInsensitive))
            return true;
    }
    const int status = index.data(HttpStatusRole).toInt();
    return status > 0 && QString::number(status).contains(m_text);
}

} // namespace capiqa::log
