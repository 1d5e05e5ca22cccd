#include "logpane.h"

#include "log/logbus.h"
#include "log/logdetail.h"
#include "log/logfiltermodel.h"
#include "log/logmodel.h"
#include "log/redact.h"
#include "models/logdisplaymodel.h"
#include "ui_logpane.h"

#include <QtCore/QDataStream>
#include <QtCore/QDateTime>
#include <QtCore/QLocale>
#include <QtCore/QThread>
#include <QtCore/QTimer>
#include <QtGui/QClipboard>
#include <QtGui/QFontDatabase>
#include <QtGui/QGuiApplication>
#include <QtGui/QKeyEvent>
#include <QtGui/QShortcut>
#include <QtWidgets/QFileDialog>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QMenu>
#include <QtWidgets/QMessageBox>
#include <QtWidgets/QScrollBar>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace capiqa::gui {

using log::ExportFormat;
using log::LogColumn;
using log::LogEntry;
using log::StatusClass;

namespace {

constexpr quint32 StateMagic = 0x4C6F6750; // "LogP"
constexpr quint8 StateVersion = 1;
/// Re-filtering 100,000 rows on every keystroke would stutter; wait for a pause in typing.
constexpr int FilterDelayMs = 150;

QString number(qint64 n)
{
    return QLocale().toString(n);
}

QString requestText(const LogEntry &e, bool bodiesDropped)
{
    QString text = e.method.isEmpty() ? e.url : e.method + u' ' + e.url;
    if (const QString headers = log::headersText(e.requestHeaders); !headers.isEmpty())
        text += u"\n\n"_s + headers;
    if (!e.requestBody.isEmpty())
        text += u"\n\n"_s + log::prettyBody(e.requestBody);
    else if (bodiesDropped)
        text += u"\n\n(body no longer kept: the pane keeps the bodies of the newest entries only)"_s;
    return log::redactSecrets(text);
}

QString responseText(const LogEntry &e, bool bodiesDropped)
{
    QString text;
    if (e.httpStatus > 0) {
        text = u"HTTP "_s + QString::number(e.httpStatus);
        if (const QString phrase = log::httpReasonPhrase(e.httpStatus); !phrase.isEmpty())
            text += u' ' + phrase;
    } else {
        text = u"No HTTP answer"_s;
    }
    if (e.durationMs >= 0)
        text += u"  ·  "_s + QString::number(e.durationMs) + u" ms"_s;
    if (e.attempt > 0)
        text += u"  ·  attempt "_s + QString::number(e.attempt);
    if (!e.error.isEmpty())
        text += u"\n"_s + e.error;
    if (const QString headers = log::headersText(e.responseHeaders); !headers.isEmpty())
        text += u"\n\n"_s + headers;
    if (!e.responseBody.isEmpty())
        text += u"\n\n"_s + log::prettyBody(e.responseBody);
    else if (bodiesDropped)
        text += u"\n\n(body no longer kept: the pane keeps the bodies of the newest entries only)"_s;
    return log::redactSecrets(text);
}

} // namespace

LogPane::LogPane(log::LogBus *bus, const QString &settingsKey, QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::LogPane>())
    , m_bus(bus)
{
    m_ui->setupUi(this);
    setObjectName(settingsKey);
    m_model = new log::LogModel(bus, this);
    m_filter = new log::LogFilterModel(this);
    m_filter->setSourceModel(m_model);
    m_display = new LogDisplayModel(palette(), this);
    m_display->setSourceModel(m_filter);

    setUpFilterBar();
    setUpTable();
    setUpActions();
    updateProfiles();
    updateCounts();
    updateDropped(m_model->droppedCount());
    showDetail(-1);
}

LogPane::~LogPane()
{
    // The worker holds copies of the entries only, but it must not outlive the pane's thread.
    if (m_exportThread)
        m_exportThread->wait();
    // The children outlive this destructor: a table tearing down moves its scroll bar, and the
    // slots it would reach belong to a LogPane that no longer exists.
    const auto children = findChildren<QObject *>();
    for (QObject *child : children)
        disconnect(child, nullptr, this, nullptr);
}

QString LogPane::settingsKey() const
{
    return objectName();
}

