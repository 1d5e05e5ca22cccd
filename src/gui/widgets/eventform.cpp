#include "eventform.h"

#include "ui_eventform.h"

#include "compose/composition.h"
#include "event/eventid.h"
#include "validate/rules.h"

#include <QtCore/QDateTime>
#include <QtCore/QJsonDocument>
#include <QtCore/QLocale>
#include <QtGui/QFontDatabase>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>

using namespace Qt::StringLiterals;

namespace capiqa::gui {

namespace {

struct PiiLabel {
    pii::Field field;
    const char *label;
    const char *placeholder;
};
constexpr PiiLabel PiiLabels[] = {
    {pii::Field::Em, "&Email", "  John.Smith@Example.com "},
    {pii::Field::Ph, "P&hone", "+1 (650) 555-1212"},
    {pii::Field::Fn, "&First name", "John"},
    {pii::Field::Ln, "&Last name", "Smith"},
    {pii::Field::Ge, "&Gender", "m or f"},
    {pii::Field::Db, "Date of &birth", "1990-02-15 or 19900215"},
    {pii::Field::Ct, "Ci&ty", "Menlo Park"},
    {pii::Field::St, "&State", "CA or California"},
    {pii::Field::Zp, "&Zip / postal code", "94025"},
    {pii::Field::Country, "Cou&ntry", "US"},
    {pii::Field::ExternalId, "E&xternal id", "cust-1042"},
};

QString key(pii::Field field)
{
    return QString::fromLatin1(pii::fieldKey(field));
}

// A table cell as JSON: true/false, a number, JSON text, or the text itself.
QJsonValue cellValue(const QString &text)
{
    const QString t = text.trimmed();
    if (t == "true"_L1 || t == "false"_L1)
        return t == "true"_L1;
    bool ok = false;
    const double d = t.toDouble(&ok);
    if (ok)
        return d;
    if (t.startsWith(u'{') || t.startsWith(u'[')) {
        const QJsonDocument doc = QJsonDocument::fromJson(t.toUtf8());
        if (!doc.isNull())
            return doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
    }
    return text;
}

QString cellText(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isBool())
        return v.toBool() ? u"true"_s : u"false"_s;
    if (v.isDouble())
        return QString::number(v.toDouble(), 'g', QLocale::FloatingPointShortest);
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    return {};
}

QString scalarText(const QJsonValue &v)
{
    return v.isArray() ? cellText(v.toArray().first()) : cellText(v);
}

void setRows(QTableWidget *table, const QList<QStringList> &rows)
{
    table->setRowCount(int(rows.size()));
    for (int r = 0; r < rows.size(); ++r) {
        for (int c = 0; c < rows[r].size(); ++c)
            table->setItem(r, c, new QTableWidgetItem(rows[r][c]));
    }
}

QString itemText(const QTableWidget *table, int row, int column)
{
    const QTableWidgetItem *item = table->item(row, column);
    return item ? item->text() : QString();
}

QString ageText(qint64 seconds)
{
    const qint64 a = seconds < 0 ? -seconds : seconds;
    QString span;
    if (a < 90)
        span = u"%1 s"_s.arg(a);
    else if (a < 5400)
        span = u"%1 min"_s.arg(a / 60);
    else if (a < 2 * 86400)
        span = u"%1 h"_s.arg(a / 3600);
    else
        span = u"%1 days"_s.arg(a / 86400);
    return seconds < 0 ? u"in %1"_s.arg(span) : span + u" ago"_s;
}

} // namespace

EventForm::EventForm(QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::EventForm>())
{
    m_ui->setupUi(this);
    for (QLatin1StringView name : validate::detail::standardEventNames())
        m_ui->eventNameCombo->addItem(QString(name));
    m_ui->eventTimeEdit->setDateTime(QDateTime::currentDateTime());
    m_ui->eventAgeLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_ui->eventIdPreviewLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_ui->contentsTable->verticalHeader()->hide();
    m_ui->propsTable->verticalHeader()->hide();
    buildPiiRows();
    setMapping(m_mapping);
    connectEdits();
    setEvent(QJsonObject{{u"event_name"_s, u"Purchase"_s}, {u"event_time"_s, u"now"_s}, {u"action_source"_s, u"website"_s}});
}

