// capiqa-cli send: raw events in, hashed per profile, POSTed to the profile's Graph endpoint
// (by default the built-in local emulator), the answer decoded.
#include "buildinput.h"
#include "clioutput.h"
#include "commands.h"
#include "event/requestbuilder.h"
#include "log/logbus.h"
#include "settings/profilestore.h"
#include "settings/secretstore.h"
#include "settings/usersettings.h"
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

struct SendSetup {
    Profile profile;
    std::optional<pii::Profile> normalizer; ///< --normalizer; else the profile's
    QString tokenEnv;                        ///< --token-env
    SendOptions options;
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

// Applies the connection flags to the chosen profile; an error message when they are unusable.
QString applyFlags(const QCommandLineParser &p, SendSetup &s)
{
    if (p.isSet(u"base-url"_s))
        s.profile.baseUrl = p.value(u"base-url"_s);
    if (p.isSet(u"api-version"_s))
        s.profile.apiVersion = p.value(u"api-version"_s);
    if (p.isSet(u"pixel"_s))
        s.profile.pixelId = p.value(u"pixel"_s);
    if (p.isSet(u"test-code"_s)) {
        s.profile.testEventCode = p.value(u"test-code"_s);
        s.profile.production = false;
    }
    if (p.isSet(u"production"_s))
        s.profile.production = true; // the explicit switch the CLI asks for
    if (p.isSet(u"normalizer"_s)) {
        s.normalizer = pii::profileFromName(p.value(u"normalizer"_s));
        if (!s.normalizer)
            return u"unknown normalizer \"%1\" (use meta, node-sdk, python-sdk or php-sdk)"_s.arg(p.value(u"normalizer"_s));
    }
    for (const QString &problem : {baseUrlError(s.profile.baseUrl), pixelIdError(s.profile.pixelId), apiVersionError(s.profile.apiVersion)}) {
        if (!problem.isEmpty())
            return problem;
    }
    if (!s.profile.production && s.profile.testEventCode.trimmed().isEmpty())
        return u"test mode needs a test event code (--test-code CODE, from Events Manager → Test Events); "
               "--production sends real events"_s;
    s.tokenEnv = p.value(u"token-env"_s);

    s.options.baseUrl = QUrl(s.profile.baseUrl);
    s.options.apiVersion = s.profile.apiVersion;
    s.options.pixelId = s.profile.pixelId;
    s.options.testEventCode = s.profile.testEventCode;
    s.options.production = s.profile.production;
    s.options.profileName = s.profile.name;
    if (p.isSet(u"timeout"_s)) {
        bool ok = false;
        s.options.timeoutMs = p.value(u"timeout"_s).toInt(&ok);
        if (!ok || s.options.timeoutMs <= 0)
            return u"--timeout takes milliseconds, e.g. 1500"_s;
    }
    if (p.isSet(u"retries"_s)) {
        bool ok = false;
        s.options.retry.maxRetries = p.value(u"retries"_s).toInt(&ok);
        if (!ok || s.options.retry.maxRetries < 0 || s.options.retry.maxRetries > 10)
            return u"--retries takes a number from 0 to 10"_s;
    }
    const QString format = p.value(u"format"_s);
    if (format != u"text"_s && format != u"json"_s)
        return u"unknown format \"%1\" (use text or json)"_s.arg(format);
    s.json = format == u"json"_s;
    s.verbose = p.isSet(u"verbose"_s);
    return {};
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
    parser.addOptions({
        {u"profile"_s, u"A saved connection profile (default: the default profile, \"Local emulator\" at first)."_s, u"name"_s},
        {u"base-url"_s, u"Graph API base URL, e.g. https://graph.facebook.com or http://127.0.0.1:8765."_s, u"url"_s},
        {u"api-version"_s, u"Graph API version, e.g. v24.0."_s, u"version"_s},
        {u"pixel"_s, u"Pixel (dataset) id."_s, u"id"_s},
        {u"token-env"_s, u"Read the access token from this environment variable."_s, u"name"_s},
        {u"test-code"_s, u"Test event code (Events Manager → Test Events)."_s, u"code"_s},
        {u"production"_s, u"Send real events: no test event code. Use with care."_s},
        {u"normalizer"_s, u"Hash PII as meta, node-sdk, python-sdk or php-sdk (default: the profile's)."_s, u"name"_s},
        {u"timeout"_s, u"Per-attempt timeout in ms (default 1500, Meta's recommendation)."_s, u"ms"_s},
        {u"retries"_s, u"Retries on network errors, timeouts, 429, 5xx and transient errors (default 3)."_s, u"n"_s},
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

    const auto userSettings = openUserSettings();
    ProfileStore profiles(userSettings.get());
    SendSetup setup;
    const QString profileName = parser.isSet(u"profile"_s) ? parser.value(u"profile"_s) : profiles.defaultProfileName();
    const auto profile = profiles.profile(profileName);
    if (!profile) {
        printError(Cmd, u"no profile named \"%1\" (profiles: %2)"_s.arg(profileName, profiles.names().join(u", "_s)));
        return ExitUsage;
    }
    setup.profile = *profile;
    if (const QString problem = applyFlags(parser, setup); !problem.isEmpty()) {
        printError(Cmd, problem);
        return ExitUsage;
    }
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
    event::RequestBuilder builder(setup.normalizer.value_or(setup.profile.normalizer));
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
    SecretStore secrets;
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

    if (!setup.tokenEnv.isEmpty()) {
        const auto token = SecretStore::resolveTokenFromEnv(setup.tokenEnv);
        if (!token) {
            printError(Cmd, u"--token-env %1: that environment variable is not set"_s.arg(setup.tokenEnv));
            return ExitUsage;
        }
        sendWith(*token);
    } else {
        SecretRequest *request = secrets.readSecret(setup.profile, SecretKind::AccessToken);
        QObject::connect(request, &SecretRequest::finished, &client, [&](const SecretResult &r) {
            if (!r.note.isEmpty() && setup.verbose)
                printError(Cmd, r.note);
            if (!r.ok() || r.value.isEmpty()) {
                printError(Cmd, u"no access token for profile \"%1\": %2"_s.arg(setup.profile.name,
                                                                                 r.error.isEmpty() ? secrets.backendNote() : r.error));
                exitCode = ExitUsage;
                QCoreApplication::quit();
                return;
            }
            sendWith(r.value);
        });
    }
    QCoreApplication::exec();
    return exitCode;
}

} // namespace capiqa::cli