void LogPane::setUpFilterBar()
{
    auto *status = m_ui->statusCombo;
    status->addItem(u"All answers"_s, -1);
    status->addItem(u"2xx success"_s, int(StatusClass::Success));
    status->addItem(u"4xx client error"_s, int(StatusClass::ClientError));
    status->addItem(u"5xx server error"_s, int(StatusClass::ServerError));
    status->addItem(u"Network error"_s, int(StatusClass::NetworkError));
    status->addItem(u"1xx / 3xx"_s, int(StatusClass::Redirect));
    status->addItem(u"No HTTP status"_s, int(StatusClass::None));
    connect(status, &QComboBox::currentIndexChanged, this, [this] {
        const int value = m_ui->statusCombo->currentData().toInt();
        m_filter->setStatusClass(value < 0 ? std::nullopt : std::optional(StatusClass(value)));
    });
    connect(m_ui->profileCombo, &QComboBox::currentIndexChanged, this,
            [this] { m_filter->setProfile(m_ui->profileCombo->currentData().toString()); });
    connect(m_ui->onlyErrorsCheck, &QCheckBox::toggled, m_filter, &log::LogFilterModel::setOnlyErrors);

    auto *delay = new QTimer(this);
    delay->setSingleShot(true);
    delay->setInterval(FilterDelayMs);
    connect(delay, &QTimer::timeout, this, [this] { m_filter->setText(m_ui->filterEdit->text()); });
    connect(m_ui->filterEdit, &QLineEdit::textChanged, delay, qOverload<>(&QTimer::start));
    connect(m_model, &log::LogModel::profilesChanged, this, &LogPane::updateProfiles);
    connect(m_model, &log::LogModel::droppedCountChanged, this, &LogPane::updateDropped);
}

void LogPane::setUpTable()
{
    QTableView *table = m_ui->table;
    table->setModel(m_display);
    table->setTextElideMode(Qt::ElideRight);
    // Fixed row heights: the view never measures 100,000 rows.
    QHeaderView *rows = table->verticalHeader();
    rows->setSectionResizeMode(QHeaderView::Fixed);
    rows->setMinimumSectionSize(1);
    rows->setDefaultSectionSize(fontMetrics().height() + 6);

    QHeaderView *columns = table->horizontalHeader();
    columns->setSectionsMovable(true);
    columns->setSectionResizeMode(QHeaderView::Interactive);
    columns->setContextMenuPolicy(Qt::CustomContextMenu);
    const QFontMetrics fm(font());
    const QFontMetrics mono(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    const auto width = [&](LogColumn c, int w) { columns->resizeSection(int(c), w); };
    width(LogColumn::Time, mono.horizontalAdvance(u"00:00:00.000"_s) + 16);
    width(LogColumn::Direction, fm.horizontalAdvance(u"warning"_s) + 36);
    width(LogColumn::Profile, fm.horizontalAdvance(u"Local emulator"_s) + 16);
    width(LogColumn::Endpoint, fm.horizontalAdvance(u"POST /v21.0/1234567890/events"_s) + 16);
    width(LogColumn::Status, fm.horizontalAdvance(u"failed"_s) + 16);
    width(LogColumn::Events, fm.horizontalAdvance(u"Events"_s) + 16);
    width(LogColumn::Duration, fm.horizontalAdvance(u"Duration"_s) + 20);
    width(LogColumn::FbtraceId, mono.horizontalAdvance(u"AbCdEfGhIjK"_s) + 16);
    width(LogColumn::Message, fm.horizontalAdvance(u"HTTP 200: 1 event(s) received, request 1 of 2"_s));
    // Right-click on the header hides and shows columns.
    connect(columns, &QWidget::customContextMenuRequested, this, [this, columns](const QPoint &pos) {
        QMenu menu(this);
        for (int c = 0; c < log::LogColumnCount; ++c) {
            QAction *action = menu.addAction(m_display->headerData(c, Qt::Horizontal).toString());
            action->setCheckable(true);
            action->setChecked(!columns->isSectionHidden(c));
            connect(action, &QAction::toggled, columns, [columns, c](bool on) { columns->setSectionHidden(c, !on); });
        }
        menu.exec(columns->mapToGlobal(pos));
    });

    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_ui->requestText->setFont(fixed);
    m_ui->responseText->setFont(fixed);
    m_ui->splitter->setStretchFactor(0, 3);
    m_ui->splitter->setStretchFactor(1, 2);

    connect(table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &LogPane::showCurrent);
    connect(m_display, &QAbstractItemModel::rowsInserted, this, &LogPane::afterRowsInserted);
    connect(table->verticalScrollBar(), &QScrollBar::valueChanged, this, &LogPane::onScrolled);
    for (const auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_filter, signal, this, &LogPane::updateCounts);
    connect(m_filter, &QAbstractItemModel::modelReset, this, &LogPane::updateCounts);
    connect(m_filter, &QAbstractItemModel::layoutChanged, this, &LogPane::updateCounts);
    const auto forgetGone = [this] {
        if (m_detailId != 0 && m_model->rowOfId(m_detailId) < 0)
            showDetail(-1);
    };
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, forgetGone);
    connect(m_model, &QAbstractItemModel::modelReset, this, forgetGone);
}

