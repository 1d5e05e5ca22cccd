#pragma once

#include "dedupanalysis.h"

#include <QtCore/QAbstractTableModel>

namespace capiqa::dedup {

/// The verdicts of an analysis as a table, one row per event in capture order. Stores facts in
/// roles (QtCore only); a GUI proxy turns categories and effects into colours. Explanations are
/// written on demand, so a million rows hold no sentences.
class VerdictModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column : int { CategoryColumn, SideColumn, PixelColumn, NameColumn, EventIdColumn, TimeColumn, ValueColumn,
                        EffectColumn, CounterpartColumn, ExplanationColumn, ColumnCount };
    /// Every role answers in every column, so filters and views need not know the column.
    enum Role : int {
        CategoryRole = Qt::UserRole + 1, ///< Category as int
        SideRole,                        ///< capture::Side as int
        PixelRole,                       ///< QString
        NameRole,                        ///< QString
        EventIdRole,                     ///< QString ("" when none)
        TimeRole,                        ///< qint64 Unix ms (0: unknown)
        CounterpartRole,                 ///< int row of the related event, -1 when none
        EffectRole,                      ///< Effect as int
        ExplanationRole,                 ///< QString, one sentence
        FixRole,                         ///< QString ("" when nothing to fix)
        ValueRole,                       ///< double, or null when no value was sent
        CurrencyRole,                    ///< QString
        SourceRole,                      ///< QString "file:line"
        SearchTextRole,                  ///< QString: name, id, pixel, category and source, for text filters
    };

    explicit VerdictModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /// Shows an analysis (nullptr clears the table).
    void setAnalysis(DedupAnalysisPtr analysis);
    const DedupAnalysisPtr &analysis() const { return m_analysis; }

private:
    QVariant display(int row, int column) const;

    DedupAnalysisPtr m_analysis;
};

} // namespace capiqa::dedup
