#pragma once

#include "retrypolicy.h"

#include <QtCore/QString>
#include <QtCore/QUrl>

namespace capiqa::transport {

/// Where and how one send goes. Passed per send so that the console can switch between the
/// local emulator and real pixels freely; settings::Profile converts to it.
struct SendOptions {
    static constexpr int MaxEventsPerRequestLimit = 1'000; ///< Graph rejects larger requests
    static constexpr int DefaultTimeoutMs = 1'500;          ///< Meta's recommendation

    QUrl baseUrl = QUrl(QStringLiteral("https://graph.facebook.com"));
    QString apiVersion = QStringLiteral("v24.0");
    QString pixelId;
    QString accessToken;    ///< sent only in the query string, never in the body or a log
    QString appSecret;      ///< when set, appsecret_proof = HMAC-SHA256(appSecret, accessToken)
    QString testEventCode;  ///< required unless `production`
    bool production = false; ///< true: real events, test_event_code is left out of the body
    int timeoutMs = DefaultTimeoutMs; ///< per attempt, from request start to the last byte
    RetryPolicy retry;
    int maxEventsPerRequest = MaxEventsPerRequestLimit; ///< clamped to 1…1,000
    QString profileName;    ///< shown in log entries

    /// `{base}/{version}/{pixel}/events` without any query.
    QUrl endpointUrl() const
    {
        QUrl url = baseUrl;
        QString path = url.path();
        while (path.endsWith(u'/'))
            path.chop(1);
        url.setPath(path + u'/' + apiVersion + u'/' + pixelId + QStringLiteral("/events"));
        url.setQuery(QString());
        url.setFragment(QString());
        return url;
    }
};

} // namespace capiqa::transport
