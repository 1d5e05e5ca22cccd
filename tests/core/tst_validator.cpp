// The request validator, rule by rule: every rule of the catalogue has a row that makes it fire
// (with the expected path and severity) and a near-miss row that must leave it quiet. Each row
// is a small patch applied to a clean website (or app) Purchase, so a row shows only what it
// changes. Plus: clean requests stay clean, the fixture files, and wrong types never crash.
#include "validate/validator.h"

#include <QtCore/QDateTime>
#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QSet>
#include <QtTest/QTest>

using namespace capiqa::validate;
using namespace Qt::StringLiterals;

namespace {

// 2026-01-01 01:00:00 UTC; the base event happened one hour earlier.
constexpr qint64 Now = 1767229200;

constexpr const char *WebsiteEvent = R"({
  "event_name": "Purchase", "event_time": 1767225600, "action_source": "website", "event_id": "order-42",
  "event_source_url": "https://shop.example.com/checkout/thank-you",
  "user_data": {
    "em": ["855f96e983f1f8e8be944692b6f719fd54329826cb62e98015efee8e2e071dd4"],
    "ph": ["e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176"],
    "external_id": ["8a3c5a67cad508582b5edf6b8352cea3ffbad7f44812c1a736b4444c0f5746aa"],
    "client_ip_address": "203.0.113.7",
    "client_user_agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
    "fbc": "fb.1.1767225000000.IwAR2F4-dbP0l7Mn1IawQQGCINEz7PYXQvwjNwB_qa2ofrHyiLjcbCRxTDMgk",
    "fbp": "fb.1.1767224000000.1073741823"
  },
  "custom_data": {"value": 42.5, "currency": "USD", "content_ids": ["SKU-1"], "num_items": 2,
                  "contents": [{"id": "SKU-1", "quantity": 2, "item_price": 21.25}]}
})";

// Entries 1..15 of a valid extinfo list (entry 0 is the platform).
#define EXTINFO_REST "\"com.example.app\",\"1.2\",\"1.2-45\",\"17.4\",\"iPhone15,2\",\"en_US\",\"PST\",\"AT&T\",\"1179\",\"2556\",\"3\",\"6\",\"128\",\"40\",\"America/Los_Angeles\""

// Applied to WebsiteEvent to make the app base event.
constexpr const char *AppPatch = R"({"action_source": "app", "event_source_url": "$delete",
  "user_data": {"client_user_agent": "MyApp/1.2 CFNetwork/1494 Darwin/23.4.0", "fbc": "$delete", "fbp": "$delete"},
  "app_data": {"advertiser_tracking_enabled": true, "application_tracking_enabled": true,
               "extinfo": ["i2", )" EXTINFO_REST R"(]}})";

/// One test row. `event` is a patch on the base event (a JSON array: one patch per event);
/// `request` a patch on the request ({"$copies": N} repeats the event N times); `body`, when
/// set, is sent as raw bytes instead. In patches "$delete" removes a key and {"$set": v}
/// replaces a value instead of merging into it.
struct Row
{
    const char *rule;
    char severity; ///< 'E', 'W', 'H'; '-' = the rule must not fire
    const char *path;
    const char *event = "{}";
    char base = 'w'; ///< 'w' website Purchase, 'a' app Purchase
    const char *request = nullptr;
    const char *body = nullptr;
};

