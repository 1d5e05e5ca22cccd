// The emulator's fault spec: parsing (good and bad specs, round trips) and the seeded
// injector (same seed → same sequence, rates roughly honoured, bands in a fixed order).
#include "emulator/faultspec.h"

#include <QtTest/QTest>

using namespace capiqa::emulator;
using namespace Qt::StringLiterals;

class TestFaultSpec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesTheFullSpec()
    {
        QString error;
        const auto spec = FaultSpec::parse(
            u"500=0.05,503=0.05,429=0.05:retry-after=1,transient=0.05,slow=0.02:3000,drop=0.02,seed=42", &error);
        QVERIFY2(spec, qPrintable(error));
        QCOMPARE(spec->http500, 0.05);
        QCOMPARE(spec->http503, 0.05);
        QCOMPARE(spec->http429, 0.05);
        QCOMPARE(spec->retryAfterSeconds, 1);
        QCOMPARE(spec->transient, 0.05);
        QCOMPARE(spec->slow, 0.02);
        QCOMPARE(spec->slowDelayMs, 3000);
        QCOMPARE(spec->drop, 0.02);
        QCOMPARE(spec->seed, 42u);
        QVERIFY(!spec->isEmpty());
    }

    void acceptsVariants_data()
    {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<QString>("canonical");
        QTest::newRow("empty") << u""_s << u""_s;
        QTest::newRow("none") << u" None "_s << u""_s;
        QTest::newRow("seed only") << u"seed=9"_s << u"seed=9"_s;
        QTest::newRow("spaces and order") << u" drop = 0.5 , 500=0.25 "_s << u"500=0.25,drop=0.5,seed=0"_s;
        QTest::newRow("trailing comma") << u"503=1,"_s << u"503=1,seed=0"_s;
        QTest::newRow("slow delay=") << u"slow=0.1:delay=2500"_s << u"slow=0.1:2500,seed=0"_s;
        QTest::newRow("429 bare number") << u"429=0.1:5"_s << u"429=0.1:retry-after=5,seed=0"_s;
        QTest::newRow("upper case key") << u"TRANSIENT=0.2,Seed=3"_s << u"transient=0.2,seed=3"_s;
        QTest::newRow("rates add to 1") << u"500=0.1,503=0.2,429=0.3,transient=0.4"_s
                                        << u"500=0.1,503=0.2,429=0.3:retry-after=1,transient=0.4,seed=0"_s;
    }

    void acceptsVariants()
    {
        QFETCH(QString, spec);
        QFETCH(QString, canonical);
        QString error;
        const auto parsed = FaultSpec::parse(spec, &error);
        QVERIFY2(parsed, qPrintable(error));
        QCOMPARE(parsed->toString(), canonical);
        // The canonical form parses back to the same spec.
        const auto again = FaultSpec::parse(parsed->toString(), &error);
        QVERIFY2(again, qPrintable(error));
        QVERIFY(*again == *parsed);
    }

    void rejectsBadSpecs_data()
    {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<QString>("mentions"); // a word the error must contain
        QTest::newRow("unknown key") << u"501=0.1"_s << u"unknown fault"_s;
        QTest::newRow("no value") << u"500"_s << u"key=value"_s;
        QTest::newRow("rate above 1") << u"500=1.5"_s << u"from 0 to 1"_s;
        QTest::newRow("negative rate") << u"drop=-0.1"_s << u"from 0 to 1"_s;
        QTest::newRow("not a number") << u"slow=lots"_s << u"from 0 to 1"_s;
        QTest::newRow("sum above 1") << u"500=0.6,503=0.6"_s << u"add up"_s;
        QTest::newRow("twice") << u"500=0.1,500=0.2"_s << u"twice"_s;
        QTest::newRow("bad seed") << u"seed=-1"_s << u"seed"_s;
        QTest::newRow("seed too big") << u"seed=4294967296"_s << u"seed"_s;
        QTest::newRow("unknown option") << u"429=0.1:wait=3"_s << u"unknown option"_s;
        QTest::newRow("bad delay") << u"slow=0.1:0"_s << u"delay"_s;
        QTest::newRow("option on drop") << u"drop=0.1:5"_s << u"no options"_s;
        QTest::newRow("two options") << u"slow=0.1:100:200"_s << u"one option"_s;
    }

    void rejectsBadSpecs()
    {
        QFETCH(QString, spec);
        QFETCH(QString, mentions);
        QString error;
        QVERIFY(!FaultSpec::parse(spec, &error));
        QVERIFY2(error.contains(mentions), qPrintable(error));
        QVERIFY(!FaultSpec::parse(spec)); // no error pointer: still just fails
    }

    void sameSeedSameSequence()
    {
        const FaultSpec spec = *FaultSpec::parse(u"500=0.1,503=0.1,429=0.1,transient=0.1,slow=0.1,drop=0.1,seed=42");
        FaultInjector a(spec);
        FaultInjector b(spec);
        QList<Fault> first;
        for (int i = 0; i < 500; ++i) {
            first.append(a.next());
            QCOMPARE(b.next(), first.constLast());
        }
        a.reset(spec); // a reset restarts the sequence
        for (int i = 0; i < 500; ++i)
            QCOMPARE(a.next(), first.at(i));

        FaultSpec other = spec;
        other.seed = 43;
        FaultInjector c(other);
        int differences = 0;
        for (int i = 0; i < 500; ++i)
            differences += c.next() != first.at(i) ? 1 : 0;
        QVERIFY(differences > 100);
    }

    void sequenceIsFixedAcrossPlatforms()
    {
        // std::mt19937 is fully specified: its 10,000th output for the default seed 5489 is
        // the standard's own check value. The mapping to [0,1) is ours; this pins it.
        std::mt19937 rng;
        rng.discard(9999);
        QCOMPARE(rng(), 4123659995u);

        FaultInjector injector(*FaultSpec::parse(u"500=0.5,seed=1"));
        QString pattern;
        for (int i = 0; i < 16; ++i)
            pattern += injector.next() == Fault::Http500 ? u'x' : u'.';
        // mt19937(1) starts 1791095845 (0.417), 4282876139 (0.997), 3093770124, 4005303368, 491263, …
        QCOMPARE(pattern, u"x...xxx.xxxxxxx."_s);
    }

    void ratesAreHonoured()
    {
        FaultInjector injector(*FaultSpec::parse(u"500=0.2,drop=0.1,slow=0.05,seed=7"));
        constexpr int N = 20'000;
        int http500 = 0, drop = 0, slow = 0, none = 0, other = 0;
        for (int i = 0; i < N; ++i) {
            switch (injector.next()) {
            case Fault::Http500: ++http500; break;
            case Fault::Drop: ++drop; break;
            case Fault::Slow: ++slow; break;
            case Fault::None: ++none; break;
            default: ++other; break;
            }
        }
        QCOMPARE(other, 0);
        QVERIFY(qAbs(http500 - N * 0.2) < N * 0.02);
        QVERIFY(qAbs(drop - N * 0.1) < N * 0.02);
        QVERIFY(qAbs(slow - N * 0.05) < N * 0.02);
        QVERIFY(qAbs(none - N * 0.65) < N * 0.02);
    }

    void emptySpecNeverFaults()
    {
        FaultInjector injector;
        for (int i = 0; i < 1000; ++i)
            QCOMPARE(injector.next(), Fault::None);
        FaultInjector all(*FaultSpec::parse(u"429=1"));
        for (int i = 0; i < 100; ++i)
            QCOMPARE(all.next(), Fault::Http429);
    }

    void faultNames()
    {
        QCOMPARE(faultName(Fault::None), u"none"_s);
        QCOMPARE(faultName(Fault::Http503), u"503"_s);
        QCOMPARE(faultName(Fault::Transient), u"transient"_s);
        QCOMPARE(faultName(Fault::Drop), u"drop"_s);
    }
};

QTEST_GUILESS_MAIN(TestFaultSpec)
#include "tst_faultspec.moc"
