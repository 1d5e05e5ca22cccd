#include "replaypage.h"

#include "ui_replaypage.h"

#include "guiresources.h"
#include "models/outcomefilterproxy.h"
#include "replay/funnelexpander.h"
#include "replay/outcomemodel.h"
#include "replay/profilejob.h"
#include "replay/replayworker.h"
#include "replay/runreport.h"
#include "replay/runstore.h"
#include "settings/appsettings.h"
#include "settings/profilestore.h"
#include "settings/secretstore.h"
#include "widgets/replaychart.h"
#include "widgets/replaycounters.h"
#include "widgets/runhistorypanel.h"

#include <QtCore/QDataStream>
#include <QtCore/QDateTime>
#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonDocument>
#include <QtCore/QThread>
#include <QtGui/QFontDatabase>
#include <QtWidgets/QFileDialog>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QMenu>
#include <QtWidgets/QMessageBox>
#include <QtWidgets/QScrollArea>
#include <QtWidgets/QStyle>
#include <QtWidgets/QTreeWidget>

using namespace Qt::StringLiterals;

namespace capiqa::gui {

using replay::Funnel;
using replay::OutcomeModel;
using replay::ReplayCounts;
using replay::ReplayOptions;

namespace {

constexpr quint32 StateMagic = 0xC0'4D'06'03;
constexpr int MaxStepRows = 1'000;  // the table shows the start of a huge funnel; the run sends it all
constexpr int MaxPreviewSteps = 50;
constexpr int MaxShownErrors = 12;

QString duration(qint64 ms)
{
    if (ms < 0)
        return u"?"_s;
    const qint64 s = (ms + 999) / 1000;
    return s >= 3600 ? u"%1 h %2 min"_s.arg(s / 3600).arg((s / 60) % 60)
         : s >= 60   ? u"%1 min %2 s"_s.arg(s / 60).arg(s % 60)
                     : u"%1 s"_s.arg(s);
}

QString html(const QString &text)
{
    return text.toHtmlEscaped();
}

} // namespace

struct ReplayPage::Loaded
{
    replay::FunnelLoad load;
};

ReplayPage::ReplayPage(const ConsoleServices &services, QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::ReplayPage>())
    , m_services(services)
    , m_worker(new replay::ReplayWorker(replay::RunStore::defaultPath(), this))
    , m_model(new OutcomeModel(this))
    , m_proxy(new OutcomeFilterProxy(palette(), this))
{
    initResources();
    // The page scrolls rather than forcing its height on the window (the log docks share it).
    auto *content = new QWidget;
    m_ui->setupUi(content);
    auto *scroll = new QScrollArea(this);
    scroll->setObjectName(u"replayScroll"_s);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(content);
    auto *pageLayout = new QVBoxLayout(this);
    pageLayout->setContentsMargins(0, 0, 0, 0);
    pageLayout->addWidget(scroll);
    m_chart = new ReplayChart(m_ui->chartHolder);
    auto *chartLayout = new QVBoxLayout(m_ui->chartHolder);
    chartLayout->setContentsMargins(0, 0, 0, 0);
    chartLayout->addWidget(m_chart);
    m_history = new RunHistoryPanel(m_worker->runsDatabase(), m_ui->historyTab);
    m_ui->historyTab->layout()->addWidget(m_history);
    setUpControls();

    connect(m_worker, &replay::ReplayWorker::started, this, &ReplayPage::onStarted);
    connect(m_worker, &replay::ReplayWorker::progressed, this, &ReplayPage::onProgress);
    connect(m_worker, &replay::ReplayWorker::eventsFinished, m_model, &OutcomeModel::append);
    connect(m_worker, &replay::ReplayWorker::pausedChanged, this, [this](bool paused) { setRunning(true, paused); });
    connect(m_worker, &replay::ReplayWorker::finished, this, &ReplayPage::onFinished);
    connect(m_worker, &replay::ReplayWorker::startFailed, this, [this](const QString &error) {
        setRunning(false);
        showProblem(u"Not started: %1"_s.arg(html(error)));
    });
    connect(m_history, &RunHistoryPanel::resumeRequested, this, &ReplayPage::resumeFromHistory);
    connect(m_history, &RunHistoryPanel::exportRequested, this, [this](qint64 runId) {
        const QString path = QFileDialog::getSaveFileName(this, u"Export run report"_s, u"replay-run-%1.html"_s.arg(runId),
                                                          u"HTML page (*.html);;CSV (*.csv);;JSON (*.json)"_s);
        if (!path.isEmpty())
            exportReport(runId, path);
    });
    if (m_services.profiles) {
        connect(m_services.profiles, &settings::ProfileStore::profilesChanged, this, &ReplayPage::showTarget);
        connect(m_services.profiles, &settings::ProfileStore::defaultProfileChanged, this, &ReplayPage::showTarget);
    }
    showTarget();
    showProblem({});
    setLoading(false);
    setRunning(false);
    m_counters->setCounts({});
    m_history->reload();
}

ReplayPage::~ReplayPage()
{
    // Loads and exports hold no reference to the page; they only have to end before the process.
    for (QThread *t : std::as_const(m_threads)) {
        t->disconnect(this);
        t->wait();
        delete t;
    }
}

void ReplayPage::setUpControls()
{
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_ui->previewEdit->setFont(mono);
    m_ui->openButton->setIcon(style()->standardIcon(QStyle::SP_DialogOpenButton));
    m_ui->startButton->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    m_ui->pauseButton->setIcon(style()->standardIcon(QStyle::SP_MediaPause));
    m_ui->resumeButton->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    m_ui->cancelButton->setIcon(style()->standardIcon(QStyle::SP_MediaStop));
    m_ui->funnelLabel->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_ui->mainSplitter->setStretchFactor(0, 3);
    m_ui->mainSplitter->setStretchFactor(1, 2);
    m_ui->pageSplitter->setStretchFactor(0, 3);
    m_ui->pageSplitter->setStretchFactor(1, 2);

    m_ui->stepsTable->setColumnCount(5);
    m_ui->stepsTable->setHorizontalHeaderLabels({u"At"_s, u"Event"_s, u"event_id"_s, u"Source"_s, u"Where in the file"_s});
    m_ui->stepsTable->horizontalHeader()->setStretchLastSection(true);
    m_ui->stepsTable->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);

