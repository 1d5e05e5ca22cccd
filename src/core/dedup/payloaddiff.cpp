#include "payloaddiff.h"

#include "io/json.h"
#include "matcher.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QMap>
#include <QtCore/QUrlQuery>

#include <cmath>

namespace capiqa::dedup {

using namespace Qt::StringLiterals;
using capture::CapturedEvent;
using capture::Side;

namespace {

// The fields the matcher reads, in the order the detail view lists them.
const QStringList &keyFields()
{
    static const QStringList keys{u"pixel_id"_s, u"event_name"_s, u"event_id"_s, u"event_time"_s, u"custom_data.value"_s,
                                  u"custom_data.currency"_s};
    return keys;
}

// A Pixel parameter under its CAPI name.
QString capiName(const QString &pixelKey)
{
    static const QMap<QString, QString> names{{u"id"_s, u"pixel_id"_s},        {u"ev"_s, u"event_name"_s},
                                              {u"eid"_s, u"event_id"_s},        {u"ts"_s, u"event_time"_s},
                                              {u"dl"_s, u"event_source_url"_s}, {u"fbp"_s, u"user_data.fbp"_s},
                                              {u"fbc"_s, u"user_data.fbc"_s}};
    if (const auto it = names.constFind(pixelKey); it != names.cend())
        return *it;
    for (const auto &[prefix, group] : {std::pair{u"cd["_s, u"custom_data."_s}, std::pair{u"ud["_s, u"user_data."_s}}) {
        if (pixelKey.startsWith(prefix) && pixelKey.endsWith(u']'))
            return group + pixelKey.mid(prefix.size(), pixelKey.size() - prefix.size() - 1);
    }
    return pixelKey;
}

void addQuery(QMap<QString, QString> &out, QString query)
{
    query.replace(u'+', u"%20"_s); // forms encode spaces as '+'
    const QUrlQuery q(query);
    for (const auto &[key, value] : q.queryItems(QUrl::FullyDecoded))
        out.insert(capiName(key), value);
}

QString scalarText(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isDouble())
        return QString::number(v.toDouble(), 'g', 17);
    if (v.isBool())
        return v.toBool() ? u"true"_s : u"false"_s;
    if (v.isNull())
        return u"null"_s;
    const QJsonDocument doc = v.isArray() ? QJsonDocument(v.toArray()) : QJsonDocument(v.toObject());
    return QString::fromUtf8(doc.toJson(QJsonDocument::Compact));
}

void flatten(QMap<QString, QString> &out, const QJsonObject &o, const QString &prefix)
{
    for (auto it = o.begin(); it != o.end(); ++it) {
        const QString key = prefix + it.key();
        const QJsonValue v = it.value();
        if (v.isObject()) {
            flatten(out, v.toObject(), key + u'.');
        } else if (v.isArray()) {
            QStringList items;
            for (const QJsonValue &item : v.toArray())
                items << scalarText(item);
            out.insert(key, items.join(u", "_s));
        } else {
            out.insert(key, scalarText(v));
        }
    }
}

// The HAR entry of a Pixel hit: its URL query and its form body, when the body is plain text.
void readHarEntry(QMap<QString, QString> &out, const QJsonObject &entry, QString *note)
{
    const QJsonObject request = entry.value("request"_L1).toObject();
    const QString url = request.value("url"_L1).toString();
    if (const qsizetype q = url.indexOf(u'?'); q >= 0)
        addQuery(out, url.mid(q + 1).section(u'#', 0, 0));
    const QJsonObject postData = request.value("postData"_L1).toObject();
    for (const QJsonValue &p : postData.value("params"_L1).toArray())
        out.insert(capiName(p.toObject().value("name"_L1).toString()), p.toObject().value("value"_L1).toString());
    const QString text = postData.value("text"_L1).toString();
    const QString mime = postData.value("mimeType"_L1).toString();
    if (text.isEmpty())
        return;
    if (postData.contains("encoding"_L1) || mime.contains("multipart/"_L1) || text.startsWith(u"--"_s)) {
        if (note)
            *note = u"The request body is encoded or multipart: only the URL's fields and the matched ones are shown."_s;
        return;
    }
    if (text.trimmed().startsWith(u'{')) {
        flatten(out, QJsonDocument::fromJson(text.toUtf8()).object(), {});
        return;
    }
    addQuery(out, text.trimmed());
}

bool sameEvent(const QJsonObject &o, const CapturedEvent &e)
{
    const QJsonValue id = o.contains("event_id"_L1) ? o.value("event_id"_L1) : o.value("eid"_L1);
    const QJsonValue name = o.contains("event_name"_L1) ? o.value("event_name"_L1) : o.value("ev"_L1);
    return scalarText(name) == e.eventName && (id.isUndefined() ? e.eventId.isEmpty() : scalarText(id) == e.eventId);
}

// A JSON record: an event, a request holding it among others, or an emulator record.
void readJsonRecord(QMap<QString, QString> &out, const QJsonObject &record, const CapturedEvent &event, QString *note)
{
    if (record.value("request"_L1).isObject()) {
        readHarEntry(out, record, note);
        return;
    }
    QJsonObject o = record;
    if (record.value("data"_L1).isArray()) {
        o = {};
        for (const QJsonValue &v : record.value("data"_L1).toArray()) {
            if (v.isObject() && sameEvent(v.toObject(), event)) {
                o = v.toObject();
                break;
            }
        }
    } else if (record.value("event"_L1).isObject()) {
        o = record.value("event"_L1).toObject(); // the emulator record's raw event
    }
    QMap<QString, QString> fields;
    flatten(fields, o, {});
    for (auto it = fields.cbegin(); it != fields.cend(); ++it)
        out.insert(event.side == Side::Browser ? capiName(it.key()) : it.key(), it.value());
}

QString valueText(double value)
{
    return QString::number(value, 'g', 15);
}

bool sameValue(const QString &key, const QString &a, const QString &b)
{
    if (a.trimmed() == b.trimmed())
        return true;
    if (key == u"custom_data.value"_s) {
        bool okA = false, okB = false;
        const double x = a.toDouble(&okA);
        const double y = b.toDouble(&okB);
        return okA && okB && std::abs(x - y) < 1e-9;
    }
    return false;
}

} // namespace

