// capiqa-bench-logpane: how fast a LogPane (widgets shown, offscreen) takes in log entries and
// how long the GUI thread ever stalls while it does.
//
// A producer thread posts realistic entries (request/answer pairs with a token to redact, 1 KB
// request bodies, a few 503s) onto a LogBus, paced at --rate entries/s or flat out. The GUI
// thread runs the pane as the application does (LogModel batches → LogFilterModel →
// LogDisplayModel → QTableView following the tail, painted by the offscreen platform) plus a
// 5 ms precise timer; the worst gap between two ticks is the worst stall a user would feel.
// The ingest rate counts entries until the last one has reached the model.
//
// Output: one machine-readable line per run on stdout ("capiqa-logpane <mode> key=value ...");
// progress goes to stderr. See bench/README.md.
#include "log/logbus.h"
#include "log/logmodel.h"
#include "widgets/logpane.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QElapsedTimer>
#include <QtCore/QThread>
#include <QtCore/QTimer>
#include <QtWidgets/QApplication>

#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

using namespace capiqa;
using namespace Qt::StringLiterals;

namespace {

constexpr int TickMs = 5;

log::LogEntry makeEntry(quint64 n)
{
    // Pairs: even n is a request, odd n its answer; every 50th answer a 503.
    const quint64 send = n / 2 + 1;
    log::LogEntry e;
    e.sendId = send;
    e.attempt = 1;
    e.profile = send % 4 == 0 ? u"Shop (test)"_s : u"Local emulator"_s;
    e.method = u"POST"_s;
    e.url = u"http://127.0.0.1:8765/v21.0/1234567890/events?access_token=EAAB-bench-token-0123456789"_s;
    e.eventCount = 3;
    if (n % 2 == 0) {
        e.direction = log::Direction::Outgoing;
        e.message = u"POST 3 event(s)"_s;
        e.requestHeaders = {{u"Content-Type"_s, u"application/json"_s}, {u"User-Agent"_s, u"capiqa/bench"_s}};
        QString body = u"{\"data\":["_s;
        for (int i = 0; i < 3; ++i) {
            body += (i ? u","_s : QString()) + u"{\"event_name\":\"Purchase\",\"event_time\":1767225600,\"event_id\":\"order-"_s
                + QString::number(send) + u'-' + QString::number(i)
                + u"\",\"action_source\":\"website\",\"user_data\":{\"em\":[\"855f96e983f1f8e8be944692b6f719fd54329826cb62e98015efee8e2e071dd4\"],"
                  u"\"client_ip_address\":\"203.0.113.7\"},\"custom_data\":{\"value\":42.5,\"currency\":\"USD\"}}"_s;
        }
        e.requestBody = body + u"],\"test_event_code\":\"TEST_CAPIQA\"}"_s;
    } else {
        const bool failed = send % 50 == 0;
        e.direction = log::Direction::Incoming;
        e.httpStatus = failed ? 503 : 200;
        e.level = failed ? log::Level::Warning : log::Level::Info;
        e.durationMs = qint64(8 + send % 40);
        e.fbtraceId = u"AX"_s + QString::number(send * 7919, 36).toUpper();
        e.error = failed ? u"(#2) Service temporarily unavailable"_s : QString();
        e.message = failed ? u"HTTP 503: retrying"_s : u"HTTP 200: 3 event(s) received"_s;
        e.responseHeaders = {{u"Content-Type"_s, u"application/json"_s}};
        e.responseBody = u"{\"events_received\":3,\"messages\":[],\"fbtrace_id\":\""_s + e.fbtraceId + u"\"}"_s;
    }
    return e;
}

struct RunResult {
    double seconds = 0;
    double entriesPerSecond = 0;
    double worstStallMs = 0;
    double p99GapMs = 0;
    qsizetype shown = 0;
    quint64 dropped = 0;
    double producerSeconds = 0;
    double guiCpuSeconds = 0;   ///< CPU time of the GUI thread during the run
    double worstInsertMs = 0;   ///< longest batch insertion (model, proxies, view bookkeeping)
    /// Most CPU time the GUI thread spent between two ticks: the part of a stall that is the
    /// pane's own work, whatever else the machine runs.
    double worstBusyMs = 0;
};

double threadCpuSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

/// Posts `count` entries at `rate` per second (0 = flat out) from its own thread.
RunResult run(qsizetype count, int rate, qsizetype templates)
{
    log::LogBus bus;
    gui::LogPane pane(&bus, u"bench"_s);
    pane.resize(1280, 720);
    pane.show();
    QCoreApplication::processEvents();

    // The entries are built before the clock starts: the bench measures the pane, not this file.
    std::vector<log::LogEntry> pool;
    pool.reserve(std::size_t(templates));
    for (qsizetype i = 0; i < templates; ++i)
        pool.push_back(makeEntry(quint64(i)));

    std::vector<qint64> gaps;
    gaps.reserve(std::size_t(count / 100 + 1000));
    QElapsedTimer clock;
    qint64 lastTick = 0;
    QTimer ticker;
    ticker.setTimerType(Qt::PreciseTimer);
    ticker.setInterval(TickMs);
    std::atomic<bool> producerDone = false;
    double producerSeconds = 0;
    qint64 endNs = 0;
    QEventLoop loop;
    // Connected after the pane's proxies and view, so the span covers all their handlers.
    qint64 insertStart = 0;
    qint64 worstInsert = 0;
    QObject::connect(pane.model(), &QAbstractItemModel::rowsAboutToBeInserted, &loop,
                     [&] { insertStart = clock.nsecsElapsed(); });
    QObject::connect(pane.model(), &QAbstractItemModel::rowsInserted, &loop,
                     [&] { worstInsert = std::max(worstInsert, clock.nsecsElapsed() - insertStart); });
    double lastCpu = 0;
    double worstBusy = 0;
    QObject::connect(&ticker, &QTimer::timeout, &loop, [&] {
        const qint64 now = clock.nsecsElapsed();
        gaps.push_back(now - lastTick);
        lastTick = now;
        const double cpu = threadCpuSeconds();
        worstBusy = std::max(worstBusy, cpu - lastCpu);
        lastCpu = cpu;
        const log::LogModel *model = pane.model();
        if (producerDone && model->pendingCount() == 0
            && qsizetype(model->rowCount()) + qsizetype(model->droppedCount()) >= count) {
            endNs = now;
            loop.quit();
        }
    });

    const double cpuStart = threadCpuSeconds();
    lastCpu = cpuStart;
    clock.start();
    ticker.start();
    std::thread producer([&] {
        const auto start = std::chrono::steady_clock::now();
        for (qsizetype i = 0; i < count; ++i) {
            if (rate > 0 && i % 10 == 0) {
                const auto due = start + std::chrono::nanoseconds(qint64(double(i) * 1e9 / rate));
                std::this_thread::sleep_until(due);
            }
            bus.post(pool[std::size_t(i % templates)]);
        }
        producerSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        producerDone = true;
    });
    loop.exec();
    const double cpuEnd = threadCpuSeconds();
    producer.join();
    ticker.stop();

    RunResult r;
    r.seconds = double(endNs) / 1e9;
    r.entriesPerSecond = double(count) / r.seconds;
    std::sort(gaps.begin(), gaps.end());
    r.worstStallMs = gaps.empty() ? 0 : double(gaps.back()) / 1e6;
    r.p99GapMs = gaps.empty() ? 0 : double(gaps[std::size_t(double(gaps.size() - 1) * 0.99)]) / 1e6;
    r.shown = pane.model()->rowCount();
    r.dropped = pane.model()->droppedCount();
    r.producerSeconds = producerSeconds;
    r.guiCpuSeconds = cpuEnd - cpuStart;
    r.worstInsertMs = double(worstInsert) / 1e6;
    r.worstBusyMs = worstBusy * 1e3;
    return r;
}

long peakRssKb()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

} // namespace

