#include "dedupage.h"

#include "ui_dedupage.h"

#include "capture/capturereader.h"
#include "dedup/dedupjob.h"
#include "dedup/explain.h"
#include "dedup/payloaddiff.h"
#include "dedup/verdictfilter.h"
#include "dedup/verdictmodel.h"
#include "guiresources.h"
#include "models/verdictdisplaymodel.h"

#include <QtCore/QDataStream>
#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QSaveFile>
#include <QtCore/QThread>
#include <QtCore/QTimer>
#include <QtWidgets/QFileDialog>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QMenu>
#include <QtWidgets/QStyle>

using namespace Qt::StringLiterals;

namespace capiqa::gui {

using capture::CapturedEvent;
using capture::Side;
using dedup::Category;
using dedup::Effect;

namespace {

constexpr quint32 StateMagic = 0xC0'4D'0D'01;
constexpr size_t MaxSortableRows = 100'000;

QString esc(const QString &text)
{
    return text.toHtmlEscaped();
}

QString colored(const QString &html, const QColor &color)
{
    return u"<span style=\"color:%1\">%2</span>"_s.arg(color.name(), html);
}

QString money(const QMap<QString, double> &values)
{
    QStringList parts;
    for (auto it = values.cbegin(); it != values.cend(); ++it)
        parts << QLocale().toString(it.value(), 'f', 2) + u' ' + (it.key().isEmpty() ? u"(no currency)"_s : it.key());
    return parts.join(u" · "_s);
}

QString effectPhrase(Effect effect)
{
    switch (effect) {
    case Effect::Counted: return u"counted"_s;
    case Effect::MergedAway: return u"merged into its twin"_s;
    case Effect::CountedAgain: return u"counted a second time"_s;
    case Effect::Rejected: return u"rejected by Meta"_s;
    }
    return {};
}

} // namespace

DedupPage::DedupPage(const ConsoleServices &services, QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::DedupPage>())
    , m_services(services)
    , m_job(new dedup::DedupJob(this))
    , m_model(new dedup::VerdictModel(this))
    , m_filter(new dedup::VerdictFilterModel(this))
    , m_filterTimer(new QTimer(this))
{
    initResources();
    m_ui->setupUi(this);
    m_ui->browserList->setPlaceholderText(u"Drop HAR files here\n(Chrome, Firefox, Safari) or /tr URL lists"_s);
    m_ui->serverList->setPlaceholderText(u"Drop CAPI captures here\n(JSON, JSON Lines, CSV, emulator record)"_s);
    for (QGroupBox *box : {m_ui->browserBox, m_ui->serverBox, m_ui->optionsBox}) {
        box->setMinimumWidth(240);
        box->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    }
    for (FileDropList *list : {m_ui->browserList, m_ui->serverList})
        list->setMaximumHeight(fontMetrics().height() * 5);
    m_ui->pageLayout->setStretchFactor(m_ui->mainSplitter, 1);
    m_ui->analyseButton->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    m_ui->cancelButton->setIcon(style()->standardIcon(QStyle::SP_DialogCancelButton));
    m_ui->issueList->setVisible(false);
    m_ui->mainSplitter->setStretchFactor(0, 0); // the charts keep their height; the table grows
    m_ui->mainSplitter->setStretchFactor(1, 1);
    m_ui->mainSplitter->setSizes({270, 430});
    m_ui->bottomSplitter->setStretchFactor(0, 3);
    m_ui->bottomSplitter->setStretchFactor(1, 2);
    m_ui->explanationLabel->setMinimumWidth(280);
    m_ui->payloadNote->setVisible(false);
    m_ui->sideCombo->addItem(u"Both sides"_s, -1);
    m_ui->sideCombo->addItem(u"Browser"_s, int(Side::Browser));
    m_ui->sideCombo->addItem(u"Server"_s, int(Side::Server));
    setUpTable();
    setUpExportMenu();
    fillCategoryCombo();

    connect(m_ui->addBrowserButton, &QPushButton::clicked, this, [this] { chooseFiles(Side::Browser); });
    connect(m_ui->addServerButton, &QPushButton::clicked, this, [this] { chooseFiles(Side::Server); });
    connect(m_ui->removeBrowserButton, &QPushButton::clicked, m_ui->browserList, &FileDropList::removeSelected);
    connect(m_ui->removeServerButton, &QPushButton::clicked, m_ui->serverList, &FileDropList::removeSelected);
    connect(m_ui->browserList, &FileDropList::filesChanged, this, &DedupPage::updateButtons);
    connect(m_ui->serverList, &FileDropList::filesChanged, this, &DedupPage::updateButtons);
    connect(m_ui->browserList, &QListWidget::itemSelectionChanged, this, &DedupPage::updateButtons);
    connect(m_ui->serverList, &QListWidget::itemSelectionChanged, this, &DedupPage::updateButtons);
    connect(m_ui->analyseButton, &QPushButton::clicked, this, &DedupPage::analyse);
    connect(m_ui->cancelButton, &QPushButton::clicked, this, &DedupPage::cancel);

    connect(m_job, &dedup::DedupJob::progressed, this, [this](double fraction, const QString &stage) {
        m_ui->progressBar->setValue(int(fraction * 1000));
        m_ui->progressLabel->setText(stage);
    });
    connect(m_job, &dedup::DedupJob::finished, this, [this](const dedup::DedupAnalysisPtr &analysis) {
        setRunning(false);
        showAnalysis(analysis);
        Q_EMIT analysed();
    });
    connect(m_job, &dedup::DedupJob::cancelled, this, [this] {
        setRunning(false);
        m_ui->progressBar->setValue(0);
        m_ui->progressLabel->setText(m_analysis ? u"Cancelled; the results shown are from the previous analysis."_s : u"Cancelled."_s);
        Q_EMIT analysisCancelled();
    });

    // Filtering a million rows takes a moment: on big results wait until typing pauses.
    m_filterTimer->setSingleShot(true);
    m_filterTimer->setInterval(250);
    const auto applyText = [this] {
        m_filter->setText(m_ui->filterEdit->text());
        showCount();
    };
    connect(m_filterTimer, &QTimer::timeout, this, applyText);
    connect(m_ui->filterEdit, &QLineEdit::textChanged, this, [this, applyText] {
        if (m_model->rowCount() >= 50'000) {
            m_filterTimer->start();
            return;
        }
        m_filterTimer->stop();
        applyText();
    });
    connect(m_ui->categoryCombo, &QComboBox::currentIndexChanged, this, [this] {
        const int c = m_ui->categoryCombo->currentData().toInt();
        m_filter->setCategory(c < 0 ? std::nullopt : std::optional<Category>(Category(c)));
        showCount();
    });
    connect(m_ui->sideCombo, &QComboBox::currentIndexChanged, this, [this] {
        const int s = m_ui->sideCombo->currentData().toInt();
        m_filter->setSide(s < 0 ? std::nullopt : std::optional<Side>(Side(s)));
        showCount();
    });
    connect(m_ui->charts, &DedupCharts::categoryClicked, this, [this](Category c) {
        m_ui->categoryCombo->setCurrentIndex(m_ui->categoryCombo->findData(int(c)));
    });
    connect(this, &DedupPage::exported, this, [this](const QString &path, const QString &error) {
        m_ui->progressLabel->setText(error.isEmpty() ? u"Report written to %1"_s.arg(QDir::toNativeSeparators(path))
                                                     : u"The report could not be written: %1"_s.arg(error));
        updateButtons();
    });
    showAnalysis(nullptr);
    setRunning(false);
}

DedupPage::~DedupPage()
{
    if (m_exportThread) { // it holds the analysis and a file open
        m_exportThread->wait();
        delete m_exportThread;
    }
}

void DedupPage::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        m_display->setPalette(palette());
        showSummary();
        showSelected();
    }
}

