#pragma once

#include <QtCore/QString>
#include <QtCore/QStringList>

class QCommandLineParser;

#include <optional>
#include <string>
#include <string_view>

namespace capiqa::cli {

/// Buffered stdout for line-oriented output: appends go to a reused buffer that is written out
/// in large blocks, so streaming millions of lines costs one write per megabyte.
class StdoutSink final
{
public:
    StdoutSink();
    ~StdoutSink();
    std::string &buffer() { return m_buffer; }
    /// Writes the buffer out once it is large; call after each appended line.
    void maybeFlush()
    {
        if (m_buffer.size() >= (1u << 20))
            flush();
    }
    /// False when stdout could not be written (e.g. a closed pipe).
    bool flush();

private:
    std::string m_buffer;
};

/// "capiqa-cli <cmd>: <message>" on stderr.
void printError(const QString &command, const QString &message);
void printText(const QString &text); // stdout, UTF-8
/// The parser's help with the subcommand's name (args[0], "capiqa-cli hash") as the program.
void printHelp(const QCommandLineParser &parser, const QStringList &args);
/// Parses a subcommand's arguments. Returns the exit code when the command must stop here: a
/// usage error (reported, ExitUsage) or --help (printed, ExitOk); nullopt to go on.
std::optional<int> parseCommandLine(QCommandLineParser &parser, const QStringList &args, const QString &command);

} // namespace capiqa::cli
