#include "verdictdisplaymodel.h"

#include "dedup/verdictmodel.h"

#include <QtGui/QFontDatabase>

using namespace Qt::StringLiterals;

namespace capiqa::gui {

using dedup::Category;
using dedup::Effect;
using dedup::VerdictModel;

Severity severityOf(Category category)
{
    switch (category) {
    case Category::Deduplicated: return Severity::Good;
    case Category::BrowserOnly:
    case Category::ServerOnly: return Severity::Neutral;
    case Category::MissingEventId:
    case Category::DuplicateSameSide:
    case Category::TimeUnitError: return Severity::Warning;
    case Category::IdMismatch:
    case Category::NameMismatch:
    case Category::PixelMismatch:
    case Category::OutsideWindow: return Severity::Bad;
    }
    return Severity::Neutral;
}

QColor severityColor(Severity severity, const QPalette &palette)
{
    // Tailwind's 700 shades on light bases, its 400 shades on dark ones: both keep a contrast
    // of at least 4.5 with their base.
    const bool dark = palette.color(QPalette::Base).lightnessF() < 0.5;
    switch (severity) {
    case Severity::Good: return dark ? QColor(0x4a, 0xde, 0x80) : QColor(0x15, 0x80, 0x3d);
    case Severity::Neutral: return dark ? QColor(0x60, 0xa5, 0xfa) : QColor(0x1d, 0x4e, 0xd8);
    case Severity::Warning: return dark ? QColor(0xfb, 0xbf, 0x24) : QColor(0xa1, 0x62, 0x07);
    case Severity::Bad: return dark ? QColor(0xf8, 0x71, 0x71) : QColor(0xb9, 0x1c, 0x1c);
    }
    return palette.color(QPalette::Text);
}

QColor severityWash(Severity severity, const QPalette &palette, double share)
{
    const QColor base = palette.color(QPalette::Base);
    const QColor tint = severityColor(severity, palette);
    const auto channel = [share](float b, float t) { return float(b * (1 - share) + t * share); };
    return QColor::fromRgbF(channel(base.redF(), tint.redF()), channel(base.greenF(), tint.greenF()), channel(base.blueF(), tint.blueF()));
}

VerdictDisplayModel::VerdictDisplayModel(const QPalette &palette, QObject *parent)
    : QIdentityProxyModel(parent)
    , m_mono(QFontDatabase::systemFont(QFontDatabase::FixedFont))
{
    setPalette(palette);
}

void VerdictDisplayModel::setPalette(const QPalette &palette)
{
    m_palette = palette;
    m_problemBackground = severityWash(Severity::Bad, palette, 0.1);
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
}

QVariant VerdictDisplayModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const int column = index.column();
    switch (role) {
    case Qt::ForegroundRole: {
        if (column == VerdictModel::CategoryColumn)
            return severityColor(severityOf(Category(index.data(VerdictModel::CategoryRole).toInt())), m_palette);
        if (column == VerdictModel::EffectColumn) {
            const Effect effect = Effect(index.data(VerdictModel::EffectRole).toInt());
            if (effect == Effect::CountedAgain || effect == Effect::Rejected)
                return severityColor(Severity::Bad, m_palette);
            if (effect == Effect::MergedAway)
                return m_palette.color(QPalette::PlaceholderText);
        }
        return {};
    }
    case Qt::BackgroundRole: {
        const Effect effect = Effect(index.data(VerdictModel::EffectRole).toInt());
        return effect == Effect::CountedAgain || effect == Effect::Rejected ? QVariant(m_problemBackground) : QVariant();
    }
    case Qt::FontRole:
        if (column == VerdictModel::EventIdColumn || column == VerdictModel::PixelColumn || column == VerdictModel::TimeColumn)
            return m_mono;
        if (column == VerdictModel::CategoryColumn) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::TextAlignmentRole:
        if (column == VerdictModel::ValueColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::DisplayRole:
        if (column == VerdictModel::EventIdColumn && index.data(VerdictModel::EventIdRole).toString().isEmpty())
            return u"(none)"_s;
        return QIdentityProxyModel::data(index, role);
    default: return QIdentityProxyModel::data(index, role);
    }
}

} // namespace capiqa::gui
