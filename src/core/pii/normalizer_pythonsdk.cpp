// Profile "python-sdk": facebook-python-business-sdk, facebook_business/adobjects/serverside/
// normalize.py (Normalize.normalize, the version with hash_field) as UserData.normalize() calls
// it. ASCII input is normalised in place in out.value; anything else goes through code points
// with Python's str semantics (pytext.h).
#include "normalizers.h"
#include "pytext.h"

#include <algorithm>
#include <string>

namespace capiqa::pii {

namespace {

using namespace std::string_view_literals;

constexpr std::string_view GenderError = "UserData.gender must be of type Gender (enum values 'f'/'m' only)"sv;

// pycountry.countries alpha_2 codes (ISO 3166-1, iso-codes 4.15), lowercase, sorted. The SDK
// accepts a country only if pycountry knows it, so "uk" fails while "gb" passes.
constexpr std::string_view IsoAlpha2 =
    "adaeafagaiamaoaqarasatauawaxazbabbbdbebfbgbhbibjblbmbnbobqbrbsbtbvbwbybzcacccdcfcgchcickclcmcncocrcucvcwcx"
    "cyczdedjdkdmdodzeceeegeheresetfifjfkfmfofrgagbgdgegfggghgiglgmgngpgqgrgsgtgugwgyhkhmhnhrhthuidieilimin"
    "ioiqirisitjejmjojpkekgkhkikmknkpkrkwkykzlalblclilklrlsltlulvlymamcmdmemfmgmhmkmlmmmnmompmqmrmsmtmumvmw"
    "mxmymznancnenfngninlnonpnrnunzompapepfpgphpkplpmpnprpsptpwpyqarerorsrurwsasbscsdsesgshsisjskslsmsnsosr"
    "ssstsvsxsysztctdtftgthtjtktltmtntotrtttvtwtzuaugumusuyuzvavcvevgvivnvuwfwsyeytzazmzw"sv;

bool isIsoAlpha2(char32_t first, char32_t second)
{
    for (std::size_t i = 0; i < IsoAlpha2.size(); i += 2) {
        if (char32_t(IsoAlpha2[i]) == first && char32_t(IsoAlpha2[i + 1]) == second)
            return true;
    }
    return false;
}

// The ASCII path keeps bytes, the other path code points; both are read as code points.
char32_t codePoint(char c)
{
    return char32_t(static_cast<unsigned char>(c));
}
char32_t codePoint(char32_t c)
{
    return c;
}
template<typename Str>
char32_t at(const Str &s, std::size_t i)
{
    return codePoint(s[i]);
}

template<typename Str, typename Pred>
void eraseIf(Str &s, Pred pred)
{
    s.erase(std::remove_if(s.begin(), s.end(), [&](auto ch) { return pred(codePoint(ch)); }), s.end());
}

// str.strip() with no argument.
template<typename Str>
void strip(Str &s)
{
    std::size_t end = s.size();
    while (end > 0 && py::isSpace(at(s, end - 1)))
        --end;
    std::size_t begin = 0;
    while (begin < end && py::isSpace(at(s, begin)))
        ++begin;
    s.erase(end);
    s.erase(0, begin);
}

// md5_pattern / sha256_pattern: ^[a-f0-9]{32}$ or {64}$, tested after lower() and strip(), so
// the trailing newline that `$` would allow can no longer be there.
template<typename Str>
bool isAlreadyHashed(const Str &s)
{
    if (s.size() != 32 && s.size() != 64)
        return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char32_t c = at(s, i);
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    }
    return true;
}

// email_pattern.match(): ".+@.+\..+" anchored at the start only, and `.` stops at "\n". So the
// first line needs an "@" after at least one character, then a "." with at least one character
// on each side. The leftmost such "@" leaves the most room.
template<typename Str>
bool matchesEmailPattern(const Str &s)
{
    std::size_t line = 0;
    while (line < s.size() && at(s, line) != '\n')
        ++line;
    std::size_t atSign = 1;
    while (atSign < line && at(s, atSign) != '@')
        ++atSign;
    if (atSign >= line)
        return false;
    for (std::size_t dot = atSign + 2; dot + 1 < line; ++dot) {
        if (at(s, dot) == '.')
            return true;
    }
    return false;
}

// re.sub(r"^\+?0{0,2}", "", s): how many leading code points that removes.
template<typename Str>
std::size_t plusZerosPrefix(const Str &s)
{
    std::size_t i = 0;
    if (i < s.size() && at(s, i) == '+')
        ++i;
    for (int zeros = 0; zeros < 2 && i < s.size() && at(s, i) == '0'; ++zeros)
        ++i;
    return i;
}

template<typename Text>
void reject(Normalized &out, std::string_view prefix, const Text &subject, std::string_view suffix)
{
    out.status = Status::Rejected;
    out.error.assign(prefix);
    py::appendUtf8(subject, out.error);
    out.error.append(suffix);
}

// Normalize.normalize() after `data.lower().strip()` and the hash check: `s` holds the lowered,
// stripped value and is normalised in place; `raw` is the value as passed (for the country
// message). Returns false when the SDK raises (out then says why).
template<typename Str, typename RawView>
bool normalizeField(Field field, Str &s, RawView raw, Normalized &out)
{
    switch (field) {
    case Field::Em:
        if (!matchesEmailPattern(s)) {
            reject(out, "TypeError: Invalid email format for the passed email:"sv, s,
                   ".Please check the passed email format."sv);
            return false;
        }
        return true;
    case Field::Ct:
    case Field::St:
        // location_excluded_chars: [0-9.\s\-()], with 0-9 ASCII only but \s Unicode.
        eraseIf(s, [](char32_t c) {
            return (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '(' || c == ')' || py::isSpace(c);
        });
        return true;
    case Field::Zp: {
        eraseIf(s, [](char32_t c) { return py::isSpace(c); });
        std::size_t dash = 0;
        while (dash < s.size() && at(s, dash) != '-')
            ++dash;
        s.erase(dash);
        return true;
    }
    case Field::Country: {
        eraseIf(s, [](char32_t c) { return c < 'a' || c > 'z'; });
        if (s.size() != 2 || !isIsoAlpha2(at(s, 0), at(s, 1))) {
            reject(out, "TypeError: Invalid format for country:'"sv, raw,
                   "'.Please follow ISO 2-letter ISO 3166-1 standard for representing country. eg: us"sv);
            return false;
        }
        return true;
    }
    case Field::Ph: {
        eraseIf(s, [](char32_t c) { return c == '-' || c == '(' || c == ')' || py::isSpace(c); });
        s.erase(0, plusZerosPrefix(s));
        // get_international_number() strips "+" and two zeros once more, refuses a leading
        // zero, then wants ^\d{1,4}\(?\d{2,3}\)?\d{4,}$; the parentheses are gone by now, so
        // that is "seven or more Unicode decimal digits".
        const std::size_t skip = plusZerosPrefix(s);
        bool international = skip < s.size() && at(s, skip) != '0' && s.size() - skip >= 7;
        for (std::size_t i = skip; international && i < s.size(); ++i)
            international = py::isDecimal(at(s, i));
        if (!international) {
            reject(out, "ValueError: Invalid format for phone number:'"sv, s, "'. Please check passed phone number."sv);
            return false;
        }
        s.erase(0, skip);
        return true;
    }
    case Field::Fn:
    case Field::Ln:
    case Field::Db:
    case Field::Ge:
    case Field::ExternalId:
        return true;
    }
    return true;
}

bool isAscii(std::string_view s)
{
    return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

} // namespace

void normalizePythonSdk(Field field, std::string_view input, Normalized &out)
{
    out.reset();

    // UserData.normalize() sends external_ids deduplicated but otherwise untouched.
    if (field == Field::ExternalId) {
        out.status = Status::SentUnhashed;
        if (py::isValidUtf8(input)) {
            out.value.assign(input);
        } else {
            // What Python would hold after decoding with replacement characters.
            std::u32string decoded;
            py::decodeUtf8(input, decoded);
            py::appendUtf8(decoded, out.value);
        }
        return;
    }
    // UserData.gender only takes the Gender enum, whose values are exactly "f" and "m"; a
    // caller holding any other string cannot build the UserData at all.
    if (field == Field::Ge && input != "f"sv && input != "m"sv) {
        out.status = Status::Rejected;
        out.error.assign(GenderError);
        return;
    }
    // `if data is None or len(data) == 0: return None`.
    if (input.empty()) {
        out.status = Status::Dropped;
        return;
    }

    if (isAscii(input)) {
        std::string &s = out.value;
        s.assign(input);
        for (char &c : s) {
            if (c >= 'A' && c <= 'Z')
                c = char(c - 'A' + 'a');
        }
        strip(s);
        if (isAlreadyHashed(s)) {
            out.status = Status::Passthrough;
            return;
        }
        if (!normalizeField(field, s, input, out))
            s.clear();
        return;
    }

    std::u32string raw;
    py::decodeUtf8(input, raw);
    std::u32string s;
    s.reserve(raw.size() + 4);
    py::appendLower(raw, s);
    strip(s);
    if (isAlreadyHashed(s)) {
        out.status = Status::Passthrough;
        py::appendUtf8(s, out.value);
        return;
    }
    if (normalizeField(field, s, std::u32string_view(raw), out))
        py::appendUtf8(s, out.value);
}

} // namespace capiqa::pii
