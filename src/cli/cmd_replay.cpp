// capiqa-cli replay: a funnel file replayed for N synthetic users through the replay engine,
// with the run history (resume after a crash or Ctrl+C) and a JSON report.
#include "buildinput.h"
#include "clioutput.h"
#include "commands.h"
#include "connection.h"
#include "log/logbus.h"
#include "replay/funnel.h"
#include "replay/funnelrecorder.h"
#include "replay/replayengine.h"
#include "replay/runstore.h"
#include "transport/capiclient.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QDateTime>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QMap>
#include <QtCore/QSaveFile>
#include <QtCore/QTimer>

#include <atomic>
#include <csignal>
#include <memory>
#include <cstdio>
#include <sys/resource.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace capiqa::replay;

namespace capiqa::cli {

namespace {

const QString Cmd = u"replay"_s;

std::atomic<bool> g_interrupted{false};

extern "C" void onInterrupt(int)
{
    g_interrupted = true;
}

struct ReplaySetup : ConnectionSetup {
    ReplayOptions replay;
    QString funnelPath;
    QString identities;
    QJsonObject variables;
    QString reportPath;
    qint64 resumeRunId = 0;
    bool resendUnknown = false;
    bool verbose = false;
};

std::optional<double> number(const QCommandLineParser &p, const QString &name, double min, double max)
{
    bool ok = false;
    const double v = p.value(name).toDouble(&ok);
    if (!ok || !(v >= min && v <= max))
        return std::nullopt;
    return v;
}

// Replay flags; a resumed run's stored values are the defaults of the ones not given.
QString applyReplayFlags(const QCommandLineParser &p, ReplaySetup &s, const QJsonObject &stored)
{
    s.replay = ReplayOptions::fromJson(stored.value("replay"_L1).toObject());
    const struct {
        QString flag;
        double min;
        double max;
        std::function<void(double)> set;
        QString example;
    } numeric[] = {
        {u"users"_s, 1, 100'000'000, [&](double v) { s.replay.users = qint64(v); }, u"--users 1000"_s},
        {u"rate"_s, 0, 1e7, [&](double v) { s.replay.rate = v; }, u"--rate 200 (events per second; 0: no limit)"_s},
        {u"spacing"_s, 0, 1e6, [&](double v) { s.replay.spacingFactor = v; }, u"--spacing 0.1 (a tenth of the recorded gaps)"_s},
        {u"concurrency"_s, 1, 64, [&](double v) { s.replay.concurrency = int(v); }, u"--concurrency 4"_s},
        {u"batch-size"_s, 1, 1000, [&](double v) { s.replay.batchSize = int(v); }, u"--batch-size 500 (at most 1,000)"_s},
    };
    for (const auto &n : numeric) {
        if (!p.isSet(n.flag))
            continue;
        const auto v = number(p, n.flag, n.min, n.max);
        if (!v || ((n.flag == u"users"_s || n.flag == u"concurrency"_s || n.flag == u"batch-size"_s) && *v != std::trunc(*v)))
            return u"--%1 %2: expected e.g. %3"_s.arg(n.flag, p.value(n.flag), n.example);
        n.set(*v);
    }
    if (p.isSet(u"new-ids"_s))
        s.replay.regenerateIds = true;
    if (p.isSet(u"keep-event-time"_s))
        s.replay.rewriteEventTime = false;
    if (p.isSet(u"seed"_s)) {
        bool ok = false;
        s.replay.seed = p.value(u"seed"_s).toULongLong(&ok);
        if (!ok || s.replay.seed == 0)
            return u"--seed takes a whole number > 0"_s;
    }
    s.identities = p.isSet(u"identities"_s) ? p.value(u"identities"_s) : stored.value("identities"_L1).toString();
    s.variables = stored.value("variables"_L1).toObject();
    QMap<QString, QString> vars;
    QString error;
    if (!parseVariables(p.values(u"var"_s), vars, &error))
        return error;
    for (auto it = vars.cbegin(); it != vars.cend(); ++it)
        s.variables.insert(it.key(), it.value());
    s.reportPath = p.value(u"report"_s);
    s.resendUnknown = p.isSet(u"resend-unknown"_s);
    s.verbose = p.isSet(u"verbose"_s);
    return s.replay.problem();
}

// A resumed run goes where it went before, unless a flag says otherwise.
QString restoreConnection(const QCommandLineParser &p, ReplaySetup &s, const QJsonObject &stored)
{
    const QJsonObject c = stored.value("connection"_L1).toObject();
    if (c.isEmpty())
        return {};
    if (!p.isSet(u"base-url"_s))
        s.options.baseUrl = QUrl(c.value("base_url"_L1).toString());
    if (!p.isSet(u"api-version"_s))
        s.options.apiVersion = c.value("api_version"_L1).toString();
    const QString pixel = c.value("pixel_id"_L1).toString();
    if (p.isSet(u"pixel"_s) && s.options.pixelId != pixel)
        return u"run %1 sent to pixel %2; a resumed run must go to the same pixel (Meta deduplicates per pixel)"_s.arg(s.resumeRunId).arg(pixel);
    s.options.pixelId = pixel;
    if (!p.isSet(u"test-code"_s) && !p.isSet(u"production"_s)) {
        s.options.production = c.value("production"_L1).toBool();
        s.options.testEventCode = c.value("test_event_code"_L1).toString();
    }
    if (!p.isSet(u"normalizer"_s))
        s.normalizer = pii::profileFromName(c.value("normalizer"_L1).toString());
    return {};
}

QJsonObject connectionJson(const ReplaySetup &s)
{
    QJsonObject c{{u"profile"_s, s.profile.name},
                  {u"base_url"_s, s.options.baseUrl.toString()},
                  {u"api_version"_s, s.options.apiVersion},
                  {u"pixel_id"_s, s.options.pixelId},
                  {u"production"_s, s.options.production},
                  {u"normalizer"_s, QString::fromLatin1(pii::profileName(s.effectiveNormalizer()))}};
    if (!s.options.production)
        c.insert(u"test_event_code"_s, s.options.testEventCode);
    return c;
}

// This process's peak resident memory, for the report (the replay's memory must stay flat).
qint64 peakRssKb()
{
    rusage usage{};
    return getrusage(RUSAGE_SELF, &usage) == 0 ? qint64(usage.ru_maxrss) : 0; // kB on Linux
}

QString duration(qint64 ms)
{
    if (ms < 0)
        return u"?"_s;
    const qint64 s = (ms + 999) / 1000;
    return s >= 3600 ? u"%1h%2m"_s.arg(s / 3600).arg((s / 60) % 60, 2, 10, QChar(u'0'))
         : s >= 60   ? u"%1m%2s"_s.arg(s / 60).arg(s % 60, 2, 10, QChar(u'0'))
                     : u"%1s"_s.arg(s);
}

QString progressLine(const ReplayProgress &p)
{
    const ReplayCounts &c = p.counts;
    return u"run %1: %2/%3 sent · %4 accepted · %5 rejected · %6 unknown · %7 ev/s · ETA %8%9"_s.arg(p.runId)
        .arg(c.sent)
        .arg(c.planned)
        .arg(c.accepted)
        .arg(c.rejected)
        .arg(c.unknown)
        .arg(p.eventsPerSecond, 0, 'f', 0)
        .arg(duration(p.etaMs))
        .arg(p.paused ? u" (paused)"_s : QString());
}

// The report: the run, where it went, its totals (over every session of the run) and each
// event that was not accepted, with its decoded error.
QJsonObject report(RunStore &store, const ReplaySetup &s, const Funnel &funnel, const ReplaySummary &summary)
{
    const auto record = store.run(summary.runId);
    const ReplayCounts counts = store.counts(summary.runId, summary.counts.planned);
    QJsonArray notAccepted;
    QMap<QString, qint64> errors;
    store.forEachOutcome(summary.runId, [&](const EventOutcome &o) {
        if (o.status == OutcomeStatus::Accepted)
            return;
        notAccepted.append(toJson(o));
        ++errors[o.error.isEmpty() ? statusName(o.status) : o.error];
    });
    QJsonArray errorCounts;
    for (auto it = errors.cbegin(); it != errors.cend(); ++it)
        errorCounts.append(QJsonObject{{u"error"_s, it.key()}, {u"events"_s, it.value()}});
    return QJsonObject{
        {u"run_id"_s, summary.runId},
        {u"state"_s, runStateName(summary.state)},
        {u"message"_s, summary.message},
        {u"ok"_s, counts.allAccepted()},
        {u"funnel"_s, QJsonObject{{u"path"_s, funnel.path}, {u"name"_s, funnel.name}, {u"format"_s, formatName(funnel.format)},
                                  {u"steps"_s, funnel.steps.size()}, {u"sha256"_s, QString::fromLatin1(funnel.sha256)}}},
        {u"connection"_s, connectionJson(s)},
        {u"options"_s, s.replay.toJson()},
        {u"created_ms"_s, record ? record->createdMs : 0},
        {u"elapsed_ms"_s, summary.elapsedMs},
        {u"events_per_second"_s, summary.elapsedMs > 0 ? double(summary.counts.sent) * 1000.0 / double(summary.elapsedMs) : 0.0},
        {u"counts"_s, toJson(counts)},
        {u"errors"_s, errorCounts},
        {u"not_accepted"_s, notAccepted},
        {u"history"_s, store.path()},
        {u"peak_rss_kb"_s, peakRssKb()},
    };
}

// --from-har / --from-record: a recording turned into a funnel file; nothing is sent.
int convertRecording(const QCommandLineParser &p)
{
    const bool har = p.isSet(u"from-har"_s);
    const QString input = p.value(har ? u"from-har"_s : u"from-record"_s);
    const QString output = p.value(u"output"_s);
    if (output.isEmpty()) {
        printError(Cmd, u"--output FUNNEL: where to write the funnel"_s);
        return ExitUsage;
    }
    const Recording r = har ? funnelFromHar(input) : funnelFromEmulatorRecord(input);
    for (const QString &e : r.errors)
        printError(Cmd, e);
    for (const QString &n : r.notes)
        printError(Cmd, u"note: "_s + n);
    if (!r.ok()) {
        printError(Cmd, u"no events to write"_s);
        return QFileInfo::exists(input) ? ExitBadInput : ExitIo;
    }
    QString error;
    if (!writeFunnelFile(output, r.funnel, &error)) {
        printError(Cmd, error);
        return ExitIo;
    }
    printText(u"%1 step(s) written to %2\n"_s.arg(r.funnel.steps.size()).arg(output));
    return r.errors.isEmpty() ? ExitOk : ExitBadInput;
}

int listRuns(RunStore &store)
{
    const QList<RunRecord> runs = store.runs(50);
    QString text = u"run  state        events  accepted  created              funnel\n"_s;
    for (const RunRecord &r : runs) {
        const ReplayCounts c = store.counts(r.id, r.planned);
        text += u"%1  %2  %3  %4  %5  %6\n"_s.arg(r.id, 3)
                    .arg(runStateName(r.state), -11)
                    .arg(r.planned, 6)
                    .arg(c.accepted, 8)
                    .arg(QDateTime::fromMSecsSinceEpoch(r.createdMs).toString(u"yyyy-MM-dd hh:mm:ss"_s))
                    .arg(r.funnelPath);
    }
    printText(text);
    return ExitOk;
}

} // namespace

int runReplay(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Replays a funnel for many synthetic users and checks that every event is accepted.\n"
        "FUNNEL is a funnel file (docs/funnels.md: steps with {{templates}}, variables, identities from a CSV), plain\n"
        "JSON Lines of events, or a request {\"data\": […]}. Raw PII is hashed with the profile's normaliser. Every\n"
        "problem of the funnel is reported with its line before anything is sent. Each run is kept in the run history\n"
        "(runs.sqlite next to the settings; CAPIQA_RUNS_DB or --runs-db elsewhere): after a crash, kill or Ctrl+C,\n"
        "--resume RUN_ID sends what was not sent; events that were in flight are unknown and are re-sent only with\n"
        "--resend-unknown (safe when their event_id is kept: Meta deduplicates the copy).\n"
        "Exit codes: 0 every event was accepted, 1 not every event was accepted, 2 usage, 3 the funnel has errors,\n"
        "4 a file or the run history could not be read or written."_s);
    parser.addHelpOption();
    parser.addOptions(connectionOptions());
    parser.addOptions({
        {u"users"_s, u"Synthetic users; each goes through every step (default 1)."_s, u"n"_s},
        {u"rate"_s, u"Events per second (default: no limit)."_s, u"r"_s},
        {u"spacing"_s, u"Keep the funnel's time between steps, times this factor (all users start together)."_s, u"factor"_s},
        {u"concurrency"_s, u"Requests in flight at once (default 4)."_s, u"n"_s},
        {u"batch-size"_s, u"Events per request, at most 1,000 (default 100)."_s, u"n"_s},
        {u"identities"_s, u"CSV of users (email, phone, first_name, …); replaces the funnel's own."_s, u"file"_s},
        {u"var"_s, u"Sets a template variable (repeatable), e.g. --var price=9.99."_s, u"name=value"_s},
        {u"new-ids"_s, u"Give every event a new event_id instead of the funnel's."_s},
        {u"keep-event-time"_s, u"Keep numeric event_time values (default: the send time)."_s},
        {u"seed"_s, u"Seed for {{uuid}} and {{order_id}} (default: random, kept in the history)."_s, u"n"_s},
        {u"report"_s, u"Write the JSON report to FILE (- for standard output)."_s, u"file"_s},
        {u"resume"_s, u"Continue run RUN_ID of the history."_s, u"run_id"_s},
        {u"resend-unknown"_s, u"With --resume: send again the events whose fate is unknown."_s},
        {u"runs-db"_s, u"The run history database (default: runs.sqlite next to the settings)."_s, u"file"_s},
        {u"list"_s, u"List the runs of the history and exit."_s},
        {u"from-har"_s, u"Make a funnel from the Pixel requests of a HAR file (with --output) and exit."_s, u"file"_s},
        {u"from-record"_s, u"Make a funnel from an emulator record file (serve --record; with --output) and exit."_s, u"file"_s},
        {u"output"_s, u"Where --from-har / --from-record write the funnel."_s, u"file"_s},
        {u"verbose"_s, u"Print each request and response (token redacted) on stderr."_s},
    });
    parser.addPositionalArgument(u"funnel"_s, u"The funnel file (optional with --resume)."_s, u"[FUNNEL]"_s);
    if (const auto stop = parseCommandLine(parser, args, Cmd))
        return *stop;