    m_ui->pacingCombo->addItem(u"Rate limit"_s);
    m_ui->pacingCombo->addItem(u"Funnel spacing"_s);
    m_ui->idsCombo->addItem(u"Keep the funnel's event ids"_s);
    m_ui->idsCombo->addItem(u"A new event id for every event"_s);
    m_ui->idsCombo->setToolTip(u"Kept ids deduplicate against the browser's Pixel events; templates such as {{uuid}} or {{order_id}} "
                               "still differ per user."_s);
    const auto pacing = [this] {
        const bool spacing = m_ui->pacingCombo->currentIndex() == 1;
        m_ui->rateSpin->setEnabled(!spacing);
        m_ui->spacingSpin->setEnabled(spacing);
    };
    connect(m_ui->pacingCombo, &QComboBox::currentIndexChanged, this, pacing);
    pacing();
    connect(m_ui->idsCombo, &QComboBox::currentIndexChanged, this, &ReplayPage::showPreview);

    m_counters = new ReplayCounters(m_ui->runPanel);
    m_ui->countersLayout->addWidget(m_counters);

    m_proxy->setSourceModel(m_model);
    m_ui->resultsView->setModel(m_proxy);
    m_ui->resultsView->verticalHeader()->hide();
    m_ui->resultsView->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_ui->resultsView->horizontalHeader()->setStretchLastSection(true);
    // Fixed widths: sizing to contents would measure every row of a 100,000-event run.
    const int digit = fontMetrics().horizontalAdvance(u'0');
    const int widths[] = {8, 6, 5, 16, 30, 10, 7, 6};
    for (int column = 0; column < int(std::size(widths)); ++column)
        m_ui->resultsView->setColumnWidth(column, widths[column] * digit + 16);
    m_ui->resultsView->sortByColumn(-1, Qt::AscendingOrder); // arrival order until a header is clicked
    connect(m_ui->filterEdit, &QLineEdit::textChanged, m_proxy, &OutcomeFilterProxy::setText);
    connect(m_ui->failuresOnlyCheck, &QCheckBox::toggled, m_proxy, &OutcomeFilterProxy::setFailuresOnly);
    const auto countRows = [this] {
        m_ui->resultsCountLabel->setText(u"%1 of %2"_s.arg(m_proxy->rowCount()).arg(m_model->rowCount()));
    };
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, countRows);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, countRows);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, countRows);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, countRows);
    connect(m_ui->resultsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &ReplayPage::showOutcomeDetail);
    countRows();

    auto *exportMenu = new QMenu(this);
    for (const auto &[label, suffix] : {std::pair{u"HTML Page…"_s, u"html"_s}, std::pair{u"CSV…"_s, u"csv"_s}, std::pair{u"JSON…"_s, u"json"_s}}) {
        exportMenu->addAction(label, this, [this, suffix] {
            if (m_runId == 0)
                return;
            const QString path = QFileDialog::getSaveFileName(this, u"Export run report"_s, u"replay-run-%1.%2"_s.arg(m_runId).arg(suffix));
            if (!path.isEmpty())
                exportReport(m_runId, path);
        });
    }
    m_ui->exportButton->setMenu(exportMenu);
    m_ui->exportButton->setEnabled(false);

    connect(m_ui->openButton, &QToolButton::clicked, this, &ReplayPage::openFunnelDialog);
    connect(m_ui->loadCancelButton, &QToolButton::clicked, this, [this] {
        ++m_loadGeneration; // its result is dropped when it arrives
        m_afterLoad = nullptr;
        setLoading(false);
    });
    connect(m_ui->identitiesButton, &QToolButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, u"Identities CSV"_s, {}, u"CSV (*.csv);;All files (*)"_s);
        if (!path.isEmpty())
            m_ui->identitiesEdit->setText(path);
        if (!path.isEmpty() && m_funnel)
            openFunnel(m_funnel->path); // checked again with the new users
    });
    connect(m_ui->identitiesEdit, &QLineEdit::editingFinished, this, [this] {
        if (m_funnel && m_ui->identitiesEdit->isModified()) {
            m_ui->identitiesEdit->setModified(false);
            openFunnel(m_funnel->path);
        }
    });
    connect(m_ui->startButton, &QPushButton::clicked, this, &ReplayPage::startRun);
    connect(m_ui->pauseButton, &QPushButton::clicked, this, &ReplayPage::pauseRun);
    connect(m_ui->resumeButton, &QPushButton::clicked, this, &ReplayPage::resumeRun);
    connect(m_ui->cancelButton, &QPushButton::clicked, this, &ReplayPage::cancelRun);
    rebuildRecentMenu();
}

