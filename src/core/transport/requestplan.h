#pragma once

#include "sendoptions.h"

#include <QtCore/QByteArray>
#include <QtCore/QJsonObject>
#include <QtCore/QList>
#include <QtCore/QStringList>
#include <QtCore/QUrl>

namespace capiqa::transport {

/// One HTTP request of a send, ready to go.
struct PlannedRequest {
    QByteArray body; ///< compact JSON, exactly what goes on the wire
    int firstEvent = 0;
    int eventCount = 0;
};

/// What a send will do, decided before any network traffic: pure, so tests and the composer's
/// preview can call it directly.
struct SendPlan {
    QString refusal;      ///< non-empty: nothing may be sent, this says why and what to do
    QStringList warnings; ///< changes made to the body
    QList<PlannedRequest> requests;
    int eventCount = 0;
    bool isRefused() const { return !refusal.isEmpty(); }
};

/// Checks `options`, removes any `access_token` key from `body` (the token only ever travels in
/// the query string), sets `test_event_code` from the options (or removes it for a production
/// send) and splits `data` into requests of at most maxEventsPerRequest events, in order. Every
/// request carries the body's other top-level fields unchanged.
SendPlan planSend(const QJsonObject &body, const SendOptions &options);

/// `endpointUrl()` with `access_token` and, with an app secret, `appsecret_proof` in the query.
/// Holds the secret: never log it (use log::redactedUrl()).
QUrl authorizedUrl(const SendOptions &options);

/// Lowercase hex HMAC-SHA256(appSecret, accessToken), as Graph expects it.
QByteArray appSecretProof(const QString &appSecret, const QString &accessToken);

} // namespace capiqa::transport
