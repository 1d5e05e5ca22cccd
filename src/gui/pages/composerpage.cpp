#include "composerpage.h"

#include "ui_composerpage.h"

#include "dialogs/mappingdialog.h"
#include "event/eventid.h"
#include "guiresources.h"
#include "io/json.h"
#include "log/logbus.h"
#include "replay/funnelrecorder.h"
#include "settings/appsettings.h"
#include "settings/preferences.h"
#include "settings/profilestore.h"
#include "settings/secretstore.h"
#include "transport/capiclient.h"
#include "transport/curlcommand.h"
#include "transport/sendhandle.h"
#include "widgets/eventform.h"

#include <QtCore/QDataStream>
#include <QtCore/QDateTime>
#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QSaveFile>
#include <QtCore/QTimer>
#include <QtGui/QClipboard>
#include <QtGui/QFontDatabase>
#include <QtGui/QGuiApplication>
#include <QtGui/QKeySequence>
#include <QtGui/QShortcut>
#include <QtGui/QUndoStack>
#include <QtWidgets/QApplication>
#include <QtWidgets/QFileDialog>
#include <QtWidgets/QMenu>
#include <QtWidgets/QStyle>

using namespace Qt::StringLiterals;

namespace capiqa::gui {

namespace {

constexpr qint64 MaxTemplateBytes = 16 * 1024 * 1024;
constexpr quint32 StateMagic = 0xC0'4D'05'01;

// What a new user sees first: an event that sends as it is, with raw customer information
// that shows the normalisation at work.
QJsonObject starterEvent()
{
    return QJsonObject{
        {u"event_name"_s, u"Purchase"_s},
        {u"event_time"_s, u"now"_s},
        {u"action_source"_s, u"website"_s},
        {u"event_source_url"_s, u"https://shop.example.com/checkout/thank-you"_s},
        {u"event_id"_s, u"{uuid}"_s},
        {u"user_data"_s, QJsonObject{{u"em"_s, u"  John.Smith@Example.com "_s},
                                     {u"ph"_s, u"+1 (650) 555-1212"_s},
                                     {u"client_ip_address"_s, u"203.0.113.7"_s},
                                     {u"client_user_agent"_s, u"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36"_s}}},
        {u"custom_data"_s, QJsonObject{{u"value"_s, 49.0}, {u"currency"_s, u"USD"_s}, {u"order_id"_s, u"42"_s}}},
    };
}

QString escaped(const QString &text)
{
    return text.toHtmlEscaped();
}

// The event as a funnel step: its event_id template in the funnel's terms, so each replayed
// user gets its own id ({uuid} → {{uuid}}, {order_id} → {{order_id}}); other variables keep
// the value they had at this send.
QJsonObject asFunnelStep(QJsonObject event)
{
    const QString pattern = event.value("event_id"_L1).toString();
    if (!pattern.contains(u'{'))
        return event;
    QMap<QString, QString> variables = event::eventTemplateVariables(event);
    variables.insert(u"uuid"_s, u"{{uuid}}"_s);
    variables.insert(u"order_id"_s, u"{{order_id}}"_s);
    if (const auto id = event::expandEventId(pattern, variables))
        event.insert(u"event_id"_s, *id);
    return event;
}

} // namespace

/// One change of the raw event. Consecutive edits of the same field merge, so undo steps back
/// a field at a time rather than a keystroke at a time.
class EventEditCommand final : public QUndoCommand
{
public:
    EventEditCommand(ComposerPage *page, QJsonObject before, QJsonObject after, QString key)
        : m_page(page), m_before(std::move(before)), m_after(std::move(after)), m_key(std::move(key))
    {
        setText(m_key.isEmpty() ? u"edit"_s : u"edit %1"_s.arg(m_key));
    }
    int id() const override { return 1; }
    bool mergeWith(const QUndoCommand *other) override
    {
        const auto *o = static_cast<const EventEditCommand *>(other);
        if (m_key.isEmpty() || o->m_key != m_key)
            return false;
        m_after = o->m_after;
        return true;
    }
    void undo() override { m_page->applyEvent(m_before, ComposerPage::Source::Other); }
    void redo() override
    {
        if (m_first) { // the page already shows it
            m_first = false;
            return;
        }
        m_page->applyEvent(m_after, ComposerPage::Source::Other);
    }

private:
    ComposerPage *m_page;
    QJsonObject m_before;
    QJsonObject m_after;
    QString m_key;
    bool m_first = true;
};

ComposerPage::ComposerPage(const ConsoleServices &services, QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::ComposerPage>())
    , m_services(services)
    , m_undo(new QUndoStack(this))
    , m_jsonTimer(new QTimer(this))
    , m_clockTimer(new QTimer(this))
    , m_previewUuid(event::newUuidV4())
{
    initResources();
    m_ui->setupUi(this);
    m_form = new EventForm;
    m_ui->formScroll->setWidget(m_form);
    setFocusProxy(m_ui->sendButton);
    m_ui->targetLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred); // the status bar says it too
    m_ui->targetLabel->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_ui->mainSplitter->setStretchFactor(0, 3);
    m_ui->mainSplitter->setStretchFactor(1, 2);
    m_ui->findingsTree->header()->setStretchLastSection(true);
    m_ui->findingsTree->setColumnWidth(0, 80);
    m_ui->findingsTree->setColumnWidth(1, 170);
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_ui->jsonEdit->setFont(mono);
    m_ui->requestView->setFont(mono);
    m_ui->productionBanner->setVisible(false);
    m_ui->productionBanner->setStyleSheet(u"QLabel{background:#b91c1c;color:white;padding:6px;border-radius:4px;font-weight:bold}"_s);
    m_ui->sendButton->setIcon(style()->standardIcon(QStyle::SP_ArrowForward));
    buildSamplesMenu();

