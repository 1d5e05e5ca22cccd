// capiqa-bench-replaygui: how long the GUI thread stalls during a replay, with the engine on the
// GUI thread (as the CLI runs it) and on a ReplayWorker thread (as the Replay page runs it).
//
// The emulator runs on a thread of its own, so only the replay's own work lands on the thread
// measured. That thread runs a 5 ms precise timer; the worst and the 99th-percentile gap between
// two ticks are the stalls a user would feel. Batches of 1,000 events (the worst case: each
// batch is expanded, hashed and serialised in one go).
//
// Output: one line per mode on stdout ("capiqa-replaygui <mode> key=value ..."). See bench/README.md.
#include "emulator/graphemulator.h"
#include "log/logbus.h"
#include "replay/funnel.h"
#include "replay/replayengine.h"
#include "replay/replayworker.h"
#include "replay/runstore.h"
#include "transport/capiclient.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QElapsedTimer>
#include <QtCore/QEventLoop>
#include <QtCore/QTemporaryDir>
#include <QtCore/QThread>
#include <QtCore/QTimer>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

using namespace capiqa;
using namespace capiqa::replay;
using namespace Qt::StringLiterals;

namespace {

const QString Token = u"bench-replaygui-token"_s;

QByteArray funnelBytes()
{
    return QByteArrayLiteral(
        "{\"format\":\"capiqa-funnel\",\"version\":1,\"steps\":["
        "{\"event\":{\"event_name\":\"ViewContent\",\"event_time\":\"now\",\"action_source\":\"website\","
        "\"event_source_url\":\"https://shop.example.com/p\",\"event_id\":\"vc_{{seq}}\","
        "\"user_data\":{\"em\":\"User{{user}}@Example.com\",\"ph\":\"+1 (650) 555-{{user}}\",\"fn\":\"Jöhn\",\"ln\":\"Smith\","
        "\"client_user_agent\":\"Mozilla/5.0\",\"client_ip_address\":\"203.0.113.7\"}}},"
        "{\"event\":{\"event_name\":\"Purchase\",\"event_time\":\"now\",\"action_source\":\"website\","
        "\"event_source_url\":\"https://shop.example.com/done\",\"event_id\":\"p_{{order_id}}\","
        "\"user_data\":{\"em\":\"User{{user}}@Example.com\",\"ph\":\"+1 (650) 555-{{user}}\",\"fn\":\"Jöhn\",\"ln\":\"Smith\","
        "\"client_user_agent\":\"Mozilla/5.0\",\"client_ip_address\":\"203.0.113.7\"},"
        "\"custom_data\":{\"value\":42.5,\"currency\":\"USD\",\"order_id\":\"{{order_id}}\"}}}]}");
}

struct Stalls
{
    std::vector<qint64> gapsUs;
    qint64 worst() const { return gapsUs.empty() ? 0 : *std::max_element(gapsUs.begin(), gapsUs.end()); }
    qint64 percentile(double p)
    {
        if (gapsUs.empty())
            return 0;
        std::sort(gapsUs.begin(), gapsUs.end());
        return gapsUs.at(size_t(p * double(gapsUs.size() - 1)));
    }
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({u"users"_s, u"Users (2 events each; default 10000)."_s, u"n"_s, u"10000"_s});
    parser.addOption({u"batch-size"_s, u"Events per request (default 1000)."_s, u"n"_s, u"1000"_s});
    parser.process(app);
    const qint64 users = parser.value(u"users"_s).toLongLong();
    const int batch = parser.value(u"batch-size"_s).toInt();

    // The emulator on its own thread: its parsing and validating is not the replay's stall.
    QThread emulatorThread;
    emulatorThread.start();
    std::unique_ptr<emulator::GraphEmulator> emu;
    QUrl baseUrl;
    auto *host = new QObject;
    host->moveToThread(&emulatorThread);
    QMetaObject::invokeMethod(host, [&] {
        emu = std::make_unique<emulator::GraphEmulator>();
        emu->setAcceptedTokens({Token});
        if (emu->listen(QHostAddress::LocalHost, 0))
            baseUrl = emu->baseUrl();
    }, Qt::BlockingQueuedConnection);
    if (!baseUrl.isValid()) {
        std::fprintf(stderr, "the emulator could not listen\n");
        return 1;
    }

    QTemporaryDir dir;
    const FunnelLoad load = parseFunnel(funnelBytes(), u"bench.json"_s, dir.path());
    if (!load.ok()) {
        std::fprintf(stderr, "%s\n", qPrintable(load.errors.join(u'\n')));
        return 1;
    }
    ReplayJob job;
    job.funnel = *load.funnel;
    job.options.users = users;
    job.options.batchSize = batch;
    job.options.concurrency = 4;
    job.send.baseUrl = baseUrl;
    job.send.pixelId = u"1234567890"_s;
    job.send.accessToken = Token;
    job.send.testEventCode = u"TEST_BENCH"_s;
    job.send.timeoutMs = 60'000;

    for (const QString &mode : {u"engine-on-gui-thread"_s, u"replay-worker"_s}) {
        Stalls stalls;
        QElapsedTimer tick;
        QTimer timer;
        timer.setTimerType(Qt::PreciseTimer);
        timer.setInterval(5);
        QObject::connect(&timer, &QTimer::timeout, &app, [&] {
            stalls.gapsUs.push_back(tick.nsecsElapsed() / 1000);
            tick.restart();
        });
        QEventLoop loop;
        ReplaySummary summary;
        QElapsedTimer wall;
        RunStore store;
        transport::CapiClient client;
        ReplayEngine engine(&client, &store);
        ReplayWorker worker(dir.filePath(u"worker.sqlite"_s));
        const auto done = [&](const ReplaySummary &s) {
            summary = s;
            loop.quit();
        };
        wall.start();
        tick.start();
        timer.start();
        if (mode == u"replay-worker"_s) {
            QObject::connect(&worker, &ReplayWorker::finished, &app, done);
            worker.start(job);
        } else {
            QObject::connect(&engine, &ReplayEngine::finished, &app, done);
            QString error;
            if (!store.open(dir.filePath(u"gui.sqlite"_s)) || !engine.start(job, &error)) {
                std::fprintf(stderr, "%s %s\n", qPrintable(store.errorString()), qPrintable(error));
                return 1;
            }
        }
        loop.exec();
        timer.stop();
        const double seconds = double(wall.elapsed()) / 1000.0;
        std::printf("capiqa-replaygui %s events=%lld accepted=%lld seconds=%.2f events_per_s=%.0f worst_stall_ms=%.1f p99_stall_ms=%.1f ticks=%zu\n",
                    qPrintable(mode), qint64(summary.counts.sent), qint64(summary.counts.accepted), seconds,
                    double(summary.counts.sent) / seconds, double(stalls.worst()) / 1000.0, double(stalls.percentile(0.99)) / 1000.0,
                    stalls.gapsUs.size());
        std::fflush(stdout);
    }
    QMetaObject::invokeMethod(host, [&] { emu.reset(); }, Qt::BlockingQueuedConnection);
    emulatorThread.quit();
    emulatorThread.wait();
    delete host;
    return 0;
}
