// capiqa-cli build: raw fields (a small JSON file, or flags) in, the hashed request body out.
#include "buildinput.h"
#include "clioutput.h"
#include "commands.h"
#include "event/eventid.h"
#include "event/eventmapping.h"
#include "event/requestbuilder.h"
#include "validate/validator.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QDateTime>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QRegularExpression>
#include <QtCore/QSaveFile>

#include <algorithm>
#include <cstdio>

using namespace Qt::StringLiterals;
using namespace capiqa::event;

namespace capiqa::cli {

namespace {

const QString Cmd = u"build"_s;
const QString DefaultTestCode = u"TEST_CAPIQA"_s;

void printStderr(const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    std::fwrite(utf8.constData(), 1, std::size_t(utf8.size()), stderr);
}

bool writeStdout(const QByteArray &bytes)
{
    StdoutSink sink;
    sink.buffer().append(bytes.constData(), std::size_t(bytes.size()));
    return sink.flush();
}

QString profileText(pii::Profile profile)
{
    const auto name = pii::profileName(profile);
    return QString::fromLatin1(name.data(), qsizetype(name.size()));
}

// "1 event", "2 events".
QString counted(qsizetype n, const QString &noun)
{
    return QString::number(n) + u' ' + noun + (n == 1 ? QString() : u"s"_s);
}

QJsonValue textOrNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

// The options that shape the run, read and checked before any input is touched.
struct BuildOptions {
    pii::Profile profile = pii::Profile::Meta;
    qint64 now = 0;            ///< --now, else the clock
    bool fixedNow = false;
    std::optional<QString> testCode; ///< --test-code
    bool production = false;
    bool validate = false;
    bool compact = false;
    QString reportPath;        ///< empty: none; "-": stdout instead of the body
    EventFlags flags;
    QList<BuildNote> flagNotes; ///< the app-event mapping, said once
};

std::optional<QString> readOptions(const QCommandLineParser &p, BuildOptions &o)
{
    const auto profile = pii::profileFromName(QStringView(p.value(u"profile"_s)));
    if (!profile)
        return u"unknown profile \"%1\" (use meta, node-sdk, python-sdk or php-sdk)"_s.arg(p.value(u"profile"_s));
    o.profile = *profile;
    o.now = QDateTime::currentSecsSinceEpoch();
    if (p.isSet(u"now"_s)) {
        const auto now = parseEpoch(p.value(u"now"_s));
        if (!now)
            return u"--now takes Unix seconds, e.g. 1767225600 (got \"%1\")"_s.arg(p.value(u"now"_s));
        o.now = *now;
        o.fixedNow = true;
    }
    o.production = p.isSet(u"production"_s);
    if (p.isSet(u"test-code"_s)) {
        if (o.production)
            return u"--test-code and --production exclude each other"_s;
        if (p.value(u"test-code"_s).trimmed().isEmpty())
            return u"--test-code needs the code from Events Manager → Test Events, e.g. TEST12345"_s;
        o.testCode = p.value(u"test-code"_s);
    }
    o.validate = p.isSet(u"validate"_s);
    o.compact = p.isSet(u"compact"_s);
    o.reportPath = p.value(u"report"_s);
    if (p.isSet(u"report"_s) && o.reportPath.isEmpty())
        return u"--report needs a FILE, or - for standard output"_s;

    EventFlags &f = o.flags;
    if (p.isSet(u"event"_s)) {
        const QString name = p.value(u"event"_s);
        if (name.trimmed().isEmpty())
            return u"--event needs an event name, e.g. Purchase"_s;
        f.eventName = name;
        if (const auto mapped = EventMapping().lookup(name); mapped && *mapped != name) {
            f.eventName = *mapped;
            o.flagNotes.append({u"event_name"_s, u"\"%1\" is an app event: sent as \"%2\" (the default app-event mapping)"_s
                                                     .arg(name, *mapped)});
        }
    }
    if (p.isSet(u"time"_s)) {
        const QString t = p.value(u"time"_s);
        f.eventTime = t == u"now"_s ? std::optional<qint64>(o.now) : parseEpoch(t);
        if (!f.eventTime)
            return u"--time takes Unix seconds or \"now\" (got \"%1\")"_s.arg(t);
    }
    if (p.isSet(u"action-source"_s))
        f.actionSource = p.value(u"action-source"_s);
    if (p.isSet(u"url"_s))
        f.eventSourceUrl = p.value(u"url"_s);
    QString error;
    if (!parseVariables(p.values(u"var"_s), f.variables, &error) || !parseUserFlags(p.values(u"user"_s), f.userData, &error)
        || !parseCustomFlags(p.values(u"custom"_s), f.customData, &error))
        return error;
    if (p.isSet(u"event-id"_s)) {
        f.eventId = p.value(u"event-id"_s);
        if (f.eventId.isEmpty())
            return u"--event-id needs an id, \"uuid\" or a template such as purchase_{order_id}"_s;
        if (f.eventId == u"uuid"_s) {
            f.idKind = EventFlags::IdKind::Uuid;
        } else if (f.eventId.contains(u'{')) {
            f.idKind = EventFlags::IdKind::Template;
            const EventIdTemplate t(f.eventId);
            if (!t.isValid())
                return u"--event-id \"%1\": %2"_s.arg(f.eventId, t.error());
        } else {
            f.idKind = EventFlags::IdKind::Literal;
        }
    }
    if (!f.variables.isEmpty() && f.idKind != EventFlags::IdKind::Template)
        return u"--var is only used by an --event-id template such as purchase_{order_id}"_s;
    return std::nullopt;
}

// Test mode is the default: --test-code wins, then the input's own code, then TEST_CAPIQA.
void applyTestCode(QJsonObject &request, const BuildOptions &o, QList<BuildNote> &notes)
{
    const QJsonValue current = request.value("test_event_code"_L1);
    const bool hasOwn = !current.isUndefined() && !current.isNull();
    if (o.production) {
        if (hasOwn)
            notes.append({u"test_event_code"_s, u"removed (--production)"_s});
        request.remove("test_event_code"_L1);
    } else if (o.testCode) {
        request.insert("test_event_code"_L1, *o.testCode);
    } else if (!hasOwn) {
        request.insert("test_event_code"_L1, DefaultTestCode);
        notes.append({u"test_event_code"_s, u"%1 (test mode is the default; --test-code CODE to choose one, "
                                            "--production to leave it out)"_s.arg(DefaultTestCode)});
    }
}

QString diagnosticLine(const FieldDiagnostic &d)
{
    // "path: why" for what failed, as the builder's errors read; "path  → sent  — note" otherwise.
    QString line = u"  %1 %2"_s.arg(d.isFatal() ? d.status().toUpper() : d.status(), -14).arg(d.path);
    const bool showMessage = !d.message.isEmpty() && d.kind != FieldDiagnostic::Kind::NotHashed;
    if (!d.sent.isEmpty())
        line += u"  → "_s + d.sent + (showMessage ? u"  — "_s + d.message : QString());
    else if (showMessage)
        line += u": "_s + d.message;
    return line + u'\n';
}

QString findingsText(const QList<validate::Finding> &findings)
{
    using validate::Severity;
    QString text = u"validation of the built body: %1, %2, %3\n"_s.arg(counted(countOf(findings, Severity::Error), u"error"_s),
                                                                       counted(countOf(findings, Severity::Warning), u"warning"_s),
                                                                       counted(countOf(findings, Severity::Hint), u"hint"_s));
    for (const validate::Finding &f : findings) {
        text += u"  %1  %2  [%3]\n"_s.arg(severityName(f.severity).toUpper(), -7)
                    .arg(f.path.isEmpty() ? u"(request)"_s : f.path, f.rule);
        text += u"           "_s + f.message + u'\n';
        if (!f.fix.isEmpty())
            text += u"           fix: "_s + f.fix + u'\n';
    }
    return text;
}

QJsonObject reportJson(const QString &inputName, const BuildOptions &o, qsizetype eventCount, const BuildResult &result,
                       const QList<BuildNote> &notes, const std::optional<QList<validate::Finding>> &findings, int exitCode)
{
    QJsonArray failed;
    for (qsizetype i : result.failedEvents)
        failed.append(i);
    QJsonArray noteArray;
    for (const BuildNote &n : notes)
        noteArray.append(QJsonObject{{u"path"_s, n.path}, {u"message"_s, n.message}});
    QJsonArray diagnostics;
    for (const FieldDiagnostic &d : result.diagnostics)
        diagnostics.append(QJsonObject{{u"path"_s, d.path}, {u"field"_s, d.field}, {u"status"_s, d.status()},
                                       {u"sent"_s, textOrNull(d.sent)}, {u"message"_s, textOrNull(d.message)},
                                       {u"fatal"_s, d.isFatal()}});
    QJsonObject report{{u"format"_s, u"capiqa-build-report"_s},
                       {u"version"_s, 1},
                       {u"input"_s, inputName},
                       {u"profile"_s, profileText(o.profile)},
                       {u"exit_code"_s, exitCode},
                       {u"events"_s, QJsonObject{{u"input"_s, eventCount},
                                                 {u"built"_s, result.body.value("data"_L1).toArray().size()},
                                                 {u"failed"_s, failed}}},
                       {u"errors"_s, QJsonArray::fromStringList(result.errors)},
                       {u"notes"_s, noteArray},
                       {u"diagnostics"_s, diagnostics},
                       {u"body"_s, result.body}};
    if (findings) {
        using validate::Severity;
        report.insert(u"validation"_s,
                      QJsonObject{{u"summary"_s, QJsonObject{{u"errors"_s, countOf(*findings, Severity::Error)},
                                                             {u"warnings"_s, countOf(*findings, Severity::Warning)},
                                                             {u"hints"_s, countOf(*findings, Severity::Hint)}}},
                                  {u"findings"_s, validate::toJson(*findings)}});
    }
    return report;
}

QString failedList(const QList<qsizetype> &failed)
{
    QStringList names;
    for (qsizetype i : failed)
        names << u"data[%1]"_s.arg(i);
    if (names.size() > 10)
        names = names.mid(0, 10) << u"…"_s;
    return names.join(u", "_s);
}

// The built body lacks the failed events, so its data[k] is the input's data[k + failures
// before it]; the validator's paths are rewritten to name the input's events.
void pathsToInput(QList<validate::Finding> &findings, const QList<qsizetype> &failedEvents)
{
    if (failedEvents.isEmpty())
        return;
    static const QRegularExpression index(u"^data\\[(\\d+)\\]"_s);
    for (validate::Finding &f : findings) {
        const QRegularExpressionMatch m = index.match(f.path);
        if (!m.hasMatch())
            continue;
        qsizetype input = m.captured(1).toLongLong();
        for (qsizetype failed : failedEvents) { // ascending
            if (failed <= input)
                ++input;
        }
        f.path = u"data[%1]"_s.arg(input) + f.path.mid(m.capturedLength());
    }
}

const char *Description =
    "Builds a Conversions API request body from raw customer information: a small JSON file, or flags.\n"
    "Each hashed user_data key (em, ph, fn, ln, ge, db, ct, st, zp, country, external_id) is normalized\n"
    "and hashed exactly as the chosen profile does; the body goes to standard output.\n"
    "\n"
    "FILE (or - for standard input) holds a request {\"data\": [...], ...}, one event {...}, or an array of\n"
    "events. \"event_time\": \"now\" is replaced by --now or the clock. Without FILE, --event NAME builds one\n"
    "event from the flags (event_time defaults to now, action_source to website).\n"
    "Precedence: flags win over FILE. --event, --time, --action-source, --url and --event-id replace those\n"
    "fields in every event; --user and --custom set their keys in every event's user_data / custom_data and\n"
    "keep the file's other keys; --test-code replaces the file's test_event_code.\n"
    "--event takes CAPI names (Purchase) or app events of the default mapping (signup_completed →\n"
    "CompleteRegistration, …). --event-id takes an id, \"uuid\" (a new one per event) or a template such as\n"
    "purchase_{order_id}, whose {names} come from --var, else from the event's custom_data or own fields.\n"
    "\n"
    "Test mode is the default: the body carries test_event_code (--test-code, else the input's own, else\n"
    "TEST_CAPIQA). --production leaves it out.\n"
    "What each value became (hashed, passed through, dropped, rejected) is listed on standard error, or\n"
    "written as JSON to --report FILE; --report - prints that JSON, with the body under \"body\", on standard\n"
    "output instead of the bare body.\n"
    "\n"
    "Exit codes: 0 built; 1 an event was rejected by the profile, or --validate found errors (the events that\n"
    "did build are still printed); 2 usage; 3 input unusable (bad JSON, wrong types); 4 I/O error.";

} // namespace

int runBuild(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QString::fromUtf8(Description));
    parser.addHelpOption();
    parser.addOptions({
        {u"profile"_s, u"Normalizer profile: meta (default), node-sdk, python-sdk, php-sdk."_s, u"name"_s, u"meta"_s},
        {u"test-code"_s, u"test_event_code to send (default: the input's, else TEST_CAPIQA)."_s, u"code"_s},
        {u"production"_s, u"Leave test_event_code out: real events."_s},
        {u"now"_s, u"The time \"now\" means, in Unix seconds (default: the clock); also --validate's reference."_s, u"epoch"_s},
        {u"validate"_s, u"Run the validator on the built body; its errors make the exit code 1."_s},
        {u"compact"_s, u"Print JSON on one line."_s},
        {u"report"_s, u"Write the diagnostics as JSON to FILE (- : standard output, with the body)."_s, u"file"_s},
        {u"event"_s, u"event_name (CAPI or app event name); without FILE, build one event."_s, u"name"_s},
        {u"time"_s, u"event_time: Unix seconds or now."_s, u"epoch|now"_s},
        {u"action-source"_s, u"action_source (default website for a flags-only event)."_s, u"source"_s},
        {u"url"_s, u"event_source_url."_s, u"url"_s},
        {u"event-id"_s, u"event_id: an id, uuid, or a template like purchase_{order_id}."_s, u"id"_s},
        {u"var"_s, u"A template variable (repeatable)."_s, u"name=value"_s},
        {u"user"_s, u"A user_data value (repeatable; hashed keys may repeat)."_s, u"key=value"_s},
        {u"custom"_s, u"A custom_data value (repeatable; value, num_items numbers; content_ids a,b)."_s, u"key=value"_s},
    });
    parser.addPositionalArgument(u"file"_s, u"Raw JSON input, or - for standard input."_s, u"[FILE|-]"_s);
    if (const auto stop = parseCommandLine(parser, args, Cmd))
        return *stop;
    BuildOptions o;
    if (const auto problem = readOptions(parser, o)) {
        printError(Cmd, *problem);
        return ExitUsage;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1) {
        printError(Cmd, u"give at most one FILE (got %1)"_s.arg(positional.size()));
        return ExitUsage;
    }
    if (positional.isEmpty() && !o.flags.eventName) {
        printError(Cmd, u"give a FILE (or - for standard input), or --event NAME to build one event from flags"_s);
        return ExitUsage;
    }