    m_jsonTimer->setSingleShot(true);
    m_jsonTimer->setInterval(250);
    m_clockTimer->setInterval(15'000); // "now" moves: the age label and time findings follow
    m_clockTimer->start();

    if (m_services.appSettings && QFileInfo::exists(m_services.appSettings->appEventMappingFile())) {
        event::EventMapping mapping;
        QString error;
        if (mapping.load(m_services.appSettings->appEventMappingFile(), &error))
            m_form->setMapping(mapping);
        else
            m_ui->resultSummary->setText(u"The app event mapping file is unusable, the defaults apply: %1"_s.arg(escaped(error)));
    }
    connect(m_form, &EventForm::mappingEditRequested, this, &ComposerPage::editMapping);
    connect(m_form, &EventForm::edited, this, [this](const QString &key) { recordEdit(m_form->event(), key, Source::Form); });
    connect(m_ui->jsonEdit, &QPlainTextEdit::textChanged, this, [this] {
        if (!m_applying)
            m_jsonTimer->start();
    });
    connect(m_jsonTimer, &QTimer::timeout, this, &ComposerPage::onJsonEdited);
    connect(m_clockTimer, &QTimer::timeout, this, [this] { refresh(Source::Other); });
    connect(m_ui->findingsTree, &QTreeWidget::itemActivated, this,
            [this](QTreeWidgetItem *item) { focusFinding(item->data(1, Qt::UserRole).toString()); });
    connect(m_ui->findingsTree, &QTreeWidget::itemClicked, this,
            [this](QTreeWidgetItem *item) { focusFinding(item->data(1, Qt::UserRole).toString()); });
    connect(m_ui->sendButton, &QPushButton::clicked, this, &ComposerPage::send);
    connect(m_ui->cancelButton, &QPushButton::clicked, this, &ComposerPage::cancelSend);
    connect(m_ui->curlButton, &QToolButton::clicked, this, &ComposerPage::copyAsCurl);
    connect(m_ui->openButton, &QToolButton::clicked, this, &ComposerPage::openFileDialog);
    connect(m_ui->saveButton, &QToolButton::clicked, this, &ComposerPage::saveFileDialog);
    connect(m_ui->resetButton, &QToolButton::clicked, this, [this] { setRawEvent(starterEvent()); });
    connect(m_ui->recordButton, &QToolButton::toggled, this, &ComposerPage::setRecording);

    const auto shortcut = [this](const QKeySequence &keys, auto slot) {
        auto *s = new QShortcut(keys, this, slot);
        s->setContext(Qt::WidgetWithChildrenShortcut);
    };
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), [this] { send(); });
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_Enter), [this] { send(); });
    shortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C), [this] { copyAsCurl(); });
    shortcut(QKeySequence::Open, [this] { openFileDialog(); });
    shortcut(QKeySequence::Save, [this] { saveFileDialog(); });

    if (m_services.profiles) {
        connect(m_services.profiles, &settings::ProfileStore::profilesChanged, this, [this] { refresh(Source::Other); });
        connect(m_services.profiles, &settings::ProfileStore::defaultProfileChanged, this, [this] { refresh(Source::Other); });
    }
    applyEvent(starterEvent(), Source::Other);
}