int main(int argc, char **argv)
{
    // A benchmark of the widgets, not of a display server.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"LogPane ingest rate and worst GUI stall (see bench/README.md)"_s);
    parser.addHelpOption();
    const QCommandLineOption entriesOption(u"entries"_s, u"entries per run (default 120000)"_s, u"N"_s, u"120000"_s);
    const QCommandLineOption rateOption(u"rate"_s, u"entries/s of the paced run (default 10000)"_s, u"R"_s, u"10000"_s);
    const QCommandLineOption modesOption(u"modes"_s, u"paced,flat (default both)"_s, u"LIST"_s, u"paced,flat"_s);
    parser.addOptions({entriesOption, rateOption, modesOption});
    parser.process(app);
    const qsizetype entries = std::max<qsizetype>(1000, parser.value(entriesOption).toLongLong());
    const int rate = std::max(1, parser.value(rateOption).toInt());
    const QStringList modes = parser.value(modesOption).split(u',', Qt::SkipEmptyParts);

    std::printf("capiqa-logpane config entries=%lld rate=%d tick_ms=%d model_capacity=%lld hardware_threads=%u\n",
                static_cast<long long>(entries), rate, TickMs, static_cast<long long>(log::LogModel::DefaultCapacity),
                std::thread::hardware_concurrency());
    for (const QString &mode : modes) {
        const bool paced = mode == "paced"_L1;
        if (!paced && mode != "flat"_L1) {
            std::fprintf(stderr, "capiqa-bench-logpane: unknown mode '%s' (paced, flat)\n", qPrintable(mode));
            return 2;
        }
        std::fprintf(stderr, "capiqa-bench-logpane: %s, %lld entries%s\n", qPrintable(mode),
                     static_cast<long long>(entries), paced ? qPrintable(u" at "_s + QString::number(rate) + u"/s"_s) : "");
        const RunResult r = run(entries, paced ? rate : 0, 4096);
        std::printf("capiqa-logpane %s entries_per_s=%.0f worst_stall_ms=%.1f p99_tick_gap_ms=%.1f seconds=%.2f "
                    "producer_seconds=%.2f gui_cpu_pct=%.0f worst_busy_ms=%.1f worst_insert_ms=%.1f shown=%lld dropped=%llu\n",
                    qPrintable(mode), r.entriesPerSecond, r.worstStallMs, r.p99GapMs, r.seconds, r.producerSeconds,
                    100.0 * r.guiCpuSeconds / r.seconds, r.worstBusyMs, r.worstInsertMs, static_cast<long long>(r.shown), static_cast<unsigned long long>(r.dropped));
        std::fflush(stdout);
    }
    std::printf("capiqa-logpane rss peak_rss_kb=%ld\n", peakRssKb());
    return 0;
}
