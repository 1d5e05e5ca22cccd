// capiqa-bench-dedup: the dedup checker on 1,000,000 browser + 1,000,000 server events
// (generated deterministically): ingest rates of the /tr URL list and the CAPI JSON Lines, the
// matching time, the whole run, and peak RSS. See bench/README.md.
#include "benchrng.h"
#include "capture/capturereader.h"
#include "dedup/matcher.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QDir>
#include <QtCore/QElapsedTimer>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QTemporaryDir>

#include <sys/resource.h>

#include <cstdio>
#include <string>

using namespace Qt::StringLiterals;
using namespace capiqa;

namespace {

constexpr std::uint64_t Seed = 20260101;
constexpr qint64 T0 = 1767225600;

long peakRssKb()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss; // KiB on Linux
}

// One conversion seen from both sides; most deduplicate, the rest carry the usual mistakes in
// realistic shares, so every stage of the matcher has work.
void writeCorpus(const QString &browserPath, const QString &serverPath, qint64 conversions)
{
    QFile browser(browserPath);
    QFile server(serverPath);
    if (!browser.open(QIODevice::WriteOnly) || !server.open(QIODevice::WriteOnly)) {
        std::fprintf(stderr, "capiqa-bench-dedup: cannot write the corpus\n");
        std::exit(1);
    }
    static const std::string_view names[] = {"Purchase", "Purchase", "Purchase", "Lead", "AddToCart", "InitiateCheckout", "CompleteRegistration"};
    static const std::string_view currencies[] = {"EUR", "USD", "GBP"};
    bench::Rng rng(Seed);
    std::string b;
    std::string s;
    b.reserve(4 << 20);
    s.reserve(4 << 20);
    char buf[1024];
    for (qint64 i = 0; i < conversions; ++i) {
        const std::string_view name = rng.pick(names);
        const qint64 t = T0 + i * 3 / 10; // 1M conversions over about 3.5 days
        std::string id = "purchase_" + std::to_string(100000 + i);
        std::string serverId = id;
        std::string serverName(name);
        std::string pixel = "1234567890";
        qint64 serverTime = t + qint64(rng.below(20));
        const unsigned kind = unsigned(rng.below(1000));
        if (kind < 40)
            serverId = std::to_string(100000 + i); // id_mismatch by prefix
        else if (kind < 55)
            serverName = "purchase";               // name_mismatch
        else if (kind < 70)
            serverId.clear();                      // missing_event_id
        else if (kind < 80)
            serverTime = serverTime * 1000;        // time_unit_error
        else if (kind < 110)
            serverId = "other_" + std::to_string(i); // unrelated: browser_only + server_only
        else if (kind < 115)
            pixel = "999000111";                   // pixel_mismatch
        const double value = double(rng.below(20000)) / 100.0;
        const std::string_view currency = rng.pick(currencies);
        std::snprintf(buf, sizeof buf,
                      "https://www.facebook.com/tr/?id=1234567890&ev=%.*s&dl=https%%3A%%2F%%2Fshop.example%%2Fcheckout%%2Fthank-you&rl=&if=false"
                      "&ts=%lld&cd[value]=%.2f&cd[currency]=%.*s&sw=1920&sh=1080&v=2.9.179&r=stable&ec=2&o=4126"
                      "&fbp=fb.1.1767225000000.%llu&eid=%s&it=1767224990000&coo=false&rqm=GET\n",
                      int(name.size()), name.data(), static_cast<long long>(t * 1000 + qint64(rng.below(1000))), value,
                      int(currency.size()), currency.data(), static_cast<unsigned long long>(rng.next() % 10000000000ULL), id.c_str());
        b += buf;
        std::snprintf(buf, sizeof buf,
                      "{\"pixel_id\":\"%s\",\"event_name\":\"%s\",%s%s%s\"event_time\":%lld,\"action_source\":\"website\","
                      "\"event_source_url\":\"https://shop.example/checkout/thank-you\",\"user_data\":{\"em\":[\"%016llx%016llx%016llx%016llx\"],"
                      "\"client_ip_address\":\"203.0.113.7\",\"client_user_agent\":\"Mozilla/5.0 (X11; Linux x86_64)\",\"fbp\":\"fb.1.1767225000000.42\"},"
                      "\"custom_data\":{\"value\":%.2f,\"currency\":\"%.*s\"}}\n",
                      pixel.c_str(), serverName.c_str(), serverId.empty() ? "" : "\"event_id\":\"", serverId.c_str(),
                      serverId.empty() ? "" : "\",", static_cast<long long>(serverTime), static_cast<unsigned long long>(rng.next()),
                      static_cast<unsigned long long>(rng.next()), static_cast<unsigned long long>(rng.next()),
                      static_cast<unsigned long long>(rng.next()), value, int(currency.size()), currency.data());
        s += buf;
        if (b.size() > (2 << 20)) {
            browser.write(b.data(), qint64(b.size()));
            b.clear();
        }
        if (s.size() > (2 << 20)) {
            server.write(s.data(), qint64(s.size()));
            s.clear();
        }
    }
    browser.write(b.data(), qint64(b.size()));
    server.write(s.data(), qint64(s.size()));
}

