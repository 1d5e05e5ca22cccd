// The matcher's fast paths give the verdicts of the plain one: the exact-key stage on 1, 2 or 3
// threads, and its counting sort (inputs of 4,096 keys or more) against std::sort (smaller ones),
// over a seeded corpus with every category, its strings sometimes interned and sometimes not.
#include "dedup/matcher.h"

#include <QtCore/QRandomGenerator>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;
using namespace capiqa::capture;
using namespace capiqa::dedup;

namespace {

constexpr qint64 T0 = 1767225600;

// Events of one block: its own two pixels and its own range of order numbers, so nothing in it
// can pair with another block's events. Every mistake the matcher names is in the mix.
class BlockWriter final
{
public:
    BlockWriter(int block, quint64 seed)
        : m_rng(seed)
        , m_pixel(u"10%1"_s.arg(block))
        , m_otherPixel(u"90%1"_s.arg(block))
        , m_base(qint64(block) * 1'000'000)
    {
    }

    std::vector<CapturedEvent> write(int conversions)
    {
        static const QString names[] = {u"Purchase"_s, u"Lead"_s, u"AddToCart"_s};
        for (int i = 0; i < conversions; ++i) {
            const QString name = names[m_rng.bounded(3)];
            const qint64 number = m_base + i;
            // Some conversions share a second, so the time ties go to the index order.
            const qint64 t = T0 + qint64(m_rng.bounded(40000)) * (m_rng.bounded(4) == 0 ? 0 : 1) + i / 3;
            const QString id = u"purchase_%1"_s.arg(number);
            const double value = m_rng.bounded(5) == 0 ? -1 : double(m_rng.bounded(20000)) / 100.0;
            const qint64 later = t + qint64(m_rng.bounded(20));
            switch (m_rng.bounded(17)) {
            case 0: pair(name, id, t, id, later, value); break;
            case 1: pair(name, id, t, u" PURCHASE_%1\""_s.arg(number), later, value); break; // case, space, quote
            case 2: pair(name, id, t, QString::number(number), later, value); break;        // prefix
            case 3: pair(name, u"order-%1-web"_s.arg(number), t, u"%1-srv"_s.arg(number), t + 7200, value); break; // a shared number
            case 4: pair(name, id, t, u"uuid-%1"_s.arg(m_rng.generate64()), later, value); break; // linked by value only
            case 5: // another name
                add(Side::Browser, m_pixel, name, id, t, value);
                add(Side::Server, m_pixel, name.toLower(), id, later, value);
                break;
            case 6: // another pixel
                add(Side::Browser, m_pixel, name, id, t, value);
                add(Side::Server, m_otherPixel, name, id, later, value);
                break;
            case 7: pair(name, id, t, id, t + 50 * 3600, value); break; // outside the window
            case 8: pair(name, QString(), t, id, later, value); break;  // no browser id
            case 9: pair(name, id, t, QString(), later, value); break;  // no server id
            case 10: // event_time in milliseconds
                add(Side::Browser, m_pixel, name, id, t, value);
                add(Side::Server, m_pixel, name, id, later * 1000, value, TimeUnit::Milliseconds);
                break;
            case 11: // sent twice by the browser, the copy within or beyond the window
                pair(name, id, t, id, later, value);
                add(Side::Browser, m_pixel, name, id, t + (m_rng.bounded(2) ? 60 : 60 * 3600), value);
                break;
            case 12: add(Side::Browser, m_pixel, name, id, t, -1); break;                       // browser only
            case 13: add(Side::Server, m_pixel, name, u"lone-%1"_s.arg(number), t, -1); break;  // server only
            case 14: pair(name, id, t, id, t + 2 * 3600, value); break;  // merged, but hours apart
            case 15: // one side only, twice: the later copy comes first in the file
                add(Side::Server, m_pixel, name, id, t + 30, value);
                add(Side::Server, m_pixel, name, id, t, value);
                break;
            default: pair(name, u"  "_s, t, u"x%1"_s.arg(number), later, value); break; // a blank id
            }
        }
        return std::move(m_events);
    }

private:
    void pair(const QString &name, const QString &browserId, qint64 t, const QString &serverId, qint64 serverTime, double value)
    {
        add(Side::Browser, m_pixel, name, browserId, t, value);
        add(Side::Server, m_pixel, name, serverId, serverTime, value);
    }

