#include "templatetext.h"

#include <QtCore/QJsonArray>
#include <QtCore/QLocale>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace capiqa::replay {

namespace {

bool isNameStart(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || c == u'_';
}

bool isName(QStringView name)
{
    if (name.isEmpty() || !isNameStart(name.front()))
        return false;
    return std::all_of(name.begin(), name.end(), [](QChar c) { return isNameStart(c) || (c >= u'0' && c <= u'9') || c == u'.'; });
}

QString textOf(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::String: return v.toString();
    case QJsonValue::Bool: return v.toBool() ? u"true"_s : u"false"_s;
    case QJsonValue::Double: {
        const double d = v.toDouble();
        if (std::trunc(d) == d && std::fabs(d) < 9007199254740992.0)
            return QString::number(qint64(d));
        return QString::number(d, 'g', QLocale::FloatingPointShortest);
    }
    default: return {};
    }
}

QJsonValue expandValue(const QJsonValue &value, const TemplateLookup &lookup)
{
    if (value.isString()) {
        const QString text = value.toString();
        return hasPlaceholder(text) ? expandText(text, lookup) : value;
    }
    if (value.isObject()) {
        QJsonObject o = value.toObject();
        expandObject(o, lookup);
        return o;
    }
    if (value.isArray()) {
        QJsonArray a = value.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            const QJsonValue item = a.at(i);
            if (item.isString() || item.isObject() || item.isArray())
                a.replace(i, expandValue(item, lookup));
        }
        return a;
    }
    return value;
}

} // namespace

QString forEachPlaceholder(QStringView text, const PlaceholderVisitor &visit)
{
    qsizetype from = 0;
    for (;;) {
        const qsizetype open = text.indexOf(u"{{", from);
        if (open < 0)
            return {};
        const qsizetype close = text.indexOf(u"}}", open + 2);
        if (close < 0)
            return u"unterminated {{ at offset %1"_s.arg(open);
        const QStringView name = text.sliced(open + 2, close - open - 2).trimmed();
        if (name.isEmpty())
            return u"empty placeholder {{}} at offset %1"_s.arg(open);
        if (!isName(name))
            return u"\"{{%1}}\" at offset %2 is not a template name (letters, digits, _ and .)"_s.arg(name).arg(open);
        visit(name, open);
        from = close + 2;
    }
}

QJsonValue expandText(const QString &text, const TemplateLookup &lookup)
{
    QString out;
    qsizetype from = 0;
    qsizetype pieces = 0;
    QJsonValue single(QJsonValue::Undefined);
    for (;;) {
        const qsizetype open = text.indexOf(u"{{", from);
        const qsizetype close = open < 0 ? -1 : text.indexOf(u"}}", open + 2);
        if (close < 0) {
            out += QStringView(text).sliced(from);
            break;
        }
        out += QStringView(text).sliced(from, open - from);
        const QStringView name = QStringView(text).sliced(open + 2, close - open - 2).trimmed();
        const QJsonValue value = lookup(name);
        if (value.isUndefined()) {
            out += QStringView(text).sliced(open, close + 2 - open);
        } else {
            out += textOf(value);
            single = value;
        }
        ++pieces;
        from = close + 2;
    }
    // Exactly one placeholder and nothing around it: keep the value's type.
    if (pieces == 1 && !single.isUndefined() && text.startsWith(u"{{") && text.endsWith(u"}}")
        && text.indexOf(u"{{", 2) < 0)
        return single;
    return out;
}

void expandObject(QJsonObject &object, const TemplateLookup &lookup)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QJsonValue v = it.value();
        if (v.isString() || v.isObject() || v.isArray())
            it.value() = expandValue(v, lookup);
    }
}

void forEachPlaceholderIn(const QJsonValue &value, const QString &path,
                          const std::function<void(const QString &path, QStringView name)> &onName,
                          const std::function<void(const QString &path, const QString &error)> &onSyntaxError)
{
    if (value.isString()) {
        const QString text = value.toString();
        if (!hasPlaceholder(text))
            return;
        const QString error = forEachPlaceholder(text, [&](QStringView name, qsizetype) { onName(path, name); });
        if (!error.isEmpty())
            onSyntaxError(path, error);
    } else if (value.isObject()) {
        const QJsonObject o = value.toObject();
        for (auto it = o.constBegin(); it != o.constEnd(); ++it)
            forEachPlaceholderIn(it.value(), path + u'.' + it.key(), onName, onSyntaxError);
    } else if (value.isArray()) {
        const QJsonArray a = value.toArray();
        for (qsizetype i = 0; i < a.size(); ++i)
            forEachPlaceholderIn(a.at(i), path + u'[' + QString::number(i) + u']', onName, onSyntaxError);
    }
}

} // namespace capiqa::replay