EventForm::~EventForm() = default;

void EventForm::buildPiiRows()
{
    auto *grid = m_ui->piiGrid;
    int gridRow = 0;
    for (const PiiLabel &l : PiiLabels) {
        PiiRow r{l.field, nullptr, nullptr, nullptr, {}};
        r.edit = new QLineEdit(m_ui->userGroup);
        r.edit->setObjectName(key(l.field) + u"Edit"_s);
        r.edit->setPlaceholderText(QString::fromUtf8(l.placeholder));
        r.edit->setClearButtonEnabled(true);
        auto *label = new QLabel(QString::fromUtf8(l.label), m_ui->userGroup);
        label->setBuddy(r.edit);
        r.marker = new QLabel(m_ui->userGroup);
        r.marker->setTextFormat(Qt::PlainText);
        r.marker->setObjectName(key(l.field) + u"Marker"_s);
        r.preview = new QLabel(m_ui->userGroup);
        r.preview->setObjectName(key(l.field) + u"Preview"_s);
        r.preview->setTextInteractionFlags(Qt::TextSelectableByMouse);
        QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
        mono.setPointSizeF(mono.pointSizeF() * 0.9);
        r.preview->setFont(mono);
        r.preview->setForegroundRole(QPalette::PlaceholderText);
        // A hash is 64 characters: let it be clipped (the tooltip has it all) rather than widen the form.
        r.preview->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
        r.preview->setMinimumWidth(0);
        grid->addWidget(label, gridRow, 0);
        grid->addWidget(r.edit, gridRow, 1);
        grid->addWidget(r.marker, gridRow, 2);
        grid->addWidget(r.preview, gridRow + 1, 1, 1, 2);
        gridRow += 2;
        m_pii.push_back(std::move(r));
    }
    grid->setColumnStretch(1, 1);
}

void EventForm::connectEdits()
{
    const auto touch = [this](const QString &key) {
        return [this, key] {
            if (!m_loading)
                markEdited(key);
        };
    };
    for (PiiRow &r : m_pii) {
        const QString k = u"user_data."_s + key(r.field);
        connect(r.edit, &QLineEdit::textEdited, this, touch(k));
        connect(r.edit, &QLineEdit::textChanged, this, [this, field = r.field] { updatePreview(row(field)); });
    }
    const std::pair<QLineEdit *, QString> lines[] = {
        {m_ui->sourceUrlEdit, u"event_source_url"_s}, {m_ui->eventIdEdit, u"event_id"_s},
        {m_ui->ipEdit, u"user_data.client_ip_address"_s}, {m_ui->uaEdit, u"user_data.client_user_agent"_s},
        {m_ui->fbpEdit, u"user_data.fbp"_s}, {m_ui->fbcEdit, u"user_data.fbc"_s},
        {m_ui->valueEdit, u"custom_data.value"_s}, {m_ui->orderIdEdit, u"custom_data.order_id"_s},
        {m_ui->contentIdsEdit, u"custom_data.content_ids"_s}};
    for (const auto &[edit, k] : lines)
        connect(edit, &QLineEdit::textEdited, this, touch(k));
    connect(m_ui->eventNameCombo, &QComboBox::currentTextChanged, this, touch(u"event_name"_s));
    connect(m_ui->actionSourceCombo, &QComboBox::currentTextChanged, this, touch(u"action_source"_s));
    connect(m_ui->currencyCombo, &QComboBox::currentTextChanged, this, touch(u"custom_data.currency"_s));
    connect(m_ui->contentTypeCombo, &QComboBox::currentTextChanged, this, touch(u"custom_data.content_type"_s));
    connect(m_ui->timeModeCombo, &QComboBox::currentIndexChanged, this, [this] {
        updateModeWidgets();
        if (!m_loading)
            markEdited(u"event_time"_s);
    });
    connect(m_ui->eventTimeEdit, &QDateTimeEdit::dateTimeChanged, this, touch(u"event_time"_s));
    connect(m_ui->modeCombo, &QComboBox::currentIndexChanged, this, [this] {
        updateModeWidgets();
        if (!m_loading) {
            applyAppEvent();
            markEdited(u"mode"_s);
        }
    });
    connect(m_ui->appEventCombo, &QComboBox::currentTextChanged, this, [this] {
        if (m_loading)
            return;
        applyAppEvent();
        markEdited(u"app_event"_s);
    });
    connect(m_ui->editMappingButton, &QToolButton::clicked, this, &EventForm::mappingEditRequested);
    connect(m_ui->advertiserTrackingCheck, &QCheckBox::toggled, this, touch(u"app_data"_s));
    connect(m_ui->applicationTrackingCheck, &QCheckBox::toggled, this, touch(u"app_data"_s));
    connect(m_ui->uuidButton, &QToolButton::clicked, this, [this] {
        m_ui->eventIdEdit->setText(event::newUuidV4());
        markEdited(u"event_id"_s);
    });
    for (QTableWidget *table : {m_ui->contentsTable, m_ui->propsTable}) {
        const QString k = table == m_ui->contentsTable ? u"custom_data.contents"_s : u"custom_data.props"_s;
        connect(table, &QTableWidget::itemChanged, this, touch(k));
    }
    const auto addRow = [this](QTableWidget *table, const QString &k) {
        return [this, table, k] {
            table->insertRow(table->rowCount());
            table->setCurrentCell(table->rowCount() - 1, 0);
            markEdited(k);
        };
    };
    const auto removeRow = [this](QTableWidget *table, const QString &k) {
        return [this, table, k] {
            if (table->currentRow() < 0)
                return;
            table->removeRow(table->currentRow());
            markEdited(k);
        };
    };
    connect(m_ui->addContentButton, &QPushButton::clicked, this, addRow(m_ui->contentsTable, u"custom_data.contents"_s));
    connect(m_ui->removeContentButton, &QPushButton::clicked, this, removeRow(m_ui->contentsTable, u"custom_data.contents"_s));
    connect(m_ui->addPropButton, &QPushButton::clicked, this, addRow(m_ui->propsTable, u"custom_data.props"_s));
    connect(m_ui->removePropButton, &QPushButton::clicked, this, removeRow(m_ui->propsTable, u"custom_data.props"_s));
}