void DedupPage::setUpTable()
{
    m_filter->setSourceModel(m_model);
    m_filter->setSortRole(Qt::DisplayRole);
    m_display = new VerdictDisplayModel(palette(), this);
    m_display->setSourceModel(m_filter);
    QTableView *table = m_ui->verdictTable;
    table->setModel(m_display);
    table->verticalHeader()->setVisible(false);
    table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    table->horizontalHeader()->setStretchLastSection(true);
    table->horizontalHeader()->setHighlightSections(false);
    table->sortByColumn(-1, Qt::AscendingOrder); // capture order until a header is clicked
    const QList<std::pair<int, int>> widths{{dedup::VerdictModel::CategoryColumn, 150}, {dedup::VerdictModel::SideColumn, 64},
                                            {dedup::VerdictModel::PixelColumn, 96},    {dedup::VerdictModel::NameColumn, 130},
                                            {dedup::VerdictModel::EventIdColumn, 130},  {dedup::VerdictModel::TimeColumn, 176},
                                            {dedup::VerdictModel::ValueColumn, 90},     {dedup::VerdictModel::EffectColumn, 110},
                                            {dedup::VerdictModel::CounterpartColumn, 200}};
    for (const auto &[column, width] : widths)
        table->setColumnWidth(column, width);
    connect(table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &DedupPage::showSelected);
    connect(m_filter, &QAbstractItemModel::modelReset, this, &DedupPage::showSelected);
}