    void add(Side side, const QString &pixel, const QString &name, const QString &id, qint64 seconds, double value,
             TimeUnit serverUnit = TimeUnit::Seconds)
    {
        CapturedEvent e;
        e.side = side;
        // Interned (shared) or a copy of its own: the matcher must not rely on either.
        const bool copy = m_rng.bounded(3) == 0;
        e.pixelId = copy ? QString(pixel.constData(), pixel.size()) : pixel;
        e.eventName = copy ? QString(name.constData(), name.size()) : name;
        e.eventId = id;
        e.rawTime = side == Side::Browser ? seconds * 1000 : seconds;
        e.timeUnit = side == Side::Browser ? TimeUnit::Milliseconds : serverUnit;
        e.timeMs = toUnixMs(e.rawTime, e.timeUnit);
        if (value >= 0) {
            e.value = value;
            e.hasValue = true;
            e.currency = u"EUR"_s;
        }
        m_events.push_back(std::move(e));
    }

    QRandomGenerator m_rng;
    QString m_pixel;
    QString m_otherPixel;
    qint64 m_base;
    std::vector<CapturedEvent> m_events;
};

// Like the readers' output: every browser event (a browser file), then every server event.
struct Corpus
{
    std::vector<CapturedEvent> events;
    std::vector<std::vector<qint32>> blocks; ///< per block, the index in `events` of its own events, in order
};

Corpus corpus(int blocks, int conversionsPerBlock)
{
    Corpus c;
    std::vector<std::vector<CapturedEvent>> written;
    for (int b = 0; b < blocks; ++b)
        written.push_back(BlockWriter(b, 20260101 + quint64(b)).write(conversionsPerBlock));
    c.blocks.resize(size_t(blocks));
    for (Side side : {Side::Browser, Side::Server}) {
        for (size_t b = 0; b < written.size(); ++b) {
            for (const CapturedEvent &e : written[b]) {
                if (e.side == side) {
                    c.blocks[b].push_back(qint32(c.events.size()));
                    c.events.push_back(e);
                }
            }
        }
    }
    return c;
}

DedupResult matchWith(const std::vector<CapturedEvent> &events, int threads)
{
    Matcher m;
    m.setThreads(threads);
    return m.match(events);
}

void compareVerdicts(const std::vector<EventVerdict> &actual, const std::vector<EventVerdict> &expected)
{
    QCOMPARE(actual.size(), expected.size());
    for (size_t i = 0; i < actual.size(); ++i) {
        const EventVerdict &a = actual[i];
        const EventVerdict &e = expected[i];
        if (a.category != e.category || a.effect != e.effect || a.counterpart != e.counterpart) {
            QFAIL(qPrintable(u"event %1: %2/%3/%4, expected %5/%6/%7"_s.arg(i)
                                 .arg(categoryName(a.category), effectName(a.effect))
                                 .arg(a.counterpart)
                                 .arg(categoryName(e.category), effectName(e.effect))
                                 .arg(e.counterpart)));
        }
    }
}

} // namespace

class TestMatcherParallel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void threadsGiveTheSameVerdicts()
    {
        const Corpus c = corpus(24, 700);
        QVERIFY(c.events.size() > 30000);
        const DedupResult one = matchWith(c.events, 1);
        for (int c2 = 0; c2 < CategoryCount; ++c2)
            QVERIFY2(one.summary.perCategory[c2] > 0, qPrintable(categoryName(Category(c2))));
        for (int threads : {2, 3, 0}) {
            const DedupResult r = matchWith(c.events, threads);
            compareVerdicts(r.verdicts, one.verdicts);
            for (int k = 0; k < CategoryCount; ++k)
                QCOMPARE(r.summary.perCategory[k], one.summary.perCategory[k]);
            QCOMPARE(r.summary.mergedPairs, one.summary.mergedPairs);
            QCOMPARE(r.summary.countedTwice, one.summary.countedTwice);
            QCOMPARE(r.summary.valueCountedTwice, one.summary.valueCountedTwice);
        }
    }

    // The whole corpus (counting sort) against each of its independent blocks matched alone
    // (under 4,096 keys: std::sort).
    void countingSortMatchesComparisonSort()
    {
        const Corpus c = corpus(12, 700);
        const DedupResult whole = matchWith(c.events, 1);
        for (const std::vector<qint32> &indices : c.blocks) {
            std::vector<CapturedEvent> block;
            for (qint32 i : indices)
                block.push_back(c.events[size_t(i)]);
            QVERIFY(block.size() < 4096);
            std::vector<EventVerdict> expected = matchWith(block, 1).verdicts;
            std::vector<EventVerdict> actual;
            for (size_t k = 0; k < indices.size(); ++k) {
                actual.push_back(whole.verdicts[size_t(indices[k])]);
                if (expected[k].counterpart >= 0)
                    expected[k].counterpart = indices[size_t(expected[k].counterpart)];
            }
            compareVerdicts(actual, expected);
        }
    }
};

QTEST_GUILESS_MAIN(TestMatcherParallel)
#include "tst_matcherparallel.moc"
