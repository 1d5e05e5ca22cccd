// Per-event rules: the required fields, event_name, event_time, action_source and what each
// source requires, and event_id (the deduplication key shared with the Pixel).
#include "rules.h"

#include <QtCore/QDateTime>
#include <QtCore/QHash>
#include <QtCore/QUrl>

#include <cmath>

namespace capiqa::validate::detail {

using namespace Qt::StringLiterals;

namespace {

constexpr QLatin1StringView StandardEvents[] = {
    "PageView"_L1, "ViewContent"_L1, "Search"_L1, "AddToCart"_L1, "AddToWishlist"_L1, "InitiateCheckout"_L1,
    "AddPaymentInfo"_L1, "Purchase"_L1, "Lead"_L1, "CompleteRegistration"_L1, "Contact"_L1,
    "CustomizeProduct"_L1, "Donate"_L1, "FindLocation"_L1, "Schedule"_L1, "StartTrial"_L1,
    "SubmitApplication"_L1, "Subscribe"_L1,
};

constexpr QLatin1StringView ActionSources[] = {
    "website"_L1, "app"_L1, "email"_L1, "phone_call"_L1, "chat"_L1, "physical_store"_L1,
    "system_generated"_L1, "business_messaging"_L1, "other"_L1,
};

/// App-side names teams commonly send instead of the standard name (seed 000's mapping).
struct NameAlias
{
    QLatin1StringView from;
    QLatin1StringView to;
};
constexpr NameAlias EventAliases[] = {
    {"signup_started"_L1, "Lead"_L1},
    {"signup_completed"_L1, "CompleteRegistration"_L1},
    {"checkout_started"_L1, "InitiateCheckout"_L1},
    {"purchase_completed"_L1, "Purchase"_L1},
    {"order_completed"_L1, "Purchase"_L1},
    {"sign_up"_L1, "CompleteRegistration"_L1},
};

/// Letters and digits only, lowercase: "Add To Cart", "add_to_cart" and "AddToCart" agree.
QString nameKey(QStringView name)
{
    QString key;
    for (QChar c : name) {
        if (c.isLetterOrNumber())
            key.append(c.toLower());
    }
    return key;
}

QString joinedSources()
{
    QString list;
    for (QLatin1StringView s : ActionSources)
        list += (list.isEmpty() ? QString() : u", "_s) + s;
    return list;
}

/// Returns the event name when it is usable text (even if not standard), else an empty string.
QString checkEventName(const Members &event, const Path &eventPath, Report &report)
{
    const Path path = childPath(eventPath, u"event_name");
    const QJsonValue v = event.value("event_name"_L1);
    if (!isAbsent(v) && !v.isString()) {
        report.add("event_name.type"_L1, path, u"event_name is %1 (%2) but must be text."_s.arg(typeName(v), preview(v)),
                   u"Send the name as text, e.g. \"event_name\": \"Purchase\"."_s);
        return {};
    }
    const QString name = v.toString();
    if (name.trimmed().isEmpty()) {
        report.add("event_name.missing"_L1, path, u"The event has no event_name. Meta rejects the request."_s,
                   u"Add \"event_name\", e.g. \"Purchase\" or \"Lead\"."_s);
        return {};
    }
    if (isStandardEvent(name))
        return name;

    const QString key = nameKey(name);
    for (QLatin1StringView standard : StandardEvents) {
        if (key != nameKey(QString(standard)))
            continue;
        const bool caseOnly = name.compare(standard, Qt::CaseInsensitive) == 0;
        report.add(caseOnly ? "event_name.wrong_case"_L1 : "event_name.near_standard"_L1, path,
                   u"\"%1\" is not the standard event \"%2\": names are exact, so Meta records it as a custom "
                   "event. It will not optimise or report as %2, and it will not deduplicate with the Pixel's "
                   "\"%2\"."_s.arg(name, standard),
                   u"Use exactly \"%1\" (same spelling and case as in the Pixel's fbq('track', '%1'))."_s.arg(standard));
        return name;
    }
    QString fix = u"Nothing to do if a custom event is intended. To count it as a standard event, use one of: "_s;
    for (const NameAlias &alias : EventAliases) {
        if (name.compare(alias.from, Qt::CaseInsensitive) == 0) {
            fix = u"If this is the app's \"%1\", send it as the standard event \"%2\"."_s.arg(alias.from, alias.to);
            break;
        }
    }
    if (fix.endsWith(u": "_s)) {
        for (qsizetype i = 0; i < qsizetype(std::size(StandardEvents)); ++i)
            fix += (i ? u", "_s : QString()) + StandardEvents[i];
        fix += u'.';
    }
    report.add("event_name.custom"_L1, path,
               u"\"%1\" is not one of Meta's standard events, so it will be a custom event: fine for your own "
               "reporting, but it needs a custom conversion to be optimised for."_s.arg(name),
               fix);
    return name;
}

QString dateText(qint64 secs)
{
    return QDateTime::fromSecsSinceEpoch(secs, Qt::UTC).toString(u"yyyy-MM-dd HH:mm:ss 'UTC'"_s);
}

QString durationText(qint64 secs)
{
    if (secs >= 2 * 86400)
        return u"%1 days"_s.arg(secs / 86400);
    if (secs >= 2 * 3600)
        return u"%1 hours"_s.arg(secs / 3600);
    if (secs >= 2 * 60)
        return u"%1 minutes"_s.arg(secs / 60);
    return u"%1 seconds"_s.arg(secs);
}

void checkEventTime(const Members &event, const Path &eventPath, Report &report)
{
    const Path path = childPath(eventPath, u"event_time");
    const QJsonValue v = event.value("event_time"_L1);
    const QString secondsFix = u"Send the time as a whole number of seconds since 1970 (Unix time, UTC), e.g. "
                               "Math.floor(Date.now() / 1000) in JavaScript or int(time.time()) in Python."_s;
    if (isAbsent(v)) {
        report.add("event_time.missing"_L1, path, u"The event has no event_time. Meta rejects the request."_s, secondsFix);
        return;
    }
    if (!v.isDouble()) {
        bool digits = false;
        if (v.isString())
            v.toString().toLongLong(&digits);
        report.add("event_time.type"_L1, path,
                   digits ? u"event_time is text (%1) instead of a number."_s.arg(preview(v))
                          : u"event_time is %1 (%2) instead of a Unix timestamp in seconds."_s.arg(typeName(v), preview(v)),
                   digits ? u"Remove the quotes: send the number itself."_s : secondsFix);
        return;
    }
    const double d = v.toDouble();
    if (!std::isfinite(d)) { // only possible in a QJsonObject built in code, never in parsed JSON
        report.add("event_time.type"_L1, path, u"event_time is not a finite number."_s, secondsFix);
        return;
    }
    // 12+ digits: seconds since 1970 will not need 12 digits until the year 5138.
    if (d >= 100'000'000'000.0) {
        const int digits = int(std::floor(std::log10(d))) + 1;
        const QString unit = digits >= 16 ? u"microseconds"_s : u"milliseconds"_s;
        report.add("event_time.milliseconds"_L1, path,
                   u"event_time %1 has %2 digits: it looks like %3, but Meta needs seconds. Read as seconds it is "
                   "far in the future, so Meta rejects the request."_s.arg(preview(v)).arg(digits).arg(unit),
                   digits >= 16 ? u"Divide by 1,000,000 and round down."_s
                                : u"Divide by 1000 and round down: Math.floor(Date.now() / 1000), not Date.now()."_s);
        return;
    }
    if (std::floor(d) != d) {
        report.add("event_time.not_integer"_L1, path,
                   u"event_time is %1, with a fractional part; Meta needs a whole number of seconds."_s.arg(preview(v)),
                   u"Round down before sending (Math.floor(Date.now() / 1000))."_s);
    }
    // Far negative values are simply "too old"; clamping keeps the conversion defined.
    const qint64 t = d < -1e15 ? qint64(-1'000'000'000'000'000LL) : qint64(std::floor(d));
    const qint64 now = report.now();
    if (now - t > MaxEventAgeSeconds) {
        const qsizetype others = report.eventCount() - 1;
        const QString including = others == 1 ? u", including the other event in it"_s
                                  : others > 1 ? u", including the %1 other events in it"_s.arg(others)
                                               : QString();
        report.add("event_time.too_old"_L1, path,
                   u"This event happened %1 ago (%2). Meta only accepts events from the last 7 days, and one "
                   "such event makes Meta reject the WHOLE request%3."_s.arg(durationText(now - t), dateText(t), including),
                   u"Send events as they happen (within 7 days). Drop or hold back older ones instead of putting "
                   "them in a batch with current events; check the clock and time zone conversion."_s);
    } else if (t - now > FutureToleranceSeconds) {
        report.add("event_time.future"_L1, path,
                   u"event_time is %1 in the future (%2). Meta rejects events with a time in the future."_s.arg(
                       durationText(t - now), dateText(t)),
                   u"Use the time the event happened, in UTC seconds. A difference of whole hours usually means "
                   "a local time was converted as if it were UTC."_s);
    }
}

/// Returns the action_source when it is one of Meta's values, else an empty string.
QString checkActionSource(const Members &event, const Path &eventPath, Report &report)
{
    const Path path = childPath(eventPath, u"action_source");
    const QJsonValue v = event.value("action_source"_L1);
    if (isAbsent(v)) {
        report.add("action_source.missing"_L1, path,
                   u"The event has no action_source (where the conversion happened). Meta rejects the request."_s,
                   u"Add \"action_source\": one of %1 (\"website\" for web shops)."_s.arg(joinedSources()));
        return {};
    }
    if (!v.isString()) {
        report.add("action_source.type"_L1, path, u"action_source is %1 (%2) but must be text."_s.arg(typeName(v), preview(v)),
                   u"Send one of: %1."_s.arg(joinedSources()));
        return {};
    }
    const QString source = v.toString();
    for (QLatin1StringView allowed : ActionSources) {
        if (source == allowed)
            return source;
    }
    const QString folded = source.trimmed().toLower();
    for (QLatin1StringView allowed : ActionSources) {
        if (folded == allowed) {
            report.add("action_source.invalid"_L1, path,
                       u"action_source %1 is not accepted: Meta's values are exact and lowercase."_s.arg(preview(v)),
                       u"Send exactly \"%1\"."_s.arg(allowed));
            return {};
        }
    }
    report.add("action_source.invalid"_L1, path,
               u"action_source %1 is not one of Meta's values, so Meta rejects the request."_s.arg(preview(v)),
               u"Use one of: %1."_s.arg(joinedSources()));
    return {};
}

void checkWebsite(const Members &event, const Path &eventPath, Report &report)
{
    const QJsonValue url = event.value("event_source_url"_L1);
    if (isAbsent(url) || (url.isString() && url.toString().trimmed().isEmpty())) {
        report.add("website.event_source_url_missing"_L1, childPath(eventPath, u"event_source_url"),
                   u"This website event has no event_source_url (the page where it happened). Meta requires it "
                   "for website events and rejects the request without it."_s,
                   u"Add the full page address, e.g. \"event_source_url\": \"https://shop.example.com/thank-you\"."_s);
    }
    const QJsonValue userData = event.value("user_data"_L1);
    if (!userData.isObject())
        return; // user_data's own rules report this
    const QJsonValue ua = userData.toObject().value("client_user_agent"_L1);
    if (isAbsent(ua) || (ua.isString() && ua.toString().trimmed().isEmpty())) {
        report.add("website.client_user_agent_missing"_L1, childPath(childPath(eventPath, u"user_data"), u"client_user_agent"),
                   u"This website event has no client_user_agent (the visitor's browser identification). Meta "
                   "requires it for website events and rejects the request without it."_s,
                   u"Pass the visitor's User-Agent request header through unchanged (not your server's)."_s);
    }
}

void checkEventSourceUrl(const Members &event, const Path &eventPath, Report &report)
{
    const QJsonValue v = event.value("event_source_url"_L1);
    if (isAbsent(v))
        return;
    const Path path = childPath(eventPath, u"event_source_url");
    if (!v.isString()) {
        report.add("event_source_url.type"_L1, path, u"event_source_url is %1 but must be text."_s.arg(typeName(v)),
                   u"Send the page address as text: \"https://…\"."_s);
        return;
    }
    const QString text = v.toString();
    if (text.trimmed().isEmpty())
        return; // an empty value counts as missing for website events
    const QUrl url(text); // tolerant: shop URLs with spaces or non-ASCII paths still work
    const QString scheme = url.scheme();
    if (!url.isValid() || (scheme != u"http"_s && scheme != u"https"_s) || url.host().isEmpty()) {
        report.add("event_source_url.invalid"_L1, path,
                   u"event_source_url %1 is not a full web address, so Meta cannot tell which page or domain "
                   "the event came from."_s.arg(preview(v)),
                   u"Send the complete address including https:// and the domain."_s);
    }
}

/// Whether a missing event_id costs deduplication: website events may also come from the Pixel,
/// standard-named app events from the Meta SDK in the app. Offline sources have no twin.
bool dedupMatters(const QString &name, const QString &source)
{
    if (source == u"website"_s)
        return true;
    return source == u"app"_s && isStandardEvent(name);
}

void checkEventId(const Members &event, const Path &eventPath, const QString &name, const QString &source,
                  Report &report)
{
    const Path path = childPath(eventPath, u"event_id");
    const QJsonValue v = event.value("event_id"_L1);
    if (isAbsent(v) || (v.isString() && v.toString().isEmpty())) {
        if (!dedupMatters(name, source))
            return;
        const QString twin = source == u"app"_s ? u"the Meta SDK in your app"_s : u"the browser Pixel"_s;
        report.add("event_id.missing"_L1, path,
                   u"This event has no event_id. If %1 also sends it, Meta cannot tell the two apart and counts "
                   "the conversion twice."_s.arg(twin),
                   u"Send the same id on both sides: event_id here and eventID in the Pixel's "
                   "fbq('%1', '%2', {…}, {eventID: '…'}), e.g. \"purchase_\" + the order number."_s.arg(
                       isStandardEvent(name) || name.isEmpty() ? u"track"_s : u"trackCustom"_s,
                       name.isEmpty() ? u"Purchase"_s : name));
        return;
    }
    if (v.isDouble())
        return; // Meta reads it as text; the Pixel's eventID then has to be the same digits
    if (!v.isString()) {
        report.add("event_id.type"_L1, path, u"event_id is %1 but must be text."_s.arg(typeName(v)),
                   u"Send the id as text, the same text the Pixel sends as eventID."_s);
        return;
    }
    const QString id = v.toString();
    if (id != id.trimmed()) {
        report.add("event_id.whitespace"_L1, path,
                   u"event_id %1 has spaces (or line breaks) at the start or end. Deduplication compares ids "
                   "exactly, so it will not match the Pixel's eventID without them."_s.arg(preview(v)),
                   u"Trim the id on both sides before sending."_s);
    }
}

} // namespace

std::span<const QLatin1StringView> actionSources()
{
    return ActionSources;
}

std::span<const QLatin1StringView> standardEventNames()
{
    return StandardEvents;
}

bool isStandardEvent(QStringView name)
{
    for (QLatin1StringView standard : StandardEvents) {
        if (name == standard)
            return true;
    }
    return false;
}

void checkEvent(const QJsonObject &object, const Path &path, Report &report)
{
    const Members event(object);
    const QString name = checkEventName(event, path, report);
    checkEventTime(event, path, report);
    const QString source = checkActionSource(event, path, report);
    checkUserData(event, path, report);
    if (source == u"website"_s)
        checkWebsite(event, path, report);
    else if (source == u"app"_s)
        checkAppData(event, path, report);
    checkEventSourceUrl(event, path, report);
    checkEventId(event, path, name, source, report);
    checkCustomData(event, path, name, report);
}

void checkDuplicateEventIds(const QJsonArray &data, Report &report)
{
    QHash<QString, qsizetype> firstSeen;
    const Path root;
    const Path dataPath = root.child(u"data");
    for (qsizetype i = 0; i < data.size(); ++i) {
        const QJsonObject event = data.at(i).toObject();
        const QJsonValue name = event.value("event_name"_L1);
        const QJsonValue id = event.value("event_id"_L1);
        QString idText;
        if (id.isString())
            idText = id.toString();
        else if (id.isDouble())
            idText = preview(id);
        if (!name.isString() || idText.isEmpty())
            continue;
        // \x1f cannot occur in a sane name; it keeps ("a b","c") and ("a","b c") apart.
        const QString key = name.toString() + QChar(0x1f) + idText;
        const auto it = firstSeen.constFind(key);
        if (it == firstSeen.constEnd()) {
            firstSeen.insert(key, i);
            continue;
        }
        report.add("event_id.duplicate"_L1, childPath(dataPath.at(i), u"event_id"),
                   u"This %1 has the same event_id %2 as data[%3]. Meta keeps only the first one, so one of "
                   "the two conversions is dropped as a duplicate."_s.arg(name.toString(), preview(id)).arg(*it),
                   u"Give every distinct event its own id (e.g. include the order or line number). If it really is "
                   "the same event, send it once."_s);
    }
}

} // namespace capiqa::validate::detail
