// capiqa-cli hash: what each official implementation sends for a PII value.
#include "clioutput.h"
#include "commands.h"
#include "io/json.h"
#include "io/jsonlinewriter.h"
#include "io/linereader.h"
#include "pii/piiprocessor.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QFile>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>

#include <vector>

using namespace Qt::StringLiterals;
using namespace capiqa::pii;

namespace capiqa::cli {

namespace {

const QString Cmd = u"hash"_s;

std::string_view view(const std::string &s)
{
    return s;
}

// One processor per requested profile, results kept side by side for the agreement check.
struct ProfileSet {
    std::vector<PiiProcessor> processors;
    std::vector<const PiiResult *> results;

    bool compareAll() const { return processors.size() > 1; }

    void process(Field field, std::string_view value)
    {
        results.clear();
        for (PiiProcessor &p : processors)
            results.push_back(&p.process(field, value));
    }
    bool allAgree() const
    {
        for (const PiiResult *r : results) {
            if (r->payload() != results.front()->payload())
                return false;
        }
        return true;
    }
};

void appendResultLine(std::string &out, std::string_view field, std::string_view value, const ProfileSet &set,
                      std::size_t index)
{
    const PiiResult &r = *set.results[index];
    io::JsonLine line(out);
    line.add("field", field).add("value", value).add("profile", profileName(set.processors[index].profile()));
    line.add("status", statusWord(r.status));
    if (r.normalized.empty() && sendsNothing(r.status))
        line.addNull("normalized");
    else
        line.add("normalized", view(r.normalized));
    if (r.sha256.empty())
        line.addNull("sha256");
    else
        line.add("sha256", view(r.sha256));
    if (r.hasSent)
        line.add("sent", view(r.sent));
    else
        line.addNull("sent");
    if (r.error.empty())
        line.addNull("error");
    else
        line.add("error", view(r.error));
    if (set.compareAll()) {
        line.add("all_agree", set.allAgree());
        std::string differs = "[";
        for (std::size_t j = 0; j < set.results.size(); ++j) {
            if (j == index || set.results[j]->payload() == r.payload())
                continue;
            if (differs.size() > 1)
                differs.push_back(',');
            io::appendJsonString(differs, profileName(set.processors[j].profile()));
        }
        differs.push_back(']');
        line.addRaw("differs_from", differs);
    }
    line.finish();
}

// A line that could not be used still yields one record per profile, so that output lines
// stay in step with input lines, and the reason goes to stderr too.
void appendInvalidLine(std::string &out, const ProfileSet &set, qint64 lineNo, const QString &message)
{
    const std::string text = QString(u"line "_s + QString::number(lineNo) + u": "_s + message).toStdString();
    for (const PiiProcessor &p : set.processors) {
        io::JsonLine line(out);
        line.addNull("field").addNull("value").add("profile", profileName(p.profile())).add("status", "invalid-input");
        line.addNull("normalized").addNull("sha256").addNull("sent").add("error", std::string_view(text));
        line.finish();
    }
    printError(Cmd, QString::fromStdString(text));
}

QString fieldList()
{
    QStringList keys;
    for (Field f : AllFields)
        keys << QString::fromLatin1(fieldKey(f));
    return keys.join(u", "_s);
}

int hashStream(QIODevice &device, ProfileSet &set)
{
    StdoutSink sink;
    io::LineReader reader(&device, 1 << 20);
    io::LineReader::Line line;
    qint64 bad = 0;
    while (reader.next(line)) {
        std::string &out = sink.buffer();
        if (line.tooLong) {
            appendInvalidLine(out, set, line.number,
                              u"line of %1 bytes is longer than the 1 MiB limit; skipped"_s.arg(line.length));
            ++bad;
            continue;
        }
        if (line.text.find_first_not_of(" \t\r") == std::string_view::npos)
            continue; // blank lines separate nothing and mean nothing
        QJsonParseError parseError;
        const QJsonDocument doc = io::parseJson(
            QByteArray::fromRawData(line.text.data(), qsizetype(line.text.size())), &parseError);
        if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
            appendInvalidLine(out, set, line.number,
                              parseError.error != QJsonParseError::NoError
                                  ? u"not valid JSON (%1 at byte %2)"_s.arg(parseError.errorString()).arg(parseError.offset + 1)
                                  : u"expected a JSON object like {\"field\":\"em\",\"value\":\"…\"}"_s);
            ++bad;
            continue;
        }
        const QJsonObject obj = doc.object();
        const QJsonValue fieldValue = obj.value(QLatin1StringView("field"));
        const QJsonValue valueValue = obj.value(QLatin1StringView("value"));
        // A plain Field plus a flag: GCC 12 warns (falsely) about std::optional here.
        Field field = Field::Em;
        bool known = false;
        if (fieldValue.isString()) {
            if (const auto f = fieldFromKey(fieldValue.toString())) {
                field = *f;
                known = true;
            }
        }
        QString problem;
        if (!fieldValue.isString())
            problem = u"\"field\" must be a string (one of %1)"_s.arg(fieldList());
        else if (!known)
            problem = u"unknown field \"%1\" (expected one of %2)"_s.arg(fieldValue.toString(), fieldList());
        else if (!valueValue.isString())
            problem = u"\"value\" must be a string"_s;
        if (!problem.isEmpty()) {
            appendInvalidLine(out, set, line.number, problem);
            ++bad;
            continue;
        }
        const QByteArray value = valueValue.toString().toUtf8();
        const std::string_view valueView(value.constData(), std::size_t(value.size()));
        set.process(field, valueView);
        for (std::size_t i = 0; i < set.results.size(); ++i)
            appendResultLine(out, fieldKey(field), valueView, set, i);
        sink.maybeFlush();
    }
    if (!reader.errorString().isEmpty()) {
        printError(Cmd, u"reading the input failed: "_s + reader.errorString());
        return ExitIo;
    }
    if (!sink.flush()) {
        printError(Cmd, u"could not write to standard output"_s);
        return ExitIo;
    }
    return bad > 0 ? ExitBadInput : ExitOk;
}

QString describe(const PiiResult &r)
{
    switch (r.status) {
    case Status::Rejected: return u"throws: "_s + QString::fromStdString(r.error);
    case Status::Dropped: return u"omitted"_s;
    case Status::DroppedNull: return u"sends null"_s;
    default: return QString::fromStdString(r.sent);
    }
}

int hashOne(Field field, const QString &value, ProfileSet &set, bool json)
{
    const QByteArray utf8 = value.toUtf8();
    const std::string_view valueView(utf8.constData(), std::size_t(utf8.size()));
    set.process(field, valueView);
    if (json) {
        StdoutSink sink;
        for (std::size_t i = 0; i < set.results.size(); ++i)
            appendResultLine(sink.buffer(), fieldKey(field), valueView, set, i);
        return sink.flush() ? ExitOk : ExitIo;
    }
    QString text;
    for (std::size_t i = 0; i < set.results.size(); ++i) {
        const PiiResult &r = *set.results[i];
        text += u"%1  %2  normalized: %3\n%4  sent: %5\n"_s.arg(QString::fromLatin1(profileName(set.processors[i].profile())), -10)
                    .arg(QString::fromLatin1(statusWord(r.status)), -18)
                    .arg(r.normalized.empty() && sendsNothing(r.status) ? u"-"_s : u"\""_s + QString::fromStdString(r.normalized) + u'"')
                    .arg(QString(), 10)
                    .arg(describe(r));
    }
    if (set.compareAll())
        text += set.allAgree() ? u"All four implementations send the same value.\n"_s
                               : u"The implementations DISAGREE: a hash sent by one will not match the others'.\n"_s;
    printText(text);
    return ExitOk;
}

} // namespace