void LogPane::setUpActions()
{
    const auto paneShortcut = [this](const QKeySequence &keys, auto slot) {
        auto *shortcut = new QShortcut(keys, this);
        shortcut->setContext(Qt::WidgetWithChildrenShortcut);
        connect(shortcut, &QShortcut::activated, this, slot);
    };
    paneShortcut(QKeySequence::Find, [this] {
        m_ui->filterEdit->setFocus(Qt::ShortcutFocusReason);
        m_ui->filterEdit->selectAll();
    });
    paneShortcut(QKeySequence(Qt::CTRL | Qt::Key_L), [this] { clear(); });
    m_ui->table->installEventFilter(this);

    m_ui->followButton->setIcon(style()->standardIcon(QStyle::SP_ArrowDown));
    m_ui->clearButton->setIcon(style()->standardIcon(QStyle::SP_DialogResetButton));
    m_ui->exportButton->setIcon(style()->standardIcon(QStyle::SP_DialogSaveButton));
    connect(m_ui->followButton, &QToolButton::toggled, this, [this](bool on) {
        if (on)
            afterRowsInserted();
    });
    connect(m_ui->clearButton, &QToolButton::clicked, this, &LogPane::clear);

    auto *menu = new QMenu(this);
    QAction *selectedJsonl = menu->addAction(u"Selected entries as JSON Lines…"_s);
    QAction *selectedHar = menu->addAction(u"Selected entries as HAR…"_s);
    menu->addSeparator();
    menu->addAction(u"Shown entries as JSON Lines…"_s, this,
                    [this] { chooseExportFile(ExportFormat::JsonLines, false); });
    menu->addAction(u"Shown entries as HAR…"_s, this, [this] { chooseExportFile(ExportFormat::Har, false); });
    connect(selectedJsonl, &QAction::triggered, this, [this] { chooseExportFile(ExportFormat::JsonLines, true); });
    connect(selectedHar, &QAction::triggered, this, [this] { chooseExportFile(ExportFormat::Har, true); });
    connect(menu, &QMenu::aboutToShow, this, [this, selectedJsonl, selectedHar] {
        const bool any = m_ui->table->selectionModel()->hasSelection();
        selectedJsonl->setEnabled(any);
        selectedHar->setEnabled(any);
    });
    m_ui->exportButton->setMenu(menu);
}

QByteArray LogPane::saveState() const
{
    QByteArray state;
    QDataStream out(&state, QIODevice::WriteOnly);
    out << StateMagic << StateVersion << m_ui->table->horizontalHeader()->saveState()
        << m_ui->splitter->saveState() << isFollowingTail() << qint32(m_ui->detailTabs->currentIndex());
    return state;
}

bool LogPane::restoreState(const QByteArray &state)
{
    QDataStream in(state);
    quint32 magic = 0;
    quint8 version = 0;
    QByteArray header;
    QByteArray splitter;
    bool follow = true;
    qint32 tab = 0;
    in >> magic >> version >> header >> splitter >> follow >> tab;
    if (in.status() != QDataStream::Ok || magic != StateMagic || version != StateVersion)
        return false;
    m_ui->table->horizontalHeader()->restoreState(header);
    m_ui->splitter->restoreState(splitter);
    setFollowingTail(follow);
    m_ui->detailTabs->setCurrentIndex(tab);
    return true;
}

bool LogPane::isFollowingTail() const
{
    return m_ui->followButton->isChecked();
}

void LogPane::setFollowingTail(bool follow)
{
    m_ui->followButton->setChecked(follow);
}

log::LogModel *LogPane::model() const
{
    return m_model;
}

log::LogFilterModel *LogPane::filterModel() const
{
    return m_filter;
}

LogDisplayModel *LogPane::displayModel() const
{
    return m_display;
}

