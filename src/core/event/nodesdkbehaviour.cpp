#include "nodesdkbehaviour.h"

#include "jsonfields.h"

#include <QtCore/QJsonArray>
#include <QtCore/QLocale>
#include <QtCore/QVarLengthArray>

#include <cmath>

using namespace Qt::StringLiterals;

namespace capiqa::event::detail {

namespace {

/// JavaScript truthiness of a JSON value (null never gets here: the builder drops it first).
bool isFalsy(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Bool: return !v.toBool();
    case QJsonValue::Double: return v.toDouble() == 0.0 || std::isnan(v.toDouble());
    case QJsonValue::String: return v.toString().isEmpty();
    case QJsonValue::Null:
    case QJsonValue::Undefined: return true;
    case QJsonValue::Array:
    case QJsonValue::Object: break; // [] and {} are truthy in JavaScript
    }
    return false;
}

class Rewriter final
{
public:
    Rewriter(const FieldDiagnostic &prototype, QList<FieldDiagnostic> &diagnostics)
        : m_prototype(prototype)
        , m_diagnostics(diagnostics)
    {
    }

    void note(const QString &field, const QString &path, const QString &sent, const QString &message)
    {
        FieldDiagnostic d = m_prototype;
        d.kind = FieldDiagnostic::Kind::SdkBehaviour;
        d.field = field;
        d.path = path;
        d.sent = sent;
        d.message = message;
        m_diagnostics.append(d);
    }

    /// `if (this.key) out.key = this.key`: the SDK's pattern for most fields.
    /// Returns whether anything was dropped, so that an unchanged object is not written back.
    bool dropFalsy(QJsonObject &object, const QString &objectPath, const QString &fieldPrefix,
                   std::initializer_list<QLatin1StringView> keys)
    {
        // One pass over the members, naming only the falsy ones: an object has fewer members than
        // there are keys to ask about, and a lookup per key cost more than the rest of the profile.
        QVarLengthArray<QLatin1StringView, 8> falsy;
        for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
            if (!isFalsy(it.value()))
                continue;
            const QString name = it.key();
            for (const QLatin1StringView key : keys) {
                if (name == key) {
                    falsy.append(key);
                    break;
                }
            }
        }
        bool changed = false;
        for (const QLatin1StringView key : keys) { // in the order of `keys`, as the SDK checks them
            if (!falsy.contains(key))
                continue;
            const auto it = object.constFind(key);
            const QString shown = it->isString() ? u"\"\""_s : describe(it.value());
            object.remove(key);
            changed = true;
            note(fieldPrefix % key, memberPath(objectPath, QString(key)), {},
                 u"the Node SDK leaves out a falsy %1 (%2); capiqa does the same for this profile"_s.arg(QString(key),
                                                                                                         shown));
        }
        return changed;
    }

    /// `Number.parseFloat(this.value)`, kept unless NaN.
    /// Returns whether the member was converted or removed.
    bool parseFloatField(QJsonObject &object, const QString &objectPath, QLatin1StringView key)
    {
        const QJsonValue value = object.value(key);
        if (value.isUndefined() || value.isDouble())
            return false;
        const QString path = memberPath(objectPath, QString(key));
        const QString field = u"custom_data."_s % key;
        const auto parsed = value.isString() ? jsParseFloat(value.toString()) : std::nullopt;
        if (!parsed) {
            object.remove(key);
            note(field, path, {},
                 u"the Node SDK silently drops a %1 that parseFloat() cannot read (%2); capiqa leaves it out "
                 "for this profile"_s.arg(QString(key), value.isString() ? u'"' % value.toString() % u'"' : describe(value)));
            return true;
        }
        const QString text = value.toString();
        object.insert(key, *parsed);
        const QString sent = QString::number(*parsed, 'g', QLocale::FloatingPointShortest);
        note(field, path, sent, u"the Node SDK converts \"%1\" with parseFloat() and sends %2"_s.arg(text, sent));
        return true;
    }

private:
    const FieldDiagnostic &m_prototype;
    QList<FieldDiagnostic> &m_diagnostics;
};

} // namespace

