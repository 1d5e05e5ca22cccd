#include "funnelrecorder.h"

#include "jsonlocate.h"

#include "io/json.h"
#include "io/linereader.h"

#include <QtCore/QCryptographicHash>
#include <QtCore/QDateTime>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QSaveFile>
#include <QtCore/QSet>
#include <QtCore/QUrl>
#include <QtCore/QUrlQuery>

using namespace Qt::StringLiterals;

namespace capiqa::replay {

namespace {

constexpr qint64 MaxHarBytes = 256 * 1024 * 1024;
constexpr qsizetype MaxErrors = 50;

// Keeps each (event_name, event_id) once and spaces steps by receipt time.
class StepCollector
{
public:
    explicit StepCollector(Recording &recording)
        : m_recording(recording)
    {
    }

    void add(const QJsonObject &event, qint64 atMs, const QString &where)
    {
        const QString id = event.value("event_id"_L1).toString();
        if (!id.isEmpty()) {
            const QString key = event.value("event_name"_L1).toString() + u'\n' + id;
            if (m_seen.contains(key)) {
                ++m_duplicates;
                return;
            }
            m_seen.insert(key);
        }
        if (m_recording.funnel.steps.isEmpty())
            m_firstMs = atMs;
        FunnelStep step;
        step.offsetMs = std::max(m_lastOffset, atMs - m_firstMs);
        m_lastOffset = step.offsetMs;
        step.event = event;
        step.path = where;
        m_recording.funnel.steps << step;
    }

    void finish()
    {
        if (m_duplicates > 0)
            m_recording.notes << u"%1 repeated event(s) left out (same event_name and event_id: a retry or a duplicate send)"_s.arg(m_duplicates);
    }

private:
    Recording &m_recording;
    QSet<QString> m_seen;
    qint64 m_firstMs = 0;
    qint64 m_lastOffset = 0;
    qsizetype m_duplicates = 0;
};

void addError(Recording &r, const QString &message)
{
    if (r.errors.size() < MaxErrors)
        r.errors << message;
    else if (r.errors.size() == MaxErrors)
        r.errors << u"more problems not shown"_s;
}

bool numeric(const QString &text, double *value)
{
    bool ok = false;
    *value = text.trimmed().toDouble(&ok);
    return ok && std::isfinite(*value);
}

QMap<QString, QString> formParams(const QString &encoded)
{
    QMap<QString, QString> params;
    QString text = encoded;
    text.replace(u'+', u' '); // form encoding writes spaces as '+'
    const QUrlQuery query(text);
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded))
        params.insert(key, value);
    return params;
}

void finishFunnel(Funnel &funnel, const QString &path, const QString &name)
{
    funnel.path = path;
    funnel.format = FunnelFormat::FunnelV1;
    funnel.name = name;
}

} // namespace

Recording funnelFromReceived(const QList<emulator::ReceivedEvent> &events, const RecordingOptions &options)
{
    Recording r;
    StepCollector steps(r);
    qsizetype rejected = 0;
    for (const emulator::ReceivedEvent &e : events) {
        if (options.acceptedOnly && !e.accepted()) {
            ++rejected;
            continue;
        }
        if (e.source == emulator::EventSource::Server) {
            steps.add(e.eventObject(), e.receivedMs, u"seq %1"_s.arg(e.sequence));
        } else if (options.includeBrowser) {
            QMap<QString, QString> params;
            for (auto it = e.event.constBegin(); it != e.event.constEnd(); ++it)
                params.insert(it.key(), it.value().toString());
            steps.add(serverEventFromPixelHit(params, e.userData.value("client_user_agent"_L1).toString(), e.receivedMs),
                      e.receivedMs, u"seq %1"_s.arg(e.sequence));
        }
    }
    steps.finish();
    if (rejected > 0)
        r.notes << u"%1 event(s) of requests that were not accepted left out"_s.arg(rejected);
    finishFunnel(r.funnel, QString(), u"Recorded from the emulator"_s);
    return r;
}

