#pragma once

#include "replay/replayoutcome.h"

#include <QtCore/QSortFilterProxyModel>
#include <QtGui/QColor>
#include <QtGui/QPalette>

namespace capiqa::gui {

/// The replay results table as shown: replay::OutcomeModel filtered by a text (event name,
/// event id, status or error) and optionally to the events that were not accepted, sortable,
/// with each status in a colour readable on the palette given (light or dark).
class OutcomeFilterProxy final : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit OutcomeFilterProxy(const QPalette &palette, QObject *parent = nullptr);

    void setText(const QString &text);
    QString text() const { return m_text; }
    /// Only rejected, cancelled and unknown events (the ones someone must look at).
    void setFailuresOnly(bool only);
    bool failuresOnly() const { return m_failuresOnly; }
    void setPalette(const QPalette &palette);

    QColor statusColor(replay::OutcomeStatus status) const;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QString m_text;
    bool m_failuresOnly = false;
    QColor m_accepted;
    QColor m_rejected;
    QColor m_doubtful; ///< cancelled and unknown
    QColor m_pending;
    QColor m_rejectedRow;
};

} // namespace capiqa::gui
