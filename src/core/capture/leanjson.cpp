// One pass over a CAPI JSON line, strict where Qt's parser is lenient and giving up wherever the
// two could disagree: a line is taken only when it is valid JSON by RFC 8259 (which Qt accepts)
// and every kept value is in the plain form whose reading is obvious.
#include "leanjson.h"

#include <bit>
#include <charconv>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace capiqa::capture::detail {

namespace {

constexpr int MaxDepth = 64;          // far below Qt's 1024; deeper lines take the full parser
constexpr size_t MaxNumberChars = 24; // with at most 2 exponent digits: no overflow, no underflow
constexpr size_t MaxIntegerDigits = 15; // exact as a double, so the full parser reads the same

enum Key : unsigned {
    KeyPixel = 1,
    KeyName = 2,
    KeyId = 4,
    KeyEid = 8,
    KeyTime = 16,
    KeyCustom = 32,
    KeyData = 64,
    KeyValue = 128,
    KeyCurrency = 256,
};

struct Fields
{
    std::string_view pixel;
    std::string_view name;
    std::string_view id;
    std::string_view eid;
    LeanEvent event; // time, value, currency
    unsigned seen = 0;
};

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// Bytes a string runs over without a second look: printable ASCII but the quote and backslash.
struct PlainBytes
{
    bool plain[256] = {};
    constexpr PlainBytes()
    {
        for (int c = 0x20; c < 0x80; ++c)
            plain[c] = c != '"' && c != '\\';
    }
};
constexpr PlainBytes Plain;

bool isHex(char c)
{
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

class Scanner final
{
public:
    explicit Scanner(std::string_view text)
        : m_p(text.data())
        , m_end(text.data() + text.size())
    {
    }

    bool line(std::vector<LeanEvent> &events, std::string_view &requestPixel);

private:
    void space()
    {
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\t' || *m_p == '\n' || *m_p == '\r'))
            ++m_p;
    }
    bool at(char c) const { return m_p < m_end && *m_p == c; }
    bool expect(char c)
    {
        space();
        if (!at(c))
            return false;
        ++m_p;
        space();
        return true;
    }

    void plainRun();
    bool plainString(std::string_view &out);
    bool skipString();
    bool number(std::string_view &out, bool &integer);
    bool literal(std::string_view word);
    bool skipValue(int depth);
    template <class Each>
    bool sequence(char open, char close, int depth, Each each);
    template <class Member>
    bool members(int depth, Member member);
    bool scalar(std::string_view &out);
    bool customData(Fields &f, int depth);
    bool object(Fields &f, std::vector<Fields> *data, int depth);
    bool dataArray(std::vector<Fields> &data, int depth);

    const char *m_p;
    const char *m_end;
};

// Past printable ASCII other than the quote and backslash, sixteen or eight bytes at a time where it can
// (the strings of a CAPI event are most of its bytes).
void Scanner::plainRun()
{
#if defined(__SSE2__)
    // Sixteen bytes at a time where the instruction set has it (every x86-64): a special byte is
    // the quote, the backslash, or below 0x20 as a signed byte (so 0x80..0xFF as well).
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i space = _mm_set1_epi8(0x20);
    while (m_end - m_p >= 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(m_p));
        const __m128i special = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)), _mm_cmplt_epi8(v, space));
        if (const int mask = _mm_movemask_epi8(special)) {
            m_p += std::countr_zero(unsigned(mask));
            return;
        }
        m_p += 16;
    }
#endif
    constexpr quint64 Ones = 0x0101010101010101ULL;
    constexpr quint64 High = 0x8080808080808080ULL;
    const auto anyZero = [](quint64 x) { return (x - Ones) & ~x & High; };
    while (m_end - m_p >= 8) {
        quint64 v;
        std::memcpy(&v, m_p, 8);
        const quint64 special = anyZero(v ^ (Ones * '"')) | anyZero(v ^ (Ones * '\\')) | ((v - Ones * 0x20) & ~v & High) | (v & High);
        if (special) {
            // The lowest flag is exact (false flags only sit above a true one): on a
            // little-endian machine it is the first special byte.
            if constexpr (std::endian::native == std::endian::little) {
                m_p += std::countr_zero(special) / 8;
                return;
            }
            break;
        }
        m_p += 8;
    }
    while (m_p < m_end && Plain.plain[static_cast<unsigned char>(*m_p)])
        ++m_p;
}