    // The raw request: from the file, or one event from the flags.
    QString inputName = u"<flags>"_s;
    QJsonObject request;
    if (!positional.isEmpty()) {
        inputName = positional.first() == u"-"_s ? u"<stdin>"_s : positional.first();
        InputFailure failure;
        const auto doc = readJsonInput(positional.first(), failure);
        const auto raw = doc ? rawRequestFrom(*doc, inputName, failure) : std::nullopt;
        if (!raw) {
            printError(Cmd, failure.message);
            return failure.exitCode;
        }
        request = *raw;
    } else {
        request.insert("data"_L1, QJsonArray{eventFromFlags(o.flags, o.now)});
    }
    const qsizetype eventCount = request.value("data"_L1).toArray().size();

    QList<BuildNote> notes = o.flagNotes;
    QString error;
    if (!amendEvents(request, o.flags, o.now, notes, &error)) {
        printError(Cmd, error);
        // An --event-id template is the command line's fault; an event_id template in the input is the file's.
        return o.flags.idKind == EventFlags::IdKind::Template ? ExitUsage : ExitBadInput;
    }
    applyTestCode(request, o, notes);

    RequestBuilder builder(o.profile);
    const BuildResult result = builder.build(request);
    const qsizetype built = result.body.value("data"_L1).toArray().size();

