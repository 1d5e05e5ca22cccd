// capiqa-bench: throughput of the PII normalise+hash batch path (PiiProcessor::process) on a
// deterministic, realistic corpus, per profile, for 1 thread and N threads; plus the raw hashing
// primitive (Sha256::hex on 16-byte inputs) for context. See bench/README.md.
//
// Output: one machine-readable line per measurement on stdout ("capiqa <name> key=value ..."),
// or one JSON document with --json; progress goes to stderr.
#include "benchrng.h"
#include "buildinfo.h"
#include "io/jsonlinewriter.h"
#include "pii/pii.h"
#include "pii/piiprocessor.h"
#include "pii/sha256.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <barrier>
#include <chrono>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

using namespace capiqa;
using pii::Field;
using pii::Profile;
using pii::Status;

namespace {

// ---------------------------------------------------------------------------------------------
// Deterministic randomness shared with the other benchmark (benchrng.h).
using capiqa::bench::Rng;

// ---------------------------------------------------------------------------------------------
// Pools. Non-ASCII pools are kept separate so the share of non-ASCII values is controlled.

constexpr std::string_view FirstAscii[] = {
    "John",    "Mary",   "Michael", "Jennifer", "David",  "Linda",   "James",  "Patricia", "Robert", "Elizabeth",
    "William", "Susan",  "Ahmed",   "Priya",    "Wei",    "Olivia",  "Noah",   "Emma",     "Liam",   "Sophia",
    "Lucas",   "Mia",    "Ethan",   "Ava",      "Mohammed", "Fatima", "Carlos", "Ana",     "Hiroshi", "Yuki",
    "Olga",    "Ivan",   "Chloe",   "Jack",     "Mary Ann", "Jean-Luc", "Kwame", "Aisha",   "Mateo",  "Sofia"};
constexpr std::string_view FirstNonAscii[] = {
    "José",  "Zoë",   "Renée",  "Chloé",   "François", "Jürgen", "Björn", "Łukasz", "Søren", "Inés",
    "Çağla", "Anaïs", "Noël",   "Ólafur",  "Şebnem",   "Đorđe",  "JOSÉ",  "ÉMILIE", "Gülşen", "Mária",
    "Алексей", "Μαρία", "太郎", "Håkon",  "Agnès",    "Íñigo"};
constexpr std::string_view LastAscii[] = {
    "Smith",     "Johnson", "Williams", "Brown",   "Jones",    "Garcia",  "Miller",  "Davis",       "Rodriguez",
    "Martinez",  "Hernandez", "Lopez",  "Gonzalez", "Wilson",  "Anderson", "Thomas", "Taylor",     "Moore",
    "Jackson",   "Martin",  "Lee",      "Perez",   "Thompson", "White",   "Harris",  "O'Brien",     "McDonald",
    "Van der Berg", "Smith-Jones", "de la Cruz", "Nguyen", "Kim",  "Patel",   "Singh",   "Kowalski",    "Okafor"};
constexpr std::string_view LastNonAscii[] = {
    "Müller", "Núñez",  "Gómez",  "Ibáñez", "Wójcik",  "Dvořák",  "Nguyễn", "Søndergaard", "Çelik", "Øvergaard",
    "Strauß", "MÜLLER", "Pérez",  "Łęcki",  "Böhm",    "Françoise", "Иванов", "Παπαδόπουλος", "田中", "Sánchez"};
constexpr std::string_view EmailDomains[] = {
    "gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "icloud.com", "example.org",
    "company.co.uk", "mail.de", "web.de", "yandex.ru", "gmx.net", "protonmail.com", "live.fr", "uol.com.br"};
constexpr std::string_view InvalidEmails[] = {
    "n/a", "john.smith@", "@gmail.com", "john smith@gmail.com", "none", "test@test", "mary@@example.org",
    "noemail"};
constexpr std::string_view CitiesAscii[] = {
    "New York",  "Los Angeles", "San Francisco", "Chicago", "Houston", "Phoenix", "St. Louis", "Winston-Salem",
    "London",    "Paris",       "Berlin",        "Madrid",  "Rome",    "Toronto", "Sydney",    "Mumbai",
    "Amsterdam", "Dublin",      "Austin",        "Seattle", "Lagos",   "Singapore", "Washington, D.C.", "Fort Worth"};
constexpr std::string_view CitiesNonAscii[] = {
    "São Paulo", "Zürich", "Kraków", "München", "Montréal", "Reykjavík", "Düsseldorf", "Malmö",
    "Bogotá",    "Québec", "Tōkyō",  "Москва",  "東京",     "Göteborg",  "Nürnberg",   "Córdoba"};
constexpr std::string_view StatesAscii[] = {
    "CA", "NY", "TX", "FL", "California", "New York", "tx", "Ca", "N.Y.", "Bavaria", "Ontario", "QC",
    "NSW", "WA", "Illinois", "ma", "Texas", "IL", "Greater London", "Massachusetts"};
constexpr std::string_view StatesNonAscii[] = {"Île-de-France", "Québec", "São Paulo", "Baden-Württemberg",
                                               "Bretagne", "Niederösterreich", "Ciudad de México"};
constexpr std::string_view ZipsLiteral[] = {"SW1A 1AA", "EC1A 1BB", "M5V 3L9", "W1J 7NT", "H2X 1Y4", "D02 X285",
                                            "1", "-"};
constexpr std::string_view CountriesAscii[] = {
    "US", "us", "GB", "gb", "DE", "de", "FR", "fr", "JP", "BR", "CA", "ca", "IN", "AU", "NL", "ES", "IT", "MX",
    "United States", "USA", "Germany", "UK", "Canada", "ZZ"};
constexpr std::string_view CountriesNonAscii[] = {"España", "Österreich", "México", "Türkiye", "Россия"};
constexpr std::string_view Genders[] = {"m", "f", "M", "F", "Male", "female", "FEMALE", "male", "man",
                                        "woman", "x", "non-binary", "Female ", "MALE", "Mr", "u"};
constexpr std::string_view GendersNonAscii[] = {"Féminin", "männlich", "Masculino ", "Женский"};
constexpr std::string_view Months[] = {"Jan", "Feb", "March", "April", "May", "June", "July", "Aug", "Sept",
                                       "October", "Nov", "December"};
constexpr std::string_view MonthsNonAscii[] = {"März", "décembre", "février", "août", "Jänner"};
constexpr std::string_view PhoneUs[] = {
    "(ANN) ANN-NNNN", "ANN-ANN-NNNN", "ANN.ANN.NNNN", "ANNANNNNNN",      "+1 ANN ANN NNNN",
    "1-ANN-ANN-NNNN", "+1 (ANN) ANN-NNNN", "ANN ANN NNNN", "ANN-ANN-NNNN x NNN", "+1.ANN.ANN.NNNN"};
constexpr std::string_view PhoneIntl[] = {
    "+44 NN NNNN NNNN", "0044 NN NNNN NNNN", "0NN NNNN NNNN", "+49 (0)NN NNNNNNN", "+49 NNN NNNNNNN",
    "+33 N NN NN NN NN", "+91-NNNNN-NNNNN",  "+55 NN NNNNN-NNNN", "+81 N-NNNN-NNNN", "+61 N NNNN NNNN",
    "+52 NN NNNN NNNN", "+234 NNN NNN NNNN", "0NNNN NNNNNN",     "+86 NNN NNNN NNNN"};
constexpr std::string_view PhoneInvalid[] = {"NNN-NNNN", "call me", "N", "+1 ANN ANN NNNN NNNN NNN", "n/a"};
constexpr std::string_view PhoneFullWidth[] = {"WWW-WWW-WWWW", "＋１ WWW WWW WWWW", "（WWW）WWW－WWWW"};
constexpr std::string_view ZipTemplates[] = {"NNNNN", "NNNNN-NNNN", "NNNNN", "NNNNN", "NNNN", "NNN-NNNN",
                                             "NNNNN-NNN", "NNNNN NNNN"};
constexpr std::string_view ExternalIdTemplates[] = {"user_NNNNN", "CRM-NNNNNNN", "NNNNNNNNN", "cust:NNNNNN",
                                                    "UUID", "uuid", "AbcNNNN", "  NNNNNN "};

// ---------------------------------------------------------------------------------------------
// Corpus.

struct Corpus {
    struct Item {
        Field field;
        std::uint32_t offset;
        std::uint32_t size;
    };
    std::string arena;
    std::vector<Item> items;
    std::size_t nonAscii = 0;
    std::size_t prehashed = 0;