Recording funnelFromEmulatorRecord(const QString &path, const RecordingOptions &options)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        Recording r;
        r.errors << u"cannot open %1: %2"_s.arg(path, file.errorString());
        return r;
    }
    QList<emulator::ReceivedEvent> events;
    QStringList errors;
    io::LineReader reader(&file);
    io::LineReader::Line line;
    while (reader.next(line)) {
        if (line.tooLong) {
            errors << u"%1: line %2: longer than 16 MiB, skipped"_s.arg(path).arg(line.number);
            continue;
        }
        const QByteArray text(line.text.data(), qsizetype(line.text.size()));
        if (text.trimmed().isEmpty())
            continue;
        QJsonParseError error;
        const QJsonObject o = io::parseJson(text, &error).object();
        if (error.error != QJsonParseError::NoError || o.isEmpty() || !o.value("event"_L1).isObject()) {
            errors << u"%1: line %2: %3"_s.arg(path).arg(line.number)
                          .arg(error.error != QJsonParseError::NoError
                                   ? u"column %1: %2"_s.arg(QString::fromUtf8(text.left(error.offset)).size() + 1).arg(error.errorString())
                                   : u"not an emulator record (no \"event\" object)"_s);
            continue;
        }
        emulator::ReceivedEvent e;
        e.sequence = line.number; // the file's line: what a person can find
        e.receivedMs = o.value("received_ms"_L1).toInteger();
        e.source = emulator::sourceFromName(o.value("source"_L1).toString()).value_or(emulator::EventSource::Server);
        e.event = o.value("event"_L1).toObject();
        e.userData = o.value("user_data"_L1).toObject();
        e.httpStatus = o.value("http_status"_L1).toInt(200);
        events << e;
    }
    Recording r = funnelFromReceived(events, options);
    for (FunnelStep &step : r.funnel.steps)
        step.path.replace(u"seq "_s, u"line "_s);
    r.errors = errors + r.errors;
    if (!reader.errorString().isEmpty())
        r.errors << u"%1: %2"_s.arg(path, reader.errorString());
    finishFunnel(r.funnel, QString(), u"Recorded from %1"_s.arg(QFileInfo(path).fileName()));
    return r;
}

QJsonObject serverEventFromPixelHit(const QMap<QString, QString> &params, const QString &userAgent, qint64 hitMs)
{
    QJsonObject event{{u"event_name"_s, params.value(u"ev"_s)}, {u"action_source"_s, u"website"_s}};
    if (const QString eid = params.value(u"eid"_s); !eid.isEmpty())
        event.insert(u"event_id"_s, eid);
    double ts = 0;
    event.insert(u"event_time"_s, numeric(params.value(u"ts"_s), &ts) && ts > 0 ? qint64(ts / 1000) : hitMs / 1000);
    if (const QString dl = params.value(u"dl"_s); !dl.isEmpty())
        event.insert(u"event_source_url"_s, dl);
    if (const QString rl = params.value(u"rl"_s); !rl.isEmpty())
        event.insert(u"referrer_url"_s, rl);
    QJsonObject userData;
    QJsonObject customData;
    static const QSet<QString> numberKeys{u"value"_s, u"predicted_ltv"_s, u"num_items"_s};
    for (auto it = params.constBegin(); it != params.constEnd(); ++it) {
        const QString &key = it.key();
        if (key.startsWith(u"ud["_s) && key.endsWith(u']')) {
            userData.insert(key.mid(3, key.size() - 4), it.value());
        } else if (key.startsWith(u"cd["_s) && key.endsWith(u']')) {
            const QString name = key.mid(3, key.size() - 4);
            double number = 0;
            const QString text = it.value().trimmed();
            if (numberKeys.contains(name) && numeric(text, &number)) {
                customData.insert(name, number);
            } else if (text.startsWith(u'[') || text.startsWith(u'{')) {
                // The Pixel sends arrays (content_ids, contents) JSON-encoded.
                const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8());
                customData.insert(name, doc.isArray() ? QJsonValue(doc.array()) : doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(text));
            } else {
                customData.insert(name, it.value());
            }
        }
    }
    for (const QString &key : {u"fbp"_s, u"fbc"_s}) {
        if (params.contains(key))
            userData.insert(key, params.value(key));
    }
    if (!userAgent.isEmpty())
        userData.insert(u"client_user_agent"_s, userAgent);
    event.insert(u"user_data"_s, userData);
    if (!customData.isEmpty())
        event.insert(u"custom_data"_s, customData);
    return event;
}

