#include "appdata.h"

#include "jsonfields.h"

#include <QtCore/QJsonArray>
#include <QtCore/QLocale>

using namespace Qt::StringLiterals;

namespace capiqa::event {

namespace {

bool isEntryType(const QJsonValue &v)
{
    return v.isString() || v.isDouble();
}

std::optional<AppData::Extinfo> readExtinfo(const QJsonValue &value, detail::ObjectReader &r)
{
    const QString path = r.pathOf("extinfo"_L1);
    AppData::Extinfo ext;
    if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (!isEntryType(array.at(i))) {
                r.fail(detail::indexPath(path, i),
                       u"expected a string or a number, got %1"_s.arg(detail::describe(array.at(i))));
                return std::nullopt;
            }
            ext.entries.append(array.at(i));
        }
        return ext;
    }
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        ext.keyedObject = true;
        ext.entries.resize(object.size());
        for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
            bool isIndex = false;
            const int index = it.key().toInt(&isIndex);
            // Keys must be exactly "0"…"n-1": a gap would shift every later device fact.
            if (!isIndex || index < 0 || index >= object.size() || QString::number(index) != it.key()) {
                r.fail(detail::memberPath(path, it.key()),
                       u"extinfo keys must be the indices 0 to %1"_s.arg(object.size() - 1));
                return std::nullopt;
            }
            if (!isEntryType(it.value())) {
                r.fail(detail::memberPath(path, it.key()),
                       u"expected a string or a number, got %1"_s.arg(detail::describe(it.value())));
                return std::nullopt;
            }
            ext.entries[index] = it.value();
        }
        return ext;
    }
    r.fail(path, u"expected an array of 16 strings, got %1"_s.arg(detail::describe(value)));
    return std::nullopt;
}

} // namespace

QString AppData::Extinfo::text(qsizetype index) const
{
    if (index < 0 || index >= entries.size())
        return {};
    const QJsonValue &v = entries.at(index);
    if (v.isString())
        return v.toString();
    if (const auto whole = detail::wholeNumber(v))
        return QString::number(*whole);
    return QString::number(v.toDouble(), 'g', QLocale::FloatingPointShortest);
}

QString AppData::extinfoProblem() const
{
    if (!extinfo)
        return u"extinfo is missing; app events need it"_s;
    if (extinfo->entries.size() != Extinfo::Size)
        return u"extinfo has %1 entries; Meta expects %2"_s.arg(extinfo->entries.size()).arg(Extinfo::Size);
    const QString version = extinfo->text(0);
    if (version != "a2"_L1 && version != "i2"_L1)
        return u"extinfo[0] is \"%1\"; it must be \"a2\" (Android) or \"i2\" (iOS)"_s.arg(version);
    return {};
}

std::optional<AppData> AppData::fromJson(const QJsonObject &json, QString *error, QStringView path)
{
    detail::ObjectReader r(json, path);
    AppData d;
    d.advertiserTrackingEnabled = r.boolean("advertiser_tracking_enabled"_L1);
    d.applicationTrackingEnabled = r.boolean("application_tracking_enabled"_L1);
    const QJsonValue ext = r.raw("extinfo"_L1);
    if (!ext.isUndefined())
        d.extinfo = readExtinfo(ext, r);
    if (!r.ok()) {
        detail::report(error, r.error());
        return std::nullopt;
    }
    d.extra = r.extra();
    return d;
}

QJsonObject AppData::toJson() const
{
    QJsonObject out = extra;
    detail::put(out, "advertiser_tracking_enabled"_L1, advertiserTrackingEnabled);
    detail::put(out, "application_tracking_enabled"_L1, applicationTrackingEnabled);
    if (extinfo) {
        if (extinfo->keyedObject) {
            QJsonObject object;
            for (qsizetype i = 0; i < extinfo->entries.size(); ++i)
                object.insert(QString::number(i), extinfo->entries.at(i));
            out.insert("extinfo"_L1, object);
        } else {
            QJsonArray array;
            for (const QJsonValue &v : extinfo->entries)
                array.append(v);
            out.insert("extinfo"_L1, array);
        }
    }
    return out;
}

} // namespace capiqa::event
