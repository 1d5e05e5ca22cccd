#include "phptext.h"

#include <algorithm>
#include <iterator>

namespace capiqa::pii::php {

namespace {

bool isTrimmed(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\0' || c == '\x0B';
}

bool isAsciiAlnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool isAsciiAlpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// The atom class of PHP's email pattern, [\x21\x23-\x27\x2A\x2B\x2D\x2F-\x39\x3D\x3F\x5E-\x7E]
// under /i (so A-Z too).
bool isAtomChar(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return u == 0x21 || (u >= 0x23 && u <= 0x27) || u == 0x2A || u == 0x2B || u == 0x2D || (u >= 0x2F && u <= 0x39)
        || u == 0x3D || u == 0x3F || (u >= 0x5E && u <= 0x7E) || (u >= 'A' && u <= 'Z');
}

// Local part: atom ("." atom)*, i.e. dot-separated non-empty runs of atom characters.
bool isLocalPart(std::string_view s)
{
    if (s.empty() || s.front() == '.' || s.back() == '.')
        return false;
    char previous = '\0';
    for (const char c : s) {
        if (c == '.') {
            if (previous == '.')
                return false;
        } else if (!isAtomChar(c)) {
            return false;
        }
        previous = c;
    }
    return true;
}

// One label of the pattern: (?:xn--)?[a-z0-9]+(?:-+[a-z0-9]+)*, which is alphanumeric runs
// joined by runs of hyphens (the xn-- prefix is itself such a shape).
bool isLabel(std::string_view s)
{
    return !s.empty() && isAsciiAlnum(s.front()) && isAsciiAlnum(s.back())
        && std::all_of(s.begin(), s.end(), [](char c) { return isAsciiAlnum(c) || c == '-'; });
}

// Hostname branch: (?!.*[^.]{64,}) then (label ".")+ and a last label that starts with a
// letter ((?:[a-z][a-z0-9]*|xn--[a-z0-9]+)(?:-+[a-z0-9]+)*).
bool isHostname(std::string_view s)
{
    std::size_t labels = 0;
    std::size_t start = 0;
    for (;;) {
        const std::size_t dot = s.find('.', start);
        const std::size_t length = dot == std::string_view::npos ? std::string_view::npos : dot - start;
        const std::string_view label = s.substr(start, length);
        if (label.size() >= 64 || !isLabel(label))
            return false;
        ++labels;
        if (dot == std::string_view::npos)
            return labels >= 2 && isAsciiAlpha(label.front());
        start = dot + 1;
    }
}

// (?:25[0-5])|(?:2[0-4][0-9])|(?:1[0-9]{2})|(?:[1-9]?[0-9]): 0-255 without leading zeros.
bool isOctet(std::string_view s)
{
    if (s.empty() || s.size() > 3 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return false;
    if (s.size() > 1 && s.front() == '0')
        return false;
    int value = 0;
    for (const char c : s)
        value = value * 10 + (c - '0');
    return value <= 255;
}

// Address literal branch without the IPv6 forms (they need ':'): "[" a.b.c.d "]".
bool isIpv4Literal(std::string_view s)
{
    if (s.size() < 2 || s.front() != '[' || s.back() != ']')
        return false;
    s = s.substr(1, s.size() - 2);
    for (int i = 0; i < 4; ++i) {
        const std::size_t dot = s.find('.');
        if ((i < 3) != (dot != std::string_view::npos))
            return false;
        if (!isOctet(s.substr(0, dot)))
            return false;
        if (i < 3)
            s.remove_prefix(dot + 1);
    }
    return true;
}

bool survivesEmailSanitizing(char c)
{
    // php_filter_email()'s allowed_list: LOWALPHA HIALPHA DIGIT "!#$%&'*+-=?^_`{|}~@.[]".
    static constexpr std::string_view Punctuation = "!#$%&'*+-=?^_`{|}~@.[]";
    return isAsciiAlnum(c) || Punctuation.find(c) != std::string_view::npos;
}

char lowerAscii(char c)
{
    return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
}

} // namespace

void toLowerAscii(std::string &s)
{
    std::transform(s.begin(), s.end(), s.begin(), lowerAscii);
}

void appendLowerAscii(std::string_view in, std::string &out)
{
    std::transform(in.begin(), in.end(), std::back_inserter(out), lowerAscii);
}

std::string_view trim(std::string_view s)
{
    while (!s.empty() && isTrimmed(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && isTrimmed(s.back()))
        s.remove_suffix(1);
    return s;
}

void trimInPlace(std::string &s)
{
    const std::string_view t = trim(s);
    const auto offset = std::size_t(t.data() - s.data());
    const std::size_t length = t.size();
    s.erase(offset + length);
    s.erase(0, offset);
}

bool isPcreSpace(char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

void sanitizeEmail(std::string &s)
{
    s.erase(std::remove_if(s.begin(), s.end(), [](char c) { return !survivesEmailSanitizing(c); }), s.end());
}

bool isValidSanitizedEmail(std::string_view s)
{
    // php_filter_validate_email refuses more than 320 bytes; the pattern's first lookahead
    // then refuses 255 or more characters, and its second an "@" after 65 or more.
    if (s.size() >= 255)
        return false;
    for (std::size_t i = 65; i < s.size(); ++i) {
        if (s[i] == '@')
            return false;
    }
    const std::size_t atSign = s.find('@');
    if (atSign == std::string_view::npos)
        return false;
    const std::string_view domain = s.substr(atSign + 1);
    return isLocalPart(s.substr(0, atSign)) && (isHostname(domain) || isIpv4Literal(domain));
}

} // namespace capiqa::pii::php