void DedupPage::setUpExportMenu()
{
    auto *menu = new QMenu(this);
    menu->addAction(u"HTML report for the client…"_s, this, [this] { exportDialog(dedup::ReportFormat::Html); });
    menu->addAction(u"CSV…"_s, this, [this] { exportDialog(dedup::ReportFormat::Csv); });
    menu->addAction(u"JSON…"_s, this, [this] { exportDialog(dedup::ReportFormat::Json); });
    m_ui->exportButton->setMenu(menu);
    m_ui->exportButton->setPopupMode(QToolButton::InstantPopup);
    m_ui->exportButton->setIcon(style()->standardIcon(QStyle::SP_DialogSaveButton));
}

void DedupPage::addFiles(const QStringList &paths, Side side)
{
    (side == Side::Browser ? m_ui->browserList : m_ui->serverList)->addFiles(paths);
}

bool DedupPage::openFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QDir::toNativeSeparators(path) + u": "_s + file.errorString();
        return false;
    }
    const capture::CaptureFormat format = capture::CaptureReader::detectFormat(path, file.peek(4096));
    const bool browser = format == capture::CaptureFormat::Har || format == capture::CaptureFormat::UrlList;
    addFiles({path}, browser ? Side::Browser : Side::Server);
    m_ui->progressLabel->setText(u"%1 added to the %2 side (%3)."_s.arg(QFileInfo(path).fileName(), browser ? u"browser"_s : u"server"_s,
                                                                        capture::formatName(format)));
    return true;
}

bool DedupPage::isRunning() const
{
    return m_job->isRunning();
}

void DedupPage::analyse()
{
    if (m_job->isRunning())
        return;
    dedup::DedupRequest request;
    request.browserFiles = m_ui->browserList->files();
    request.serverFiles = m_ui->serverList->files();
    if (request.browserFiles.isEmpty() && request.serverFiles.isEmpty()) {
        m_ui->progressLabel->setText(u"Add the browser captures and the server captures first (drop them on the lists)."_s);
        return;
    }
    request.defaultPixelId = m_ui->pixelEdit->text().trimmed();
    request.options.windowMs = qint64(m_ui->windowSpin->value()) * 3600 * 1000;
    m_ui->progressBar->setValue(0);
    m_ui->progressLabel->setText(u"Reading the captures…"_s);
    if (m_job->start(request))
        setRunning(true);
}

void DedupPage::cancel()
{
    if (!m_job->isRunning())
        return;
    m_job->cancel();
    m_ui->progressLabel->setText(u"Cancelling…"_s);
    m_ui->cancelButton->setEnabled(false);
}

void DedupPage::setRunning(bool running)
{
    m_ui->progressBar->setVisible(running);
    m_ui->pixelEdit->setEnabled(!running);
    m_ui->windowSpin->setEnabled(!running);
    updateButtons();
}

