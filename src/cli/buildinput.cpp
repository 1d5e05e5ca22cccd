#include "buildinput.h"

#include "io/json.h"

#include "commands.h"
#include "event/eventid.h"
#include "pii/pii.h"

#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace capiqa::cli {

namespace {

// KEY=VALUE, split at the first '='. The key must be a plain word.
bool splitAssignment(const QString &flag, const QString &item, const QString &example, QString &key, QString &value,
                     QString *error)
{
    const qsizetype eq = item.indexOf(u'=');
    key = eq < 0 ? item : item.left(eq);
    if (eq < 0 || key.isEmpty() || key.trimmed() != key) {
        *error = u"--%1 \"%2\": expected KEY=VALUE, e.g. --%1 %3"_s.arg(flag, item, example);
        return false;
    }
    value = item.mid(eq + 1);
    return true;
}

// The flag's keys replace the event's; an absent or null member takes the flag's object. A
// member of the wrong type stays, so that the builder names it.
void mergeMember(QJsonObject &event, QLatin1StringView key, const QJsonObject &flags)
{
    if (flags.isEmpty())
        return;
    const QJsonValue current = event.value(key);
    if (!current.isObject() && !current.isUndefined() && !current.isNull())
        return;
    QJsonObject merged = current.toObject();
    for (auto it = flags.constBegin(); it != flags.constEnd(); ++it)
        merged.insert(it.key(), it.value());
    event.insert(key, merged);
}

} // namespace

std::optional<qint64> parseEpoch(const QString &text)
{
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    if (!ok || value <= 0)
        return std::nullopt;
    return value;
}

bool parseUserFlags(const QStringList &items, QJsonObject &out, QString *error)
{
    QSet<QString> seen;
    for (const QString &item : items) {
        QString key;
        QString value;
        if (!splitAssignment(u"user"_s, item, u"em=john@example.com"_s, key, value, error))
            return false;
        const bool hashedKey = pii::fieldFromKey(QStringView(key)).has_value();
        if (seen.contains(key) && !hashedKey) {
            *error = u"--user %1 is given twice; only hashed keys (em, ph, …) take several values"_s.arg(key);
            return false;
        }
        seen.insert(key);
        const QJsonValue current = out.value(key);
        if (current.isUndefined()) {
            out.insert(key, value);
        } else {
            QJsonArray values = current.isArray() ? current.toArray() : QJsonArray{current};
            values.append(value);
            out.insert(key, values);
        }
    }
    return true;
}

bool parseCustomFlags(const QStringList &items, QJsonObject &out, QString *error)
{
    static const QSet<QString> numberKeys{u"value"_s, u"predicted_ltv"_s, u"net_revenue"_s};
    for (const QString &item : items) {
        QString key;
        QString text;
        if (!splitAssignment(u"custom"_s, item, u"value=9.99"_s, key, text, error))
            return false;
        if (out.contains(key)) {
            *error = u"--custom %1 is given twice"_s.arg(key);
            return false;
        }
        if (numberKeys.contains(key)) {
            bool ok = false;
            const double number = text.trimmed().toDouble(&ok);
            if (!ok || !std::isfinite(number)) {
                *error = u"--custom %1=%2: %1 must be a number, e.g. 9.99"_s.arg(key, text);
                return false;
            }
            out.insert(key, number);
        } else if (key == u"num_items"_s) {
            bool ok = false;
            const qint64 number = text.trimmed().toLongLong(&ok);
            if (!ok) {
                *error = u"--custom num_items=%1: num_items must be a whole number"_s.arg(text);
                return false;
            }
            out.insert(key, number);
        } else if (key == u"content_ids"_s) {
            QJsonArray ids;
            for (const QString &id : text.split(u',')) {
                if (!id.trimmed().isEmpty())
                    ids.append(id.trimmed());
            }
            if (ids.isEmpty()) {
                *error = u"--custom content_ids=%1: expected comma-separated ids, e.g. content_ids=sku-1,sku-2"_s.arg(text);
                return false;
            }
            out.insert(key, ids);
        } else {
            out.insert(key, text);
        }
    }
    return true;
}

bool parseVariables(const QStringList &items, QMap<QString, QString> &out, QString *error)
{
    for (const QString &item : items) {
        QString key;
        QString value;
        if (!splitAssignment(u"var"_s, item, u"order_id=42"_s, key, value, error))
            return false;
        if (out.contains(key)) {
            *error = u"--var %1 is given twice"_s.arg(key);
            return false;
        }
        out.insert(key, value);
    }
    return true;
}