ComposerPage::~ComposerPage()
{
    if (m_handle)
        m_handle->cancel();
}

void ComposerPage::setRawEvent(const QJsonObject &event)
{
    recordEdit(event, {}, Source::Other);
    applyEvent(event, Source::Other);
}

void ComposerPage::recordEdit(const QJsonObject &event, const QString &key, Source source)
{
    if (event == m_event)
        return;
    m_undo->push(new EventEditCommand(this, m_event, event, key));
    m_event = event;
    refresh(source);
}

void ComposerPage::applyEvent(const QJsonObject &event, Source source)
{
    m_event = event;
    if (source != Source::Form)
        m_form->setEvent(event);
    refresh(source);
}

std::optional<settings::Profile> ComposerPage::activeProfile() const
{
    return m_services.profiles ? m_services.profiles->defaultProfile() : std::nullopt;
}

compose::ComposeSettings ComposerPage::composeSettings(bool forSend) const
{
    compose::ComposeSettings s;
    if (const auto p = activeProfile()) {
        s.normalizer = p->normalizer;
        s.testEventCode = p->testEventCode;
        s.production = p->production;
    }
    if (!forSend) // a stable {uuid} while typing; each send draws its own
        s.variables.insert(u"uuid"_s, m_previewUuid);
    return s;
}

void ComposerPage::refresh(Source source)
{
    const auto settings = composeSettings(false);
    m_composition = compose::compose(m_event, settings);
    m_form->setNormalizer(settings.normalizer);
    m_form->refreshAge(m_composition.now);

    const QJsonValue id = m_composition.resolvedEvent.value("event_id"_L1);
    const QString rawId = m_event.value("event_id"_L1).toString();
    if (rawId.contains(u'{'))
        m_form->showResolvedId(id.toString() == rawId ? u"the template cannot be filled in: see Validation"_s
                                                      : u"→ %1%2"_s.arg(id.toString(), rawId.contains(u"{uuid}"_s) ? u" (a new UUID at each send)"_s
                                                                                                                    : QString()),
                               id.toString() != rawId);
    else
        m_form->showResolvedId(rawId.isEmpty() ? u"No event id: this event can never be deduplicated with the Pixel."_s : QString(), !rawId.isEmpty());

    if (source != Source::Json) {
        m_applying = true;
        m_ui->jsonEdit->setPlainText(QString::fromUtf8(QJsonDocument(m_event).toJson(QJsonDocument::Indented)));
        m_ui->jsonErrorLabel->clear();
        m_applying = false;
    }
    m_ui->requestView->setPlainText(m_composition.requestBody.isEmpty()
                                        ? u"(nothing can be sent until the errors in Validation are fixed)"_s
                                        : QString::fromUtf8(QJsonDocument(m_composition.requestBody).toJson(QJsonDocument::Indented)));
    showFindings();
    showTarget();
}

void ComposerPage::onJsonEdited()
{
    const QByteArray text = m_ui->jsonEdit->toPlainText().toUtf8();
    QJsonParseError error;
    const QJsonDocument doc = io::parseJson(text, &error);
    if (error.error != QJsonParseError::NoError) {
        m_ui->jsonErrorLabel->setText(u"<span style=\"color:#dc2626\">%1: %2. Your text is kept; the form shows the last valid event.</span>"_s.arg(
            io::lineAndColumn(text, error.offset), escaped(error.errorString())));
        return;
    }
    if (!doc.isObject()) {
        m_ui->jsonErrorLabel->setText(u"<span style=\"color:#dc2626\">The event must be a JSON object { … }.</span>"_s);
        return;
    }
    m_ui->jsonErrorLabel->clear();
    if (doc.object() == m_event)
        return;
    recordEdit(doc.object(), u"json"_s, Source::Json);
    m_form->setEvent(m_event);
}