    std::string_view value(const Item &item) const { return std::string_view(arena).substr(item.offset, item.size); }
};

bool isAscii(std::string_view s)
{
    return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

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

/// Fills a template: N any digit, A a digit 2-9, W a full-width digit (U+FF10..U+FF19).
void expand(Rng &rng, std::string_view tmpl, std::string &out)
{
    for (char c : tmpl) {
        switch (c) {
        case 'N': out.push_back(char('0' + rng.below(10))); break;
        case 'A': out.push_back(char('2' + rng.below(8))); break;
        case 'W':
            out.append("\xEF\xBC");
            out.push_back(char(0x90 + rng.below(10)));
            break;
        default: out.push_back(c);
        }
    }
}

void appendNumber(std::string &out, unsigned value, int width)
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "%0*u", width, value);
    out.append(buf);
}

/// What people type: case drift, stray whitespace, the odd no-break space from a copy-paste.
void roughen(Rng &rng, std::string &s)
{
    const std::size_t c = rng.below(100);
    if (c < 20)
        asciiLower(s);
    else if (c < 32)
        asciiUpper(s);
    else if (c < 36) {
        for (char &ch : s) {
            if (rng.chance(500)) {
                std::string one(1, ch);
                asciiUpper(one);
                ch = one[0];
            }
        }
    }
    const std::size_t w = rng.below(1000);
    if (w < 70)
        s.insert(0, " ");
    else if (w < 130)
        s.append("  ");
    else if (w < 145)
        s = "\t" + s + " ";
    else if (w < 150)
        s.append("\xC2\xA0"); // U+00A0 NO-BREAK SPACE
}

