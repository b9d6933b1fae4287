#pragma once

// Runs the built `interlens` binary as a user would, with a time limit: a command that hangs (a FIFO read, an
// endless loop) is killed and reported as a timeout instead of blocking the test run.

#include <QProcess>
#include <QString>
#include <QStringList>

namespace interlens::test {

struct CliResult
{
    int code = -1; // exit code; -1 when killed or crashed
    bool timedOut = false;
    QString output; // stdout and stderr together
};

// `environment`: extra NAME=value pairs.
inline CliResult runInterlens(const QStringList& args, int timeoutMs = 60000,
                              const QStringList& environment = {})
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("OMP_WAIT_POLICY"), QStringLiteral("PASSIVE"));
    for (const QString& pair : environment)
        env.insert(pair.section(QLatin1Char('='), 0, 0), pair.section(QLatin1Char('='), 1));
    process.setProcessEnvironment(env);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral(INTERLENS_BINARY), args);
    CliResult result;
    if (!process.waitForFinished(timeoutMs)) {
        result.timedOut = true;
        process.kill();
        process.waitForFinished(5000);
    }
    result.output = QString::fromUtf8(process.readAll());
    result.code = !result.timedOut && process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return result;
}

} // namespace interlens::test

// The CLI contract for bad input: exit code 2 (not a hang, a crash or exit 1 "internal error") and a message
// that contains every needle (the file and the field).
#define EXPECT_CLI_BAD_INPUT(args, ...)                                                                      \
    do {                                                                                                     \
        const interlens::test::CliResult result_ = interlens::test::runInterlens(args);                      \
        qInfo("%s", qPrintable(result_.output.trimmed()));                                                   \
        QVERIFY2(!result_.timedOut, qPrintable("timed out (hang): interlens " + (args).join(' ')));          \
        QVERIFY2(result_.code == 2,                                                                          \
                 qPrintable(QStringLiteral("exit %1, expected 2: ").arg(result_.code) + result_.output));    \
        for (const QString& needle_ : QStringList{__VA_ARGS__})                                              \
            QVERIFY2(result_.output.contains(needle_),                                                       \
                     qPrintable("missing \"" + needle_ + "\" in: " + result_.output));                       \
    } while (0)