void ComposerPage::showFindings()
{
    auto *tree = m_ui->findingsTree;
    tree->clear();
    int counts[3] = {};
    for (const validate::Finding &f : m_composition.findings) {
        ++counts[int(f.severity)];
        auto *item = new QTreeWidgetItem(tree);
        static const QStyle::StandardPixmap icons[] = {QStyle::SP_MessageBoxCritical, QStyle::SP_MessageBoxWarning,
                                                       QStyle::SP_MessageBoxInformation};
        item->setIcon(0, style()->standardIcon(icons[int(f.severity)]));
        item->setText(0, validate::severityName(f.severity));
        item->setText(1, f.path.isEmpty() ? u"request"_s : f.path);
        item->setData(1, Qt::UserRole, f.path);
        item->setText(2, f.fix.isEmpty() ? f.message : f.message + u"\nFix: "_s + f.fix);
        item->setToolTip(2, f.rule + u": "_s + f.message + u"\n\nFix: "_s + f.fix);
    }
    if (m_composition.findings.isEmpty())
        m_ui->findingsSummary->setText(u"✓ No problems: Meta would accept this event as it is."_s);
    else
        m_ui->findingsSummary->setText(u"%1 error(s), %2 warning(s), %3 hint(s). Click one to go to the field."_s.arg(counts[0]).arg(counts[1]).arg(counts[2]));
    m_ui->sendButton->setEnabled(!m_handle && m_composition.canSend());
    m_ui->sendButton->setToolTip(m_composition.canSend() ? u"Send to the active profile (Ctrl+Return)"_s
                                                         : u"Fix the errors in Validation first"_s);
}

void ComposerPage::focusFinding(const QString &path)
{
    m_ui->tabs->setCurrentWidget(m_ui->formTab);
    if (m_form->focusPath(path)) {
        m_ui->formScroll->ensureWidgetVisible(QApplication::focusWidget());
        return;
    }
    // No widget for it: show the JSON and put the cursor on the key.
    m_ui->tabs->setCurrentWidget(m_ui->jsonTab);
    QString key = path.section(u'.', -1);
    key = key.left(key.indexOf(u'[') < 0 ? key.size() : key.indexOf(u'['));
    QTextCursor cursor = m_ui->jsonEdit->document()->find(u'"' + key + u'"');
    if (!cursor.isNull())
        m_ui->jsonEdit->setTextCursor(cursor);
    m_ui->jsonEdit->setFocus();
}

void ComposerPage::showTarget()
{
    const auto profile = activeProfile();
    if (!profile) {
        m_ui->targetLabel->setText(u"No profile: add one in Settings"_s);
        m_ui->productionBanner->hide();
        return;
    }
    m_ui->targetLabel->setText(u"→ <b>%1</b> · %2 "_s.arg(escaped(profile->name),
                                                          profile->production ? u"<span style=\"color:#dc2626\"><b>PRODUCTION</b></span>"_s
                                                                              : u"test code %1"_s.arg(escaped(profile->testEventCode))));
    m_ui->productionBanner->setVisible(profile->production);
    m_ui->productionBanner->setText(u"PRODUCTION: Send delivers real events to pixel %1 (no test event code). They count in reports and ad "
                                    "optimisation. Switch the profile back to test mode in the status bar or Settings."_s.arg(profile->pixelId));
}

transport::SendOptions ComposerPage::sendOptions(const settings::Profile &profile) const
{
    transport::SendOptions o;
    o.baseUrl = QUrl(profile.baseUrl);
    o.apiVersion = profile.apiVersion;
    o.pixelId = profile.pixelId;
    o.testEventCode = profile.testEventCode;
    o.production = profile.production;
    o.profileName = profile.name;
    if (m_services.preferences)
        m_services.preferences->applyTo(o); // timeout, retries
    return o;
}

void ComposerPage::setSending(bool sending)
{
    m_ui->cancelButton->setEnabled(sending);
    m_ui->sendButton->setEnabled(!sending && m_composition.canSend());
    if (sending)
        m_ui->resultSummary->setText(u"Sending…"_s);
}

