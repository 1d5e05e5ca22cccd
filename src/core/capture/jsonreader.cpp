// Server-side captures in JSON: CAPI request bodies (one per file, or one request or one event
// per line) and the emulator's record (which holds both sides).
#include "leanjson.h"
#include "readcontext.h"

#include "io/json.h"
#include "io/linereader.h"

#include <QtCore/QDateTime>
#include <QtCore/QIODevice>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>

namespace capiqa::capture::detail {

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 MaxDocumentBytes = 256 << 20;

QString jsonTypeName(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null: return u"null"_s;
    case QJsonValue::Bool: return u"a boolean"_s;
    case QJsonValue::Double: return u"a number"_s;
    case QJsonValue::String: return u"a string"_s;
    case QJsonValue::Array: return u"an array"_s;
    case QJsonValue::Object: return u"an object"_s;
    case QJsonValue::Undefined: return u"missing"_s;
    }
    return {};
}

// Ids and pixel ids are strings, but numbers are common (order numbers): keep their digits.
std::optional<QString> textOf(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isDouble())
        return v.toVariant().toString();
    if (v.isUndefined() || v.isNull())
        return QString();
    return std::nullopt;
}

void setValue(CapturedEvent &e, const QJsonObject &customData)
{
    const QJsonValue value = customData.value("value"_L1);
    bool ok = value.isDouble();
    double v = value.toDouble();
    if (value.isString())
        v = value.toString().toDouble(&ok);
    if (ok) {
        e.value = v;
        e.hasValue = true;
    }
    e.currency = customData.value("currency"_L1).toString();
}

void setServerTime(CapturedEvent &e, const QJsonValue &t)
{
    if (t.isUndefined() || t.isNull()) {
        e.timeUnit = TimeUnit::Missing;
        return;
    }
    if (t.isDouble()) {
        setTime(e, qint64(t.toDouble()));
        return;
    }
    if (t.isString()) {
        bool ok = false;
        const qint64 v = t.toString().toLongLong(&ok);
        if (ok) {
            setTime(e, v);
            return;
        }
        // An ISO date where Meta wants Unix seconds: keep the moment, flag the unit.
        const QDateTime when = QDateTime::fromString(t.toString(), Qt::ISODateWithMs);
        e.timeMs = when.isValid() ? when.toMSecsSinceEpoch() : 0;
    }
    e.timeUnit = TimeUnit::Invalid;
}

struct Where
{
    qint64 line = 0;
    qint64 offset = 0;
    qint32 length = 0;
    QString what; // "line 12", "data[3] of line 12"
};

// One event object; false (after an issue) when it cannot be used.
bool addEvent(const QJsonObject &o, const QString &pixelId, Side side, const Where &where, ReadContext &context)
{
    CapturedEvent e;
    e.side = side;
    const QJsonValue name = o.value(side == Side::Browser && !o.contains("event_name"_L1) ? "ev"_L1 : "event_name"_L1);
    if (!name.isString() || name.toString().isEmpty()) {
        context.issue(where.line, where.offset, u"%1: event_name is %2, not a non-empty string; event skipped"_s.arg(where.what, jsonTypeName(name)));
        return false;
    }
    e.eventName = name.toString();
    const QJsonValue idValue = o.contains("event_id"_L1) ? o.value("event_id"_L1) : o.value("eid"_L1);
    const std::optional<QString> id = textOf(idValue);
    if (!id) {
        context.issue(where.line, where.offset, u"%1: event_id is %2, not a string; the event is read as having no id"_s.arg(where.what, jsonTypeName(idValue)));
    } else {
        e.eventId = *id;
    }
    e.pixelId = textOf(o.value("pixel_id"_L1)).value_or(QString());
    if (e.pixelId.isEmpty())
        e.pixelId = pixelId;
    const QJsonObject inner = o.value("event"_L1).toObject(); // the emulator record's raw event
    if (side == Side::Browser) {
        const QJsonValue ts = inner.contains("ts"_L1) ? inner.value("ts"_L1) : o.value("ts"_L1);
        if (!ts.isUndefined()) {
            bool ok = ts.isDouble();
            const qint64 v = ts.isDouble() ? qint64(ts.toDouble()) : ts.toString().toLongLong(&ok);
            if (ok)
                setTime(e, v);
            else
                e.timeUnit = TimeUnit::Invalid;
        } else {
            setServerTime(e, o.value("event_time"_L1));
            e.timeUnit = TimeUnit::Missing; // the record's event_time is ts / 1000, not what the Pixel sent
        }
    } else {
        setServerTime(e, o.value("event_time"_L1));
    }
    setValue(e, o.value("custom_data"_L1).toObject());
    e.line = where.line;
    e.offset = where.offset;
    e.length = where.length;
    context.add(std::move(e));
    return true;
}

