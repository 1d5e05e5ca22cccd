#include "jstext.h"

#include <QtCore/QChar>
#include <QtCore/QString>

#include <algorithm>
#include <iterator>
#include <span>

namespace capiqa::pii::js {

namespace {

constexpr char16_t Replacement = 0xFFFD;

constexpr bool isHighSurrogate(char32_t c) noexcept
{
    return c >= 0xD800 && c <= 0xDBFF;
}
constexpr bool isLowSurrogate(char32_t c) noexcept
{
    return c >= 0xDC00 && c <= 0xDFFF;
}

/// The code point starting at `i` (a lone surrogate stands for itself, as in JS).
char32_t codePointAt(std::u16string_view s, std::size_t i, std::size_t *width)
{
    const char32_t c = s[i];
    if (isHighSurrogate(c) && i + 1 < s.size() && isLowSurrogate(s[i + 1])) {
        *width = 2;
        return 0x10000 + ((c - 0xD800) << 10) + (char32_t(s[i + 1]) - 0xDC00);
    }
    *width = 1;
    return c;
}

/// The code point ending just before `end`.
char32_t codePointBefore(std::u16string_view s, std::size_t end, std::size_t *width)
{
    const char32_t c = s[end - 1];
    if (isLowSurrogate(c) && end >= 2 && isHighSurrogate(s[end - 2])) {
        *width = 2;
        return 0x10000 + ((char32_t(s[end - 2]) - 0xD800) << 10) + (c - 0xDC00);
    }
    *width = 1;
    return c;
}

void appendCodePoint(std::u16string &out, char32_t cp)
{
    if (cp < 0x10000) {
        out.push_back(static_cast<char16_t>(cp));
    } else {
        cp -= 0x10000;
        out.push_back(static_cast<char16_t>(0xD800 + (cp >> 10)));
        out.push_back(static_cast<char16_t>(0xDC00 + (cp & 0x3FF)));
    }
}

/// Simple lowercase pairs that Node 20 (ICU 78, Unicode 17) knows and Qt 6.4's tables do not.
/// Checked by sweeping every code point through both; uppercase gaps do not matter because
/// uppercasing is only used to compare against ASCII country codes.
char32_t newerLower(char32_t cp) noexcept
{
    if (cp >= 0x10D50 && cp <= 0x10D65) // Garay
        return cp + 0x20;
    if (cp >= 0x16EA0 && cp <= 0x16EB8) // Beria Erfe
        return cp + 0x1B;
    switch (cp) {
    case 0x1C89: return 0x1C8A;
    case 0xA7CB: return 0x0264;
    case 0xA7CC: return 0xA7CD;
    case 0xA7CE: return 0xA7CF;
    case 0xA7D2: return 0xA7D3;
    case 0xA7D4: return 0xA7D5;
    case 0xA7DA: return 0xA7DB;
    case 0xA7DC: return 0x019B;
    default: return cp;
    }
}

struct Range {
    char32_t first;
    char32_t last;
};

bool inRanges(std::span<const Range> ranges, char32_t cp) noexcept
{
    return std::any_of(ranges.begin(), ranges.end(), [cp](Range r) { return cp >= r.first && cp <= r.last; });
}

/// Case_Ignorable code points of Unicode 15-17 (Node 20's ICU) that Qt 6.4's Unicode 14 tables do
/// not know: new marks and modifier letters. Found by the same sweep as newerLower().
constexpr Range NewerCaseIgnorable[] = {
    {0x0897, 0x0897}, {0x0ECE, 0x0ECE}, {0x1ACF, 0x1ADD}, {0x1AE0, 0x1AEB}, {0xA7F1, 0xA7F1},
    {0x10D4E, 0x10D4E}, {0x10D69, 0x10D6D}, {0x10D6F, 0x10D6F}, {0x10EC5, 0x10EC5}, {0x10EFA, 0x10EFF},
    {0x11241, 0x11241}, {0x113BB, 0x113C0}, {0x113CE, 0x113CE}, {0x113D0, 0x113D0}, {0x113D2, 0x113D2},
    {0x113E1, 0x113E2}, {0x11B60, 0x11B60}, {0x11B62, 0x11B64}, {0x11B66, 0x11B66}, {0x11DD9, 0x11DD9},
    {0x11F00, 0x11F01}, {0x11F36, 0x11F3A}, {0x11F40, 0x11F40}, {0x11F42, 0x11F42}, {0x11F5A, 0x11F5A},
    {0x13439, 0x13440}, {0x13447, 0x13455}, {0x1611E, 0x16129}, {0x1612D, 0x1612F}, {0x16D40, 0x16D42},
    {0x16D6B, 0x16D6C}, {0x16FF2, 0x16FF3}, {0x1E030, 0x1E06D}, {0x1E08F, 0x1E08F}, {0x1E4EB, 0x1E4EF},
    {0x1E5EE, 0x1E5EF}, {0x1E6E3, 0x1E6E3}, {0x1E6E6, 0x1E6E6}, {0x1E6EE, 0x1E6EF}, {0x1E6F5, 0x1E6F5},
    {0x1E6FF, 0x1E6FF},
};

/// Cased letters of Unicode 15-17 that Qt 6.4 does not know (the newer case pairs, and more).
constexpr Range NewerCased[] = {
    {0x1C89, 0x1C8A}, {0xA7CB, 0xA7CF}, {0xA7D2, 0xA7D2}, {0xA7D4, 0xA7D4}, {0xA7DA, 0xA7DC},
    {0x10D50, 0x10D65}, {0x10D70, 0x10D85}, {0x16EA0, 0x16EB8}, {0x16EBB, 0x16ED3}, {0x1DF25, 0x1DF2A},
};

/// Unicode Case_Ignorable: Mn, Me, Cf, Lm, Sk and the Word_Break MidLetter / MidNumLet /
/// Single_Quote characters. Needed for the Final_Sigma context.
bool isCaseIgnorable(char32_t cp) noexcept
{
    if (cp == 0x1171E) // a spacing mark since Unicode 16
        return false;
    if (inRanges(NewerCaseIgnorable, cp))
        return true;
    switch (QChar::category(cp)) {
    case QChar::Mark_NonSpacing:
    case QChar::Mark_Enclosing:
    case QChar::Other_Format:
    case QChar::Letter_Modifier:
    case QChar::Symbol_Modifier: return true;
    default: break;
    }
    static constexpr char32_t WordBreakMid[] = {0x0027, 0x002E, 0x003A, 0x00B7, 0x0387, 0x055F, 0x05F4, 0x2018, 0x2019,
                                                0x2024, 0x2027, 0xFE13, 0xFE52, 0xFE55, 0xFF07, 0xFF0E, 0xFF1A};
    return std::find(std::begin(WordBreakMid), std::end(WordBreakMid), cp) != std::end(WordBreakMid);
}

/// Unicode Cased: Lu, Ll, Lt plus the Other_Lowercase / Other_Uppercase code points that are
/// not also case-ignorable (those lose to Case_Ignorable in ICU's context scan anyway).
bool isCased(char32_t cp) noexcept
{
    if (cp == 0x0295) // Lo since Unicode 16
        return false;
    if (inRanges(NewerCased, cp))
        return true;
    switch (QChar::category(cp)) {
    case QChar::Letter_Uppercase:
    case QChar::Letter_Lowercase:
    case QChar::Letter_Titlecase: return true;
    default: break;
    }
    return cp == 0x00AA || cp == 0x00BA || (cp >= 0x2160 && cp <= 0x217F) || (cp >= 0x24B6 && cp <= 0x24E9)
        || (cp >= 0x1F130 && cp <= 0x1F149) || (cp >= 0x1F150 && cp <= 0x1F169) || (cp >= 0x1F170 && cp <= 0x1F189);
}

/// Final_Sigma (Unicode 3.13): the sigma at [begin, end) follows a cased letter (skipping
/// case-ignorables) and is not followed by one. ICU checks ignorability first, as here.
bool isFinalSigma(std::u16string_view s, std::size_t begin, std::size_t end)
{
    bool casedBefore = false;
    std::size_t width = 0;
    for (std::size_t i = begin; i > 0; i -= width) {
        const char32_t cp = codePointBefore(s, i, &width);
        if (isCaseIgnorable(cp))
            continue;
        casedBefore = isCased(cp);
        break;
    }
    if (!casedBefore)
        return false;
    for (std::size_t i = end; i < s.size(); i += width) {
        const char32_t cp = codePointAt(s, i, &width);
        if (isCaseIgnorable(cp))
            continue;
        return !isCased(cp);
    }
    return true;
}

} // namespace

bool isAscii(std::string_view s) noexcept
{
    return std::all_of(s.begin(), s.end(), [](char c) { return unit(c) < 0x80; });
}

void appendLower(std::string_view ascii, std::string &out)
{
    const std::size_t base = out.size();
    out.append(ascii);
    for (std::size_t i = base; i < out.size(); ++i) {
        if (out[i] >= 'A' && out[i] <= 'Z')
            out[i] = static_cast<char>(out[i] + ('a' - 'A'));
    }
}

void appendLower(std::u16string_view s, std::u16string &out)
{
    out.reserve(out.size() + s.size());
    std::size_t width = 0;
    for (std::size_t i = 0; i < s.size(); i += width) {
        const char32_t cp = codePointAt(s, i, &width);
        if (cp < 0x80) {
            out.push_back(static_cast<char16_t>(cp >= U'A' && cp <= U'Z' ? cp + 0x20 : cp));
        } else if (cp == 0x0130) {
            // The one unconditional multi-code-point lowercase mapping in SpecialCasing.txt.
            out.push_back(u'i');
            out.push_back(0x0307);
        } else if (cp == 0x03A3) {
            out.push_back(isFinalSigma(s, i, i + width) ? 0x03C2 : 0x03C3);
        } else {
            const char32_t newer = newerLower(cp);
            appendCodePoint(out, newer != cp ? newer : QChar::toLower(cp));
        }
    }
}

void appendUpper(std::string_view ascii, std::string &out)
{
    const std::size_t base = out.size();
    out.append(ascii);
    for (std::size_t i = base; i < out.size(); ++i) {
        if (out[i] >= 'a' && out[i] <= 'z')
            out[i] = static_cast<char>(out[i] - ('a' - 'A'));
    }
}

void appendUpper(std::u16string_view s, std::u16string &out)
{
    // QString::toUpper() applies the full SpecialCasing mappings, as V8 does.
    const QString upper = QString::fromUtf16(s.data(), qsizetype(s.size())).toUpper();
    out.append(reinterpret_cast<const char16_t *>(upper.utf16()), std::size_t(upper.size()));
}

void decodeUtf8(std::string_view in, std::u16string &out)
{
    out.clear();
    out.reserve(in.size());
    const std::size_t n = in.size();
    std::size_t i = 0;
    while (i < n) {
        const char32_t b0 = unit(in[i]);
        if (b0 < 0x80) {
            out.push_back(static_cast<char16_t>(b0));
            ++i;
            continue;
        }
        // Sequence length and the allowed range of the second byte (WHATWG UTF-8 decoder), so
        // that overlongs, surrogates and values above U+10FFFF end the sequence early.
        std::size_t need = 0;
        char32_t lower = 0x80;
        char32_t upper = 0xBF;
        char32_t cp = 0;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            need = 1;
            cp = b0 & 0x1F;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            need = 2;
            cp = b0 & 0x0F;
            if (b0 == 0xE0)
                lower = 0xA0;
            else if (b0 == 0xED)
                upper = 0x9F;
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            need = 3;
            cp = b0 & 0x07;
            if (b0 == 0xF0)
                lower = 0x90;
            else if (b0 == 0xF4)
                upper = 0x8F;
        } else {
            out.push_back(Replacement);
            ++i;
            continue;
        }
        ++i;
        bool complete = true;
        for (std::size_t k = 0; k < need; ++k) {
            if (i >= n) {
                complete = false;
                break;
            }
            const char32_t b = unit(in[i]);
            if (b < lower || b > upper) {
                complete = false;
                break;
            }
            lower = 0x80;
            upper = 0xBF;
            cp = (cp << 6) | (b & 0x3F);
            ++i;
        }
        // An incomplete sequence is one U+FFFD; the byte that broke it is decoded afresh.
        if (complete)
            appendCodePoint(out, cp);
        else
            out.push_back(Replacement);
    }
}

void appendUtf8(std::u16string_view in, std::string &out)
{
    out.reserve(out.size() + in.size() * 3);
    std::size_t width = 0;
    for (std::size_t i = 0; i < in.size(); i += width) {
        char32_t cp = codePointAt(in, i, &width);
        if (isHighSurrogate(cp) || isLowSurrogate(cp))
            cp = Replacement;
        if (cp < 0x80) {
            out.push_back(static_cast<char>(cp));
        } else if (cp < 0x800) {
            out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else if (cp < 0x10000) {
            out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else {
            out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        }
    }
}

} // namespace capiqa::pii::js
