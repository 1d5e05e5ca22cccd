#pragma once

#include "dedup/payloaddiff.h"

#include <QtWidgets/QTreeWidget>

namespace capiqa::gui {

/// The payloads of two events side by side, a row per field; the fields that differ are
/// highlighted, the fields only one side sent are dimmed.
class PayloadDiffView final : public QTreeWidget
{
    Q_OBJECT

public:
    explicit PayloadDiffView(QWidget *parent = nullptr);

    void showComparison(const QList<dedup::FieldComparison> &rows, const QString &leftTitle, const QString &rightTitle);
    /// One event with no counterpart: its fields alone.
    void showSingle(const QList<dedup::PayloadField> &fields, const QString &title);
    void clearComparison();

    /// The fields highlighted as different, in the order shown.
    QStringList differingFields() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void restyle();
};

} // namespace capiqa::gui
