#include "outcomefilterproxy.h"

#include "replay/outcomemodel.h"

using namespace Qt::StringLiterals;

namespace capiqa::gui {

using replay::OutcomeModel;
using replay::OutcomeStatus;

OutcomeFilterProxy::OutcomeFilterProxy(const QPalette &palette, QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(Qt::DisplayRole);
    setPalette(palette);
}

void OutcomeFilterProxy::setText(const QString &text)
{
    if (text == m_text)
        return;
    m_text = text;
    invalidateRowsFilter();
}

void OutcomeFilterProxy::setFailuresOnly(bool only)
{
    if (only == m_failuresOnly)
        return;
    m_failuresOnly = only;
    invalidateRowsFilter();
}

void OutcomeFilterProxy::setPalette(const QPalette &palette)
{
    // Fixed shades per theme, chosen for a WCAG AA contrast on the view's base colour (the
    // tests check it): a status must read the same at a glance in light and dark themes.
    const QColor base = palette.color(QPalette::Base);
    const bool dark = base.lightnessF() < 0.5;
    m_accepted = dark ? QColor(0x4a, 0xde, 0x80) : QColor(0x15, 0x80, 0x3d);
    m_rejected = dark ? QColor(0xf8, 0x71, 0x71) : QColor(0xb9, 0x1c, 0x1c);
    m_doubtful = dark ? QColor(0xfb, 0xbf, 0x24) : QColor(0x92, 0x40, 0x0e);
    m_pending = palette.color(QPalette::PlaceholderText);
    m_rejectedRow = dark ? QColor(0x45, 0x1a, 0x1a) : QColor(0xfe, 0xf2, 0xf2);
    if (const int rows = rowCount(); rows > 0)
        Q_EMIT dataChanged(index(0, 0), index(rows - 1, columnCount() - 1));
}

QColor OutcomeFilterProxy::statusColor(OutcomeStatus status) const
{
    switch (status) {
    case OutcomeStatus::Accepted: return m_accepted;
    case OutcomeStatus::Rejected: return m_rejected;
    case OutcomeStatus::Cancelled:
    case OutcomeStatus::Unknown: return m_doubtful;
    case OutcomeStatus::Pending:
    case OutcomeStatus::InFlight: break;
    }
    return m_pending;
}

QVariant OutcomeFilterProxy::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const auto status = OutcomeStatus(QSortFilterProxyModel::data(index, OutcomeModel::StatusRole).toInt());
    switch (role) {
    case Qt::ForegroundRole:
        if (index.column() == OutcomeModel::StatusColumn || (index.column() == OutcomeModel::ErrorColumn && status != OutcomeStatus::Accepted))
            return statusColor(status);
        break;
    case Qt::BackgroundRole:
        if (status == OutcomeStatus::Rejected)
            return m_rejectedRow;
        break;
    case Qt::TextAlignmentRole:
        switch (index.column()) {
        case OutcomeModel::IndexColumn:
        case OutcomeModel::UserColumn:
        case OutcomeModel::StepColumn:
        case OutcomeModel::RetriesColumn:
        case OutcomeModel::HttpColumn: return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        default: break;
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == OutcomeModel::StatusColumn && status == OutcomeStatus::Unknown)
            return u"It may or may not have arrived (in flight when the run stopped, or no answer after the last retry). "
                   "Re-sending it is safe when its event_id is kept: Meta deduplicates the copy."_s;
        break;
    default: break;
    }
    return QSortFilterProxyModel::data(index, role);
}

bool OutcomeFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QAbstractItemModel *source = sourceModel();
    const QModelIndex first = source->index(sourceRow, 0, sourceParent);
    const auto status = OutcomeStatus(source->data(first, OutcomeModel::StatusRole).toInt());
    if (m_failuresOnly && (status == OutcomeStatus::Accepted || !replay::isFinal(status)))
        return false;
    if (m_text.isEmpty())
        return true;
    for (const int column : {int(OutcomeModel::EventColumn), int(OutcomeModel::EventIdColumn), int(OutcomeModel::StatusColumn),
                             int(OutcomeModel::ErrorColumn)}) {
        if (source->data(source->index(sourceRow, column, sourceParent)).toString().contains(m_text, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

bool OutcomeFilterProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    // Numbers as numbers (the model gives qint64 / int); an empty HTTP status sorts first.
    const QVariant l = left.data();
    const QVariant r = right.data();
    if (l.typeId() == QMetaType::QString || r.typeId() == QMetaType::QString)
        return QString::localeAwareCompare(l.toString(), r.toString()) < 0;
    return l.toLongLong() < r.toLongLong();
}

} // namespace capiqa::gui
