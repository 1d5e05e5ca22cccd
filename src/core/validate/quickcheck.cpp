// The quick check (quickcheck.h). It restates the error rules of rules_*.cpp for the shapes a
// well-formed request has, reusing their tables and shape tests (rules.h); whatever else it meets
// it gives up on, and the full Validator decides. tst_quickcheck holds it to that: on every
// fixture, thousands of structural mutations and byte-level damage, a proof must mean Qt parses
// the body and the Validator finds no error.
#include "quickcheck.h"

#include "rules.h"

#include <QtCore/QDateTime>

#include <algorithm>
#include <array>
#include <cstring>

namespace capiqa::validate {

using namespace Qt::StringLiterals;
using detail::UserDataKey;

namespace {

/// Deeper documents are left to Qt (which allows more).
constexpr int MaxDepth = 64;
/// Larger bodies are left to Qt, whose JSON documents have a size limit of their own.
constexpr qsizetype MaxBodySize = qsizetype(64) << 20;
/// Longer number spellings are left to Qt: these always fit a double.
constexpr qsizetype MaxNumberLength = 40;

/// A string as sent: its bytes between the quotes.
struct Text
{
    QByteArrayView raw;
    bool plain = true;    ///< no escapes: raw is the value's UTF-8
    bool visible = false; ///< holds an ASCII character that is not a space, so trimmed() is not empty
};

struct Number
{
    bool integer = false; ///< digits only, no fraction or exponent
    bool negative = false;
    qsizetype digits = 0; ///< of an integer
    qint64 value = 0;     ///< of a non-negative integer of at most 18 digits
};

enum class Kind : quint8 { String, Number, Object, Array, Literal, Null, End };

/// A strict JSON reader that only moves forward. Every method returns false when the bytes are
/// not what it expects, and then the caller gives up: nothing is proven.
class Reader final
{
public:
    explicit Reader(QByteArrayView body) : m_p(body.data()), m_begin(body.data()), m_end(body.data() + body.size()) {}

    qsizetype offset() const { return m_p - m_begin; }
    bool atEnd()
    {
        skipSpace();
        return m_p == m_end;
    }

    bool take(char c)
    {
        skipSpace();
        if (m_p < m_end && *m_p == c) {
            ++m_p;
            return true;
        }
        return false;
    }

    Kind peek()
    {
        skipSpace();
        if (m_p == m_end)
            return Kind::End;
        switch (*m_p) {
        case '"': return Kind::String;
        case '{': return Kind::Object;
        case '[': return Kind::Array;
        case 'n': return Kind::Null;
        case 't':
        case 'f': return Kind::Literal;
        default: return Kind::Number;
        }
    }

    bool string(Text *out);
    bool number(Number *out);
    bool null() { return word("null"); }
    /// Any value, checked but not kept.
    bool skip(int depth);

    /// The members of an object, handing each plain key to `member`, which reads the value.
    /// A key with escapes could spell a key the rules look at: given up on.
    template <typename Member>
    bool object(Member &&member)
    {
        if (!take('{'))
            return false;
        if (take('}'))
            return true;
        do {
            skipSpace();
            Text key;
            if (!string(&key) || !key.plain || !take(':') || !member(key.raw))
                return false;
        } while (take(','));
        return take('}');
    }

    /// The entries of an array, each read by `entry`; `count` gets how many there were.
    template <typename Entry>
    bool array(Entry &&entry, qsizetype *count = nullptr)
    {
        qsizetype n = 0;
        if (!take('['))
            return false;
        if (!take(']')) {
            do {
                if (!entry(n++))
                    return false;
            } while (take(','));
            if (!take(']'))
                return false;
        }
        if (count)
            *count = n;
        return true;
    }

private:
    void skipSpace()
    {
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\n' || *m_p == '\r' || *m_p == '\t'))
            ++m_p;
    }

    bool word(const char (&text)[5]) { return literal(text, 4); }
    bool literal(const char *text, qsizetype length)
    {
        skipSpace();
        if (m_end - m_p < length || std::memcmp(m_p, text, size_t(length)) != 0)
            return false;
        m_p += length;
        return true;
    }