    std::optional<QList<validate::Finding>> findings;
    if (o.validate && built > 0) {
        validate::ValidationOptions vo;
        vo.now = o.fixedNow ? o.now : 0;
        findings = validate::Validator().validate(result.body, vo);
        pathsToInput(*findings, result.failedEvents);
    }

    const bool wrongTypes = std::any_of(result.diagnostics.cbegin(), result.diagnostics.cend(), [](const FieldDiagnostic &d) {
        return d.kind == FieldDiagnostic::Kind::Invalid;
    });
    int exitCode = ExitOk;
    if (wrongTypes)
        exitCode = ExitBadInput;
    else if (!result.ok() || (findings && validate::hasErrors(*findings)))
        exitCode = ExitFindings;

    // Standard error: notes, then what each value became, then the verdict.
    QString err;
    const bool reportMode = !o.reportPath.isEmpty();
    for (const BuildNote &n : std::as_const(notes))
        err += u"  %1 %2: %3\n"_s.arg(u"note"_s, -14).arg(n.path, n.message);
    if (!reportMode) {
        for (const FieldDiagnostic &d : result.diagnostics)
            err += diagnosticLine(d);
        if (findings)
            err += findingsText(*findings);
    } else if (findings) {
        err += u"validation of the built body: %1, %2 (details in the report)\n"_s.arg(
            counted(countOf(*findings, validate::Severity::Error), u"error"_s),
            counted(countOf(*findings, validate::Severity::Warning), u"warning"_s));
    }
    printStderr(err);
    if (reportMode) { // otherwise the diagnostics above hold every error already
        for (const QString &e : result.errors)
            printError(Cmd, e);
    }

