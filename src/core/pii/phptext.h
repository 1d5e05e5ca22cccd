#pragma once

#include <string>
#include <string_view>

/// PHP 8 string functions as the php-sdk profile uses them. PHP strings are bytes: strtolower()
/// and trim() only touch ASCII, and preg_* without the /u modifier matches bytes with PCRE2's
/// C-locale tables, so multi-byte UTF-8 passes through them untouched (or is removed byte by
/// byte by a negated class). Private to the PII layer.
namespace capiqa::pii::php {

/// strtolower(): ASCII A-Z only (PHP 8 is locale-insensitive here).
void toLowerAscii(std::string &s);
void appendLowerAscii(std::string_view in, std::string &out);

/// trim() with its default character list " \t\n\r\0\x0B" (no form feed).
std::string_view trim(std::string_view s);
void trimInPlace(std::string &s);

/// PCRE2's `\s` without /u: space, \t, \n, \v, \f, \r.
bool isPcreSpace(char c);

/// True when `subject` matches `pattern` in the PCRE sense of "^...$" without the D modifier:
/// `$` also matches before one final "\n". `body` says whether a byte may appear; `length` is
/// the exact count wanted before the end (or the final "\n").
template<typename Pred>
bool matchesWholeLine(std::string_view subject, std::size_t length, Pred body)
{
    if (subject.size() == length + 1 && subject.back() == '\n')
        subject.remove_suffix(1);
    if (subject.size() != length)
        return false;
    for (const char c : subject) {
        if (!body(c))
            return false;
    }
    return true;
}

/// filter_var($s, FILTER_SANITIZE_EMAIL): keeps only letters, digits and
/// !#$%&'*+-=?^_`{|}~@.[] (every byte of a multi-byte character goes).
void sanitizeEmail(std::string &s);

/// filter_var($s, FILTER_VALIDATE_EMAIL) (no flags) for a string that sanitizeEmail() produced.
/// Sanitizing removes '"', '\\', ':' and all controls, so the quoted local parts and IPv6
/// literals of PHP's pattern cannot occur and are not implemented.
bool isValidSanitizedEmail(std::string_view s);

} // namespace capiqa::pii::php
