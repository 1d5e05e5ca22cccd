#pragma once

#include "event/eventmapping.h"

#include <QtWidgets/QDialog>

QT_BEGIN_NAMESPACE
class QLabel;
class QTableWidget;
QT_END_NAMESPACE

namespace capiqa::gui {

/// Edits the app-event mapping table (your app's event names → Conversions API names, seed 000)
/// as a plain table. OK is refused while a row is incomplete or an app event appears twice.
class MappingDialog final : public QDialog
{
    Q_OBJECT
public:
    explicit MappingDialog(const event::EventMapping &mapping, QWidget *parent = nullptr);

    /// The table as edited; valid after accept().
    event::EventMapping mapping() const { return m_result; }
    QTableWidget *table() const { return m_table; }

    void accept() override;

private:
    void fill(const event::EventMapping &mapping);

    QTableWidget *m_table;
    QLabel *m_error;
    event::EventMapping m_result;
};

} // namespace capiqa::gui
