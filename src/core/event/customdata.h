#pragma once

#include <QtCore/QJsonObject>
#include <QtCore/QList>
#include <QtCore/QString>
#include <QtCore/QStringList>

#include <optional>

namespace capiqa::event {

/// One entry of custom_data.contents. Numbers keep their values: a quantity or item_price of 0
/// is written back as 0 (the Node SDK drops them; that is RequestBuilder's node-sdk profile, not
/// the model's business).
struct Content {
    std::optional<QString> id;
    std::optional<qint64> quantity;
    std::optional<double> itemPrice;
    std::optional<QString> deliveryCategory;
    QJsonObject extra; ///< title, brand, … and anything else

    static std::optional<Content> fromJson(const QJsonObject &json, QString *error = nullptr,
                                           QStringView path = u"contents[0]");
    QJsonObject toJson() const;

    friend bool operator==(const Content &, const Content &) = default;
};

/// A server event's custom_data. `extra` holds the custom properties (any key Meta does not
/// define), with their JSON types untouched.
struct CustomData {
    std::optional<double> value;
    std::optional<QString> currency;
    std::optional<QString> contentName;
    std::optional<QString> contentCategory;
    std::optional<QStringList> contentIds;
    std::optional<QList<Content>> contents;
    std::optional<QString> contentType;
    std::optional<QString> orderId;
    std::optional<qint64> numItems;
    std::optional<double> predictedLtv;
    std::optional<double> netRevenue;
    std::optional<QString> searchString;
    std::optional<QString> status;
    std::optional<QString> deliveryCategory;
    QJsonObject extra;

    static std::optional<CustomData> fromJson(const QJsonObject &json, QString *error = nullptr,
                                              QStringView path = u"custom_data");
    QJsonObject toJson() const;

    friend bool operator==(const CustomData &, const CustomData &) = default;
};

} // namespace capiqa::event
