// custom_data rules: value and currency (required on Purchase), the ISO 4217 check, and the
// numeric fields whose wrong type makes Meta drop the amount or reject the event.
#include "rules.h"

namespace capiqa::validate::detail {

using namespace Qt::StringLiterals;

namespace {

constexpr QLatin1StringView NumericFields[] = {"num_items"_L1, "predicted_ltv"_L1};

/// "9.99", "1,299.00 €": text a developer meant as a number.
bool looksNumeric(const QString &text)
{
    QString digits = text.trimmed();
    digits.remove(u',');
    bool ok = false;
    digits.toDouble(&ok);
    return ok;
}

void checkValue(const Members &cd, const Path &cdPath, bool purchase, Report &report)
{
    const Path path = childPath(cdPath, u"value");
    const QJsonValue v = cd.value("value"_L1);
    if (isAbsent(v)) {
        if (purchase) {
            report.add("purchase.value_missing"_L1, path,
                       u"This Purchase has no value, so Meta cannot report revenue or return on ad spend for it "
                       "and rejects it."_s,
                       u"Add the order total as a number, e.g. \"value\": 42.50, together with \"currency\": \"USD\"."_s);
        }
        return;
    }
    if (v.isDouble())
        return;
    const bool numericText = v.isString() && looksNumeric(v.toString());
    report.add("custom_data.value_type"_L1, path,
               numericText ? u"value is text (%1), not a number. Meta does not read it as an amount, so the "
                             "conversion's revenue is lost."_s.arg(preview(v))
                           : u"value is %1 (%2), not a number."_s.arg(typeName(v), preview(v)),
               numericText ? u"Send the number without quotes and without thousands separators or currency "
                             "symbols, e.g. \"value\": 9.99."_s
                           : u"Send the amount as a plain number with a dot for decimals, e.g. \"value\": 9.99."_s);
}

void checkCurrency(const Members &cd, const Path &cdPath, bool purchase, Report &report)
{
    const Path path = childPath(cdPath, u"currency");
    const QJsonValue v = cd.value("currency"_L1);
    if (isAbsent(v)) {
        if (purchase) {
            report.add("purchase.currency_missing"_L1, path,
                       u"This Purchase has no currency, so Meta cannot interpret its value and rejects it."_s,
                       u"Add the three-letter ISO 4217 code of the order's currency, e.g. \"currency\": \"USD\"."_s);
        } else if (cd.value("value"_L1).isDouble()) {
            report.add("custom_data.currency_missing"_L1, path,
                       u"This event has a value but no currency, so Meta cannot tell what the amount means and "
                       "may ignore it."_s,
                       u"Add the ISO 4217 currency code next to the value, e.g. \"currency\": \"EUR\"."_s);
        }
        return;
    }
    if (!v.isString()) {
        report.add("custom_data.currency_type"_L1, path,
                   u"currency is %1 (%2) but must be a three-letter code as text."_s.arg(typeName(v), preview(v)),
                   u"Send e.g. \"currency\": \"USD\"."_s);
        return;
    }
    const QString code = v.toString();
    // Meta's own examples use lowercase ("usd"), so case is not an error; spaces are.
    const QString upper = code.toUpper();
    if (isIso4217(upper))
        return;
    const QLatin1StringView replacement = iso4217Replacement(upper);
    QString why;
    if (!replacement.isEmpty())
        why = u"%1 was withdrawn and replaced by %2."_s.arg(upper, replacement);
    else if (isIso4217(upper.trimmed()))
        why = u"It has spaces around the code."_s;
    else if (code.size() != 3)
        why = u"Currency codes are exactly three letters (USD, EUR, INR), not symbols or names."_s;
    else
        why = u"There is no currency with this code."_s;
    report.add("custom_data.currency_invalid"_L1, path,
               u"currency %1 is not an ISO 4217 currency code. %2 Meta rejects the event."_s.arg(preview(v), why),
               replacement.isEmpty() ? u"Use the ISO 4217 code, e.g. USD, EUR, GBP, INR."_s
                                     : u"Use \"%1\"."_s.arg(replacement));
}

void checkContents(const Members &cd, const Path &cdPath, Report &report)
{
    const Path path = childPath(cdPath, u"contents");
    const QJsonValue v = cd.value("contents"_L1);
    if (isAbsent(v))
        return;
    if (!v.isArray()) {
        report.add("custom_data.contents_type"_L1, path, u"contents is %1 but must be a list of products."_s.arg(typeName(v)),
                   u"Send e.g. \"contents\": [{\"id\": \"SKU-1\", \"quantity\": 2, \"item_price\": 9.99}]."_s);
        return;
    }
    const QJsonArray list = v.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const Path entryPath = indexPath(path, i);
        const QJsonValue entry = list.at(i);
        if (!entry.isObject()) {
            report.add("custom_data.contents_entry_type"_L1, entryPath,
                       u"This contents entry is %1 (%2) but must be an object describing one product."_s.arg(
                           typeName(entry), preview(entry)),
                       u"Send {\"id\": \"SKU-1\", \"quantity\": 1, \"item_price\": 9.99}; plain id lists go in content_ids."_s);
            continue;
        }
        const QJsonObject product = entry.toObject();
        const QJsonValue id = product.value("id"_L1);
        if (isAbsent(id) || (id.isString() && id.toString().trimmed().isEmpty())) {
            report.add("custom_data.contents_id_missing"_L1, childPath(entryPath, u"id"),
                       u"This product has no id, so Meta cannot match it to your catalogue."_s,
                       u"Add \"id\" with the product id used in your catalogue (the same as in the Pixel)."_s);
        }
        const QJsonValue quantity = product.value("quantity"_L1);
        if (!isAbsent(quantity) && !quantity.isDouble()) {
            report.add("custom_data.contents_quantity_type"_L1, childPath(entryPath, u"quantity"),
                       u"quantity is %1 (%2), not a number."_s.arg(typeName(quantity), preview(quantity)),
                       u"Send the quantity as a whole number without quotes, e.g. \"quantity\": 2."_s);
        }
        const QJsonValue price = product.value("item_price"_L1);
        if (!isAbsent(price) && !price.isDouble()) {
            report.add("custom_data.contents_item_price_type"_L1, childPath(entryPath, u"item_price"),
                       u"item_price is %1 (%2), not a number."_s.arg(typeName(price), preview(price)),
                       u"Send the unit price as a number without quotes or currency symbol, e.g. \"item_price\": 9.99."_s);
        }
    }
}

void checkContentIds(const Members &cd, const Path &cdPath, Report &report)
{
    const Path path = childPath(cdPath, u"content_ids");
    const QJsonValue v = cd.value("content_ids"_L1);
    if (isAbsent(v))
        return;
    const QString fix = u"Send a list of product ids as text, e.g. \"content_ids\": [\"SKU-1\", \"SKU-2\"]."_s;
    if (!v.isArray()) {
        report.add("custom_data.content_ids_type"_L1, path,
                   u"content_ids is %1 (%2) but must be a list, even for one product."_s.arg(typeName(v), preview(v)), fix);
        return;
    }
    const QJsonArray ids = v.toArray();
    for (qsizetype i = 0; i < ids.size(); ++i) {
        const QJsonValue id = ids.at(i);
        if (id.isString() || id.isDouble())
            continue;
        report.add("custom_data.content_ids_type"_L1, indexPath(path, i),
                   u"This content id is %1, not a product id."_s.arg(typeName(id)), fix);
    }
}

} // namespace