void ComposerPage::send()
{
    if (m_handle || !m_services.client || !m_services.secrets)
        return;
    const auto profile = activeProfile();
    if (!profile) {
        m_ui->resultSummary->setText(u"Not sent: there is no profile. Add one in Settings (Ctrl+,)."_s);
        return;
    }
    // Draw the {uuid} now, so the id sent is new while the preview keeps its own.
    const compose::Composition c = compose::compose(m_event, composeSettings(true));
    if (!c.canSend()) {
        m_ui->resultSummary->setText(u"<span style=\"color:#dc2626\">Not sent: fix the errors in Validation first.</span>"_s);
        for (const validate::Finding &f : c.findings) {
            if (f.severity == validate::Severity::Error) {
                focusFinding(f.path);
                break;
            }
        }
        return;
    }
    setSending(true);
    m_sentEvent = asFunnelStep(m_event);
    const QJsonObject body = c.requestBody;
    transport::SendOptions options = sendOptions(*profile);
    auto *request = m_services.secrets->readSecret(*profile, settings::SecretKind::AccessToken);
    connect(request, &settings::SecretRequest::finished, this, [this, body, options](const settings::SecretResult &r) mutable {
        if (!r.ok() || r.value.isEmpty()) {
            setSending(false);
            m_ui->resultSummary->setText(u"<span style=\"color:#dc2626\">Not sent: no access token for profile \"%1\".</span> %2"_s.arg(
                escaped(options.profileName), escaped(r.error.isEmpty() ? u"Store one in Settings, or set CAPIQA_ACCESS_TOKEN."_s : r.error)));
            return;
        }
        options.accessToken = r.value;
        m_handle = m_services.client->send(body, options);
        connect(m_handle, &transport::SendHandle::finished, this, &ComposerPage::showResult);
        setSending(true);
    });
}

void ComposerPage::cancelSend()
{
    if (m_handle)
        m_handle->cancel();
}

void ComposerPage::showResult(const transport::SendResult &r)
{
    m_handle = nullptr;
    m_lastResult = r;
    setSending(false);
    const bool allIn = r.ok && r.eventsReceived == r.eventCount;
    m_ui->resultSummary->setText(u"<span style=\"color:%1\"><b>%2</b></span>"_s.arg(allIn ? u"#16a34a"_s : u"#dc2626"_s, escaped(r.summary())));
    QString html = u"<table cellspacing=4>"_s;
    const auto row = [&html](const QString &name, const QString &value) {
        html += u"<tr><td><b>%1</b></td><td>%2</td></tr>"_s.arg(name, value.toHtmlEscaped());
    };
    row(u"Events received"_s, u"%1 of %2"_s.arg(r.eventsReceived).arg(r.eventCount));
    row(u"HTTP status"_s, r.httpStatus ? QString::number(r.httpStatus) : u"no answer"_s);
    row(u"fbtrace_id"_s, r.fbtraceId.isEmpty() ? u"–"_s : r.fbtraceId);
    row(u"Attempts"_s, u"%1 (%2 request(s))"_s.arg(r.attempts).arg(r.requestCount));
    row(u"Time"_s, u"%1 ms total, first byte after %2 ms"_s.arg(r.totalMs).arg(r.timeToFirstByteMs));
    row(u"Endpoint"_s, r.requestUrl);
    html += u"</table>"_s;
    if (r.error.isValid()) {
        html += u"<p><b>Error %1%2:</b> %3</p>"_s.arg(QString::number(r.error.code),
                                                     r.error.errorSubcode ? u"/"_s + QString::number(r.error.errorSubcode) : QString(),
                                                     escaped(r.error.errorUserTitle.isEmpty() ? r.error.message : r.error.errorUserTitle));
        if (!r.error.errorUserMsg.isEmpty())
            html += u"<p>%1</p>"_s.arg(escaped(r.error.errorUserMsg));
    }
    if (!allIn)
        html += u"<p><b>What to do:</b> %1</p>"_s.arg(escaped(r.plainExplanation()));
    for (const QString &m : r.messages)
        html += u"<p>Message: %1</p>"_s.arg(escaped(m));
    for (const QString &w : r.warnings)
        html += u"<p>Note: %1</p>"_s.arg(escaped(w));
    m_ui->resultDetails->setHtml(html);
    QString recorded;
    if (!m_recordPath.isEmpty() && allIn) { // a funnel of events Meta accepted, templates kept as typed
        QString error;
        recorded = replay::appendToFunnelFile(m_recordPath, m_sentEvent, QDateTime::currentMSecsSinceEpoch(), &error)
                       ? u" · recorded in %1"_s.arg(QFileInfo(m_recordPath).fileName())
                       : u" · not recorded: %1"_s.arg(error);
    }
    Q_EMIT statusMessage(r.summary() + recorded);
    Q_EMIT sent(r);
}