    bool escape(Text *out);
    bool multiByte();

    const char *m_p;
    const char *m_begin;
    const char *m_end;
};

/// What a byte inside a string is to the reader.
enum ByteKind : quint8 { Plain, Space, Quote, Backslash, High, Control };

constexpr std::array<quint8, 256> ByteClass = [] {
    std::array<quint8, 256> table{};
    for (int b = 0; b < 256; ++b)
        table[size_t(b)] = b < 0x20 ? Control : b >= 0x80 ? High : Plain;
    table[size_t(' ')] = Space;
    table[size_t('"')] = Quote;
    table[size_t('\\')] = Backslash;
    return table;
}();

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool Reader::string(Text *out)
{
    if (m_p >= m_end || *m_p != '"')
        return false;
    const char *start = ++m_p;
    out->plain = true;
    out->visible = false;
    while (m_p < m_end) {
        // The common bytes first, in a tight loop: visible ASCII other than quote and backslash.
        const char *run = m_p;
        while (m_p < m_end && ByteClass[static_cast<unsigned char>(*m_p)] == Plain)
            ++m_p;
        out->visible |= m_p != run;
        if (m_p == m_end)
            break;
        switch (ByteClass[static_cast<unsigned char>(*m_p)]) {
        case Quote:
            out->raw = QByteArrayView(start, m_p - start);
            ++m_p;
            return true;
        case Space: ++m_p; break;
        case Backslash:
            if (!escape(out))
                return false;
            break;
        case High:
            if (!multiByte())
                return false;
            break;
        default: return false; // a raw control character: not JSON
        }
    }
    return false; // no closing quote
}

bool Reader::escape(Text *out)
{
    out->plain = false;
    if (m_end - m_p < 2)
        return false;
    const char c = m_p[1];
    m_p += 2;
    switch (c) {
    case '"':
    case '\\':
    case '/': out->visible = true; return true;
    case 'b':
    case 'f':
    case 'n':
    case 'r':
    case 't': return true;
    case 'u': {
        if (m_end - m_p < 4)
            return false;
        int code = 0;
        for (int i = 0; i < 4; ++i) {
            const int digit = hexValue(m_p[i]);
            if (digit < 0)
                return false;
            code = code * 16 + digit;
        }
        m_p += 4;
        // Surrogates (paired or not) and NUL are left to Qt.
        if (code == 0 || (code >= 0xD800 && code <= 0xDFFF))
            return false;
        out->visible |= code > 0x20 && code < 0x7F;
        return true;
    }
    default: return false;
    }
}

/// One well-formed UTF-8 sequence of 2 to 4 bytes (no overlong forms, surrogates or
/// noncharacters); it does not count as visible, as it may be a Unicode space.
bool Reader::multiByte()
{
    const auto lead = static_cast<unsigned char>(*m_p);
    int continuation = 0;
    char32_t code = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
        continuation = 1;
        code = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        continuation = 2;
        code = lead & 0x0F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        continuation = 3;
        code = lead & 0x07;
    } else {
        return false;
    }
    if (m_end - m_p <= continuation)
        return false;
    for (int i = 1; i <= continuation; ++i) {
        const auto b = static_cast<unsigned char>(m_p[i]);
        if ((b & 0xC0) != 0x80)
            return false;
        code = (code << 6) | (b & 0x3F);
    }
    const char32_t minimum = continuation == 1 ? 0x80 : continuation == 2 ? 0x800 : 0x10000;
    if (code < minimum || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
        return false;
    if ((code >= 0xFDD0 && code <= 0xFDEF) || (code & 0xFFFE) == 0xFFFE)
        return false;
    m_p += continuation + 1;
    return true;
}

bool Reader::number(Number *out)
{
    skipSpace();
    const char *start = m_p;
    auto digits = [this] {
        const char *from = m_p;
        while (m_p < m_end && *m_p >= '0' && *m_p <= '9')
            ++m_p;
        return m_p - from;
    };
    out->negative = m_p < m_end && *m_p == '-';
    if (out->negative)
        ++m_p;
    const char *intStart = m_p;
    if (m_p < m_end && *m_p == '0')
        ++m_p;
    else if (digits() == 0)
        return false;
    out->digits = m_p - intStart;
    out->integer = true;
    if (m_p < m_end && *m_p == '.') {
        ++m_p;
        out->integer = false;
        if (digits() == 0)
            return false;
    }
    if (m_p < m_end && (*m_p == 'e' || *m_p == 'E')) {
        ++m_p;
        out->integer = false;
        if (m_p < m_end && (*m_p == '+' || *m_p == '-'))
            ++m_p;
        const qsizetype exponent = digits();
        if (exponent == 0 || exponent > 2)
            return false;
    }
    if (m_p - start > MaxNumberLength)
        return false;
    out->value = 0;
    if (out->integer && !out->negative && out->digits <= 18) {
        for (const char *d = intStart; d < intStart + out->digits; ++d)
            out->value = out->value * 10 + (*d - '0');
    }
    return true;
}

bool Reader::skip(int depth)
{
    switch (peek()) {
    case Kind::String: {
        Text ignored;
        return string(&ignored);
    }
    case Kind::Number: {
        Number ignored;
        return number(&ignored);
    }
    case Kind::Null: return null();
    case Kind::Literal: return *m_p == 't' ? literal("true", 4) : literal("false", 5);
    case Kind::Object:
    case Kind::Array: {
        if (depth >= MaxDepth)
            return false;
        const bool isObject = *m_p == '{';
        ++m_p;
        const char close = isObject ? '}' : ']';
        if (take(close))
            return true;
        do {
            if (isObject) {
                skipSpace();
                Text key;
                if (!string(&key) || !take(':'))
                    return false;
            }
            if (!skip(depth + 1))
                return false;
        } while (take(','));
        return take(close);
    }
    case Kind::End: break;
    }
    return false;
}

/// Remembers which of the keys an object's rules look at were seen: a repeated one is given up
/// on (which of the two Qt keeps is Qt's business).
class SeenKeys final
{
public:
    bool first(int index)
    {
        const quint64 bit = quint64(1) << index;
        if (m_seen & bit)
            return false;
        m_seen |= bit;
        return true;
    }

private:
    quint64 m_seen = 0;
};

/// Every text byte is a visible ASCII character: then trimmed() leaves it as it is.
bool visibleAsciiEnds(QByteArrayView raw)
{
    auto visible = [](char c) { return c > ' ' && c < 0x7F; };
    return !raw.isEmpty() && visible(raw.front()) && visible(raw.back());
}

bool isAscii(QByteArrayView raw)
{
    return std::all_of(raw.begin(), raw.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

/// What one event's rules need to know once all its members are read.
struct EventFacts
{
    bool hasName = false;
    bool hasTime = false;
    bool hasSource = false;
    bool website = false;
    bool urlVisible = false;
    bool userData = false; ///< an object with at least one usable identifier
    bool userAgentVisible = false;
    bool customData = false;
    bool valueNumber = false;
    bool currencyValid = false;
};

class Checker final
{
public:
    Checker(QByteArrayView body, qint64 now) : m_reader(body), m_now(now) {}

    bool request(QuickCheck *out);

private:
    bool event(QuickEvent *out, int depth);
    bool eventTime(qint64 *time);
    bool actionSource(EventFacts *facts);
    bool userData(EventFacts *facts, int depth);
    bool hashedValue(bool *present, int depth);
    bool hashedEntry(bool *present);
    bool plainValue(const UserDataKey &key, bool *present, bool *visibleText);
    bool externalId(bool *present, int depth);
    /// One entry or a list of them (the listed user_data keys), each read by `entry`.
    template <typename Entry>
    bool oneOrList(bool *present, int depth, Entry &&entry);
    bool customData(EventFacts *facts, int depth);
    bool currency(bool *valid);
    bool contents(int depth);
    bool nullOrNumber();

    Reader m_reader;
    qint64 m_now;
};

bool Checker::request(QuickCheck *out)
{
    enum { Data, TestEventCode, AccessToken };
    SeenKeys seen;
    bool hasData = false;
    qsizetype count = 0;
    const bool ok = m_reader.object([&](QByteArrayView key) {
        if (key == "data") {
            hasData = true;
            return seen.first(Data) && m_reader.array([&](qsizetype) {
                QuickEvent e;
                if (!event(&e, 2))
                    return false;
                out->events.append(e);
                return true;
            }, &count);
        }
        if (key == "test_event_code" || key == "access_token") {
            const bool code = key == "test_event_code";
            if (!seen.first(code ? TestEventCode : AccessToken))
                return false;
            if (m_reader.peek() == Kind::Null)
                return m_reader.null(); // a warning (test_event_code) or no token
            Text text;
            if (m_reader.peek() != Kind::String || !m_reader.string(&text) || !text.plain)
                return false;
            (code ? out->testEventCode : out->accessToken) = text.raw;
            return true;
        }
        return m_reader.skip(1);
    });
    return ok && m_reader.atEnd() && hasData && count >= 1 && count <= MaxEventsPerRequest;
}

bool Checker::event(QuickEvent *out, int depth)
{
    enum { Name, Time, Source, UserData, CustomData, Url, Id };
    if (m_reader.peek() != Kind::Object)
        return false;
    out->begin = m_reader.offset();
    SeenKeys seen;
    EventFacts facts;
    const bool ok = m_reader.object([&](QByteArrayView key) {
        if (key == "event_name") {
            Text name;
            if (!seen.first(Name) || m_reader.peek() != Kind::String || !m_reader.string(&name) || !name.plain
                || !name.visible)
                return false;
            out->name = name.raw;
            facts.hasName = true;
            return true;
        }
        if (key == "event_time")
            return seen.first(Time) && (facts.hasTime = eventTime(&out->time));
        if (key == "action_source")
            return seen.first(Source) && actionSource(&facts);
        if (key == "user_data")
            return seen.first(UserData) && userData(&facts, depth + 1);
        if (key == "custom_data") {
            if (!seen.first(CustomData))
                return false;
            if (m_reader.peek() == Kind::Null)
                return m_reader.null();
            return customData(&facts, depth + 1);
        }
        if (key == "event_source_url") {
            if (!seen.first(Url))
                return false;
            if (m_reader.peek() == Kind::Null)
                return m_reader.null();
            Text url; // its shape is only a warning; a website event needs it not blank
            if (m_reader.peek() != Kind::String || !m_reader.string(&url))
                return false;
            facts.urlVisible = url.visible;
            return true;
        }
        if (key == "event_id") {
            if (!seen.first(Id))
                return false;
            if (m_reader.peek() == Kind::Null)
                return m_reader.null();
            Text id; // a number is fine for Meta, but the emulator would have to spell it as Qt does
            if (m_reader.peek() != Kind::String || !m_reader.string(&id) || !id.plain)
                return false;
            out->id = id.raw;
            return true;
        }
        return m_reader.skip(depth);
    });
    if (!ok || !facts.hasName || !facts.hasTime || !facts.hasSource || !facts.userData)
        return false;
    if (facts.website && (!facts.urlVisible || !facts.userAgentVisible))
        return false;
    if (out->name == "Purchase" && (!facts.customData || !facts.valueNumber || !facts.currencyValid))
        return false;
    out->length = m_reader.offset() - out->begin;
    return true;
}

bool Checker::eventTime(qint64 *time)
{
    Number n;
    // Whole non-negative seconds under 12 digits; anything else is for the rules to word.
    if (m_reader.peek() != Kind::Number || !m_reader.number(&n) || !n.integer || n.negative || n.digits > 11
        || n.value >= 100'000'000'000LL)
        return false;
    *time = n.value;
    return m_now - n.value <= MaxEventAgeSeconds && n.value - m_now <= FutureToleranceSeconds;
}

bool Checker::actionSource(EventFacts *facts)
{
    Text source;
    if (m_reader.peek() != Kind::String || !m_reader.string(&source) || !source.plain)
        return false;
    const QLatin1StringView value(source.raw);
    if (value == "app"_L1)
        return false; // app_data has rules of its own
    const auto sources = detail::actionSources();
    if (std::find(sources.begin(), sources.end(), value) == sources.end())
        return false;
    facts->hasSource = true;
    facts->website = value == "website"_L1;
    return true;
}

bool Checker::userData(EventFacts *facts, int depth)
{
    if (m_reader.peek() != Kind::Object)
        return false;
    SeenKeys seen;
    int usable = 0;
    const bool ok = m_reader.object([&](QByteArrayView name) {
        const UserDataKey key = detail::userDataKey(QLatin1StringView(name));
        if (key.kind == UserDataKey::Other)
            return m_reader.skip(depth + 1); // unknown and alias keys are warnings
        if (!seen.first(key.index))
            return false;
        bool present = false;
        bool result = false;
        switch (key.kind) {
        case UserDataKey::Hashed: result = hashedValue(&present, depth + 1); break;
        case UserDataKey::ExternalId: result = externalId(&present, depth + 1); break;
        case UserDataKey::Plain: {
            bool visibleText = false;
            result = plainValue(key, &present, &visibleText);
            if (QLatin1StringView(name) == "client_user_agent"_L1)
                facts->userAgentVisible = visibleText;
            break;
        }
        case UserDataKey::Other: break;
        }
        usable += present;
        return result;
    });
    facts->userData = ok && usable > 0;
    return ok;
}

/// em, ph, … : hashes, one or a list; null and empty entries are only warnings.
bool Checker::hashedValue(bool *present, int depth)
{
    return oneOrList(present, depth, [this](bool *entryPresent) { return hashedEntry(entryPresent); });
}

bool Checker::hashedEntry(bool *present)
{
    if (m_reader.peek() == Kind::Null)
        return m_reader.null();
    Text text;
    if (m_reader.peek() != Kind::String || !m_reader.string(&text))
        return false;
    if (text.raw.isEmpty())
        return true;
    // A number or anything but a hash is raw PII (an error); a hash in uppercase is a warning.
    *present = text.plain && detail::hashShape(QLatin1StringView(text.raw)) != detail::HashShape::NotHash;
    return *present;
}

/// client_ip_address, client_user_agent, fbc, fbp and the ids Meta needs as collected: one value.
bool Checker::plainValue(const UserDataKey &key, bool *present, bool *visibleText)
{
    switch (m_reader.peek()) {
    case Kind::Null: return m_reader.null();
    case Kind::Number: {
        Number ignored;
        *present = !key.textOnly;
        return !key.textOnly && m_reader.number(&ignored);
    }
    case Kind::String: break;
    default: return false;
    }
    Text text;
    if (!m_reader.string(&text))
        return false;
    if (text.raw.isEmpty())
        return true;
    if (!text.plain || !visibleAsciiEnds(text.raw))
        return false;
    const QLatin1StringView value(text.raw);
    if (detail::hashShape(value) != detail::HashShape::NotHash && (key.strictHash || value.size() >= 64))
        return false; // hashed where Meta needs the value itself
    if (key.ipAddress && (!isAscii(text.raw) || !detail::isValidClientIp(QString(value))))
        return false;
    *present = true;
    *visibleText = true;
    return true; // the cookie shapes are warnings
}

bool Checker::externalId(bool *present, int depth)
{
    auto one = [this](bool *entryPresent) {
        switch (m_reader.peek()) {
        case Kind::Null: return m_reader.null();
        case Kind::Number: {
            Number ignored;
            *entryPresent = true;
            return m_reader.number(&ignored);
        }
        case Kind::String: {
            Text text;
            if (!m_reader.string(&text))
                return false;
            *entryPresent = text.visible;
            return text.visible || text.raw.isEmpty(); // otherwise: blank, or not? Left to the rules.
        }
        default: return false;
        }
    };
    return oneOrList(present, depth, one);
}

template <typename Entry>
bool Checker::oneOrList(bool *present, int depth, Entry &&entry)
{
    if (m_reader.peek() != Kind::Array)
        return entry(present);
    if (depth >= MaxDepth)
        return false;
    qsizetype count = 0;
    bool ignored = false;
    if (!m_reader.array([&](qsizetype) { return entry(&ignored); }, &count))
        return false;
    *present = count > 0; // a list is present when it is not empty, whatever its entries
    return true;
}

bool Checker::customData(EventFacts *facts, int depth)
{
    enum { Value, Currency, Contents, ContentIds, NumItems, PredictedLtv };
    if (m_reader.peek() != Kind::Object)
        return false;
    SeenKeys seen;
    facts->customData = true;
    return m_reader.object([&](QByteArrayView key) {
        if (key == "value") {
            if (!seen.first(Value))
                return false;
            if (m_reader.peek() == Kind::Null)
                return m_reader.null();
            Number ignored;
            return m_reader.peek() == Kind::Number && (facts->valueNumber = m_reader.number(&ignored));
        }
        if (key == "currency") {
            if (!seen.first(Currency))
                return false;
            if (m_reader.peek() == Kind::Null)
                return m_reader.null();
            return currency(&facts->currencyValid);
        }
        if (key == "contents")
            return seen.first(Contents) && contents(depth + 1);
        if (key == "content_ids") {
            if (!seen.first(ContentIds))
                return false;
            if (m_reader.peek() == Kind::Null)
                return m_reader.null();
            return depth + 1 < MaxDepth && m_reader.array([&](qsizetype) {
                const Kind kind = m_reader.peek();
                return (kind == Kind::String || kind == Kind::Number) && m_reader.skip(depth + 2);
            });
        }
        if (key == "num_items")
            return seen.first(NumItems) && nullOrNumber();
        if (key == "predicted_ltv")
            return seen.first(PredictedLtv) && nullOrNumber();
        return m_reader.skip(depth + 1);
    });
}

bool Checker::currency(bool *valid)
{
    Text text;
    if (m_reader.peek() != Kind::String || !m_reader.string(&text) || !text.plain || text.raw.size() != 3
        || !isAscii(text.raw))
        return false;
    // Meta's own examples use lowercase, so the rules compare in uppercase.
    char16_t upper[3];
    for (int i = 0; i < 3; ++i) {
        const char c = text.raw[i];
        upper[i] = char16_t(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    }
    *valid = detail::isIso4217(QStringView(upper, 3));
    return *valid;
}

bool Checker::contents(int depth)
{
    if (m_reader.peek() == Kind::Null)
        return m_reader.null();
    if (depth >= MaxDepth)
        return false;
    return m_reader.array([&](qsizetype) {
        enum { Quantity, ItemPrice };
        if (m_reader.peek() != Kind::Object)
            return false;
        SeenKeys seen;
        return m_reader.object([&](QByteArrayView key) {
            if (key == "quantity")
                return seen.first(Quantity) && nullOrNumber();
            if (key == "item_price")
                return seen.first(ItemPrice) && nullOrNumber();
            return m_reader.skip(depth + 2); // a missing id is a warning
        });
    });
}

bool Checker::nullOrNumber()
{
    if (m_reader.peek() == Kind::Null)
        return m_reader.null();
    Number ignored;
    return m_reader.peek() == Kind::Number && m_reader.number(&ignored);
}

} // namespace

QuickCheck quickCheck(QByteArrayView body, const ValidationOptions &opts)
{
    QuickCheck result;
    const qint64 now = opts.now > 0 ? opts.now : QDateTime::currentSecsSinceEpoch();
    result.proven = body.size() <= MaxBodySize && Checker(body, now).request(&result);
    if (!result.proven)
        result = QuickCheck();
    return result;
}

} // namespace capiqa::validate