    if (parser.isSet(u"from-har"_s) || parser.isSet(u"from-record"_s))
        return convertRecording(parser);

    RunStore store;
    const QString dbPath = parser.isSet(u"runs-db"_s) ? parser.value(u"runs-db"_s) : RunStore::defaultPath();
    if (!store.open(dbPath)) {
        printError(Cmd, store.errorString());
        return ExitIo;
    }
    if (parser.isSet(u"list"_s))
        return listRuns(store);

    ReplaySetup setup;
    QJsonObject stored;
    if (parser.isSet(u"resume"_s)) {
        bool ok = false;
        setup.resumeRunId = parser.value(u"resume"_s).toLongLong(&ok);
        const auto record = ok ? store.run(setup.resumeRunId) : std::nullopt;
        if (!record) {
            printError(Cmd, u"--resume %1: no such run in %2 (capiqa-cli replay --list shows them)"_s.arg(parser.value(u"resume"_s), store.path()));
            return ExitUsage;
        }
        stored = record->config;
        setup.funnelPath = record->funnelPath;
    } else if (parser.isSet(u"resend-unknown"_s)) {
        printError(Cmd, u"--resend-unknown goes with --resume RUN_ID"_s);
        return ExitUsage;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1 || (positional.isEmpty() && setup.resumeRunId == 0)) {
        printError(Cmd, u"give one FUNNEL file"_s);
        return ExitUsage;
    }
    if (!positional.isEmpty())
        setup.funnelPath = positional.constFirst();
    QString problem = setUpConnection(parser, setup);
    if (problem.isEmpty())
        problem = applyReplayFlags(parser, setup, stored);
    if (problem.isEmpty() && setup.resumeRunId != 0)
        problem = restoreConnection(parser, setup, stored);
    if (!problem.isEmpty()) {
        printError(Cmd, problem);
        return ExitUsage;
    }