bool ReplayPage::looksLikeFunnel(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QByteArray head = file.read(4096);
    const qsizetype key = head.indexOf("\"format\"");
    return key >= 0 && head.indexOf("\"capiqa-funnel\"", key) > key;
}

void ReplayPage::rebuildRecentMenu()
{
    auto *menu = new QMenu(this);
    const QStringList files = m_services.appSettings ? m_services.appSettings->recentFiles() : QStringList();
    for (const QString &path : files) {
        const QString suffix = QFileInfo(path).suffix().toLower();
        if (suffix != u"json"_s && suffix != u"jsonl"_s)
            continue;
        menu->addAction(QFileInfo(path).fileName(), this, [this, path] { openFunnel(path); })->setToolTip(path);
    }
    if (menu->isEmpty())
        menu->addAction(u"No recent files"_s)->setEnabled(false);
    delete m_ui->openButton->menu();
    m_ui->openButton->setMenu(menu);
}

void ReplayPage::openFunnelDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, u"Open funnel"_s, {},
                                                      u"Funnels (*.json *.jsonl);;All files (*)"_s);
    if (!path.isEmpty())
        openFunnel(path);
}

void ReplayPage::runInBackground(QThread *thread)
{
    m_threads.insert(thread);
    connect(thread, &QThread::finished, this, [this, thread] {
        m_threads.remove(thread);
        thread->deleteLater();
    });
    thread->start();
}

