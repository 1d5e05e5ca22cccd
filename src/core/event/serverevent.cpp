#include "serverevent.h"

#include "jsonfields.h"

using namespace Qt::StringLiterals;

namespace capiqa::event {

namespace {

/// Reads a nested object member through its own fromJson(), carrying the path down.
template<typename T>
std::optional<T> nested(detail::ObjectReader &r, QLatin1StringView key)
{
    const auto json = r.object(key);
    if (!json)
        return std::nullopt;
    QString error;
    auto value = T::fromJson(*json, &error, r.pathOf(key));
    if (!value)
        r.fail({}, error);
    return value;
}

} // namespace

std::optional<OriginalEventData> OriginalEventData::fromJson(const QJsonObject &json, QString *error,
                                                             QStringView path)
{
    detail::ObjectReader r(json, path);
    OriginalEventData d;
    d.eventName = r.string("event_name"_L1);
    d.eventTime = r.integer("event_time"_L1);
    if (!r.ok()) {
        detail::report(error, r.error());
        return std::nullopt;
    }
    d.extra = r.extra();
    return d;
}

QJsonObject OriginalEventData::toJson() const
{
    QJsonObject out = extra;
    detail::put(out, "event_name"_L1, eventName);
    detail::put(out, "event_time"_L1, eventTime);
    return out;
}

std::optional<ServerEvent> ServerEvent::fromJson(const QJsonObject &json, QString *error, QStringView path)
{
    detail::ObjectReader r(json, path);
    ServerEvent e;
    e.eventName = r.string("event_name"_L1);
    e.eventTime = r.integer("event_time"_L1);
    e.actionSource = r.string("action_source"_L1);
    e.eventId = r.string("event_id"_L1);
    e.eventSourceUrl = r.string("event_source_url"_L1);
    e.referrerUrl = r.string("referrer_url"_L1);
    e.optOut = r.boolean("opt_out"_L1);
    e.dataProcessingOptions = r.stringList("data_processing_options"_L1);
    e.dataProcessingOptionsCountry = r.integer("data_processing_options_country"_L1);
    e.dataProcessingOptionsState = r.integer("data_processing_options_state"_L1);
    e.messagingChannel = r.string("messaging_channel"_L1);
    e.userData = nested<UserData>(r, "user_data"_L1);
    e.customData = nested<CustomData>(r, "custom_data"_L1);
    e.appData = nested<AppData>(r, "app_data"_L1);
    e.originalEventData = nested<OriginalEventData>(r, "original_event_data"_L1);
    if (!r.ok()) {
        detail::report(error, r.error());
        return std::nullopt;
    }
    e.extra = r.extra();
    return e;
}

QJsonObject ServerEvent::toJson() const
{
    using detail::put;
    QJsonObject out = extra;
    put(out, "event_name"_L1, eventName);
    put(out, "event_time"_L1, eventTime);
    put(out, "action_source"_L1, actionSource);
    put(out, "event_id"_L1, eventId);
    put(out, "event_source_url"_L1, eventSourceUrl);
    put(out, "referrer_url"_L1, referrerUrl);
    put(out, "opt_out"_L1, optOut);
    put(out, "data_processing_options"_L1, dataProcessingOptions);
    put(out, "data_processing_options_country"_L1, dataProcessingOptionsCountry);
    put(out, "data_processing_options_state"_L1, dataProcessingOptionsState);
    put(out, "messaging_channel"_L1, messagingChannel);
    if (userData)
        out.insert("user_data"_L1, userData->toJson());
    if (customData)
        out.insert("custom_data"_L1, customData->toJson());
    if (appData)
        out.insert("app_data"_L1, appData->toJson());
    if (originalEventData)
        out.insert("original_event_data"_L1, originalEventData->toJson());
    return out;
}

} // namespace capiqa::event
