#pragma once

#include "replayoutcome.h"

#include <QtCore/QAbstractTableModel>
#include <QtCore/QHash>
#include <QtCore/QList>

namespace capiqa::replay {

/// The results table of a run: one row per event outcome, in the order outcomes arrive; an
/// event reported again (re-sent on resume) updates its row. Stores facts only (QtCore): a
/// GUI proxy turns statuses into colours and icons.
class OutcomeModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column : int { IndexColumn, UserColumn, StepColumn, EventColumn, EventIdColumn, StatusColumn, RetriesColumn,
                        HttpColumn, ErrorColumn, ColumnCount };
    enum Role : int {
        StatusRole = Qt::UserRole + 1, ///< OutcomeStatus as int, in every column (for filters)
        EventIndexRole,                ///< the event's index in the run (qint64)
    };

    explicit OutcomeModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    const EventOutcome &outcome(int row) const { return m_rows.at(row); }

    /// Adds new events as rows and updates the rows of events already shown.
    void append(const QList<capiqa::replay::EventOutcome> &outcomes);
    void clear();

private:
    QList<EventOutcome> m_rows;
    QHash<qint64, int> m_rowOfEvent;
};

} // namespace capiqa::replay