void DedupPage::updateButtons()
{
    const bool running = m_job->isRunning();
    const bool anyFile = m_ui->browserList->count() > 0 || m_ui->serverList->count() > 0;
    m_ui->analyseButton->setEnabled(!running && anyFile);
    m_ui->cancelButton->setEnabled(running);
    m_ui->removeBrowserButton->setEnabled(!m_ui->browserList->selectedItems().isEmpty());
    m_ui->removeServerButton->setEnabled(!m_ui->serverList->selectedItems().isEmpty());
    m_ui->exportButton->setEnabled(m_analysis && !m_exportThread);
}

void DedupPage::chooseFiles(Side side)
{
    const QString filter = side == Side::Browser ? u"Browser captures (*.har *.txt *.jsonl);;All files (*)"_s
                                                 : u"Server captures (*.json *.jsonl *.ndjson *.csv);;All files (*)"_s;
    const QStringList paths = QFileDialog::getOpenFileNames(this, side == Side::Browser ? u"Add browser captures"_s : u"Add server captures"_s,
                                                            {}, filter);
    addFiles(paths, side);
}

void DedupPage::fillCategoryCombo()
{
    const int current = m_ui->categoryCombo->count() ? m_ui->categoryCombo->currentData().toInt() : -1;
    const QSignalBlocker block(m_ui->categoryCombo);
    m_ui->categoryCombo->clear();
    m_ui->categoryCombo->addItem(u"All categories"_s, -1);
    for (int c = 0; c < dedup::CategoryCount; ++c) {
        const qint64 n = m_analysis ? m_analysis->result.summary.perCategory[c] : 0;
        m_ui->categoryCombo->addItem(m_analysis ? u"%1 (%2)"_s.arg(dedup::categoryName(Category(c))).arg(n) : dedup::categoryName(Category(c)), c);
        m_ui->categoryCombo->setItemData(c + 1, dedup::categoryMeaning(Category(c)), Qt::ToolTipRole);
    }
    m_ui->categoryCombo->setCurrentIndex(std::max(0, m_ui->categoryCombo->findData(current)));
}

void DedupPage::showAnalysis(const dedup::DedupAnalysisPtr &analysis)
{
    m_analysis = analysis;
    // Sorting runs on the GUI thread: beyond a hundred thousand rows it would freeze the
    // window for seconds, so big results stay in capture order (filters still work).
    const bool sortable = !analysis || analysis->captures.events.size() <= MaxSortableRows;
    if (!sortable)
        m_ui->verdictTable->sortByColumn(-1, Qt::AscendingOrder);
    m_ui->verdictTable->setSortingEnabled(sortable);
    m_ui->verdictTable->horizontalHeader()->setToolTip(sortable ? QString() : u"Too many rows to sort here; export the CSV to sort it"_s);
    m_model->setAnalysis(analysis);
    m_ui->charts->setAnalysis(analysis.get());
    fillCategoryCombo();
    showSummary();
    showIssues();
    showCount();
    updateButtons();
    if (analysis) {
        m_ui->progressLabel->setText(u"Analysed %1 events from %2 file(s)."_s.arg(analysis->captures.events.size()).arg(analysis->captures.files.size()));
        if (m_display->rowCount() > 0)
            m_ui->verdictTable->selectRow(0);
    }
}

