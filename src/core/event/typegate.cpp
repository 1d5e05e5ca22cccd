#include "typegate.h"

#include "jsonfields.h"
#include "userdata.h"

#include "pii/pii.h"

#include <QtCore/QJsonArray>

#include <span>

using namespace Qt::StringLiterals;

namespace capiqa::event::detail {

namespace {

/// What the model's ObjectReader call for a key accepts.
enum class Want : quint8 { String, Whole, Number, Bool, StringList, UserData, CustomData, Contents, OriginalEvent, Unsure };

struct Member
{
    QLatin1StringView key;
    Want want;
};

// The keys each fromJson() reads, with the reader it uses (serverevent.cpp, customdata.cpp).
constexpr Member EventMembers[] = {
    {"event_name"_L1, Want::String},
    {"event_time"_L1, Want::Whole},
    {"action_source"_L1, Want::String},
    {"event_id"_L1, Want::String},
    {"event_source_url"_L1, Want::String},
    {"referrer_url"_L1, Want::String},
    {"opt_out"_L1, Want::Bool},
    {"data_processing_options"_L1, Want::StringList},
    {"data_processing_options_country"_L1, Want::Whole},
    {"data_processing_options_state"_L1, Want::Whole},
    {"messaging_channel"_L1, Want::String},
    {"user_data"_L1, Want::UserData},
    {"custom_data"_L1, Want::CustomData},
    {"app_data"_L1, Want::Unsure},
    {"original_event_data"_L1, Want::OriginalEvent},
};
constexpr Member CustomDataMembers[] = {
    {"value"_L1, Want::Number},           {"currency"_L1, Want::String},
    {"content_name"_L1, Want::String},    {"content_category"_L1, Want::String},
    {"content_ids"_L1, Want::StringList}, {"contents"_L1, Want::Contents},
    {"content_type"_L1, Want::String},    {"order_id"_L1, Want::String},
    {"num_items"_L1, Want::Whole},        {"predicted_ltv"_L1, Want::Number},
    {"net_revenue"_L1, Want::Number},     {"search_string"_L1, Want::String},
    {"status"_L1, Want::String},          {"delivery_category"_L1, Want::String},
};
constexpr Member ContentMembers[] = {
    {"id"_L1, Want::String},
    {"quantity"_L1, Want::Whole},
    {"item_price"_L1, Want::Number},
    {"delivery_category"_L1, Want::String},
};
constexpr Member OriginalEventMembers[] = {
    {"event_name"_L1, Want::String},
    {"event_time"_L1, Want::Whole},
};

bool objectReads(const QJsonObject &object, std::span<const Member> members);

bool isStringList(const QJsonValue &v)
{
    if (!v.isArray())
        return false;
    const QJsonArray array = v.toArray();
    for (const QJsonValueConstRef item : array) {
        if (!item.isString())
            return false;
    }
    return true;
}

bool userDataReads(const QJsonObject &userData)
{
    for (auto it = userData.constBegin(); it != userData.constEnd(); ++it) {
        const QJsonValue v = it.value();
        if (v.isNull() || v.isString())
            continue; // text is right for every key: hashed, never hashed and unknown
        const QString key = it.key();
        if (pii::fieldFromKey(QStringView(key))) {
            if (!v.isString() && !isStringList(v))
                return false;
        } else if (isUnhashedUserDataKey(key)) {
            if (!v.isString() && !wholeNumber(v))
                return false;
        }
    }
    return true;
}

bool valueReads(const QJsonValue &v, Want want)
{
    switch (want) {
    case Want::String: return v.isString();
    case Want::Whole: return wholeNumber(v).has_value();
    case Want::Number: return v.isDouble();
    case Want::Bool: return v.isBool();
    case Want::StringList: return isStringList(v);
    case Want::UserData: return v.isObject() && userDataReads(v.toObject());
    case Want::CustomData: return v.isObject() && objectReads(v.toObject(), CustomDataMembers);
    case Want::OriginalEvent: return v.isObject() && objectReads(v.toObject(), OriginalEventMembers);
    case Want::Contents: {
        if (!v.isArray())
            return false;
        const QJsonArray array = v.toArray();
        for (const QJsonValueConstRef item : array) {
            if (!item.isObject() || !objectReads(item.toObject(), ContentMembers))
                return false;
        }
        return true;
    }
    case Want::Unsure: break;
    }
    return false;
}

bool objectReads(const QJsonObject &object, std::span<const Member> members)
{
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        const QJsonValue v = it.value();
        if (v.isNull())
            continue; // unset, for every reader
        const QString key = it.key();
        const auto known = std::find_if(members.begin(), members.end(), [&key](const Member &candidate) { return candidate.key == key; });
        if (known != members.end() && !valueReads(v, known->want))
            return false;
        // Members the model does not read become extras: any type.
    }
    return true;
}

} // namespace

bool readsAsServerEvent(const QJsonObject &event)
{
    return objectReads(event, EventMembers);
}

} // namespace capiqa::event::detail