const Row Rows[] = {
    // ---- request ----
    {"request.invalid_json", 'E', "", "{}", 'w', nullptr, R"({"data": [)"},
    {"request.invalid_json", '-', "", "{}", 'w', nullptr, R"({"data": []})"},
    {"request.not_object", 'E', "", "{}", 'w', nullptr, R"([{"event_name": "Purchase"}])"},
    {"request.not_object", '-', "", "{}", 'w', nullptr, R"({"data": []})"},
    {"request.data_missing", 'E', "", "{}", 'w', R"({"data": "$delete"})"},
    {"request.data_missing", '-', ""},
    {"request.data_type", 'E', "data", "{}", 'w', R"({"data": {"$set": {"event_name": "Purchase"}}})"},
    {"request.data_type", 'E', "data", "{}", 'w', R"({"data": null})"},
    {"request.data_type", '-', ""},
    {"request.data_empty", 'E', "data", "{}", 'w', R"({"data": []})"},
    {"request.data_empty", '-', ""},
    {"request.too_many_events", 'E', "data", "{}", 'w', R"({"$copies": 1001})"},
    {"request.too_many_events", '-', "", "{}", 'w', R"({"$copies": 1000})"},
    {"request.test_event_code_missing", 'W', "test_event_code", "{}", 'w', R"({"test_event_code": "$delete"})"},
    {"request.test_event_code_missing", 'W', "test_event_code", "{}", 'w', R"({"test_event_code": null})"},
    {"request.test_event_code_missing", '-', ""},
    {"request.test_event_code_type", 'E', "test_event_code", "{}", 'w', R"({"test_event_code": 12345})"},
    {"request.test_event_code_type", '-', ""},
    {"request.access_token_in_body", 'W', "access_token", "{}", 'w', R"({"access_token": "EAAB-secret"})"},
    {"request.access_token_in_body", '-', ""},

    // ---- event: required fields, names ----
    {"event.type", 'E', "data[0]", "{}", 'w', R"({"data": ["Purchase"]})"},
    {"event.type", '-', ""},
    {"event_name.missing", 'E', "data[0].event_name", R"({"event_name": "$delete"})"},
    {"event_name.missing", 'E', "data[0].event_name", R"({"event_name": "  "})"},
    {"event_name.missing", '-', ""},
    {"event_name.type", 'E', "data[0].event_name", R"({"event_name": 42})"},
    {"event_name.type", '-', ""},
    {"event_name.wrong_case", 'W', "data[0].event_name", R"({"event_name": "purchase"})"},
    {"event_name.wrong_case", 'W', "data[0].event_name", R"({"event_name": "PURCHASE"})"},
    {"event_name.wrong_case", '-', "", R"({"event_name": "Purchase"})"},
    {"event_name.near_standard", 'W', "data[0].event_name", R"({"event_name": "add_to_cart"})"},
    {"event_name.near_standard", 'W', "data[0].event_name", R"({"event_name": " Purchase"})"},
    {"event_name.near_standard", '-', "", R"({"event_name": "AddToCart"})"},
    {"event_name.custom", 'H', "data[0].event_name", R"({"event_name": "QuoteSent"})"},
    {"event_name.custom", 'H', "data[0].event_name", R"({"event_name": "purchase_completed"})"},
    {"event_name.custom", '-', "", R"({"event_name": "Lead"})"},

    // ---- event_time ----
    {"event_time.missing", 'E', "data[0].event_time", R"({"event_time": "$delete"})"},
    {"event_time.missing", '-', ""},
    {"event_time.type", 'E', "data[0].event_time", R"({"event_time": "1767225600"})"},
    {"event_time.type", 'E', "data[0].event_time", R"({"event_time": "2026-01-01T00:00:00Z"})"},
    {"event_time.type", '-', ""},
    {"event_time.not_integer", 'E', "data[0].event_time", R"({"event_time": 1767225600.5})"},
    {"event_time.not_integer", '-', "", R"({"event_time": 1767225600})"},
    {"event_time.not_integer", '-', "", R"({"event_time": -1e300})"},
    {"event_time.milliseconds", 'E', "data[0].event_time", R"({"event_time": 1767225600000})"},
    {"event_time.milliseconds", 'E', "data[0].event_time", R"({"event_time": 1767225600000000})"},
    {"event_time.milliseconds", 'E', "data[0].event_time", R"({"event_time": 1e300})"},
    {"event_time.milliseconds", '-', "", R"({"event_time": 1767225600})"},
    {"event_time.too_old", 'E', "data[0].event_time", R"({"event_time": 1766624399})"}, // 7 days + 1 s
    {"event_time.too_old", 'E', "data[1].event_time", R"([{}, {"event_id": "order-43", "event_time": 1700000000}])"},
    {"event_time.too_old", 'E', "data[0].event_time", R"({"event_time": -1e300})"},
    {"event_time.too_old", '-', "", R"({"event_time": 1766624400})"}, // exactly 7 days
    {"event_time.future", 'E', "data[0].event_time", R"({"event_time": 1767229261})"}, // now + 61 s
    {"event_time.future", 'E', "data[0].event_time", R"({"event_time": 1767232800})"}, // now + 1 h
    {"event_time.future", '-', "", R"({"event_time": 1767229260})"},                  // now + 60 s

    // ---- action_source and what it requires ----
    {"action_source.missing", 'E', "data[0].action_source", R"({"action_source": "$delete"})"},
    {"action_source.missing", '-', ""},
    {"action_source.type", 'E', "data[0].action_source", R"({"action_source": 1})"},
    {"action_source.type", '-', ""},
    {"action_source.invalid", 'E', "data[0].action_source", R"({"action_source": "Website"})"},
    {"action_source.invalid", 'E', "data[0].action_source", R"({"action_source": "web"})"},
    {"action_source.invalid", '-', "", R"({"action_source": "physical_store"})"},
    {"website.event_source_url_missing", 'E', "data[0].event_source_url", R"({"event_source_url": "$delete"})"},
    {"website.event_source_url_missing", '-', "", R"({"event_source_url": "$delete", "action_source": "physical_store"})"},
    {"website.client_user_agent_missing", 'E', "data[0].user_data.client_user_agent",
     R"({"user_data": {"client_user_agent": "$delete"}})"},
    {"website.client_user_agent_missing", '-', "",
     R"({"user_data": {"client_user_agent": "$delete"}, "action_source": "system_generated"})"},
    {"event_source_url.type", 'E', "data[0].event_source_url", R"({"event_source_url": ["https://shop.example.com/"]})"},
    {"event_source_url.type", '-', ""},
    {"event_source_url.invalid", 'W', "data[0].event_source_url", R"({"event_source_url": "shop.example.com/thanks"})"},
    {"event_source_url.invalid", '-', "", R"({"event_source_url": "http://shop.example.com/thanks?order=42"})"},

    // ---- app_data ----
    {"app_data.missing", 'E', "data[0].app_data", R"({"app_data": "$delete"})", 'a'},
    {"app_data.missing", '-', "", "{}", 'a'},
    {"app_data.type", 'E', "data[0].app_data", R"({"app_data": "ios"})", 'a'},
    {"app_data.type", '-', "", "{}", 'a'},
    {"app_data.flag_missing", 'E', "data[0].app_data.advertiser_tracking_enabled",
     R"({"app_data": {"advertiser_tracking_enabled": "$delete"}})", 'a'},
    {"app_data.flag_missing", '-', "", R"({"app_data": {"advertiser_tracking_enabled": 0}})", 'a'},
    {"app_data.flag_type", 'E', "data[0].app_data.application_tracking_enabled",
     R"({"app_data": {"application_tracking_enabled": "yes"}})", 'a'},
    {"app_data.flag_type", '-', "", R"({"app_data": {"application_tracking_enabled": false}})", 'a'},
    {"app_data.extinfo_missing", 'E', "data[0].app_data.extinfo", R"({"app_data": {"extinfo": "$delete"}})", 'a'},
    {"app_data.extinfo_missing", '-', "", "{}", 'a'},
    {"app_data.extinfo_type", 'E', "data[0].app_data.extinfo", R"({"app_data": {"extinfo": "i2,com.example.app"}})", 'a'},
    {"app_data.extinfo_type", '-', "", "{}", 'a'},
    {"app_data.extinfo_length", 'E', "data[0].app_data.extinfo", R"({"app_data": {"extinfo": ["i2", "com.example.app"]}})", 'a'},
    {"app_data.extinfo_length", 'E', "data[0].app_data.extinfo",
     R"({"app_data": {"extinfo": {"$set": {"0": "a2", "1": "com.example.app", "2": "1.2", "3": "1.2-45", "4": "14",
         "5": "Pixel 8", "6": "en_US", "7": "PST", "8": "T-Mobile", "9": 1080, "10": 2400, "11": "2.75", "12": 8,
         "13": 128, "14": 40, "16": "America/Los_Angeles"}}}})",
     'a'},
    {"app_data.extinfo_length", '-', "",
     R"({"app_data": {"extinfo": {"$set": {"0": "a2", "1": "com.example.app", "2": "1.2", "3": "1.2-45", "4": "14",
         "5": "Pixel 8", "6": "en_US", "7": "PST", "8": "T-Mobile", "9": 1080, "10": 2400, "11": "2.75", "12": 8,
         "13": 128, "14": 40, "15": "America/Los_Angeles"}}}})",
     'a'},
    {"app_data.extinfo_version", 'E', "data[0].app_data.extinfo[0]", R"({"app_data": {"extinfo": ["ios", )" EXTINFO_REST "]}}", 'a'},
    {"app_data.extinfo_version", 'E', "data[0].app_data.extinfo[0]", R"({"app_data": {"extinfo": ["I2", )" EXTINFO_REST "]}}", 'a'},
    {"app_data.extinfo_version", '-', "", R"({"app_data": {"extinfo": ["a2", )" EXTINFO_REST "]}}", 'a'},

    // ---- event_id (deduplication) ----
    {"event_id.missing", 'W', "data[0].event_id", R"({"event_id": "$delete"})"},
    {"event_id.missing", 'W', "data[0].event_id", R"({"event_id": "", "event_name": "MyCustomThing"})"},
    {"event_id.missing", 'W', "data[0].event_id", R"({"event_id": "$delete"})", 'a'},
    {"event_id.missing", '-', "", R"({"event_id": "$delete", "action_source": "physical_store", "event_source_url": "$delete"})"},
    {"event_id.missing", '-', "", R"({"event_id": "$delete", "event_name": "InstallCompleted"})", 'a'},
    {"event_id.type", 'E', "data[0].event_id", R"({"event_id": {"id": 42}})"},
    {"event_id.type", '-', "", R"({"event_id": 42})"},
    {"event_id.whitespace", 'W', "data[0].event_id", R"({"event_id": "order-42 "})"},
    {"event_id.whitespace", '-', ""},
    {"event_id.duplicate", 'W', "data[1].event_id", R"([{}, {}])"},
    {"event_id.duplicate", '-', "", R"([{}, {"event_id": "order-43"}])"},
    {"event_id.duplicate", '-', "", R"([{}, {"event_name": "InitiateCheckout"}])"},

    // ---- custom_data ----
    {"custom_data.type", 'E', "data[0].custom_data", R"({"custom_data": "42.5 USD"})"},
    {"custom_data.type", '-', ""},
    {"purchase.value_missing", 'E', "data[0].custom_data.value", R"({"custom_data": {"value": "$delete"}})"},
    {"purchase.value_missing", 'E', "data[0].custom_data.value", R"({"custom_data": "$delete"})"},
    {"purchase.value_missing", '-', "", R"({"event_name": "Lead", "custom_data": "$delete"})"},
    {"purchase.currency_missing", 'E', "data[0].custom_data.currency", R"({"custom_data": {"currency": "$delete"}})"},
    {"purchase.currency_missing", '-', ""},
    {"custom_data.currency_missing", 'W', "data[0].custom_data.currency",
     R"({"event_name": "AddToCart", "custom_data": {"currency": "$delete"}})"},
    {"custom_data.currency_missing", '-', "", R"({"event_name": "AddToCart"})"},
    {"custom_data.value_type", 'E', "data[0].custom_data.value", R"({"custom_data": {"value": "9.99"}})"},
    {"custom_data.value_type", 'E', "data[0].custom_data.value", R"({"custom_data": {"value": true}})"},
    {"custom_data.value_type", '-', "", R"({"custom_data": {"value": 0}})"},
    {"custom_data.currency_type", 'E', "data[0].custom_data.currency", R"({"custom_data": {"currency": 840}})"},
    {"custom_data.currency_type", '-', ""},
    {"custom_data.currency_invalid", 'E', "data[0].custom_data.currency", R"({"custom_data": {"currency": "US$"}})"},
    {"custom_data.currency_invalid", 'E', "data[0].custom_data.currency", R"({"custom_data": {"currency": "HRK"}})"},
    {"custom_data.currency_invalid", 'E', "data[0].custom_data.currency", R"({"custom_data": {"currency": "XXX"}})"},
    {"custom_data.currency_invalid", 'E', "data[0].custom_data.currency", R"({"custom_data": {"currency": " USD"}})"},
    {"custom_data.currency_invalid", '-', "", R"({"custom_data": {"currency": "usd"}})"},
    {"custom_data.currency_invalid", '-', "", R"({"custom_data": {"currency": "INR"}})"},
    {"custom_data.currency_invalid", '-', "", R"({"custom_data": {"currency": "XCG"}})"},
    {"custom_data.number_type", 'E', "data[0].custom_data.num_items", R"({"custom_data": {"num_items": "2"}})"},
    {"custom_data.number_type", '-', "", R"({"custom_data": {"predicted_ltv": 420.5}})"},
    {"custom_data.content_ids_type", 'E', "data[0].custom_data.content_ids", R"({"custom_data": {"content_ids": "SKU-1"}})"},
    {"custom_data.content_ids_type", 'E', "data[0].custom_data.content_ids[1]",
     R"({"custom_data": {"content_ids": ["SKU-1", {"id": "SKU-2"}]}})"},
    {"custom_data.content_ids_type", '-', "", R"({"custom_data": {"content_ids": [123, "SKU-2"]}})"},
    {"custom_data.contents_type", 'E', "data[0].custom_data.contents", R"({"custom_data": {"contents": {"$set": {"id": "SKU-1"}}}})"},
    {"custom_data.contents_type", '-', ""},
    {"custom_data.contents_entry_type", 'E', "data[0].custom_data.contents[0]", R"({"custom_data": {"contents": ["SKU-1"]}})"},
    {"custom_data.contents_entry_type", '-', ""},
    {"custom_data.contents_id_missing", 'W', "data[0].custom_data.contents[0].id", R"({"custom_data": {"contents": [{"quantity": 1}]}})"},
    {"custom_data.contents_id_missing", '-', "", R"({"custom_data": {"contents": [{"id": 7}]}})"},
    {"custom_data.contents_quantity_type", 'E', "data[0].custom_data.contents[0].quantity",
     R"({"custom_data": {"contents": [{"id": "A", "quantity": "2"}]}})"},
    {"custom_data.contents_quantity_type", '-', "", R"({"custom_data": {"contents": [{"id": "A", "quantity": 2}]}})"},
    {"custom_data.contents_item_price_type", 'E', "data[0].custom_data.contents[1].item_price",
     R"({"custom_data": {"contents": [{"id": "A"}, {"id": "B", "item_price": "$9.99"}]}})"},
    {"custom_data.contents_item_price_type", '-', "", R"({"custom_data": {"contents": [{"id": "B", "item_price": 9.99}]}})"},

    // ---- user_data: shape ----
    {"user_data.missing", 'E', "data[0].user_data", R"({"user_data": "$delete"})"},
    {"user_data.missing", '-', ""},
    {"user_data.type", 'E', "data[0].user_data", R"({"user_data": "john@example.com"})"},
    {"user_data.type", 'E', "data[0].user_data", R"({"user_data": {"$set": [{"em": "x"}]}})"},
    {"user_data.type", '-', ""},
    {"user_data.no_identifiers", 'E', "data[0].user_data",
     R"({"action_source": "system_generated", "user_data": {"$set": {"loyalty_tier": "gold"}}})"},
    {"user_data.no_identifiers", 'E', "data[0].user_data", R"({"action_source": "system_generated", "user_data": {"$set": {}}})"},
    {"user_data.no_identifiers", '-', "", R"({"action_source": "system_generated", "user_data": {"$set": {"external_id": "cust-42"}}})"},
    {"user_data.alias_key", 'W', "data[0].user_data.email",
     R"({"user_data": {"email": "855f96e983f1f8e8be944692b6f719fd54329826cb62e98015efee8e2e071dd4"}})"},
    {"user_data.alias_key", 'W', "data[0].user_data._fbp", R"({"user_data": {"_fbp": "fb.1.1767224000000.1073741823"}})"},
    {"user_data.alias_key", '-', ""},
    {"user_data.unknown_key", 'H', "data[0].user_data.loyalty_tier", R"({"user_data": {"loyalty_tier": "gold"}})"},
    {"user_data.unknown_key", '-', "", R"({"user_data": {"madid": "38400000-8cf0-11bd-b23e-10b96e40000d"}})"},
    {"user_data.value_type", 'E', "data[0].user_data.em", R"({"user_data": {"em": {"$set": {"value": "x"}}}})"},
    {"user_data.value_type", 'E', "data[0].user_data.em[0]", R"({"user_data": {"em": [true]}})"},
    {"user_data.value_type", 'E', "data[0].user_data.client_ip_address", R"({"user_data": {"client_ip_address": ["203.0.113.7"]}})"},
    {"user_data.value_type", 'E', "data[0].user_data.fbp", R"({"user_data": {"fbp": 1073741823}})"},
    {"user_data.value_type", '-', "", R"({"user_data": {"lead_id": 1234567890123456}})"},
    {"user_data.null_entry", 'W', "data[0].user_data.ge[0]", R"({"user_data": {"ge": [null]}})"},
    {"user_data.null_entry", 'W', "data[0].user_data.em", R"({"user_data": {"em": null}})"},
    {"user_data.null_entry", '-', ""},
    {"user_data.empty_entry", 'W', "data[0].user_data.fn", R"({"user_data": {"fn": ""}})"},
    {"user_data.empty_entry", 'W', "data[0].user_data.ph", R"({"user_data": {"ph": []}})"},
    {"user_data.empty_entry", '-', ""},

    // ---- user_data: hashing ----
    {"user_data.raw_pii", 'E', "data[0].user_data.em[0]", R"({"user_data": {"em": ["John@Example.com"]}})"},
    {"user_data.raw_pii", 'E', "data[0].user_data.em[1]",
     R"({"user_data": {"em": ["855f96e983f1f8e8be944692b6f719fd54329826cb62e98015efee8e2e071dd4", "jane@example.com"]}})"},
    {"user_data.raw_pii", 'E', "data[0].user_data.ph", R"({"user_data": {"ph": 16505551212}})"},
    {"user_data.raw_pii", 'E', "data[0].user_data.fn", R"({"user_data": {"fn": "John"}})"},
    {"user_data.raw_pii", 'E', "data[0].user_data.country", R"({"user_data": {"country": "us"}})"},
    {"user_data.raw_pii", 'E', "data[0].user_data.em", R"({"user_data": {"em": "5224cb6fdd5bbe463af1db8ee499e858fcb79f81"}})"},
    {"user_data.raw_pii", 'E', "data[0].user_data.em", R"({"user_data": {"em": "hV+W6YPx+Oi+lEaStvcZ/VQymCbLYumAFe/uji4HHdQ="}})"},
    {"user_data.raw_pii", '-', "", R"({"user_data": {"em": "d4c74594d841139328695756648b6bd6"}})"}, // MD5
    {"user_data.raw_pii", '-', "",
     R"({"user_data": {"em": ["855f96e983f1f8e8be944692b6f719fd54329826cb62e98015efee8e2e071dd4.AQQCAQMC"]}})"},
    {"user_data.uppercase_hash", 'W', "data[0].user_data.em",
     R"({"user_data": {"em": "855F96E983F1F8E8BE944692B6F719FD54329826CB62E98015EFEE8E2E071DD4"}})"},
    {"user_data.uppercase_hash", '-', ""},
    {"user_data.hash_whitespace", 'W', "data[0].user_data.em[0]",
     R"({"user_data": {"em": [" 855f96e983f1f8e8be944692b6f719fd54329826cb62e98015efee8e2e071dd4\n"]}})"},
    {"user_data.hash_whitespace", '-', ""},
    {"user_data.external_id_unhashed", 'H', "data[0].user_data.external_id", R"({"user_data": {"external_id": "cust-42"}})"},
    {"user_data.external_id_unhashed", 'H', "data[0].user_data.external_id[1]",
     R"({"user_data": {"external_id": ["8a3c5a67cad508582b5edf6b8352cea3ffbad7f44812c1a736b4444c0f5746aa", 42]}})"},
    {"user_data.external_id_unhashed", '-', ""},
    {"user_data.hashed_not_allowed", 'E', "data[0].user_data.client_ip_address",
     R"({"user_data": {"client_ip_address": "fec52565aa0cf18f57d7cf5b3ac728503b8992d2d6f7d46da1d1201090902b02"}})"},
    {"user_data.hashed_not_allowed", 'E', "data[0].user_data.fbp", R"({"user_data": {"fbp": "29f2f19258cc63dc04699f68f48326eb"}})"},
    {"user_data.hashed_not_allowed", '-', "", R"({"user_data": {"anon_id": "d4c74594d841139328695756648b6bd6"}})"},

    // ---- user_data: client_ip_address, fbc, fbp ----
    {"user_data.client_ip_invalid", 'E', "data[0].user_data.client_ip_address", R"({"user_data": {"client_ip_address": "203.0.113"}})"},
    {"user_data.client_ip_invalid", 'E', "data[0].user_data.client_ip_address",
     R"({"user_data": {"client_ip_address": "203.0.113.7, 10.0.0.1"}})"},
    {"user_data.client_ip_invalid", 'E', "data[0].user_data.client_ip_address", R"({"user_data": {"client_ip_address": "203.0.113.7:443"}})"},
    {"user_data.client_ip_invalid", 'E', "data[0].user_data.client_ip_address", R"({"user_data": {"client_ip_address": "256.1.1.1"}})"},
    {"user_data.client_ip_invalid", '-', "", R"({"user_data": {"client_ip_address": "2001:db8::1"}})"},
    {"user_data.client_ip_invalid", '-', "", R"({"user_data": {"client_ip_address": "203.0.113.7.AQQAAQMC"}})"},
    {"user_data.client_ip_invalid", '-', "", R"({"user_data": {"client_ip_address": "2001:db8::5.BA"}})"},
    {"user_data.client_ip_private", 'W', "data[0].user_data.client_ip_address", R"({"user_data": {"client_ip_address": "10.0.0.12"}})"},
    {"user_data.client_ip_private", 'W', "data[0].user_data.client_ip_address", R"({"user_data": {"client_ip_address": "192.168.1.20"}})"},
    {"user_data.client_ip_private", 'W', "data[0].user_data.client_ip_address", R"({"user_data": {"client_ip_address": "127.0.0.1"}})"},
    {"user_data.client_ip_private", 'W', "data[0].user_data.client_ip_address", R"({"user_data": {"client_ip_address": "::1"}})"},
    {"user_data.client_ip_private", 'W', "data[0].user_data.client_ip_address", R"({"user_data": {"client_ip_address": "fd12:3456::1"}})"},
    {"user_data.client_ip_private", 'W', "data[0].user_data.client_ip_address",
     R"({"user_data": {"client_ip_address": "::ffff:172.16.5.4"}})"},
    // Dotted decimal is read without QHostAddress's parser: the edges of every private range.
    {"user_data.client_ip_private", 'W', "data[0].user_data.client_ip_address", R"({"user_data": {"client_ip_address": "172.31.255.255"}})"},
    {"user_data.client_ip_private", '-', "", R"({"user_data": {"client_ip_address": "172.32.0.1"}})"},
    {"user_data.client_ip_private", 'W', "data[0].user_data.client_ip_address", R"({"user_data": {"client_ip_address": "100.127.0.9"}})"},
    {"user_data.client_ip_private", '-', "", R"({"user_data": {"client_ip_address": "100.128.0.9"}})"},
    {"user_data.client_ip_private", 'W', "data[0].user_data.client_ip_address", R"({"user_data": {"client_ip_address": "0.0.0.0"}})"},
    {"user_data.client_ip_private", 'W', "data[0].user_data.client_ip_address", R"({"user_data": {"client_ip_address": "255.255.255.255"}})"},
    {"user_data.client_ip_private", 'W', "data[0].user_data.client_ip_address", R"({"user_data": {"client_ip_address": "169.254.1.1"}})"},
    {"user_data.client_ip_private", 'W', "data[0].user_data.client_ip_address", R"({"user_data": {"client_ip_address": "224.0.0.1"}})"},
    {"user_data.client_ip_private", '-', "", R"({"user_data": {"client_ip_address": "9.255.255.255"}})"},
    {"user_data.client_ip_invalid", '-', "", R"({"user_data": {"client_ip_address": "8.8.8.8"}})"},
    {"user_data.client_ip_private", '-', "", R"({"user_data": {"client_ip_address": "8.8.8.8"}})"},
    {"user_data.client_ip_private", '-', "", R"({"user_data": {"client_ip_address": "172.32.0.1"}})"},
    {"user_data.client_ip_private", '-', "", R"({"user_data": {"client_ip_address": "2001:4860:4860::8888"}})"},
    {"user_data.fbc_format", 'W', "data[0].user_data.fbc", R"({"user_data": {"fbc": "IwAR2F4-dbP0l7Mn1IawQQGCINEz7PYXQvwj"}})"},
    {"user_data.fbc_format", 'W', "data[0].user_data.fbc", R"({"user_data": {"fbc": "fb.1.1767225000000.undefined"}})"},
    {"user_data.fbc_format", 'W', "data[0].user_data.fbc", R"({"user_data": {"fbc": "fb.1.1767225000000"}})"},
    {"user_data.fbc_format", '-', "", R"({"user_data": {"fbc": "fb.1.1767225600000.AbCdEf123.AQQCAQMC"}})"},
    {"user_data.fbc_format", '-', "", R"({"user_data": {"fbc": "fb.3.1767225600000.AbCdEf123"}})"},
    {"user_data.fbc_seconds", 'W', "data[0].user_data.fbc", R"({"user_data": {"fbc": "fb.1.1767225000.IwAR2F4-dbP0l7Mn1Iaw"}})"},
    {"user_data.fbc_seconds", '-', ""},
    {"user_data.fbp_format", 'W', "data[0].user_data.fbp", R"({"user_data": {"fbp": "fb.1.1767224000000"}})"},
    {"user_data.fbp_format", 'W', "data[0].user_data.fbp", R"({"user_data": {"fbp": "fb.1.1767224000000.abc"}})"},
    {"user_data.fbp_format", '-', "", R"({"user_data": {"fbp": "fb.1.1596403881668.1116446470.BA"}})"},
    {"user_data.fbp_seconds", 'W', "data[0].user_data.fbp", R"({"user_data": {"fbp": "fb.1.1767224000.1073741823"}})"},
    {"user_data.fbp_seconds", '-', ""},
};

