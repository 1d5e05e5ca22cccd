#pragma once

#include <QtCore/QHash>
#include <QtCore/QIdentityProxyModel>
#include <QtGui/QColor>
#include <QtGui/QIcon>
#include <QtGui/QPalette>

namespace capiqa::gui {

/// The WCAG 2 contrast ratio of two colours, from 1 (same) to 21 (black on white); text wants 4.5.
double contrastRatio(const QColor &a, const QColor &b);

/// Styles a log model (the roles of log/logcolumns.h) for a QTableView: status colours, an icon
/// per direction tinted by the outcome, alignment, monospace ids and tooltips. Colours are derived
/// from the palette given, so they stay readable on light and dark themes; call setPalette() when
/// the palette changes.
class LogDisplayModel final : public QIdentityProxyModel
{
    Q_OBJECT

public:
    explicit LogDisplayModel(const QPalette &palette, QObject *parent = nullptr);
    ~LogDisplayModel() override;

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setPalette(const QPalette &palette);

    /// What the colours mean, for the palette given (for tests and a legend).
    QColor successColor() const { return m_success; }
    QColor warningColor() const { return m_warning; }
    QColor errorColor() const { return m_error; }
    QColor errorRowBackground() const { return m_errorBackground; }

private:
    QVariant foreground(const QModelIndex &index) const;
    QVariant toolTip(const QModelIndex &index) const;
    QIcon directionIcon(int direction, const QColor &color) const;

    QColor m_text;
    QColor m_dim;
    QColor m_success;
    QColor m_warning;
    QColor m_error;
    QColor m_errorBackground;
    QColor m_outgoing;
    mutable QHash<quint64, QIcon> m_icons; // (direction, rgb) → icon
};

} // namespace capiqa::gui
