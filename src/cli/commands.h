#pragma once

#include <QtCore/QStringList>

/// The subcommands of capiqa-cli. Each takes its own arguments (argv[0] = "capiqa-cli <name>")
/// and returns the process exit code (see ExitCode).
namespace capiqa::cli {

/// Exit codes shared by every subcommand; printed by `capiqa-cli --help`.
enum ExitCode : int {
    ExitOk = 0,          ///< done, nothing wrong
    ExitFindings = 1,    ///< the input was read and has errors (validate), or was rejected
    ExitUsage = 2,       ///< bad command line
    ExitBadInput = 3,    ///< some input lines or files could not be used (the rest was processed)
    ExitIo = 4,          ///< a file could not be opened, read or written
};

int runHash(const QStringList &args);
int runBuild(const QStringList &args);
int runValidate(const QStringList &args);
int runServe(const QStringList &args);
int runSend(const QStringList &args);
int runDedup(const QStringList &args);
int runReplay(const QStringList &args);

} // namespace capiqa::cli
