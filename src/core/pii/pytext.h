#pragma once

#include <string>
#include <string_view>

/// Python 3 `str` semantics that the python-sdk profile needs, on code points (Unicode 14.0,
/// the version of Python 3.11's unicodedata and of Qt 6.4's tables). Private to the PII layer.
namespace capiqa::pii::py {

/// `str.isspace()`, which is also what `str.strip()` removes and what `re`'s `\s` matches in a
/// str pattern. Wider than QChar::isSpace(): it includes U+001C..U+001F.
bool isSpace(char32_t c);

/// `re`'s `\d` in a str pattern (Unicode decimal digits, category Nd).
bool isDecimal(char32_t c);

/// Appends `str.lower()` of `in` to `out`: full lowercase mapping (U+0130 becomes "i" + U+0307)
/// and the context-dependent final sigma that Python applies to U+03A3.
void appendLower(std::u32string_view in, std::u32string &out);

/// Decodes UTF-8 as bytes.decode("utf-8", "replace") does: each maximal invalid subpart becomes
/// one U+FFFD (the WHATWG rule too). Replaces the contents of `out`.
void decodeUtf8(std::string_view in, std::u32string &out);
/// Whether decodeUtf8() would replace nothing.
bool isValidUtf8(std::string_view in);

/// Appends the UTF-8 encoding of `in` (no surrogates occur: decodeUtf8 never produces them).
void appendUtf8(std::u32string_view in, std::string &out);
/// ASCII-only text is already UTF-8; this overload lets templates treat both alike.
inline void appendUtf8(std::string_view in, std::string &out)
{
    out.append(in);
}

} // namespace capiqa::pii::py