QJsonValue parseJson(const char *text)
{
    // Wrapped in a list so that scalars parse too.
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray("[") + text + "]", &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad JSON in a test row (%s): %s", qPrintable(error.errorString()), text);
    return doc.array().at(0);
}

/// JSON merge patch with two escapes: "$delete" removes a key, {"$set": v} replaces.
QJsonValue applyPatch(const QJsonValue &target, const QJsonValue &patch)
{
    if (!patch.isObject())
        return patch;
    const QJsonObject p = patch.toObject();
    if (p.contains("$set"_L1))
        return p.value("$set"_L1);
    QJsonObject result = target.toObject();
    for (auto it = p.constBegin(); it != p.constEnd(); ++it) {
        if (it.value() == QJsonValue(u"$delete"_s))
            result.remove(it.key());
        else
            result.insert(it.key(), applyPatch(result.value(it.key()), it.value()));
    }
    return result;
}

QJsonObject baseEvent(char base)
{
    const QJsonValue website = parseJson(WebsiteEvent);
    return (base == 'a' ? applyPatch(website, parseJson(AppPatch)) : website).toObject();
}

QJsonObject buildRequest(const Row &row)
{
    const QJsonObject base = baseEvent(row.base);
    const QJsonValue patch = parseJson(row.event);
    QJsonArray data;
    if (patch.isArray()) {
        for (const QJsonValue &p : patch.toArray())
            data.append(applyPatch(base, p));
    } else {
        data.append(applyPatch(base, patch));
    }
    QJsonObject request{{u"data"_s, data}, {u"test_event_code"_s, u"TEST12345"_s}};
    if (row.request) {
        QJsonObject requestPatch = parseJson(row.request).toObject();
        if (requestPatch.contains("$copies"_L1)) {
            const int copies = requestPatch.take("$copies"_L1).toInt();
            QJsonArray many;
            for (int i = 0; i < copies; ++i) {
                QJsonObject event = data.at(0).toObject();
                event.insert(u"event_id"_s, u"order-%1"_s.arg(i));
                many.append(event);
            }
            request.insert(u"data"_s, many);
        }
        request = applyPatch(request, requestPatch).toObject();
    }
    return request;
}