// CPU seconds of this process (user + system): on a shared machine the wall time also counts
// the time other processes held the cores.
double cpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

double mib(qint64 bytes)
{
    return double(bytes) / (1024.0 * 1024.0);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    qint64 conversions = 1'000'000;
    QString dirArg;
    bool reuse = false;
    bool ingestRates = true;
    capture::ReadOptions readOptions;
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i < args.size(); ++i) {
        if (args.at(i) == u"--events"_s && i + 1 < args.size())
            conversions = args.at(++i).toLongLong();
        else if (args.at(i) == u"--dir"_s && i + 1 < args.size())
            dirArg = args.at(++i);
        else if (args.at(i) == u"--reuse"_s)
            reuse = true;
        else if (args.at(i) == u"--no-ingest"_s)
            ingestRates = false;
        else if (args.at(i) == u"--general-parsers"_s)
            readOptions.leanReaders = false;
        else {
            std::fprintf(stderr, "usage: capiqa-bench-dedup [--events N per side (default 1000000)] [--dir DIR (keep the corpus)] "
                                 "[--general-parsers (no lean readers, for comparison)] [--reuse (the corpus already in --dir)] "
                                 "[--no-ingest (skip the per-format rates; for profiling)]\n");
            return 2;
        }
    }
    QTemporaryDir temp;
    const QString dir = dirArg.isEmpty() ? temp.path() : dirArg;
    QDir().mkpath(dir);
    const QString browserPath = dir + u"/browser-urls.txt"_s;
    const QString serverPath = dir + u"/server-events.jsonl"_s;
    if (!reuse || !QFileInfo::exists(browserPath) || !QFileInfo::exists(serverPath)) {
        std::fprintf(stderr, "capiqa-bench-dedup: writing %lld + %lld events to %s\n", static_cast<long long>(conversions),
                     static_cast<long long>(conversions), qPrintable(dir));
        writeCorpus(browserPath, serverPath, conversions);
    }
    const qint64 browserBytes = QFileInfo(browserPath).size();
    const qint64 serverBytes = QFileInfo(serverPath).size();
    std::printf("capiqa-dedup corpus browser_events=%lld browser_mib=%.1f server_events=%lld server_mib=%.1f seed=%llu\n",
                static_cast<long long>(conversions), mib(browserBytes), static_cast<long long>(conversions), mib(serverBytes),
                static_cast<unsigned long long>(Seed));
    std::fflush(stdout);

    QElapsedTimer total;
    total.start();
    const double cpuStart = cpuSeconds();
    capture::CaptureSet set; // no reserve: the reader sizes it (as for DedupJob)
    capture::CaptureReader reader(readOptions);
    reader.addFile(browserPath, capture::Side::Browser);
    reader.addFile(serverPath, capture::Side::Server);
    QElapsedTimer timer;
    timer.start();
    reader.read(set);
    const double readSeconds = double(timer.nsecsElapsed()) / 1e9;
    const double readCpu = cpuSeconds() - cpuStart;
    // The two files were read in parallel; time each side on its own for the rates.
    const auto ingest = [&](const QString &path, capture::Side side, const char *format, qint64 bytes) {
        capture::CaptureReader one(readOptions);
        one.addFile(path, side);
        capture::CaptureSet s;
        QElapsedTimer t;
        t.start();
        const double c0 = cpuSeconds();
        one.read(s);
        const double sec = double(t.nsecsElapsed()) / 1e9;
        const double cpu = cpuSeconds() - c0;
        std::printf("capiqa-dedup ingest format=%s events=%zu seconds=%.3f cpu_seconds=%.3f events_per_s=%.0f events_per_cpu_s=%.0f "
                    "mib_per_s=%.1f issues=%lld\n",
                    format, s.events.size(), sec, cpu, double(s.events.size()) / sec, double(s.events.size()) / cpu, mib(bytes) / sec,
                    static_cast<long long>(s.issueCount()));
    };
    timer.restart();
    const double matchCpuStart = cpuSeconds();
    const dedup::DedupResult result = dedup::Matcher().match(set.events);
    const double matchSeconds = double(timer.nsecsElapsed()) / 1e9;
    const double matchCpu = cpuSeconds() - matchCpuStart;
    const double totalSeconds = double(total.nsecsElapsed()) / 1e9;
    const double totalCpu = cpuSeconds() - cpuStart;
    const long rss = peakRssKb();

    const dedup::DedupSummary &s = result.summary;
    std::printf("capiqa-dedup read events=%zu seconds=%.3f cpu_seconds=%.3f issues=%lld\n", set.events.size(), readSeconds, readCpu,
                static_cast<long long>(set.issueCount()));
    std::printf("capiqa-dedup match events=%zu seconds=%.3f cpu_seconds=%.3f events_per_s=%.0f\n", set.events.size(), matchSeconds,
                matchCpu, double(set.events.size()) / matchSeconds);
    std::printf("capiqa-dedup total seconds=%.3f cpu_seconds=%.3f peak_rss_kb=%ld\n", totalSeconds, totalCpu, rss);
    std::printf("capiqa-dedup result pairs=%lld merged=%lld dedup_rate=%.4f counted_twice=%lld lost=%lld", static_cast<long long>(s.pairs),
                static_cast<long long>(s.mergedPairs), s.dedupRate, static_cast<long long>(s.countedTwice), static_cast<long long>(s.lost));
    for (int c = 0; c < dedup::CategoryCount; ++c)
        std::printf(" %s=%lld", qPrintable(dedup::categoryName(dedup::Category(c))), static_cast<long long>(s.perCategory[c]));
    // A digest of every verdict (category, effect, counterpart): equal digests mean the same
    // verdicts, so a faster matcher or reader can be checked against an older build.
    std::uint64_t digest = 1469598103934665603ULL;
    for (const dedup::EventVerdict &v : result.verdicts) {
        for (const std::uint64_t x : {std::uint64_t(v.category), std::uint64_t(v.effect), std::uint64_t(std::uint32_t(v.counterpart))})
            digest = (digest ^ x) * 1099511628211ULL;
    }
    std::uint64_t eventsDigest = 1469598103934665603ULL;
    for (const capture::CapturedEvent &e : set.events) {
        for (const std::uint64_t x : {std::uint64_t(qHashMulti(0, e.pixelId, e.eventName, e.eventId, e.currency)), std::uint64_t(e.rawTime),
                                      std::uint64_t(e.timeMs), std::uint64_t(e.line), std::uint64_t(e.offset), std::uint64_t(e.length),
                                      std::uint64_t(e.file), std::uint64_t(e.side), std::uint64_t(e.timeUnit), std::uint64_t(e.hasValue),
                                      std::uint64_t(qRound64(e.value * 100))})
            eventsDigest = (eventsDigest ^ x) * 1099511628211ULL;
    }
    std::printf(" verdict_digest=%016llx events_digest=%016llx\n", static_cast<unsigned long long>(digest),
                static_cast<unsigned long long>(eventsDigest));
    std::fflush(stdout);
    if (ingestRates) {
        ingest(serverPath, capture::Side::Server, "capi-jsonl", serverBytes);
        ingest(browserPath, capture::Side::Browser, "tr-url-list", browserBytes);
    }
    return 0;
}
