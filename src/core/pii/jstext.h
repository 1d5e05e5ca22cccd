#pragma once

#include <string>
#include <string_view>

/// JavaScript string semantics that Meta's JS implementations (the Node Business SDK and the
/// parameter builder) depend on, for the normalisers that reproduce them byte for byte.
///
/// The normalisers run their rules on code units: `char` when the UTF-8 input is pure ASCII (the
/// fast path, where UTF-8 bytes, UTF-16 code units and code points coincide) and `char16_t`
/// otherwise, because JS regexes without the `u` flag and `.length` count UTF-16 code units.
/// The `char` overloads below therefore assume ASCII text.
namespace capiqa::pii::js {

/// JS WhiteSpace + LineTerminator: what String.prototype.trim() strips and regex `\s` matches.
/// All of them are in the BMP. Unlike QChar::isSpace(), U+0085 and U+180E are not included.
constexpr bool isSpace(char16_t c) noexcept
{
    if (c < 0x80)
        return c == u' ' || (c >= u'\t' && c <= u'\r');
    return c == 0x00A0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029
        || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}
constexpr bool isSpace(char c) noexcept
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

/// The code unit as a number; `char` is signed on x86, so never compare it raw against > 0x7F.
constexpr char32_t unit(char c) noexcept
{
    return static_cast<unsigned char>(c);
}
constexpr char32_t unit(char16_t c) noexcept
{
    return c;
}

constexpr bool isAsciiDigit(char32_t c) noexcept
{
    return c >= U'0' && c <= U'9';
}
constexpr bool isAsciiLower(char32_t c) noexcept
{
    return c >= U'a' && c <= U'z';
}
constexpr bool isAsciiAlpha(char32_t c) noexcept
{
    return isAsciiLower(c) || (c >= U'A' && c <= U'Z');
}
constexpr bool isAsciiAlnum(char32_t c) noexcept
{
    return isAsciiDigit(c) || isAsciiAlpha(c);
}

/// String.prototype.trim().
template <class C>
constexpr std::basic_string_view<C> trim(std::basic_string_view<C> s) noexcept
{
    std::size_t begin = 0;
    std::size_t end = s.size();
    while (begin < end && isSpace(s[begin]))
        ++begin;
    while (end > begin && isSpace(s[end - 1]))
        --end;
    return s.substr(begin, end - begin);
}

/// True when the text equals `ascii` unit for unit.
template <class C>
constexpr bool equalsAscii(std::basic_string_view<C> s, std::string_view ascii) noexcept
{
    if (s.size() != ascii.size())
        return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (unit(s[i]) != unit(ascii[i]))
            return false;
    }
    return true;
}

/// Appends ASCII text to either kind of string (messages, table values).
template <class C>
void appendAscii(std::basic_string<C> &out, std::string_view ascii)
{
    for (const char c : ascii)
        out.push_back(static_cast<C>(c));
}

bool isAscii(std::string_view s) noexcept;

/// String.prototype.toLowerCase(), appended to `out`: full, locale-independent mappings
/// (U+0130 becomes "i\u0307"), Final_Sigma, and the case pairs of Node 20's Unicode version that
/// Qt's tables predate.
void appendLower(std::string_view ascii, std::string &out);
void appendLower(std::u16string_view s, std::u16string &out);

/// String.prototype.toUpperCase(), appended to `out` (full mappings: "ß" becomes "SS").
void appendUpper(std::string_view ascii, std::string &out);
void appendUpper(std::u16string_view s, std::u16string &out);

/// UTF-8 to UTF-16 the way Node decodes a Buffer: each maximal invalid subpart becomes one
/// U+FFFD (WHATWG). Replaces the contents of `out`.
void decodeUtf8(std::string_view in, std::u16string &out);

/// UTF-16 to UTF-8, appended to `out`; a lone surrogate becomes U+FFFD.
void appendUtf8(std::u16string_view in, std::string &out);

} // namespace capiqa::pii::js
