// Profile "node-sdk": npm facebook-nodejs-business-sdk 24.0.1. What a UserData setter plus
// normalize() puts into user_data, i.e. ServerSideUtils.normalizeAndHash(value, field)
// (src/objects/serverside/utils.js) for every field but external_id, which is sent verbatim.
//
// The rules run on code units like the SDK's regexes (none has the `u` flag): on the UTF-8 bytes
// when the input is ASCII, on UTF-16 otherwise. See jstext.h.
#include "jstext.h"
#include "normalizers.h"

#include <algorithm>
#include <array>
#include <bitset>

namespace capiqa::pii {

namespace {

template <class C>
using View = std::basic_string_view<C>;
template <class C>
using Str = std::basic_string<C>;

using js::unit;

/// Per-thread scratch strings: once they have grown, the batch path allocates nothing.
template <class C, int Slot>
Str<C> &scratch()
{
    thread_local Str<C> buffer;
    buffer.clear();
    return buffer;
}

/// The alpha-2 codes of npm iso-3166-1 2.1.1 (249 countries), which the SDK checks with
/// whereAlpha2(). Kept as one string so that a 26x26 bit table can be built at compile time.
constexpr std::string_view Alpha2Codes =
    "ADAEAFAGAIALAMAOAQARASATAUAWAXAZBABBBDBEBFBGBHBIBJBLBMBNBOBQBRBSBTBVBWBYBZCACCCDCFCGCHCICKCLCMCNCOCRCU"
    "CVCWCXCYCZDEDJDKDMDODZECEEEGEHERESETFIFJFKFMFOFRGAGBGDGEGFGGGHGIGLGMGNGPGQGRGSGTGUGWGYHKHMHNHRHTHUIDIE"
    "ILIMINIOIQIRISITJEJMJOJPKEKGKHKIKMKNKPKRKWKYKZLALBLCLILKLRLSLTLULVLYMAMCMDMEMFMGMHMKMLMMMNMOMPMQMRMSMT"
    "MUMVMWMXMYMZNANCNENFNGNINLNONPNRNUNZOMPAPEPFPGPHPKPLPMPNPRPSPTPWPYQARERORSRURWSASBSCSDSESGSHSISJSKSLSM"
    "SNSOSRSSSTSVSXSYSZTCTDTFTGTHTJTKTLTMTNTOTRTTTVTWTZUAUGUMUSUYUZVAVCVEVGVIVNVUWFWSYEYTZAZMZW";
static_assert(Alpha2Codes.size() == 2 * 249);

std::bitset<26 * 26> makeAlpha2Table()
{
    std::bitset<26 * 26> table;
    for (std::size_t i = 0; i < Alpha2Codes.size(); i += 2)
        table.set(std::size_t(Alpha2Codes[i] - 'A') * 26 + std::size_t(Alpha2Codes[i + 1] - 'A'));
    return table;
}

/// whereAlpha2(country): `country.alpha2 === input.toUpperCase()`. The uppercasing is full
/// Unicode, so a few non-ASCII inputs pass too ("ıt" → "IT", "ß" → "SS", "ﬁ" → "FI").
template <class C>
bool isAlpha2(View<C> lowered)
{
    static const std::bitset<26 * 26> table = makeAlpha2Table();
    Str<C> &upper = scratch<C, 2>();
    js::appendUpper(lowered, upper);
    if (upper.size() != 2)
        return false;
    const char32_t a = unit(upper[0]);
    const char32_t b = unit(upper[1]);
    if (a < U'A' || a > U'Z' || b < U'A' || b > U'Z')
        return false;
    return table.test(std::size_t(a - U'A') * 26 + std::size_t(b - U'A'));
}

// --- email-validator 2.0.4 -------------------------------------------------------------------

/// The local-part class of its regex: [-!#$%&'*+/0-9=?A-Z^_a-z{|}~], plus '`' after the first.
constexpr bool isLocalChar(char32_t c, bool first)
{
    constexpr std::string_view Specials = "-!#$%&'*+/=?^_{|}~";
    if (js::isAsciiAlnum(c))
        return true;
    if (c == 0 || c >= 0x80)
        return false;
    return Specials.find(char(c)) != std::string_view::npos || (!first && c == U'`');
}

/// validate(): length ≤ 254, the regex
///   ^L(\.?L')*@[a-zA-Z0-9](-*\.?[a-zA-Z0-9])*\.[a-zA-Z](-?[a-zA-Z0-9])+$
/// then local part ≤ 64 and every dot-separated domain part ≤ 63 units. The TLD branch has no
/// dot, so the regex's final "\." is the last dot; that makes a backtracking-free check exact.
template <class C>
bool isValidEmail(View<C> s)
{
    if (s.empty() || s.size() > 254)
        return false;
    const std::size_t at = s.find(C('@'));
    if (at == View<C>::npos || at == 0 || at > 64)
        return false;

    // Local part: a first character, then (optional dot + character) pairs.
    if (!isLocalChar(unit(s[0]), true))
        return false;
    for (std::size_t i = 1; i < at; ++i) {
        if (s[i] == C('.'))
            ++i;
        if (i >= at || !isLocalChar(unit(s[i]), false))
            return false;
    }

    const View<C> domain = s.substr(at + 1);
    const std::size_t lastDot = domain.rfind(C('.'));
    if (lastDot == View<C>::npos)
        return false;
    // Head: [a-zA-Z0-9](-*\.?[a-zA-Z0-9])*: starts and ends alphanumeric, every dot is followed
    // by an alphanumeric.
    const View<C> head = domain.substr(0, lastDot);
    if (head.empty() || !js::isAsciiAlnum(unit(head.front())) || !js::isAsciiAlnum(unit(head.back())))
        return false;
    for (std::size_t i = 0; i < head.size(); ++i) {
        const char32_t c = unit(head[i]);
        if (c == U'.') {
            if (!js::isAsciiAlnum(unit(head[i + 1]))) // the last unit is alphanumeric, so i + 1 exists
                return false;
        } else if (c != U'-' && !js::isAsciiAlnum(c)) {
            return false;
        }
    }
    // Tail: [a-zA-Z](-?[a-zA-Z0-9])+: a letter, at least one more unit, single inner hyphens.
    const View<C> tail = domain.substr(lastDot + 1);
    if (tail.size() < 2 || !js::isAsciiAlpha(unit(tail.front())) || !js::isAsciiAlnum(unit(tail.back())))
        return false;
    for (std::size_t i = 1; i < tail.size(); ++i) {
        const char32_t c = unit(tail[i]);
        if (c == U'-') {
            if (unit(tail[i - 1]) == U'-')
                return false;
        } else if (!js::isAsciiAlnum(c)) {
            return false;
        }
    }

    // Outside the regex: the length of each dot-separated part of the domain.
    std::size_t partStart = 0;
    for (std::size_t i = 0; i <= domain.size(); ++i) {
        if (i == domain.size() || domain[i] == C('.')) {
            if (i - partStart > 63)
                return false;
            partStart = i + 1;
        }
    }
    return true;
}

// --- Phone -----------------------------------------------------------------------------------

/// PHONE_NUMBER_IGNORE_CHAR_SET: /[\-@#<>'",; ]|\(|\)|\+|[a-z]/g (ASCII a-z only).
constexpr bool isIgnoredPhoneChar(char32_t c)
{
    constexpr std::string_view Ignored = "-@#<>'\",; ()+";
    return js::isAsciiLower(c) || (c != 0 && c < 0x80 && Ignored.find(char(c)) != std::string_view::npos);
}

/// PHONE_NUMBER_DROP_PREFIX_ZEROS /^\+?0{0,2}/ (the '+' is already gone): how many units to drop.
template <class C>
std::size_t prefixZeros(View<C> s)
{
    std::size_t n = 0;
    while (n < 2 && n < s.size() && s[n] == C('0'))
        ++n;
    return n;
}

template <class C>
bool allDigits(View<C> s)
{
    return std::all_of(s.begin(), s.end(), [](C c) { return js::isAsciiDigit(unit(c)); });
}

/// isInternationalPhoneNumber(). Parentheses are gone by now, so US_PHONE_NUMBER_REGEX is
/// /^1\d{10}$/ and INTL_PHONE_NUMBER_REGEX (\d{1,4}\(?\d{2,3}\)?\d{4,}) is /^\d{7,}$/.
template <class C>
bool isInternationalPhoneNumber(View<C> phone)
{
    const View<C> rest = phone.substr(prefixZeros(phone));
    if (rest.empty() || rest.front() == C('0'))
        return false;
    if (rest.front() == C('1'))
        return rest.size() == 11 && allDigits(rest);
    return rest.size() >= 7 && allDigits(rest);
}

// --- normalizeAndHash ------------------------------------------------------------------------

template <class C>
void removeIf(Str<C> &s, bool (*drop)(char32_t))
{
    s.erase(std::remove_if(s.begin(), s.end(), [drop](C c) { return drop(unit(c)); }), s.end());
}

/// City and state: /[0-9\s().-]/g.
bool isCityStateStrip(char32_t c)
{
    return js::isAsciiDigit(c) || c == U'(' || c == U')' || c == U'.' || c == U'-'
        || (c <= 0xFFFF && js::isSpace(char16_t(c)));
}

bool isSpaceUnit(char32_t c)
{
    return c <= 0xFFFF && js::isSpace(char16_t(c));
}

template <class C>
void reject(Normalized &out, Str<C> &error, std::string_view prefix, View<C> value, std::string_view suffix)
{
    out.status = Status::Rejected;
    js::appendAscii(error, prefix);
    error.append(value);
    js::appendAscii(error, suffix);
}

/// normalizeAndHash() for the hashed fields. `value` receives the string that gets hashed (or
/// passed through), `error` the message of what the SDK throws.
template <class C>
void run(Field field, View<C> in, Normalized &out, Str<C> &value, Str<C> &error)
{
    js::appendLower(js::trim(in), value); // input.trim().toLowerCase()
    if (value.empty()) {
        out.status = Status::DroppedNull;
        return;
    }
    const auto isLowerHex = [](C c) {
        const char32_t u = unit(c);
        return js::isAsciiDigit(u) || (u >= U'a' && u <= U'f');
    };
    if ((value.size() == 64 || value.size() == 32) && std::all_of(value.begin(), value.end(), isLowerHex)) {
        out.status = value.size() == 64 ? Status::PassthroughSha256 : Status::PassthroughMd5;
        return;
    }

    switch (field) {
    case Field::Country:
        if (!isAlpha2(View<C>(value))) {
            reject(out, error, "Invalid country code: '", View<C>(value),
                   "'. Please follow ISO 3166-1 2-letter standard for representing country. eg: US");
        }
        break;
    case Field::Ct:
    case Field::St: removeIf(value, isCityStateStrip); break; // may leave "" (hashed as such)
    case Field::Em:
        if (!isValidEmail(View<C>(value)))
            reject(out, error, "Invalid email format for the passed email:'", View<C>(value),
                   "'.Please check the passed email format.");
        break;
    case Field::Ge: {
        removeIf(value, +[](char32_t c) { return !js::isAsciiLower(c); }); // /[^a-z]/g
        const View<C> gender(value);
        if (js::equalsAscii(gender, "female") || js::equalsAscii(gender, "f"))
            value.assign(1, C('f'));
        else if (js::equalsAscii(gender, "male") || js::equalsAscii(gender, "m"))
            value.assign(1, C('m'));
        else
            out.status = Status::DroppedNull;
        break;
    }
    case Field::Ph: {
        removeIf(value, isIgnoredPhoneChar);
        if (isInternationalPhoneNumber(View<C>(value)))
            value.erase(0, prefixZeros(View<C>(value)));
        if (value.size() < 7 || value.size() > 16)
            reject(out, error, "Invalid phone number format for the passed phone number:'", View<C>(value),
                   "'.Please check the passed phone number format.");
        break;
    }
    case Field::Zp:
        removeIf(value, isSpaceUnit);
        value.erase(std::min(value.find(C('-')), value.size())); // split('-', 1)[0]
        if (value.size() < 2)
            out.status = Status::DroppedNull;
        break;
    case Field::Fn:
    case Field::Ln:
    case Field::Db:
    case Field::ExternalId: break; // no field-specific rule: trimmed and lowercased only
    }
    if (out.status != Status::Hashed)
        value.clear();
}

} // namespace

void normalizeNodeSdk(Field field, std::string_view input, Normalized &out)
{
    out.reset();
    const bool ascii = js::isAscii(input);
    if (field == Field::ExternalId) {
        // normalize() only deduplicates external_ids: no trim, no lowercase, no hash.
        out.status = Status::SentUnhashed;
        if (ascii) {
            out.value.assign(input);
        } else {
            std::u16string &input16 = scratch<char16_t, 0>();
            js::decodeUtf8(input, input16);
            js::appendUtf8(input16, out.value);
        }
        return;
    }
    if (ascii) {
        run<char>(field, input, out, out.value, out.error);
        return;
    }
    std::u16string &input16 = scratch<char16_t, 0>();
    js::decodeUtf8(input, input16);
    std::u16string &value16 = scratch<char16_t, 1>();
    std::u16string &error16 = scratch<char16_t, 3>();
    run<char16_t>(field, input16, out, value16, error16);
    js::appendUtf8(value16, out.value);
    js::appendUtf8(error16, out.error);
}

} // namespace capiqa::pii