QString dump(const QList<Finding> &findings)
{
    QString text = u"findings:"_s;
    for (const Finding &f : findings)
        text += u"\n  %1 %2 @%3: %4"_s.arg(severityName(f.severity), f.rule, f.path, f.message);
    return text;
}

QList<Finding> run(const Row &row)
{
    ValidationOptions opts;
    opts.now = Now;
    if (row.body)
        return Validator().validateBody(QByteArray(row.body), opts);
    return Validator().validate(buildRequest(row), opts);
}

Severity severityOf(char c)
{
    return c == 'E' ? Severity::Error : c == 'W' ? Severity::Warning : Severity::Hint;
}

QByteArray readFixture(const QString &name)
{
    QFile file(QStringLiteral(CAPIQA_TEST_DATA "/validate/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot open fixture %s", qPrintable(file.fileName()));
    return file.readAll();
}

} // namespace

class TestValidator : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rules_data();
    void rules();
    void everyRuleHasBothRows();
    void catalogueIsConsistent();
    void cleanRequests_data();
    void cleanRequests();
    void fixtures_data();
    void fixtures();
    void wrongTypesNeverCrash();
    void tooOldNamesTheWholeRequest();
    void privateIpMessageNamesTheAddress();
    void messagesDoNotRepeatPii();
    void findingToJson();
    void defaultNowIsTheClock();
};