bool ReplayPage::openFunnel(const QString &path, QString *error)
{
    if (m_running) {
        const QString why = u"A replay is running: cancel it or let it finish before opening another funnel."_s;
        Q_EMIT statusMessage(why);
        if (error)
            *error = why;
        return false;
    }
    const QFileInfo info(path);
    if (!info.isFile() || !info.isReadable()) {
        const QString why = u"%1: %2"_s.arg(QDir::toNativeSeparators(path), info.exists() ? u"not a readable file"_s : u"no such file"_s);
        showProblem(html(why));
        if (error)
            *error = why;
        return false;
    }
    replay::FunnelLoadOptions options;
    options.identitiesPath = m_ui->identitiesEdit->text().trimmed();
    if (const auto profile = activeProfile())
        options.normalizer = profile->normalizer;
    const quint64 generation = ++m_loadGeneration;
    auto loaded = std::make_shared<Loaded>();
    QThread *thread = QThread::create([loaded, path, options] { loaded->load = replay::loadFunnel(path, options); });
    connect(thread, &QThread::finished, this, [this, loaded, generation, path] {
        if (generation != m_loadGeneration)
            return; // cancelled, or a newer file was opened meanwhile
        setLoading(false);
        showLoaded(path, *loaded);
    });
    runInBackground(thread);
    setLoading(true);
    m_ui->funnelLabel->setText(u"Reading %1…"_s.arg(info.fileName()));
    return true;
}

void ReplayPage::setLoading(bool loading)
{
    m_ui->loadProgress->setVisible(loading);
    m_ui->loadCancelButton->setVisible(loading);
    m_ui->openButton->setEnabled(!loading);
    m_ui->startButton->setEnabled(!loading && !m_running && m_funnel.has_value());
}

void ReplayPage::showLoaded(const QString &path, const Loaded &loaded)
{
    const replay::FunnelLoad &load = loaded.load;
    if (!load.ok()) {
        // Nothing can be sent from it: the previous funnel (if any) is dropped so Start is off.
        m_funnel.reset();
        m_afterLoad = nullptr;
        QString text = u"<b>%1 cannot be replayed; nothing was sent.</b>"_s.arg(html(QFileInfo(path).fileName()));
        for (qsizetype i = 0; i < load.errors.size() && i < MaxShownErrors; ++i)
            text += u"<br>• "_s + html(load.errors.at(i));
        if (load.errors.size() > MaxShownErrors)
            text += u"<br>… and %1 more"_s.arg(load.errors.size() - MaxShownErrors);
        showProblem(text);
        m_ui->funnelLabel->setText(u"No funnel loaded"_s);
        showSteps();
        showPreview();
        setRunning(false);
        Q_EMIT funnelFailed(load.errors);
        return;
    }
    m_funnel = load.funnel;
    m_funnelWarnings = load.warnings;
    showProblem(load.warnings.isEmpty() ? QString()
                                        : u"<span style=\"color:#b45309\">Warning: %1</span>"_s.arg(html(load.warnings.join(u"\nWarning: "_s)).replace(u"\n"_s, u"<br>"_s)));
    const Funnel &f = *m_funnel;
    m_ui->funnelLabel->setText(u"<b>%1</b> · %2 step(s) · %3%4"_s.arg(html(f.name.isEmpty() ? QFileInfo(path).fileName() : f.name))
                                   .arg(f.steps.size())
                                   .arg(replay::formatName(f.format),
                                        f.identities.isEmpty() ? QString() : u" · %1 identities"_s.arg(f.identities.size())));
    m_ui->funnelLabel->setToolTip(QDir::toNativeSeparators(path) + (f.description.isEmpty() ? QString() : u"\n"_s + f.description));
    showSteps();
    showPreview();
    setRunning(false);
    if (m_services.appSettings) {
        m_services.appSettings->addRecentFile(path);
        rebuildRecentMenu();
    }
    Q_EMIT funnelLoaded(path);
    Q_EMIT fileLoaded(path);
    if (auto next = std::exchange(m_afterLoad, nullptr))
        next();
}

