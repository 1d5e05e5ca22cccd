#pragma once

#include "dedup/dedupresult.h"

#include <QtCore/QIdentityProxyModel>
#include <QtGui/QColor>
#include <QtGui/QFont>
#include <QtGui/QPalette>

namespace capiqa::gui {

/// How bad a category is for the conversion count, which decides its colour.
enum class Severity : quint8 { Good, Neutral, Warning, Bad };
Severity severityOf(dedup::Category category);

/// The colour of a category's severity for text on `palette`'s base (readable on light and dark
/// themes); the charts and the table use the same.
QColor severityColor(Severity severity, const QPalette &palette);
/// The palette's base tinted with `share` of the severity's colour: a row background that keeps
/// the text on it readable.
QColor severityWash(Severity severity, const QPalette &palette, double share);

/// Styles a dedup::VerdictModel for a QTableView: the category and effect coloured by severity,
/// a tinted background on the rows Meta counts twice or rejects, monospace ids, right-aligned
/// values. Facts stay in the source model's roles.
class VerdictDisplayModel final : public QIdentityProxyModel
{
    Q_OBJECT

public:
    explicit VerdictDisplayModel(const QPalette &palette, QObject *parent = nullptr);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    void setPalette(const QPalette &palette);

    /// The background of rows counted twice or rejected (for tests and a legend).
    QColor problemRowBackground() const { return m_problemBackground; }

private:
    QPalette m_palette;
    QColor m_problemBackground;
    QFont m_mono;
};

} // namespace capiqa::gui
