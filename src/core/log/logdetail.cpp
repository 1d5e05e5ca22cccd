#include "logdetail.h"

#include "redact.h"

#include <QtCore/QJsonDocument>
#include <QtCore/QUrl>

using namespace Qt::StringLiterals;

namespace capiqa::log {

namespace {

// Null when `text` is not a JSON object or array.
QString prettyJson(const QString &text)
{
    const QStringView trimmed = QStringView(text).trimmed();
    if (trimmed.isEmpty() || (trimmed.front() != u'{' && trimmed.front() != u'['))
        return {};
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(trimmed.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || doc.isNull())
        return {};
    QString pretty = QString::fromUtf8(doc.toJson(QJsonDocument::Indented));
    if (pretty.endsWith(u'\n'))
        pretty.chop(1);
    return pretty;
}

bool looksLikeForm(QStringView text)
{
    if (text.isEmpty() || text.contains(u'\n') || text.contains(u' '))
        return false;
    const qsizetype eq = text.indexOf(u'=');
    return eq > 0 && !text.left(eq).contains(u'&');
}

QString prettyForm(const QString &text)
{
    QStringList lines;
    for (const QStringView field : QStringView(text).split(u'&', Qt::SkipEmptyParts)) {
        const qsizetype eq = field.indexOf(u'=');
        const auto decode = [](QStringView part) {
            QString s = part.toString();
            s.replace(u'+', u' ');
            return QUrl::fromPercentEncoding(s.toUtf8());
        };
        const QString key = decode(eq < 0 ? field : field.left(eq));
        const QString value = eq < 0 ? QString() : decode(field.mid(eq + 1));
        const QString json = prettyJson(value);
        lines << (json.isNull() ? key + u" = "_s + value : key + u" =\n"_s + json);
    }
    return lines.join(u'\n');
}

QString durationText(qint64 ms)
{
    return ms < 10'000 ? QString::number(ms) + u" ms"_s : QString::number(double(ms) / 1000.0, 'f', 1) + u" s"_s;
}

QString statusText(int status)
{
    const QString phrase = httpReasonPhrase(status);
    return phrase.isEmpty() ? QString::number(status) : QString::number(status) + u' ' + phrase;
}

} // namespace

QString prettyBody(const QString &body)
{
    const QString clean = redactSecrets(body);
    if (const QString json = prettyJson(clean); !json.isNull())
        return json;
    if (looksLikeForm(clean))
        return prettyForm(clean);
    return clean;
}

QString headersText(const QList<Header> &headers)
{
    QString out;
    for (const auto &[name, value] : headers) {
        out += name + u": "_s + (isSecretHeader(name) ? QString(Redacted) : redactSecrets(value)) + u'\n';
    }
    if (out.endsWith(u'\n'))
        out.chop(1);
    return out;
}

QString httpReasonPhrase(int status)
{
    switch (status) {
    case 200: return u"OK"_s;
    case 201: return u"Created"_s;
    case 204: return u"No Content"_s;
    case 301: return u"Moved Permanently"_s;
    case 302: return u"Found"_s;
    case 304: return u"Not Modified"_s;
    case 307: return u"Temporary Redirect"_s;
    case 308: return u"Permanent Redirect"_s;
    case 400: return u"Bad Request"_s;
    case 401: return u"Unauthorized"_s;
    case 403: return u"Forbidden"_s;
    case 404: return u"Not Found"_s;
    case 405: return u"Method Not Allowed"_s;
    case 408: return u"Request Timeout"_s;
    case 413: return u"Payload Too Large"_s;
    case 429: return u"Too Many Requests"_s;
    case 500: return u"Internal Server Error"_s;
    case 502: return u"Bad Gateway"_s;
    case 503: return u"Service Unavailable"_s;
    case 504: return u"Gateway Timeout"_s;
    default: return {};
    }
}

QList<std::pair<QString, QString>> entryFacts(const LogEntry &e, const LogEntry *pair)
{
    QList<std::pair<QString, QString>> facts;
    const auto add = [&facts](const QString &label, const QString &value) {
        if (!value.isEmpty())
            facts.append({label, redactSecrets(value)});
    };
    const QDateTime utc = e.timestamp.toUTC();
    add(u"Time"_s, utc.toString(Qt::ISODateWithMs) + u"  ("_s
            + e.timestamp.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s) + u" local)"_s);
    add(u"Direction"_s, directionName(e.direction) + u", "_s + levelName(e.level));
    add(u"Profile"_s, e.profile);
    add(u"Message"_s, e.message);
    const QString url = !e.url.isEmpty() ? e.url : (pair ? pair->url : QString());
    const QString method = !e.method.isEmpty() ? e.method : (pair ? pair->method : QString());
    if (!url.isEmpty())
        add(u"Request"_s, method.isEmpty() ? url : method + u' ' + url);
    if (e.httpStatus > 0)
        add(u"HTTP status"_s, statusText(e.httpStatus));
    else if (e.direction == Direction::Incoming)
        add(u"HTTP status"_s, u"none: no answer"_s);
    else if (pair && pair->httpStatus > 0)
        add(u"Answer"_s, statusText(pair->httpStatus));
    if (e.eventCount > 0)
        add(u"Events"_s, QString::number(e.eventCount));
    if (e.durationMs >= 0)
        add(u"Duration"_s, durationText(e.durationMs));
    else if (pair && pair->durationMs >= 0)
        add(u"Duration"_s, durationText(pair->durationMs) + u" (request to answer)"_s);
    if (e.attempt > 0)
        add(u"Attempt"_s, e.attempt == 1 ? u"1 (first try)"_s : QString::number(e.attempt) + u" (retry "_s + QString::number(e.attempt - 1) + u')');
    if (e.sendId != 0)
        add(u"Send"_s, u'#' + QString::number(e.sendId));
    add(u"fbtrace_id"_s, !e.fbtraceId.isEmpty() ? e.fbtraceId : (pair ? pair->fbtraceId : QString()));
    add(u"Error"_s, e.error);
    if (e.truncated)
        add(u"Note"_s, u"a body was longer than the log keeps and was cut"_s);
    add(u"Log id"_s, QString::number(e.id));
    return facts;
}

} // namespace capiqa::log