void EventForm::markEdited(const QString &key)
{
    if (key.startsWith(u"custom_data."_s))
        m_touched.insert(u"custom_data"_s);
    else if (key == u"mode"_s || key == u"app_event"_s)
        m_touched.unite({u"event_name"_s, u"action_source"_s, u"app_data"_s});
    else
        m_touched.insert(key);
    Q_EMIT edited(key);
}

EventForm::PiiRow &EventForm::row(pii::Field field)
{
    return *std::find_if(m_pii.begin(), m_pii.end(), [field](const PiiRow &r) { return r.field == field; });
}

const EventForm::PiiRow &EventForm::row(pii::Field field) const
{
    return *std::find_if(m_pii.begin(), m_pii.end(), [field](const PiiRow &r) { return r.field == field; });
}

QLineEdit *EventForm::piiEdit(pii::Field field) const
{
    return row(field).edit;
}

QString EventForm::previewText(pii::Field field) const
{
    return row(field).preview->text();
}

void EventForm::setNormalizer(pii::Profile profile)
{
    if (profile == m_normalizer)
        return; // the previews already show it (they follow each edit on their own)
    m_normalizer = profile;
    for (PiiRow &r : m_pii)
        updatePreview(r);
}

void EventForm::setMapping(const event::EventMapping &mapping)
{
    m_mapping = mapping;
    const QSignalBlocker blocker(m_ui->appEventCombo);
    const QString current = m_ui->appEventCombo->currentText();
    m_ui->appEventCombo->clear();
    for (const auto &entry : m_mapping.entries())
        m_ui->appEventCombo->addItem(entry.appEvent);
    m_ui->appEventCombo->setCurrentText(current);
    updateModeWidgets();
}

