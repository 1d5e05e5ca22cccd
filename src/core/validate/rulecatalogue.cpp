// The rule table: every rule id the validator reports, its severity and a one-line summary.
// Ids are stable: the GUI, the CLI's filters and saved reports refer to them.
#include "rules.h"

namespace capiqa::validate {

namespace detail {

using namespace Qt::StringLiterals;

namespace {

constexpr Severity E = Severity::Error;
constexpr Severity W = Severity::Warning;
constexpr Severity H = Severity::Hint;

constexpr RuleSpec Specs[] = {
    // The request as a whole.
    {"request.invalid_json"_L1, E, "The body is not valid JSON"_L1},
    {"request.not_object"_L1, E, "The body is not a JSON object"_L1},
    {"request.data_missing"_L1, E, "The request has no \"data\" list"_L1},
    {"request.data_type"_L1, E, "\"data\" is not a list"_L1},
    {"request.data_empty"_L1, E, "\"data\" holds no events"_L1},
    {"request.too_many_events"_L1, E, "More than 1,000 events in one request"_L1},
    {"request.test_event_code_missing"_L1, W, "No test_event_code: this is a production send"_L1},
    {"request.test_event_code_type"_L1, E, "test_event_code is not text"_L1},
    {"request.access_token_in_body"_L1, W, "The access token is in the body instead of the URL"_L1},

    // One event.
    {"event.type"_L1, E, "An entry of \"data\" is not an event object"_L1},
    {"event_name.missing"_L1, E, "event_name is missing or empty"_L1},
    {"event_name.type"_L1, E, "event_name is not text"_L1},
    {"event_name.wrong_case"_L1, W, "A standard event name in the wrong case (e.g. \"purchase\")"_L1},
    {"event_name.near_standard"_L1, W, "Almost a standard event name (spaces, underscores)"_L1},
    {"event_name.custom"_L1, H, "Not a standard event name: it will be a custom event"_L1},
    {"event_time.missing"_L1, E, "event_time is missing"_L1},
    {"event_time.type"_L1, E, "event_time is not a number"_L1},
    {"event_time.not_integer"_L1, E, "event_time has a fractional part"_L1},
    {"event_time.milliseconds"_L1, E, "event_time is in milliseconds, not seconds"_L1},
    {"event_time.too_old"_L1, E, "event_time is more than 7 days ago: the whole request fails"_L1},
    {"event_time.future"_L1, E, "event_time is in the future"_L1},
    {"action_source.missing"_L1, E, "action_source is missing"_L1},
    {"action_source.type"_L1, E, "action_source is not text"_L1},
    {"action_source.invalid"_L1, E, "action_source is not one of Meta's values"_L1},
    {"website.event_source_url_missing"_L1, E, "A website event without event_source_url"_L1},
    {"website.client_user_agent_missing"_L1, E, "A website event without user_data.client_user_agent"_L1},
    {"event_source_url.type"_L1, E, "event_source_url is not text"_L1},
    {"event_source_url.invalid"_L1, W, "event_source_url is not a full http(s) address"_L1},
    {"app_data.missing"_L1, E, "An app event without app_data"_L1},
    {"app_data.type"_L1, E, "app_data is not an object"_L1},
    {"app_data.flag_missing"_L1, E, "app_data lacks a tracking flag"_L1},
    {"app_data.flag_type"_L1, E, "A tracking flag in app_data is not true/false"_L1},
    {"app_data.extinfo_missing"_L1, E, "app_data has no extinfo"_L1},
    {"app_data.extinfo_type"_L1, E, "extinfo is not a list"_L1},
    {"app_data.extinfo_length"_L1, E, "extinfo does not have exactly 16 entries"_L1},
    {"app_data.extinfo_version"_L1, E, "extinfo does not start with \"a2\" or \"i2\""_L1},
    {"event_id.missing"_L1, W, "No event_id: cannot be deduplicated with the Pixel or app SDK"_L1},
    {"event_id.type"_L1, E, "event_id is not text"_L1},
    {"event_id.whitespace"_L1, W, "event_id has spaces at the start or end"_L1},
    {"event_id.duplicate"_L1, W, "The same event_name + event_id twice in one request"_L1},

    // custom_data.
    {"custom_data.type"_L1, E, "custom_data is not an object"_L1},
    {"purchase.value_missing"_L1, E, "A Purchase without value"_L1},
    {"purchase.currency_missing"_L1, E, "A Purchase without currency"_L1},
    {"custom_data.currency_missing"_L1, W, "A value without a currency"_L1},
    {"custom_data.value_type"_L1, E, "value is not a number"_L1},
    {"custom_data.currency_type"_L1, E, "currency is not text"_L1},
    {"custom_data.currency_invalid"_L1, E, "currency is not an ISO 4217 code"_L1},
    {"custom_data.number_type"_L1, E, "num_items or predicted_ltv is not a number"_L1},
    {"custom_data.content_ids_type"_L1, E, "content_ids is not a list of ids"_L1},
    {"custom_data.contents_type"_L1, E, "contents is not a list"_L1},
    {"custom_data.contents_entry_type"_L1, E, "An entry of contents is not an object"_L1},
    {"custom_data.contents_id_missing"_L1, W, "An entry of contents has no id"_L1},
    {"custom_data.contents_quantity_type"_L1, E, "A contents quantity is not a number"_L1},
    {"custom_data.contents_item_price_type"_L1, E, "A contents item_price is not a number"_L1},

    // user_data.
    {"user_data.missing"_L1, E, "user_data is missing"_L1},
    {"user_data.type"_L1, E, "user_data is not an object"_L1},
    {"user_data.no_identifiers"_L1, E, "user_data holds no customer information Meta can use"_L1},
    {"user_data.alias_key"_L1, W, "A user_data key Meta does not know, with a known meaning (\"email\" for \"em\")"_L1},
    {"user_data.unknown_key"_L1, H, "A user_data key Meta does not know"_L1},
    {"user_data.value_type"_L1, E, "A user_data value of the wrong type"_L1},
    {"user_data.null_entry"_L1, W, "A user_data value is null"_L1},
    {"user_data.empty_entry"_L1, W, "A user_data value is empty"_L1},
    {"user_data.raw_pii"_L1, E, "Customer information sent unhashed"_L1},
    {"user_data.uppercase_hash"_L1, W, "A hash in uppercase hex"_L1},
    {"user_data.hash_whitespace"_L1, W, "A hash with spaces around it"_L1},
    {"user_data.external_id_unhashed"_L1, H, "external_id is not hashed"_L1},
    {"user_data.hashed_not_allowed"_L1, E, "A value Meta needs as it is (IP, user agent, fbc, ...) was hashed"_L1},
    {"user_data.client_ip_invalid"_L1, E, "client_ip_address is not an IP address"_L1},
    {"user_data.client_ip_private"_L1, W, "client_ip_address is a private or local address"_L1},
    {"user_data.fbc_format"_L1, W, "fbc is not fb.{n}.{ms}.{fbclid}"_L1},
    {"user_data.fbc_seconds"_L1, W, "fbc creation time is in seconds, not milliseconds"_L1},
    {"user_data.fbp_format"_L1, W, "fbp is not fb.{n}.{ms}.{random}"_L1},
    {"user_data.fbp_seconds"_L1, W, "fbp creation time is in seconds, not milliseconds"_L1},
};

} // namespace

std::span<const RuleSpec> ruleSpecs()
{
    return Specs;
}

const RuleSpec *findRule(QStringView id)
{
    for (const RuleSpec &spec : Specs) {
        if (spec.id == id)
            return &spec;
    }
    return nullptr;
}

void Report::add(QLatin1StringView rule, const QString &path, const QString &message, const QString &fix)
{
    const RuleSpec *spec = findRule(QString(rule));
    Q_ASSERT_X(spec, "Report::add", "rule id missing from the rule table");
    m_findings.append(Finding{spec ? spec->severity : Severity::Error, QString(rule), path, message, fix});
}

} // namespace detail

QList<RuleInfo> ruleCatalogue()
{
    QList<RuleInfo> list;
    list.reserve(qsizetype(detail::ruleSpecs().size()));
    for (const detail::RuleSpec &spec : detail::ruleSpecs())
        list.append(RuleInfo{QString(spec.id), spec.severity, QString(spec.summary)});
    return list;
}

} // namespace capiqa::validate
