// capiqa-bench-send: events/s END TO END for capiqa on a deterministic corpus of whole raw
// website events (Purchase, Lead, AddToCart with raw customer information):
//
//   raw event objects → event::RequestBuilder (normalise + SHA-256 under a profile, type check)
//   → transport::CapiClient (serialise, POST over loopback in batches of 1,000, read and
//   classify the answer) → emulator::GraphEmulator (parse, validate every event, record, answer)
//
// The emulator runs by default in its own process (`capiqa-cli serve --port 0 --quiet`), so the
// client and the server do not share one event loop or one CPU thread; --in-process runs it on
// a thread of this process instead, and the output says which. Reports events/s (best and median
// of R passes over the corpus) per profile and per number of concurrent requests, and peak RSS.
// See bench/README.md.
//
// Output: one machine-readable line per result on stdout ("capiqa-send <name> key=value ...");
// progress goes to stderr.
#include "benchrng.h"
#include "emulator/emulatordefaults.h"
#include "emulator/graphemulator.h"
#include "event/requestbuilder.h"
#include "io/allocator.h"
#include "io/compactjson.h"
#include "log/logbus.h" // CapiClient keeps a QPointer<LogBus>: needs the complete type
#include "pii/pii.h"
#include "transport/capiclient.h"
#include "transport/sendhandle.h"
#include "transport/sendoptions.h"
#include "transport/sendresult.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QDateTime>
#include <QtCore/QDir>
#include <QtCore/QElapsedTimer>
#include <QtCore/QEventLoop>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QProcess>
#include <QtCore/QRegularExpression>
#include <QtCore/QThread>
#include <QtCore/QTimer>
#include <QtCore/QUrl>
#include <QtNetwork/QHostAddress>
#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkReply>
#include <QtNetwork/QNetworkRequest>

#include <sys/resource.h>

#include <algorithm>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

using namespace capiqa;
using namespace Qt::StringLiterals;

