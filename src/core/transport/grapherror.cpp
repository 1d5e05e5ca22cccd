#include "grapherror.h"

#include <QtCore/QJsonDocument>
#include <QtCore/QJsonValue>

using namespace Qt::StringLiterals;

namespace capiqa::transport {

namespace {

// Graph sends codes as numbers; proxies and hand-written mocks sometimes send strings.
int intField(const QJsonObject &o, QLatin1StringView key)
{
    const QJsonValue v = o.value(key);
    if (v.isDouble())
        return v.toInt();
    if (v.isString())
        return v.toString().toInt();
    return 0;
}

bool boolField(const QJsonObject &o, QLatin1StringView key)
{
    const QJsonValue v = o.value(key);
    if (v.isBool())
        return v.toBool();
    if (v.isString())
        return v.toString().compare(u"true"_s, Qt::CaseInsensitive) == 0;
    if (v.isDouble())
        return v.toInt() != 0;
    return false;
}

QString explanationForCode(int code, int subcode)
{
    switch (code) {
    case 1:
        return u"Meta reported an unknown error on its side. Nothing in your request is known to be "
               "wrong: try again in a few seconds (capiqa retries it when Meta marks it transient). "
               "If it keeps happening, save the fbtrace_id and report it to Meta."_s;
    case 2:
        return u"Meta's service is temporarily unavailable. Wait and send again; the events are not "
               "stored until a send succeeds."_s;
    case 4:
        return u"Too many calls from this app (application rate limit). Slow down: send fewer, larger "
               "batches (up to 1,000 events per request) and wait before retrying."_s;
    case 17:
        return u"Too many calls for this user or token (user rate limit). Wait a while before sending "
               "again and batch events instead of sending one request per event."_s;
    case 32:
        return u"Too many calls for this page (page rate limit). Wait before sending again and batch "
               "events."_s;
    case 613:
        return u"Too many calls within the last hour (rate limit). Wait, then send in larger batches "
               "or lower capiqa's events-per-second limit."_s;
    case 80004:
        return u"Too many calls to this ad account (ads rate limit). Wait before sending again; "
               "spread large replays over time with the events-per-second limit."_s;
    case 100:
        if (subcode == 33)
            return u"The pixel id does not exist, or the access token cannot see it. Check the pixel "
                   "id in the profile (Events Manager → Data sources) and create the token from that "
                   "pixel's Settings → Conversions API."_s;
        return u"An invalid parameter: Meta rejected something in the request, and one invalid event "
               "fails the whole request. Read Meta's message below, fix that field (event_time within "
               "7 days and in seconds, action_source, a required user_data field, currency with "
               "value), and send again. Retrying unchanged will not help."_s;
    case 190:
        if (subcode == 463)
            return u"The access token has expired. Generate a new one in Events Manager → your pixel → "
                   "Settings → Conversions API → Generate access token, and paste it into the profile."_s;
        return u"The access token is invalid, expired or revoked. Generate a new one in Events Manager "
               "→ your pixel → Settings → Conversions API → Generate access token, and paste it into "
               "the profile (whole, without spaces)."_s;
    case 200:
        return u"Permission denied: this token may not send events to this pixel. Use a token "
               "generated from this pixel's settings, or give the system user that owns the token "
               "access to the pixel in Business Settings."_s;
    case 10:
        return u"The app lacks a permission this call needs. Use a token generated in Events Manager "
               "for this pixel, or make sure the app and system user have the required access."_s;
    default:
        break;
    }
    return {};
}

} // namespace

bool GraphError::isRateLimit() const
{
    return code == 4 || code == 17 || code == 32 || code == 613 || code == 80004;
}

QString GraphError::plainExplanation() const
{
    QString text = explanationForCode(code, errorSubcode);
    if (text.isEmpty()) {
        text = isTransient ? u"Meta reported a temporary problem; sending again later should work."_s
                           : u"Meta rejected the request (error code "_s + QString::number(code)
                + u"). Read Meta's message below; retrying unchanged will most likely fail again."_s;
    }
    const QString said = !errorUserMsg.isEmpty() ? errorUserMsg : message;
    if (!said.isEmpty()) {
        text += u"\nMeta says: "_s;
        if (!errorUserTitle.isEmpty() && !errorUserMsg.isEmpty())
            text += errorUserTitle + u": "_s;
        text += said;
    }
    return text;
}

QString GraphError::summary() const
{
    QString text = message.isEmpty() ? u"Graph API error"_s : message;
    text += u" [code "_s + QString::number(code);
    if (errorSubcode != 0)
        text += u", subcode "_s + QString::number(errorSubcode);
    if (isTransient)
        text += u", transient"_s;
    return text + u']';
}

std::optional<GraphError> GraphError::fromResponse(const QJsonObject &response)
{
    const QJsonValue v = response.value("error"_L1);
    if (!v.isObject())
        return std::nullopt;
    const QJsonObject o = v.toObject();
    GraphError e;
    e.message = o.value("message"_L1).toString();
    e.type = o.value("type"_L1).toString();
    e.code = intField(o, "code"_L1);
    e.errorSubcode = intField(o, "error_subcode"_L1);
    e.errorUserTitle = o.value("error_user_title"_L1).toString();
    e.errorUserMsg = o.value("error_user_msg"_L1).toString();
    e.isTransient = boolField(o, "is_transient"_L1);
    e.fbtraceId = o.value("fbtrace_id"_L1).toString();
    return e;
}

std::optional<GraphError> GraphError::fromResponse(const QByteArray &responseBody)
{
    const QJsonDocument doc = QJsonDocument::fromJson(responseBody);
    if (!doc.isObject())
        return std::nullopt;
    return fromResponse(doc.object());
}

} // namespace capiqa::transport