void TestValidator::rules_data()
{
    QTest::addColumn<int>("index");
    QHash<QByteArray, int> seen;
    for (int i = 0; i < int(std::size(Rows)); ++i) {
        const Row &row = Rows[i];
        const QByteArray name = QByteArray(row.rule) + (row.severity == '-' ? " quiet" : " fires");
        const int n = ++seen[name];
        QTest::addRow("%s #%d", name.constData(), n) << i;
    }
}

void TestValidator::rules()
{
    QFETCH(int, index);
    const Row &row = Rows[index];
    const QList<Finding> findings = run(row);
    const QString rule = QString::fromLatin1(row.rule);
    QList<Finding> hits;
    for (const Finding &f : findings) {
        if (f.rule == rule)
            hits.append(f);
    }
    if (row.severity == '-') {
        QVERIFY2(hits.isEmpty(), qPrintable(dump(findings)));
        return;
    }
    const QString path = QString::fromLatin1(row.path);
    const auto at = std::find_if(hits.cbegin(), hits.cend(), [&](const Finding &f) { return f.path == path; });
    QVERIFY2(at != hits.cend(), qPrintable(u"expected %1 at \"%2\"; "_s.arg(rule, path) + dump(findings)));
    QCOMPARE(severityName(at->severity), severityName(severityOf(row.severity)));
    QVERIFY(!at->message.isEmpty());
    QVERIFY(!at->fix.isEmpty());
}

