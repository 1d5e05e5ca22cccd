#include "curlcommand.h"

#include "requestplan.h"

#include <QtCore/QJsonDocument>

using namespace Qt::StringLiterals;

namespace capiqa::transport {

namespace {

QString shellQuoted(const QString &text)
{
    QString out = text;
    out.replace(u'\'', u"'\\''"_s);
    return u'\'' + out + u'\'';
}

} // namespace

QString curlCommand(const QJsonObject &body, const SendOptions &options)
{
    // planSend applies the test code / production rule and drops a stray access_token, exactly
    // as a real send would; a refused plan (no pixel, …) still yields the body as given.
    SendOptions noSecrets = options;
    noSecrets.accessToken = u"x"_s; // planSend refuses an empty token; the value is never used
    noSecrets.appSecret.clear();
    noSecrets.maxEventsPerRequest = SendOptions::MaxEventsPerRequestLimit;
    const SendPlan plan = planSend(body, noSecrets);
    QByteArray json;
    if (!plan.isRefused() && plan.requests.size() == 1)
        json = plan.requests.constFirst().body;
    else
        json = QJsonDocument(body).toJson(QJsonDocument::Compact);

    QString url = options.endpointUrl().toString(QUrl::FullyEncoded) + u"?access_token=$CAPIQA_ACCESS_TOKEN"_s;
    if (!options.appSecret.isEmpty())
        url += u"&appsecret_proof=$CAPIQA_APPSECRET_PROOF"_s;
    return u"curl -sS -X POST \"%1\" \\\n  -H 'Content-Type: application/json' \\\n  --data-binary %2"_s.arg(
        url, shellQuoted(QString::fromUtf8(json)));
}

} // namespace capiqa::transport