// A request ({"data":[…]}), an event, or an emulator record line.
void addObject(const QJsonObject &o, const Where &where, ReadContext &context, bool emulatorRecord)
{
    Side side = context.side();
    if (const QJsonValue source = o.value("source"_L1); source.isString()) {
        const QString s = source.toString();
        if (s == "browser"_L1 || s == "pixel"_L1)
            side = Side::Browser;
        else if (s == "server"_L1 || s == "capi"_L1)
            side = Side::Server;
    }
    if (emulatorRecord && o.contains("accepted"_L1) && !o.value("accepted"_L1).toBool()) {
        context.ignore(); // the emulator rejected it (or a fault was injected): Meta would not count it
        return;
    }
    const QJsonValue data = o.value("data"_L1);
    if (data.isArray()) {
        const QString pixelId = textOf(o.value("pixel_id"_L1)).value_or(QString());
        const QJsonArray events = data.toArray();
        for (qsizetype i = 0; i < events.size(); ++i) {
            Where at = where;
            at.what = u"data[%1] of %2"_s.arg(i).arg(where.what);
            if (!events.at(i).isObject()) {
                context.issue(where.line, where.offset, u"%1 is %2, not an event object; skipped"_s.arg(at.what, jsonTypeName(events.at(i))));
                continue;
            }
            addEvent(events.at(i).toObject(), pixelId, side, at, context);
        }
        return;
    }
    if (!data.isUndefined()) {
        context.issue(where.line, where.offset, u"%1: \"data\" is %2, not an array of events; skipped"_s.arg(where.what, jsonTypeName(data)));
        return;
    }
    if (o.contains("event_name"_L1) || o.contains("ev"_L1)) {
        addEvent(o, QString(), side, where, context);
        return;
    }
    context.issue(where.line, where.offset, u"%1 is neither a request ({\"data\":[…]}) nor an event (no event_name); skipped"_s.arg(where.what));
}

// An event from the lean reader: the same fields addEvent takes, without a QJsonDocument.
void addLeanEvent(const LeanEvent &le, std::string_view requestPixel, const io::LineReader::Line &line, ReadContext &context)
{
    StringPool &pool = context.pool();
    CapturedEvent e;
    e.side = Side::Server;
    e.eventName = pool.intern(le.eventName);
    e.eventId = pool.ascii(le.eventId); // the lean reader keeps printable ASCII only
    e.pixelId = pool.intern(le.pixelId.empty() ? requestPixel : le.pixelId);
    if (le.hasTime)
        setTime(e, le.time);
    else
        e.timeUnit = TimeUnit::Missing;
    e.value = le.value;
    e.hasValue = le.hasValue;
    e.currency = pool.intern(le.currency);
    e.line = line.number;
    e.offset = line.offset;
    e.length = qint32(line.length);
    context.addInterned(std::move(e));
}

} // namespace

void readJsonLines(QIODevice &device, ReadContext &context, bool emulatorRecord)
{
    io::LineReader reader(&device);
    io::LineReader::Line line;
    // Server lines in the plain shape take the lean reader; the rest (and the emulator record,
    // which carries both sides) the full parser.
    const bool lean = context.leanReaders() && !emulatorRecord && context.side() == Side::Server;
    std::vector<LeanEvent> leanEvents;
    std::string_view requestPixel;
    while (reader.next(line)) {
        if ((line.number & 1023) == 0 && context.tick(line.offset))
            return;
        if (line.tooLong) {
            context.issue(line.number, line.offset, u"line of %1 bytes is longer than 16 MiB; skipped"_s.arg(line.length));
            continue;
        }
        if (lean && readLeanServerLine(line.text, leanEvents, requestPixel)) {
            for (const LeanEvent &le : leanEvents)
                addLeanEvent(le, requestPixel, line, context);
            continue;
        }
        const QByteArray bytes = QByteArray::fromRawData(line.text.data(), qsizetype(line.text.size()));
        if (bytes.trimmed().isEmpty())
            continue;
        QJsonParseError error;
        const QJsonDocument doc = io::parseJson(bytes, &error);
        if (error.error != QJsonParseError::NoError) {
            context.issue(line.number, line.offset + error.offset,
                          u"not valid JSON (%1 at column %2); line skipped"_s.arg(error.errorString()).arg(error.offset + 1));
            continue;
        }
        const Where where{line.number, line.offset, qint32(line.length), u"line %1"_s.arg(line.number)};
        if (doc.isArray()) {
            for (const QJsonValue &v : doc.array()) {
                if (v.isObject())
                    addObject(v.toObject(), where, context, emulatorRecord);
                else
                    context.issue(line.number, line.offset, u"line %1: an array item is %2, not an event; skipped"_s.arg(line.number).arg(jsonTypeName(v)));
            }
            continue;
        }
        if (!doc.isObject()) {
            context.issue(line.number, line.offset, u"line %1 is not a JSON object; skipped"_s.arg(line.number));
            continue;
        }
        addObject(doc.object(), where, context, emulatorRecord);
    }
    if (!reader.errorString().isEmpty())
        context.issue(0, -1, u"read error: "_s + reader.errorString());
}

void readJsonDocument(QIODevice &device, ReadContext &context)
{
    if (device.size() > MaxDocumentBytes) {
        context.issue(0, 0, u"a single JSON document of %1 MiB is too large (the limit is 256 MiB); write one request or "
                            "event per line (JSON Lines) instead"_s.arg(device.size() >> 20));
        return;
    }
    const QByteArray data = device.readAll();
    QJsonParseError error;
    const QJsonDocument doc = io::parseJson(data, &error);
    if (error.error != QJsonParseError::NoError) {
        context.issue(QByteArrayView(data).first(std::clamp<qsizetype>(error.offset, 0, data.size())).count('\n') + 1, error.offset,
                      u"not valid JSON: %1 at %2"_s.arg(error.errorString(), io::lineAndColumn(data, error.offset)));
        return;
    }
    const Where where{1, 0, qint32(std::min<qint64>(data.size(), std::numeric_limits<qint32>::max())), u"the document"_s};
    if (doc.isArray()) {
        const QJsonArray items = doc.array();
        for (qsizetype i = 0; i < items.size(); ++i) {
            Where at = where;
            at.what = u"item %1"_s.arg(i);
            if (items.at(i).isObject())
                addObject(items.at(i).toObject(), at, context, false);
            else
                context.issue(1, 0, u"item %1 is %2, not an event or request; skipped"_s.arg(i).arg(jsonTypeName(items.at(i))));
        }
        return;
    }
    addObject(doc.object(), where, context, false);
}

} // namespace capiqa::capture::detail