    // Every problem of the funnel now, with its line; nothing is sent unless it loads.
    FunnelLoadOptions loadOptions;
    loadOptions.identitiesPath = setup.identities;
    loadOptions.variables = setup.variables;
    loadOptions.normalizer = setup.effectiveNormalizer();
    const FunnelLoad load = loadFunnel(setup.funnelPath, loadOptions);
    for (const QString &e : load.errors)
        printError(Cmd, e);
    if (!load.ok()) {
        printError(Cmd, u"nothing sent: fix the funnel first"_s);
        return QFileInfo::exists(setup.funnelPath) ? ExitBadInput : ExitIo;
    }
    QStringList warnings = load.warnings;
    if (!setup.replay.regenerateIds)
        warnings += sharedIdWarnings(*load.funnel, setup.replay.users);
    for (const QString &w : std::as_const(warnings))
        printError(Cmd, u"warning: "_s + w);
    if (setup.options.production)
        printError(Cmd, u"PRODUCTION: these are real events for pixel %1 (no test event code)"_s.arg(setup.options.pixelId));

    // Only --verbose keeps a log: the bus holds request and response bodies, which for a long
    // run would grow memory for nothing.
    std::unique_ptr<log::LogBus> bus;
    if (setup.verbose) {
        bus = std::make_unique<log::LogBus>(100);
        QObject::connect(bus.get(), &log::LogBus::posted, bus.get(), [](const log::LogEntry &e) { printError(Cmd, e.message); });
    }
    transport::CapiClient client(bus.get());
    ReplayEngine engine(&client, &store);
    const bool tty = isatty(fileno(stderr));
    int exitCode = ExitFindings;
    bool stopped = false;

