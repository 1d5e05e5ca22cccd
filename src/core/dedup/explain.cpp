#include "explain.h"

#include "matcher.h"

#include <cmath>

namespace capiqa::dedup {

using namespace Qt::StringLiterals;
using capture::CapturedEvent;
using capture::Side;
using capture::TimeUnit;

QString formatDuration(qint64 ms)
{
    ms = std::abs(ms);
    const qint64 s = ms / 1000;
    if (s < 60)
        return s == 0 && ms > 0 ? QString::number(ms) + u" ms"_s : QString::number(s) + u" s"_s;
    if (s < 3600)
        return QString::number(s / 60) + u" min"_s;
    if (s < 86400)
        return QString::number(s / 3600) + u" h"_s + (s % 3600 >= 60 ? u" "_s + QString::number(s % 3600 / 60) + u" min"_s : QString());
    return QString::number(s / 86400) + u" d"_s + (s % 86400 >= 3600 ? u" "_s + QString::number(s % 86400 / 3600) + u" h"_s : QString());
}

bool isStandardEventName(const QString &name)
{
    static const QStringList names{
        u"PageView"_s, u"ViewContent"_s, u"Search"_s, u"AddToCart"_s, u"AddToWishlist"_s, u"InitiateCheckout"_s,
        u"AddPaymentInfo"_s, u"Purchase"_s, u"Lead"_s, u"CompleteRegistration"_s, u"Contact"_s, u"CustomizeProduct"_s,
        u"Donate"_s, u"FindLocation"_s, u"Schedule"_s, u"StartTrial"_s, u"SubmitApplication"_s, u"Subscribe"_s,
    };
    return names.contains(name);
}

namespace {

// "purchase_42" in quotes, so a trailing space or a quote inside the id can be seen.
QString q(const QString &text)
{
    return u"\u201C"_s + text + u"\u201D"_s;
}

QString pixelSide(Side side)
{
    return side == Side::Browser ? u"the Pixel"_s : u"your server"_s;
}

QString otherSideName(Side side)
{
    return side == Side::Browser ? u"server"_s : u"Pixel"_s;
}

QString valueText(const CapturedEvent &e)
{
    if (!e.hasValue)
        return {};
    return QString::number(e.value, 'f', std::fmod(e.value, 1.0) == 0.0 ? 0 : 2) + (e.currency.isEmpty() ? QString() : u' ' + e.currency);
}

// Where the mismatch between two ids lies, and the id template that fixes it.
Explanation idMismatch(const CapturedEvent &browser, const CapturedEvent &server, const QString &apart)
{
    const QString &b = browser.eventId;
    const QString &s = server.eventId;
    const QString head = u"Meta counts this %1 twice: the Pixel sends the id %2 and your server %3 (%4 apart), and Meta only merges identical ids"_s
                             .arg(browser.eventName, q(b), q(s), apart);
    Explanation x;
    if (b.trimmed() == s.trimmed() && b != s) {
        x.text = head + u": they differ only by spaces around the id."_s;
        x.fix = u"Trim the id on both sides before sending it: send %1 from the Pixel and the server."_s.arg(q(b.trimmed()));
    } else if (b.compare(s, Qt::CaseInsensitive) == 0) {
        x.text = head + u": they differ only in upper/lower case, and ids are case-sensitive."_s;
        x.fix = u"Send the id in one spelling from both sides (e.g. %1 everywhere): don't upper- or lower-case it on one side only."_s.arg(q(b));
    } else if (QString(b).remove(u'"').remove(u'\'') == QString(s).remove(u'"').remove(u'\'')) {
        x.text = head + u": one of them keeps quote characters inside the id."_s;
        x.fix = u"Remove the quotes: the id itself is %1 (a JSON-encoded string was sent as the value)."_s
                    .arg(q(QString(b).remove(u'"').remove(u'\'')));
    } else if (b.endsWith(s) && b.size() > s.size()) {
        const QString prefix = b.first(b.size() - s.size());
        x.text = head + u": the Pixel adds the prefix %1."_s.arg(q(prefix));
        x.fix = u"Your server sends %1, your pixel sends %2: use %3 on the server too."_s.arg(q(s), q(b), q(prefix + u"{id}"_s));
    } else if (s.endsWith(b) && s.size() > b.size()) {
        const QString prefix = s.first(s.size() - b.size());
        x.text = head + u": your server adds the prefix %1."_s.arg(q(prefix));
        x.fix = u"Your server sends %1, your pixel sends %2: use %3 as the Pixel's eventID too."_s.arg(q(s), q(b), q(prefix + u"{id}"_s));
    } else if (b.startsWith(s) && b.size() > s.size()) {
        const QString suffix = b.sliced(s.size());
        x.text = head + u": the Pixel adds the suffix %1."_s.arg(q(suffix));
        x.fix = u"Your server sends %1, your pixel sends %2: use %3 on the server too."_s.arg(q(s), q(b), q(u"{id}"_s + suffix));
    } else if (s.startsWith(b) && s.size() > b.size()) {
        const QString suffix = s.sliced(b.size());
        x.text = head + u": your server adds the suffix %1."_s.arg(q(suffix));
        x.fix = u"Your server sends %1, your pixel sends %2: use %3 as the Pixel's eventID too."_s.arg(q(s), q(b), q(u"{id}"_s + suffix));
    } else if (s.contains(b, Qt::CaseInsensitive) || b.contains(s, Qt::CaseInsensitive)) {
        x.text = head + u": one id is built around the other."_s;
        x.fix = u"Build the id once with one template (e.g. %1) and send the same string from the Pixel's eventID and the server's event_id."_s
                    .arg(q(u"purchase_{orderId}"_s));
    } else {
        const bool linkedByValue = browser.hasValue && server.hasValue;
        x.text = head + (linkedByValue ? u": the two ids share nothing, but the same %1 at the same moment is the same conversion."_s.arg(valueText(browser))
                                       : u": the two ids are different schemes for the same conversion."_s);
        x.fix = u"Generate one id per conversion (the order number, e.g. %1) and send it both as the Pixel's eventID and as the server's event_id, instead of %2 on one side and %3 on the other."_s
                    .arg(q(u"purchase_{orderId}"_s), q(b), q(s));
    }
    return x;
}

Explanation nameMismatch(const CapturedEvent &e, const CapturedEvent &other)
{
    const CapturedEvent &browser = e.side == Side::Browser ? e : other;
    const CapturedEvent &server = e.side == Side::Browser ? other : e;
    Explanation x;
    const bool caseOnly = browser.eventName.compare(server.eventName, Qt::CaseInsensitive) == 0;
    x.text = u"Same id %1, but the Pixel sends the event name %2 and your server %3%4: Meta merges only events with the same name, so it counts both."_s
                 .arg(q(e.eventId), q(browser.eventName), q(server.eventName), caseOnly ? u" (names are case-sensitive)"_s : QString());
    // Fix the side that strays from the standard name; otherwise align the server with the Pixel.
    if (isStandardEventName(server.eventName) && !isStandardEventName(browser.eventName))
        x.fix = u"Use %1 in fbq('track', %1, …) on the page instead of %2."_s.arg(q(server.eventName), q(browser.eventName));
    else
        x.fix = u"Send event_name %1 from your server instead of %2, exactly as the Pixel does."_s.arg(q(browser.eventName), q(server.eventName));
    return x;
}

Explanation timeError(const CapturedEvent &e, const CapturedEvent *other, const DedupResult &result)
{
    Explanation x;
    const CapturedEvent *server = e.side == Side::Server ? &e : other;
    const CapturedEvent *browser = e.side == Side::Browser ? &e : other;
    if (server && isRejectedForTime(*server)) {
        QString what;
        switch (server->timeUnit) {
        case TimeUnit::Milliseconds:
            what = u"event_time %1 is in milliseconds (13 digits); Meta wants Unix seconds, reads it as a date thousands of years ahead and rejects the whole request"_s
                       .arg(server->rawTime);
            x.fix = u"Send seconds: divide by 1000 (Math.floor(Date.now() / 1000), time() in PHP, int(time.time()) in Python): %1 instead of %2."_s
                        .arg(server->rawTime / 1000)
                        .arg(server->rawTime);
            break;
        case TimeUnit::Microseconds:
            what = u"event_time %1 is in microseconds; Meta wants Unix seconds and rejects the whole request"_s.arg(server->rawTime);
            x.fix = u"Send seconds: divide by 1,000,000 (%1 instead of %2)."_s.arg(server->rawTime / 1000000).arg(server->rawTime);
            break;
        case TimeUnit::Missing:
            what = u"the server event has no event_time, which Meta requires; it rejects the request"_s;
            x.fix = u"Set event_time to the Unix time in seconds when the conversion happened."_s;
            break;
        default:
            what = u"event_time is not a Unix time in seconds (e.g. an ISO date or a zero); Meta rejects the request"_s;
            x.fix = u"Send event_time as an integer number of seconds since 1970 (UTC), e.g. Math.floor(Date.now() / 1000)."_s;
            break;
        }
        if (&e == server)
            x.text = what + (browser ? u", so only the Pixel's copy of this %1 counts."_s.arg(e.eventName)
                                     : u", so this %1 is lost."_s.arg(e.eventName));
        else
            x.text = u"This Pixel %1 counts, but its server twin is lost: "_s.arg(e.eventName) + what + u'.';
        return x;
    }
    if (browser && browser->timeUnit != TimeUnit::Milliseconds && hasTimeUnitError(*browser)) {
        x.text = u"The Pixel hit's ts %1 is not in milliseconds (a hand-built /tr URL?), so its time cannot be compared with the server's."_s.arg(browser->rawTime);
        x.fix = u"Let the Pixel (fbq) send its own hits; a hand-built /tr URL must give ts in milliseconds (Date.now())."_s;
        return x;
    }
    if (browser && server) {
        const qint64 delta = server->timeMs - browser->timeMs;
        const qint64 hours = std::llround(double(std::abs(delta)) / 3600000.0);
        const bool wholeHours = hours >= 1 && hours <= 14 && std::abs(std::abs(delta) - hours * 3600000) <= 120000;
        x.text = u"Meta merges this %1 (same pixel, name and id within 48 h), but the server's event_time is %2 %3 the Pixel's ts%4: the conversion is reported at the wrong time."_s
                     .arg(e.eventName, formatDuration(delta), delta > 0 ? u"after"_s : u"before"_s,
                          wholeHours ? u", a whole number of hours (local time sent as if it were UTC)"_s : QString());
        x.fix = wholeHours ? u"Send event_time in UTC: a Unix timestamp is time-zone free; don't build it from a local date string."_s
                           : u"Send the moment of the conversion as event_time (not the order creation time or the time of a batch job); it should be within minutes of the Pixel's."_s;
        Q_UNUSED(result);
    }
    return x;
}

} // namespace

Explanation explain(const std::vector<CapturedEvent> &events, const DedupResult &result, qsizetype index)
{
    const CapturedEvent &e = events[size_t(index)];
    const EventVerdict &v = result.verdicts[size_t(index)];
    const CapturedEvent *other = v.counterpart >= 0 ? &events[size_t(v.counterpart)] : nullptr;
    const QString apart = other ? formatDuration(e.timeMs - other->timeMs) : QString();
    const QString id = q(e.eventId);
    Explanation x;
    switch (v.category) {
    case Category::Deduplicated: {
        const bool browserKept = (e.side == Side::Browser) == (v.effect == Effect::Counted);
        const QString why = std::abs(e.timeMs - other->timeMs) <= result.options.browserFavourMs
            ? u"both arrived within 5 minutes, so Meta favours the browser event"_s
            : u"it arrived first"_s;
        x.text = u"Meta merges this %1 with the %2 event of the same id %3 (%4 apart) and keeps the %5 one: %6."_s
                     .arg(e.eventName, otherSideName(e.side), id, apart, browserKept ? u"Pixel"_s : u"server"_s, why);
        break;
    }
    case Category::BrowserOnly:
        x.text = u"Only the Pixel sent this %1 (id %2): your server sent no event with the same pixel, name and id, nor anything close to it."_s
                     .arg(e.eventName, id);
        x.fix = u"If your server should report %1 too, send it via the Conversions API with event_id %2 (the same as the Pixel's eventID); if not, nothing to fix."_s
                    .arg(e.eventName, id);
        break;
    case Category::ServerOnly:
        x.text = u"Only your server sent this %1 (id %2): no Pixel hit has the same pixel, name and id (an ad blocker, or the page never calls fbq('track', '%1'))."_s
                     .arg(e.eventName, id);
        x.fix = u"If the page should report it too, call fbq('track', '%1', {…}, {eventID: %2}) there; if the server alone reports it, nothing to fix."_s
                    .arg(e.eventName, id);
        break;
    case Category::IdMismatch:
        x = idMismatch(e.side == Side::Browser ? e : *other, e.side == Side::Browser ? *other : e, apart);
        break;
    case Category::NameMismatch:
        x = nameMismatch(e, *other);
        break;
    case Category::PixelMismatch: {
        const CapturedEvent &browser = e.side == Side::Browser ? e : *other;
        const CapturedEvent &server = e.side == Side::Browser ? *other : e;
        x.text = u"Same %1 with the same id %2, but the Pixel sent it to pixel %3 and your server to pixel %4: Meta deduplicates only within one pixel, so it counts both."_s
                     .arg(e.eventName, id, browser.pixelId.isEmpty() ? u"(none)"_s : browser.pixelId,
                          server.pixelId.isEmpty() ? u"(none)"_s : server.pixelId);
        x.fix = u"Send the server event to pixel %1 (POST /{version}/%1/events), the pixel the page initialises, or initialise the Pixel with %2."_s
                    .arg(browser.pixelId, server.pixelId);
        break;
    }
    case Category::OutsideWindow:
        x.text = u"Same pixel, name and id %1, but the %2 event is %3 away: more than Meta's 48-hour window, so this %4 is counted twice."_s
                     .arg(id, otherSideName(e.side), apart, e.eventName);
        x.fix = u"Send the server event when the conversion happens (within minutes of the Pixel), not in a batch days later; or check the ids are not reused."_s;
        break;
    case Category::MissingEventId:
        if (e.eventId.trimmed().isEmpty()) {
            x.text = other ? u"This %1 from %2 has no event id, so Meta can never merge it with its %3 twin (same pixel and name%4, %5 apart): counted twice."_s
                                 .arg(e.eventName, pixelSide(e.side), otherSideName(e.side),
                                      e.hasValue ? u", value "_s + valueText(e) : QString(), apart)
                           : u"This %1 from %2 has no event id, so Meta could never merge it with a %3 copy (none was found here)."_s
                                 .arg(e.eventName, pixelSide(e.side), otherSideName(e.side));
            if (other && !other->eventId.trimmed().isEmpty())
                x.fix = e.side == Side::Browser ? u"Pass the server's id as the 4th argument: fbq('track', '%1', {…}, {eventID: %2})."_s.arg(e.eventName, q(other->eventId))
                                                : u"Set event_id on the server event to %1, the Pixel's eventID."_s.arg(q(other->eventId));
            else
                x.fix = u"Give each %1 one id (e.g. %2) and send it from both sides: fbq('track', '%1', {…}, {eventID: id}) on the page and event_id on the server."_s
                            .arg(e.eventName, q(e.eventName.toLower() + u"_{orderId}"_s));
        } else {
            x.text = u"Its %1 twin (same pixel and name, %2 apart) has no event id, so Meta cannot merge them: this %3 is counted twice."_s
                         .arg(otherSideName(e.side), apart, e.eventName);
            x.fix = e.side == Side::Browser ? u"Set event_id on the server event to %1, as the Pixel does."_s.arg(id)
                                            : u"Pass {eventID: %1} as the 4th argument of fbq('track', '%2', …) on the page."_s.arg(id, e.eventName);
        }
        break;
    case Category::TimeUnitError:
        x = timeError(e, other, result);
        break;
    case Category::DuplicateSameSide:
        x.text = u"%1 sent this %2 with id %3 again, %4 after the first copy (line %5): %6"_s
                     .arg(e.side == Side::Browser ? u"The Pixel"_s : u"Your server"_s, e.eventName, id, apart)
                     .arg(other ? other->line : 0)
                     .arg(v.effect == Effect::MergedAway ? u"Meta drops repeats within 48 hours, so it counts once, but the repeat means the code fires twice."_s
                                                         : u"that is more than 48 hours later, so Meta counts it again."_s);
        x.fix = e.side == Side::Browser
            ? u"Fire fbq('track', '%1') once per conversion: look for fbq('init') called twice for one pixel, two tags (theme and tag manager), or a thank-you page that reloads."_s.arg(e.eventName)
            : u"Send each conversion once: guard webhook retries and re-sent batches with the event_id (an idempotency check)."_s;
        break;
    }
    return x;
}

} // namespace capiqa::dedup
