#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QProcess>
#include <QtCore/QStringList>
#include <QtTest/QTest>

/// Runs the built capiqa-cli with arguments and optional standard input; for CLI tests.
struct CliRun {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;

    QList<QByteArray> lines() const
    {
        QList<QByteArray> result = out.split('\n');
        if (!result.isEmpty() && result.constLast().isEmpty())
            result.removeLast();
        return result;
    }
};

inline CliRun runCli(const QStringList &args, const QByteArray &input = {}, int timeoutMs = 120000)
{
    CliRun run;
    QProcess process;
    process.start(QStringLiteral(CAPIQA_CLI), args);
    if (!process.waitForStarted()) {
        run.err = process.errorString().toUtf8();
        return run;
    }
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        run.err = "timed out";
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}
