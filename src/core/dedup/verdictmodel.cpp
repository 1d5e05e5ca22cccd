#include "verdictmodel.h"

#include "explain.h"
#include "reportsink.h"

#include <QtCore/QDateTime>

using namespace Qt::StringLiterals;

namespace capiqa::dedup {

using capture::CapturedEvent;

VerdictModel::VerdictModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

int VerdictModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() || !m_analysis)
        return 0;
    return int(m_analysis->result.verdicts.size());
}

int VerdictModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

void VerdictModel::setAnalysis(DedupAnalysisPtr analysis)
{
    beginResetModel();
    // A cancelled or failed run has no verdicts for its events: show nothing rather than guess.
    if (analysis && analysis->result.verdicts.size() != analysis->captures.events.size())
        analysis.reset();
    m_analysis = std::move(analysis);
    endResetModel();
}

QVariant VerdictModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    const CapturedEvent &e = m_analysis->captures.events[size_t(row)];
    const EventVerdict &v = m_analysis->result.verdicts[size_t(row)];
    switch (role) {
    case Qt::DisplayRole: return display(row, index.column());
    case Qt::ToolTipRole: {
        const Explanation x = explain(m_analysis->captures.events, m_analysis->result, row);
        return x.fix.isEmpty() ? x.text : x.text + u"\n\nFix: "_s + x.fix;
    }
    case CategoryRole: return int(v.category);
    case SideRole: return int(e.side);
    case PixelRole: return e.pixelId;
    case NameRole: return e.eventName;
    case EventIdRole: return e.eventId;
    case TimeRole: return e.timeMs;
    case CounterpartRole: return int(v.counterpart);
    case EffectRole: return int(v.effect);
    case ExplanationRole: return explain(m_analysis->captures.events, m_analysis->result, row).text;
    case FixRole: return explain(m_analysis->captures.events, m_analysis->result, row).fix;
    case ValueRole: return e.hasValue ? QVariant(e.value) : QVariant();
    case CurrencyRole: return e.currency;
    case SourceRole: return display(row, -1);
    case SearchTextRole:
        return QStringList{categoryName(v.category), e.eventName, e.eventId, e.pixelId, e.currency, display(row, -1).toString()}
            .join(u'\n');
    default: break;
    }
    return {};
}

QVariant VerdictModel::display(int row, int column) const
{
    const CapturedEvent &e = m_analysis->captures.events[size_t(row)];
    const EventVerdict &v = m_analysis->result.verdicts[size_t(row)];
    switch (column) {
    case -1: { // the source, for SourceRole
        const QString path = e.file >= 0 && e.file < m_analysis->captures.files.size() ? m_analysis->captures.files.at(e.file).path
                                                                                        : QString();
        return path.isEmpty() ? QString() : path + u':' + QString::number(e.line);
    }
    case CategoryColumn: return categoryName(v.category);
    case SideColumn: return capture::sideName(e.side);
    case PixelColumn: return e.pixelId;
    case NameColumn: return e.eventName;
    case EventIdColumn: return e.eventId;
    case TimeColumn: // the exports carry ISO 8601 with ms; a table wants it short
        return e.timeMs ? QDateTime::fromMSecsSinceEpoch(e.timeMs, Qt::UTC).toString(u"yyyy-MM-dd HH:mm:ss"_s) : QString();
    case ValueColumn: return e.hasValue ? (QString::number(e.value, 'f', 2) + (e.currency.isEmpty() ? QString() : u' ' + e.currency))
                                        : QString();
    case EffectColumn: return effectName(v.effect);
    case CounterpartColumn: {
        if (v.counterpart < 0 || size_t(v.counterpart) >= m_analysis->captures.events.size())
            return QString();
        const CapturedEvent &c = m_analysis->captures.events[size_t(v.counterpart)];
        return u"#%1 %2 %3 %4"_s.arg(v.counterpart + 1).arg(capture::sideName(c.side), c.eventName,
                                                             c.eventId.isEmpty() ? u"(no id)"_s : c.eventId);
    }
    case ExplanationColumn: return explain(m_analysis->captures.events, m_analysis->result, row).text;
    default: break;
    }
    return {};
}

QVariant VerdictModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Vertical)
        return section + 1;
    if (section < 0 || section >= ColumnCount)
        return {};
    static const QStringList headers{u"Category"_s, u"Side"_s,   u"Pixel"_s,       u"Event"_s,      u"event_id"_s,
                                     u"Time (UTC)"_s, u"Value"_s, u"Meta counts"_s, u"Counterpart"_s, u"Explanation"_s};
    return headers.at(section);
}

QHash<int, QByteArray> VerdictModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(CategoryRole, "category");
    names.insert(SideRole, "side");
    names.insert(PixelRole, "pixelId");
    names.insert(NameRole, "eventName");
    names.insert(EventIdRole, "eventId");
    names.insert(TimeRole, "time");
    names.insert(CounterpartRole, "counterpart");
    names.insert(EffectRole, "effect");
    names.insert(ExplanationRole, "explanation");
    names.insert(FixRole, "fix");
    names.insert(ValueRole, "value");
    names.insert(CurrencyRole, "currency");
    names.insert(SourceRole, "source");
    names.insert(SearchTextRole, "searchText");
    return names;
}

} // namespace capiqa::dedup