void TestValidator::everyRuleHasBothRows()
{
    QSet<QString> fires, quiet;
    for (const Row &row : Rows)
        (row.severity == '-' ? quiet : fires).insert(QString::fromLatin1(row.rule));
    for (const RuleInfo &info : ruleCatalogue()) {
        QVERIFY2(fires.contains(info.id), qPrintable(u"no row makes "_s + info.id + u" fire"_s));
        QVERIFY2(quiet.contains(info.id), qPrintable(u"no near-miss row for "_s + info.id));
    }
    // And no row names a rule the catalogue does not have.
    QSet<QString> known;
    for (const RuleInfo &info : ruleCatalogue())
        known.insert(info.id);
    for (const Row &row : Rows)
        QVERIFY2(known.contains(QString::fromLatin1(row.rule)), row.rule);
}

void TestValidator::catalogueIsConsistent()
{
    const QList<RuleInfo> rules = ruleCatalogue();
    QVERIFY(rules.size() >= 60);
    QSet<QString> ids;
    for (const RuleInfo &info : rules) {
        QVERIFY2(!ids.contains(info.id), qPrintable(info.id));
        ids.insert(info.id);
        QVERIFY(!info.summary.isEmpty());
    }
    // The severity in the catalogue is the one findings carry.
    for (const Row &row : Rows) {
        if (row.severity == '-')
            continue;
        const auto it = std::find_if(rules.cbegin(), rules.cend(), [&](const RuleInfo &r) { return r.id == QLatin1StringView(row.rule); });
        QVERIFY(it != rules.cend());
        QCOMPARE(severityName(it->severity), severityName(severityOf(row.severity)));
    }
}