namespace {

// ---------------------------------------------------------------------------------------------
// Deterministic randomness shared with the other benchmark (benchrng.h).
using capiqa::bench::Rng;

// ---------------------------------------------------------------------------------------------
// Pools. A whole event is generated from one person at one location; what a shop backend
// really sends: mostly well-formed values with the usual drift (case, stray spaces, phone
// formats), a few non-ASCII names and cities, and a few values the Node SDK rejects.

constexpr std::string_view FirstAscii[] = {
    "John",    "Mary",   "Michael", "Jennifer", "David",    "Linda",    "James",  "Patricia", "Robert", "Elizabeth",
    "William", "Susan",  "Ahmed",   "Priya",    "Wei",      "Olivia",   "Noah",   "Emma",     "Liam",   "Sophia",
    "Lucas",   "Mia",    "Ethan",   "Ava",      "Mohammed", "Fatima",   "Carlos", "Ana",      "Hiroshi", "Yuki",
    "Olga",    "Ivan",   "Chloe",   "Jack",     "Mary Ann", "Jean-Luc", "Kwame",  "Aisha",    "Mateo",  "Sofia"};
constexpr std::string_view FirstNonAscii[] = {"José",   "Zoë",   "Renée", "Chloé", "François", "Jürgen", "Björn",
                                              "Łukasz", "Søren", "Inés",  "Anaïs", "Noël",     "Mária",  "Agnès"};
constexpr std::string_view LastAscii[] = {
    "Smith",    "Johnson",   "Williams", "Brown",    "Jones",   "Garcia",   "Miller",  "Davis",   "Rodriguez",
    "Martinez", "Hernandez", "Lopez",    "Gonzalez", "Wilson",  "Anderson", "Thomas",  "Taylor",  "Moore",
    "Jackson",  "Martin",    "Lee",      "Perez",    "Thompson", "White",   "Harris",  "O'Brien", "McDonald",
    "Nguyen",   "Kim",       "Patel",    "Singh",    "Kowalski", "Okafor",  "Smith-Jones"};
constexpr std::string_view LastNonAscii[] = {"Müller", "Núñez", "Gómez", "Ibáñez", "Wójcik",  "Dvořák",
                                             "Strauß", "Pérez", "Böhm",  "Çelik",  "Sánchez", "Søndergaard"};
constexpr std::string_view EmailDomains[] = {"gmail.com",   "yahoo.com",  "hotmail.com",  "outlook.com",
                                             "icloud.com",  "aol.com",    "company.co.uk", "mail.de",
                                             "web.de",      "gmx.net",    "protonmail.com", "live.fr",
                                             "uol.com.br",  "example.org"};
constexpr std::string_view InvalidEmails[] = {"n/a", "john.smith@", "@gmail.com", "john smith@gmail.com", "none"};
constexpr std::string_view InvalidPhones[] = {"n/a", "555-0100", "call me"};

struct Location {
    std::string_view city;
    std::string_view state; // empty: the event has no st
    std::string_view zip;   // template: N a digit, A an uppercase letter
    std::string_view country;
};
constexpr Location LocationsUs[] = {
    {"New York", "NY", "100NN", "US"},      {"Brooklyn", "NY", "112NN", "US"},    {"Los Angeles", "CA", "900NN", "US"},
    {"San Francisco", "CA", "941NN", "US"}, {"San Diego", "CA", "921NN", "US"},   {"Chicago", "IL", "606NN", "US"},
    {"Houston", "TX", "770NN", "US"},       {"Austin", "TX", "787NN", "US"},      {"Dallas", "TX", "752NN", "US"},
    {"Phoenix", "AZ", "850NN", "US"},       {"Philadelphia", "PA", "191NN", "US"}, {"Seattle", "WA", "981NN", "US"},
    {"Denver", "CO", "802NN", "US"},        {"Boston", "MA", "021NN", "US"},      {"Miami", "FL", "331NN", "US"},
    {"Atlanta", "GA", "303NN", "US"},       {"Portland", "OR", "972NN", "US"},    {"St. Louis", "MO", "631NN", "US"},
    {"Winston-Salem", "NC", "271NN", "US"}, {"Minneapolis", "MN", "554NN", "US"}};
constexpr Location LocationsIntl[] = {
    {"London", "", "SWN NAA", "GB"},     {"Manchester", "", "MN NAA", "GB"},         {"Berlin", "BE", "10NNN", "DE"},
    {"München", "BY", "80NNN", "DE"},    {"Köln", "NW", "50NNN", "DE"},              {"Paris", "", "750NN", "FR"},
    {"Lyon", "", "6900N", "FR"},         {"Toronto", "ON", "MNA NAN", "CA"},         {"Montréal", "QC", "HNA NAN", "CA"},
    {"São Paulo", "SP", "0NNNN-NNN", "BR"}, {"Rio de Janeiro", "RJ", "2NNNN-NNN", "BR"}, {"Madrid", "", "280NN", "ES"},
    {"Barcelona", "", "080NN", "ES"},    {"Sydney", "NSW", "2NNN", "AU"},            {"Melbourne", "VIC", "3NNN", "AU"},
    {"Tokyo", "", "1NN-NNNN", "JP"},     {"Zürich", "ZH", "80NN", "CH"},             {"Amsterdam", "NH", "10NN AA", "NL"},
    {"Ciudad de México", "CDMX", "0NNNN", "MX"}};

struct CountryInfo {
    std::string_view country;
    std::string_view currency;
    int priceScale; // local cents = USD cents × priceScale / 100 (JPY: see localPrice())
    std::string_view phones[3];
};
constexpr CountryInfo Countries[] = {
    {"US", "USD", 100, {"+1 (ANN) ANN-NNNN", "ANN-ANN-NNNN", "(ANN) ANN-NNNN"}},
    {"GB", "GBP", 80, {"+44 7NNN NNNNNN", "07NNN NNNNNN", "+447NNNNNNNNN"}},
    {"DE", "EUR", 92, {"+49 1NN NNNNNNN", "+49 (0)1NN NNNNNNN", "01NN NNNNNNN"}},
    {"FR", "EUR", 92, {"+33 6 NN NN NN NN", "06 NN NN NN NN", "+33 7 NN NN NN NN"}},
    {"CA", "CAD", 135, {"+1 (ANN) ANN-NNNN", "ANN-ANN-NNNN", "ANN.ANN.NNNN"}},
    {"BR", "BRL", 500, {"+55 NN 9NNNN-NNNN", "(NN) 9NNNN-NNNN", "+55 NN 9NNNNNNNN"}},
    {"ES", "EUR", 92, {"+34 6NN NNN NNN", "6NN NNN NNN", "+34 6NNNNNNNN"}},
    {"AU", "AUD", 150, {"+61 4NN NNN NNN", "04NN NNN NNN", "+614NNNNNNNN"}},
    {"JP", "JPY", 0, {"+81 90-NNNN-NNNN", "090-NNNN-NNNN", "+81 80 NNNN NNNN"}},
    {"CH", "CHF", 90, {"+41 7N NNN NN NN", "07N NNN NN NN", "+41 7NNNNNNNN"}},
    {"NL", "EUR", 92, {"+31 6 NNNNNNNN", "06-NNNNNNNN", "+316NNNNNNNN"}},
    {"MX", "MXN", 1700, {"+52 55 NNNN NNNN", "55 NNNN NNNN", "+52 1 55 NNNN NNNN"}},
};

constexpr std::string_view UserAgents[] = {
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 "
    "Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.4.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile "
    "Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0",
    "Mozilla/5.0 (Linux; Android 13; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 "
    "Chrome/117.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 "
    "[FBAN/FBIOS;FBAV/458.0.0.38.107;FBBV/585123456]",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 "
    "Safari/537.36 Edg/124.0.0.0"};
constexpr unsigned Ipv4FirstOctets[] = {24, 50, 67, 71, 73, 76, 86, 92, 98, 107, 109, 122, 151, 176, 188, 201, 212, 217};
constexpr std::string_view LeadNames[] = {"Newsletter signup", "Quote request", "Contact form", "Webinar registration",
                                          "Free trial"};

constexpr std::size_t CatalogueSize = 600;

void asciiLower(std::string &s)
{
    for (char &c : s) {
        if (c >= 'A' && c <= 'Z')
            c = char(c - 'A' + 'a');
    }
}

void asciiUpper(std::string &s)
{
    for (char &c : s) {
        if (c >= 'a' && c <= 'z')
            c = char(c - 'a' + 'A');
    }
}

/// Fills a template: N any digit, A (phones) a digit 2-9, A (zips) an uppercase letter.
std::string expand(Rng &rng, std::string_view tmpl, bool letters)
{
    std::string out;
    out.reserve(tmpl.size());
    for (char c : tmpl) {
        if (c == 'N')
            out.push_back(char('0' + rng.below(10)));
        else if (c == 'A')
            out.push_back(letters ? char('A' + rng.below(26)) : char('2' + rng.below(8)));
        else
            out.push_back(c);
    }
    return out;
}

/// What people type: case drift and the odd stray space.
std::string roughen(Rng &rng, std::string_view value)
{
    std::string s(value);
    const std::size_t c = rng.below(100);
    if (c < 15)
        asciiLower(s);
    else if (c < 22)
        asciiUpper(s);
    const std::size_t w = rng.below(100);
    if (w < 4)
        s.insert(0, " ");
    else if (w < 7)
        s.append(" ");
    return s;
}

std::string hex(Rng &rng, int digits)
{
    static constexpr char Hex[] = "0123456789abcdef";
    std::string out;
    for (int i = 0; i < digits; ++i)
        out.push_back(Hex[rng.below(16)]);
    return out;
}

std::string digits(Rng &rng, int count)
{
    std::string out;
    for (int i = 0; i < count; ++i)
        out.push_back(char('0' + rng.below(10)));
    return out;
}

QString qs(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

QString qs(const std::string &s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

const CountryInfo &countryInfo(std::string_view country)
{
    for (const CountryInfo &c : Countries) {
        if (c.country == country)
            return c;
    }
    return Countries[0];
}

struct Product {
    QString id;
    qint64 usdCents;
};

Product product(std::size_t index)
{
    char id[16];
    std::snprintf(id, sizeof id, "SKU-%05u", unsigned((index * 7919 + 1013) % 100000));
    return {QString::fromLatin1(id), qint64(499 + (index * 37 % 200) * 100)};
}

double localPrice(qint64 usdCents, const CountryInfo &c)
{
    if (c.currency == "JPY")
        return double(usdCents * 3 / 2); // 150 yen to the dollar, whole yen
    return double(usdCents * c.priceScale / 100) / 100.0;
}

// ---------------------------------------------------------------------------------------------
// Corpus.

struct Corpus {
    QList<QJsonObject> events; // raw events, as a caller hands them to RequestBuilder
    qsizetype purchase = 0;
    qsizetype lead = 0;
    qsizetype addToCart = 0;
    qsizetype nonAscii = 0;
    qsizetype invalid = 0; // events with a malformed email or phone (the Node SDK rejects most)
};

QJsonObject makeEvent(Rng &rng, qint64 now, qsizetype index, Corpus &corpus)
{
    const Location &loc = rng.chance(550) ? rng.pickOf(LocationsUs) : rng.pickOf(LocationsIntl);
    const CountryInfo &ci = countryInfo(loc.country);
    const bool nonAsciiName = rng.chance(100);
    const std::string_view first = nonAsciiName ? rng.pick(FirstNonAscii) : rng.pick(FirstAscii);
    const std::string_view last = nonAsciiName && rng.chance(500) ? rng.pick(LastNonAscii) : rng.pick(LastAscii);
    bool nonAscii = nonAsciiName;
    bool invalid = false;

    const qint64 eventTime = now - 60 - qint64(rng.below(2 * 86400));
    QJsonObject ud;
    // em: 92 %, 4 % of those two addresses.
    if (rng.chance(920)) {
        const auto email = [&](bool allowInvalid) {
            if (allowInvalid && rng.chance(3)) {
                invalid = true;
                return std::string(rng.pick(InvalidEmails));
            }
            std::string f(rng.pick(FirstAscii)), l(rng.pick(LastAscii));
            std::erase_if(f, [](char c) { return c == ' ' || c == '\'' || c == '-'; });
            std::erase_if(l, [](char c) { return c == ' ' || c == '\'' || c == '-'; });
            std::string local;
            switch (rng.below(5)) {
            case 0: local = f + "." + l; break;
            case 1: local = f + l; break;
            case 2: local = f.substr(0, 1) + l; break;
            case 3: local = f + "_" + l + digits(rng, 2); break;
            default: local = l + "." + f; break;
            }
            if (rng.chance(20))
                local += "+shop";
            if (rng.below(100) < 60)
                asciiLower(local);
            return roughen(rng, local + "@" + std::string(rng.pick(EmailDomains)));
        };
        if (rng.chance(40))
            ud.insert(u"em"_s, QJsonArray{qs(email(true)), qs(email(false))});
        else
            ud.insert(u"em"_s, qs(email(true)));
    }
    if (rng.chance(650)) {
        std::string phone;
        if (rng.chance(3)) {
            invalid = true;
            phone = rng.pick(InvalidPhones);
        } else {
            phone = expand(rng, ci.phones[rng.below(3)], false);
            if (rng.chance(30))
                phone.insert(0, " ");
        }
        ud.insert(u"ph"_s, qs(phone));
    }
    if (rng.chance(600)) {
        ud.insert(u"fn"_s, qs(roughen(rng, first)));
        ud.insert(u"ln"_s, qs(roughen(rng, last)));
    }
    if (rng.chance(450)) {
        nonAscii = nonAscii || std::any_of(loc.city.begin(), loc.city.end(),
                                           [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
        ud.insert(u"ct"_s, qs(roughen(rng, loc.city)));
        if (!loc.state.empty()) {
            std::string state(loc.state);
            if (rng.chance(200))
                asciiLower(state);
            ud.insert(u"st"_s, qs(state));
        }
        std::string zip = expand(rng, loc.zip, true);
        if (rng.chance(30))
            zip.append(" ");
        ud.insert(u"zp"_s, qs(zip));
    }
    if (rng.chance(550)) {
        std::string country(loc.country);
        const std::size_t c = rng.below(100);
        if (c < 12)
            asciiLower(country);
        else if (c < 16)
            country = " " + country + " ";
        ud.insert(u"country"_s, qs(country));
    }
    if (rng.chance(750)) {
        if (rng.chance(600)) {
            ud.insert(u"external_id"_s, qs("cust_" + digits(rng, 7)));
        } else {
            std::string uuid = hex(rng, 32);
            for (std::size_t at : {20u, 16u, 12u, 8u})
                uuid.insert(at, "-");
            ud.insert(u"external_id"_s, qs(uuid));
        }
    }
    if (rng.chance(880)) {
        // One draw per statement: the order of function arguments is unspecified.
        const unsigned a = rng.pickOf(Ipv4FirstOctets);
        const unsigned b = unsigned(rng.below(256));
        const unsigned c = unsigned(rng.below(256));
        const unsigned d = unsigned(1 + rng.below(254));
        char ip[32];
        std::snprintf(ip, sizeof ip, "%u.%u.%u.%u", a, b, c, d);
        ud.insert(u"client_ip_address"_s, QString::fromLatin1(ip));
    } else {
        std::string ip = "2a02";
        for (int i = 0; i < 7; ++i)
            ip += ":" + hex(rng, 4);
        ud.insert(u"client_ip_address"_s, qs(ip));
    }
    ud.insert(u"client_user_agent"_s, qs(rng.pick(UserAgents)));
    const qint64 firstVisitMs = (eventTime - qint64(rng.below(30 * 86400))) * 1000 + qint64(rng.below(1000));
    if (rng.chance(900))
        ud.insert(u"fbp"_s, u"fb.1.%1.%2"_s.arg(firstVisitMs).arg(qs(digits(rng, 10))));
    if (rng.chance(250))
        ud.insert(u"fbc"_s, u"fb.1.%1.IwAR%2"_s.arg(firstVisitMs + 1500).arg(qs(hex(rng, 24))));

    QJsonObject cd;
    QString eventName;
    QString url;
    const std::size_t kind = rng.below(100);
    if (kind < 45) {
        eventName = u"AddToCart"_s;
        ++corpus.addToCart;
        const Product p = product(rng.below(CatalogueSize));
        const int qty = rng.chance(850) ? 1 : int(2 + rng.below(2));
        const double price = localPrice(p.usdCents, ci);
        cd.insert(u"value"_s, double(qint64(price * 100 + 0.5) * qty) / 100.0);
        cd.insert(u"currency"_s, qs(ci.currency));
        cd.insert(u"content_ids"_s, QJsonArray{p.id});
        cd.insert(u"content_type"_s, u"product"_s);
        cd.insert(u"contents"_s, QJsonArray{QJsonObject{{u"id"_s, p.id}, {u"quantity"_s, qty}, {u"item_price"_s, price}}});
        url = u"https://shop.example.com/products/"_s + p.id.toLower();
    } else if (kind < 75) {
        eventName = u"Purchase"_s;
        ++corpus.purchase;
        const int items = 1 + int(rng.below(4));
        QJsonArray contents;
        qint64 totalCents = 0;
        int numItems = 0;
        std::size_t at = rng.below(CatalogueSize);
        for (int i = 0; i < items; ++i) {
            at = (at + 1 + rng.below(50)) % CatalogueSize; // distinct products
            const Product p = product(at);
            const int qty = rng.chance(800) ? 1 : int(2 + rng.below(3));
            const double price = localPrice(p.usdCents, ci);
            totalCents += qint64(price * 100 + 0.5) * qty;
            numItems += qty;
            contents.append(QJsonObject{{u"id"_s, p.id}, {u"quantity"_s, qty}, {u"item_price"_s, price}});
        }
        const QString order = u"ORD-"_s + qs(digits(rng, 8));
        cd.insert(u"value"_s, double(totalCents) / 100.0);
        cd.insert(u"currency"_s, qs(ci.currency));
        cd.insert(u"contents"_s, contents);
        cd.insert(u"content_type"_s, u"product"_s);
        cd.insert(u"num_items"_s, numItems);
        cd.insert(u"order_id"_s, order);
        url = u"https://shop.example.com/checkout/thank-you?order="_s + order;
    } else {
        eventName = u"Lead"_s;
        ++corpus.lead;
        cd.insert(u"content_name"_s, qs(rng.pick(LeadNames)));
        cd.insert(u"content_category"_s, u"lead"_s);
        if (rng.chance(300)) {
            cd.insert(u"value"_s, double(10 + 5 * rng.below(5)));
            cd.insert(u"currency"_s, qs(ci.currency));
        }
        url = u"https://shop.example.com/contact?utm_source=facebook&utm_medium=paid&utm_campaign=spring"_s;
    }

    if (nonAscii)
        ++corpus.nonAscii;
    if (invalid)
        ++corpus.invalid;
    char id[48];
    std::snprintf(id, sizeof id, "evt_%s_%06lld", hex(rng, 12).c_str(), static_cast<long long>(index));
    return QJsonObject{
        {u"event_name"_s, eventName},
        {u"event_time"_s, eventTime},
        {u"event_id"_s, QString::fromLatin1(id)},
        {u"event_source_url"_s, url},
        {u"action_source"_s, u"website"_s},
        {u"user_data"_s, ud},
        {u"custom_data"_s, cd},
    };
}

Corpus makeCorpus(qsizetype count, std::uint64_t seed, qint64 now)
{
    Rng rng(seed);
    Corpus corpus;
    corpus.events.reserve(count);
    for (qsizetype i = 0; i < count; ++i)
        corpus.events.append(makeEvent(rng, now, i, corpus));
    return corpus;
}

bool writeLines(const QString &path, const std::vector<QByteArray> &lines)
{
    QFile file(path);
    if (path == u"-"_s ? !file.open(stdout, QIODevice::WriteOnly) : !file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    bool ok = true;
    for (const QByteArray &line : lines)
        ok = ok && file.write(line) == line.size() && file.write("\n", 1) == 1;
    file.close();
    return ok && file.error() == QFileDevice::NoError;
}

// ---------------------------------------------------------------------------------------------
// Parity: what the builder makes of every event, as one canonical line each (keys sorted, as
// QJsonDocument writes them; "!rejected" for an event that fails), and an FNV-1a 32 digest over
// the lines. bench/node/bench-node-build.js prints the same for the Node SDK, so equal digests
// mean the Node SDK and capiqa's node-sdk profile build byte-identical events.

struct Parity {
    qsizetype built = 0;
    qsizetype rejected = 0;
    std::uint32_t digest = 2166136261u;
    std::vector<QByteArray> lines; // kept only for --dump-built
};

void fnv(std::uint32_t &h, const QByteArray &bytes)
{
    for (char c : bytes) {
        h ^= static_cast<unsigned char>(c);
        h *= 16777619u;
    }
    h ^= static_cast<unsigned char>('\n');
    h *= 16777619u;
}

Parity parity(const Corpus &corpus, pii::Profile profile, int batch, bool keepLines)
{
    Parity p;
    event::RequestBuilder builder(profile);
    for (qsizetype first = 0; first < corpus.events.size(); first += batch) {
        const qsizetype count = std::min<qsizetype>(batch, corpus.events.size() - first);
        QJsonArray data;
        for (qsizetype i = first; i < first + count; ++i)
            data.append(corpus.events.at(i));
        const event::BuildResult r = builder.build(QJsonObject{{u"data"_s, data}});
        const QJsonArray built = r.body.value(u"data"_s).toArray();
        qsizetype next = 0;
        for (qsizetype i = 0; i < count; ++i) {
            QByteArray line;
            if (r.failedEvents.contains(i)) {
                line = "!rejected";
                ++p.rejected;
            } else {
                line = QJsonDocument(built.at(next++).toObject()).toJson(QJsonDocument::Compact);
                ++p.built;
            }
            fnv(p.digest, line);
            if (keepLines)
                p.lines.push_back(std::move(line));
        }
    }
    return p;
}

/// For context, no network: RequestBuilder::build() and the body serialised as CapiClient does
/// (io::compactJson, which writes what QJsonDocument::toJson(Compact) would), batch by batch over
/// the corpus; events/s of one pass.
double buildOnlyPass(const Corpus &corpus, event::RequestBuilder &builder, int batch, qsizetype count)
{
    QElapsedTimer clock;
    clock.start();
    qsizetype bytes = 0;
    const qsizetype end = std::min(count, corpus.events.size());
    for (qsizetype first = 0; first < end; first += batch) {
        const qsizetype n = std::min<qsizetype>(batch, end - first);
        QJsonArray data;
        for (qsizetype i = first; i < first + n; ++i)
            data.append(corpus.events.at(i));
        const event::BuildResult r = builder.build(QJsonObject{{u"data"_s, data}});
        bytes += io::compactJson(r.body).size();
    }
    const double seconds = double(clock.nsecsElapsed()) / 1e9;
    return bytes > 0 ? double(end) / seconds : 0;
}

// ---------------------------------------------------------------------------------------------
// The emulator: in its own process (capiqa-cli serve) or on a thread of this one.

class EmulatorHost
{
public:
    virtual ~EmulatorHost() = default;
    virtual bool start(QString *error) = 0;
    virtual void stop() = 0;
    /// Peak RSS of the emulator's own process in KiB; -1 when it is this process.
    virtual long peakRssKb() const { return -1; }
    virtual QString mode() const = 0;
    QUrl baseUrl() const { return m_baseUrl; }

protected:
    QUrl m_baseUrl;
};

/// `capiqa-cli serve --port 0 --quiet`, which prints "listening on http://127.0.0.1:PORT".
class ProcessEmulator final : public EmulatorHost
{
public:
    explicit ProcessEmulator(QString cli) : m_cli(std::move(cli)) {}
    ~ProcessEmulator() override { stop(); }

    bool start(QString *error) override
    {
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process.start(m_cli, {u"serve"_s, u"--port"_s, u"0"_s, u"--quiet"_s});
        if (!m_process.waitForStarted(10'000)) {
            *error = u"cannot start %1: %2"_s.arg(m_cli, m_process.errorString());
            return false;
        }
        static const QRegularExpression Listening(u"listening on (http://[^\\s]+)"_s);
        QByteArray seen;
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < 15'000) {
            if (m_process.canReadLine() || m_process.waitForReadyRead(500)) {
                while (m_process.canReadLine()) {
                    const QByteArray line = m_process.readLine();
                    seen += line;
                    const QRegularExpressionMatch m = Listening.match(QString::fromUtf8(line));
                    if (m.hasMatch()) {
                        m_baseUrl = QUrl(m.captured(1));
                        return true;
                    }
                }
            }
            if (m_process.state() != QProcess::Running) {
                *error = u"%1 serve exited (%2): %3"_s.arg(m_cli).arg(m_process.exitCode()).arg(QString::fromUtf8(seen));
                return false;
            }
        }
        *error = u"%1 serve did not say where it listens within 15 s"_s.arg(m_cli);
        return false;
    }

    long peakRssKb() const override
    {
        if (m_process.state() != QProcess::Running)
            return m_lastPeakKb;
        QFile status(u"/proc/%1/status"_s.arg(m_process.processId()));
        if (!status.open(QIODevice::ReadOnly))
            return m_lastPeakKb;
        const QList<QByteArray> lines = status.readAll().split('\n');
        for (const QByteArray &line : lines) {
            if (line.startsWith("VmHWM:"))
                m_lastPeakKb = line.mid(6).trimmed().split(' ').value(0).toLong();
        }
        return m_lastPeakKb;
    }

    void stop() override
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        peakRssKb(); // the last word before it goes
        m_process.terminate(); // SIGTERM: serve stops cleanly
        if (!m_process.waitForFinished(5'000)) {
            m_process.kill();
            m_process.waitForFinished(2'000);
        }
    }

    QString mode() const override { return u"process"_s; }

private:
    QString m_cli;
    QProcess m_process;
    mutable long m_lastPeakKb = -1;
};

/// GraphEmulator on its own QThread (own event loop, own CPU thread; same process).
class ThreadEmulator final : public EmulatorHost
{
public:
    ~ThreadEmulator() override { stop(); }

    bool start(QString *error) override
    {
        m_thread.start();
        m_context.moveToThread(&m_thread);
        QMetaObject::invokeMethod(
            &m_context,
            [this] {
                m_emulator = std::make_unique<emulator::GraphEmulator>();
                if (m_emulator->listen(QHostAddress::LocalHost, 0))
                    m_baseUrl = m_emulator->baseUrl();
                else
                    m_error = m_emulator->errorString();
            },
            Qt::BlockingQueuedConnection);
        if (!m_error.isEmpty()) {
            *error = u"the in-process emulator cannot listen: "_s + m_error;
            return false;
        }
        return true;
    }

    void stop() override
    {
        if (!m_thread.isRunning())
            return;
        // The emulator goes in the thread it lives in.
        QMetaObject::invokeMethod(
            &m_context,
            [this] {
                m_emulator.reset();
                m_context.moveToThread(QCoreApplication::instance()->thread()); // destroyed by the main thread
            },
            Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }

    QString mode() const override { return u"in-process-thread"_s; }

private:
    QThread m_thread;
    QObject m_context; // lives in m_thread: runs the emulator's setup and teardown there
    std::unique_ptr<emulator::GraphEmulator> m_emulator;
    QString m_error;
};

/// An emulator someone else runs (--emulator-url).
class ExternalEmulator final : public EmulatorHost
{
public:
    explicit ExternalEmulator(QUrl url) { m_baseUrl = std::move(url); }
    bool start(QString *) override { return true; }
    void stop() override {}
    QString mode() const override { return u"external"_s; }
};

/// DELETE {base}/_capiqa/events: the store holds at most 100,000 events.
bool clearStore(QNetworkAccessManager &nam, const QUrl &base, QString *error)
{
    QUrl url = base;
    url.setPath(u"/_capiqa/events"_s);
    QNetworkReply *reply = nam.deleteResource(QNetworkRequest(url));
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(10'000, reply, &QNetworkReply::abort);
    loop.exec();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const bool ok = reply->error() == QNetworkReply::NoError && status == 200;
    if (!ok)
        *error = u"DELETE %1: HTTP %2 %3"_s.arg(url.toString()).arg(status).arg(reply->errorString());
    reply->deleteLater();
    return ok;
}

// ---------------------------------------------------------------------------------------------
// One pass: `count` events from the corpus, in batches, with at most `window` sends in flight.
// Each batch is built (RequestBuilder) right before it is sent, on the client's thread, as an
// application does; the next batch is built as soon as a send finishes.

struct PassStats {
    double seconds = 0;
    double buildSeconds = 0; // in RequestBuilder::build(), part of `seconds`
    qsizetype events = 0;   // input events
    qsizetype built = 0;    // events in the bodies sent
    qsizetype rejected = 0; // events the builder failed (a value the profile rejects)
    qsizetype received = 0; // events_received summed over the answers
    qint64 requestBytes = 0;
    int requests = 0;
    int failedRequests = 0;
    QString firstError;
};

class SendPass final : public QObject
{
public:
    SendPass(const Corpus &corpus, event::RequestBuilder &builder, transport::CapiClient &client,
             const transport::SendOptions &options, int window, int batch, qsizetype count)
        : m_corpus(corpus)
        , m_builder(builder)
        , m_client(client)
        , m_options(options)
        , m_window(window)
        , m_batch(batch)
        , m_end(std::min(count, corpus.events.size()))
    {
    }

    PassStats run()
    {
        QElapsedTimer clock;
        clock.start();
        scheduleFill();
        m_loop.exec();
        m_stats.seconds = double(clock.nsecsElapsed()) / 1e9;
        m_stats.events = m_end;
        return m_stats;
    }

private:
    void scheduleFill()
    {
        if (m_fillPending)
            return;
        m_fillPending = true;
        // Queued: the client's own queued pump runs first, so a built request goes on the wire
        // before the next batch is built.
        QMetaObject::invokeMethod(this, &SendPass::fill, Qt::QueuedConnection);
    }

    void fill()
    {
        m_fillPending = false;
        if (m_inFlight < m_window && m_next < m_end) {
            buildAndSend();
            if (m_inFlight < m_window && m_next < m_end)
                scheduleFill();
        }
        if (m_inFlight == 0 && m_next >= m_end)
            m_loop.quit();
    }

    void buildAndSend()
    {
        const qsizetype first = m_next;
        const qsizetype count = std::min<qsizetype>(m_batch, m_end - first);
        m_next += count;
        QJsonArray data;
        for (qsizetype i = first; i < first + count; ++i)
            data.append(m_corpus.events.at(i));
        QElapsedTimer buildClock;
        buildClock.start();
        const event::BuildResult r = m_builder.build(QJsonObject{{u"data"_s, data}});
        m_stats.buildSeconds += double(buildClock.nsecsElapsed()) / 1e9;
        const qsizetype built = r.body.value(u"data"_s).toArray().size();
        m_stats.rejected += r.failedEvents.size();
        m_stats.built += built;
        if (built == 0)
            return; // nothing to send: every event of the batch failed
        transport::SendHandle *handle = m_client.send(r.body, m_options);
        ++m_inFlight;
        ++m_stats.requests;
        connect(handle, &transport::SendHandle::finished, this,
                [this, built](const transport::SendResult &result) { onFinished(result, built); });
    }

    void onFinished(const transport::SendResult &result, qsizetype built)
    {
        --m_inFlight;
        m_stats.received += result.eventsReceived;
        m_stats.requestBytes += result.requestBody.size();
        if (!result.ok || result.eventsReceived != built) {
            ++m_stats.failedRequests;
            if (m_stats.firstError.isEmpty())
                m_stats.firstError = result.summary() + u" (sent "_s + QString::number(built) + u", received "_s
                    + QString::number(result.eventsReceived) + u"): "_s
                    + QString::fromUtf8(result.rawResponse.left(300));
        }
        fill(); // build the next batch now: the slot is free
    }

    const Corpus &m_corpus;
    event::RequestBuilder &m_builder;
    transport::CapiClient &m_client;
    const transport::SendOptions &m_options;
    const int m_window;
    const int m_batch;
    const qsizetype m_end;
    qsizetype m_next = 0;
    int m_inFlight = 0;
    bool m_fillPending = false;
    QEventLoop m_loop;
    PassStats m_stats;
};

// ---------------------------------------------------------------------------------------------
// Command line.

struct Options {
    qsizetype events = 50'000;
    int batch = 1'000;
    int reps = 5;
    qsizetype warmup = 5'000; // events in the untimed pass before each configuration
    std::vector<int> concurrency{1, 4};
    std::vector<pii::Profile> profiles{pii::Profile::NodeSdk, pii::Profile::Meta};
    std::uint64_t seed = 20240601;
    qint64 now = 0; // 0: the clock
    int timeoutMs = 60'000;
    QString cli;
    bool inProcess = false;
    QString emulatorUrl;
    QString dumpEvents;
    QString dumpBuilt;
};

void usage(std::FILE *to)
{
    std::fputs(
        "Usage: capiqa-bench-send [options]\n"
        "End-to-end events/s of capiqa: raw events -> RequestBuilder (normalise + hash) -> CapiClient (serialise,\n"
        "POST in batches over loopback, parse the answer) -> the Graph API emulator (validate, record, answer).\n"
        "\n"
        "  --events N         events in the corpus, one timed pass sends them all (default 50000)\n"
        "  --batch N          events per request, 1..1000 (default 1000)\n"
        "  --reps R           timed passes per configuration; best and median are reported (default 5)\n"
        "  --warmup N         events sent untimed before each configuration (default 5000; 0: none)\n"
        "  --concurrency L    concurrent requests (CapiClient::setMaxConcurrentRequests), comma list (default 1,4)\n"
        "  --profile L        node-sdk, meta, python-sdk, php-sdk or all, comma list (default node-sdk,meta)\n"
        "  --seed N           corpus seed (default 20240601)\n"
        "  --now S            Unix time the event times count back from (default: the clock); pass the same\n"
        "                     value to --dump-events and to the run to make both use identical events\n"
        "  --timeout-ms N     per request (default 60000; no retries)\n"
        "  --cli PATH         capiqa-cli to run `serve --port 0 --quiet` with (default: the build's\n"
        "                     src/cli/capiqa-cli next to this program's directory)\n"
        "  --in-process       run the emulator on a thread of this process instead\n"
        "  --emulator-url U   use an emulator that is already running at U (http://127.0.0.1:PORT)\n"
        "  --dump-events F    write the corpus as JSON Lines of raw events to F (- for stdout) and exit\n"
        "  --dump-built F     write what the node-sdk profile builds of each event (canonical JSON, or\n"
        "                     !rejected), one line per event, to F and exit\n"
        "  --help             this text\n",
        to);
}

std::optional<std::uint64_t> parseUnsigned(const char *s)
{
    char *end = nullptr;
    if (*s == '-' || *s == '\0')
        return std::nullopt;
    const unsigned long long v = std::strtoull(s, &end, 10);
    if (end == s || *end != '\0')
        return std::nullopt;
    return std::uint64_t(v);
}

bool parseList(std::string_view list, const auto &each)
{
    while (!list.empty()) {
        const std::size_t comma = list.find(',');
        if (!each(list.substr(0, comma)))
            return false;
        list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    }
    return true;
}

std::optional<int> parseArgs(int argc, char **argv, Options &opt)
{
    bool profilesGiven = false;
    bool concurrencyGiven = false;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        const auto value = [&]() -> const char * {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "capiqa-bench-send: %s needs a value\n", argv[i]);
                return nullptr;
            }
            return argv[++i];
        };
        const auto number = [&](std::uint64_t min, std::uint64_t max) -> std::optional<std::uint64_t> {
            const char *v = value();
            if (!v)
                return std::nullopt;
            const std::optional<std::uint64_t> n = parseUnsigned(v);
            if (!n || *n < min || *n > max) {
                std::fprintf(stderr, "capiqa-bench-send: %.*s needs a number from %" PRIu64 " to %" PRIu64 "\n",
                             int(arg.size()), arg.data(), min, max);
                return std::nullopt;
            }
            return n;
        };
        if (arg == "--help" || arg == "-h") {
            usage(stdout);
            return 0;
        } else if (arg == "--events") {
            const auto n = number(1, 10'000'000);
            if (!n)
                return 2;
            opt.events = qsizetype(*n);
        } else if (arg == "--batch") {
            const auto n = number(1, transport::SendOptions::MaxEventsPerRequestLimit);
            if (!n)
                return 2;
            opt.batch = int(*n);
        } else if (arg == "--reps") {
            const auto n = number(1, 1000);
            if (!n)
                return 2;
            opt.reps = int(*n);
        } else if (arg == "--warmup") {
            const auto n = number(0, 10'000'000);
            if (!n)
                return 2;
            opt.warmup = qsizetype(*n);
        } else if (arg == "--seed") {
            const auto n = number(0, UINT64_MAX);
            if (!n)
                return 2;
            opt.seed = *n;
        } else if (arg == "--now") {
            const auto n = number(1'000'000'000, 10'000'000'000);
            if (!n)
                return 2;
            opt.now = qint64(*n);
        } else if (arg == "--timeout-ms") {
            const auto n = number(100, 3'600'000);
            if (!n)
                return 2;
            opt.timeoutMs = int(*n);
        } else if (arg == "--concurrency") {
            const char *v = value();
            if (!v)
                return 2;
            if (!concurrencyGiven)
                opt.concurrency.clear();
            concurrencyGiven = true;
            const bool ok = parseList(v, [&](std::string_view item) {
                const std::optional<std::uint64_t> n = parseUnsigned(std::string(item).c_str());
                if (!n || *n < 1 || *n > 64) {
                    std::fprintf(stderr, "capiqa-bench-send: --concurrency takes numbers from 1 to 64\n");
                    return false;
                }
                if (std::find(opt.concurrency.begin(), opt.concurrency.end(), int(*n)) == opt.concurrency.end())
                    opt.concurrency.push_back(int(*n));
                return true;
            });
            if (!ok)
                return 2;
        } else if (arg == "--profile") {
            const char *v = value();
            if (!v)
                return 2;
            if (!profilesGiven)
                opt.profiles.clear();
            profilesGiven = true;
            const bool ok = parseList(v, [&](std::string_view name) {
                std::vector<pii::Profile> add;
                if (name == "all") {
                    add.assign(pii::AllProfiles.begin(), pii::AllProfiles.end());
                } else if (const std::optional<pii::Profile> p = pii::profileFromName(name)) {
                    add.push_back(*p);
                } else {
                    std::fprintf(stderr, "capiqa-bench-send: unknown profile '%.*s'\n", int(name.size()), name.data());
                    return false;
                }
                for (pii::Profile p : add) {
                    if (std::find(opt.profiles.begin(), opt.profiles.end(), p) == opt.profiles.end())
                        opt.profiles.push_back(p);
                }
                return true;
            });
            if (!ok)
                return 2;
        } else if (arg == "--cli" || arg == "--emulator-url" || arg == "--dump-events" || arg == "--dump-built") {
            const char *v = value();
            if (!v)
                return 2;
            const QString s = QString::fromLocal8Bit(v);
            if (arg == "--cli")
                opt.cli = s;
            else if (arg == "--emulator-url")
                opt.emulatorUrl = s;
            else if (arg == "--dump-events")
                opt.dumpEvents = s;
            else
                opt.dumpBuilt = s;
        } else if (arg == "--in-process") {
            opt.inProcess = true;
        } else {
            std::fprintf(stderr, "capiqa-bench-send: unknown option '%s'\n", argv[i]);
            usage(stderr);
            return 2;
        }
    }
    if (opt.now == 0)
        opt.now = QDateTime::currentSecsSinceEpoch();
    return std::nullopt;
}

QString defaultCli()
{
    // build/<dir>/bench/capiqa-bench-send → build/<dir>/src/cli/capiqa-cli
    const QString beside = QDir(QCoreApplication::applicationDirPath()).absoluteFilePath(u"../src/cli/capiqa-cli"_s);
    return QFileInfo(beside).isExecutable() ? QFileInfo(beside).canonicalFilePath() : QString();
}

long selfPeakRssKb()
{
    rusage usage{};
    if (getrusage(RUSAGE_SELF, &usage) != 0)
        return -1;
    return usage.ru_maxrss; // KiB on Linux
}

double best(const std::vector<double> &xs)
{
    return xs.empty() ? 0 : *std::max_element(xs.begin(), xs.end());
}

double median(std::vector<double> xs)
{
    if (xs.empty())
        return 0;
    std::sort(xs.begin(), xs.end());
    const std::size_t n = xs.size();
    return n % 2 ? xs[n / 2] : (xs[n / 2 - 1] + xs[n / 2]) / 2;
}

std::string utf8(const QString &s)
{
    return s.toStdString();
}

int runBench(const Options &opt)
{
    std::fprintf(stderr, "capiqa-bench-send: building a corpus of %lld events (seed %" PRIu64 ", now %lld)\n",
                 static_cast<long long>(opt.events), opt.seed, static_cast<long long>(opt.now));
    const Corpus corpus = makeCorpus(opt.events, opt.seed, opt.now);

    if (!opt.dumpEvents.isEmpty()) {
        std::vector<QByteArray> lines;
        lines.reserve(std::size_t(corpus.events.size()));
        for (const QJsonObject &e : corpus.events)
            lines.push_back(QJsonDocument(e).toJson(QJsonDocument::Compact));
        if (!writeLines(opt.dumpEvents, lines)) {
            std::fprintf(stderr, "capiqa-bench-send: cannot write %s\n", utf8(opt.dumpEvents).c_str());
            return 1;
        }
        std::fprintf(stderr, "capiqa-bench-send: wrote %lld events to %s\n", static_cast<long long>(lines.size()),
                     utf8(opt.dumpEvents).c_str());
        return 0;
    }

    std::printf("capiqa-send corpus events=%lld purchase=%lld lead=%lld add_to_cart=%lld non_ascii=%lld "
                "invalid_values=%lld seed=%" PRIu64 " now=%lld batch=%d\n",
                static_cast<long long>(corpus.events.size()), static_cast<long long>(corpus.purchase),
                static_cast<long long>(corpus.lead), static_cast<long long>(corpus.addToCart),
                static_cast<long long>(corpus.nonAscii), static_cast<long long>(corpus.invalid), opt.seed,
                static_cast<long long>(opt.now), opt.batch);
    std::fflush(stdout);

    // Parity (untimed): what each profile builds; the node-sdk digest is compared with the SDK's.
    for (pii::Profile profile : opt.profiles) {
        const bool dump = profile == pii::Profile::NodeSdk && !opt.dumpBuilt.isEmpty();
        const Parity p = parity(corpus, profile, opt.batch, dump);
        const std::string_view name = pii::profileName(profile);
        std::printf("capiqa-send %.*s parity events=%lld built=%lld rejected=%lld digest=%08x\n", int(name.size()),
                    name.data(), static_cast<long long>(corpus.events.size()), static_cast<long long>(p.built),
                    static_cast<long long>(p.rejected), p.digest);
        std::fflush(stdout);
        if (dump) {
            if (!writeLines(opt.dumpBuilt, p.lines)) {
                std::fprintf(stderr, "capiqa-bench-send: cannot write %s\n", utf8(opt.dumpBuilt).c_str());
                return 1;
            }
            std::fprintf(stderr, "capiqa-bench-send: wrote the node-sdk build of %lld events to %s\n",
                         static_cast<long long>(p.lines.size()), utf8(opt.dumpBuilt).c_str());
            return 0;
        }
    }
    if (!opt.dumpBuilt.isEmpty()) {
        std::fprintf(stderr, "capiqa-bench-send: --dump-built needs the node-sdk profile\n");
        return 2;
    }

    // For context: building alone (no network), same passes.
    for (pii::Profile profile : opt.profiles) {
        const std::string_view name = pii::profileName(profile);
        event::RequestBuilder builder(profile);
        builder.setDiagnosticsEnabled(false); // the sending path: only fatal diagnostics, as capiqa-cli send
        std::fprintf(stderr, "capiqa-bench-send: %.*s, build only, %d x %lld events\n", int(name.size()), name.data(),
                     opt.reps, static_cast<long long>(corpus.events.size()));
        if (opt.warmup > 0)
            buildOnlyPass(corpus, builder, opt.batch, opt.warmup);
        std::vector<double> rates;
        for (int rep = 0; rep < opt.reps; ++rep)
            rates.push_back(buildOnlyPass(corpus, builder, opt.batch, corpus.events.size()));
        std::printf("capiqa-send %.*s build-only events_per_s=%.0f median_events_per_s=%.0f reps=%d\n",
                    int(name.size()), name.data(), best(rates), median(rates), opt.reps);
        std::fflush(stdout);
    }

    // The emulator.
    std::unique_ptr<EmulatorHost> host;
    if (!opt.emulatorUrl.isEmpty()) {
        host = std::make_unique<ExternalEmulator>(QUrl(opt.emulatorUrl));
    } else if (!opt.inProcess) {
        const QString cli = opt.cli.isEmpty() ? defaultCli() : opt.cli;
        if (cli.isEmpty())
            std::fprintf(stderr, "capiqa-bench-send: capiqa-cli not found next to this build (give --cli PATH); "
                                 "running the emulator IN-PROCESS on its own thread\n");
        else
            host = std::make_unique<ProcessEmulator>(cli);
    }
    if (!host)
        host = std::make_unique<ThreadEmulator>();
    QString error;
    if (!host->start(&error)) {
        std::fprintf(stderr, "capiqa-bench-send: %s\n", utf8(error).c_str());
        return 1;
    }
    std::printf("capiqa-send emulator mode=%s url=%s\n", utf8(host->mode()).c_str(),
                utf8(host->baseUrl().toString()).c_str());
    std::fflush(stdout);

    transport::SendOptions options;
    options.baseUrl = host->baseUrl();
    options.pixelId = emulator::LocalPixelId;
    options.accessToken = emulator::LocalAccessToken;
    options.testEventCode = emulator::LocalTestEventCode;
    options.timeoutMs = opt.timeoutMs;
    options.retry.maxRetries = 0; // a failure is a harness problem, not something to hide
    options.maxEventsPerRequest = opt.batch;
    options.profileName = u"capiqa-bench-send"_s;

    QNetworkAccessManager admin; // for DELETE /_capiqa/events, outside the timed passes
    int failures = 0;
    for (pii::Profile profile : opt.profiles) {
        const std::string_view name = pii::profileName(profile);
        for (int concurrency : opt.concurrency) {
            // A fresh client and builder per configuration: no state carries over.
            transport::CapiClient client(nullptr);
            client.setMaxConcurrentRequests(concurrency);
            event::RequestBuilder builder(profile);
            builder.setDiagnosticsEnabled(false); // as capiqa-cli send builds
            const auto pass = [&](qsizetype count) -> std::optional<PassStats> {
                QString clearError;
                if (!clearStore(admin, host->baseUrl(), &clearError)) {
                    std::fprintf(stderr, "capiqa-bench-send: %s\n", utf8(clearError).c_str());
                    return std::nullopt;
                }
                return SendPass(corpus, builder, client, options, concurrency, opt.batch, count).run();
            };
            std::fprintf(stderr, "capiqa-bench-send: %.*s, concurrency %d, %d x %lld events\n", int(name.size()),
                         name.data(), concurrency, opt.reps, static_cast<long long>(corpus.events.size()));
            if (opt.warmup > 0 && !pass(opt.warmup))
                return 1;
            std::vector<double> rates;
            double buildShare = 0; // of the best pass
            PassStats last;
            int failedRequests = 0;
            QString firstError;
            for (int rep = 0; rep < opt.reps; ++rep) {
                const std::optional<PassStats> s = pass(corpus.events.size());
                if (!s)
                    return 1;
                rates.push_back(double(s->events) / s->seconds);
                if (rates.back() >= best(rates))
                    buildShare = s->buildSeconds / s->seconds;
                failedRequests += s->failedRequests;
                if (firstError.isEmpty())
                    firstError = s->firstError;
                last = *s;
            }
            if (failedRequests > 0) {
                ++failures;
                std::fprintf(stderr, "capiqa-bench-send: %.*s concurrency %d: %d failed request(s); first: %s\n",
                             int(name.size()), name.data(), concurrency, failedRequests, utf8(firstError).c_str());
            }
            std::printf("capiqa-send %.*s concurrency=%d events_per_s=%.0f median_events_per_s=%.0f events=%lld "
                        "built=%lld rejected=%lld received=%lld requests=%d failed_requests=%d "
                        "avg_request_kb=%.0f build_share_pct=%.0f reps=%d emulator=%s\n",
                        int(name.size()), name.data(), concurrency, best(rates), median(rates),
                        static_cast<long long>(last.events), static_cast<long long>(last.built),
                        static_cast<long long>(last.rejected), static_cast<long long>(last.received), last.requests,
                        failedRequests, last.requests ? double(last.requestBytes) / last.requests / 1024.0 : 0.0,
                        100.0 * buildShare, opt.reps, utf8(host->mode()).c_str());
            std::fflush(stdout);
        }
    }

    const long emulatorPeak = host->peakRssKb();
    host->stop();
    std::printf("capiqa-send rss peak_rss_kb=%ld emulator_peak_rss_kb=%ld emulator=%s\n", selfPeakRssKb(),
                emulatorPeak, utf8(host->mode()).c_str());
    std::fflush(stdout);
    if (failures > 0) {
        std::fprintf(stderr, "capiqa-bench-send: %d configuration(s) had failed requests\n", failures);
        return 1;
    }
    std::fprintf(stderr, "capiqa-bench-send: done\n");
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    capiqa::io::tuneAllocatorForLargeBuffers();
    QCoreApplication app(argc, argv);
    Options opt;
    if (const std::optional<int> code = parseArgs(argc, argv, opt))
        return *code;
    return runBench(opt);
}