void ComposerPage::copyAsCurl()
{
    const auto profile = activeProfile();
    if (!profile || m_composition.requestBody.isEmpty()) {
        Q_EMIT statusMessage(u"Nothing to copy: fix the errors in Validation first."_s);
        return;
    }
    QGuiApplication::clipboard()->setText(transport::curlCommand(m_composition.requestBody, sendOptions(*profile)));
    Q_EMIT statusMessage(u"Copied a curl command; it reads the token from $CAPIQA_ACCESS_TOKEN."_s);
}

bool ComposerPage::loadFile(const QString &path, QString *error)
{
    const auto fail = [&](const QString &why) {
        if (error)
            *error = QDir::toNativeSeparators(path) + u": "_s + why;
        return false;
    };
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(file.errorString());
    if (file.size() > MaxTemplateBytes)
        return fail(u"%1 MB is too large for an event template (at most 16 MB); the Replay page streams big files."_s.arg(file.size() >> 20));
    const QByteArray bytes = file.readAll();
    QJsonParseError parseError;
    QJsonDocument doc = io::parseJson(bytes, &parseError);
    QJsonObject event;
    QString note;
    if (parseError.error != QJsonParseError::NoError) {
        // JSON Lines: the first line is the first event.
        const QByteArray first = bytes.left(bytes.indexOf('\n'));
        QJsonParseError lineError;
        const QJsonDocument line = io::parseJson(first, &lineError);
        if (lineError.error != QJsonParseError::NoError || !line.isObject())
            return fail(io::lineAndColumn(bytes, parseError.offset) + u": "_s + parseError.errorString());
        doc = line;
        note = u"JSON Lines: the first event is loaded"_s;
    }
    QJsonArray events;
    if (doc.isArray())
        events = doc.array();
    else if (doc.object().value("data"_L1).isArray())
        events = doc.object().value("data"_L1).toArray();
    else
        event = doc.object();
    if (!events.isEmpty() || doc.isArray() || doc.object().contains("data"_L1)) {
        if (events.isEmpty() || !events.first().isObject())
            return fail(events.isEmpty() ? u"no event in it (an empty list)"_s : u"data[0]: an event must be a JSON object"_s);
        event = events.first().toObject();
        if (events.size() > 1)
            note = u"%1 events (a funnel): the first is loaded; the Replay page sends them all"_s.arg(events.size());
    }
    if (event.isEmpty())
        return fail(u"not an event: expected a JSON object with event_name, or a request {\"data\": […]}"_s);
    setRawEvent(event);
    if (m_services.appSettings)
        m_services.appSettings->addRecentFile(path);
    Q_EMIT statusMessage(u"Opened %1%2"_s.arg(QFileInfo(path).fileName(), note.isEmpty() ? QString() : u" ("_s + note + u')'));
    Q_EMIT fileLoaded(path);
    return true;
}

bool ComposerPage::saveFile(const QString &path, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(m_event).toJson(QJsonDocument::Indented)) < 0 || !file.commit()) {
        if (error)
            *error = QDir::toNativeSeparators(path) + u": "_s + file.errorString();
        return false;
    }
    if (m_services.appSettings)
        m_services.appSettings->addRecentFile(path);
    Q_EMIT statusMessage(u"Saved %1 (raw customer information included: keep it private)"_s.arg(QFileInfo(path).fileName()));
    return true;
}

void ComposerPage::openFileDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, u"Open event template"_s, {}, u"Events (*.json *.jsonl);;All files (*)"_s);
    if (path.isEmpty())
        return;
    QString error;
    if (!loadFile(path, &error))
        m_ui->resultSummary->setText(u"<span style=\"color:#dc2626\">Could not open %1</span>"_s.arg(escaped(error)));
}

