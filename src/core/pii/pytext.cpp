#include "pytext.h"

#include <QtCore/QChar>

#include <algorithm>
#include <array>

namespace capiqa::pii::py {

namespace {

constexpr char32_t CapitalSigma = 0x03A3;
constexpr char32_t SmallSigma = 0x03C3;
constexpr char32_t FinalSigma = 0x03C2;
constexpr char32_t Replacement = 0xFFFD;

// Characters that Unicode's Case_Ignorable property adds to the general categories Mn, Me, Cf,
// Lm and Sk: Word_Break MidLetter, MidNumLet and Single_Quote. Checked against Python 3.11's
// str.lower() over every code point.
constexpr std::array<char32_t, 17> ExtraCaseIgnorable{0x0027, 0x002E, 0x003A, 0x00B7, 0x0387, 0x055F,
                                                      0x05F4, 0x2018, 0x2019, 0x2024, 0x2027, 0xFE13,
                                                      0xFE52, 0xFE55, 0xFF07, 0xFF0E, 0xFF1A};

bool isCaseIgnorable(char32_t c)
{
    switch (QChar::category(c)) {
    case QChar::Mark_NonSpacing:
    case QChar::Mark_Enclosing:
    case QChar::Other_Format:
    case QChar::Letter_Modifier:
    case QChar::Symbol_Modifier:
        return true;
    default:
        return std::binary_search(ExtraCaseIgnorable.begin(), ExtraCaseIgnorable.end(), c);
    }
}

// Unicode's Cased: Lu, Ll, Lt plus Other_Lowercase/Other_Uppercase. Only the members that are
// not also Case_Ignorable matter here (the sigma rule skips those first), which leaves these
// ranges beyond the three letter categories.
bool isCased(char32_t c)
{
    switch (QChar::category(c)) {
    case QChar::Letter_Uppercase:
    case QChar::Letter_Lowercase:
    case QChar::Letter_Titlecase:
        return true;
    default:
        break;
    }
    struct Range {
        char32_t first;
        char32_t last;
    };
    static constexpr std::array<Range, 7> Extra{{{0x00AA, 0x00AA},
                                                 {0x00BA, 0x00BA},
                                                 {0x2160, 0x217F},
                                                 {0x24B6, 0x24E9},
                                                 {0x1F130, 0x1F149},
                                                 {0x1F150, 0x1F169},
                                                 {0x1F170, 0x1F189}}};
    return std::any_of(Extra.begin(), Extra.end(), [c](Range r) { return c >= r.first && c <= r.last; });
}

// CPython's handle_capital_sigma(): U+03A3 lowercases to final sigma when a cased letter
// precedes it and none follows (case-ignorable characters are skipped both ways).
char32_t lowerSigma(std::u32string_view s, std::size_t i)
{
    std::size_t j = i;
    while (j > 0 && isCaseIgnorable(s[j - 1]))
        --j;
    if (j == 0 || !isCased(s[j - 1]))
        return SmallSigma;
    std::size_t k = i + 1;
    while (k < s.size() && isCaseIgnorable(s[k]))
        ++k;
    return (k == s.size() || !isCased(s[k])) ? FinalSigma : SmallSigma;
}

// One step of bytes.decode("utf-8", "replace"), which agrees with the WHATWG decoder: each
// maximal invalid subpart becomes one U+FFFD and the byte that broke a sequence starts afresh.
// (QString::fromUtf8 differs: one U+FFFD per byte of a truncated sequence, and it swallows a
// leading U+FEFF, which Python keeps and hashes.)
char32_t nextCodePoint(std::string_view in, std::size_t &i, bool &valid)
{
    const auto lead = static_cast<unsigned char>(in[i]);
    ++i;
    if (lead < 0x80)
        return lead;
    int needed = 0;
    unsigned char lower = 0x80;
    unsigned char upper = 0xBF;
    char32_t c = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
        needed = 1;
        c = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        needed = 2;
        c = lead & 0x0F;
        lower = lead == 0xE0 ? 0xA0 : 0x80; // no overlong forms
        upper = lead == 0xED ? 0x9F : 0xBF; // no surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        needed = 3;
        c = lead & 0x07;
        lower = lead == 0xF0 ? 0x90 : 0x80;
        upper = lead == 0xF4 ? 0x8F : 0xBF; // nothing above U+10FFFF
    } else {
        valid = false;
        return Replacement;
    }
    for (; needed > 0 && i < in.size(); --needed) {
        const auto next = static_cast<unsigned char>(in[i]);
        if (next < lower || next > upper)
            break;
        c = (c << 6) | (next & 0x3F);
        lower = 0x80;
        upper = 0xBF;
        ++i;
    }
    if (needed == 0)
        return c;
    valid = false;
    return Replacement;
}

} // namespace

bool isSpace(char32_t c)
{
    if (c < 0x80)
        return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20);
    switch (c) {
    case 0x0085: case 0x00A0: case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
        return true;
    default:
        return c >= 0x2000 && c <= 0x200A;
    }
}

bool isDecimal(char32_t c)
{
    if (c < 0x80)
        return c >= '0' && c <= '9';
    return QChar::isDigit(c);
}

void appendLower(std::u32string_view in, std::u32string &out)
{
    for (std::size_t i = 0; i < in.size(); ++i) {
        const char32_t c = in[i];
        if (c == CapitalSigma) {
            out.push_back(lowerSigma(in, i));
        } else if (c == 0x0130) {
            // The one unconditional multi-character lowercase mapping (SpecialCasing.txt).
            out.push_back(U'i');
            out.push_back(0x0307);
        } else {
            out.push_back(QChar::toLower(c));
        }
    }
}

void decodeUtf8(std::string_view in, std::u32string &out)
{
    out.clear();
    out.reserve(in.size());
    std::size_t i = 0;
    bool valid = true;
    while (i < in.size())
        out.push_back(nextCodePoint(in, i, valid));
}

bool isValidUtf8(std::string_view in)
{
    std::size_t i = 0;
    bool valid = true;
    while (valid && i < in.size())
        nextCodePoint(in, i, valid);
    return valid;
}

void appendUtf8(std::u32string_view in, std::string &out)
{
    for (const char32_t c : in) {
        if (c < 0x80) {
            out.push_back(char(c));
        } else if (c < 0x800) {
            out.push_back(char(0xC0 | (c >> 6)));
            out.push_back(char(0x80 | (c & 0x3F)));
        } else if (c < 0x10000) {
            out.push_back(char(0xE0 | (c >> 12)));
            out.push_back(char(0x80 | ((c >> 6) & 0x3F)));
            out.push_back(char(0x80 | (c & 0x3F)));
        } else {
            out.push_back(char(0xF0 | (c >> 18)));
            out.push_back(char(0x80 | ((c >> 12) & 0x3F)));
            out.push_back(char(0x80 | ((c >> 6) & 0x3F)));
            out.push_back(char(0x80 | (c & 0x3F)));
        }
    }
}

} // namespace capiqa::pii::py