void ReplayPage::showSteps()
{
    auto *table = m_ui->stepsTable;
    table->setRowCount(0);
    if (!m_funnel)
        return;
    const auto &steps = m_funnel->steps;
    const int rows = int(std::min<qsizetype>(steps.size(), MaxStepRows));
    table->setRowCount(rows);
    for (int i = 0; i < rows; ++i) {
        const replay::FunnelStep &s = steps.at(i);
        const auto cell = [&](int column, const QString &text) {
            auto *item = new QTableWidgetItem(text);
            item->setToolTip(text);
            table->setItem(i, column, item);
        };
        cell(0, u"+%1 s"_s.arg(double(s.offsetMs) / 1000.0, 0, 'f', s.offsetMs % 1000 ? 1 : 0));
        cell(1, s.event.value("event_name"_L1).toString());
        cell(2, s.event.value("event_id"_L1).toString());
        cell(3, s.event.value("action_source"_L1).toString());
        cell(4, s.path.isEmpty() ? u"line %1"_s.arg(s.line) : s.path);
    }
    table->resizeColumnsToContents();
    m_ui->stepsGroup->setTitle(steps.size() > rows ? u"Steps (the first %1 of %2)"_s.arg(rows).arg(steps.size())
                                                   : u"Steps (%1)"_s.arg(steps.size()));
}

void ReplayPage::showPreview()
{
    if (!m_funnel) {
        m_ui->previewEdit->setPlainText({});
        return;
    }
    // The events exactly as user 1 of a run would get them (PII still raw: hashing happens at
    // send time with the profile's normaliser). A fixed seed: the real run draws its own.
    replay::ExpansionOptions options;
    options.seed = 1;
    options.regenerateIds = m_ui->idsCombo->currentIndex() == 1;
    const replay::FunnelExpander expander(*m_funnel, options);
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    QString text;
    const int steps = std::min(expander.stepCount(), MaxPreviewSteps);
    for (int step = 0; step < steps; ++step) {
        text += u"// step %1 at +%2 ms\n"_s.arg(step + 1).arg(m_funnel->steps.at(step).offsetMs);
        text += QString::fromUtf8(QJsonDocument(expander.event(0, step, now)).toJson(QJsonDocument::Indented));
    }
    if (expander.stepCount() > steps)
        text += u"// … %1 more step(s)\n"_s.arg(expander.stepCount() - steps);
    m_ui->previewEdit->setPlainText(text);
}

std::optional<settings::Profile> ReplayPage::activeProfile() const
{
    return m_services.profiles ? m_services.profiles->defaultProfile() : std::nullopt;
}

void ReplayPage::showTarget()
{
    const auto profile = activeProfile();
    m_ui->targetLabel->setText(!profile ? u"No profile: add one in Settings"_s
                               : profile->production
                                   ? u"→ <b>%1</b> · <span style=\"color:#dc2626\"><b>PRODUCTION</b></span> (pixel %2)"_s.arg(html(profile->name), html(profile->pixelId))
                                   : u"→ <b>%1</b> · <span style=\"color:#16a34a\"><b>TEST MODE</b></span> · code %2"_s.arg(html(profile->name), html(profile->testEventCode)));
}

void ReplayPage::showProblem(const QString &text)
{
    m_ui->funnelErrors->setText(text);
    m_ui->funnelErrors->setVisible(!text.isEmpty());
    m_ui->funnelErrors->setStyleSheet(text.startsWith(u"<span"_s) ? QString() : u"QLabel{color:#dc2626}"_s);
}

ReplayOptions ReplayPage::currentOptions() const
{
    ReplayOptions o;
    o.users = m_ui->usersSpin->value();
    const bool spacing = m_ui->pacingCombo->currentIndex() == 1;
    o.rate = spacing ? 0 : m_ui->rateSpin->value();
    o.spacingFactor = spacing ? m_ui->spacingSpin->value() : -1;
    o.concurrency = m_ui->concurrencySpin->value();
    o.batchSize = m_ui->batchSpin->value();
    o.regenerateIds = m_ui->idsCombo->currentIndex() == 1;
    return o;
}

