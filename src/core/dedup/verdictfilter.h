#pragma once

#include "capture/capturedevent.h"
#include "dedupresult.h"

#include <QtCore/QSortFilterProxyModel>

#include <optional>

namespace capiqa::dedup {

/// Filters a VerdictModel by free text (event name, id, pixel, currency, category, source file;
/// case-insensitive, every word must match), by category and by side; sorts values numerically.
class VerdictFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit VerdictFilterModel(QObject *parent = nullptr);

    void setText(const QString &text);
    void setCategory(std::optional<Category> category);
    void setSide(std::optional<capture::Side> side);

    QString text() const { return m_words.join(u' '); }
    std::optional<Category> category() const { return m_category; }
    std::optional<capture::Side> side() const { return m_side; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QStringList m_words;
    std::optional<Category> m_category;
    std::optional<capture::Side> m_side;
};

} // namespace capiqa::dedup