void checkCustomData(const Members &event, const Path &eventPath, const QString &eventName, Report &report)
{
    const Path cdPath = childPath(eventPath, u"custom_data");
    const bool purchase = eventName == u"Purchase"_s;
    const QJsonValue v = event.value("custom_data"_L1);
    if (isAbsent(v)) {
        if (purchase) {
            // Report each missing field, so the fix names both.
            const Members none{QJsonObject()};
            checkValue(none, cdPath, true, report);
            checkCurrency(none, cdPath, true, report);
        }
        return;
    }
    if (!v.isObject()) {
        report.add("custom_data.type"_L1, cdPath, u"custom_data is %1 but must be an object."_s.arg(typeName(v)),
                   u"Send custom_data as {\"value\": 42.5, \"currency\": \"USD\", …}."_s);
        return;
    }
    const Members cd(v.toObject());
    checkValue(cd, cdPath, purchase, report);
    checkCurrency(cd, cdPath, purchase, report);
    checkContents(cd, cdPath, report);
    checkContentIds(cd, cdPath, report);
    for (QLatin1StringView field : NumericFields) {
        const QJsonValue n = cd.value(field);
        if (isAbsent(n) || n.isDouble())
            continue;
        report.add("custom_data.number_type"_L1, childPath(cdPath, field),
                   u"%1 is %2 (%3), not a number, so Meta ignores it."_s.arg(field, typeName(n), preview(n)),
                   u"Send %1 as a number without quotes."_s.arg(field));
    }
}

} // namespace capiqa::validate::detail