    QObject::connect(&engine, &ReplayEngine::started, &engine, [&](qint64 runId, const ReplayCounts &counts) {
        printError(Cmd, u"run %1: %2 event(s) (%3 user(s) × %4 step(s)) → %5 (%6); %7 already done. Resume with --resume %1"_s
                            .arg(runId)
                            .arg(counts.planned)
                            .arg(setup.replay.users)
                            .arg(load.funnel->steps.size())
                            .arg(setup.options.endpointUrl().toString(),
                                 setup.options.production ? u"PRODUCTION"_s : u"TEST MODE · code "_s + setup.options.testEventCode)
                            .arg(counts.sent));
    });
    if (tty) {
        QObject::connect(&engine, &ReplayEngine::progressed, &engine, [](const ReplayProgress &p) {
            const QByteArray line = "\r\x1b[K" + progressLine(p).toUtf8();
            std::fputs(line.constData(), stderr);
            std::fflush(stderr);
        });
    }
    QObject::connect(&engine, &ReplayEngine::finished, &engine, [&](const ReplaySummary &summary) {
        if (tty)
            std::fputs("\n", stderr);
        const QJsonObject r = report(store, setup, *load.funnel, summary);
        const QJsonObject counts = r.value("counts"_L1).toObject();
        printText(u"run %1 %2: %3 of %4 event(s) accepted, %5 rejected, %6 cancelled, %7 unknown, %8 not sent (%9 retried)\n"_s
                      .arg(summary.runId)
                      .arg(runStateName(summary.state))
                      .arg(counts.value("accepted"_L1).toInteger())
                      .arg(counts.value("planned"_L1).toInteger())
                      .arg(counts.value("rejected"_L1).toInteger())
                      .arg(counts.value("cancelled"_L1).toInteger())
                      .arg(counts.value("unknown"_L1).toInteger())
                      .arg(counts.value("not_sent"_L1).toInteger())
                      .arg(counts.value("retried"_L1).toInteger()));
        for (const QJsonValue e : r.value("errors"_L1).toArray())
            printText(u"  %1 × %2\n"_s.arg(e[u"events"_s].toInteger()).arg(e[u"error"_s].toString()));
        if (!summary.message.isEmpty() && summary.state != RunState::Finished)
            printError(Cmd, summary.message);
        if (summary.state != RunState::Finished)
            printError(Cmd, u"resume with: capiqa-cli replay --resume %1"_s.arg(summary.runId));
        exitCode = r.value("ok"_L1).toBool() ? ExitOk : ExitFindings;
        if (!setup.reportPath.isEmpty()) {
            const QByteArray json = QJsonDocument(r).toJson(QJsonDocument::Indented);
            if (setup.reportPath == u"-"_s) {
                printText(QString::fromUtf8(json));
            } else {
                QSaveFile file(setup.reportPath);
                if (!file.open(QIODevice::WriteOnly) || file.write(json) != json.size() || !file.commit()) {
                    printError(Cmd, u"cannot write the report %1: %2"_s.arg(setup.reportPath, file.errorString()));
                    exitCode = ExitIo;
                }
            }
        }
        stopped = true;
        QCoreApplication::quit();
    });