QTableView *LogPane::view() const
{
    return m_ui->table;
}

void LogPane::clear()
{
    m_model->clear();
    if (m_bus)
        m_bus->clear();
    showDetail(-1);
}

void LogPane::afterRowsInserted()
{
    if (!isFollowingTail())
        return;
    m_autoScrolling = true;
    m_ui->table->scrollToBottom();
    m_autoScrolling = false;
}

void LogPane::onScrolled(int value)
{
    if (m_autoScrolling)
        return;
    // The user moved: away from the end pauses following, back at the end resumes it.
    const bool atEnd = value >= m_ui->table->verticalScrollBar()->maximum();
    if (atEnd != isFollowingTail())
        setFollowingTail(atEnd);
}

void LogPane::updateCounts()
{
    const int total = m_model->rowCount();
    const int shown = m_filter->rowCount();
    m_ui->countLabel->setText(shown == total ? QString(number(total) + (total == 1 ? u" entry"_s : u" entries"_s))
                                             : QString(number(shown) + u" of "_s + number(total)));
}

void LogPane::updateDropped(quint64 dropped)
{
    m_ui->droppedLabel->setVisible(dropped > 0);
    if (dropped == 0)
        return;
    m_ui->droppedLabel->setText(u"<span style=\"color:%1\">%2 older dropped</span>"_s.arg(
        m_display->warningColor().name(), number(qint64(dropped))));
    m_ui->droppedLabel->setToolTip(u"The pane keeps the newest "_s + number(m_model->capacity())
                                   + u" entries; older ones were removed"_s);
}

void LogPane::updateProfiles()
{
    QComboBox *combo = m_ui->profileCombo;
    const QString current = combo->currentData().toString();
    {
        const QSignalBlocker blocker(combo);
        combo->clear();
        combo->addItem(u"All profiles"_s, QString());
        const QStringList profiles = m_model->profiles();
        for (const QString &profile : profiles)
            combo->addItem(profile, profile);
        combo->setCurrentIndex(std::max(0, combo->findData(current)));
    }
    m_filter->setProfile(combo->currentData().toString());
}

void LogPane::showCurrent()
{
    const QModelIndex current = m_ui->table->currentIndex();
    if (!current.isValid()) {
        showDetail(-1);
        return;
    }
    showDetail(m_filter->mapToSource(m_display->mapToSource(current)).row());
}

void LogPane::showDetail(int row)
{
    if (row < 0 || row >= m_model->rowCount()) {
        m_detailId = 0;
        m_ui->overviewText->setHtml(u"<p style=\"color:%1\">Select an entry to see its request, answer and timings.</p>"_s.arg(
            palette().color(QPalette::PlaceholderText).name()));
        m_ui->requestText->clear();
        m_ui->responseText->clear();
        return;
    }
    const LogEntry &e = m_model->entry(row);
    m_detailId = e.id;
    const int pairRow = m_model->pairedRow(row);
    const LogEntry *pair = pairRow >= 0 ? &m_model->entry(pairRow) : nullptr;

    const QString label = palette().color(QPalette::PlaceholderText).name();
    QString html = u"<table cellspacing=\"0\" cellpadding=\"2\">"_s;
    const auto facts = log::entryFacts(e, pair);
    for (const auto &[name, value] : facts) {
        html += u"<tr><td style=\"color:%1; padding-right:12px\">%2</td><td>%3</td></tr>"_s.arg(
            label, name.toHtmlEscaped(), value.toHtmlEscaped());
    }
    m_ui->overviewText->setHtml(html + u"</table>"_s);

    // Both halves of a pair, whichever row was clicked.
    const LogEntry *request = e.direction == log::Direction::Outgoing ? &e
        : (pair && pair->direction == log::Direction::Outgoing) ? pair
        : (!e.requestBody.isEmpty() || e.direction == log::Direction::Incoming) ? &e
                                                                               : nullptr;
    const LogEntry *answer = e.direction == log::Direction::Incoming ? &e
        : (pair && pair->direction == log::Direction::Incoming) ? pair
                                                                : nullptr;
    const auto droppedFor = [&](const LogEntry *x) { return m_model->bodiesDropped(x == &e ? row : pairRow); };
    m_ui->requestText->setPlainText(request ? requestText(*request, droppedFor(request))
                                            : u"(no HTTP request for this entry)"_s);
    m_ui->responseText->setPlainText(answer ? responseText(*answer, droppedFor(answer))
                                            : u"(no answer recorded for this entry)"_s);
}