// A string the reader keeps: printable ASCII only, so its bytes are its text.
bool Scanner::plainString(std::string_view &out)
{
    const char *start = ++m_p;
    plainRun();
    if (!at('"'))
        return false;
    out = std::string_view(start, size_t(m_p - start));
    ++m_p;
    return true;
}

// A string the reader ignores: the standard escapes are fine (PHP writes "https:\/\/…"), but
// non-ASCII bytes, control characters and surrogate escapes take the full parser, which knows
// exactly what Qt accepts.
bool Scanner::skipString()
{
    ++m_p;
    while (m_p < m_end) {
        plainRun();
        if (m_p >= m_end)
            break;
        const auto c = static_cast<unsigned char>(*m_p);
        if (c == '"') {
            ++m_p;
            return true;
        }
        if (c < 0x20 || c >= 0x80)
            return false;
        if (c == '\\') {
            if (m_end - m_p < 2)
                return false;
            const char e = m_p[1];
            if (e == 'u') {
                if (m_end - m_p < 6 || !isHex(m_p[2]) || !isHex(m_p[3]) || !isHex(m_p[4]) || !isHex(m_p[5]))
                    return false;
                if ((m_p[2] == 'd' || m_p[2] == 'D') && !(m_p[3] >= '0' && m_p[3] <= '7'))
                    return false; // U+D800..DFFF
                m_p += 6;
                continue;
            }
            if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' && e != 'r' && e != 't')
                return false;
            m_p += 2;
            continue;
        }
        ++m_p;
    }
    return false;
}

// RFC 8259 number, short enough that its value is never out of range.
bool Scanner::number(std::string_view &out, bool &integer)
{
    const char *start = m_p;
    integer = true;
    if (at('-')) {
        ++m_p;
        integer = false; // a negative id or time is unusual: the full parser decides
    }
    if (at('0')) {
        ++m_p;
    } else if (m_p < m_end && *m_p >= '1' && *m_p <= '9') {
        while (m_p < m_end && isDigit(*m_p))
            ++m_p;
    } else {
        return false;
    }
    if (at('.')) {
        integer = false;
        ++m_p;
        const char *digits = m_p;
        while (m_p < m_end && isDigit(*m_p))
            ++m_p;
        if (m_p == digits)
            return false;
    }
    if (at('e') || at('E')) {
        integer = false;
        ++m_p;
        if (at('+') || at('-'))
            ++m_p;
        const char *digits = m_p;
        while (m_p < m_end && isDigit(*m_p))
            ++m_p;
        if (m_p == digits || m_p - digits > 2)
            return false;
    }
    out = std::string_view(start, size_t(m_p - start));
    if (out.size() > MaxNumberChars)
        return false;
    integer = integer && out.size() <= MaxIntegerDigits;
    return m_p < m_end;
}

bool Scanner::literal(std::string_view word)
{
    if (size_t(m_end - m_p) <= word.size() || std::string_view(m_p, word.size()) != word)
        return false;
    m_p += word.size();
    return true;
}

// An object or array (at `open`), `each` reading one member or item; false on any doubt.
template <class Each>
bool Scanner::sequence(char open, char close, int depth, Each each)
{
    if (!at(open) || depth > MaxDepth)
        return false;
    ++m_p;
    space();
    if (at(close)) {
        ++m_p;
        return true;
    }
    for (;;) {
        if (!each())
            return false;
        space();
        if (at(close)) {
            ++m_p;
            return true;
        }
        if (!expect(','))
            return false;
    }
}

template <class Member>
bool Scanner::members(int depth, Member member)
{
    return sequence('{', '}', depth, [&] {
        std::string_view key;
        return at('"') && plainString(key) && expect(':') && member(key);
    });
}

bool Scanner::skipValue(int depth)
{
    if (m_p >= m_end || depth > MaxDepth)
        return false;
    switch (*m_p) {
    case '"': return skipString();
    case 't': return literal("true");
    case 'f': return literal("false");
    case 'n': return literal("null");
    case '{': return members(depth, [&](std::string_view) { return skipValue(depth + 1); });
    case '[': return sequence('[', ']', depth, [&] { return skipValue(depth + 1); });
    default: {
        std::string_view n;
        bool integer = false;
        return number(n, integer);
    }
    }
}