std::optional<double> jsParseFloat(QStringView text)
{
    qsizetype i = 0;
    while (i < text.size() && text[i].isSpace())
        ++i;
    const qsizetype start = i;
    if (i < text.size() && (text[i] == u'+' || text[i] == u'-'))
        ++i;
    const auto digits = [&] {
        const qsizetype from = i;
        while (i < text.size() && text[i] >= u'0' && text[i] <= u'9')
            ++i;
        return i - from;
    };
    qsizetype mantissa = digits();
    if (i < text.size() && text[i] == u'.') {
        ++i;
        mantissa += digits();
    }
    if (mantissa == 0)
        return std::nullopt; // "Infinity" parses in JavaScript but cannot travel as JSON
    qsizetype end = i;
    if (i < text.size() && (text[i] == u'e' || text[i] == u'E')) {
        ++i;
        if (i < text.size() && (text[i] == u'+' || text[i] == u'-'))
            ++i;
        if (digits() > 0)
            end = i;
    }
    bool ok = false;
    const double value = QLocale::c().toDouble(text.mid(start, end - start), &ok);
    if (!ok || !std::isfinite(value))
        return std::nullopt;
    return value;
}

void applyNodeSdkBehaviour(QJsonObject &event, const QString &path, const FieldDiagnostic &prototype,
                           QList<FieldDiagnostic> &diagnostics)
{
    Rewriter rw(prototype, diagnostics);

    rw.dropFalsy(event, path, {},
                 {"event_name"_L1, "event_time"_L1, "action_source"_L1, "opt_out"_L1, "event_id"_L1,
                  "event_source_url"_L1});
    if (const QJsonValue source = event.value("action_source"_L1); source.isString()) {
        const QString lower = source.toString().toLower();
        if (lower != source.toString()) {
            event.insert("action_source"_L1, lower);
            rw.note(u"action_source"_s, memberPath(path, u"action_source"), lower,
                    u"the Node SDK lowercases action_source (\"%1\")"_s.arg(source.toString()));
        }
    }

    // The event shares its members with the caller's input: write back only what changed, since
    // a write detaches and copies (this runs for every event sent).
    const auto cdIt = event.constFind("custom_data"_L1);
    if (cdIt == event.constEnd() || !cdIt->isObject())
        return;
    const QString cdPath = memberPath(path, u"custom_data");
    QJsonObject cd = cdIt->toObject();
    bool cdChanged = rw.parseFloatField(cd, cdPath, "value"_L1);
    cdChanged |= rw.parseFloatField(cd, cdPath, "net_revenue"_L1);
    cdChanged |= rw.dropFalsy(cd, cdPath, u"custom_data."_s,
                              {"currency"_L1, "content_name"_L1, "content_category"_L1, "content_ids"_L1,
                               "contents"_L1, "content_type"_L1, "order_id"_L1, "predicted_ltv"_L1, "num_items"_L1,
                               "search_string"_L1, "status"_L1, "item_number"_L1, "delivery_category"_L1});
    if (const auto contentsIt = cd.constFind("contents"_L1); contentsIt != cd.constEnd() && contentsIt->isArray()) {
        QJsonArray contents = contentsIt->toArray();
        bool contentsChanged = false;
        for (qsizetype i = 0; i < contents.size(); ++i) {
            if (!contents.at(i).isObject())
                continue; // the model reports the wrong type
            QJsonObject content = contents.at(i).toObject();
            // Content.normalize(): `if (this.quantity)` and friends, so 0 disappears.
            if (rw.dropFalsy(content, indexPath(memberPath(cdPath, u"contents"), i), u"custom_data.contents."_s,
                             {"id"_L1, "quantity"_L1, "item_price"_L1, "title"_L1, "description"_L1, "brand"_L1,
                              "category"_L1, "delivery_category"_L1})) {
                contents.replace(i, content);
                contentsChanged = true;
            }
        }
        if (contentsChanged) {
            cd.insert("contents"_L1, contents);
            cdChanged = true;
        }
    }
    if (cdChanged)
        event.insert("custom_data"_L1, cd);
}

} // namespace capiqa::event::detail
