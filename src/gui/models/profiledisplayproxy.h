#pragma once

#include <QtCore/QIdentityProxyModel>

namespace capiqa::gui {

/// Styles a settings::ProfileListModel for lists and pickers: the default profile in bold and
/// marked "default", production profiles in red with a "PRODUCTION" tag, profiles a hand edit
/// broke marked as needing a fix; the facts stay in the source model's roles.
class ProfileDisplayProxy final : public QIdentityProxyModel
{
    Q_OBJECT
public:
    explicit ProfileDisplayProxy(QObject *parent = nullptr);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    /// The colour production is shown in, readable on light and dark palettes.
    static QColor productionColor();
};

} // namespace capiqa::gui