void makeName(Rng &rng, bool first, std::string &out)
{
    const bool nonAscii = rng.chance(250);
    if (first)
        out.assign(nonAscii ? rng.pick(FirstNonAscii) : rng.pick(FirstAscii));
    else
        out.assign(nonAscii ? rng.pick(LastNonAscii) : rng.pick(LastAscii));
    roughen(rng, out);
}

void makeEmail(Rng &rng, std::string &out)
{
    if (rng.chance(25)) {
        out.assign(rng.pick(InvalidEmails));
        return;
    }
    const bool nonAscii = rng.chance(40);
    std::string firstName(nonAscii ? rng.pick(FirstNonAscii) : rng.pick(FirstAscii));
    std::string lastName(rng.pick(LastAscii));
    std::erase_if(firstName, [](char c) { return c == ' ' || c == '\''; });
    std::erase_if(lastName, [](char c) { return c == ' ' || c == '\''; });
    switch (rng.below(6)) {
    case 0: out = firstName + "." + lastName; break;
    case 1: out = firstName + lastName; break;
    case 2: out = firstName.substr(0, 1) + lastName; break;
    case 3: out = firstName + "_" + lastName; break;
    case 4: out = lastName + "." + firstName; break;
    default: out = firstName; break;
    }
    if (rng.chance(300))
        appendNumber(out, unsigned(rng.below(2000)), 1);
    if (rng.chance(40))
        out.append("+news");
    if (rng.below(100) < 55)
        asciiLower(out);
    out.push_back('@');
    out.append(rng.pick(EmailDomains));
    roughen(rng, out);
}

void makePhone(Rng &rng, std::string &out)
{
    out.clear();
    const std::size_t c = rng.below(1000);
    if (c < 530)
        expand(rng, rng.pick(PhoneUs), out);
    else if (c < 940)
        expand(rng, rng.pick(PhoneIntl), out);
    else if (c < 980)
        expand(rng, rng.pick(PhoneInvalid), out);
    else
        expand(rng, rng.pick(PhoneFullWidth), out);
    if (rng.chance(60))
        out.insert(0, " ");
    if (rng.chance(30))
        out.append(" ");
}

void makeDate(Rng &rng, std::string &out)
{
    const unsigned y = 1940 + unsigned(rng.below(70));
    const unsigned m = 1 + unsigned(rng.below(12));
    const unsigned d = 1 + unsigned(rng.below(28));
    // Each part: a number of the given width, or text (width 0 with `text` set).
    struct Part {
        unsigned number;
        int width;
        std::string_view text;
    };
    const auto join = [&](std::initializer_list<Part> parts) {
        for (const Part &p : parts) {
            if (p.width > 0)
                appendNumber(out, p.number, p.width);
            else
                out.append(p.text);
        }
    };
    const std::string_view month = Months[m - 1];
    out.clear();
    switch (rng.below(10)) {
    case 0:
    case 1: join({{y, 4, {}}, {m, 2, {}}, {d, 2, {}}}); break;                                   // 19900115
    case 2:
    case 3: join({{y, 4, {}}, {0, 0, "-"}, {m, 2, {}}, {0, 0, "-"}, {d, 2, {}}}); break;         // 1990-01-15
    case 4: join({{m, 2, {}}, {0, 0, "/"}, {d, 2, {}}, {0, 0, "/"}, {y, 4, {}}}); break;         // 01/15/1990
    case 5: join({{d, 2, {}}, {0, 0, "."}, {m, 2, {}}, {0, 0, "."}, {y, 4, {}}}); break;         // 15.01.1990
    case 6: join({{m, 1, {}}, {0, 0, "/"}, {d, 1, {}}, {0, 0, "/"}, {y % 100, 2, {}}}); break;   // 1/15/90
    case 7: join({{0, 0, month}, {0, 0, " "}, {d, 1, {}}, {0, 0, ", "}, {y, 4, {}}}); break;     // Jan 15, 1990
    case 8: {                                                                                    // 15 März 1990
        const std::string_view localMonth = rng.chance(500) ? rng.pick(MonthsNonAscii) : month;
        join({{d, 1, {}}, {0, 0, " "}, {0, 0, localMonth}, {0, 0, " "}, {y, 4, {}}});
        break;
    }
    default: join({{y, 4, {}}}); break;                                                          // 1990
    }
    if (rng.chance(50))
        out.append(" ");
}

