#include "customdata.h"

#include "jsonfields.h"

using namespace Qt::StringLiterals;

namespace capiqa::event {

std::optional<Content> Content::fromJson(const QJsonObject &json, QString *error, QStringView path)
{
    detail::ObjectReader r(json, path);
    Content c;
    c.id = r.string("id"_L1);
    c.quantity = r.integer("quantity"_L1);
    c.itemPrice = r.number("item_price"_L1);
    c.deliveryCategory = r.string("delivery_category"_L1);
    if (!r.ok()) {
        detail::report(error, r.error());
        return std::nullopt;
    }
    c.extra = r.extra();
    return c;
}

QJsonObject Content::toJson() const
{
    QJsonObject out = extra;
    detail::put(out, "id"_L1, id);
    detail::put(out, "quantity"_L1, quantity);
    detail::put(out, "item_price"_L1, itemPrice);
    detail::put(out, "delivery_category"_L1, deliveryCategory);
    return out;
}

std::optional<CustomData> CustomData::fromJson(const QJsonObject &json, QString *error, QStringView path)
{
    detail::ObjectReader r(json, path);
    CustomData d;
    d.value = r.number("value"_L1);
    d.currency = r.string("currency"_L1);
    d.contentName = r.string("content_name"_L1);
    d.contentCategory = r.string("content_category"_L1);
    d.contentIds = r.stringList("content_ids"_L1);
    if (const auto contents = r.array("contents"_L1)) {
        QList<Content> list;
        list.reserve(contents->size());
        for (qsizetype i = 0; i < contents->size() && r.ok(); ++i) {
            const QString itemPath = detail::indexPath(r.pathOf("contents"_L1), i);
            const QJsonValue item = contents->at(i);
            if (!item.isObject()) {
                r.fail(itemPath, u"expected an object, got %1"_s.arg(detail::describe(item)));
                break;
            }
            QString itemError;
            const auto content = Content::fromJson(item.toObject(), &itemError, itemPath);
            if (!content) {
                r.fail({}, itemError);
                break;
            }
            list.append(*content);
        }
        d.contents = list;
    }
    d.contentType = r.string("content_type"_L1);
    d.orderId = r.string("order_id"_L1);
    d.numItems = r.integer("num_items"_L1);
    d.predictedLtv = r.number("predicted_ltv"_L1);
    d.netRevenue = r.number("net_revenue"_L1);
    d.searchString = r.string("search_string"_L1);
    d.status = r.string("status"_L1);
    d.deliveryCategory = r.string("delivery_category"_L1);
    if (!r.ok()) {
        detail::report(error, r.error());
        return std::nullopt;
    }
    d.extra = r.extra();
    return d;
}

QJsonObject CustomData::toJson() const
{
    using detail::put;
    QJsonObject out = extra;
    put(out, "value"_L1, value);
    put(out, "currency"_L1, currency);
    put(out, "content_name"_L1, contentName);
    put(out, "content_category"_L1, contentCategory);
    put(out, "content_ids"_L1, contentIds);
    if (contents) {
        QJsonArray array;
        for (const Content &c : *contents)
            array.append(c.toJson());
        out.insert("contents"_L1, array);
    }
    put(out, "content_type"_L1, contentType);
    put(out, "order_id"_L1, orderId);
    put(out, "num_items"_L1, numItems);
    put(out, "predicted_ltv"_L1, predictedLtv);
    put(out, "net_revenue"_L1, netRevenue);
    put(out, "search_string"_L1, searchString);
    put(out, "status"_L1, status);
    put(out, "delivery_category"_L1, deliveryCategory);
    return out;
}

} // namespace capiqa::event