QList<PayloadField> payloadFields(const capture::CaptureSet &captures, const CapturedEvent &event, QString *note)
{
    QMap<QString, QString> extra;
    const QByteArray record = captures.readRecord(event);
    if (record.isEmpty()) {
        if (note)
            *note = u"The record could not be read back from its file (moved or changed since the analysis)."_s;
    } else if (record.trimmed().startsWith('{')) {
        QJsonParseError error;
        const QJsonDocument doc = io::parseJson(record, &error);
        if (doc.isObject())
            readJsonRecord(extra, doc.object(), event, note);
    } else if (record.contains("/tr")) {
        const QString url = QString::fromUtf8(record.trimmed());
        if (const qsizetype q = url.indexOf(u'?'); q >= 0)
            addQuery(extra, url.mid(q + 1));
    }

    QList<PayloadField> out{{u"pixel_id"_s, event.pixelId},
                            {u"event_name"_s, event.eventName},
                            {u"event_id"_s, event.eventId},
                            {u"event_time"_s, event.rawTime != 0 ? QString::number(event.rawTime) : extra.value(u"event_time"_s)}};
    if (event.hasValue)
        out.append({u"custom_data.value"_s, valueText(event.value)});
    if (!event.currency.isEmpty())
        out.append({u"custom_data.currency"_s, event.currency});
    for (auto it = extra.cbegin(); it != extra.cend(); ++it) {
        if (!keyFields().contains(it.key()))
            out.append({it.key(), it.value()});
    }
    return out;
}

QList<FieldComparison> comparePayloads(const QList<PayloadField> &left, const QList<PayloadField> &right,
                                       const CapturedEvent &leftEvent, const CapturedEvent &rightEvent, const DedupOptions &options)
{
    QMap<QString, std::pair<std::optional<QString>, std::optional<QString>>> byKey;
    for (const PayloadField &f : left)
        byKey[f.key].first = f.value;
    for (const PayloadField &f : right)
        byKey[f.key].second = f.value;

    const auto row = [&](const QString &key) {
        const auto &[l, r] = byKey.value(key);
        FieldComparison c{key, l.value_or(QString()), r.value_or(QString()), FieldComparison::Kind::Same};
        if (l && !r)
            c.kind = FieldComparison::Kind::OnlyLeft;
        else if (r && !l)
            c.kind = FieldComparison::Kind::OnlyRight;
        else if (key == u"event_time"_s)
            // ms against s is how the two sides are meant to differ; a wrong unit or hours apart is not.
            c.kind = hasTimeUnitError(leftEvent) || hasTimeUnitError(rightEvent)
                    || (leftEvent.timeMs && rightEvent.timeMs && std::abs(leftEvent.timeMs - rightEvent.timeMs) > options.farMs)
                ? FieldComparison::Kind::Differs
                : FieldComparison::Kind::Same;
        else if (!sameValue(key, c.left, c.right))
            c.kind = FieldComparison::Kind::Differs;
        return c;
    };
    QList<FieldComparison> out;
    for (const QString &key : keyFields()) {
        if (byKey.contains(key))
            out << row(key);
    }
    // Then the fields both sent, then the ones only one side sent (the Pixel's own parameters).
    for (const bool both : {true, false}) {
        for (auto it = byKey.cbegin(); it != byKey.cend(); ++it) {
            if (!keyFields().contains(it.key()) && (it->first && it->second) == both)
                out << row(it.key());
        }
    }
    return out;
}

} // namespace capiqa::dedup
