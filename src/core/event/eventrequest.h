#pragma once

#include "serverevent.h"

#include <QtCore/QJsonObject>
#include <QtCore/QList>
#include <QtCore/QString>

#include <optional>

namespace capiqa::event {

/// The body of POST /{pixel_id}/events: up to 1,000 events plus the optional top-level fields.
/// The access token is not part of it (it goes in the query string); a body that carries one,
/// as the Node SDK's does, keeps it in `extra` like any unknown field.
struct EventRequest {
    static constexpr qsizetype MaxEvents = 1000;

    QList<ServerEvent> data;
    std::optional<QString> testEventCode;
    std::optional<QString> partnerAgent;
    std::optional<QString> namespaceId;
    std::optional<QString> uploadId;
    std::optional<QString> uploadTag;
    std::optional<QString> uploadSource;
    QJsonObject extra;

    /// `data` must be present and an array; errors name the path ("data[2].event_time: …").
    static std::optional<EventRequest> fromJson(const QJsonObject &json, QString *error = nullptr);
    QJsonObject toJson() const;

    friend bool operator==(const EventRequest &, const EventRequest &) = default;
};

} // namespace capiqa::event