void TestValidator::cleanRequests_data()
{
    QTest::addColumn<QJsonObject>("request");
    QTest::newRow("website Purchase") << buildRequest(Row{"", '-', ""});
    QTest::newRow("app Purchase") << buildRequest(Row{"", '-', "", "{}", 'a'});
    QTest::newRow("offline Lead without event_id")
        << buildRequest(Row{"", '-', "",
                            R"({"event_name": "Lead", "action_source": "phone_call", "event_id": "$delete",
                                "event_source_url": "$delete", "custom_data": "$delete"})"});
    QTest::newRow("three events") << buildRequest(
        Row{"", '-', "", R"([{}, {"event_id": "order-43"}, {"event_name": "PageView", "custom_data": "$delete"}])"});
}

void TestValidator::cleanRequests()
{
    QFETCH(QJsonObject, request);
    ValidationOptions opts;
    opts.now = Now;
    const QList<Finding> findings = Validator().validate(request, opts);
    QVERIFY2(findings.isEmpty(), qPrintable(dump(findings)));
}

void TestValidator::fixtures_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("rule");
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("present");

    const auto row = [](const char *file, const char *rule, const char *path, bool present) {
        QTest::addRow("%s %s %s", file, rule, path) << QString::fromLatin1(file) << QString::fromLatin1(rule)
                                                    << QString::fromLatin1(path) << present;
    };
    // A clean website Purchase: nothing at all (checked in fixtures() for "-").
    row("website-purchase-clean.json", "-", "", true);
    row("app-purchase.json", "-", "", true);
    row("raw-pii-milliseconds.json", "event_time.milliseconds", "data[0].event_time", true);
    row("raw-pii-milliseconds.json", "user_data.raw_pii", "data[0].user_data.em[0]", true);
    row("raw-pii-milliseconds.json", "user_data.raw_pii", "data[0].user_data.ph[0]", true);
    row("raw-pii-milliseconds.json", "user_data.raw_pii", "data[0].user_data.fn", true);
    row("raw-pii-milliseconds.json", "user_data.fbc_seconds", "data[0].user_data.fbc", true);
    row("raw-pii-milliseconds.json", "custom_data.value_type", "data[0].custom_data.value", true);
    row("raw-pii-milliseconds.json", "event_name.wrong_case", "data[1].event_name", true);
    row("raw-pii-milliseconds.json", "user_data.client_ip_private", "data[1].user_data.client_ip_address", true);
    row("raw-pii-milliseconds.json", "user_data.hashed_not_allowed", "data[1].user_data.client_ip_address", false);
    row("sdk-style-batch.json", "request.test_event_code_missing", "test_event_code", true);
    row("sdk-style-batch.json", "request.access_token_in_body", "access_token", true);
    row("sdk-style-batch.json", "user_data.null_entry", "data[0].user_data.ge[0]", true);
    row("sdk-style-batch.json", "event_time.too_old", "data[1].event_time", true);
    row("sdk-style-batch.json", "event_id.duplicate", "data[2].event_id", true);
    row("sdk-style-batch.json", "event_name.custom", "data[3].event_name", true);
    row("sdk-style-batch.json", "event_id.missing", "data[3].event_id", false);
}

void TestValidator::fixtures()
{
    QFETCH(QString, file);
    QFETCH(QString, rule);
    QFETCH(QString, path);
    QFETCH(bool, present);
    ValidationOptions opts;
    opts.now = Now; // the reference time documented in tests/data/validate/README.md
    const QList<Finding> findings = Validator().validateBody(readFixture(file), opts);
    if (rule == u"-"_s) {
        QVERIFY2(findings.isEmpty(), qPrintable(dump(findings)));
        return;
    }
    const bool found = std::any_of(findings.cbegin(), findings.cend(),
                                   [&](const Finding &f) { return f.rule == rule && f.path == path; });
    QVERIFY2(found == present, qPrintable(dump(findings)));
}