void DedupPage::showSummary()
{
    if (!m_analysis) {
        m_ui->summaryLabel->setText(u"<span style=\"color:%1\">Drop the browser captures (HAR) on the left and the server captures "
                                    "(CAPI JSON/JSON Lines, CSV) on the right, then <b>Analyse</b>: every event is matched the way Meta "
                                    "deduplicates it, and every lost or double-counted conversion is explained.</span>"_s
                                        .arg(palette().color(QPalette::PlaceholderText).name()));
        return;
    }
    const dedup::DedupSummary &s = m_analysis->result.summary;
    const QPalette &pal = palette();
    QString html = u"<b>%1 events</b> (%2 browser · %3 server) — %4 pairs, %5 merged: <b>dedup rate %6%</b>"_s.arg(s.events)
                       .arg(s.browserEvents)
                       .arg(s.serverEvents)
                       .arg(s.pairs)
                       .arg(s.mergedPairs)
                       .arg(QLocale().toString(s.dedupRate * 100, 'f', 1));
    const QColor bad = severityColor(Severity::Bad, pal);
    const QString twice = u"<b>counted twice: %1</b>"_s.arg(s.countedTwice) + (s.valueCountedTwice.isEmpty() ? QString() : u" ("_s + esc(money(s.valueCountedTwice)) + u')');
    html += u" · "_s + (s.countedTwice ? colored(twice, bad) : twice);
    const QString lost = u"<b>lost: %1</b>"_s.arg(s.lost) + (s.valueLost.isEmpty() ? QString() : u" ("_s + esc(money(s.valueLost)) + u')');
    html += u" · "_s + (s.lost ? colored(lost, bad) : lost);
    html += u" · rejected by Meta: %1"_s.arg(s.rejected);
    QStringList chips;
    for (int c = 0; c < dedup::CategoryCount; ++c) {
        const Category category = Category(c);
        const QColor color = s.perCategory[c] ? severityColor(severityOf(category), pal) : pal.color(QPalette::PlaceholderText);
        chips << colored(u"%1 <b>%2</b>"_s.arg(dedup::categoryName(category)).arg(s.perCategory[c]), color);
    }
    html += u"<br>"_s + chips.join(u" &nbsp;·&nbsp; "_s);
    m_ui->summaryLabel->setText(html);
}

void DedupPage::showIssues()
{
    QListWidget *list = m_ui->issueList;
    list->clear();
    if (!m_analysis) {
        list->setVisible(false);
        return;
    }
    const capture::CaptureSet &set = m_analysis->captures;
    const QIcon warning = style()->standardIcon(QStyle::SP_MessageBoxWarning);
    for (const capture::CaptureIssue &issue : set.issues)
        new QListWidgetItem(warning, QDir::toNativeSeparators(issue.toString()), list);
    for (const capture::CaptureFile &f : set.files) {
        if (!f.opened)
            new QListWidgetItem(warning, u"%1: could not be opened"_s.arg(QDir::toNativeSeparators(f.path)), list);
        else if (f.issues > capture::CaptureSet::MaxIssuesPerFile)
            new QListWidgetItem(warning, u"%1: … and %2 more problems"_s.arg(QDir::toNativeSeparators(f.path)).arg(f.issues - capture::CaptureSet::MaxIssuesPerFile), list);
    }
    const QIcon info = style()->standardIcon(QStyle::SP_MessageBoxInformation);
    for (const QString &note : set.notes)
        new QListWidgetItem(info, note, list);
    list->setVisible(list->count() > 0);
}

void DedupPage::showCount()
{
    const int total = m_model->rowCount();
    const int shown = m_filter->rowCount();
    m_ui->countLabel->setText(shown == total ? u"%1 events"_s.arg(total) : u"%1 of %2 events"_s.arg(shown).arg(total));
}

