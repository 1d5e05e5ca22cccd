#include "runhistorypanel.h"

#include <QtCore/QDateTime>
#include <QtCore/QFileInfo>
#include <QtWidgets/QBoxLayout>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QTreeWidget>

using namespace Qt::StringLiterals;

namespace capiqa::gui {

using replay::ReplayCounts;
using replay::RunRecord;
using replay::RunState;

namespace {

enum Column : int { RunColumn, StartedColumn, StateColumn, FunnelColumn, PlannedColumn, AcceptedColumn, RejectedColumn,
                    UnknownColumn, NotSentColumn, ColumnCount };
enum Role : int { RunIdRole = Qt::UserRole + 1, UnknownRole, ResumableRole };

} // namespace

RunHistoryPanel::RunHistoryPanel(const QString &runsDatabase, QWidget *parent)
    : QWidget(parent)
    , m_path(runsDatabase)
    , m_tree(new QTreeWidget(this))
    , m_resume(new QPushButton(u"Resume"_s, this))
    , m_resend(new QPushButton(u"Re-send Unknown…"_s, this))
    , m_export(new QPushButton(u"Export Report…"_s, this))
    , m_note(new QLabel(this))
{
    m_tree->setObjectName(u"historyTree"_s);
    m_resume->setObjectName(u"historyResumeButton"_s);
    m_resend->setObjectName(u"resendUnknownButton"_s);
    m_export->setObjectName(u"historyExportButton"_s);
    m_tree->setRootIsDecorated(false);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->setHeaderLabels({u"Run"_s, u"Started"_s, u"State"_s, u"Funnel"_s, u"Events"_s, u"Accepted"_s, u"Rejected"_s,
                             u"Unknown"_s, u"Not sent"_s});
    m_tree->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_tree->header()->setSectionResizeMode(FunnelColumn, QHeaderView::Stretch);
    m_tree->header()->setStretchLastSection(false);
    m_resume->setToolTip(u"Send the events of this run that were never sent or were cancelled before they left. "
                         "Accepted and rejected events are not sent again."_s);
    m_resend->setToolTip(u"Resume, and send again the events whose fate is unknown (in flight when the run stopped)."_s);
    m_note->setWordWrap(true);
    m_note->setText(u"<small>Unknown events may or may not have reached Meta. Re-sending them is safe when their event_id is "
                    "kept: a resumed run makes each event again with the same event_id (the run's seed is kept), and Meta "
                    "deduplicates events with the same event_name and event_id received within 48 hours. An event without "
                    "event_id would be counted twice.</small>"_s);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_resume);
    buttons->addWidget(m_resend);
    buttons->addStretch();
    buttons->addWidget(m_export);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tree);
    layout->addLayout(buttons);
    layout->addWidget(m_note);

    connect(m_tree, &QTreeWidget::itemSelectionChanged, this, &RunHistoryPanel::updateButtons);
    connect(m_resume, &QPushButton::clicked, this, [this] { Q_EMIT resumeRequested(selectedRunId(), false); });
    connect(m_resend, &QPushButton::clicked, this, [this] { Q_EMIT resumeRequested(selectedRunId(), true); });
    connect(m_export, &QPushButton::clicked, this, [this] { Q_EMIT exportRequested(selectedRunId()); });
    updateButtons();
}

void RunHistoryPanel::reload()
{
    const qint64 selected = selectedRunId();
    m_tree->clear();
    if (!m_store.isOpen() && !QFileInfo::exists(m_path)) { // no run yet: opening would create the file
        updateButtons();
        return;
    }
    if (!m_store.isOpen() && !m_store.open(m_path)) {
        m_note->setText(u"<span style=\"color:#dc2626\">%1</span>"_s.arg(m_store.errorString().toHtmlEscaped()));
        updateButtons();
        return;
    }
    const QList<RunRecord> runs = m_store.runs(MaxRuns);
    QList<QTreeWidgetItem *> items;
    for (const RunRecord &r : runs) {
        const ReplayCounts c = m_store.counts(r.id, r.planned);
        auto *item = new QTreeWidgetItem;
        item->setData(RunColumn, Qt::DisplayRole, r.id);
        item->setData(RunColumn, RunIdRole, r.id);
        item->setData(RunColumn, UnknownRole, c.unknown);
        const bool complete = c.accepted + c.rejected == r.planned;
        item->setData(RunColumn, ResumableRole, !complete); // a run left "running" died with its process
        item->setText(StartedColumn, QDateTime::fromMSecsSinceEpoch(r.createdMs).toString(u"yyyy-MM-dd hh:mm:ss"_s));
        item->setText(StateColumn, replay::runStateName(r.state));
        item->setText(FunnelColumn, r.funnelName.isEmpty() ? QFileInfo(r.funnelPath).fileName() : r.funnelName);
        item->setToolTip(FunnelColumn, r.funnelPath);
        item->setToolTip(StateColumn, r.message);
        const qint64 numbers[] = {r.planned, c.accepted, c.rejected, c.unknown, c.notSent()};
        for (int i = 0; i < 5; ++i) {
            item->setData(PlannedColumn + i, Qt::DisplayRole, numbers[i]);
            item->setTextAlignment(PlannedColumn + i, Qt::AlignRight | Qt::AlignVCenter);
        }
        items.append(item);
    }
    m_tree->addTopLevelItems(items);
    if (selected != 0)
        selectRun(selected);
    updateButtons();
}

qint64 RunHistoryPanel::selectedRunId() const
{
    const QList<QTreeWidgetItem *> selected = m_tree->selectedItems();
    return selected.isEmpty() ? 0 : selected.constFirst()->data(RunColumn, RunIdRole).toLongLong();
}

void RunHistoryPanel::selectRun(qint64 runId)
{
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_tree->topLevelItem(i);
        if (item->data(RunColumn, RunIdRole).toLongLong() == runId) {
            m_tree->setCurrentItem(item);
            return;
        }
    }
}

void RunHistoryPanel::setRunning(bool running)
{
    m_running = running;
    updateButtons();
}

void RunHistoryPanel::updateButtons()
{
    const QList<QTreeWidgetItem *> selected = m_tree->selectedItems();
    const QTreeWidgetItem *item = selected.isEmpty() ? nullptr : selected.constFirst();
    const bool resumable = item && item->data(RunColumn, ResumableRole).toBool();
    m_resume->setEnabled(!m_running && resumable);
    m_resend->setEnabled(!m_running && item && item->data(RunColumn, UnknownRole).toLongLong() > 0);
    m_export->setEnabled(item != nullptr);
}

} // namespace capiqa::gui