void EventForm::updatePreview(PiiRow &r)
{
    const QString value = r.edit->text();
    if (value.isEmpty()) {
        r.preview->clear();
        r.marker->clear();
        r.marker->setToolTip({});
        return;
    }
    const compose::ImplementationComparison cmp = compose::compareImplementations(r.field, value);
    const pii::PiiResult &mine = cmp.result(m_normalizer);
    const QString normalized = QString::fromStdString(mine.normalized);
    QString text;
    switch (mine.status) {
    case pii::Status::Hashed: text = u"→ \"%1\" → %2"_s.arg(normalized, QString::fromStdString(mine.sent)); break;
    case pii::Status::Rejected: text = u"✗ rejected: %1"_s.arg(QString::fromStdString(mine.error)); break;
    case pii::Status::Dropped:
    case pii::Status::DroppedNull: text = u"✗ %1: nothing usable is sent"_s.arg(QLatin1StringView(pii::statusWord(mine.status))); break;
    case pii::Status::SentUnhashed: text = u"→ sent unhashed: %1"_s.arg(QString::fromStdString(mine.sent)); break;
    default: text = u"→ already hashed (%1), sent as %2"_s.arg(QLatin1StringView(pii::statusWord(mine.status)), QString::fromStdString(mine.sent));
    }
    r.preview->setText(text);
    const QString details = describeComparison(cmp);
    r.preview->setToolTip(details);
    const QList<pii::Profile> differing = cmp.differingFrom(m_normalizer);
    if (differing.isEmpty()) {
        r.marker->setText(u"✓"_s);
        r.marker->setStyleSheet({});
        r.marker->setToolTip(u"All four official implementations send the same value.\n\n"_s + details);
    } else {
        QStringList names;
        for (pii::Profile p : differing)
            names.append(QString::fromLatin1(pii::profileName(p)));
        r.marker->setText(differing.size() == 1 ? u"≠ "_s + names.constFirst() : u"≠ %1 others"_s.arg(differing.size()));
        r.marker->setStyleSheet(u"color:#d97706;font-weight:bold"_s);
        r.marker->setToolTip(u"Sent differently by %1:\n\n"_s.arg(names.join(u", "_s)) + details);
    }
}

void EventForm::updateModeWidgets()
{
    const bool app = m_ui->modeCombo->currentIndex() == 1;
    m_ui->appEventLabel->setVisible(app);
    m_ui->appEventCombo->setVisible(app);
    m_ui->appEventMappedLabel->setVisible(app);
    m_ui->editMappingButton->setVisible(app);
    m_ui->appGroup->setVisible(app);
    m_ui->eventNameCombo->setEnabled(!app);
    m_ui->eventTimeEdit->setEnabled(m_ui->timeModeCombo->currentIndex() == 1);
    if (app) {
        const auto mapped = m_mapping.lookup(m_ui->appEventCombo->currentText());
        m_ui->appEventMappedLabel->setText(mapped ? u"→ %1 (mapping table)"_s.arg(*mapped)
                                                  : u"→ not in the mapping table: sent as typed"_s);
    }
}

void EventForm::applyAppEvent()
{
    if (m_ui->modeCombo->currentIndex() != 1)
        return;
    const QString appEvent = m_ui->appEventCombo->currentText();
    const auto mapped = m_mapping.lookup(appEvent);
    m_ui->eventNameCombo->setCurrentText(mapped.value_or(appEvent));
    m_ui->actionSourceCombo->setCurrentText(u"app"_s);
    updateModeWidgets();
}

