// capiqa-cli validate: a request body checked the way Meta checks it, plus the mistakes that
// lose conversions.
#include "clioutput.h"
#include "commands.h"
#include "io/json.h"
#include "validate/validator.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>

using namespace Qt::StringLiterals;
using namespace capiqa::validate;

namespace capiqa::cli {

namespace {

const QString Cmd = u"validate"_s;
constexpr qint64 MaxRequestBytes = 256 * 1024 * 1024;

struct FileResult {
    QString name;
    QString readError; // the file could not be used at all
    QList<Finding> findings;
};

FileResult validateFile(const QString &path, const ValidationOptions &options)
{
    FileResult result;
    result.name = path == u"-"_s ? u"<stdin>"_s : path;
    QFile file;
    const bool opened = path == u"-"_s ? file.open(stdin, QIODevice::ReadOnly)
                                       : (file.setFileName(path), file.open(QIODevice::ReadOnly));
    if (!opened) {
        result.readError = u"cannot open: "_s + file.errorString();
        return result;
    }
    const QByteArray data = file.read(MaxRequestBytes + 1);
    if (data.size() > MaxRequestBytes) {
        result.readError = u"larger than 256 MiB; a Conversions API request is far smaller (at most 1,000 events)"_s;
        return result;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = io::parseJson(data, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        Finding f;
        f.severity = Severity::Error;
        f.rule = u"request.invalid_json"_s;
        f.message = u"This is not valid JSON: %1 at %2."_s.arg(parseError.errorString(), io::lineAndColumn(data, parseError.offset));
        f.fix = u"Fix the JSON syntax at that position (a validator or an editor with JSON support shows it)."_s;
        result.findings << f;
        return result;
    }
    result.findings = Validator().validate(doc, options);
    return result;
}

QString summaryText(const QList<Finding> &findings)
{
    // -> QString: with QT_USE_QSTRINGBUILDER a deduced type would be a builder that refers to
    // the destroyed QString::number() temporary.
    const auto count = [&](Severity s, const QString &one, const QString &many) -> QString {
        const qsizetype n = countOf(findings, s);
        return QString::number(n) + u' ' + (n == 1 ? one : many);
    };
    return count(Severity::Error, u"error"_s, u"errors"_s) + u", "_s + count(Severity::Warning, u"warning"_s, u"warnings"_s)
        + u", "_s + count(Severity::Hint, u"hint"_s, u"hints"_s);
}

QString asText(const FileResult &r)
{
    QString text = r.name + u": "_s + summaryText(r.findings) + u'\n';
    for (const Finding &f : r.findings) {
        text += u"  %1  %2  [%3]\n"_s.arg(severityName(f.severity).toUpper(), -7)
                    .arg(f.path.isEmpty() ? u"(request)"_s : f.path, f.rule);
        text += u"           "_s + f.message + u'\n';
        if (!f.fix.isEmpty())
            text += u"           fix: "_s + f.fix + u'\n';
    }
    return text;
}

QJsonObject asJson(const FileResult &r)
{
    return QJsonObject{{u"file"_s, r.name},
                       {u"summary"_s, QJsonObject{{u"errors"_s, countOf(r.findings, Severity::Error)},
                                                  {u"warnings"_s, countOf(r.findings, Severity::Warning)},
                                                  {u"hints"_s, countOf(r.findings, Severity::Hint)}}},
                       {u"findings"_s, toJson(r.findings)}};
}

} // namespace

int runValidate(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Checks Conversions API request bodies ({\"data\":[…]}) the way Meta does, plus the mistakes that lose\n"
        "conversions (unhashed PII, millisecond timestamps, missing dedup ids, …).\n"
        "Exit codes: 0 no errors (warnings and hints allowed), 1 at least one error, 2 usage, 4 a file could not be read."_s);
    parser.addHelpOption();
    const QCommandLineOption nowOpt(u"now"_s, u"Reference time for the age checks, in Unix seconds (default: the clock)."_s,
                                    u"epoch"_s);
    const QCommandLineOption formatOpt(u"format"_s, u"Output: text (default) or json."_s, u"format"_s, u"text"_s);
    parser.addOptions({nowOpt, formatOpt});
    parser.addPositionalArgument(u"file"_s, u"Request body JSON file(s), or - for standard input."_s, u"FILE..."_s);
    if (const auto stop = parseCommandLine(parser, args, Cmd))
        return *stop;
    const QString format = parser.value(formatOpt);
    if (format != u"text"_s && format != u"json"_s) {
        printError(Cmd, u"unknown format \"%1\" (use text or json)"_s.arg(format));
        return ExitUsage;
    }
    ValidationOptions options;
    if (parser.isSet(nowOpt)) {
        bool ok = false;
        options.now = parser.value(nowOpt).toLongLong(&ok);
        if (!ok || options.now <= 0) {
            printError(Cmd, u"--now takes Unix seconds, e.g. 1767225600 (got \"%1\")"_s.arg(parser.value(nowOpt)));
            return ExitUsage;
        }
    }
    const QStringList files = parser.positionalArguments();
    if (files.isEmpty()) {
        printError(Cmd, u"give at least one FILE (or - for standard input)"_s);
        return ExitUsage;
    }

    bool anyErrors = false;
    bool anyUnreadable = false;
    QJsonArray jsonResults;
    for (const QString &path : files) {
        const FileResult r = validateFile(path, options);
        if (!r.readError.isEmpty()) {
            printError(Cmd, r.name + u": "_s + r.readError);
            anyUnreadable = true;
            continue;
        }
        anyErrors = anyErrors || hasErrors(r.findings);
        if (format == u"json"_s)
            jsonResults.append(asJson(r));
        else
            printText(asText(r));
    }
    if (format == u"json"_s) {
        const QJsonDocument doc = files.size() == 1 && jsonResults.size() == 1 ? QJsonDocument(jsonResults.first().toObject())
                                                                               : QJsonDocument(jsonResults);
        printText(QString::fromUtf8(doc.toJson(QJsonDocument::Indented)));
    }
    if (anyUnreadable)
        return ExitIo;
    return anyErrors ? ExitFindings : ExitOk;
}

} // namespace capiqa::cli