void ReplayPage::startRun()
{
    startJob(0, false);
}

void ReplayPage::startJob(qint64 resumeRunId, bool resendUnknown)
{
    if (m_running || !m_funnel || !m_services.secrets)
        return;
    const auto profile = activeProfile();
    if (!profile) {
        showProblem(u"Not started: there is no profile. Add one in Settings."_s);
        return;
    }
    const QString identities = m_ui->identitiesEdit->text().trimmed();
    replay::ReplayJob job = replay::jobForProfile(*m_funnel, currentOptions(), *profile, m_services.preferences, identities);
    job.resumeRunId = resumeRunId;
    job.resendUnknown = resendUnknown;
    if (const QString problem = job.options.problem(); !problem.isEmpty()) {
        showProblem(u"Not started: %1"_s.arg(html(problem)));
        return;
    }
    if (profile->production
        && QMessageBox::warning(this, u"Replay to production"_s,
                                u"Profile \"%1\" is in PRODUCTION: %2 real event(s) will reach pixel %3 and count in reports and ad "
                                "optimisation. Replay anyway?"_s.arg(profile->name).arg(job.options.planned(int(m_funnel->steps.size()))).arg(profile->pixelId),
                                QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel) != QMessageBox::Yes)
        return;
    setRunning(true);
    m_ui->etaLabel->setText(u"Getting the access token…"_s);
    auto *request = m_services.secrets->readSecret(*profile, settings::SecretKind::AccessToken);
    connect(request, &settings::SecretRequest::finished, this, [this, job](const settings::SecretResult &r) mutable {
        if (!r.ok() || r.value.isEmpty()) {
            setRunning(false);
            showProblem(u"Not started: no access token for profile \"%1\". %2"_s.arg(
                html(job.send.profileName), html(r.error.isEmpty() ? u"Store one in Settings, or set CAPIQA_ACCESS_TOKEN."_s : r.error)));
            return;
        }
        job.send.accessToken = r.value;
        m_model->clear();
        m_chart->clear();
        showProblem({});
        m_worker->start(job);
    });
}

void ReplayPage::resumeFromHistory(qint64 runId, bool resendUnknown)
{
    if (m_running || runId == 0)
        return;
    replay::RunStore store;
    const auto record = store.open(m_worker->runsDatabase()) ? store.run(runId) : std::nullopt;
    if (!record) {
        showProblem(u"Run %1 is not in the history: %2"_s.arg(runId).arg(html(store.errorString())));
        return;
    }
    const QJsonObject connection = record->config.value("connection"_L1).toObject();
    const auto profile = activeProfile();
    const QString pixel = connection.value("pixel_id"_L1).toString();
    if (!profile || (!pixel.isEmpty() && profile->pixelId != pixel)) {
        showProblem(u"Run %1 went to pixel %2; make a profile for that pixel the active one to resume it (Meta deduplicates per pixel)."_s
                        .arg(runId)
                        .arg(html(pixel)));
        return;
    }
    if (resendUnknown
        && QMessageBox::question(this, u"Re-send unknown events"_s,
                                 u"Events whose fate is unknown may already have reached Meta. Re-sending them is safe when their "
                                 "event_id is kept: the run makes each event again with the same event_id, and Meta deduplicates "
                                 "events with the same event_name and event_id received within 48 hours. Events without an event_id "
                                 "would be counted twice.\n\nRe-send them?"_s)
               != QMessageBox::Yes)
        return;
    const QString identities = record->config.value("identities"_L1).toString();
    m_ui->identitiesEdit->setText(identities);
    const ReplayOptions stored = ReplayOptions::fromJson(record->config.value("replay"_L1).toObject());
    m_ui->usersSpin->setValue(int(std::min<qint64>(stored.users, m_ui->usersSpin->maximum())));
    m_ui->idsCombo->setCurrentIndex(stored.regenerateIds ? 1 : 0);
    m_ui->pacingCombo->setCurrentIndex(stored.usesSpacing() ? 1 : 0);
    m_afterLoad = [this, runId, resendUnknown] { startJob(runId, resendUnknown); };
    if (!openFunnel(record->funnelPath))
        m_afterLoad = nullptr;
}

