// capiqa-cli serve: the built-in local Graph API emulator in the foreground.
#include "clioutput.h"
#include "commands.h"
#include "emulator/graphemulator.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QDateTime>
#include <QtCore/QSocketNotifier>

#include <csignal>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace capiqa::emulator;

namespace capiqa::cli {

namespace {

const QString Cmd = u"serve"_s;

// SIGINT/SIGTERM are turned into a byte on a pipe that the event loop reads, so the emulator
// stops cleanly (the record file is flushed and closed) instead of dying mid-write.
int g_signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(g_signalPipe[1], &byte, 1);
}

bool installSignalHandlers()
{
    if (::pipe(g_signalPipe) != 0)
        return false;
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    return sigaction(SIGINT, &action, nullptr) == 0 && sigaction(SIGTERM, &action, nullptr) == 0;
}

QString describe(const HandledRequest &r)
{
    QString line = QDateTime::fromMSecsSinceEpoch(r.receivedMs).toString(u"HH:mm:ss.zzz"_s) + u"  "_s + r.method
        + u' ' + r.path + u"  "_s + (r.httpStatus ? QString::number(r.httpStatus) : u"dropped"_s);
    if (r.eventCount > 0)
        line += u"  events=%1"_s.arg(r.eventCount);
    if (r.graphErrorCode)
        line += u"  error=%1"_s.arg(r.graphErrorCode);
    if (r.fault != Fault::None)
        line += u"  fault=%1"_s.arg(faultName(r.fault));
    if (r.delayMs > 0)
        line += u"  delay=%1ms"_s.arg(r.delayMs);
    return line + u'\n';
}

} // namespace

int runServe(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Runs the built-in local Graph API emulator until Ctrl+C. It answers POST /{version}/{pixel}/events like\n"
        "graph.facebook.com (validating every event) and GET|POST /tr like the Pixel endpoint, and records what it\n"
        "receives (GET /_capiqa/events). The default profile \"Local emulator\" of capiqa and capiqa-cli points here.\n"
        "Exit codes: 0 stopped by a signal, 2 usage, 4 the port or the record file could not be opened."_s);
    parser.addHelpOption();
    const QCommandLineOption portOpt(u"port"_s, u"TCP port on 127.0.0.1 (default %1; 0 = any free port)."_s.arg(DefaultPort),
                                     u"port"_s, QString::number(DefaultPort));
    const QCommandLineOption faultsOpt(u"faults"_s,
                                       u"Inject faults, e.g. \"500=0.05,429=0.05:retry-after=1,slow=0.02:3000,drop=0.01,seed=42\"."_s,
                                       u"spec"_s);
    const QCommandLineOption recordOpt(u"record"_s, u"Append every received event to this JSON Lines file."_s, u"file"_s);
    const QCommandLineOption tokenOpt(u"token"_s, u"Accept this access token (repeatable; default: %1). \"any\" accepts any."_s
                                                      .arg(LocalAccessToken),
                                      u"token"_s);
    const QCommandLineOption quietOpt(u"quiet"_s, u"Do not print a line per request."_s);
    parser.addOptions({portOpt, faultsOpt, recordOpt, tokenOpt, quietOpt});
    if (const auto stop = parseCommandLine(parser, args, Cmd))
        return *stop;

    bool portOk = false;
    const uint port = parser.value(portOpt).toUInt(&portOk);
    if (!portOk || port > 65535) {
        printError(Cmd, u"--port takes a number from 0 to 65535 (got \"%1\")"_s.arg(parser.value(portOpt)));
        return ExitUsage;
    }

    GraphEmulator emulator;
    if (parser.isSet(faultsOpt)) {
        QString error;
        const auto spec = FaultSpec::parse(parser.value(faultsOpt), &error);
        if (!spec) {
            printError(Cmd, u"--faults: "_s + error);
            return ExitUsage;
        }
        emulator.setFaultSpec(*spec);
    }
    if (parser.isSet(tokenOpt)) {
        const QStringList tokens = parser.values(tokenOpt);
        emulator.setAcceptedTokens(tokens.contains(u"any"_s) ? QStringList() : tokens);
    }
    if (parser.isSet(recordOpt) && !emulator.setRecordFile(parser.value(recordOpt))) {
        printError(Cmd, u"--record %1: %2"_s.arg(parser.value(recordOpt), emulator.errorString()));
        return ExitIo;
    }
    if (!emulator.listen(QHostAddress::LocalHost, quint16(port))) {
        printError(Cmd, u"cannot listen on 127.0.0.1:%1: %2"_s.arg(port).arg(emulator.errorString()));
        return ExitIo;
    }
    if (!installSignalHandlers()) {
        printError(Cmd, u"cannot install the signal handlers"_s);
        return ExitIo;
    }

    const bool quiet = parser.isSet(quietOpt);
    QObject::connect(&emulator, &GraphEmulator::requestHandled, &emulator, [quiet](const HandledRequest &r) {
        if (!quiet) {
            printText(describe(r));
            std::fflush(stdout);
        }
    });
    QObject::connect(&emulator, &GraphEmulator::recordFileFailed, &emulator,
                     [](const QString &message) { printError(Cmd, u"recording stopped: "_s + message); });

    QSocketNotifier notifier(g_signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, &notifier, [] { QCoreApplication::quit(); });

    printText(u"capiqa emulator listening on %1\n"
              "  events:  POST %1/%2/%3/events?access_token=%4\n"
              "  pixel:   GET  %1/tr?id=%3&ev=PageView\n"
              "  records: GET  %1/_capiqa/events\n"_s.arg(emulator.baseUrl().toString(), u"v24.0"_s, LocalPixelId,
                                                          LocalAccessToken));
    if (!emulator.faultSpec().isEmpty())
        printText(u"  faults:  "_s + emulator.faultSpec().toString() + u'\n');
    printText(u"Press Ctrl+C to stop.\n"_s);
    std::fflush(stdout);

    QCoreApplication::exec();
    emulator.close();
    printText(u"capiqa emulator stopped after %1 recorded events\n"_s.arg(emulator.store().count()));
    return ExitOk;
}

} // namespace capiqa::cli