    // Ctrl+C and SIGTERM cancel cleanly: requests in flight are aborted, the history says
    // what is unknown, and the run can be resumed.
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
    QTimer interruptPoll;
    QObject::connect(&interruptPoll, &QTimer::timeout, &engine, [&] {
        if (g_interrupted.exchange(false))
            engine.cancel();
    });
    interruptPoll.start(100);

    const auto go = [&](const QString &token) {
        ReplayJob job;
        job.funnel = *load.funnel;
        job.options = setup.replay;
        job.send = setup.options;
        job.send.accessToken = token;
        job.normalizer = setup.effectiveNormalizer();
        job.config = QJsonObject{{u"connection"_s, connectionJson(setup)},
                                 {u"identities"_s, setup.identities.isEmpty() ? QString() : QFileInfo(setup.identities).absoluteFilePath()},
                                 {u"variables"_s, setup.variables}};
        job.resumeRunId = setup.resumeRunId;
        job.resendUnknown = setup.resendUnknown;
        QString error;
        if (!engine.start(job, &error)) {
            printError(Cmd, error);
            exitCode = error.startsWith(u"run history"_s) ? ExitIo : ExitUsage;
            stopped = true;
            QCoreApplication::quit();
        }
    };
    withAccessToken(setup, Cmd, &engine, setup.verbose, go, [&](int code) {
        exitCode = code;
        stopped = true;
        QCoreApplication::quit();
    });
    if (!stopped)
        QCoreApplication::exec();
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    return exitCode;
}

} // namespace capiqa::cli
