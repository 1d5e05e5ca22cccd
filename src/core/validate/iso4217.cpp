// ISO 4217 currency codes (List One, active codes, as of 2025), embedded so validation works
// offline and gives the same answer on every machine. Taken from the iso-codes 4.15 list, then
// updated: HRK removed (Croatia joined the euro, 2023), XCG (Caribbean guilder, 2025) and ZWG
// (Zimbabwe Gold, 2024) added. ANG, SLL and ZWL are kept while their replacements phase in, so
// the validator does not fail events that are still valid during the transition. XTS (testing)
// and XXX (no currency) are left out on purpose: they are placeholders, never a real price.
#include "rules.h"

#include <algorithm>

namespace capiqa::validate::detail {

using namespace Qt::StringLiterals;

namespace {

// Sorted: looked up with a binary search.
constexpr QLatin1StringView ActiveCodes[] = {
    "AED"_L1, "AFN"_L1, "ALL"_L1, "AMD"_L1, "ANG"_L1, "AOA"_L1, "ARS"_L1, "AUD"_L1, "AWG"_L1, "AZN"_L1, "BAM"_L1, "BBD"_L1,
    "BDT"_L1, "BGN"_L1, "BHD"_L1, "BIF"_L1, "BMD"_L1, "BND"_L1, "BOB"_L1, "BOV"_L1, "BRL"_L1, "BSD"_L1, "BTN"_L1, "BWP"_L1,
    "BYN"_L1, "BZD"_L1, "CAD"_L1, "CDF"_L1, "CHE"_L1, "CHF"_L1, "CHW"_L1, "CLF"_L1, "CLP"_L1, "CNY"_L1, "COP"_L1, "COU"_L1,
    "CRC"_L1, "CUC"_L1, "CUP"_L1, "CVE"_L1, "CZK"_L1, "DJF"_L1, "DKK"_L1, "DOP"_L1, "DZD"_L1, "EGP"_L1, "ERN"_L1, "ETB"_L1,
    "EUR"_L1, "FJD"_L1, "FKP"_L1, "GBP"_L1, "GEL"_L1, "GHS"_L1, "GIP"_L1, "GMD"_L1, "GNF"_L1, "GTQ"_L1, "GYD"_L1, "HKD"_L1,
    "HNL"_L1, "HTG"_L1, "HUF"_L1, "IDR"_L1, "ILS"_L1, "INR"_L1, "IQD"_L1, "IRR"_L1, "ISK"_L1, "JMD"_L1, "JOD"_L1, "JPY"_L1,
    "KES"_L1, "KGS"_L1, "KHR"_L1, "KMF"_L1, "KPW"_L1, "KRW"_L1, "KWD"_L1, "KYD"_L1, "KZT"_L1, "LAK"_L1, "LBP"_L1, "LKR"_L1,
    "LRD"_L1, "LSL"_L1, "LYD"_L1, "MAD"_L1, "MDL"_L1, "MGA"_L1, "MKD"_L1, "MMK"_L1, "MNT"_L1, "MOP"_L1, "MRU"_L1, "MUR"_L1,
    "MVR"_L1, "MWK"_L1, "MXN"_L1, "MXV"_L1, "MYR"_L1, "MZN"_L1, "NAD"_L1, "NGN"_L1, "NIO"_L1, "NOK"_L1, "NPR"_L1, "NZD"_L1,
    "OMR"_L1, "PAB"_L1, "PEN"_L1, "PGK"_L1, "PHP"_L1, "PKR"_L1, "PLN"_L1, "PYG"_L1, "QAR"_L1, "RON"_L1, "RSD"_L1, "RUB"_L1,
    "RWF"_L1, "SAR"_L1, "SBD"_L1, "SCR"_L1, "SDG"_L1, "SEK"_L1, "SGD"_L1, "SHP"_L1, "SLE"_L1, "SLL"_L1, "SOS"_L1, "SRD"_L1,
    "SSP"_L1, "STN"_L1, "SVC"_L1, "SYP"_L1, "SZL"_L1, "THB"_L1, "TJS"_L1, "TMT"_L1, "TND"_L1, "TOP"_L1, "TRY"_L1, "TTD"_L1,
    "TWD"_L1, "TZS"_L1, "UAH"_L1, "UGX"_L1, "USD"_L1, "USN"_L1, "UYI"_L1, "UYU"_L1, "UYW"_L1, "UZS"_L1, "VED"_L1, "VES"_L1,
    "VND"_L1, "VUV"_L1, "WST"_L1, "XAF"_L1, "XAG"_L1, "XAU"_L1, "XBA"_L1, "XBB"_L1, "XBC"_L1, "XBD"_L1, "XCD"_L1, "XCG"_L1,
    "XDR"_L1, "XOF"_L1, "XPD"_L1, "XPF"_L1, "XPT"_L1, "XSU"_L1, "XUA"_L1, "YER"_L1, "ZAR"_L1, "ZMW"_L1, "ZWG"_L1, "ZWL"_L1,
};

struct Withdrawn
{
    QLatin1StringView code;
    QLatin1StringView replacedBy;
};

// Withdrawn codes still seen in old shop systems, with what replaced them.
constexpr Withdrawn WithdrawnCodes[] = {
    {"BYR"_L1, "BYN"_L1}, {"EEK"_L1, "EUR"_L1}, {"GHC"_L1, "GHS"_L1}, {"HRK"_L1, "EUR"_L1},
    {"LTL"_L1, "EUR"_L1}, {"LVL"_L1, "EUR"_L1}, {"MRO"_L1, "MRU"_L1}, {"RUR"_L1, "RUB"_L1},
    {"SKK"_L1, "EUR"_L1}, {"STD"_L1, "STN"_L1}, {"TRL"_L1, "TRY"_L1}, {"VEF"_L1, "VES"_L1},
    {"ZMK"_L1, "ZMW"_L1},
};

} // namespace

bool isIso4217(QStringView upperCode)
{
    if (upperCode.size() != 3)
        return false;
    for (QChar c : upperCode) {
        if (c < u'A' || c > u'Z')
            return false;
    }
    const QByteArray latin = upperCode.toLatin1();
    const QLatin1StringView code(latin);
    Q_ASSERT(std::is_sorted(std::begin(ActiveCodes), std::end(ActiveCodes)));
    return std::binary_search(std::begin(ActiveCodes), std::end(ActiveCodes), code);
}

QLatin1StringView iso4217Replacement(QStringView upperCode)
{
    for (const Withdrawn &w : WithdrawnCodes) {
        if (upperCode == w.code)
            return w.replacedBy;
    }
    return {};
}

} // namespace capiqa::validate::detail