QList<int> LogPane::selectedSourceRows() const
{
    QList<int> rows;
    const QModelIndexList selected = m_ui->table->selectionModel()->selectedRows();
    rows.reserve(selected.size());
    for (const QModelIndex &index : selected)
        rows.append(m_filter->mapToSource(m_display->mapToSource(index)).row());
    std::sort(rows.begin(), rows.end());
    return rows;
}

QString LogPane::selectionText() const
{
    QModelIndexList selected = m_ui->table->selectionModel()->selectedRows();
    std::sort(selected.begin(), selected.end(), [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    const QHeaderView *header = m_ui->table->horizontalHeader();
    QStringList lines;
    for (const QModelIndex &index : std::as_const(selected)) {
        QStringList cells;
        for (int visual = 0; visual < header->count(); ++visual) {
            const int column = header->logicalIndex(visual);
            if (!header->isSectionHidden(column))
                cells << index.siblingAtColumn(column).data().toString();
        }
        lines << cells.join(u'\t');
    }
    return lines.join(u'\n');
}

void LogPane::copySelection()
{
    if (const QString text = selectionText(); !text.isEmpty())
        QGuiApplication::clipboard()->setText(text);
}

bool LogPane::exportEntries(const QString &path, ExportFormat format, bool selectionOnly)
{
    if (m_exportThread)
        return false;
    QList<int> rows;
    if (selectionOnly) {
        rows = selectedSourceRows();
        if (format == ExportFormat::Har) {
            // A HAR entry is a request with its answer: bring the other half along.
            const QList<int> chosen = rows;
            for (int row : chosen) {
                if (const int pair = m_model->pairedRow(row); pair >= 0)
                    rows.append(pair);
            }
            std::sort(rows.begin(), rows.end());
            rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
        }
    } else {
        const int shown = m_filter->rowCount();
        rows.reserve(shown);
        for (int r = 0; r < shown; ++r)
            rows.append(m_filter->mapToSource(m_filter->index(r, 0)).row());
    }
    // Copies share the strings with the model; the worker owns them from here.
    auto result = std::make_shared<log::ExportResult>();
    QThread *thread = QThread::create([entries = m_model->entries(rows), path, format, result] {
        *result = log::exportToFile(path, format, entries);
    });
    m_exportThread = thread;
    connect(thread, &QThread::finished, this, [this, path, result] {
        m_exportThread = nullptr; // the next export may start from a receiver of exported()
        Q_EMIT exported(path, result->written, result->error);
    });
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    thread->start(QThread::LowPriority);
    return true;
}

void LogPane::chooseExportFile(ExportFormat format, bool selectionOnly)
{
    const bool har = format == ExportFormat::Har;
    const QString suggested = u"capiqa-"_s + settingsKey() + QDateTime::currentDateTime().toString(u"-yyyyMMdd-HHmmss"_s)
        + (har ? u".har"_s : u".jsonl"_s);
    const QString path = QFileDialog::getSaveFileName(this, u"Export log entries"_s, suggested,
                                                      har ? u"HAR 1.2 (*.har)"_s : u"JSON Lines (*.jsonl)"_s);
    if (path.isEmpty())
        return;
    // Errors of an export the user asked for are shown; the signal is for everyone else.
    auto *once = new QObject(this);
    connect(this, &LogPane::exported, once, [this, once](const QString &, qsizetype, const QString &error) {
        once->deleteLater();
        if (!error.isEmpty())
            QMessageBox::warning(this, u"Export failed"_s, error);
    });
    if (!exportEntries(path, format, selectionOnly)) {
        once->deleteLater();
        QMessageBox::information(this, u"Export"_s, u"An export is still running."_s);
    }
}

bool LogPane::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_ui->table && (event->type() == QEvent::ShortcutOverride || event->type() == QEvent::KeyPress)) {
        auto *key = static_cast<QKeyEvent *>(event);
        if (key->matches(QKeySequence::Copy)) {
            // Claim Ctrl+C from any window-wide Copy action, then copy whole rows.
            event->accept();
            if (event->type() == QEvent::KeyPress)
                copySelection();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void LogPane::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange && m_display) {
        m_display->setPalette(palette());
        updateDropped(m_model->droppedCount());
        showCurrent();
    }
    QWidget::changeEvent(event);
}

} // namespace capiqa::gui
