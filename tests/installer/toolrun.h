#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QProcess>
#include <QtCore/QProcessEnvironment>
#include <QtCore/QRegularExpression>
#include <QtCore/QStandardPaths>
#include <QtCore/QStringList>

/// Runs an external program (cpack, dpkg-deb, man, bash, an unpacked binary) to completion, for
/// the installer tests. A program that cannot start or overruns the timeout is reported in `err`.
struct ToolRun {
    int exitCode = -1;
    bool crashed = false;
    QByteArray out;
    QByteArray err;

    /// Everything the test should print when the run was not what it expected.
    QByteArray describe() const
    {
        return "exit " + QByteArray::number(exitCode) + (crashed ? " (crashed)" : "") + "\nstdout:\n" + out
            + "\nstderr:\n" + err;
    }

    /// Whether a validator (appstreamcli) reported an error ("E: ") or a warning ("W: ");
    /// infos and pedantic notes are fine.
    bool reportsErrorsOrWarnings() const
    {
        static const QRegularExpression finding(QStringLiteral("^[EW]: "), QRegularExpression::MultilineOption);
        return finding.match(QString::fromUtf8(out + err)).hasMatch();
    }
};

inline ToolRun runTool(const QString &program, const QStringList &args,
                       const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment(),
                       const QString &workDir = {}, int timeoutMs = 120000)
{
    ToolRun run;
    QProcess process;
    process.setProcessEnvironment(env);
    if (!workDir.isEmpty())
        process.setWorkingDirectory(workDir);
    process.start(program, args);
    if (!process.waitForStarted()) {
        run.err = process.errorString().toUtf8();
        return run;
    }
    process.closeWriteChannel();
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        run.err = "timed out after " + QByteArray::number(timeoutMs) + " ms\n" + process.readAllStandardError();
        return run;
    }
    run.crashed = process.exitStatus() != QProcess::NormalExit;
    run.exitCode = run.crashed ? -1 : process.exitCode();
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}