void makeExternalId(Rng &rng, std::string &out)
{
    static constexpr char Hex[] = "0123456789abcdef";
    const std::string_view tmpl = rng.pick(ExternalIdTemplates);
    out.clear();
    if (tmpl == "UUID" || tmpl == "uuid") {
        for (int i = 0; i < 32; ++i) {
            if (i == 8 || i == 12 || i == 16 || i == 20)
                out.push_back('-');
            out.push_back(Hex[rng.below(16)]);
        }
        if (tmpl == "UUID")
            asciiUpper(out);
        return;
    }
    expand(rng, tmpl, out);
}

void makeValue(Rng &rng, Field field, std::string &out)
{
    switch (field) {
    case Field::Em: makeEmail(rng, out); break;
    case Field::Ph: makePhone(rng, out); break;
    case Field::Fn: makeName(rng, true, out); break;
    case Field::Ln: makeName(rng, false, out); break;
    case Field::Ge:
        out.assign(rng.chance(60) ? rng.pick(GendersNonAscii) : rng.pick(Genders));
        roughen(rng, out);
        break;
    case Field::Db: makeDate(rng, out); break;
    case Field::Ct:
        out.assign(rng.chance(250) ? rng.pick(CitiesNonAscii) : rng.pick(CitiesAscii));
        roughen(rng, out);
        break;
    case Field::St:
        out.assign(rng.chance(180) ? rng.pick(StatesNonAscii) : rng.pick(StatesAscii));
        roughen(rng, out);
        break;
    case Field::Zp:
        out.clear();
        if (rng.chance(150)) {
            out.assign(rng.pick(ZipsLiteral));
            roughen(rng, out);
        } else {
            expand(rng, rng.pick(ZipTemplates), out);
            if (rng.chance(50))
                out.append(" ");
        }
        break;
    case Field::Country:
        out.assign(rng.chance(100) ? rng.pick(CountriesNonAscii) : rng.pick(CountriesAscii));
        roughen(rng, out);
        break;
    case Field::ExternalId: makeExternalId(rng, out); break;
    }
}

/// Replaces `out` by something that was hashed before it reached us: the SHA-256 of a value (in
/// either case) or an MD5-looking digest.
void makePrehashed(Rng &rng, Field field, std::string &out)
{
    static constexpr char Hex[] = "0123456789abcdef";
    const std::size_t c = rng.below(100);
    if (c < 85) {
        std::string plain;
        makeValue(rng, field, plain);
        pii::Sha256::Hex hex;
        pii::Sha256::hex(plain, hex);
        out.assign(hex.data(), hex.size());
        if (c >= 70)
            asciiUpper(out);
    } else {
        out.clear();
        for (int i = 0; i < 32; ++i)
            out.push_back(Hex[rng.below(16)]);
    }
}

/// Relative frequency of each field in a realistic user_data stream (per mille, sums to 1000).
constexpr std::array<std::pair<Field, unsigned>, 11> FieldMix{{{Field::Em, 200},
                                                               {Field::Ph, 170},
                                                               {Field::Fn, 110},
                                                               {Field::Ln, 110},
                                                               {Field::Ct, 80},
                                                               {Field::St, 60},
                                                               {Field::Zp, 80},
                                                               {Field::Country, 60},
                                                               {Field::Ge, 45},
                                                               {Field::Db, 45},
                                                               {Field::ExternalId, 40}}};

Corpus makeCorpus(std::size_t count, std::uint64_t seed)
{
    Rng rng(seed);
    Corpus corpus;
    corpus.items.reserve(count);
    corpus.arena.reserve(count * 16);
    std::string value;
    for (std::size_t i = 0; i < count; ++i) {
        std::size_t r = rng.below(1000);
        Field field = Field::Em;
        for (const auto &[f, weight] : FieldMix) {
            if (r < weight) {
                field = f;
                break;
            }
            r -= weight;
        }
        const std::size_t special = rng.below(1000);
        if (special < 10) {
            makePrehashed(rng, field, value);
            ++corpus.prehashed;
        } else if (special < 15) {
            value.assign(special < 12 ? "" : "   ");
        } else {
            makeValue(rng, field, value);
        }
        if (!isAscii(value))
            ++corpus.nonAscii;
        corpus.items.push_back({field, std::uint32_t(corpus.arena.size()), std::uint32_t(value.size())});
        corpus.arena.append(value);
    }
    return corpus;
}

bool dumpCorpus(const Corpus &corpus, const std::string &path)
{
    std::FILE *f = path == "-" ? stdout : std::fopen(path.c_str(), "wb");
    if (!f)
        return false;
    std::string line;
    bool ok = true;
    for (const Corpus::Item &item : corpus.items) {
        line.clear();
        io::JsonLine(line).add("field", pii::fieldKey(item.field)).add("value", corpus.value(item)).finish();
        ok = ok && std::fwrite(line.data(), 1, line.size(), f) == line.size();
    }
    if (f != stdout)
        ok = std::fclose(f) == 0 && ok;
    else
        ok = std::fflush(f) == 0 && ok;
    return ok;
}