void ReplayPage::pauseRun()
{
    if (m_running)
        m_worker->pause();
}

void ReplayPage::resumeRun()
{
    if (m_running)
        m_worker->resume();
}

void ReplayPage::cancelRun()
{
    if (m_running)
        m_worker->cancel();
}

void ReplayPage::setRunning(bool running, bool paused)
{
    m_running = running;
    m_ui->startButton->setEnabled(!running && m_funnel.has_value() && !m_ui->loadProgress->isVisible());
    m_ui->pauseButton->setEnabled(running && !paused);
    m_ui->resumeButton->setEnabled(running && paused);
    m_ui->cancelButton->setEnabled(running);
    m_ui->optionsGroup->setEnabled(!running);
    m_ui->openButton->setEnabled(!running && !m_ui->loadProgress->isVisible());
    m_ui->exportButton->setEnabled(!running && m_runId != 0);
    m_history->setRunning(running);
    if (paused)
        m_ui->etaLabel->setText(u"Paused: requests in flight finish, nothing new is sent"_s);
}

void ReplayPage::onStarted(qint64 runId, const ReplayCounts &counts)
{
    m_runId = runId;
    m_ui->progressBar->setRange(0, int(std::min<qint64>(counts.planned, std::numeric_limits<int>::max())));
    m_counters->setCounts(counts);
    m_ui->etaLabel->setText(u"Run %1 started"_s.arg(runId));
    m_history->reload();
    m_history->selectRun(runId);
    Q_EMIT runStarted(runId);
    Q_EMIT statusMessage(u"Replay run %1: %2 event(s), %3 already done"_s.arg(runId).arg(counts.planned).arg(counts.sent));
}

void ReplayPage::onProgress(const replay::ReplayProgress &p)
{
    const ReplayCounts &c = p.counts;
    m_ui->progressBar->setValue(int(std::min<qint64>(c.sent - c.inFlight, m_ui->progressBar->maximum())));
    m_counters->setCounts(c);
    m_chart->addSample(p.elapsedMs, c);
    if (!p.paused)
        m_ui->etaLabel->setText(u"%1 events/s · %2 elapsed · ETA %3"_s.arg(p.eventsPerSecond, 0, 'f', 0)
                                    .arg(duration(p.elapsedMs), p.etaMs < 0 ? u"estimating…"_s : duration(p.etaMs)));
}

void ReplayPage::onFinished(const replay::ReplaySummary &s)
{
    m_runId = s.runId;
    m_counters->setCounts(s.counts);
    m_chart->addSample(s.elapsedMs, s.counts);
    m_ui->progressBar->setValue(int(std::min<qint64>(s.counts.sent - s.counts.inFlight, m_ui->progressBar->maximum())));
    const bool allIn = s.counts.allAccepted();
    QString text = u"Run %1 %2 in %3: %4 of %5 accepted"_s.arg(s.runId)
                       .arg(replay::runStateName(s.state), duration(s.elapsedMs))
                       .arg(s.counts.accepted)
                       .arg(s.counts.planned);
    if (s.counts.notSent() > 0)
        text += u", %1 not sent (resume it from the history)"_s.arg(s.counts.notSent());
    m_ui->etaLabel->setText(text);
    m_ui->etaLabel->setStyleSheet(allIn ? u"QLabel{color:#16a34a}"_s : QString());
    if (!s.message.isEmpty() && s.state == replay::RunState::Failed)
        showProblem(u"Run %1 failed: %2"_s.arg(s.runId).arg(html(s.message)));
    setRunning(false);
    m_history->reload();
    m_history->selectRun(s.runId);
    Q_EMIT statusMessage(text);
    Q_EMIT runFinished(s);
}

