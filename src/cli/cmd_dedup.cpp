// capiqa-cli dedup: match browser Pixel captures with server CAPI captures the way Meta
// deduplicates them, and explain every event that is counted twice or lost.
#include "clioutput.h"
#include "commands.h"
#include "capture/capturereader.h"
#include "dedup/dedupexport.h"
#include "dedup/matcher.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QFile>
#include <QtCore/QRegularExpression>

using namespace Qt::StringLiterals;

namespace capiqa::cli {

namespace {

const QString Cmd = u"dedup"_s;

// "--browser a.har b.har --server s.jsonl" → one option per file, which QCommandLineParser
// understands: a list option takes every following argument up to the next option.
QStringList spreadFileLists(const QStringList &args)
{
    QStringList out;
    QString listOption;
    bool gotFile = false;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (i > 0 && !listOption.isEmpty() && (!a.startsWith(u'-') || a == u"-"_s)) {
            out << listOption << a;
            gotFile = true;
            continue;
        }
        if (!listOption.isEmpty() && !gotFile)
            out << listOption; // let the parser report the missing value
        listOption.clear();
        if (a == u"--browser"_s || a == u"--server"_s) {
            listOption = a;
            gotFile = false;
            continue;
        }
        out << a;
    }
    if (!listOption.isEmpty() && !gotFile)
        out << listOption;
    return out;
}

// "48h", "90m", "2d", "3600s"; a bare number is hours.
std::optional<qint64> parseDuration(const QString &text)
{
    static const QRegularExpression re(u"^\\s*(\\d+(?:\\.\\d+)?)\\s*([smhd]?)\\s*$"_s);
    const QRegularExpressionMatch m = re.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    const double n = m.captured(1).toDouble();
    const QString unit = m.captured(2);
    const double ms = n * (unit == u"s"_s ? 1e3 : unit == u"m"_s ? 6e4 : unit == u"d"_s ? 864e5 : 36e5);
    if (ms <= 0 || ms > 365 * 864e5)
        return std::nullopt;
    return qint64(ms);
}

} // namespace

int runDedup(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Matches browser Pixel events with server Conversions API events the way Meta deduplicates them (same pixel,\n"
        "same event_name, eventID == event_id, within 48 hours) and explains every event: deduplicated, browser_only,\n"
        "server_only, id_mismatch, name_mismatch, pixel_mismatch, outside_window, missing_event_id, time_unit_error,\n"
        "duplicate_same_side, each with a concrete fix.\n"
        "Browser side: HAR files from Chrome, Firefox or Safari, lists of /tr URLs, the emulator's record.\n"
        "Server side: CAPI request bodies (JSON, or JSON Lines with a request or an event per line), the emulator's\n"
        "record, CSV with a header (pixel_id,event_name,event_id,event_time[,source,value,currency], any order).\n"
        "Exit codes: 0 the inputs were read (findings are data, not failures), 2 usage, 3 some records could not be\n"
        "used (each named on stderr; the rest was matched), 4 a file could not be opened or the report not written."_s);
    parser.addHelpOption();
    const QCommandLineOption browserOpt(u"browser"_s, u"Browser-side capture(s); several files may follow."_s, u"FILE"_s);
    const QCommandLineOption serverOpt(u"server"_s, u"Server-side capture(s); several files may follow."_s, u"FILE"_s);
    const QCommandLineOption windowOpt(u"window"_s, u"Dedup window: 48h (default), 90m, 2d, 3600s."_s, u"duration"_s, u"48h"_s);
    const QCommandLineOption formatOpt(u"format"_s, u"Report: json (default), csv or html."_s, u"format"_s, u"json"_s);
    const QCommandLineOption outOpt(u"out"_s, u"Write the report to FILE instead of standard output."_s, u"FILE"_s);
    const QCommandLineOption pixelOpt(u"pixel"_s, u"Pixel id of server events that name none (a CAPI body has it in its URL)."_s,
                                      u"id"_s);
    parser.addOptions({browserOpt, serverOpt, windowOpt, formatOpt, outOpt, pixelOpt});
    const QStringList spread = spreadFileLists(args);
    if (const auto stop = parseCommandLine(parser, spread, Cmd))
        return *stop;
    if (!parser.positionalArguments().isEmpty()) {
        printError(Cmd, u"unexpected argument \"%1\": give files after --browser or --server"_s.arg(parser.positionalArguments().first()));
        return ExitUsage;
    }
    const QStringList browserFiles = parser.values(browserOpt);
    const QStringList serverFiles = parser.values(serverOpt);
    if (browserFiles.isEmpty() && serverFiles.isEmpty()) {
        printError(Cmd, u"give at least one --browser FILE or --server FILE (capiqa-cli dedup --help)"_s);
        return ExitUsage;
    }
    const std::optional<dedup::ReportFormat> format = dedup::reportFormatFromName(parser.value(formatOpt));
    if (!format) {
        printError(Cmd, u"unknown format \"%1\" (use json, csv or html)"_s.arg(parser.value(formatOpt)));
        return ExitUsage;
    }
    dedup::DedupOptions options;
    if (const std::optional<qint64> window = parseDuration(parser.value(windowOpt))) {
        options.windowMs = *window;
    } else {
        printError(Cmd, u"--window takes a duration such as 48h, 90m, 2d or 3600s (got \"%1\")"_s.arg(parser.value(windowOpt)));
        return ExitUsage;
    }

    capture::ReadOptions readOptions;
    readOptions.defaultPixelId = parser.value(pixelOpt);
    capture::CaptureReader reader(readOptions);
    for (const QString &f : browserFiles)
        reader.addFile(f, capture::Side::Browser);
    for (const QString &f : serverFiles)
        reader.addFile(f, capture::Side::Server);
    capture::CaptureSet captures;
    reader.read(captures);
    for (const capture::CaptureIssue &issue : std::as_const(captures.issues))
        printError(Cmd, issue.toString());
    for (const capture::CaptureFile &f : std::as_const(captures.files)) {
        if (f.issues > capture::CaptureSet::MaxIssuesPerFile)
            printError(Cmd, u"%1: … and %2 more problems"_s.arg(f.path).arg(f.issues - capture::CaptureSet::MaxIssuesPerFile));
    }
    for (const QString &note : std::as_const(captures.notes))
        printError(Cmd, u"note: "_s + note);

    const dedup::DedupResult result = dedup::Matcher(options).match(captures.events);

    QFile out;
    const bool toFile = parser.isSet(outOpt);
    const bool opened = toFile ? (out.setFileName(parser.value(outOpt)), out.open(QIODevice::WriteOnly | QIODevice::Truncate))
                               : out.open(stdout, QIODevice::WriteOnly);
    if (!opened) {
        printError(Cmd, u"cannot write %1: %2"_s.arg(parser.value(outOpt), out.errorString()));
        return ExitIo;
    }
    QString error;
    if (!dedup::writeReport(out, *format, captures, result, &error)) {
        printError(Cmd, u"cannot write the report: "_s + error);
        return ExitIo;
    }
    out.close();
    if (captures.anyUnopened())
        return ExitIo;
    return captures.issueCount() > 0 ? ExitBadInput : ExitOk;
}

} // namespace capiqa::cli