// ---------------------------------------------------------------------------------------------
// Outcomes of one profile over the corpus, and a digest of what it sends. The digest uses the
// same token rule as bench/node/bench-node-sdk.js, so for node-sdk the two must agree once the
// normaliser matches the SDK: the sent string, "!rejected" when the SDK throws, "!null" when
// nothing usable is sent; FNV-1a 32 over each token followed by "\n".

struct Outcomes {
    std::array<std::size_t, 9> byStatus{};
    std::uint32_t digest = 2166136261u;
};

void fnv(std::uint32_t &h, std::string_view bytes)
{
    for (char c : bytes) {
        h ^= static_cast<unsigned char>(c);
        h *= 16777619u;
    }
}

Outcomes outcomes(Profile profile, const Corpus &corpus)
{
    Outcomes o;
    pii::PiiProcessor processor(profile);
    for (const Corpus::Item &item : corpus.items) {
        const pii::PiiResult &r = processor.process(item.field, corpus.value(item));
        ++o.byStatus[std::size_t(r.status)];
        if (r.hasSent)
            fnv(o.digest, r.sent);
        else
            fnv(o.digest, r.status == Status::Rejected ? "!rejected" : "!null");
        fnv(o.digest, "\n");
    }
    return o;
}

constexpr std::array AllStatuses{Status::Hashed,
                                 Status::Rejected,
                                 Status::Dropped,
                                 Status::DroppedNull,
                                 Status::SentUnhashed,
                                 Status::PassthroughSha256,
                                 Status::PassthroughMd5,
                                 Status::PassthroughParamBuilder,
                                 Status::Passthrough};

// ---------------------------------------------------------------------------------------------
// Timing. A configuration starts its threads once; each builds its own worker and warms it up
// (one pass: caches warm, buffers at full size), then all run `reps` timed repetitions between two
// barriers. A repetition lasts `seconds` of wall time; its rate is the units all threads completed
// divided by the wall time from the start barrier to the stop barrier.

constexpr std::size_t Chunk = 256; // units between two looks at the stop flag

struct Rates {
    std::vector<double> samples; // units/s, all threads together
    double best() const { return samples.empty() ? 0 : *std::max_element(samples.begin(), samples.end()); }
    double median() const
    {
        if (samples.empty())
            return 0;
        std::vector<double> s = samples;
        std::sort(s.begin(), s.end());
        const std::size_t n = s.size();
        return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
};

std::atomic<std::uint64_t> g_sink{0}; // keeps the work observable

template <class Worker, class Make>
Rates measure(unsigned threads, double seconds, int reps, Make make)
{
    using Clock = std::chrono::steady_clock;
    std::barrier sync(std::ptrdiff_t(threads) + 1);
    std::atomic<bool> stop{false};
    std::vector<std::uint64_t> counts(threads, 0);
    std::vector<std::thread> pool;
    pool.reserve(threads);
    for (unsigned t = 0; t < threads; ++t) {
        pool.emplace_back([&, t] {
            Worker worker = make(t, threads);
            std::uint64_t sink = worker.warmup();
            for (int rep = 0; rep < reps; ++rep) {
                sync.arrive_and_wait(); // start
                std::uint64_t done = 0;
                while (!stop.load(std::memory_order_relaxed)) {
                    sink += worker.run(Chunk);
                    done += Chunk;
                }
                counts[t] = done;
                sync.arrive_and_wait(); // stopped
            }
            g_sink.fetch_add(sink, std::memory_order_relaxed);
        });
    }
    Rates rates;
    const auto duration = std::chrono::duration<double>(seconds);
    for (int rep = 0; rep < reps; ++rep) {
        sync.arrive_and_wait();
        const auto t0 = Clock::now();
        std::this_thread::sleep_for(duration);
        stop.store(true, std::memory_order_relaxed);
        sync.arrive_and_wait();
        const double elapsed = std::chrono::duration<double>(Clock::now() - t0).count();
        stop.store(false, std::memory_order_relaxed); // workers are parked before the next start
        std::uint64_t total = 0;
        for (std::uint64_t c : counts)
            total += c;
        rates.samples.push_back(double(total) / elapsed);
    }
    for (std::thread &th : pool)
        th.join();
    return rates;
}

/// One thread's PiiProcessor walking the shared corpus round-robin, starting at its own offset.
class PiiWorker final
{
public:
    PiiWorker(const Corpus &corpus, Profile profile, std::size_t start)
        : m_corpus(corpus), m_processor(profile), m_pos(start % corpus.items.size())
    {
    }

    std::uint64_t warmup() { return run(m_corpus.items.size()); }

    std::uint64_t run(std::size_t n)
    {
        std::uint64_t sink = 0;
        const std::size_t size = m_corpus.items.size();
        for (std::size_t i = 0; i < n; ++i) {
            const Corpus::Item &item = m_corpus.items[m_pos];
            const pii::PiiResult &r = m_processor.process(item.field, m_corpus.value(item));
            sink += r.sent.size() + std::uint64_t(r.status);
            if (++m_pos == size)
                m_pos = 0;
        }
        return sink;
    }

private:
    const Corpus &m_corpus;
    pii::PiiProcessor m_processor;
    std::size_t m_pos;
};

/// Sha256::hex over 16-byte inputs (a typical normalised email/phone is 10-30 bytes).
class Sha256Worker final
{
public:
    static constexpr std::size_t Inputs = 4096;
    static constexpr std::size_t Width = 16;