void ReplayPage::showOutcomeDetail()
{
    const QModelIndex current = m_proxy->mapToSource(m_ui->resultsView->currentIndex());
    if (!current.isValid()) {
        m_ui->errorDetail->clear();
        return;
    }
    const replay::EventOutcome &o = m_model->outcome(current.row());
    QString text = u"<b>%1</b> %2 (user %3, step %4): <b>%5</b>"_s.arg(html(o.eventName), html(o.eventId))
                       .arg(o.user + 1)
                       .arg(o.step + 1)
                       .arg(replay::statusName(o.status));
    if (o.httpStatus)
        text += u" · HTTP %1"_s.arg(o.httpStatus);
    if (o.errorCode)
        text += u" · error %1"_s.arg(o.errorCode);
    if (o.retries)
        text += u" · %1 retr%2"_s.arg(o.retries).arg(o.retries == 1 ? u"y"_s : u"ies"_s);
    if (!o.fbtraceId.isEmpty())
        text += u" · fbtrace_id %1"_s.arg(html(o.fbtraceId));
    if (!o.error.isEmpty())
        text += u"<br>"_s + html(o.error);
    m_ui->errorDetail->setText(text);
}

void ReplayPage::exportReport(qint64 runId, const QString &path)
{
    const auto format = replay::reportFormatForPath(path);
    if (!format) {
        Q_EMIT reportExported(path, u"%1: a report is .csv, .json or .html"_s.arg(QFileInfo(path).fileName()));
        return;
    }
    auto error = std::make_shared<QString>();
    const QString db = m_worker->runsDatabase();
    // Its own history connection in its own thread: a 100,000-event report streams from SQLite.
    QThread *thread = QThread::create([db, runId, format, path, error] {
        replay::RunStore store;
        if (!store.open(db))
            *error = store.errorString();
        else
            replay::writeRunReport(store, runId, *format, path, error.get());
    });
    connect(thread, &QThread::finished, this, [this, path, error] {
        Q_EMIT statusMessage(error->isEmpty() ? u"Report saved to %1"_s.arg(QDir::toNativeSeparators(path)) : *error);
        if (!error->isEmpty())
            showProblem(html(*error));
        Q_EMIT reportExported(path, *error);
    });
    runInBackground(thread);
}

void ReplayPage::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        m_proxy->setPalette(palette()); // status colours follow a light/dark switch
}

QByteArray ReplayPage::saveState() const
{
    QByteArray state;
    QDataStream out(&state, QIODevice::WriteOnly);
    out << StateMagic << m_ui->pageSplitter->saveState() << m_ui->mainSplitter->saveState() << m_ui->funnelSplitter->saveState()
        << m_ui->resultsView->horizontalHeader()->saveState() << m_history->tree()->header()->saveState()
        << qint32(m_ui->bottomTabs->currentIndex()) << qint32(m_ui->usersSpin->value()) << qint32(m_ui->pacingCombo->currentIndex())
        << m_ui->rateSpin->value() << m_ui->spacingSpin->value() << qint32(m_ui->concurrencySpin->value())
        << qint32(m_ui->batchSpin->value()) << qint32(m_ui->idsCombo->currentIndex());
    return state;
}

void ReplayPage::restoreState(const QByteArray &state)
{
    QDataStream in(state);
    quint32 magic = 0;
    QByteArray page, main, funnel, results, history;
    qint32 tab = 0, users = 0, pacing = 0, concurrency = 0, batch = 0, ids = 0;
    double rate = 0, spacing = 0;
    in >> magic >> page >> main >> funnel >> results >> history >> tab >> users >> pacing >> rate >> spacing >> concurrency >> batch >> ids;
    if (in.status() != QDataStream::Ok || magic != StateMagic)
        return;
    m_ui->pageSplitter->restoreState(page);
    m_ui->mainSplitter->restoreState(main);
    m_ui->funnelSplitter->restoreState(funnel);
    m_ui->resultsView->horizontalHeader()->restoreState(results);
    m_history->tree()->header()->restoreState(history);
    m_ui->bottomTabs->setCurrentIndex(tab);
    m_ui->usersSpin->setValue(users);
    m_ui->pacingCombo->setCurrentIndex(pacing);
    m_ui->rateSpin->setValue(rate);
    m_ui->spacingSpin->setValue(spacing);
    m_ui->concurrencySpin->setValue(concurrency);
    m_ui->batchSpin->setValue(batch);
    m_ui->idsCombo->setCurrentIndex(ids);
}

} // namespace capiqa::gui