void TestValidator::wrongTypesNeverCrash()
{
    // Every field the validator reads, replaced by every JSON type: findings only, never a crash,
    // and every finding is a catalogued rule with words for the user.
    const QStringList paths{u"event_name"_s, u"event_time"_s, u"action_source"_s, u"event_id"_s, u"event_source_url"_s,
                            u"user_data"_s, u"custom_data"_s, u"app_data"_s, u"user_data.em"_s, u"user_data.ph"_s,
                            u"user_data.external_id"_s, u"user_data.client_ip_address"_s, u"user_data.client_user_agent"_s,
                            u"user_data.fbc"_s, u"user_data.fbp"_s, u"user_data.madid"_s, u"custom_data.value"_s,
                            u"custom_data.currency"_s, u"custom_data.contents"_s, u"custom_data.content_ids"_s,
                            u"custom_data.num_items"_s, u"app_data.extinfo"_s, u"app_data.advertiser_tracking_enabled"_s};
    const QJsonArray values = parseJson(R"([null, 0, -1, 1e300, 1.5, "", " ", "x", "fb.", "...", [], [null], [[]], [{}], {}, {"a": 1}, true, false])").toArray();
    QSet<QString> known;
    for (const RuleInfo &info : ruleCatalogue())
        known.insert(info.id);
    ValidationOptions opts;
    opts.now = Now;
    int runs = 0;
    for (char base : {'w', 'a'}) {
        for (const QString &path : paths) {
            for (const QJsonValue &value : values) {
                QJsonObject patch{{path.section(u'.', -1), value}};
                if (path.contains(u'.'))
                    patch = QJsonObject{{path.section(u'.', 0, 0), patch}};
                const QJsonObject event = applyPatch(baseEvent(base), patch).toObject();
                const QJsonObject request{{u"data"_s, QJsonArray{event}}, {u"test_event_code"_s, u"T"_s}};
                for (const Finding &f : Validator().validate(request, opts)) {
                    QVERIFY2(known.contains(f.rule), qPrintable(f.rule));
                    QVERIFY2(!f.message.isEmpty() && !f.fix.isEmpty(), qPrintable(f.rule));
                    QVERIFY2(f.path.startsWith(u"data[0]"_s) || f.path.isEmpty(), qPrintable(f.path));
                }
                ++runs;
            }
        }
    }
    QCOMPARE(runs, 2 * paths.size() * values.size());
    // Top-level shapes too.
    for (const QJsonValue &value : values) {
        QVERIFY(hasErrors(Validator().validate(QJsonObject{{u"data"_s, value}}, opts)));
        QVERIFY(hasErrors(Validator().validate(QJsonObject{{u"data"_s, QJsonArray{value}}}, opts)));
    }
    QVERIFY(hasErrors(Validator().validateBody(QByteArray(), opts)));
    QVERIFY(hasErrors(Validator().validateBody(QByteArray("\"just text\""), opts)));
}

void TestValidator::tooOldNamesTheWholeRequest()
{
    const QList<Finding> findings =
        run(Row{"", '-', "", R"([{}, {"event_id": "order-43"}, {"event_id": "order-44", "event_time": 1700000000}])"});
    const auto it = std::find_if(findings.cbegin(), findings.cend(), [](const Finding &f) { return f.rule == u"event_time.too_old"_s; });
    QVERIFY(it != findings.cend());
    QVERIFY2(it->message.contains(u"WHOLE request"_s), qPrintable(it->message));
    QVERIFY2(it->message.contains(u"2 other events"_s), qPrintable(it->message));
}

void TestValidator::privateIpMessageNamesTheAddress()
{
    const QList<Finding> findings = run(Row{"", '-', "", R"({"user_data": {"client_ip_address": "192.168.1.20"}})"});
    const auto it = std::find_if(findings.cbegin(), findings.cend(),
                                 [](const Finding &f) { return f.rule == u"user_data.client_ip_private"_s; });
    QVERIFY(it != findings.cend());
    QVERIFY2(it->message.contains(u"(192.168.1.20)"_s), qPrintable(it->message));
}

void TestValidator::messagesDoNotRepeatPii()
{
    // Findings go into tickets and logs: they point at the value, they do not copy it.
    const QList<Finding> findings =
        run(Row{"", '-', "", R"({"user_data": {"em": "John.Smith@Example.com", "fn": "Johnathan", "ph": "+1 650 555 1212"}})"});
    QCOMPARE(std::count_if(findings.cbegin(), findings.cend(), [](const Finding &f) { return f.rule == u"user_data.raw_pii"_s; }), 3);
    for (const Finding &f : findings) {
        for (const QString &pii : {u"John.Smith"_s, u"Johnathan"_s, u"555"_s}) {
            QVERIFY2(!f.message.contains(pii), qPrintable(f.message));
            QVERIFY2(!f.fix.contains(pii), qPrintable(f.fix));
        }
    }
    const auto em = std::find_if(findings.cbegin(), findings.cend(), [](const Finding &f) { return f.path.endsWith(u".em"_s); });
    QVERIFY(em != findings.cend());
    QVERIFY2(em->message.startsWith(u"em looks like a raw email address"_s), qPrintable(em->message));
    QVERIFY2(em->fix.contains(u"SHA-256"_s), qPrintable(em->fix));
}

void TestValidator::findingToJson()
{
    const Finding f{Severity::Warning, u"event_id.whitespace"_s, u"data[0].event_id"_s, u"m"_s, u"f"_s};
    const QJsonObject o = toJson(f);
    QCOMPARE(o.value("severity"_L1).toString(), u"warning"_s);
    QCOMPARE(o.value("rule"_L1).toString(), u"event_id.whitespace"_s);
    QCOMPARE(o.value("path"_L1).toString(), u"data[0].event_id"_s);
    QCOMPARE(o.value("message"_L1).toString(), u"m"_s);
    QCOMPARE(o.value("fix"_L1).toString(), u"f"_s);
    QCOMPARE(toJson(QList<Finding>{f, f}).size(), 2);
    for (Severity s : {Severity::Error, Severity::Warning, Severity::Hint})
        QCOMPARE(severityFromName(severityName(s)), std::optional<Severity>(s));
    QCOMPARE(severityFromName(u"fatal"), std::nullopt);
    QCOMPARE(countOf(QList<Finding>{f, f}, Severity::Warning), 2);
    QVERIFY(!hasErrors(QList<Finding>{f}));
}

void TestValidator::defaultNowIsTheClock()
{
    // With no reference time, "now" is the clock: an event from a minute ago is fine, one
    // stamped at the fixtures' fixed date (long past when this runs) is too old.
    QJsonObject event = baseEvent('w');
    event.insert(u"event_time"_s, QDateTime::currentSecsSinceEpoch() - 60);
    const QJsonObject fresh{{u"data"_s, QJsonArray{event}}, {u"test_event_code"_s, u"T"_s}};
    QVERIFY2(Validator().validate(fresh).isEmpty(), qPrintable(dump(Validator().validate(fresh))));
    event.insert(u"event_time"_s, 1600000000);
    const QJsonObject old{{u"data"_s, QJsonArray{event}}, {u"test_event_code"_s, u"T"_s}};
    QVERIFY(hasErrors(Validator().validate(old)));
}

QTEST_GUILESS_MAIN(TestValidator)
#include "tst_validator.moc"