    explicit Sha256Worker(std::uint64_t seed) : m_data(Inputs * Width, '\0')
    {
        Rng rng(seed);
        for (char &c : m_data)
            c = char('a' + rng.below(26));
    }

    std::uint64_t warmup() { return run(Inputs); }

    std::uint64_t run(std::size_t n)
    {
        std::uint64_t sink = 0;
        pii::Sha256::Hex hex;
        for (std::size_t i = 0; i < n; ++i) {
            pii::Sha256::hex(std::string_view(m_data).substr(m_pos * Width, Width), hex);
            sink += static_cast<unsigned char>(hex[0]);
            if (++m_pos == Inputs)
                m_pos = 0;
        }
        return sink;
    }

private:
    std::string m_data;
    std::size_t m_pos = 0;
};

// ---------------------------------------------------------------------------------------------
// Command line and reporting.

struct Options {
    double seconds = 0.5;
    int reps = 5;
    unsigned threads = 0; // 0: hardware_concurrency
    std::size_t corpusSize = 200000;
    std::uint64_t seed = 20240601;
    std::vector<Profile> profiles;
    bool json = false;
    bool sha256 = true;
    std::string dumpPath;
};

void usage(std::FILE *to)
{
    std::fputs("Usage: capiqa-bench [options]\n"
               "Throughput of capiqa's PII normalise+hash batch path (PiiProcessor) on a deterministic corpus.\n"
               "\n"
               "  --seconds S        wall time of one timed repetition (default 0.5)\n"
               "  --reps R           timed repetitions per configuration; best and median are reported (default 5)\n"
               "  --threads N        the multi-thread configuration (default: hardware concurrency; 1: single only)\n"
               "  --profile P        meta, node-sdk, python-sdk, php-sdk or all; repeat or comma-separate (default all)\n"
               "  --corpus-size N    values in the corpus (default 200000)\n"
               "  --seed N           corpus seed (default 20240601)\n"
               "  --no-sha256        skip the raw Sha256::hex measurement\n"
               "  --json             one JSON document on stdout instead of the key=value lines\n"
               "  --dump-corpus F    write the corpus as JSON Lines {\"field\",\"value\"} to F (- for stdout) and exit\n"
               "  --help             this text\n",
               to);
}

std::optional<double> parseDouble(const char *s)
{
    char *end = nullptr;
    const double v = std::strtod(s, &end);
    if (end == s || *end != '\0')
        return std::nullopt;
    return v;
}

std::optional<std::uint64_t> parseUnsigned(const char *s)
{
    char *end = nullptr;
    if (*s == '-')
        return std::nullopt;
    const unsigned long long v = std::strtoull(s, &end, 0);
    if (end == s || *end != '\0')
        return std::nullopt;
    return std::uint64_t(v);
}

bool addProfiles(std::string_view list, std::vector<Profile> &out)
{
    while (!list.empty()) {
        const std::size_t comma = list.find(',');
        const std::string_view name = list.substr(0, comma);
        list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
        if (name == "all") {
            out.insert(out.end(), pii::AllProfiles.begin(), pii::AllProfiles.end());
            continue;
        }
        const std::optional<Profile> p = pii::profileFromName(name);
        if (!p) {
            std::fprintf(stderr, "capiqa-bench: unknown profile '%.*s'\n", int(name.size()), name.data());
            return false;
        }
        out.push_back(*p);
    }
    return true;
}

/// Returns the exit code when the program should stop now.
std::optional<int> parseArgs(int argc, char **argv, Options &opt)
{
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        const auto value = [&]() -> const char * {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "capiqa-bench: %s needs a value\n", argv[i]);
                return nullptr;
            }
            return argv[++i];
        };
        if (arg == "--help" || arg == "-h") {
            usage(stdout);
            return 0;
        } else if (arg == "--json") {
            opt.json = true;
        } else if (arg == "--no-sha256") {
            opt.sha256 = false;
        } else if (arg == "--seconds") {
            const char *v = value();
            if (!v)
                return 2;
            const std::optional<double> d = parseDouble(v);
            if (!d || *d <= 0 || *d > 3600) {
                std::fprintf(stderr, "capiqa-bench: --seconds needs a number in (0, 3600]\n");
                return 2;
            }
            opt.seconds = *d;
        } else if (arg == "--reps" || arg == "--threads" || arg == "--corpus-size" || arg == "--seed") {
            const char *v = value();
            if (!v)
                return 2;
            const std::optional<std::uint64_t> n = parseUnsigned(v);
            if (!n) {
                std::fprintf(stderr, "capiqa-bench: %.*s needs a number\n", int(arg.size()), arg.data());
                return 2;
            }
            if (arg == "--seed") {
                opt.seed = *n;
                continue;
            }
            if (*n < 1 || *n > 100000000) {
                std::fprintf(stderr, "capiqa-bench: %.*s out of range\n", int(arg.size()), arg.data());
                return 2;
            }
            if (arg == "--reps")
                opt.reps = int(std::min<std::uint64_t>(*n, 1000));
            else if (arg == "--threads")
                opt.threads = unsigned(std::min<std::uint64_t>(*n, 1024));
            else
                opt.corpusSize = std::size_t(*n);
        } else if (arg == "--profile") {
            const char *v = value();
            if (!v || !addProfiles(v, opt.profiles))
                return 2;
        } else if (arg == "--dump-corpus") {
            const char *v = value();
            if (!v)
                return 2;
            opt.dumpPath = v;
        } else {
            std::fprintf(stderr, "capiqa-bench: unknown option '%s'\n", argv[i]);
            usage(stderr);
            return 2;
        }
    }
    if (opt.profiles.empty())
        opt.profiles.assign(pii::AllProfiles.begin(), pii::AllProfiles.end());
    // Each profile once, in the order given.
    std::vector<Profile> unique;
    for (Profile p : opt.profiles) {
        if (std::find(unique.begin(), unique.end(), p) == unique.end())
            unique.push_back(p);
    }
    opt.profiles = std::move(unique);
    if (opt.threads == 0)
        opt.threads = std::max(1u, std::thread::hardware_concurrency());
    return std::nullopt;
}

