#include "eventid.h"

#include <QtCore/QLocale>
#include <QtCore/QUuid>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace capiqa::event {

namespace {

// 42 rather than 42.0, so that purchase_{order_id} gives "purchase_42" for "order_id": 42.
QString numberText(double d)
{
    if (std::trunc(d) == d && std::fabs(d) < 9007199254740992.0)
        return QString::number(qint64(d));
    return QString::number(d, 'g', QLocale::FloatingPointShortest);
}

bool isNameStart(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || c == u'_';
}

bool isNameChar(QChar c)
{
    return isNameStart(c) || (c >= u'0' && c <= u'9');
}

bool isHex(QChar c)
{
    return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F');
}

} // namespace

QString newUuidV4()
{
    // QUuid::createUuid() is version 4 (random) on every platform Qt supports.
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

bool isUuid(QStringView text)
{
    if (text.size() != 36)
        return false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? text[i] != u'-' : !isHex(text[i]))
            return false;
    }
    return true;
}

EventIdTemplate::EventIdTemplate(const QString &pattern)
    : m_pattern(pattern)
{
    QString literal;
    const auto flushLiteral = [&] {
        if (!literal.isEmpty())
            m_parts.append(Part{literal, false, 0});
        literal.clear();
    };

    const qsizetype n = pattern.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = pattern[i];
        if (c == u'}') {
            if (i + 1 < n && pattern[i + 1] == u'}') {
                literal.append(u'}');
                ++i;
                continue;
            }
            m_error = u"unmatched \"}\" at offset %1 (write \"}}\" for a literal brace)"_s.arg(i);
            return;
        }
        const bool dollar = c == u'$' && i + 1 < n && pattern[i + 1] == u'{';
        if (c != u'{' && !dollar) {
            literal.append(c);
            continue;
        }
        if (!dollar && i + 1 < n && pattern[i + 1] == u'{') {
            literal.append(u'{');
            ++i;
            continue;
        }
        const qsizetype start = i;
        const qsizetype nameStart = i + (dollar ? 2 : 1);
        const qsizetype close = pattern.indexOf(u'}', nameStart);
        if (close < 0) {
            m_error = u"unterminated placeholder \"%1\" at offset %2"_s.arg(pattern.mid(start), QString::number(start));
            return;
        }
        const QString name = pattern.mid(nameStart, close - nameStart);
        if (name.isEmpty()) {
            m_error = u"empty placeholder \"%1\" at offset %2"_s.arg(pattern.mid(start, close - start + 1),
                                                                     QString::number(start));
            return;
        }
        const bool validName = isNameStart(name.front())
                               && std::all_of(name.cbegin(), name.cend(), [](QChar ch) { return isNameChar(ch); });
        if (!validName) {
            // A "{" inside usually means a "}" was forgotten earlier: say so rather than
            // complain about a strange name.
            const QString what = name.contains(u'{') ? u"unterminated placeholder"_s : u"invalid placeholder"_s;
            m_error = u"%1 \"%2\" at offset %3 (names are letters, digits and _)"_s.arg(
                what, pattern.mid(start, close - start + 1), QString::number(start));
            return;
        }
        flushLiteral();
        m_parts.append(Part{name, true, start});
        i = close;
    }
    flushLiteral();
}

QStringList EventIdTemplate::placeholders() const
{
    QStringList names;
    for (const Part &p : m_parts) {
        if (p.isVariable && !names.contains(p.text))
            names.append(p.text);
    }
    return names;
}

std::optional<QString> EventIdTemplate::expand(const QMap<QString, QString> &variables, QString *error) const
{
    const auto fail = [error](const QString &message) -> std::optional<QString> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    if (!isValid())
        return fail(m_error);

    QString out;
    for (const Part &p : m_parts) {
        if (!p.isVariable) {
            out += p.text;
            continue;
        }
        const auto it = variables.constFind(p.text);
        if (it == variables.constEnd()) {
            const QString known = variables.isEmpty() ? u"none"_s : variables.keys().join(u", ");
            return fail(u"unknown variable {%1} at offset %2; known: %3"_s.arg(p.text, QString::number(p.offset), known));
        }
        if (it->isEmpty())
            return fail(u"variable {%1} at offset %2 is empty; the event id would not identify the event"_s.arg(
                p.text, QString::number(p.offset)));
        out += *it;
    }
    return out;
}

std::optional<QString> expandEventId(const QString &pattern, const QMap<QString, QString> &variables, QString *error)
{
    return EventIdTemplate(pattern).expand(variables, error);
}

QMap<QString, QString> eventTemplateVariables(const QJsonObject &event, const QMap<QString, QString> &extra)
{
    QMap<QString, QString> vars;
    const auto addScalars = [&vars](const QJsonObject &object) {
        for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
            if (it.value().isString())
                vars.insert(it.key(), it.value().toString());
            else if (it.value().isDouble())
                vars.insert(it.key(), numberText(it.value().toDouble()));
        }
    };
    addScalars(event);
    addScalars(event.value(QLatin1StringView("custom_data")).toObject());
    for (auto it = extra.constBegin(); it != extra.constEnd(); ++it)
        vars.insert(it.key(), it.value());
    if (!vars.contains(u"uuid"_s))
        vars.insert(u"uuid"_s, newUuidV4()); // {uuid}: a fresh id per event
    return vars;
}

} // namespace capiqa::event
