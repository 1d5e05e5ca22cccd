#pragma once

#include "appdata.h"
#include "customdata.h"
#include "userdata.h"

#include <QtCore/QJsonObject>
#include <QtCore/QString>
#include <QtCore/QStringList>

#include <optional>

namespace capiqa::event {

/// original_event_data: the event a later one (e.g. a refund) refers to.
struct OriginalEventData {
    std::optional<QString> eventName;
    std::optional<qint64> eventTime;
    QJsonObject extra;

    static std::optional<OriginalEventData> fromJson(const QJsonObject &json, QString *error = nullptr,
                                                     QStringView path = u"original_event_data");
    QJsonObject toJson() const;

    friend bool operator==(const OriginalEventData &, const OriginalEventData &) = default;
};

/// One Conversions API server event, as in `data[]`. The model checks JSON types only (so a
/// faulty event can still be loaded and shown); whether the event is acceptable to Meta
/// (required fields, 7-day window, …) is the validator's job. Unset fields are left out of
/// toJson(); unknown fields live in `extra` and come back unchanged.
struct ServerEvent {
    std::optional<QString> eventName;
    std::optional<qint64> eventTime; ///< Unix seconds, kept as a whole number
    std::optional<QString> actionSource;
    std::optional<QString> eventId;
    std::optional<QString> eventSourceUrl;
    std::optional<QString> referrerUrl;
    std::optional<bool> optOut;
    std::optional<QStringList> dataProcessingOptions; ///< [] is meaningful ("not LDU"), so kept
    std::optional<qint64> dataProcessingOptionsCountry;
    std::optional<qint64> dataProcessingOptionsState;
    std::optional<QString> messagingChannel;
    std::optional<UserData> userData;
    std::optional<CustomData> customData;
    std::optional<AppData> appData;
    std::optional<OriginalEventData> originalEventData;
    QJsonObject extra;

    /// Errors name the JSON path, prefixed with `path` (EventRequest passes "data[3]").
    static std::optional<ServerEvent> fromJson(const QJsonObject &json, QString *error = nullptr,
                                               QStringView path = {});
    QJsonObject toJson() const;

    friend bool operator==(const ServerEvent &, const ServerEvent &) = default;
};

} // namespace capiqa::event
