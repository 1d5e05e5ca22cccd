// capiqa-cli send: raw events in, hashed per profile, POSTed to the profile's Graph endpoint
// (by default the built-in local emulator), the answer decoded.
#include "buildinput.h"
#include "clioutput.h"
#include "commands.h"
#include "connection.h"
#include "event/requestbuilder.h"
#include "log/logbus.h"
#include "transport/capiclient.h"
#include "transport/sendhandle.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QDateTime>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>

using namespace Qt::StringLiterals;
using namespace capiqa::settings;
using namespace capiqa::transport;

namespace capiqa::cli {

namespace {

const QString Cmd = u"send"_s;

struct SendSetup : ConnectionSetup {
    bool json = false;
    bool verbose = false;
};

QJsonObject resultJson(const SendResult &r, const SendSetup &s)
{
    QJsonObject o{{u"ok"_s, r.ok && r.eventsReceived == r.eventCount},
                  {u"profile"_s, s.profile.name},
                  {u"mode"_s, s.options.production ? u"production"_s : u"test"_s},
                  {u"events"_s, r.eventCount},
                  {u"events_received"_s, r.eventsReceived},
                  {u"http_status"_s, r.httpStatus},
                  {u"fbtrace_id"_s, r.fbtraceId},
                  {u"messages"_s, QJsonArray::fromStringList(r.messages)},
                  {u"attempts"_s, r.attempts},
                  {u"requests"_s, r.requestCount},
                  {u"total_ms"_s, r.totalMs},
                  {u"time_to_first_byte_ms"_s, r.timeToFirstByteMs},
                  {u"request_url"_s, r.requestUrl},
                  {u"summary"_s, r.summary()}};
    if (!s.options.production)
        o.insert(u"test_event_code"_s, s.options.testEventCode);
    if (r.failure != Failure::None) {
        o.insert(u"failure"_s, failureName(r.failure));
        o.insert(u"explanation"_s, r.plainExplanation());
    }
    if (r.error.isValid()) {
        o.insert(u"error"_s, QJsonObject{{u"message"_s, r.error.message},
                                          {u"type"_s, r.error.type},
                                          {u"code"_s, r.error.code},
                                          {u"error_subcode"_s, r.error.errorSubcode},
                                          {u"error_user_title"_s, r.error.errorUserTitle},
                                          {u"error_user_msg"_s, r.error.errorUserMsg},
                                          {u"is_transient"_s, r.error.isTransient},
                                          {u"fbtrace_id"_s, r.error.fbtraceId}});
    }
    if (!r.networkError.isEmpty())
        o.insert(u"network_error"_s, r.networkError);
    if (!r.refusal.isEmpty())
        o.insert(u"refusal"_s, r.refusal);
    if (!r.warnings.isEmpty())
        o.insert(u"warnings"_s, QJsonArray::fromStringList(r.warnings));
    return o;
}

QString resultText(const SendResult &r)
{
    QString text = r.summary() + u'\n';
    if (r.attempts > 0)
        text += u"  %1 request(s), %2 attempt(s), %3 ms total, first byte after %4 ms\n"_s.arg(r.requestCount)
                    .arg(r.attempts)
                    .arg(r.totalMs)
                    .arg(r.timeToFirstByteMs);
    for (const QString &m : r.messages)
        text += u"  message: "_s + m + u'\n';
    for (const QString &w : r.warnings)
        text += u"  warning: "_s + w + u'\n';
    if (!r.ok || r.eventsReceived != r.eventCount)
        text += u"  "_s + r.plainExplanation() + u'\n';
    return text;
}

} // namespace

int runSend(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Sends events to the Conversions API of a profile (default: the built-in \"Local emulator\"; start it with\n"
        "capiqa-cli serve). FILE holds an event, a list of events or a whole request with RAW customer data: it is\n"
        "normalized and hashed with the profile's normalizer, as `capiqa-cli build` shows. \"event_time\": \"now\" and\n"
        "event_id templates (purchase_{order_id}, {uuid}) work as in build. Test mode is the default: every request\n"
        "carries the test event code; --production sends real events.\n"
        "The access token comes from --token-env NAME, else the OS keychain, else CAPIQA_ACCESS_TOKEN.\n"
        "Exit codes: 0 every event was received, 1 not every event was received (the reason is printed),\n"
        "2 usage, 3 unusable input, 4 a file could not be read."_s);
    parser.addHelpOption();
    parser.addOptions(connectionOptions());
    parser.addOptions({
        {u"format"_s, u"Output: text (default) or json."_s, u"format"_s, u"text"_s},
        {u"now"_s, u"What \"now\" means for event_time, in Unix seconds (default: the clock)."_s, u"epoch"_s},
        {u"verbose"_s, u"Print each request and response (token redacted) on stderr."_s},
    });
    parser.addPositionalArgument(u"file"_s, u"Events as JSON, or - for standard input."_s, u"FILE|-"_s);
    if (const auto stop = parseCommandLine(parser, args, Cmd))
        return *stop;
    if (parser.positionalArguments().size() != 1) {
        printError(Cmd, u"give one FILE (or - for standard input)"_s);
        return ExitUsage;
    }

    SendSetup setup;
    if (const QString problem = setUpConnection(parser, setup); !problem.isEmpty()) {
        printError(Cmd, problem);
        return ExitUsage;
    }
    const QString format = parser.value(u"format"_s);
    if (format != u"text"_s && format != u"json"_s) {
        printError(Cmd, u"unknown format \"%1\" (use text or json)"_s.arg(format));
        return ExitUsage;
    }
    setup.json = format == u"json"_s;
    setup.verbose = parser.isSet(u"verbose"_s);
    qint64 now = QDateTime::currentSecsSinceEpoch();
    if (parser.isSet(u"now"_s)) {
        const auto epoch = parseEpoch(parser.value(u"now"_s));
        if (!epoch) {
            printError(Cmd, u"--now takes Unix seconds, e.g. 1767225600"_s);
            return ExitUsage;
        }
        now = *epoch;
    }

    // Read and build exactly as `capiqa-cli build` does; send nothing unless every event built.
    const QString path = parser.positionalArguments().constFirst();
    const QString inputName = path == u"-"_s ? u"<stdin>"_s : path;
    InputFailure failure;
    const auto doc = readJsonInput(path, failure);
    auto raw = doc ? rawRequestFrom(*doc, inputName, failure) : std::nullopt;
    if (!raw) {
        printError(Cmd, failure.message);
        return failure.exitCode;
    }
    QList<BuildNote> notes;
    QString error;
    if (!amendEvents(*raw, EventFlags{}, now, notes, &error)) {
        printError(Cmd, error);
        return ExitBadInput;
    }
    event::RequestBuilder builder(setup.effectiveNormalizer());
    builder.setDiagnosticsEnabled(false); // only errors matter here; `build` shows every value
    const event::BuildResult built = builder.build(*raw);
    if (!built.ok()) {
        for (const QString &e : built.errors)
            printError(Cmd, e);
        const bool wrongTypes = std::any_of(built.diagnostics.cbegin(), built.diagnostics.cend(), [](const auto &d) {
            return d.kind == event::FieldDiagnostic::Kind::Invalid;
        });
        printError(Cmd, u"nothing sent: the events above could not be built (capiqa-cli build shows every value)"_s);
        return wrongTypes ? ExitBadInput : ExitFindings;
    }

    if (setup.options.production)
        printError(Cmd, u"PRODUCTION: these are real events for pixel %1 (no test event code)"_s.arg(setup.options.pixelId));

    log::LogBus bus;
    if (setup.verbose) {
        QObject::connect(&bus, &log::LogBus::posted, &bus, [](const log::LogEntry &e) {
            printError(Cmd, e.message);
        });
    }
    CapiClient client(&bus);
    int exitCode = ExitFindings;

    const auto sendWith = [&](const QString &token) {
        setup.options.accessToken = token;
        SendHandle *handle = client.send(built.body, setup.options);
        QObject::connect(handle, &SendHandle::finished, &client, [&](const SendResult &r) {
            if (setup.json)
                printText(QString::fromUtf8(QJsonDocument(resultJson(r, setup)).toJson(QJsonDocument::Indented)));
            else
                printText(u"%1 event(s) → %2 (profile \"%3\", %4)\n"_s.arg(QString::number(r.eventCount), r.requestUrl, setup.profile.name,
                                                                  setup.options.production ? u"PRODUCTION"_s
                                                                                           : u"TEST MODE · code "_s + setup.options.testEventCode)
                          + resultText(r));
            exitCode = r.ok && r.eventsReceived == r.eventCount ? ExitOk : ExitFindings;
            QCoreApplication::quit();
        });
    };

    bool stopped = false; // quit() before exec() would not stop it
    withAccessToken(setup, Cmd, &client, setup.verbose, sendWith, [&](int code) {
        exitCode = code;
        stopped = true;
        QCoreApplication::quit();
    });
    if (!stopped)
        QCoreApplication::exec();
    return exitCode;
}

} // namespace capiqa::cli
