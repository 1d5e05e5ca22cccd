// Profile "meta": Meta's parameter builder, npm capi-param-builder-nodejs 1.3.2,
// `new ParamBuilder().getNormalizedAndHashedPII(value, PII_DATA_TYPE.X)` (src/piiUtil/*.js).
//
// Every rule runs on code units, like the library's regexes (none of which but the phone one has
// the `u` flag): on the UTF-8 bytes when the input is ASCII, on UTF-16 otherwise. See jstext.h.
#include "jstext.h"
#include "normalizers.h"

#include <QtCore/QDate>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <span>

namespace capiqa::pii {

namespace {

template <class C>
using View = std::basic_string_view<C>;
template <class C>
using Str = std::basic_string<C>;

/// Per-thread scratch strings: once they have grown, the batch path allocates nothing.
template <class C, int Slot>
Str<C> &scratch()
{
    thread_local Str<C> buffer;
    buffer.clear();
    return buffer;
}

// --- The appendix ----------------------------------------------------------------------------

/// AppendixProvider.js: base64url of [DEFAULT_FORMAT 0x01, LANGUAGE_TOKEN_INDEX 0x04 (Node.js),
/// appendix type, major, minor, patch] of the package version (1.3.2), after a dot.
constexpr std::array<char, 9> makeSuffix(unsigned char type)
{
    constexpr std::string_view Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const std::array<unsigned, 6> bytes{0x01, 0x04, type, 1, 3, 2};
    std::array<char, 9> out{'.'};
    for (std::size_t group = 0; group < 2; ++group) {
        const unsigned bits = (bytes[3 * group] << 16) | (bytes[3 * group + 1] << 8) | bytes[3 * group + 2];
        for (std::size_t k = 0; k < 4; ++k)
            out[1 + 4 * group + k] = Alphabet[(bits >> (18 - 6 * k)) & 0x3F];
    }
    return out;
}
/// APPENDIX_NET_NEW: what the builder appends to a hash it computed itself.
constexpr std::array<char, 9> NetNewSuffix = makeSuffix(0x02);
constexpr std::string_view NetNewSuffixView(NetNewSuffix.data(), NetNewSuffix.size());
static_assert(NetNewSuffixView == ".AQQCAQMC");
/// APPENDIX_NO_CHANGE: what it appends to a SHA-256/MD5 it was given.
constexpr std::array<char, 9> NoChangeSuffix = makeSuffix(0x00);
constexpr std::string_view NoChangeSuffixView(NoChangeSuffix.data(), NoChangeSuffix.size());
static_assert(NoChangeSuffixView == ".AQQAAQMC");

/// Constants.SUPPORTED_PARAM_BUILDER_LANGUAGES_TOKEN: the v1 (two-character) appendixes.
constexpr std::array<std::string_view, 6> LanguageTokens{"AQ", "Ag", "Aw", "BA", "BQ", "Bg"};
/// Constants.APPENDIX_LENGTH_V2: any suffix of this many UTF-16 units counts as an appendix.
constexpr std::size_t AppendixLengthV2 = 8;

// --- Tables (stringUtil.js, genderUtil.js) ----------------------------------------------------

struct Abbreviation {
    std::string_view name;
    std::string_view code;
};

/// STATE_MAPPINGS = {...CA_PROVINCES, ...US_STATES}. The order matters: getFromMap() returns the
/// first name (in this order) that the input contains.
constexpr Abbreviation StateMappings[] = {
    {"ontario", "on"}, {"quebec", "qc"}, {"britishcolumbia", "bc"}, {"alberta", "ab"}, {"saskatchewan", "sk"},
    {"manitoba", "mb"}, {"novascotia", "ns"}, {"newbrunswick", "nb"}, {"princeedwardisland", "pe"},
    {"newfoundlandandlabrador", "nl"}, {"yukon", "yt"}, {"northwestterritories", "nt"}, {"nunavut", "nu"},
    {"alabama", "al"}, {"alaska", "ak"}, {"arizona", "az"}, {"arkansas", "ar"}, {"california", "ca"},
    {"colorado", "co"}, {"connecticut", "ct"}, {"delaware", "de"}, {"florida", "fl"}, {"georgia", "ga"},
    {"hawaii", "hi"}, {"idaho", "id"}, {"illinois", "il"}, {"indiana", "in"}, {"iowa", "ia"},
    {"kansas", "ks"}, {"kentucky", "ky"}, {"louisiana", "la"}, {"maine", "me"}, {"maryland", "md"},
    {"massachusetts", "ma"}, {"michigan", "mi"}, {"minnesota", "mn"}, {"mississippi", "ms"},
    {"missouri", "mo"}, {"montana", "mt"}, {"nebraska", "ne"}, {"nevada", "nv"}, {"newhampshire", "nh"},
    {"newjersey", "nj"}, {"newmexico", "nm"}, {"newyork", "ny"}, {"northcarolina", "nc"},
    {"northdakota", "nd"}, {"ohio", "oh"}, {"oklahoma", "ok"}, {"oregon", "or"}, {"pennsylvania", "pa"},
    {"rhodeisland", "ri"}, {"southcarolina", "sc"}, {"southdakota", "sd"}, {"tennessee", "tn"},
    {"texas", "tx"}, {"utah", "ut"}, {"vermont", "vt"}, {"virginia", "va"}, {"washington", "wa"},
    {"westvirginia", "wv"}, {"wisconsin", "wi"}, {"wyoming", "wy"},
};

/// COUNTRY_MAPPINGS, in the library's order (note "ind" early: anything containing it maps to "in").
constexpr Abbreviation CountryMappings[] = {
    {"unitedstates", "us"}, {"usa", "us"}, {"ind", "in"}, {"afghanistan", "af"}, {"alandislands", "ax"},
    {"albania", "al"}, {"algeria", "dz"}, {"americansamoa", "as"}, {"andorra", "ad"}, {"angola", "ao"},
    {"anguilla", "ai"}, {"antarctica", "aq"}, {"antiguaandbarbuda", "ag"}, {"argentina", "ar"},
    {"armenia", "am"}, {"aruba", "aw"}, {"australia", "au"}, {"austria", "at"}, {"azerbaijan", "az"},
    {"bahamas", "bs"}, {"bahrain", "bh"}, {"bangladesh", "bd"}, {"barbados", "bb"}, {"belarus", "by"},
    {"belgium", "be"}, {"belize", "bz"}, {"benin", "bj"}, {"bermuda", "bm"}, {"bhutan", "bt"},
    {"boliviaplurinationalstateof", "bo"}, {"bolivia", "bo"}, {"bonairesinteustatinsandsaba", "bq"},
    {"bosniaandherzegovina", "ba"}, {"botswana", "bw"}, {"bouvetisland", "bv"}, {"brazil", "br"},
    {"britishindianoceanterritory", "io"}, {"bruneidarussalam", "bn"}, {"brunei", "bn"}, {"bulgaria", "bg"},
    {"burkinafaso", "bf"}, {"burundi", "bi"}, {"cambodia", "kh"}, {"cameroon", "cm"}, {"canada", "ca"},
    {"capeverde", "cv"}, {"caymanislands", "ky"}, {"centralafricanrepublic", "cf"}, {"chad", "td"},
    {"chile", "cl"}, {"china", "cn"}, {"christmasisland", "cx"}, {"cocoskeelingislands", "cc"},
    {"colombia", "co"}, {"comoros", "km"}, {"congo", "cg"}, {"congothedemocraticrepublicofthe", "cd"},
    {"democraticrepublicofthecongo", "cd"}, {"cookislands", "ck"}, {"costarica", "cr"}, {"cotedivoire", "ci"},
    {"ivorycoast", "ci"}, {"croatia", "hr"}, {"cuba", "cu"}, {"curacao", "cw"}, {"cyprus", "cy"},
    {"czechrepublic", "cz"}, {"denmark", "dk"}, {"djibouti", "dj"}, {"dominica", "dm"},
    {"dominicanrepublic", "do"}, {"ecuador", "ec"}, {"egypt", "eg"}, {"elsalvador", "sv"},
    {"equatorialguinea", "gq"}, {"eritrea", "er"}, {"estonia", "ee"}, {"ethiopia", "et"},
    {"falklandislandsmalvinas", "fk"}, {"faroeislands", "fo"}, {"fiji", "fj"}, {"finland", "fi"},
    {"france", "fr"}, {"frenchguiana", "gf"}, {"frenchpolynesia", "pf"}, {"frenchsouthernterritories", "tf"},
    {"gabon", "ga"}, {"gambia", "gm"}, {"georgia", "ge"}, {"germany", "de"}, {"ghana", "gh"},
    {"gibraltar", "gi"}, {"greece", "gr"}, {"greenland", "gl"}, {"grenada", "gd"}, {"guadeloupe", "gp"},
    {"guam", "gu"}, {"guatemala", "gt"}, {"guernsey", "gg"}, {"guinea", "gn"}, {"guineabissau", "gw"},
    {"guyana", "gy"}, {"haiti", "ht"}, {"heardislandandmcdonaldislands", "hm"},
    {"holyseevaticancitystate", "va"}, {"vatican", "va"}, {"honduras", "hn"}, {"hongkong", "hk"},
    {"hungary", "hu"}, {"iceland", "is"}, {"india", "in"}, {"indonesia", "id"},
    {"iranislamicrepublicof", "ir"}, {"iran", "ir"}, {"iraq", "iq"}, {"ireland", "ie"}, {"isleofman", "im"},
    {"israel", "il"}, {"italy", "it"}, {"jamaica", "jm"}, {"japan", "jp"}, {"jersey", "je"}, {"jordan", "jo"},
    {"kazakhstan", "kz"}, {"kenya", "ke"}, {"kiribati", "ki"}, {"koreademocraticpeoplesrepublicof", "kp"},
    {"northkorea", "kp"}, {"korearepublicof", "kr"}, {"southkorea", "kr"}, {"kuwait", "kw"},
    {"kyrgyzstan", "kg"}, {"laopeoplesdemocraticrepublic", "la"}, {"laos", "la"}, {"latvia", "lv"},
    {"lebanon", "lb"}, {"lesotho", "ls"}, {"liberia", "lr"}, {"libya", "ly"}, {"liechtenstein", "li"},
    {"lithuania", "lt"}, {"luxembourg", "lu"}, {"macao", "mo"},
    {"macedoniatheformeryugoslavrepublicof", "mk"}, {"macedonia", "mk"}, {"madagascar", "mg"},
    {"malawi", "mw"}, {"malaysia", "my"}, {"maldives", "mv"}, {"mali", "ml"}, {"malta", "mt"},
    {"marshallislands", "mh"}, {"martinique", "mq"}, {"mauritania", "mr"}, {"mauritius", "mu"},
    {"mayotte", "yt"}, {"mexico", "mx"}, {"micronesiafederatedstatesof", "fm"}, {"micronesia", "fm"},
    {"moldovarepublicof", "md"}, {"moldova", "md"}, {"monaco", "mc"}, {"mongolia", "mn"},
    {"montenegro", "me"}, {"montserrat", "ms"}, {"morocco", "ma"}, {"mozambique", "mz"}, {"myanmar", "mm"},
    {"namibia", "na"}, {"nauru", "nr"}, {"nepal", "np"}, {"netherlands", "nl"}, {"newcaledonia", "nc"},
    {"newzealand", "nz"}, {"nicaragua", "ni"}, {"niger", "ne"}, {"nigeria", "ng"}, {"niue", "nu"},
    {"norfolkisland", "nf"}, {"northernmarianaislands", "mp"}, {"norway", "no"}, {"oman", "om"},
    {"pakistan", "pk"}, {"palau", "pw"}, {"palestinestateof", "ps"}, {"palestine", "ps"}, {"panama", "pa"},
    {"papuanewguinea", "pg"}, {"paraguay", "py"}, {"peru", "pe"}, {"philippines", "ph"}, {"pitcairn", "pn"},
    {"poland", "pl"}, {"portugal", "pt"}, {"puertorico", "pr"}, {"qatar", "qa"}, {"reunion", "re"},
    {"romania", "ro"}, {"russianfederation", "ru"}, {"russia", "ru"}, {"rwanda", "rw"},
    {"saintbarthelemy", "bl"}, {"sainthelenaascensionandtristandacunha", "sh"}, {"saintkittsandnevis", "kn"},
    {"saintlucia", "lc"}, {"saintmartinfrenchpart", "mf"}, {"saintpierreandmiquelon", "pm"},
    {"saintvincentandthegrenadines", "vc"}, {"samoa", "ws"}, {"sanmarino", "sm"},
    {"saotomeandprincipe", "st"}, {"saudiarabia", "sa"}, {"senegal", "sn"}, {"serbia", "rs"},
    {"seychelles", "sc"}, {"sierraleone", "sl"}, {"singapore", "sg"}, {"sintmaartenductchpart", "sx"},
    {"slovakia", "sk"}, {"slovenia", "si"}, {"solomonislands", "sb"}, {"somalia", "so"},
    {"southafrica", "za"}, {"southgeorgiaandthesouthsandwichislands", "gs"}, {"southsudan", "ss"},
    {"spain", "es"}, {"srilanka", "lk"}, {"sudan", "sd"}, {"suriname", "sr"}, {"svalbardandjanmayen", "sj"},
    {"eswatini", "sz"}, {"swaziland", "sz"}, {"sweden", "se"}, {"switzerland", "ch"},
    {"syrianarabrepublic", "sy"}, {"syria", "sy"}, {"taiwanprovinceofchina", "tw"}, {"taiwan", "tw"},
    {"tajikistan", "tj"}, {"tanzaniaunitedrepublicof", "tz"}, {"tanzania", "tz"}, {"thailand", "th"},
    {"timorleste", "tl"}, {"easttimor", "tl"}, {"togo", "tg"}, {"tokelau", "tk"}, {"tonga", "to"},
    {"trinidadandtobago", "tt"}, {"tunisia", "tn"}, {"turkey", "tr"}, {"turkmenistan", "tm"},
    {"turksandcaicosislands", "tc"}, {"tuvalu", "tv"}, {"uganda", "ug"}, {"ukraine", "ua"},
    {"unitedarabemirates", "ae"}, {"unitedkingdom", "gb"}, {"unitedstatesofamerica", "us"},
    {"unitedstatesminoroutlyingislands", "um"}, {"uruguay", "uy"}, {"uzbekistan", "uz"}, {"vanuatu", "vu"},
    {"venezuelabolivarianrepublicof", "ve"}, {"venezuela", "ve"}, {"vietnam", "vn"},
    {"virginislandsbritish", "vg"}, {"virginislandsus", "vi"}, {"wallisandfutuna", "wf"},
    {"westernsahara", "eh"}, {"yemen", "ye"}, {"zambia", "zm"}, {"zimbabwe", "zw"},
};

constexpr std::string_view MaleWords[] = {
    "man", "male", "boy", "gentleman", "guy", "sir", "mister", "mr", "son", "father", "dad", "daddy", "papa",
    "uncle", "nephew", "brother", "husband", "boyfriend", "groom", "widower", "king", "prince", "duke",
    "count", "emperor", "god", "lord", "lad", "fellow", "chap", "bloke", "dude", "he", "him", "his",
    "himself", "m",
};

constexpr std::string_view FemaleWords[] = {
    "woman", "female", "girl", "lady", "miss", "ms", "mrs", "madam", "ma'am", "daughter", "mother", "mom",
    "mama", "mommy", "aunt", "niece", "sister", "wife", "girlfriend", "bride", "widow", "queen", "princess",
    "duchess", "countess", "empress", "goddess", "maiden", "lass", "gal", "chick", "dame", "belle", "she",
    "her", "hers", "herself", "f",
};

// --- Helpers ---------------------------------------------------------------------------------

using js::unit;

/// /^[A-Fa-f0-9]{n}$/
template <class C>
bool isHex(View<C> s, std::size_t n)
{
    return s.size() == n && std::all_of(s.begin(), s.end(), [](C c) {
               const char32_t u = unit(c);
               return js::isAsciiDigit(u) || (u >= U'a' && u <= U'f') || (u >= U'A' && u <= U'F');
           });
}

template <class C>
bool isSha256OrMd5(View<C> s)
{
    return isHex(s, 64) || isHex(s, 32);
}

/// isAlreadyNormalizedAndHashedByParamBuilder(): hex + "." + a known token or any 8 units.
template <class C>
bool isParamBuilderOutput(View<C> s)
{
    const std::size_t dot = s.rfind(C('.'));
    if (dot == View<C>::npos)
        return false;
    const View<C> suffix = s.substr(dot + 1);
    const bool appendix = suffix.size() == AppendixLengthV2
        || std::any_of(LanguageTokens.begin(), LanguageTokens.end(),
                       [suffix](std::string_view token) { return js::equalsAscii(suffix, token); });
    return appendix && isSha256OrMd5(s.substr(0, dot));
}

/// `!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~`: every ASCII punctuation character.
constexpr bool isAsciiPunctuation(char32_t c)
{
    return (c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40) || (c >= 0x5B && c <= 0x60)
        || (c >= 0x7B && c <= 0x7E);
}

/// The atom class of EMAIL_RE: [\w!#$%&'*+/=?^`{|}~-]. ASCII only: without the `u` flag the
/// `i` flag never lets a non-ASCII character match an ASCII one.
constexpr bool isEmailAtomChar(char32_t c)
{
    constexpr std::string_view Specials = "_!#$%&'*+/=?^`{|}~-";
    return js::isAsciiAlnum(c) || (c > 0 && c < 0x80 && Specials.find(char(c)) != std::string_view::npos);
}

/// [a-z0-9](?:[a-z0-9\-]*[a-z0-9])? with the `i` flag.
template <class C>
bool isDomainLabel(View<C> label)
{
    if (label.empty() || !js::isAsciiAlnum(unit(label.front())) || !js::isAsciiAlnum(unit(label.back())))
        return false;
    return std::all_of(label.begin(), label.end(),
                       [](C c) { return js::isAsciiAlnum(unit(c)) || c == C('-'); });
}

/// EMAIL_RE (emailUtil.js). Its "(:?\." is a typo for "(?:\." that lets one colon precede each
/// dot of the local part; reproduced. The classes exclude '.', ':' and '@', so a greedy scan
/// decides it without backtracking.
template <class C>
bool matchesEmailRe(View<C> s)
{
    std::size_t i = 0;
    for (;;) {
        const std::size_t start = i;
        while (i < s.size() && isEmailAtomChar(unit(s[i])))
            ++i;
        if (i == start || i == s.size())
            return false;
        if (s[i] == C('@'))
            break;
        if (s[i] == C(':'))
            ++i;
        if (i == s.size() || s[i] != C('.'))
            return false;
        ++i;
    }
    View<C> domain = s.substr(i + 1);
    int labels = 0;
    for (;;) {
        const std::size_t dot = domain.find(C('.'));
        if (!isDomainLabel(domain.substr(0, dot)))
            return false;
        ++labels;
        if (dot == View<C>::npos)
            break;
        domain.remove_prefix(dot + 1);
    }
    return labels >= 2;
}

/// isValidDate() accepts birth years up to next year by the local clock. Reading the clock is a
/// localtime() per value, so the year is re-read at most once a minute.
int currentYear()
{
    thread_local int year = 0;
    thread_local std::chrono::steady_clock::time_point refreshAt;
    const auto now = std::chrono::steady_clock::now();
    if (year == 0 || now >= refreshAt) {
        year = QDate::currentDate().year();
        refreshAt = now + std::chrono::minutes(1);
    }
    return year;
}

template <class C>
void appendPadded(Str<C> &out, std::uint64_t value, std::size_t width)
{
    std::array<char, 24> digits{};
    std::size_t n = 0;
    do {
        digits[n++] = char('0' + value % 10);
        value /= 10;
    } while (value != 0);
    for (std::size_t k = n; k < width; ++k)
        out.push_back(C('0'));
    while (n > 0)
        out.push_back(C(digits[--n]));
}

// --- The field normalisers: false = the library's null ---------------------------------------

template <class C>
bool normalizeEmail(View<C> in, Str<C> &out)
{
    Str<C> &lowered = scratch<C, 2>();
    js::appendLower(in, lowered);
    const View<C> email = js::trim(View<C>(lowered));
    if (!matchesEmailRe(email))
        return false;
    out.append(email);
    return true;
}

/// Strip /[^0-9]/giu, then /^0*/.
template <class C>
bool normalizePhone(View<C> in, Str<C> &out)
{
    for (const C c : in) {
        if (js::isAsciiDigit(unit(c)) && !(out.empty() && c == C('0')))
            out.push_back(c);
    }
    return true;
}

/// dobUtil.js: the digit runs (\D became spaces) are read as numbers. Three or more: the first
/// three are arranged into year/month/day and range-checked. Exactly one of 8 digits: verbatim.
template <class C>
bool normalizeDob(View<C> in, Str<C> &out)
{
    // parseInt() of a long run is a huge double; saturating keeps every comparison the same.
    constexpr std::uint64_t Saturated = 1'000'000'000'000'000;
    std::array<std::uint64_t, 3> n{};
    std::size_t groups = 0;
    View<C> first;
    for (std::size_t i = 0; i < in.size();) {
        if (!js::isAsciiDigit(unit(in[i]))) {
            ++i;
            continue;
        }
        const std::size_t start = i;
        std::uint64_t value = 0;
        for (; i < in.size() && js::isAsciiDigit(unit(in[i])); ++i)
            value = std::min(value * 10 + (unit(in[i]) - U'0'), Saturated);
        if (groups < n.size())
            n[groups] = value;
        if (groups == 0)
            first = in.substr(start, i - start);
        ++groups;
    }
    if (groups >= 3) {
        std::uint64_t year = 0, month = 0, day = 0; // getYearMonthDayFromNumbers()
        if (n[0] > 31) {
            year = n[0];
            month = n[1] > 12 ? n[2] : n[1];
            day = n[1] > 12 ? n[1] : n[2];
        } else if (n[1] > 31) {
            year = n[1];
            month = n[2] > 12 ? n[0] : n[2];
            day = n[2] > 12 ? n[2] : n[0];
        } else {
            year = n[2];
            month = n[0] > 12 ? n[1] : n[0];
            day = n[0] > 12 ? n[0] : n[1];
        }
        // isValidDate()
        if (year >= 1800 && month >= 1 && month <= 12 && day >= 1 && day <= 31
            && year <= std::uint64_t(currentYear()) + 1) {
            appendPadded(out, year, 4);
            appendPadded(out, month, 2);
            appendPadded(out, day, 2);
            return true;
        }
    }
    if (groups == 1 && first.size() == 8) {
        out.append(first);
        return true;
    }
    return false;
}

template <class C>
bool normalizeGender(View<C> in, Str<C> &out)
{
    Str<C> &lowered = scratch<C, 2>();
    js::appendLower(in, lowered);
    const View<C> gender = js::trim(View<C>(lowered));
    const auto matches = [gender](std::string_view word) { return js::equalsAscii(gender, word); };
    if (std::any_of(std::begin(MaleWords), std::end(MaleWords), matches))
        out.push_back(C('m'));
    else if (std::any_of(std::begin(FemaleWords), std::end(FemaleWords), matches))
        out.push_back(C('f'));
    else
        return false;
    return true;
}

/// Strip whitespace and ASCII punctuation first, then lowercase (the order matters for the
/// Final_Sigma context of toLowerCase()).
template <class C>
bool normalizeName(View<C> in, Str<C> &out)
{
    Str<C> &stripped = scratch<C, 2>();
    for (const C c : in) {
        if (!js::isSpace(c) && !isAsciiPunctuation(unit(c)))
            stripped.push_back(c);
    }
    js::appendLower(View<C>(stripped), out);
    return true;
}

/// Keep [a-zA-Z0-9], lowercase, and require /^[a-z]+/ (a leading letter).
template <class C>
bool normalizeCity(View<C> in, Str<C> &out)
{
    for (const C c : in) {
        const char32_t u = unit(c);
        if (js::isAsciiAlnum(u))
            out.push_back(C(u >= U'A' && u <= U'Z' ? u + 0x20 : u));
    }
    return !out.empty() && js::isAsciiLower(unit(out.front()));
}

/// normalizeTwoLetterAbbreviations() + getFromMap(): lowercase, keep [a-z], map full names
/// (exactly, else the first contained), keep at most two letters.
template <class C>
bool normalizeRegion(View<C> in, std::span<const Abbreviation> table, Str<C> &out)
{
    Str<C> &lowered = scratch<C, 2>();
    js::appendLower(in, lowered);
    std::string &letters = scratch<char, 3>();
    for (const C c : lowered) {
        if (js::isAsciiLower(unit(c)))
            letters.push_back(char(c));
    }
    std::string_view region = letters;
    if (region.size() != 2) {
        const auto exact = std::find_if(table.begin(), table.end(),
                                        [region](const Abbreviation &a) { return a.name == region; });
        const auto contained = exact != table.end()
            ? exact
            : std::find_if(table.begin(), table.end(), [region](const Abbreviation &a) {
                  return region.find(a.name) != std::string_view::npos;
              });
        if (contained != table.end())
            region = contained->code;
    }
    js::appendAscii(out, region.substr(0, 2));
    return true;
}

/// Strip /\s+/g, then lowercase.
template <class C>
bool normalizeExternalId(View<C> in, Str<C> &out)
{
    Str<C> &stripped = scratch<C, 2>();
    for (const C c : in) {
        if (!js::isSpace(c))
            stripped.push_back(c);
    }
    js::appendLower(View<C>(stripped), out);
    return true;
}

/// Lowercase, keep what precedes the first '-', trim; fewer than 2 UTF-16 units is null.
template <class C>
bool normalizeZip(View<C> in, Str<C> &out)
{
    Str<C> &lowered = scratch<C, 2>();
    js::appendLower(in, lowered);
    View<C> zip(lowered);
    zip = js::trim(zip.substr(0, zip.find(C('-'))));
    if (zip.size() < 2)
        return false;
    out.append(zip);
    return true;
}

/// getNormalizedAndHashedPII() after its `!piiValue` check.
template <class C>
void run(Field field, View<C> in, Normalized &out, Str<C> &value)
{
    const View<C> trimmed = js::trim(in);
    if (isSha256OrMd5(trimmed)) {
        out.status = trimmed.size() == 64 ? Status::PassthroughSha256 : Status::PassthroughMd5;
        js::appendLower(trimmed, value);
        out.hashSuffix = NoChangeSuffixView;
        return;
    }
    if (isParamBuilderOutput(trimmed)) {
        out.status = Status::PassthroughParamBuilder;
        value.append(trimmed);
        return;
    }

    // getNormalizedPII() gets the untrimmed value; each normaliser trims (or not) itself.
    bool ok = false;
    switch (field) {
    case Field::Em: ok = normalizeEmail(in, value); break;
    case Field::Ph: ok = normalizePhone(in, value); break;
    case Field::Fn:
    case Field::Ln: ok = normalizeName(in, value); break;
    case Field::Ge: ok = normalizeGender(in, value); break;
    case Field::Db: ok = normalizeDob(in, value); break;
    case Field::Ct: ok = normalizeCity(in, value); break;
    case Field::St: ok = normalizeRegion(in, std::span<const Abbreviation>(StateMappings), value); break;
    case Field::Zp: ok = normalizeZip(in, value); break;
    case Field::Country: ok = normalizeRegion(in, std::span<const Abbreviation>(CountryMappings), value); break;
    case Field::ExternalId: ok = normalizeExternalId(in, value); break;
    }
    // An empty string is falsy: the builder returns null for it too.
    if (!ok || value.empty()) {
        out.status = Status::Dropped;
        value.clear();
        return;
    }
    out.status = Status::Hashed;
    out.hashSuffix = NetNewSuffixView;
}

} // namespace

void normalizeParamBuilder(Field field, std::string_view input, Normalized &out)
{
    out.reset();
    if (input.empty()) { // `!piiValue`
        out.status = Status::Dropped;
        return;
    }
    if (js::isAscii(input)) {
        run<char>(field, input, out, out.value);
        return;
    }
    std::u16string &input16 = scratch<char16_t, 0>();
    js::decodeUtf8(input, input16);
    std::u16string &value16 = scratch<char16_t, 1>();
    run<char16_t>(field, input16, out, value16);
    js::appendUtf8(value16, out.value);
}

} // namespace capiqa::pii
