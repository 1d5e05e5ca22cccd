#include "clioutput.h"

#include "commands.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace capiqa::cli {

StdoutSink::StdoutSink()
{
    m_buffer.reserve(2u << 20);
}

StdoutSink::~StdoutSink()
{
    flush();
}

bool StdoutSink::flush()
{
    if (m_buffer.empty())
        return true;
    const std::size_t written = std::fwrite(m_buffer.data(), 1, m_buffer.size(), stdout);
    m_buffer.clear();
    return written > 0 && std::fflush(stdout) == 0;
}

void printError(const QString &command, const QString &message)
{
    const QByteArray text = (u"capiqa-cli "_s + command + u": "_s + message + u'\n').toUtf8();
    std::fwrite(text.constData(), 1, std::size_t(text.size()), stderr);
}

void printText(const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    std::fwrite(utf8.constData(), 1, std::size_t(utf8.size()), stdout);
}

void printHelp(const QCommandLineParser &parser, const QStringList &args)
{
    // QCommandLineParser names the binary's path; a subcommand's help should name the subcommand.
    QString text = parser.helpText();
    const QString program = QCoreApplication::arguments().value(0);
    const qsizetype at = text.indexOf(program);
    if (!program.isEmpty() && at >= 0)
        text.replace(at, program.size(), args.value(0));
    printText(text);
}

std::optional<int> parseCommandLine(QCommandLineParser &parser, const QStringList &args, const QString &command)
{
    if (!parser.parse(args)) {
        printError(command, parser.errorText());
        return ExitUsage;
    }
    if (parser.isSet(u"help"_s)) {
        printHelp(parser, args);
        return ExitOk;
    }
    return std::nullopt;
}

} // namespace capiqa::cli