void EventForm::setEvent(const QJsonObject &rawEvent)
{
    m_loading = true;
    m_base = rawEvent;
    m_touched.clear();
    m_ui->eventNameCombo->setCurrentText(rawEvent.value("event_name"_L1).toString());
    const QJsonValue time = rawEvent.value("event_time"_L1);
    if (time.isDouble()) {
        m_ui->timeModeCombo->setCurrentIndex(1);
        m_ui->eventTimeEdit->setDateTime(QDateTime::fromSecsSinceEpoch(qint64(time.toDouble())));
    } else {
        m_ui->timeModeCombo->setCurrentIndex(0);
    }
    m_ui->actionSourceCombo->setCurrentText(rawEvent.value("action_source"_L1).toString());
    m_ui->sourceUrlEdit->setText(rawEvent.value("event_source_url"_L1).toString());
    m_ui->eventIdEdit->setText(cellText(rawEvent.value("event_id"_L1)));

    const QJsonObject user = rawEvent.value("user_data"_L1).toObject();
    for (PiiRow &r : m_pii) {
        const QJsonValue v = user.value(key(r.field));
        r.moreValues = v.isArray() ? v.toArray() : QJsonArray();
        if (!r.moreValues.isEmpty())
            r.moreValues.removeFirst();
        r.edit->setText(scalarText(v));
        r.edit->setToolTip(r.moreValues.isEmpty() ? QString() : u"%1 more value(s) in the JSON tab"_s.arg(r.moreValues.size()));
    }
    m_ui->ipEdit->setText(user.value("client_ip_address"_L1).toString());
    m_ui->uaEdit->setText(user.value("client_user_agent"_L1).toString());
    m_ui->fbpEdit->setText(user.value("fbp"_L1).toString());
    m_ui->fbcEdit->setText(user.value("fbc"_L1).toString());
    readCustomData(rawEvent.value("custom_data"_L1).toObject());

    const QJsonObject app = rawEvent.value("app_data"_L1).toObject();
    const bool isApp = rawEvent.value("action_source"_L1).toString() == "app"_L1;
    m_ui->modeCombo->setCurrentIndex(isApp ? 1 : 0);
    if (isApp) {
        const QString name = rawEvent.value("event_name"_L1).toString();
        QString appEvent = name;
        for (const auto &entry : m_mapping.entries()) {
            if (entry.eventName == name) {
                appEvent = entry.appEvent;
                break;
            }
        }
        m_ui->appEventCombo->setCurrentText(appEvent);
    }
    m_ui->advertiserTrackingCheck->setChecked(app.value("advertiser_tracking_enabled"_L1).toBool());
    m_ui->applicationTrackingCheck->setChecked(app.value("application_tracking_enabled"_L1).toBool());

    static const QStringList formKeys{u"event_name"_s, u"event_time"_s, u"action_source"_s, u"event_source_url"_s,
                                      u"event_id"_s, u"user_data"_s, u"custom_data"_s, u"app_data"_s};
    QStringList extra;
    for (auto it = rawEvent.constBegin(); it != rawEvent.constEnd(); ++it) {
        if (!formKeys.contains(it.key()))
            extra.append(it.key());
    }
    m_ui->extraFieldsLabel->setText(extra.isEmpty() ? QString()
                                                    : u"Also in this event (edit them in the JSON tab): %1"_s.arg(extra.join(u", "_s)));
    m_ui->extraFieldsLabel->setVisible(!extra.isEmpty());
    updateModeWidgets();
    m_loading = false;
}

void EventForm::readCustomData(const QJsonObject &custom)
{
    m_ui->valueEdit->setText(cellText(custom.value("value"_L1)));
    m_ui->currencyCombo->setCurrentText(custom.value("currency"_L1).toString());
    m_ui->orderIdEdit->setText(cellText(custom.value("order_id"_L1)));
    QStringList ids;
    for (const QJsonValue &id : custom.value("content_ids"_L1).toArray())
        ids.append(cellText(id));
    m_ui->contentIdsEdit->setText(ids.join(u", "_s));
    m_ui->contentTypeCombo->setCurrentText(custom.value("content_type"_L1).toString());
    QList<QStringList> contents;
    for (const QJsonValue &c : custom.value("contents"_L1).toArray()) {
        const QJsonObject o = c.toObject();
        contents.append({cellText(o.value("id"_L1)), cellText(o.value("quantity"_L1)), cellText(o.value("item_price"_L1))});
    }
    setRows(m_ui->contentsTable, contents);
    static const QStringList known{u"value"_s, u"currency"_s, u"order_id"_s, u"content_ids"_s, u"content_type"_s, u"contents"_s};
    QList<QStringList> props;
    for (auto it = custom.constBegin(); it != custom.constEnd(); ++it) {
        if (!known.contains(it.key()))
            props.append({it.key(), cellText(it.value())});
    }
    setRows(m_ui->propsTable, props);
}

