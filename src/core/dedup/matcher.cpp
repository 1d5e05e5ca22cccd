#include "matcher.h"

#include "io/largebuffer.h"

#include <QtCore/QHash>
#include <QtCore/QThread>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <thread>

namespace capiqa::dedup {

using capture::CapturedEvent;
using capture::Side;
using capture::TimeUnit;
using namespace Qt::StringLiterals;

bool hasTimeUnitError(const CapturedEvent &e)
{
    if (e.side == Side::Server)
        return e.timeUnit != TimeUnit::Seconds;
    // The Pixel sends ts in ms; a hit without one (a noscript image) is timed by the HAR.
    return e.timeUnit != TimeUnit::Milliseconds && e.timeUnit != TimeUnit::Missing;
}

bool isRejectedForTime(const CapturedEvent &e)
{
    return e.side == Side::Server && e.timeUnit != TimeUnit::Seconds;
}

namespace {

// Below this many events the exact-key stage runs on one thread: starting threads costs more.
constexpr size_t ParallelFrom = 20'000;

// splitmix64's finaliser: every input bit moves every output bit.
quint64 mix64(quint64 x)
{
    x ^= x >> 30;
    x *= 0xBF58476D1CE4E5B9ULL;
    x ^= x >> 27;
    x *= 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

// A fast 64-bit hash of a string's UTF-16 units, eight bytes at a time. Unseeded, like the
// qHash(…, 0) it replaces: a collision only costs an exact comparison.
quint64 textHash(const QString &text)
{
    const auto *p = reinterpret_cast<const char *>(text.constData());
    size_t n = size_t(text.size()) * sizeof(QChar);
    quint64 h = 0x9E3779B97F4A7C15ULL ^ n;
    for (; n >= 8; n -= 8, p += 8) {
        quint64 w;
        std::memcpy(&w, p, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDULL;
        h ^= h >> 32;
    }
    if (n > 0) {
        quint64 w = 0;
        for (; n >= 2; n -= 2, p += 2) {
            quint16 unit;
            std::memcpy(&unit, p, 2);
            w = (w << 16) | unit;
        }
        h = (h ^ w) * 0xC4CEB9FE1A85EC53ULL;
    }
    return mix64(h);
}

quint64 hashOf(const QString &text)
{
    return textHash(text);
}

quint64 hashOf(qint64 number)
{
    return mix64(quint64(number));
}

// The hash of a key of several parts (texts, numbers), `seed` telling the kinds of key apart.
template <class... Parts>
quint64 keyHash(quint64 seed, const Parts &...parts)
{
    quint64 h = mix64(seed);
    ((h = mix64(h ^ hashOf(parts))), ...);
    return h;
}

// The hash of the last text seen: interned pixel ids and names repeat from one event to the next.
class HashCache final
{
public:
    quint64 operator()(const QString &text)
    {
        if (text.constData() != m_text || text.size() != m_size || !m_text) {
            m_text = text.constData();
            m_size = text.size();
            m_hash = textHash(text);
        }
        return m_hash;
    }

private:
    const QChar *m_text = nullptr;
    qsizetype m_size = 0;
    quint64 m_hash = 0;
};

// Exact equality of two texts, inline: the same text (interned pixel ids and names mostly share
// theirs) or the same UTF-16 units.
bool sameText(const QString &a, const QString &b)
{
    return a.size() == b.size()
        && (a.constData() == b.constData() || std::memcmp(a.constData(), b.constData(), size_t(a.size()) * sizeof(QChar)) == 0);
}

// Runs part(0) … part(parts - 1), each on its own thread (the first on the caller's).
template <class Part>
void runParts(int parts, Part part)
{
    std::vector<std::thread> threads;
    for (int t = 1; t < parts; ++t)
        threads.emplace_back(part, t);
    part(0);
    for (std::thread &t : threads)
        t.join();
}

bool isBlankId(const QString &id)
{
    return std::all_of(id.cbegin(), id.cend(), [](QChar c) { return c.isSpace(); });
}

// The id with the differences Meta does not forgive but people do not see: case, spaces, quotes.
QString canonicalId(const QString &id)
{
    // Plain ASCII (nearly every id) is mapped unit by unit into a buffer sized once.
    const char16_t *units = reinterpret_cast<const char16_t *>(id.constData());
    if (std::all_of(units, units + id.size(), [](char16_t u) { return u < 0x80; })) {
        QString out(id.size(), Qt::Uninitialized);
        char16_t *to = reinterpret_cast<char16_t *>(out.data());
        qsizetype n = 0;
        for (qsizetype i = 0; i < id.size(); ++i) {
            const char16_t u = units[i];
            if (u == u' ' || (u >= u'\t' && u <= u'\r') || u == u'"' || u == u'\'' || u == u'`')
                continue;
            to[n++] = (u >= u'A' && u <= u'Z') ? char16_t(u + 32) : u;
        }
        out.truncate(n);
        return out;
    }
    QString out;
    out.reserve(id.size());
    for (QChar c : id) {
        if (c.isSpace() || c == u'"' || c == u'\'' || c == u'`')
            continue;
        out += c.toLower();
    }
    return out;
}

// The parts of a canonical id that could be the other side's whole id: "purchase_42" → purchase,
// 42; "order42" → order42, 42. Only parts of two or more characters, never the id itself.
QStringList idTokens(const QString &canon)
{
    QStringList tokens;
    const auto add = [&](QStringView t) {
        if (t.size() >= 2 && t != canon && !tokens.contains(t))
            tokens.append(t.toString());
    };
    qsizetype partStart = 0;
    qsizetype digitStart = -1;
    for (qsizetype i = 0; i <= canon.size(); ++i) {
        const bool alnum = i < canon.size() && canon.at(i).isLetterOrNumber();
        const bool digit = alnum && canon.at(i).isDigit();
        if (digit && digitStart < 0)
            digitStart = i;
        if (!digit && digitStart >= 0) {
            add(QStringView(canon).sliced(digitStart, i - digitStart));
            digitStart = -1;
        }
        if (!alnum) {
            add(QStringView(canon).sliced(partStart, i - partStart));
            partStart = i + 1;
        }
    }
    return tokens;
}

bool hasDigit(const QString &s)
{
    return std::any_of(s.cbegin(), s.cend(), [](QChar c) { return c.isDigit(); });
}

class Run final
{
public:
    Run(const std::vector<CapturedEvent> &events, const DedupOptions &options)
        : m_events(events)
        , m_options(options)
        , m_verdicts(io::largeVector<EventVerdict>(events.size()))
        , m_resolved(io::largeVector<quint8>(events.size(), 0))
    {
    }

    void exactKeys(int threads);
    void sameIdOtherNameOrPixel();
    void idFormats();
    void missingIds();
    void leftovers();

    std::vector<EventVerdict> take() { return std::move(m_verdicts); }

private:
    qint64 gap(qint32 a, qint32 b) const
    {
        const qint64 ta = m_events[a].timeMs;
        const qint64 tb = m_events[b].timeMs;
        return (ta == 0 || tb == 0) ? 0 : std::abs(ta - tb);
    }
    bool open(qint32 i) const { return !m_resolved[i]; }
    void set(qint32 i, Category c, Effect effect, qint32 counterpart)
    {
        m_verdicts[i] = EventVerdict{c, effect, counterpart};
        m_resolved[i] = 1;
    }
    void setMerged(qint32 browser, qint32 server);
    void setCountedTwice(qint32 a, qint32 b, Category c);
    struct Keyed
    {
        quint64 hash;
        qint64 time;
        qint32 index;
    };
    static std::vector<Keyed> sortKeyed(std::vector<std::vector<Keyed>> &parts);
    void exactGroups(const std::vector<Keyed> &keyed);
    std::vector<qint32> openOf(Side side) const;
    // The open event of `candidates` on `side` nearest in time to `i` that passes `accept`.
    template <class Accept>
    qint32 nearest(qint32 i, const std::vector<qint32> &candidates, qint64 within, Accept accept) const
    {
        qint32 best = -1;
        qint64 bestGap = 0;
        for (qint32 c : candidates) {
            if (c == i || !open(c) || m_events[c].side == m_events[i].side)
                continue;
            const qint64 g = gap(i, c);
            if (g <= within && (best < 0 || g < bestGap) && accept(c)) {
                best = c;
                bestGap = g;
            }
        }
        return best;
    }

    const std::vector<CapturedEvent> &m_events;
    const DedupOptions &m_options;
    std::vector<EventVerdict> m_verdicts;
    std::vector<quint8> m_resolved;
};

// A pair with the same key within the window: Meta keeps one.
void Run::setMerged(qint32 b, qint32 s)
{
    if (isRejectedForTime(m_events[s])) {
        set(s, Category::TimeUnitError, Effect::Rejected, b);
        set(b, Category::TimeUnitError, Effect::Counted, s);
        return;
    }
    const qint64 g = gap(b, s);
    const bool browserKept = g <= m_options.browserFavourMs || m_events[b].timeMs <= m_events[s].timeMs;
    const Category c = (hasTimeUnitError(m_events[b]) || g > m_options.farMs) ? Category::TimeUnitError : Category::Deduplicated;
    set(b, c, browserKept ? Effect::Counted : Effect::MergedAway, s);
    set(s, c, browserKept ? Effect::MergedAway : Effect::Counted, b);
}

// A pair Meta does not merge: the later one is the extra count (unless Meta rejects one anyway).
void Run::setCountedTwice(qint32 a, qint32 b, Category c)
{
    for (auto [x, y] : {std::pair{a, b}, std::pair{b, a}}) {
        if (isRejectedForTime(m_events[x])) {
            set(x, Category::TimeUnitError, Effect::Rejected, y);
            set(y, isRejectedForTime(m_events[y]) ? Category::TimeUnitError : c,
                isRejectedForTime(m_events[y]) ? Effect::Rejected : Effect::Counted, x);
            return;
        }
    }
    const bool aLater = m_events[a].timeMs > m_events[b].timeMs;
    set(a, c, aLater ? Effect::CountedAgain : Effect::Counted, b);
    set(b, c, aLater ? Effect::Counted : Effect::CountedAgain, a);
}

std::vector<qint32> Run::openOf(Side side) const
{
    std::vector<qint32> out;
    for (qint32 i = 0; i < qint32(m_events.size()); ++i) {
        if (open(i) && m_events[i].side == side && !isBlankId(m_events[i].eventId))
            out.push_back(i);
    }
    std::stable_sort(out.begin(), out.end(), [&](qint32 a, qint32 b) { return m_events[a].timeMs < m_events[b].timeMs; });
    return out;
}

// The keys of `parts` (emptied) ordered by (hash, time, index). The hashes are uniform, so a
// counting sort on their bits below the top eight (the top ones may have chosen the thread) leaves
// buckets of one or two keys, each finished by a comparison sort: about ten times cheaper than
// std::sort on millions, and the keys are copied once.
std::vector<Run::Keyed> Run::sortKeyed(std::vector<std::vector<Keyed>> &parts)
{
    const auto less = [](const Keyed &a, const Keyed &b) {
        return a.hash != b.hash ? a.hash < b.hash : (a.time != b.time ? a.time < b.time : a.index < b.index);
    };
    size_t size = 0;
    for (const std::vector<Keyed> &part : parts)
        size += part.size();
    std::vector<Keyed> sorted;
    io::reserveLarge(sorted, size);
    if (size < 4096) {
        for (std::vector<Keyed> &part : parts)
            sorted.insert(sorted.end(), part.begin(), part.end());
        std::sort(sorted.begin(), sorted.end(), less);
        return sorted;
    }
    const int bits = std::min(24, int(std::bit_width(size)));
    const auto bucketOf = [bits](const Keyed &k) { return size_t((k.hash << 8) >> (64 - bits)); };
    std::vector<quint32> starts = io::largeVector<quint32>((size_t(1) << bits) + 1, 0);
    for (const std::vector<Keyed> &part : parts) {
        for (const Keyed &k : part)
            ++starts[bucketOf(k) + 1];
    }
    for (size_t b = 1; b < starts.size(); ++b)
        starts[b] += starts[b - 1];
    sorted.resize(size);
    std::vector<quint32> next(starts.begin(), starts.end() - 1);
    for (std::vector<Keyed> &part : parts) {
        for (const Keyed &k : part)
            sorted[next[bucketOf(k)]++] = k;
        std::vector<Keyed>().swap(part);
    }
    for (size_t b = 0; b + 1 < starts.size(); ++b) {
        if (starts[b + 1] - starts[b] > 1)
            std::sort(sorted.begin() + starts[b], sorted.begin() + starts[b + 1], less);
    }
    return sorted;
}

// Events with the same (pixel, name, id) are grouped by sorting on a hash of the key. Groups are
// independent, so the hashes are split into `threads` ranges, each sorted and settled on its own
// thread: every event belongs to one range, and only its own group's events are written.
void Run::exactKeys(int threads)
{
    const size_t n = m_events.size();
    const auto parts = size_t(std::max(1, threads));
    // slices[t][r]: the keys of the t-th slice of the events that fall in hash range r.
    std::vector<std::vector<std::vector<Keyed>>> slices(parts, std::vector<std::vector<Keyed>>(parts));
    runParts(int(parts), [&](int t) {
        std::vector<std::vector<Keyed>> &mine = slices[size_t(t)];
        const size_t from = n * size_t(t) / parts;
        const size_t to = n * size_t(t + 1) / parts;
        for (std::vector<Keyed> &range : mine)
            io::reserveLarge(range, (to - from) / parts + (to - from) / 16 + 16);
        // Pixel ids and names are interned: hash each text once.
        HashCache pixelHash;
        HashCache nameHash;
        for (size_t i = from; i < to; ++i) {
            const CapturedEvent &e = m_events[i];
            if (isBlankId(e.eventId))
                continue;
            const quint64 h = mix64(pixelHash(e.pixelId) ^ mix64(nameHash(e.eventName) ^ textHash(e.eventId)));
            io::pushLarge(mine[size_t((h >> 32) * parts >> 32)], Keyed{h, e.timeMs, qint32(i)});
        }
    });
    runParts(int(parts), [&](int r) {
        std::vector<std::vector<Keyed>> range;
        for (size_t t = 0; t < parts; ++t)
            range.push_back(std::move(slices[t][size_t(r)]));
        exactGroups(sortKeyed(range));
    });
}

void Run::exactGroups(const std::vector<Keyed> &keyed)
{
    const auto sameKey = [](const CapturedEvent &a, const CapturedEvent &b) {
        return &a == &b || (sameText(a.eventId, b.eventId) && sameText(a.pixelId, b.pixelId) && sameText(a.eventName, b.eventName));
    };
    std::vector<qint32> group;
    std::vector<qint32> rest;
    for (size_t from = 0; from < keyed.size();) {
        size_t to = from + 1;
        while (to < keyed.size() && keyed[to].hash == keyed[from].hash)
            ++to;
        if (to - from > 1) {
            group.clear();
            for (size_t k = from; k < to; ++k)
                group.push_back(keyed[k].index);
            // Equal hashes of different keys (rare) are split into their exact keys, times kept in order.
            while (!group.empty()) {
                const CapturedEvent &first = m_events[group.front()];
                rest.clear();
                qint32 browser = -1;
                qint32 server = -1;
                for (qint32 i : group) {
                    const CapturedEvent &e = m_events[i];
                    if (!sameKey(e, first)) {
                        rest.push_back(i);
                        continue;
                    }
                    qint32 &firstOfSide = e.side == Side::Browser ? browser : server;
                    if (firstOfSide < 0) {
                        firstOfSide = i;
                        continue;
                    }
                    // Meta keeps the first of one name and id within the window and drops the
                    // rest; a copy sent later than that counts again.
                    set(i, Category::DuplicateSameSide,
                        gap(i, firstOfSide) <= m_options.windowMs ? Effect::MergedAway : Effect::CountedAgain, firstOfSide);
                }
                if (browser >= 0 && server >= 0) {
                    if (gap(browser, server) <= m_options.windowMs)
                        setMerged(browser, server);
                    else
                        setCountedTwice(browser, server, Category::OutsideWindow);
                }
                group.swap(rest);
            }
        }
        from = to;
    }
}

void Run::sameIdOtherNameOrPixel()
{
    QHash<quint64, std::vector<qint32>> byId;
    for (qint32 s : openOf(Side::Server))
        byId[textHash(m_events[s].eventId)].push_back(s);
    if (byId.isEmpty())
        return;
    for (qint32 b : openOf(Side::Browser)) {
        const auto it = byId.constFind(textHash(m_events[b].eventId));
        if (it == byId.cend())
            continue;
        const CapturedEvent &be = m_events[b];
        const auto sameId = [&](qint32 s) { return m_events[s].eventId == be.eventId; };
        qint32 s = nearest(b, *it, m_options.windowMs, [&](qint32 c) {
            return sameId(c) && m_events[c].pixelId == be.pixelId && m_events[c].eventName != be.eventName;
        });
        if (s >= 0) {
            setCountedTwice(b, s, Category::NameMismatch);
            continue;
        }
        s = nearest(b, *it, m_options.windowMs, [&](qint32 c) {
            return sameId(c) && m_events[c].eventName == be.eventName && m_events[c].pixelId != be.pixelId;
        });
        if (s >= 0)
            setCountedTwice(b, s, Category::PixelMismatch);
    }
}

void Run::idFormats()
{
    const std::vector<qint32> servers = openOf(Side::Server);
    if (servers.empty())
        return;
    // Server events by (pixel, name, canonical id), by (pixel, name, id token) and by
    // (pixel, name, value, currency).
    QHash<quint64, std::vector<qint32>> byCanon;
    QHash<quint64, std::vector<qint32>> byToken;
    QHash<quint64, std::vector<qint32>> byValue;
    const auto valueKey = [](const CapturedEvent &e) {
        return keyHash(2, e.pixelId, e.eventName, e.currency, qRound64(e.value * 100));
    };
    for (qint32 s : servers) {
        const CapturedEvent &e = m_events[s];
        const QString canon = canonicalId(e.eventId);
        byCanon[keyHash(0, e.pixelId, e.eventName, canon)].push_back(s);
        for (const QString &t : idTokens(canon))
            byToken[keyHash(1, e.pixelId, e.eventName, t)].push_back(s);
        if (e.hasValue)
            byValue[valueKey(e)].push_back(s);
    }
    static const std::vector<qint32> none;
    const auto lookup = [](const QHash<quint64, std::vector<qint32>> &index, quint64 key) -> const std::vector<qint32> & {
        const auto it = index.constFind(key);
        return it == index.cend() ? none : *it;
    };
    for (qint32 b : openOf(Side::Browser)) {
        const CapturedEvent &be = m_events[b];
        const auto samePixelName = [&](qint32 s) {
            return m_events[s].pixelId == be.pixelId && m_events[s].eventName == be.eventName;
        };
        const QString canon = canonicalId(be.eventId);
        const QStringList tokens = idTokens(canon);
        // Strongest evidence first: the same id but for case/spaces/quotes; one id is a part of
        // the other; both share a number; nothing alike but the value at the same moment.
        qint32 s = nearest(b, lookup(byCanon, keyHash(0, be.pixelId, be.eventName, canon)), m_options.windowMs,
                           [&](qint32 c) { return samePixelName(c) && canonicalId(m_events[c].eventId) == canon; });
        for (qsizetype k = 0; s < 0 && k < tokens.size(); ++k) {
            s = nearest(b, lookup(byCanon, keyHash(0, be.pixelId, be.eventName, tokens.at(k))), m_options.windowMs,
                        [&](qint32 c) { return samePixelName(c) && canonicalId(m_events[c].eventId) == tokens.at(k); });
        }
        if (s < 0) {
            s = nearest(b, lookup(byToken, keyHash(1, be.pixelId, be.eventName, canon)), m_options.windowMs,
                        [&](qint32 c) { return samePixelName(c) && idTokens(canonicalId(m_events[c].eventId)).contains(canon); });
        }
        for (qsizetype k = 0; s < 0 && k < tokens.size(); ++k) {
            if (!hasDigit(tokens.at(k)))
                continue;
            s = nearest(b, lookup(byToken, keyHash(1, be.pixelId, be.eventName, tokens.at(k))), m_options.farMs,
                        [&](qint32 c) { return samePixelName(c) && idTokens(canonicalId(m_events[c].eventId)).contains(tokens.at(k)); });
        }
        if (s < 0 && be.hasValue) {
            s = nearest(b, lookup(byValue, valueKey(be)), m_options.closeMs, [&](qint32 c) {
                return samePixelName(c) && m_events[c].hasValue && qRound64(m_events[c].value * 100) == qRound64(be.value * 100)
                    && m_events[c].currency == be.currency;
            });
        }
        if (s >= 0)
            setCountedTwice(b, s, Category::IdMismatch);
    }
}

void Run::missingIds()
{
    // Open events by (pixel, name), in time order, so a missing-id event finds its twin nearby.
    QHash<quint64, std::vector<qint32>> byName;
    std::vector<qint32> missing;
    for (qint32 i = 0; i < qint32(m_events.size()); ++i) {
        if (!open(i))
            continue;
        const CapturedEvent &e = m_events[i];
        byName[keyHash(0, e.pixelId, e.eventName)].push_back(i);
        if (isBlankId(e.eventId))
            missing.push_back(i);
    }
    if (missing.empty())
        return;
    for (auto &list : byName)
        std::stable_sort(list.begin(), list.end(), [&](qint32 a, qint32 b) { return m_events[a].timeMs < m_events[b].timeMs; });
    std::stable_sort(missing.begin(), missing.end(), [&](qint32 a, qint32 b) { return m_events[a].timeMs < m_events[b].timeMs; });
    for (qint32 m : missing) {
        if (!open(m))
            continue;
        const CapturedEvent &me = m_events[m];
        const std::vector<qint32> &list = byName[keyHash(0, me.pixelId, me.eventName)];
        const auto from = std::lower_bound(list.begin(), list.end(), me.timeMs - m_options.closeMs,
                                           [&](qint32 i, qint64 t) { return m_events[i].timeMs < t; });
        std::vector<qint32> window;
        for (auto it = from; it != list.end() && m_events[*it].timeMs <= me.timeMs + m_options.closeMs; ++it)
            window.push_back(*it);
        const qint32 twin = nearest(m, window, m_options.closeMs, [&](qint32 c) {
            const CapturedEvent &ce = m_events[c];
            return ce.pixelId == me.pixelId && ce.eventName == me.eventName
                && (!ce.hasValue || !me.hasValue || (qRound64(ce.value * 100) == qRound64(me.value * 100) && ce.currency == me.currency));
        });
        if (twin >= 0)
            setCountedTwice(m, twin, Category::MissingEventId);
        else if (isRejectedForTime(me))
            set(m, Category::TimeUnitError, Effect::Rejected, -1);
        else
            set(m, Category::MissingEventId, Effect::Counted, -1);
    }
}

void Run::leftovers()
{
    for (qint32 i = 0; i < qint32(m_events.size()); ++i) {
        if (!open(i))
            continue;
        const CapturedEvent &e = m_events[i];
        if (isRejectedForTime(e))
            set(i, Category::TimeUnitError, Effect::Rejected, -1);
        else if (hasTimeUnitError(e))
            set(i, Category::TimeUnitError, Effect::Counted, -1);
        else
            set(i, e.side == Side::Browser ? Category::BrowserOnly : Category::ServerOnly, Effect::Counted, -1);
    }
}

} // namespace

Matcher::Matcher(DedupOptions options)
    : m_options(options)
{
}

DedupResult Matcher::match(const std::vector<CapturedEvent> &events) const
{
    DedupResult result;
    result.options = m_options;
    Run run(events, m_options);
    const auto stage = [&](double done) {
        if (m_progress)
            m_progress(done);
        return m_cancel && m_cancel->load(std::memory_order_relaxed);
    };
    if (stage(0.0))
        return {};
    const int ideal = std::max(1, QThread::idealThreadCount());
    run.exactKeys(m_threads > 0 ? m_threads : (events.size() >= ParallelFrom ? ideal : 1));
    if (stage(0.6))
        return {};
    run.sameIdOtherNameOrPixel();
    run.idFormats();
    if (stage(0.8))
        return {};
    run.missingIds();
    run.leftovers();
    result.verdicts = run.take();
    result.summary = summarize(events, result.verdicts);
    stage(1.0);
    return result;
}

DedupSummary summarize(const std::vector<CapturedEvent> &events, const std::vector<EventVerdict> &verdicts)
{
    DedupSummary s;
    s.events = qint64(events.size());
    for (size_t i = 0; i < events.size() && i < verdicts.size(); ++i) {
        const CapturedEvent &e = events[i];
        const EventVerdict &v = verdicts[i];
        (e.side == Side::Browser ? s.browserEvents : s.serverEvents) += 1;
        s.perCategory[int(v.category)] += 1;
        const bool crossPair = v.counterpart >= 0 && events[size_t(v.counterpart)].side != e.side;
        if (crossPair && e.side == Side::Browser) {
            ++s.pairs;
            const Effect other = verdicts[size_t(v.counterpart)].effect;
            s.mergedPairs += (v.effect == Effect::MergedAway || other == Effect::MergedAway) ? 1 : 0;
        }
        const QString currency = e.hasValue ? e.currency : QString();
        if (v.effect == Effect::CountedAgain) {
            ++s.countedTwice;
            if (e.hasValue)
                s.valueCountedTwice[currency] += e.value;
        } else if (v.effect == Effect::Rejected) {
            ++s.rejected;
            const bool twinCounted = v.counterpart >= 0 && verdicts[size_t(v.counterpart)].effect == Effect::Counted;
            if (!twinCounted) {
                ++s.lost;
                if (e.hasValue)
                    s.valueLost[currency] += e.value;
            }
        }
    }
    s.dedupRate = s.pairs > 0 ? double(s.mergedPairs) / double(s.pairs) : 0.0;
    return s;
}

} // namespace capiqa::dedup