void ComposerPage::saveFileDialog()
{
    QString path = QFileDialog::getSaveFileName(this, u"Save event template"_s, u"event.json"_s, u"Events (*.json)"_s);
    if (path.isEmpty())
        return;
    QString error;
    if (!saveFile(path, &error))
        m_ui->resultSummary->setText(u"<span style=\"color:#dc2626\">Could not save %1</span>"_s.arg(escaped(error)));
}

void ComposerPage::editMapping()
{
    MappingDialog dialog(m_form->mapping(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    QString error;
    if (m_services.appSettings && !dialog.mapping().save(m_services.appSettings->appEventMappingFile(), &error)) {
        m_ui->resultSummary->setText(u"<span style=\"color:#dc2626\">The mapping could not be saved: %1</span>"_s.arg(escaped(error)));
        return;
    }
    m_form->setMapping(dialog.mapping());
    Q_EMIT statusMessage(u"App event mapping saved (%1 entries)"_s.arg(dialog.mapping().size()));
}

void ComposerPage::recordTo(const QString &path)
{
    m_recordPath = path; // set first: checking the button then asks for no file
    if (m_ui->recordButton->isChecked() == !path.isEmpty())
        setRecording(!path.isEmpty());
    else
        m_ui->recordButton->setChecked(!path.isEmpty());
}

void ComposerPage::setRecording(bool on)
{
    if (on && m_recordPath.isEmpty()) {
        const QString path = QFileDialog::getSaveFileName(this, u"Record sends into a funnel"_s, u"recorded-funnel.json"_s,
                                                          u"Funnels (*.json)"_s, nullptr, QFileDialog::DontConfirmOverwrite);
        if (path.isEmpty()) {
            const QSignalBlocker block(m_ui->recordButton);
            m_ui->recordButton->setChecked(false);
            return;
        }
        m_recordPath = path;
    } else if (!on) {
        m_recordPath.clear();
    }
    m_ui->recordButton->setToolTip(on ? u"Recording accepted sends into %1 (click to stop)"_s.arg(QDir::toNativeSeparators(m_recordPath))
                                      : u"Append each event accepted from now on to a funnel file, to replay it later on the Replay page"_s);
    Q_EMIT statusMessage(on ? u"Recording: each accepted send is appended to %1"_s.arg(QFileInfo(m_recordPath).fileName())
                            : u"Recording stopped"_s);
}

void ComposerPage::buildSamplesMenu()
{
    auto *menu = new QMenu(this);
    const QDir samples(u":/capiqa/samples"_s);
    for (const QString &name : samples.entryList({u"*.json"_s}, QDir::Files, QDir::Name)) {
        menu->addAction(name, this, [this, path = samples.filePath(name)] {
            QString error;
            if (!loadFile(path, &error))
                m_ui->resultSummary->setText(escaped(error));
        });
    }
    m_ui->samplesButton->setMenu(menu);
    m_ui->samplesButton->setPopupMode(QToolButton::InstantPopup);
    m_ui->samplesButton->setEnabled(!menu->isEmpty());
}

QByteArray ComposerPage::saveState() const
{
    QByteArray state;
    QDataStream out(&state, QIODevice::WriteOnly);
    out << StateMagic << m_ui->mainSplitter->saveState() << m_ui->sideSplitter->saveState() << m_ui->jsonSplitter->saveState()
        << m_ui->findingsTree->header()->saveState() << qint32(m_ui->tabs->currentIndex());
    return state;
}

void ComposerPage::restoreState(const QByteArray &state)
{
    QDataStream in(state);
    quint32 magic = 0;
    QByteArray main, side, json, header;
    qint32 tab = 0;
    in >> magic >> main >> side >> json >> header >> tab;
    if (in.status() != QDataStream::Ok || magic != StateMagic)
        return;
    m_ui->mainSplitter->restoreState(main);
    m_ui->sideSplitter->restoreState(side);
    m_ui->jsonSplitter->restoreState(json);
    m_ui->findingsTree->header()->restoreState(header);
    m_ui->tabs->setCurrentIndex(tab); // the event itself is not kept: it holds raw customer data
}

} // namespace capiqa::gui
