#include "mappingdialog.h"

#include <QtWidgets/QDialogButtonBox>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QTableWidget>
#include <QtWidgets/QVBoxLayout>

using namespace Qt::StringLiterals;

namespace capiqa::gui {

MappingDialog::MappingDialog(const event::EventMapping &mapping, QWidget *parent)
    : QDialog(parent)
    , m_table(new QTableWidget(0, 3, this))
    , m_error(new QLabel(this))
{
    setWindowTitle(u"App event mapping"_s);
    resize(640, 420);
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(u"Your app's own event names and the Conversions API event each one is sent as. Names are "
                             "case-sensitive, as Meta's are."_s, this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    m_table->setHorizontalHeaderLabels({u"App event"_s, u"Sent as (event_name)"_s, u"Note"_s});
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    layout->addWidget(m_table);
    m_error->setStyleSheet(u"color:#dc2626"_s);
    m_error->setWordWrap(true);
    layout->addWidget(m_error);

    auto *buttons = new QHBoxLayout;
    auto *add = new QPushButton(u"&Add"_s, this);
    auto *remove = new QPushButton(u"&Remove"_s, this);
    auto *defaults = new QPushButton(u"Reset to &defaults"_s, this);
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addWidget(defaults);
    buttons->addStretch();
    layout->addLayout(buttons);
    auto *box = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    layout->addWidget(box);

    connect(add, &QPushButton::clicked, this, [this] {
        m_table->insertRow(m_table->rowCount());
        m_table->setCurrentCell(m_table->rowCount() - 1, 0);
        m_table->editItem(m_table->item(m_table->rowCount() - 1, 0));
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        if (m_table->currentRow() >= 0)
            m_table->removeRow(m_table->currentRow());
    });
    connect(defaults, &QPushButton::clicked, this, [this] { fill(event::EventMapping()); });
    connect(box, &QDialogButtonBox::accepted, this, &MappingDialog::accept);
    connect(box, &QDialogButtonBox::rejected, this, &QDialog::reject);
    fill(mapping);
}

void MappingDialog::fill(const event::EventMapping &mapping)
{
    m_table->setRowCount(0);
    for (const auto &entry : mapping.entries()) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        m_table->setItem(row, 0, new QTableWidgetItem(entry.appEvent));
        m_table->setItem(row, 1, new QTableWidgetItem(entry.eventName));
        m_table->setItem(row, 2, new QTableWidgetItem(entry.note));
    }
    m_table->resizeColumnsToContents();
}

void MappingDialog::accept()
{
    event::EventMapping result;
    result.clear();
    const auto text = [this](int row, int column) {
        const QTableWidgetItem *item = m_table->item(row, column);
        return item ? item->text() : QString();
    };
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QString appEvent = text(row, 0);
        const QString eventName = text(row, 1);
        if (appEvent.isEmpty() && eventName.isEmpty())
            continue; // an empty row is simply dropped
        QString error;
        if (eventName.trimmed().isEmpty())
            error = u"no Conversions API event name"_s;
        else if (result.contains(appEvent))
            error = u"\"%1\" is listed twice"_s.arg(appEvent);
        else
            result.set(appEvent, eventName.trimmed(), text(row, 2), &error);
        if (!error.isEmpty()) {
            m_error->setText(u"Row %1: %2."_s.arg(row + 1).arg(error));
            m_table->setCurrentCell(row, eventName.trimmed().isEmpty() ? 1 : 0);
            return;
        }
    }
    m_result = result;
    QDialog::accept();
}

} // namespace capiqa::gui