// An id or pixel id: a plain string, an integer (its digits), or null. Anything else is left to
// the full parser (it reports wrong types and spells other numbers its own way).
bool Scanner::scalar(std::string_view &out)
{
    if (at('"'))
        return plainString(out);
    if (at('n'))
        return literal("null");
    bool integer = false;
    return number(out, integer) && integer;
}

// custom_data: a non-object is read as empty by the reader; rare enough to leave to it.
bool Scanner::customData(Fields &f, int depth)
{
    return members(depth, [&](std::string_view key) {
        if (key == "value") {
            if ((f.seen & KeyValue) || at('"'))
                return false; // a numeric string: QString::toDouble's rules
            f.seen |= KeyValue;
            if (!at('-') && !(m_p < m_end && isDigit(*m_p)))
                return skipValue(depth + 1); // null, a boolean, an object: not a value
            std::string_view text;
            bool integer = false;
            if (!number(text, integer))
                return false;
            const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), f.event.value);
            if (ec != std::errc() || end != text.data() + text.size())
                return false;
            if (f.event.value == 0)
                f.event.value = 0; // Qt stores -0 as the integer 0
            f.event.hasValue = true;
            return true;
        }
        if (key == "currency") {
            if (f.seen & KeyCurrency)
                return false;
            f.seen |= KeyCurrency;
            return at('"') ? plainString(f.event.currency) : skipValue(depth + 1); // not a string: no currency
        }
        return skipValue(depth + 1);
    });
}

bool Scanner::dataArray(std::vector<Fields> &data, int depth)
{
    return sequence('[', ']', depth, [&] { return object(data.emplace_back(), nullptr, depth + 1); });
}

// An event object, or with `data` the request around events.
bool Scanner::object(Fields &f, std::vector<Fields> *data, int depth)
{
    const auto once = [&](Key k) {
        const bool first = !(f.seen & k);
        f.seen |= k;
        return first;
    };
    const auto time = [&] {
        if (at('n'))
            return literal("null");
        std::string_view text;
        bool integer = false;
        if (!number(text, integer) || !integer)
            return false;
        std::from_chars(text.data(), text.data() + text.size(), f.event.time);
        f.event.hasTime = true;
        return true;
    };
    return members(depth, [&](std::string_view key) {
        if (key == "event_name")
            return once(KeyName) && at('"') && plainString(f.name) && !f.name.empty();
        if (key == "event_id")
            return once(KeyId) && scalar(f.id);
        if (key == "eid")
            return once(KeyEid) && scalar(f.eid);
        if (key == "pixel_id")
            return once(KeyPixel) && scalar(f.pixel);
        if (key == "event_time")
            return once(KeyTime) && time();
        if (key == "custom_data")
            return once(KeyCustom) && customData(f, depth + 1);
        if (data && key == "data")
            return once(KeyData) && dataArray(*data, depth + 1);
        if (data && key == "source")
            return false; // it may name the side: the full parser decides
        return skipValue(depth + 1);
    });
}

bool Scanner::line(std::vector<LeanEvent> &events, std::string_view &requestPixel)
{
    space();
    Fields top;
    std::vector<Fields> data;
    if (!object(top, &data, 1))
        return false;
    space();
    if (m_p != m_end)
        return false;
    const bool request = top.seen & KeyData;
    if (!request && !(top.seen & KeyName))
        return false; // neither a request nor an event: the full parser says so
    requestPixel = request ? top.pixel : std::string_view();
    events.clear();
    const auto take = [&](const Fields &f) {
        if (!(f.seen & KeyName))
            return false;
        LeanEvent e = f.event;
        e.eventName = f.name;
        e.eventId = (f.seen & KeyId) ? f.id : f.eid;
        e.pixelId = f.pixel;
        events.push_back(e);
        return true;
    };
    if (!request)
        return take(top);
    for (const Fields &f : data) {
        if (!take(f))
            return false;
    }
    return true;
}

} // namespace

bool readLeanServerLine(std::string_view line, std::vector<LeanEvent> &events, std::string_view &requestPixel)
{
    return Scanner(line).line(events, requestPixel);
}

} // namespace capiqa::capture::detail