Recording funnelFromHarBytes(const QByteArray &har, const QString &name)
{
    Recording r;
    finishFunnel(r.funnel, QString(), u"Recorded from %1"_s.arg(QFileInfo(name).fileName()));
    QJsonParseError parseError;
    const QJsonDocument doc = io::parseJson(har, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        r.errors << u"%1: %2: %3 (a HAR file is JSON: save it again from the browser's network panel)"_s
                        .arg(name, io::lineAndColumn(har, parseError.offset), parseError.errorString());
        return r;
    }
    const QJsonValue entries = doc.object().value("log"_L1).toObject().value("entries"_L1);
    if (!entries.isArray()) {
        r.errors << u"%1: %2: not a HAR file (no log.entries array)"_s.arg(name, jsonPathPosition(har, u"log.entries"));
        return r;
    }
    StepCollector steps(r);
    qsizetype autoEvents = 0;
    const QJsonArray list = entries.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString path = u"log.entries[%1]"_s.arg(i);
        const QJsonObject request = list.at(i).toObject().value("request"_L1).toObject();
        const QUrl url(request.value("url"_L1).toString());
        if (!list.at(i).isObject() || request.isEmpty() || !url.isValid()) {
            addError(r, u"%1: %2: %3: not a request entry, skipped"_s.arg(name, jsonPathPosition(har, path), path));
            continue;
        }
        const QString urlPath = url.path();
        if (urlPath != u"/tr"_s && urlPath != u"/tr/"_s)
            continue; // not a Pixel request
        QMap<QString, QString> params;
        for (const auto &[key, value] : QUrlQuery(url).queryItems(QUrl::FullyDecoded))
            params.insert(key, value);
        const QJsonObject post = request.value("postData"_L1).toObject();
        if (post.value("params"_L1).isArray()) {
            for (const QJsonValue p : post.value("params"_L1).toArray())
                params.insert(QUrl::fromPercentEncoding(p[u"name"_s].toString().toUtf8()),
                              QUrl::fromPercentEncoding(p[u"value"_s].toString().replace(u'+', u' ').toUtf8()));
        } else if (post.value("text"_L1).isString()) {
            params.insert(formParams(post.value("text"_L1).toString()));
        }
        const QString ev = params.value(u"ev"_s);
        if (ev.isEmpty()) {
            addError(r, u"%1: %2: %3: a Pixel request without ev (event name), skipped"_s.arg(name, jsonPathPosition(har, path), path));
            continue;
        }
        if (ev == u"Microdata"_s || ev == u"SubscribedButtonClick"_s) {
            ++autoEvents;
            continue;
        }
        QString userAgent;
        for (const QJsonValue h : request.value("headers"_L1).toArray()) {
            if (h[u"name"_s].toString().compare(u"user-agent"_s, Qt::CaseInsensitive) == 0)
                userAgent = h[u"value"_s].toString();
        }
        const qint64 startedMs = QDateTime::fromString(list.at(i)[u"startedDateTime"_s].toString(), Qt::ISODateWithMs).toMSecsSinceEpoch();
        steps.add(serverEventFromPixelHit(params, userAgent, startedMs), startedMs, path);
    }
    steps.finish();
    if (autoEvents > 0)
        r.notes << u"%1 Pixel auto-event(s) (Microdata, SubscribedButtonClick) left out"_s.arg(autoEvents);
    if (r.funnel.steps.isEmpty() && r.errors.isEmpty())
        r.errors << u"%1: no Pixel requests (…/tr) in %2 entries"_s.arg(name).arg(list.size());
    return r;
}

Recording funnelFromHar(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        Recording r;
        r.errors << u"cannot open %1: %2"_s.arg(path, file.errorString());
        return r;
    }
    if (file.size() > MaxHarBytes) {
        Recording r;
        r.errors << u"%1: larger than 256 MiB; save the HAR without response bodies"_s.arg(path);
        return r;
    }
    return funnelFromHarBytes(file.readAll(), path);
}

QByteArray toFunnelJson(const Funnel &funnel, qint64 recordedAtMs)
{
    QJsonArray steps;
    for (const FunnelStep &s : funnel.steps)
        steps.append(QJsonObject{{u"offset_ms"_s, s.offsetMs}, {u"event"_s, s.event}});
    QJsonObject root{{u"format"_s, u"capiqa-funnel"_s}, {u"version"_s, Funnel::FormatVersion}, {u"steps"_s, steps}};
    if (!funnel.name.isEmpty())
        root.insert(u"name"_s, funnel.name);
    if (!funnel.description.isEmpty())
        root.insert(u"description"_s, funnel.description);
    if (!funnel.variables.isEmpty())
        root.insert(u"variables"_s, funnel.variables);
    if (recordedAtMs > 0)
        root.insert(u"recorded_at_ms"_s, recordedAtMs);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

bool writeFunnelFile(const QString &path, const Funnel &funnel, QString *error, qint64 recordedAtMs)
{
    QSaveFile file(path);
    const QByteArray bytes = toFunnelJson(funnel, recordedAtMs);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        *error = u"cannot write %1: %2"_s.arg(path, file.errorString());
        return false;
    }
    return true;
}

bool appendToFunnelFile(const QString &path, const QJsonObject &event, qint64 sentAtMs, QString *error)
{
    Funnel funnel;
    qint64 recordedAt = sentAtMs;
    if (QFileInfo::exists(path)) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            *error = u"cannot open %1: %2"_s.arg(path, file.errorString());
            return false;
        }
        const QJsonObject root = QJsonDocument::fromJson(file.readAll()).object();
        if (root.value("format"_L1).toString() != "capiqa-funnel"_L1 || !root.value("steps"_L1).isArray()) {
            *error = u"%1 is not a funnel file capiqa can add steps to"_s.arg(path);
            return false;
        }
        funnel.name = root.value("name"_L1).toString();
        funnel.description = root.value("description"_L1).toString();
        funnel.variables = root.value("variables"_L1).toObject();
        recordedAt = root.value("recorded_at_ms"_L1).toInteger(sentAtMs);
        for (const QJsonValue s : root.value("steps"_L1).toArray())
            funnel.steps << FunnelStep{s[u"offset_ms"_s].toInteger(), s[u"event"_s].toObject(), QString(), 1};
    } else {
        funnel.name = u"Recorded in the composer"_s;
    }
    const qint64 last = funnel.steps.isEmpty() ? 0 : funnel.steps.constLast().offsetMs;
    funnel.steps << FunnelStep{std::max(last, sentAtMs - recordedAt), event, QString(), 1};
    return writeFunnelFile(path, funnel, error, recordedAt);
}

} // namespace capiqa::replay