std::optional<QJsonDocument> readJsonInput(const QString &path, InputFailure &failure)
{
    const bool isStdin = path == u"-"_s;
    const QString name = isStdin ? u"<stdin>"_s : path;
    QFile file;
    const bool opened = isStdin ? file.open(stdin, QIODevice::ReadOnly)
                                : (file.setFileName(path), file.open(QIODevice::ReadOnly));
    if (!opened) {
        failure = {ExitIo, u"cannot open %1: %2"_s.arg(name, file.errorString())};
        return std::nullopt;
    }
    // Read in blocks up to one past the limit: a pipe may deliver less than asked per read.
    QByteArray data;
    for (;;) {
        const QByteArray block = file.read(std::min<qint64>(1 << 20, MaxBuildInputBytes + 1 - data.size()));
        if (block.isEmpty())
            break;
        data += block;
        if (data.size() > MaxBuildInputBytes)
            break;
    }
    if (file.error() != QFileDevice::NoError) {
        failure = {ExitIo, u"reading %1 failed: %2"_s.arg(name, file.errorString())};
        return std::nullopt;
    }
    const auto unusable = [&](const QString &message) {
        failure = {ExitBadInput, name + u": "_s + message};
        return std::nullopt;
    };
    if (data.size() > MaxBuildInputBytes)
        return unusable(u"larger than 64 MiB; a Conversions API request (at most 1,000 events) is far smaller"_s);
    if (data.startsWith("\xFF\xFE") || data.startsWith("\xFE\xFF"))
        return unusable(u"UTF-16 text; save it as UTF-8"_s);
    if (data.startsWith("\xEF\xBB\xBF"))
        data.remove(0, 3); // a UTF-8 byte order mark, as some Windows editors write
    if (data.trimmed().isEmpty())
        return unusable(u"empty; expected JSON: a request {\"data\": […]}, one event {…} or an array of events"_s);
    if (const qsizetype nul = data.indexOf('\0'); nul >= 0)
        return unusable(u"binary data, not JSON text (a NUL byte at %1)"_s.arg(io::lineAndColumn(data, nul)));

    QJsonParseError parseError;
    QJsonDocument doc = io::parseJson(data, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return unusable(io::lineAndColumn(data, parseError.offset) + u": "_s + parseError.errorString());
    return doc;
}

std::optional<QJsonObject> rawRequestFrom(const QJsonDocument &doc, const QString &inputName, InputFailure &failure)
{
    QJsonObject request;
    if (doc.isArray()) {
        request.insert("data"_L1, doc.array());
    } else if (doc.isObject() && doc.object().contains("data"_L1)) {
        request = doc.object();
    } else if (doc.isObject()) {
        request.insert("data"_L1, QJsonArray{doc.object()});
    } else {
        failure = {ExitBadInput, inputName + u": expected a JSON object (a request or one event) or an array of events"_s};
        return std::nullopt;
    }
    const QJsonValue data = request.value("data"_L1);
    if (data.isArray() && data.toArray().isEmpty()) {
        failure = {ExitBadInput, inputName + (doc.isArray() ? u": the array holds no events"_s : u": data: holds no events"_s)};
        return std::nullopt;
    }
    return request;
}

QJsonObject eventFromFlags(const EventFlags &flags, qint64 now)
{
    return QJsonObject{{u"event_name"_s, flags.eventName.value_or(QString())},
                       {u"event_time"_s, flags.eventTime.value_or(now)},
                       {u"action_source"_s, flags.actionSource.value_or(u"website"_s)},
                       {u"user_data"_s, QJsonObject()}};
}

bool amendEvents(QJsonObject &request, const EventFlags &flags, qint64 now, QList<BuildNote> &notes, QString *error)
{
    const QJsonValue dataValue = request.value("data"_L1);
    if (!dataValue.isArray())
        return true; // the builder names the problem
    QJsonArray data = dataValue.toArray();
    std::optional<event::EventIdTemplate> idTemplate;
    if (flags.idKind == EventFlags::IdKind::Template)
        idTemplate.emplace(flags.eventId);

    for (qsizetype i = 0; i < data.size(); ++i) {
        if (!data.at(i).isObject())
            continue;
        const QString path = u"data[%1]"_s.arg(i);
        QJsonObject event = data.at(i).toObject();
        if (flags.eventName)
            event.insert("event_name"_L1, *flags.eventName);
        if (flags.eventTime) {
            event.insert("event_time"_L1, *flags.eventTime);
        } else if (event.value("event_time"_L1).toString() == "now"_L1) {
            event.insert("event_time"_L1, now);
            notes.append({path + u".event_time"_s, u"\"now\" → %1"_s.arg(now)});
        }
        if (flags.actionSource)
            event.insert("action_source"_L1, *flags.actionSource);
        if (flags.eventSourceUrl)
            event.insert("event_source_url"_L1, *flags.eventSourceUrl);
        mergeMember(event, "user_data"_L1, flags.userData);
        mergeMember(event, "custom_data"_L1, flags.customData);

        switch (flags.idKind) {
        case EventFlags::IdKind::None: {
            // A raw input's own event_id may be a template too: "purchase_{order_id}", "{uuid}".
            const QString own = event.value("event_id"_L1).toString();
            if (!own.contains(u'{'))
                break;
            QString why;
            const auto id = event::EventIdTemplate(own).expand(event::eventTemplateVariables(event, flags.variables), &why);
            if (!id) {
                *error = u"%1.event_id \"%2\": %3 (write {{ and }} for literal braces)"_s.arg(path, own, why);
                return false;
            }
            event.insert("event_id"_L1, *id);
            notes.append({path + u".event_id"_s, u"\"%1\" → \"%2\""_s.arg(own, *id)});
            break;
        }
        case EventFlags::IdKind::Literal: event.insert("event_id"_L1, flags.eventId); break;
        case EventFlags::IdKind::Uuid: event.insert("event_id"_L1, event::newUuidV4()); break;
        case EventFlags::IdKind::Template: {
            QString why;
            const auto id = idTemplate->expand(event::eventTemplateVariables(event, flags.variables), &why);
            if (!id) {
                *error = u"%1: --event-id \"%2\": %3 (give it with --var NAME=VALUE)"_s.arg(path, flags.eventId, why);
                return false;
            }
            event.insert("event_id"_L1, *id);
            notes.append({path + u".event_id"_s, u"\"%1\" → \"%2\""_s.arg(flags.eventId, *id)});
            break;
        }
        }
        data.replace(i, event);
    }
    request.insert("data"_L1, data);
    return true;
}

} // namespace capiqa::cli
