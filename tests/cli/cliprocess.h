#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QProcess>
#include <QtCore/QRegularExpression>
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

/// Starts `capiqa-cli serve --port 0 ARGS` and returns its base URL ("http://127.0.0.1:PORT"),
/// read from its banner; empty (with the banner in `banner`) when it did not come up.
inline QString startEmulator(QProcess &server, const QStringList &args, QByteArray *banner)
{
    server.start(QStringLiteral(CAPIQA_CLI), QStringList{QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0")} + args);
    if (!server.waitForStarted())
        return {};
    const bool up = QTest::qWaitFor([&] {
        *banner += server.readAllStandardOutput();
        return banner->contains("Ctrl+C");
    }, 10000);
    if (!up)
        return {};
    const auto match = QRegularExpression(QStringLiteral("listening on (http://127\\.0\\.0\\.1:\\d+)")).match(QString::fromUtf8(*banner));
    return match.hasMatch() ? match.captured(1) : QString();
}
