#pragma once

#include <QtCore/QJsonObject>

/// Internal to src/core/event: a fast answer to "would ServerEvent::fromJson() accept this
/// event?" for RequestBuilder, which asks it for every event it sends. Building the whole model
/// only to throw it away cost more than normalising and hashing the event's PII.
namespace capiqa::event::detail {

/// True only when ServerEvent::fromJson(event) succeeds: every member the model reads has the
/// JSON type it reads (null counts as unset, unknown members are accepted as extras). False
/// means "not sure": call fromJson() to find out, and to get its error text. app_data is always
/// left to fromJson().
bool readsAsServerEvent(const QJsonObject &event);

} // namespace capiqa::event::detail