int runHash(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Normalizes and hashes PII exactly as Meta's official implementations do.\n"
        "Profiles: meta (parameter builder, default), node-sdk, python-sdk, php-sdk, all.\n"
        "Fields: "_s + fieldList() + u"\n"
        "With --input, each line is {\"field\":\"em\",\"value\":\"...\"} and each output line is\n"
        "{\"field\",\"value\",\"profile\",\"status\",\"normalized\",\"sha256\",\"sent\",\"error\"}\n"
        "(with --profile all, one line per profile plus \"all_agree\" and \"differs_from\").\n"
        "Exit codes: 0 ok, 2 usage, 3 some input lines were invalid (the others were processed), 4 I/O error."_s);
    parser.addHelpOption();
    const QCommandLineOption profileOpt(u"profile"_s, u"Normalizer profile, or 'all'."_s, u"name"_s, u"meta"_s);
    const QCommandLineOption fieldOpt(u"field"_s, u"Hash one VALUE of this field."_s, u"field"_s);
    const QCommandLineOption inputOpt(u"input"_s, u"JSON Lines input file, or - for standard input."_s, u"file"_s);
    const QCommandLineOption formatOpt(u"format"_s, u"Output: json (JSON Lines) or text. Default: text for --field, json for --input."_s,
                                       u"format"_s);
    parser.addOptions({profileOpt, fieldOpt, inputOpt, formatOpt});
    parser.addPositionalArgument(u"value"_s, u"The value to hash (with --field)."_s);

    if (const auto stop = parseCommandLine(parser, args, Cmd))
        return *stop;

    ProfileSet set;
    const QString profileName = parser.value(profileOpt);
    if (profileName == u"all"_s) {
        for (Profile p : AllProfiles)
            set.processors.emplace_back(p);
    } else if (const auto p = profileFromName(profileName)) {
        set.processors.emplace_back(*p);
    } else {
        printError(Cmd, u"unknown profile \"%1\" (use meta, node-sdk, python-sdk, php-sdk or all)"_s.arg(profileName));
        return ExitUsage;
    }

    const QString format = parser.value(formatOpt);
    if (!format.isEmpty() && format != u"json"_s && format != u"text"_s) {
        printError(Cmd, u"unknown format \"%1\" (use json or text)"_s.arg(format));
        return ExitUsage;
    }

    if (parser.isSet(inputOpt) == parser.isSet(fieldOpt)) {
        printError(Cmd, u"give either --field FIELD VALUE or --input FILE (see --help)"_s);
        return ExitUsage;
    }
    if (parser.isSet(fieldOpt)) {
        const auto field = fieldFromKey(parser.value(fieldOpt));
        if (!field) {
            printError(Cmd, u"unknown field \"%1\" (expected one of %2)"_s.arg(parser.value(fieldOpt), fieldList()));
            return ExitUsage;
        }
        if (parser.positionalArguments().size() != 1) {
            printError(Cmd, u"--field needs exactly one VALUE"_s);
            return ExitUsage;
        }
        return hashOne(*field, parser.positionalArguments().constFirst(), set, format == u"json"_s);
    }

    if (format == u"text"_s) {
        printError(Cmd, u"--input writes JSON Lines; --format text is only for --field"_s);
        return ExitUsage;
    }
    const QString path = parser.value(inputOpt);
    QFile file;
    const bool opened = path == u"-"_s ? file.open(stdin, QIODevice::ReadOnly | QIODevice::Unbuffered)
                                       : (file.setFileName(path), file.open(QIODevice::ReadOnly | QIODevice::Unbuffered));
    if (!opened) {
        printError(Cmd, u"cannot open %1: %2"_s.arg(path, file.errorString()));
        return ExitIo;
    }
    return hashStream(file, set);
}

} // namespace capiqa::cli