struct Run {
    unsigned threads;
    Rates rates;
};

std::string fmt(const char *format, double v)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, format, v);
    return buf;
}

std::string closeObject(std::string s)
{
    // JsonLine::finish() ends the line; nested objects must not.
    if (!s.empty() && s.back() == '\n')
        s.pop_back();
    return s;
}

std::string runsJson(const std::vector<Run> &runs, std::string_view unit)
{
    std::string out = "[";
    for (const Run &run : runs) {
        if (out.size() > 1)
            out.push_back(',');
        std::string obj;
        io::JsonLine line(obj);
        line.add("threads", qint64(run.threads));
        line.add("unit", unit);
        line.add("best", qint64(run.rates.best() + 0.5));
        line.add("median", qint64(run.rates.median() + 0.5));
        line.add("best_per_thread", qint64(run.rates.best() / run.threads + 0.5));
        std::string samples = "[";
        for (double s : run.rates.samples) {
            if (samples.size() > 1)
                samples.push_back(',');
            samples += fmt("%.0f", s);
        }
        samples.push_back(']');
        line.addRaw("samples", samples);
        line.finish();
        out += closeObject(std::move(obj));
    }
    out.push_back(']');
    return out;
}

void printRun(std::string_view name, const Run &run, std::string_view unit, const Options &opt)
{
    std::printf("capiqa %.*s threads=%u %.*s_per_s=%.0f median_%.*s_per_s=%.0f per_thread_%.*s_per_s=%.0f reps=%d "
                "seconds=%g\n",
                int(name.size()), name.data(), run.threads, int(unit.size()), unit.data(), run.rates.best(),
                int(unit.size()), unit.data(), run.rates.median(), int(unit.size()), unit.data(),
                run.rates.best() / run.threads, opt.reps, opt.seconds);
    std::fflush(stdout);
}

std::vector<unsigned> threadCounts(const Options &opt)
{
    if (opt.threads == 1)
        return {1};
    return {1, opt.threads};
}

