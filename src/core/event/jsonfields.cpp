#include "jsonfields.h"

#include <algorithm>

#include <QtCore/QLocale>

using namespace Qt::StringLiterals;

namespace capiqa::event::detail {

QString memberPath(QStringView parent, QStringView key)
{
    if (parent.isEmpty())
        return key.toString();
    return parent % u'.' % key;
}

QString indexPath(QStringView parent, qsizetype index)
{
    return parent % u'[' % QString::number(index) % u']';
}

QString describe(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null: return u"null"_s;
    case QJsonValue::Bool: return u"a boolean"_s;
    case QJsonValue::Double:
        if (const auto whole = wholeNumber(value))
            return u"the number "_s % QString::number(*whole);
        return u"the number "_s % QString::number(value.toDouble(), 'g', QLocale::FloatingPointShortest);
    case QJsonValue::String: return u"a string"_s;
    case QJsonValue::Array: return u"an array"_s;
    case QJsonValue::Object: return u"an object"_s;
    case QJsonValue::Undefined: break;
    }
    return u"nothing"_s;
}

QString atPath(QStringView path, const QString &message)
{
    if (path.isEmpty())
        return message;
    return path % u": "_s % message;
}

std::optional<qint64> wholeNumber(const QJsonValue &value)
{
    if (!value.isDouble())
        return std::nullopt;
    // toInteger() returns its default for fractions and out-of-range values; two different
    // defaults tell "not whole" apart from a real 0 or 1.
    const qint64 a = value.toInteger(0);
    if (a != 0)
        return a;
    if (value.toInteger(1) == 0)
        return qint64(0);
    return std::nullopt;
}

ObjectReader::ObjectReader(const QJsonObject &object, QStringView path)
    : m_object(object)
    , m_path(path.toString())
{
}

std::optional<QJsonValue> ObjectReader::take(QLatin1StringView key)
{
    m_known.append(key);
    if (!ok())
        return std::nullopt;
    const auto it = m_object.constFind(key);
    if (it == m_object.constEnd() || it->isNull() || it->isUndefined())
        return std::nullopt;
    return it.value();
}

void ObjectReader::typeError(QLatin1StringView key, const QString &expected, const QJsonValue &got)
{
    fail(pathOf(key), u"expected %1, got %2"_s.arg(expected, describe(got)));
}

void ObjectReader::fail(QStringView path, const QString &message)
{
    if (m_error.isEmpty())
        m_error = atPath(path, message);
}

std::optional<QString> ObjectReader::string(QLatin1StringView key)
{
    const auto v = take(key);
    if (!v)
        return std::nullopt;
    if (!v->isString()) {
        typeError(key, u"a string"_s, *v);
        return std::nullopt;
    }
    return v->toString();
}

std::optional<qint64> ObjectReader::integer(QLatin1StringView key)
{
    const auto v = take(key);
    if (!v)
        return std::nullopt;
    const auto n = wholeNumber(*v);
    if (!n)
        typeError(key, u"a whole number"_s, *v);
    return n;
}

std::optional<double> ObjectReader::number(QLatin1StringView key)
{
    const auto v = take(key);
    if (!v)
        return std::nullopt;
    if (!v->isDouble()) {
        typeError(key, u"a number"_s, *v);
        return std::nullopt;
    }
    return v->toDouble();
}

std::optional<bool> ObjectReader::boolean(QLatin1StringView key)
{
    const auto v = take(key);
    if (!v)
        return std::nullopt;
    if (!v->isBool()) {
        typeError(key, u"true or false"_s, *v);
        return std::nullopt;
    }
    return v->toBool();
}

std::optional<QStringList> ObjectReader::stringList(QLatin1StringView key)
{
    const auto v = take(key);
    if (!v)
        return std::nullopt;
    if (!v->isArray()) {
        typeError(key, u"an array of strings"_s, *v);
        return std::nullopt;
    }
    const QJsonArray array = v->toArray();
    QStringList out;
    out.reserve(array.size());
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonValue item = array.at(i);
        if (!item.isString()) {
            fail(indexPath(pathOf(key), i), u"expected a string, got %1"_s.arg(describe(item)));
            return std::nullopt;
        }
        out.append(item.toString());
    }
    return out;
}

std::optional<QJsonObject> ObjectReader::object(QLatin1StringView key)
{
    const auto v = take(key);
    if (!v)
        return std::nullopt;
    if (!v->isObject()) {
        typeError(key, u"an object"_s, *v);
        return std::nullopt;
    }
    return v->toObject();
}

std::optional<QJsonArray> ObjectReader::array(QLatin1StringView key)
{
    const auto v = take(key);
    if (!v)
        return std::nullopt;
    if (!v->isArray()) {
        typeError(key, u"an array"_s, *v);
        return std::nullopt;
    }
    return v->toArray();
}

QJsonValue ObjectReader::raw(QLatin1StringView key)
{
    return take(key).value_or(QJsonValue(QJsonValue::Undefined));
}

QJsonObject ObjectReader::extra() const
{
    QJsonObject out;
    for (auto it = m_object.constBegin(); it != m_object.constEnd(); ++it) {
        const QString key = it.key();
        if (std::none_of(m_known.cbegin(), m_known.cend(), [&key](QLatin1StringView known) { return key == known; }))
            out.insert(key, it.value());
    }
    return out;
}

void put(QJsonObject &out, QLatin1StringView key, const std::optional<QString> &value)
{
    if (value)
        out.insert(key, *value);
}

void put(QJsonObject &out, QLatin1StringView key, const std::optional<qint64> &value)
{
    if (value)
        out.insert(key, QJsonValue(*value));
}

void put(QJsonObject &out, QLatin1StringView key, const std::optional<double> &value)
{
    if (value)
        out.insert(key, QJsonValue(*value));
}

void put(QJsonObject &out, QLatin1StringView key, const std::optional<bool> &value)
{
    if (value)
        out.insert(key, QJsonValue(*value));
}

void put(QJsonObject &out, QLatin1StringView key, const std::optional<QStringList> &value)
{
    if (value)
        out.insert(key, QJsonArray::fromStringList(*value));
}

} // namespace capiqa::event::detail
