#include "models/profiledisplayproxy.h"

#include "settings/profilelistmodel.h"

#include <QtGui/QColor>
#include <QtGui/QFont>

using namespace Qt::StringLiterals;
using capiqa::settings::ProfileListModel;

namespace capiqa::gui {

ProfileDisplayProxy::ProfileDisplayProxy(QObject *parent)
    : QIdentityProxyModel(parent)
{
}

QColor ProfileDisplayProxy::productionColor()
{
    return QColor(0xd3, 0x2f, 0x2f);
}

QVariant ProfileDisplayProxy::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    // Facts are read from the source: asking `index` would come back here.
    const QModelIndex fact = mapToSource(index);
    const bool isDefault = fact.data(ProfileListModel::IsDefaultRole).toBool();
    const bool production = fact.data(ProfileListModel::IsProductionRole).toBool();
    const QString errors = fact.data(ProfileListModel::ErrorsRole).toString();
    switch (role) {
    case Qt::DisplayRole: {
        QString text = fact.data(ProfileListModel::NameRole).toString();
        if (isDefault)
            text += u"  (default)"_s;
        if (production)
            text += u"  · PRODUCTION"_s;
        if (!errors.isEmpty())
            text += u"  · needs fixing"_s;
        return text;
    }
    case Qt::FontRole:
        if (isDefault) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case Qt::ForegroundRole:
        if (production)
            return productionColor();
        return {};
    case Qt::ToolTipRole: {
        const QString pixel = fact.data(ProfileListModel::PixelIdRole).toString();
        QString tip = production
            ? u"PRODUCTION: real events to pixel %1"_s.arg(pixel)
            : u"Test mode: pixel %1, test event code %2"_s.arg(
                  pixel, fact.data(ProfileListModel::TestEventCodeRole).toString());
        if (isDefault)
            tip += u"\nThe default profile."_s;
        if (!errors.isEmpty())
            tip += u'\n' + errors;
        return tip;
    }
    default:
        return QIdentityProxyModel::data(index, role);
    }
}

} // namespace capiqa::gui
