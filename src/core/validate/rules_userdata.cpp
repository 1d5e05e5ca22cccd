// user_data rules: which keys must be hashed (and are not), which must never be hashed (and
// are), the shapes of fbc / fbp / client_ip_address, and keys Meta does not know.
// Messages never repeat the customer's value: findings end up in tickets and logs.
#include "rules.h"

#include <QtNetwork/QHostAddress>

#include <array>

namespace capiqa::validate::detail {

using namespace Qt::StringLiterals;

namespace {

/// Keys Meta expects as SHA-256 of the normalised value.
struct HashedKey
{
    QLatin1StringView key;
    QLatin1StringView what;      ///< for "looks like a raw …"
    QLatin1StringView normalise; ///< Meta's normalisation, for the fix
};
constexpr HashedKey HashedKeys[] = {
    {"em"_L1, "email address"_L1, "trim spaces, lowercase"_L1},
    {"ph"_L1, "phone number"_L1, "digits only, with the country code, no + and no leading zeros"_L1},
    {"fn"_L1, "first name"_L1, "lowercase, no punctuation"_L1},
    {"ln"_L1, "last name"_L1, "lowercase, no punctuation"_L1},
    {"ge"_L1, "gender"_L1, "\"f\" or \"m\""_L1},
    {"db"_L1, "date of birth"_L1, "YYYYMMDD"_L1},
    {"ct"_L1, "city"_L1, "lowercase, no spaces or punctuation"_L1},
    {"st"_L1, "state"_L1, "2-letter code, lowercase"_L1},
    {"zp"_L1, "zip or postal code"_L1, "lowercase, no spaces (US: first 5 digits)"_L1},
    {"country"_L1, "country"_L1, "2-letter ISO 3166 code, lowercase"_L1},
    // Partial name and birth-date keys from Meta's customer information parameters.
    {"f5first"_L1, "first name"_L1, "first 5 letters, lowercase"_L1},
    {"f5last"_L1, "last name"_L1, "first 5 letters, lowercase"_L1},
    {"fi"_L1, "first initial"_L1, "lowercase"_L1},
    {"dobd"_L1, "birth day"_L1, "DD"_L1},
    {"dobm"_L1, "birth month"_L1, "MM"_L1},
    {"doby"_L1, "birth year"_L1, "YYYY"_L1},
};

/// Keys Meta needs exactly as collected: a hash of them cannot be matched.
struct PlainKey
{
    QLatin1StringView key;
    QLatin1StringView what;
    bool textOnly;   ///< numbers are not acceptable either
    bool strictHash; ///< also flag 32-hex (MD5-like) values; ids may legitimately be 32 hex
};
constexpr PlainKey PlainKeys[] = {
    {"client_ip_address"_L1, "IP address"_L1, true, true},
    {"client_user_agent"_L1, "browser user agent"_L1, true, true},
    {"fbc"_L1, "click id cookie (_fbc)"_L1, true, true},
    {"fbp"_L1, "browser id cookie (_fbp)"_L1, true, true},
    {"subscription_id"_L1, "subscription id"_L1, false, false},
    {"fb_login_id"_L1, "Facebook Login id"_L1, false, false},
    {"lead_id"_L1, "lead id"_L1, false, false},
    {"anon_id"_L1, "app install id"_L1, false, false},
    {"madid"_L1, "mobile advertiser id"_L1, false, false},
    {"page_id"_L1, "Page id"_L1, false, false},
    {"page_scoped_user_id"_L1, "Page-scoped user id"_L1, false, false},
    {"ctwa_clid"_L1, "click-to-WhatsApp click id"_L1, false, false},
    {"ig_account_id"_L1, "Instagram account id"_L1, false, false},
    {"ig_sid"_L1, "Instagram scoped user id"_L1, false, false},
};

/// Names teams send instead of Meta's keys; Meta silently ignores them.
struct KeyAlias
{
    QLatin1StringView key;
    QLatin1StringView to;
};
constexpr KeyAlias KeyAliases[] = {
    {"email"_L1, "em"_L1}, {"emails"_L1, "em"_L1}, {"e-mail"_L1, "em"_L1},
    {"phone"_L1, "ph"_L1}, {"phone_number"_L1, "ph"_L1}, {"phonenumber"_L1, "ph"_L1},
    {"first_name"_L1, "fn"_L1}, {"firstname"_L1, "fn"_L1},
    {"last_name"_L1, "ln"_L1}, {"lastname"_L1, "ln"_L1},
    {"gender"_L1, "ge"_L1},
    {"dob"_L1, "db"_L1}, {"date_of_birth"_L1, "db"_L1}, {"birthday"_L1, "db"_L1}, {"birthdate"_L1, "db"_L1},
    {"city"_L1, "ct"_L1}, {"state"_L1, "st"_L1},
    {"zip"_L1, "zp"_L1}, {"zipcode"_L1, "zp"_L1}, {"zip_code"_L1, "zp"_L1}, {"postal_code"_L1, "zp"_L1},
    {"postcode"_L1, "zp"_L1},
    {"country_code"_L1, "country"_L1},
    {"externalid"_L1, "external_id"_L1}, {"external_ids"_L1, "external_id"_L1}, {"user_id"_L1, "external_id"_L1},
    {"ip"_L1, "client_ip_address"_L1}, {"ip_address"_L1, "client_ip_address"_L1}, {"client_ip"_L1, "client_ip_address"_L1},
    {"user_agent"_L1, "client_user_agent"_L1}, {"useragent"_L1, "client_user_agent"_L1}, {"ua"_L1, "client_user_agent"_L1},
    {"_fbc"_L1, "fbc"_L1}, {"_fbp"_L1, "fbp"_L1},
};

template <typename T>
const T *findKey(std::span<const T> table, QStringView key)
{
    for (const T &row : table) {
        if (key == row.key)
            return &row;
    }
    return nullptr;
}

char16_t unit(QChar c) { return c.unicode(); }
char16_t unit(char c) { return static_cast<unsigned char>(c); }

/// 1: a digit or a-f, 2: A-F, 0: anything else. A table, not comparisons: in a hash digits and
/// letters alternate at random, and the branches of comparisons would mispredict half the time.
constexpr std::array<quint8, 128> HexClass = [] {
    std::array<quint8, 128> table{};
    for (char c = '0'; c <= '9'; ++c)
        table[size_t(c)] = 1;
    for (char c = 'a'; c <= 'f'; ++c)
        table[size_t(c)] = 1;
    for (char c = 'A'; c <= 'F'; ++c)
        table[size_t(c)] = 2;
    return table;
}();

template <typename View>
bool isHex(View s, bool *upper)
{
    if (s.isEmpty())
        return false;
    quint8 all = 3; // stays non-zero while every character is hex
    quint8 any = 0;
    for (auto ch : s) {
        const char16_t c = unit(ch);
        const quint8 k = c < 128 ? HexClass[c] : 0;
        all &= k ? 3 : 0;
        any |= k;
    }
    if (!all)
        return false;
    if (any & 2)
        *upper = true;
    return true;
}

/// The parameter builder's version marker after the last dot: short base64url text.
template <typename View>
bool isAppendix(View s)
{
    if (s.isEmpty() || s.size() > 16)
        return false;
    bool letter = false;
    for (auto ch : s) {
        const char16_t c = unit(ch);
        if ((c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z'))
            letter = true;
        else if (!(c >= u'0' && c <= u'9') && c != u'-' && c != u'_')
            return false;
    }
    return letter; // all digits would be an ordinary number part, not a marker
}

template <typename View>
HashShape hashShapeOf(View s)
{
    qsizetype dot = -1; // found by hand: QLatin1StringView::indexOf() is a slow general search
    for (qsizetype i = 0; i < s.size(); ++i) {
        if (unit(s[i]) == u'.') {
            dot = i;
            break;
        }
    }
    View head = s;
    if (dot >= 0) {
        if (!isAppendix(s.mid(dot + 1)))
            return HashShape::NotHash;
        head = s.left(dot);
    }
    if (head.size() != 64 && head.size() != 32)
        return HashShape::NotHash;
    bool upper = false;
    if (!isHex(head, &upper))
        return HashShape::NotHash;
    return upper ? HashShape::Upper : HashShape::Lower;
}

/// For the alias fix: a renamed key that Meta expects hashed must be hashed as well.
QString hashedKeyNote(QLatin1StringView key)
{
    if (findKey(std::span<const HashedKey>(HashedKeys), QString(key)))
        return u" and send the SHA-256 of the normalised value, not the value itself"_s;
    return {};
}

bool allDigits(QStringView s)
{
    if (s.isEmpty())
        return false;
    return std::all_of(s.begin(), s.end(), [](QChar c) { return c >= u'0' && c <= u'9'; });
}

/// Why a value in a hashed key is not a usable hash, in plain words, without repeating it.
QString rawDescription(const HashedKey &key, QStringView s)
{
    bool upper = false;
    if (isHex(s, &upper) && s.size() == 40)
        return u"looks like a SHA-1 hash (40 characters), but Meta only reads SHA-256 (64 characters)"_s;
    if (isHex(s, &upper) && s.size() >= 16)
        return u"looks like a cut-off or damaged hash (%1 hex characters; SHA-256 has 64)"_s.arg(s.size());
    if (s.size() == 44 && s.endsWith(u'='))
        return u"looks like a SHA-256 hash written in base64, but Meta needs it as 64 hex characters"_s;
    if (s.contains(u'@'))
        return key.key == "em"_L1 ? u"looks like a raw email address"_s
                                  : u"looks like a raw email address (in the wrong field, too)"_s;
    return u"looks like a raw %1 (not hashed)"_s.arg(key.what);
}

/// Walks a user_data value that may be one value or a list of values; reports the shape
/// problems (null, empty, wrong type) and hands every usable string or number to `check`, with
/// the text of a string already taken out (once: this runs for every value received).
template <typename Check>
void forEachValue(const QJsonValue &value, const Path &path, QStringView key, bool listAllowed, Report &report,
                  Check &&check)
{
    const auto one = [&](const QJsonValue &v, const Path &p) {
        if (v.isNull()) {
            report.add("user_data.null_entry"_L1, p,
                       u"%1 holds null, which Meta discards. Usually a normaliser gave up on the value (the Node "
                       "SDK does this for an unknown gender or a too-short zip code)."_s.arg(key),
                       u"Leave the key out (or the entry out of the list) when there is no value."_s);
        } else if (v.isString()) {
            const QString text = v.toString();
            if (QStringView(text).trimmed().isEmpty()) {
                report.add("user_data.empty_entry"_L1, p, u"%1 is empty, so it adds nothing."_s.arg(key),
                           u"Leave the key out when there is no value."_s);
            } else {
                check(v, text, p);
            }
        } else if (v.isDouble()) {
            check(v, QString(), p);
        } else {
            report.add("user_data.value_type"_L1, p,
                       u"%1 holds %2, but Meta expects %3."_s.arg(key, typeName(v),
                                                                  listAllowed ? u"text or a list of texts"_s : u"text"_s),
                       listAllowed ? u"Send a text value, or a list of text values for several (e.g. two emails)."_s
                                   : u"Send the value as text."_s);
        }
    };
    if (!value.isArray()) {
        one(value, path);
        return;
    }
    if (!listAllowed) {
        report.add("user_data.value_type"_L1, path, u"%1 is a list, but Meta expects a single text value."_s.arg(key),
                   u"Send one value as text, not a list."_s);
        return;
    }
    const QJsonArray list = value.toArray();
    if (list.isEmpty()) {
        report.add("user_data.empty_entry"_L1, path, u"%1 is an empty list, so it adds nothing."_s.arg(key),
                   u"Leave the key out when there is no value."_s);
    }
    for (qsizetype i = 0; i < list.size(); ++i)
        one(list.at(i), indexPath(path, i));
}

void checkHashedValue(const HashedKey &key, const QJsonValue &v, const QString &s, const Path &path, Report &report)
{
    // Built only when needed: most values are fine, and this runs for every hashed value.
    const auto fix = [&key] {
        return u"Hash it before sending: normalise it (%1), then SHA-256, written as 64 lowercase hex "
               "characters. The Meta SDKs and capiqa's hash tool do both steps."_s.arg(key.normalise);
    };
    if (v.isDouble()) {
        report.add("user_data.raw_pii"_L1, path,
                   u"%1 is a plain number: a raw %2, not a hash. Meta cannot match unhashed data, and sending it "
                   "exposes the customer's personal data."_s.arg(key.key, key.what),
                   fix());
        return;
    }
    switch (hashShape(s)) {
    case HashShape::Lower: return;
    case HashShape::Upper:
        report.add("user_data.uppercase_hash"_L1, path,
                   u"%1 is a hash written in uppercase hex. Meta expects lowercase and may not match it."_s.arg(key.key),
                   u"Lowercase the hex digits of the hash (do not hash it again)."_s);
        return;
    case HashShape::NotHash: break;
    }
    if (hashShapeOf(QStringView(s).trimmed()) != HashShape::NotHash) {
        report.add("user_data.hash_whitespace"_L1, path,
                   u"%1 is a hash with spaces or line breaks around it, so Meta may not recognise it as a hash."_s.arg(key.key),
                   u"Trim the value (do not hash it again)."_s);
        return;
    }
    report.add("user_data.raw_pii"_L1, path,
               u"%1 %2. Meta only matches SHA-256 hashes, so this value is wasted, and sending it unhashed exposes "
               "the customer's personal data."_s.arg(key.key, rawDescription(key, s)),
               fix());
}

/// QStringView::split(u'.') without its QList: this runs for every IP and cookie received.
QVarLengthArray<QStringView, 8> splitDots(QStringView s)
{
    QVarLengthArray<QStringView, 8> parts;
    qsizetype from = 0;
    for (qsizetype dot = s.indexOf(u'.'); dot >= 0; dot = s.indexOf(u'.', from)) {
        parts.append(s.sliced(from, dot - from));
        from = dot + 1;
    }
    parts.append(s.sliced(from));
    return parts;
}

bool parseStrictIp(const QString &s, QHostAddress *out)
{
    if (s.contains(u':')) {
        QHostAddress a;
        if (!a.setAddress(s) || a.protocol() != QAbstractSocket::IPv6Protocol)
            return false;
        *out = a;
        return true;
    }
    // QHostAddress also takes shorthand such as "10.1"; Meta wants the four-part form.
    const auto parts = splitDots(s);
    if (parts.size() != 4)
        return false;
    quint32 v4 = 0;
    bool leadingZero = false;
    for (QStringView p : parts) {
        if (p.size() > 3 || !allDigits(p) || p.toInt() > 255)
            return false;
        leadingZero |= p.size() > 1 && p.front() == u'0';
        v4 = (v4 << 8) | quint32(p.toInt());
    }
    // Plain dotted decimal is the address it spells (this runs for every event the emulator
    // receives); leave "010.…" to QHostAddress, whose reading of a leading zero decides.
    if (leadingZero)
        return out->setAddress(s);
    *out = QHostAddress(v4);
    return true;
}

/// Addresses no visitor on the internet can have: what a server sees behind a proxy or load
/// balancer when it forgets X-Forwarded-For.
bool isNonPublic(QHostAddress a)
{
    bool mapped = false;
    const quint32 v4 = a.toIPv4Address(&mapped);
    if (mapped)
        a = QHostAddress(v4);
    if (a.isLoopback() || a.isLinkLocal() || a.isSiteLocal() || a.isUniqueLocalUnicast() || a.isMulticast()
        || a.isBroadcast() || a == QHostAddress(QHostAddress::AnyIPv4) || a == QHostAddress(QHostAddress::AnyIPv6))
        return true;
    if (a.protocol() != QAbstractSocket::IPv4Protocol)
        return false;
    static const QList<QPair<QHostAddress, int>> privateNets{
        QHostAddress::parseSubnet(u"10.0.0.0/8"_s),    QHostAddress::parseSubnet(u"172.16.0.0/12"_s),
        QHostAddress::parseSubnet(u"192.168.0.0/16"_s), QHostAddress::parseSubnet(u"100.64.0.0/10"_s),
        QHostAddress::parseSubnet(u"0.0.0.0/8"_s),
    };
    return std::any_of(privateNets.cbegin(), privateNets.cend(), [&a](const auto &net) { return a.isInSubnet(net); });
}

bool parseClientIp(const QString &s, QHostAddress *address)
{
    if (parseStrictIp(s, address))
        return true;
    // The parameter builder appends ".APPENDIX" (e.g. "203.0.113.7.AQQAAQMC").
    const qsizetype dot = s.lastIndexOf(u'.');
    return dot > 0 && isAppendix(QStringView(s).mid(dot + 1)) && parseStrictIp(s.left(dot), address);
}

void checkClientIp(const QString &s, const Path &path, Report &report)
{
    QHostAddress address;
    if (!parseClientIp(s, &address)) {
        QString why = u"is not a valid IPv4 or IPv6 address"_s;
        if (s.contains(u','))
            why = u"holds several addresses (a copied X-Forwarded-For header)"_s;
        else if (s.count(u':') == 1 || s.startsWith(u'['))
            why = u"includes a port or brackets"_s;
        report.add("user_data.client_ip_invalid"_L1, path, u"client_ip_address %1, so Meta cannot use it."_s.arg(why),
                   u"Send only the visitor's address, e.g. \"203.0.113.7\" or \"2001:db8::1\": the first entry of "
                   "X-Forwarded-For when behind a proxy, without port."_s);
        return;
    }
    if (isNonPublic(address)) {
        report.add("user_data.client_ip_private"_L1, path,
                   u"client_ip_address is a private or local address (%1). That is your own network, not the "
                   "visitor's, so Meta cannot match it to anyone."_s.arg(address.toString()),
                   u"Take the visitor's public address: behind a proxy or load balancer, the first entry of the "
                   "X-Forwarded-For header."_s);
    }
}

void checkFbCookie(bool fbc, const QString &s, const Path &path, Report &report)
{
    const QLatin1StringView key = fbc ? "fbc"_L1 : "fbp"_L1;
    const QString shape = fbc ? u"fb.1.{creation time in ms}.{fbclid}"_s : u"fb.1.{creation time in ms}.{random number}"_s;
    const auto parts = splitDots(s);
    QString problem;
    if (!s.startsWith(u"fb."_s)) {
        const bool bareClickId = fbc && parts.size() == 1 && s.size() >= 10;
        problem = bareClickId ? u"looks like a bare fbclid (the click id from the page address) without the "
                                "\"fb.1.{time}.\" around it"_s
                              : u"does not start with \"fb.\""_s;
    } else if (parts.size() < 4 || parts.size() > 5 || (parts.size() == 5 && !isAppendix(parts.at(4)))) {
        problem = u"has %1 dot-separated parts instead of 4 (or 5 with the parameter builder's marker)"_s.arg(parts.size());
    } else if (!allDigits(parts.at(1)) || !allDigits(parts.at(2))) {
        problem = u"has a non-numeric subdomain index or creation time"_s;
    } else if (fbc && (parts.at(3).isEmpty() || parts.at(3) == u"undefined"_s || parts.at(3) == u"null"_s)) {
        problem = u"has no real click id (\"%1\"): the fbclid was missing when it was built"_s.arg(parts.at(3));
    } else if (!fbc && !allDigits(parts.at(3))) {
        problem = u"has a random part that is not a number"_s;
    } else if (parts.at(2).size() == 10) {
        report.add(fbc ? "user_data.fbc_seconds"_L1 : "user_data.fbp_seconds"_L1, path,
                   u"The creation time inside %1 has 10 digits: seconds instead of milliseconds. Meta reads it as "
                   "a time in early 1970, which can put the click outside the attribution window."_s.arg(key),
                   u"Build it with milliseconds (Date.now(), not Date.now()/1000), or better, pass the _%1 cookie "
                   "through unchanged."_s.arg(key));
        return;
    } else if (parts.at(2).size() != 13) {
        problem = u"has a creation time of %1 digits; it should be 13 (milliseconds)"_s.arg(parts.at(2).size());
    }
    if (problem.isEmpty())
        return;
    report.add(fbc ? "user_data.fbc_format"_L1 : "user_data.fbp_format"_L1, path,
               u"%1 %2. Meta expects %3, so it cannot use it%4."_s.arg(key, problem, shape,
                                                                    fbc ? u" to credit the ad click"_s : QString()),
               fbc ? u"Send the _fbc cookie unchanged; without one, build fb.1.{Date.now()}.{fbclid} from the "
                     "fbclid in the landing page address."_s
                   : u"Send the _fbp cookie unchanged."_s);
}

void checkPlainValue(const PlainKey &key, const QJsonValue &v, const QString &text, const Path &path, Report &report)
{
    if (!v.isString()) {
        if (key.textOnly) {
            report.add("user_data.value_type"_L1, path, u"%1 is %2 but must be text."_s.arg(key.key, typeName(v)),
                       u"Send the value as text."_s);
        }
        return;
    }
    const QString s = text.trimmed();
    const HashShape shape = hashShape(s);
    const bool hashed = shape != HashShape::NotHash && (key.strictHash || s.size() >= 64);
    if (hashed) {
        report.add("user_data.hashed_not_allowed"_L1, path,
                   u"%1 looks hashed. Meta needs the %2 exactly as collected; a hashed value cannot be matched."_s.arg(
                       key.key, key.what),
                   u"Send %1 unhashed. Only em, ph, fn, ln, ge, db, ct, st, zp and country are hashed."_s.arg(key.key));
        return;
    }
    if (key.key == "client_ip_address"_L1)
        checkClientIp(s, path, report);
    else if (key.key == "fbc"_L1 || key.key == "fbp"_L1)
        checkFbCookie(key.key == "fbc"_L1, s, path, report);
}

void checkExternalId(const QJsonValue &value, const Path &path, Report &report)
{
    bool reported = false;
    forEachValue(value, path, u"external_id", true, report, [&](const QJsonValue &v, const QString &text, const Path &p) {
        if (reported || (v.isString() && hashShape(QStringView(text).trimmed()) != HashShape::NotHash))
            return;
        reported = true; // once per key: a list of ids needs one fix, not one per entry
        report.add("user_data.external_id_unhashed"_L1, p,
                   u"external_id is not hashed. Meta accepts that, but recommends hashing it, as it is your "
                   "customer's id."_s,
                   u"Optional: send the SHA-256 of the id, and use the same hashed id in the Pixel's advanced "
                   "matching so the two still match."_s);
    });
}

} // namespace

HashShape hashShape(QStringView s)
{
    return hashShapeOf(s);
}

HashShape hashShape(QLatin1StringView s)
{
    return hashShapeOf(s);
}

UserDataKey userDataKey(QLatin1StringView key)
{
    UserDataKey result;
    for (qsizetype i = 0; i < qsizetype(std::size(HashedKeys)); ++i) {
        if (key == HashedKeys[i].key) {
            result.kind = UserDataKey::Hashed;
            result.index = int(i);
            return result;
        }
    }
    for (qsizetype i = 0; i < qsizetype(std::size(PlainKeys)); ++i) {
        if (key == PlainKeys[i].key) {
            result.kind = UserDataKey::Plain;
            result.textOnly = PlainKeys[i].textOnly;
            result.strictHash = PlainKeys[i].strictHash;
            result.ipAddress = PlainKeys[i].key == "client_ip_address"_L1;
            result.index = int(std::size(HashedKeys) + i);
            return result;
        }
    }
    if (key == "external_id"_L1) {
        result.kind = UserDataKey::ExternalId;
        result.index = int(std::size(HashedKeys) + std::size(PlainKeys));
    }
    return result;
}

bool isValidClientIp(const QString &s)
{
    QHostAddress address;
    return parseClientIp(s, &address);
}

void checkUserData(const Members &event, const Path &eventPath, Report &report)
{
    const Path udPath = childPath(eventPath, u"user_data");
    const QJsonValue v = event.value("user_data"_L1);
    if (isAbsent(v)) {
        report.add("user_data.missing"_L1, udPath,
                   u"The event has no user_data (who the customer is). Meta rejects the request."_s,
                   u"Add \"user_data\" with the customer information you have: hashed em/ph, client_ip_address, "
                   "client_user_agent, fbc, fbp, external_id."_s);
        return;
    }
    if (!v.isObject()) {
        report.add("user_data.type"_L1, udPath,
                   u"user_data is %1 but must be an object of customer information. Meta rejects the request."_s.arg(typeName(v)),
                   u"Send user_data as {\"em\": [\"<sha256>\"], \"client_ip_address\": \"…\", …}."_s);
        return;
    }
    const QJsonObject ud = v.toObject();
    qsizetype usable = 0;
    for (auto it = ud.constBegin(); it != ud.constEnd(); ++it) {
        const QString key = it.key();
        const QJsonValue value = it.value();
        const Path path = childPath(udPath, key);
        const bool present = !isAbsent(value) && !(value.isString() && value.toString().trimmed().isEmpty())
                          && !(value.isArray() && value.toArray().isEmpty());
        if (const HashedKey *hk = findKey(std::span<const HashedKey>(HashedKeys), key)) {
            usable += present;
            forEachValue(value, path, key, true, report,
                         [&](const QJsonValue &entry, const QString &text, const Path &p) {
                             checkHashedValue(*hk, entry, text, p, report);
                         });
        } else if (const PlainKey *pk = findKey(std::span<const PlainKey>(PlainKeys), key)) {
            usable += present;
            forEachValue(value, path, key, false, report,
                         [&](const QJsonValue &entry, const QString &text, const Path &p) {
                             checkPlainValue(*pk, entry, text, p, report);
                         });
        } else if (key == u"external_id"_s) {
            usable += present;
            checkExternalId(value, path, report);
        } else if (const KeyAlias *alias = findKey(std::span<const KeyAlias>(KeyAliases), key)) {
            report.add("user_data.alias_key"_L1, path,
                       u"Meta does not know the key \"%1\" and ignores it, so this customer information is lost."_s.arg(key),
                       u"Rename it to \"%1\"%2."_s.arg(alias->to, hashedKeyNote(alias->to)));
        } else {
            report.add("user_data.unknown_key"_L1, path,
                       u"\"%1\" is not a customer information key Meta knows; it will be ignored."_s.arg(key),
                       u"Remove it, or move it to custom_data if it describes the event rather than the customer."_s);
        }
    }
    if (usable == 0) {
        report.add("user_data.no_identifiers"_L1, udPath,
                   u"user_data has no customer information Meta can use, so the event cannot be matched to anyone "
                   "and Meta rejects it."_s,
                   u"Send at least one of: hashed em or ph, external_id, client_ip_address with client_user_agent, "
                   "fbc, fbp."_s);
    }
}

} // namespace capiqa::validate::detail