void DedupPage::showSelected()
{
    const QModelIndex current = m_ui->verdictTable->selectionModel()->currentIndex();
    m_ui->payloadNote->setVisible(false);
    if (!m_analysis || !current.isValid()) {
        m_ui->explanationLabel->setText(m_analysis ? u"Select an event to see why Meta counts it the way it does."_s : QString());
        m_ui->payloadView->clearComparison();
        return;
    }
    const int row = m_filter->mapToSource(m_display->mapToSource(current)).row();
    const auto &events = m_analysis->captures.events;
    const CapturedEvent &e = events[size_t(row)];
    const dedup::EventVerdict &v = m_analysis->result.verdicts[size_t(row)];
    const dedup::Explanation x = dedup::explain(events, m_analysis->result, row);
    const QColor color = severityColor(severityOf(v.category), palette());
    QString html = u"<p>"_s + colored(u"<b>"_s + dedup::categoryName(v.category) + u"</b>"_s, color)
        + u" · %1 <b>%2</b> <code>%3</code> — %4</p><p>%5</p>"_s.arg(capture::sideName(e.side), esc(e.eventName),
                                                                   esc(e.eventId.isEmpty() ? u"(no id)"_s : e.eventId),
                                                                   effectPhrase(v.effect), esc(x.text));
    if (!x.fix.isEmpty())
        html += u"<p><b>Fix:</b> %1</p>"_s.arg(esc(x.fix));
    m_ui->explanationLabel->setText(html);

    const auto title = [this](const CapturedEvent &ev, const QString &what) {
        const QString file = ev.file >= 0 && ev.file < m_analysis->captures.files.size()
            ? QFileInfo(m_analysis->captures.files.at(ev.file).path).fileName()
            : QString();
        return u"%1 · %2:%3"_s.arg(what, file).arg(ev.line);
    };
    QString noteLeft, noteRight;
    if (v.counterpart >= 0 && size_t(v.counterpart) < events.size()) {
        const CapturedEvent &c = events[size_t(v.counterpart)];
        // Browser on the left when the pair spans both sides; the first copy on the left otherwise.
        const bool crossSide = c.side != e.side;
        const CapturedEvent &left = crossSide ? (e.side == Side::Browser ? e : c) : c;
        const CapturedEvent &right = &left == &e ? c : e;
        const QList<dedup::FieldComparison> rows = dedup::comparePayloads(dedup::payloadFields(m_analysis->captures, left, &noteLeft),
                                                                          dedup::payloadFields(m_analysis->captures, right, &noteRight),
                                                                          left, right, m_analysis->result.options);
        m_ui->payloadView->showComparison(rows, title(left, crossSide ? u"Browser"_s : u"First copy"_s),
                                          title(right, crossSide ? u"Server"_s : u"Repeat"_s));
    } else {
        m_ui->payloadView->showSingle(dedup::payloadFields(m_analysis->captures, e, &noteLeft),
                                      title(e, e.side == Side::Browser ? u"Browser"_s : u"Server"_s));
    }
    const QString note = noteLeft.isEmpty() ? noteRight : noteLeft;
    m_ui->payloadNote->setText(note);
    m_ui->payloadNote->setVisible(!note.isEmpty());
}

bool DedupPage::exportReport(const QString &path, dedup::ReportFormat format)
{
    if (!m_analysis || m_exportThread)
        return false;
    auto error = std::make_shared<QString>();
    m_exportThread = QThread::create([analysis = m_analysis, path, format, error] {
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly)) {
            *error = file.errorString();
            return;
        }
        if (!dedup::writeReport(file, format, analysis->captures, analysis->result, error.get()) || !file.commit())
            *error = error->isEmpty() ? file.errorString() : *error;
    });
    connect(m_exportThread, &QThread::finished, this, [this, path, error] {
        m_exportThread->deleteLater();
        m_exportThread = nullptr;
        Q_EMIT exported(path, *error);
    });
    m_ui->progressLabel->setText(u"Writing %1…"_s.arg(QFileInfo(path).fileName()));
    m_exportThread->start();
    updateButtons();
    return true;
}

void DedupPage::exportDialog(dedup::ReportFormat format)
{
    const QString suffix = format == dedup::ReportFormat::Html ? u"html"_s : format == dedup::ReportFormat::Csv ? u"csv"_s : u"json"_s;
    const QString path = QFileDialog::getSaveFileName(this, u"Export the dedup report"_s, u"dedup-report."_s + suffix,
                                                      u"%1 (*.%2)"_s.arg(suffix.toUpper(), suffix));
    if (!path.isEmpty())
        exportReport(path, format);
}

QByteArray DedupPage::saveState() const
{
    QByteArray state;
    QDataStream out(&state, QIODevice::WriteOnly);
    out << StateMagic << m_ui->mainSplitter->saveState() << m_ui->bottomSplitter->saveState()
        << m_ui->verdictTable->horizontalHeader()->saveState() << qint32(m_ui->windowSpin->value());
    return state;
}

void DedupPage::restoreState(const QByteArray &state)
{
    QDataStream in(state);
    quint32 magic = 0;
    QByteArray main, bottom, header;
    qint32 window = 48;
    in >> magic >> main >> bottom >> header >> window;
    if (in.status() != QDataStream::Ok || magic != StateMagic)
        return;
    m_ui->mainSplitter->restoreState(main);
    m_ui->bottomSplitter->restoreState(bottom);
    m_ui->verdictTable->horizontalHeader()->restoreState(header);
    m_ui->windowSpin->setValue(window);
}

} // namespace capiqa::gui