QJsonObject EventForm::event() const
{
    QJsonObject e = m_base;
    const auto put = [this](QJsonObject &object, const QString &unit, const QString &key, const QJsonValue &value) {
        if (!m_touched.contains(unit))
            return;
        if (value.isUndefined() || (value.isString() && value.toString().isEmpty()))
            object.remove(key);
        else
            object.insert(key, value);
    };
    put(e, u"event_name"_s, u"event_name"_s, m_ui->eventNameCombo->currentText());
    put(e, u"event_time"_s, u"event_time"_s,
        m_ui->timeModeCombo->currentIndex() == 0 ? QJsonValue(u"now"_s) : QJsonValue(m_ui->eventTimeEdit->dateTime().toSecsSinceEpoch()));
    put(e, u"action_source"_s, u"action_source"_s, m_ui->actionSourceCombo->currentText());
    put(e, u"event_source_url"_s, u"event_source_url"_s, m_ui->sourceUrlEdit->text().trimmed());
    put(e, u"event_id"_s, u"event_id"_s, m_ui->eventIdEdit->text());
    writeUserData(e);
    writeCustomData(e);
    if (m_touched.contains(u"app_data"_s)) {
        if (m_ui->modeCombo->currentIndex() == 1) {
            QJsonObject app = e.value("app_data"_L1).toObject();
            app.insert("advertiser_tracking_enabled"_L1, m_ui->advertiserTrackingCheck->isChecked());
            app.insert("application_tracking_enabled"_L1, m_ui->applicationTrackingCheck->isChecked());
            e.insert("app_data"_L1, app);
        } else {
            e.remove("app_data"_L1);
        }
    }
    return e;
}

void EventForm::writeUserData(QJsonObject &event) const
{
    bool any = false;
    for (const QString &unit : m_touched)
        any = any || unit.startsWith(u"user_data."_s);
    if (!any)
        return;
    QJsonObject user = event.value("user_data"_L1).toObject();
    for (const PiiRow &r : m_pii) {
        const QString k = key(r.field);
        if (!m_touched.contains(u"user_data."_s + k))
            continue;
        const QString text = r.edit->text();
        if (r.moreValues.isEmpty()) {
            if (text.isEmpty())
                user.remove(k);
            else
                user.insert(k, text);
        } else {
            QJsonArray values = r.moreValues;
            if (!text.isEmpty())
                values.prepend(text);
            user.insert(k, values);
        }
    }
    const std::pair<const QLineEdit *, QLatin1StringView> others[] = {
        {m_ui->ipEdit, "client_ip_address"_L1}, {m_ui->uaEdit, "client_user_agent"_L1}, {m_ui->fbpEdit, "fbp"_L1}, {m_ui->fbcEdit, "fbc"_L1}};
    for (const auto &[edit, k] : others) {
        if (!m_touched.contains(u"user_data."_s + k))
            continue;
        if (edit->text().trimmed().isEmpty())
            user.remove(k);
        else
            user.insert(k, edit->text().trimmed());
    }
    event.insert("user_data"_L1, user);
}

void EventForm::writeCustomData(QJsonObject &event) const
{
    if (!m_touched.contains(u"custom_data"_s))
        return;
    QJsonObject custom;
    const auto text = [&custom](QLatin1StringView k, const QString &v) {
        if (!v.trimmed().isEmpty())
            custom.insert(k, v.trimmed());
    };
    if (const QString v = m_ui->valueEdit->text().trimmed(); !v.isEmpty())
        custom.insert("value"_L1, cellValue(v));
    text("currency"_L1, m_ui->currencyCombo->currentText());
    text("order_id"_L1, m_ui->orderIdEdit->text());
    QJsonArray ids;
    for (const QString &id : m_ui->contentIdsEdit->text().split(u',', Qt::SkipEmptyParts)) {
        if (!id.trimmed().isEmpty())
            ids.append(id.trimmed());
    }
    if (!ids.isEmpty())
        custom.insert("content_ids"_L1, ids);
    text("content_type"_L1, m_ui->contentTypeCombo->currentText());
    QJsonArray contents;
    for (int r = 0; r < m_ui->contentsTable->rowCount(); ++r) {
        QJsonObject item;
        const QString id = itemText(m_ui->contentsTable, r, 0).trimmed();
        if (!id.isEmpty())
            item.insert("id"_L1, id);
        if (const QString q = itemText(m_ui->contentsTable, r, 1).trimmed(); !q.isEmpty())
            item.insert("quantity"_L1, cellValue(q));
        if (const QString p = itemText(m_ui->contentsTable, r, 2).trimmed(); !p.isEmpty())
            item.insert("item_price"_L1, cellValue(p));
        if (!item.isEmpty())
            contents.append(item);
    }
    if (!contents.isEmpty())
        custom.insert("contents"_L1, contents);
    for (int r = 0; r < m_ui->propsTable->rowCount(); ++r) {
        const QString k = itemText(m_ui->propsTable, r, 0).trimmed();
        if (!k.isEmpty())
            custom.insert(k, cellValue(itemText(m_ui->propsTable, r, 1)));
    }
    if (custom.isEmpty())
        event.remove("custom_data"_L1);
    else
        event.insert("custom_data"_L1, custom);
}

