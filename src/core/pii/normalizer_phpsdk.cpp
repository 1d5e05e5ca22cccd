// Profile "php-sdk": facebook-php-business-sdk, src/FacebookAds/Object/ServerSide/Normalizer.php
// and Util.php as UserData::normalize() chains them: Util::hash(Normalizer::normalize($f, $v)).
// PHP works on bytes, so this does too (phptext.h); the value is normalised in place in
// out.value, which allocates nothing once its buffer has grown (only invalid UTF-8 costs a
// copy).
#include "normalizers.h"
#include "phptext.h"
#include "pytext.h"

#include <algorithm>

namespace capiqa::pii {

namespace {

using namespace std::string_view_literals;

bool isLowerHex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

bool isHex(char c)
{
    return isLowerHex(c) || (c >= 'A' && c <= 'F');
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// Util::isHashed(): /^[A-Fa-f0-9]{64}$/ or /^[a-f0-9]{32}$/ (no D modifier, so a single
// trailing "\n" still counts as a hash, and is kept in what is sent).
bool isHashed(std::string_view s)
{
    return php::matchesWholeLine(s, 64, isHex) || php::matchesWholeLine(s, 32, isLowerHex);
}

template<typename Pred>
void eraseIf(std::string &s, Pred pred)
{
    s.erase(std::remove_if(s.begin(), s.end(), pred), s.end());
}

// Normalizer::isInternationalNumber() without building its intermediate strings: drop "-" and
// \s, then "+" and up to two zeros, refuse a leading "0", then /^\d{1,4}\(?\d{2,3}\)?\d{4,}$/.
// The parentheses were already removed by normalizePhone(), so the pattern means seven or
// more ASCII digits (its `$` could allow a final "\n", but \s removed those).
bool isInternationalNumber(std::string_view phone)
{
    enum class Stage { Plus, Zeros, Digits } stage = Stage::Plus;
    int zeros = 0;
    std::size_t digits = 0;
    for (const char c : phone) {
        if (c == '-' || php::isPcreSpace(c))
            continue;
        if (stage == Stage::Plus) {
            stage = Stage::Zeros;
            if (c == '+')
                continue;
        }
        if (stage == Stage::Zeros) {
            if (c == '0' && zeros < 2) {
                ++zeros;
                continue;
            }
            stage = Stage::Digits;
            if (c == '0')
                return false; // substr($phone_number, 0, 1) === '0'
        }
        if (!isDigit(c))
            return false;
        ++digits;
    }
    return digits >= 7;
}

constexpr std::string_view EmailErrorPrefix = "InvalidArgumentException: Invalid email format for the passed email: "sv;
constexpr std::string_view EmailErrorSuffix = "Please check the passed email format."sv;

// `subject` may point into out.value: it is copied before out.value is cleared.
void reject(Normalized &out, std::string_view prefix, std::string_view subject, std::string_view suffix)
{
    out.status = Status::Rejected;
    out.error.assign(prefix);
    out.error.append(subject);
    out.error.append(suffix);
    out.value.clear();
}

// Normalizer::normalize() after trim(strtolower($data)), in place on `s`; `trimmed` is the input
// trimmed but not lowercased. Returns false when it throws (out then holds the message).
bool normalizeField(Field field, std::string &s, std::string_view trimmed, Normalized &out)
{
    switch (field) {
    case Field::Em:
        // normalizeEmail(): the sanitized string is what gets hashed, but the message quotes
        // the string before sanitizing, which is rebuilt from `trimmed` only when needed.
        php::sanitizeEmail(s);
        if (!php::isValidSanitizedEmail(s)) {
            out.status = Status::Rejected;
            out.value.clear();
            out.error.assign(EmailErrorPrefix);
            php::appendLowerAscii(trimmed, out.error);
            out.error.append(EmailErrorSuffix);
            return false;
        }
        return true;
    case Field::Ph: {
        // normalizePhone(): trim(preg_replace('/[a-z()-]/', '', $phone)), then, for an
        // international number only, preg_replace('/[\-\s+]/', '', ...).
        eraseIf(s, [](char c) { return (c >= 'a' && c <= 'z') || c == '(' || c == ')' || c == '-'; });
        php::trimInPlace(s);
        if (isInternationalNumber(s))
            eraseIf(s, [](char c) { return c == '-' || c == '+' || php::isPcreSpace(c); });
        return true;
    }
    case Field::Zp: {
        // normalizeZipCode(): only the space character, then explode('-', $zip)[0].
        eraseIf(s, [](char c) { return c == ' '; });
        const std::size_t dash = s.find('-');
        if (dash != std::string::npos)
            s.erase(dash);
        return true;
    }
    case Field::Ct:
        // normalizeCity(): trim(preg_replace('/[0-9.\s\-()]/', '', $city)).
        eraseIf(s, [](char c) {
            return isDigit(c) || c == '.' || c == '-' || c == '(' || c == ')' || php::isPcreSpace(c);
        });
        php::trimInPlace(s);
        return true;
    case Field::St:
        // normalizeState(): preg_replace('/[^a-z]/', '', $state), which drops every byte of a
        // multi-byte character.
        eraseIf(s, [](char c) { return c < 'a' || c > 'z'; });
        return true;
    case Field::Country: {
        // normalizeCountry(): /[^a-z]/i then only a length check, no ISO list ("uk" passes).
        std::size_t letters = 0;
        for (const char c : s)
            letters += ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) ? 1 : 0;
        if (letters != 2) {
            reject(out, "InvalidArgumentException: Invalid country format passed("sv, s,
                   "). Country Code should be a two-letter ISO Country Code"sv);
            return false;
        }
        eraseIf(s, [](char c) { return !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')); });
        return true;
    }
    case Field::Fn:
    case Field::Ln:
    case Field::Ge:
    case Field::Db:
    case Field::ExternalId:
        return true;
    }
    return true;
}

} // namespace

void normalizePhpSdk(Field field, std::string_view input, Normalized &out)
{
    out.reset();

    // PHP would carry invalid UTF-8 bytes along; capiqa's contract is to see each maximal
    // invalid subpart as one U+FFFD (as JSON needs valid UTF-8 anyway). The Python helper
    // decodes by that rule.
    std::string repaired;
    if (!py::isValidUtf8(input)) {
        std::u32string decoded;
        py::decodeUtf8(input, decoded);
        py::appendUtf8(decoded, repaired);
        input = repaired;
    }

    // UserData::normalize() only deduplicates external_ids: sent as given.
    if (field == Field::ExternalId) {
        out.status = Status::SentUnhashed;
        out.value.assign(input);
        return;
    }
    // Normalizer::normalize(): `if ($data == null || strlen($data) == 0) return null;`.
    if (input.empty()) {
        out.status = Status::Dropped;
        return;
    }
    // An input that already looks like a hash is returned before any trimming or lowercasing.
    if (isHashed(input)) {
        out.status = Status::Passthrough;
        out.value.assign(input);
        return;
    }

    // trim(strtolower($data)): the two touch disjoint ASCII sets, so the order is free.
    const std::string_view trimmed = php::trim(input);
    std::string &s = out.value;
    s.assign(trimmed);
    php::toLowerAscii(s);
    if (!normalizeField(field, s, trimmed, out))
        return;

    // Util::hash(): `$data == null` (the empty string) comes back as is and UserData drops it;
    // a result that looks like a hash is not hashed again.
    if (s.empty())
        out.status = Status::Dropped;
    else if (isHashed(s))
        out.status = Status::Passthrough;
    else
        out.status = Status::Hashed;
}

} // namespace capiqa::pii