int runBench(const Options &opt)
{
    std::fprintf(stderr, "capiqa-bench: building a corpus of %zu values (seed %" PRIu64 ")\n", opt.corpusSize,
                 opt.seed);
    const Corpus corpus = makeCorpus(opt.corpusSize, opt.seed);

    if (!opt.dumpPath.empty()) {
        if (!dumpCorpus(corpus, opt.dumpPath)) {
            std::fprintf(stderr, "capiqa-bench: cannot write %s\n", opt.dumpPath.c_str());
            return 1;
        }
        std::fprintf(stderr, "capiqa-bench: wrote %zu values to %s\n", corpus.items.size(), opt.dumpPath.c_str());
        return 0;
    }

    std::array<std::size_t, pii::AllFields.size()> perField{};
    for (const Corpus::Item &item : corpus.items)
        ++perField[std::size_t(item.field)];

    std::string json;
    std::string profilesJson = "[";
    if (!opt.json) {
        std::printf("capiqa corpus values=%zu bytes=%zu non_ascii=%zu non_ascii_pct=%.1f prehashed=%zu seed=%" PRIu64
                    " hardware_threads=%u\n",
                    corpus.items.size(), corpus.arena.size(), corpus.nonAscii,
                    100.0 * double(corpus.nonAscii) / double(corpus.items.size()), corpus.prehashed, opt.seed,
                    std::thread::hardware_concurrency());
        std::printf("capiqa corpus fields");
        for (Field f : pii::AllFields) {
            const std::string_view key = pii::fieldKey(f);
            std::printf(" %.*s=%zu", int(key.size()), key.data(), perField[std::size_t(f)]);
        }
        std::printf("\n");
        std::fflush(stdout);
    }

    for (Profile profile : opt.profiles) {
        const std::string_view name = pii::profileName(profile);
        const Outcomes o = outcomes(profile, corpus);
        if (!opt.json) {
            std::printf("capiqa %.*s outcomes", int(name.size()), name.data());
            for (Status s : AllStatuses) {
                if (o.byStatus[std::size_t(s)]) {
                    const std::string_view word = pii::statusWord(s);
                    std::printf(" %.*s=%zu", int(word.size()), word.data(), o.byStatus[std::size_t(s)]);
                }
            }
            std::printf(" digest=%08x\n", o.digest);
            std::fflush(stdout);
        }
        std::vector<Run> runs;
        for (unsigned threads : threadCounts(opt)) {
            std::fprintf(stderr, "capiqa-bench: %.*s, %u thread(s), %d x %gs\n", int(name.size()), name.data(),
                         threads, opt.reps, opt.seconds);
            Run run{threads, measure<PiiWorker>(threads, opt.seconds, opt.reps,
                                                [&](unsigned t, unsigned n) {
                                                    return PiiWorker(corpus, profile, corpus.items.size() * t / n);
                                                })};
            if (!opt.json)
                printRun(name, run, "values", opt);
            runs.push_back(std::move(run));
        }
        if (profilesJson.size() > 1)
            profilesJson.push_back(',');
        std::string obj;
        io::JsonLine line(obj);
        line.add("profile", name);
        std::string outcomesJson;
        {
            io::JsonLine ol(outcomesJson);
            for (Status s : AllStatuses) {
                if (o.byStatus[std::size_t(s)])
                    ol.add(pii::statusWord(s), qint64(o.byStatus[std::size_t(s)]));
            }
            ol.finish();
        }
        line.addRaw("outcomes", closeObject(std::move(outcomesJson)));
        char digest[16];
        std::snprintf(digest, sizeof digest, "%08x", o.digest);
        line.add("digest", std::string_view(digest));
        line.addRaw("runs", runsJson(runs, "values/s"));
        line.finish();
        profilesJson += closeObject(std::move(obj));
    }
    profilesJson.push_back(']');

    std::vector<Run> hashRuns;
    if (opt.sha256) {
        for (unsigned threads : threadCounts(opt)) {
            std::fprintf(stderr, "capiqa-bench: Sha256::hex on 16-byte inputs, %u thread(s), %d x %gs\n", threads,
                         opt.reps, opt.seconds);
            Run run{threads, measure<Sha256Worker>(threads, opt.seconds, opt.reps, [&](unsigned t, unsigned) {
                        return Sha256Worker(opt.seed + t);
                    })};
            if (!opt.json)
                printRun("sha256-16B", run, "hashes", opt);
            hashRuns.push_back(std::move(run));
        }
    }

    if (opt.json) {
        std::string corpusJson;
        io::JsonLine cl(corpusJson);
        cl.add("values", qint64(corpus.items.size()))
            .add("bytes", qint64(corpus.arena.size()))
            .add("non_ascii", qint64(corpus.nonAscii))
            .add("prehashed", qint64(corpus.prehashed))
            .add("seed", qint64(opt.seed));
        std::string fields;
        {
            io::JsonLine fl(fields);
            for (Field f : pii::AllFields)
                fl.add(pii::fieldKey(f), qint64(perField[std::size_t(f)]));
            fl.finish();
        }
        cl.addRaw("fields", closeObject(std::move(fields)));
        cl.finish();

        io::JsonLine doc(json);
        doc.add("tool", "capiqa-bench").add("version", capiqa::buildinfo::version().toStdString());
        doc.addRaw("seconds", fmt("%g", opt.seconds));
        doc.add("reps", qint64(opt.reps));
        doc.add("threads", qint64(opt.threads));
        doc.add("hardware_threads", qint64(std::thread::hardware_concurrency()));
        doc.addRaw("corpus", closeObject(std::move(corpusJson)));
        doc.addRaw("profiles", profilesJson);
        if (opt.sha256)
            doc.addRaw("sha256_16B", runsJson(hashRuns, "hashes/s"));
        doc.finish();
        std::fwrite(json.data(), 1, json.size(), stdout);
    }
    std::fprintf(stderr, "capiqa-bench: done (sink %" PRIu64 ")\n", g_sink.load() & 0xFF);
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    Options opt;
    if (const std::optional<int> code = parseArgs(argc, argv, opt))
        return *code;
    try {
        return runBench(opt);
    } catch (const std::exception &e) {
        std::fprintf(stderr, "capiqa-bench: %s\n", e.what());
        return 1;
    }
}