void EventForm::showResolvedId(const QString &text, bool ok)
{
    m_ui->eventIdPreviewLabel->setText(text);
    m_ui->eventIdPreviewLabel->setForegroundRole(ok ? QPalette::PlaceholderText : QPalette::WindowText);
    m_ui->eventIdPreviewLabel->setStyleSheet(ok ? QString() : u"color:#dc2626"_s);
}

void EventForm::refreshAge(qint64 now)
{
    if (m_ui->timeModeCombo->currentIndex() == 0) {
        m_ui->eventAgeLabel->setText(u"sent with the current time"_s);
        m_ui->eventAgeLabel->setStyleSheet({});
        return;
    }
    const qint64 age = now - m_ui->eventTimeEdit->dateTime().toSecsSinceEpoch();
    QString text = ageText(age);
    bool bad = false;
    if (age > 7 * 86400) {
        text += u": older than 7 days, Meta rejects it"_s;
        bad = true;
    } else if (age < -60) {
        text += u": in the future, Meta rejects it"_s;
        bad = true;
    }
    m_ui->eventAgeLabel->setText(text);
    m_ui->eventAgeLabel->setStyleSheet(bad ? u"color:#dc2626"_s : QString());
}

bool EventForm::focusPath(const QString &path)
{
    QString rest = path;
    if (rest.startsWith(u"data["_s))
        rest = rest.mid(rest.indexOf(u']') + 1);
    if (rest.startsWith(u'.'))
        rest.remove(0, 1);
    const QStringList parts = rest.split(u'.');
    const auto strip = [](QString s) { return s.left(s.indexOf(u'[') < 0 ? s.size() : s.indexOf(u'[')); };
    const QString top = strip(parts.value(0));
    const QString sub = strip(parts.value(1));
    QWidget *target = nullptr;
    if (top == "event_name"_L1)
        target = m_ui->modeCombo->currentIndex() == 1 ? static_cast<QWidget *>(m_ui->appEventCombo) : m_ui->eventNameCombo;
    else if (top == "event_time"_L1)
        target = m_ui->timeModeCombo->currentIndex() == 1 ? static_cast<QWidget *>(m_ui->eventTimeEdit) : m_ui->timeModeCombo;
    else if (top == "action_source"_L1)
        target = m_ui->actionSourceCombo;
    else if (top == "event_source_url"_L1)
        target = m_ui->sourceUrlEdit;
    else if (top == "event_id"_L1)
        target = m_ui->eventIdEdit;
    else if (top == "user_data"_L1) {
        if (const auto field = pii::fieldFromKey(sub))
            target = row(*field).edit;
        else if (sub == "client_ip_address"_L1)
            target = m_ui->ipEdit;
        else if (sub == "client_user_agent"_L1)
            target = m_ui->uaEdit;
        else if (sub == "fbp"_L1)
            target = m_ui->fbpEdit;
        else if (sub == "fbc"_L1)
            target = m_ui->fbcEdit;
    } else if (top == "custom_data"_L1) {
        if (sub == "value"_L1)
            target = m_ui->valueEdit;
        else if (sub == "currency"_L1)
            target = m_ui->currencyCombo;
        else if (sub == "order_id"_L1)
            target = m_ui->orderIdEdit;
        else if (sub == "content_ids"_L1)
            target = m_ui->contentIdsEdit;
        else if (sub == "content_type"_L1)
            target = m_ui->contentTypeCombo;
        else if (sub == "contents"_L1)
            target = m_ui->contentsTable;
        else
            target = m_ui->propsTable;
    } else if (top == "app_data"_L1) {
        target = m_ui->advertiserTrackingCheck;
    }
    if (!target || !target->isVisibleTo(this))
        return false;
    target->setFocus(Qt::OtherFocusReason);
    if (auto *edit = qobject_cast<QLineEdit *>(target))
        edit->selectAll();
    return true;
}

} // namespace capiqa::gui
