#include "requestplan.h"

#include "io/compactjson.h"
#include "pii/sha256.h"

#include <QtCore/QJsonArray>
#include <QtCore/QRegularExpression>
#include <QtNetwork/QHostAddress>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace capiqa::transport {

namespace {

bool isLoopbackHost(const QString &host)
{
    if (host.compare(u"localhost"_s, Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

QString checkOptions(const SendOptions &o)
{
    if (o.accessToken.trimmed().isEmpty())
        return u"No access token. Paste the token from Events Manager → your pixel → Settings → "
               "Conversions API into the profile."_s;
    if (o.accessToken.trimmed() != o.accessToken || o.accessToken.contains(u' '))
        return u"The access token contains spaces; paste it again without spaces or line breaks."_s;
    if (o.pixelId.isEmpty())
        return u"No pixel id. Set the pixel (dataset) id in the profile."_s;
    static const QRegularExpression digits(u"^[0-9]+$"_s);
    if (!digits.match(o.pixelId).hasMatch())
        return u"The pixel id must be digits only (found \""_s + o.pixelId + u"\")."_s;
    static const QRegularExpression version(u"^v[0-9]+(\\.[0-9]+)?$"_s);
    if (!version.match(o.apiVersion).hasMatch())
        return u"The API version must look like v24.0 (found \""_s + o.apiVersion + u"\")."_s;
    const QUrl &base = o.baseUrl;
    if (!base.isValid() || base.host().isEmpty())
        return u"The base URL is not a valid http(s) URL."_s;
    const QString scheme = base.scheme().toLower();
    if (scheme != u"https"_s && scheme != u"http"_s)
        return u"The base URL must start with https:// (found "_s + scheme + u"://)."_s;
    // The token is part of the URL: over plain HTTP anyone on the path could read it.
    if (scheme == u"http"_s && !isLoopbackHost(base.host()))
        return u"The base URL uses plain http:// to another machine, which would expose the access "
               "token. Use https://, or http:// only for a local emulator on 127.0.0.1."_s;
    if (!o.production && o.testEventCode.trimmed().isEmpty())
        return u"No test event code. Copy it from Events Manager → Test Events into the profile, or "
               "mark the profile as production to send real events."_s;
    return {};
}

} // namespace

SendPlan planSend(const QJsonObject &givenBody, const SendOptions &options)
{
    SendPlan plan;
    plan.refusal = checkOptions(options);
    if (plan.isRefused())
        return plan;

    QJsonObject body = givenBody;
    if (body.contains("access_token"_L1)) {
        body.remove("access_token"_L1);
        plan.warnings << u"Removed access_token from the body: the token is sent only in the URL "
                         "(a known fault of the Node SDK is to put it in both)."_s;
    }
    if (options.production) {
        if (body.contains("test_event_code"_L1)) {
            body.remove("test_event_code"_L1);
            plan.warnings << u"Removed test_event_code from the body: this is a production send."_s;
        }
    } else {
        const QJsonValue existing = body.value("test_event_code"_L1);
        if (existing.isString() && !existing.toString().isEmpty() && existing.toString() != options.testEventCode)
            plan.warnings << u"Replaced the body's test_event_code \""_s + existing.toString()
                    + u"\" with the profile's \""_s + options.testEventCode + u"\"."_s;
        body.insert("test_event_code"_L1, options.testEventCode);
    }

    const QJsonValue data = body.value("data"_L1);
    if (!data.isArray()) {
        plan.refusal = u"The body has no \"data\" array of events."_s;
        return plan;
    }
    const QJsonArray events = data.toArray();
    plan.eventCount = int(events.size());
    if (events.isEmpty()) {
        plan.refusal = u"The body's \"data\" array is empty: there is no event to send."_s;
        return plan;
    }

    const int perRequest = std::clamp(options.maxEventsPerRequest, 1, SendOptions::MaxEventsPerRequestLimit);
    if (plan.eventCount <= perRequest) {
        plan.requests.append({io::compactJson(body), 0, plan.eventCount});
        return plan;
    }
    for (int first = 0; first < plan.eventCount; first += perRequest) {
        const int count = std::min(perRequest, plan.eventCount - first);
        QJsonArray slice;
        for (int i = first; i < first + count; ++i)
            slice.append(events.at(i));
        QJsonObject chunk = body;
        chunk.insert("data"_L1, slice);
        plan.requests.append({io::compactJson(chunk), first, count});
    }
    plan.warnings << u"Split "_s + QString::number(plan.eventCount) + u" events into "_s
            + QString::number(plan.requests.size()) + u" requests of at most "_s + QString::number(perRequest)
            + u" (Graph accepts 1,000 events per request)."_s;
    return plan;
}

QByteArray appSecretProof(const QString &appSecret, const QString &accessToken)
{
    return pii::Sha256::hmacHex(appSecret.toUtf8(), accessToken.toUtf8());
}

QUrl authorizedUrl(const SendOptions &options)
{
    QUrl url = options.endpointUrl();
    // Fully percent-encode the token: a '+' or '&' in it must not change its meaning.
    QByteArray query = "access_token=" + QUrl::toPercentEncoding(options.accessToken);
    if (!options.appSecret.isEmpty())
        query += "&appsecret_proof=" + appSecretProof(options.appSecret, options.accessToken);
    url.setQuery(QString::fromLatin1(query), QUrl::StrictMode);
    return url;
}

} // namespace capiqa::transport