    const QJsonDocument::JsonFormat format = o.compact ? QJsonDocument::Compact : QJsonDocument::Indented;
    const QJsonObject report = reportJson(inputName, o, eventCount, result, notes, findings, exitCode);
    if (reportMode && o.reportPath != u"-"_s) {
        QSaveFile file(o.reportPath);
        if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(report).toJson(QJsonDocument::Indented)) < 0
            || !file.commit()) {
            printError(Cmd, u"cannot write the report %1: %2"_s.arg(o.reportPath, file.errorString()));
            return ExitIo;
        }
    }
    bool written = true;
    const auto json = [format](const QJsonObject &object) {
        QByteArray bytes = QJsonDocument(object).toJson(format);
        if (!bytes.endsWith('\n'))
            bytes += '\n'; // Compact has no final newline; a line-based tool expects one
        return bytes;
    };
    if (o.reportPath == u"-"_s)
        written = writeStdout(json(report));
    else if (built > 0)
        written = writeStdout(json(result.body));
    if (!written) {
        printError(Cmd, u"could not write to standard output"_s);
        return ExitIo;
    }

    const QString profile = profileText(o.profile);
    if (!result.ok()) {
        if (built == 0)
            printError(Cmd, u"NOT BUILT: no event could be built with the %1 profile (%2 in the input), so there is no body "
                            "to send. Fix the errors above."_s.arg(profile, counted(eventCount, u"event"_s)));
        else
            printError(Cmd, u"NOT BUILT: %1 (%2 of %3 events) failed with the %4 profile. The body printed holds only "
                            "the %5 that built: sending it would lose the failed ones. Fix the errors above."_s
                                .arg(failedList(result.failedEvents))
                                .arg(result.failedEvents.size())
                                .arg(eventCount)
                                .arg(profile)
                                .arg(built));
    } else {
        printError(Cmd, u"built %1 with the %2 profile"_s.arg(counted(built, u"event"_s), profile));
    }
    if (findings && validate::hasErrors(*findings))
        printError(Cmd, u"the validator found %1 in the built body: Meta would reject the whole request"_s.arg(
                            counted(countOf(*findings, validate::Severity::Error), u"error"_s)));
    if (o.production && built > 0)
        printError(Cmd, u"WARNING: --production: no test_event_code, so sending this body records real events "
                        "(they count in reporting and ad optimisation)"_s);
    return exitCode;
}

} // namespace capiqa::cli
