#include "outcomemodel.h"

using namespace Qt::StringLiterals;

namespace capiqa::replay {

OutcomeModel::OutcomeModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

int OutcomeModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int OutcomeModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant OutcomeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const EventOutcome &o = m_rows.at(index.row());
    if (role == StatusRole)
        return int(o.status);
    if (role == EventIndexRole)
        return o.index;
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (Column(index.column())) {
    case IndexColumn: return o.index + 1;
    case UserColumn: return o.user + 1;
    case StepColumn: return o.step + 1;
    case EventColumn: return o.eventName;
    case EventIdColumn: return o.eventId;
    case StatusColumn: return statusName(o.status);
    case RetriesColumn: return o.retries;
    case HttpColumn: return o.httpStatus == 0 ? QVariant() : QVariant(o.httpStatus);
    case ErrorColumn: return o.error;
    case ColumnCount: break;
    }
    return {};
}

QVariant OutcomeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= ColumnCount)
        return {};
    static const QStringList headers{u"#"_s,      u"User"_s,    u"Step"_s, u"Event"_s, u"event_id"_s,
                                     u"Status"_s, u"Retries"_s, u"HTTP"_s, u"Error"_s};
    return headers.at(section);
}

QHash<int, QByteArray> OutcomeModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(StatusRole, "status");
    names.insert(EventIndexRole, "eventIndex");
    return names;
}

void OutcomeModel::append(const QList<EventOutcome> &outcomes)
{
    QList<EventOutcome> fresh;
    QHash<qint64, qsizetype> freshPosition; // the same event twice in one call: the later wins
    for (const EventOutcome &o : outcomes) {
        if (const auto it = m_rowOfEvent.constFind(o.index); it != m_rowOfEvent.constEnd()) {
            m_rows[*it] = o;
            Q_EMIT dataChanged(index(*it, 0), index(*it, ColumnCount - 1));
        } else if (const auto f = freshPosition.constFind(o.index); f != freshPosition.constEnd()) {
            fresh[*f] = o;
        } else {
            freshPosition.insert(o.index, fresh.size());
            fresh << o;
        }
    }
    if (fresh.isEmpty())
        return;
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(fresh.size()) - 1);
    for (const EventOutcome &o : std::as_const(fresh)) {
        m_rowOfEvent.insert(o.index, int(m_rows.size()));
        m_rows << o;
    }
    endInsertRows();
}

void OutcomeModel::clear()
{
    if (m_rows.isEmpty())
        return;
    beginResetModel();
    m_rows.clear();
    m_rowOfEvent.clear();
    endResetModel();
}

} // namespace capiqa::replay
