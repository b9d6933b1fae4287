// The command line as a user meets it (issue 20): --version and --help, exit 2 for unknown commands and
// options (never the GUI), a hint instead of a crash without a display, progress as plain lines off a
// terminal, as a bar with rate and time left on one, nothing with --quiet, and 130/143 after SIGINT/SIGTERM
// with the finished work written. Runs the built binary on the bundled models.
#include "common/fixtures.h"
#include "study/study_file.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

#include <csignal>

using namespace interlens;

namespace {

const QString kBinary = QStringLiteral(INTERLENS_BINARY);
const QString kSource = QStringLiteral(INTERLENS_SOURCE_DIR);

struct Result
{
    int code = -1; // -1: crashed or killed by a signal
    QString out;
    QString err;
};

// The environment of a headless cluster node: no display, no Qt platform chosen.
QProcessEnvironment headless()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
        env.remove(QString::fromLatin1(name));
    env.insert(QStringLiteral("OMP_WAIT_POLICY"), QStringLiteral("PASSIVE"));
    env.insert(QStringLiteral("HOME"),
               test::scratchDir(QStringLiteral("home"))); // the v cache stays out of ~
    return env;
}

Result run(const QStringList& args, int timeoutMs = 60000)
{
    QProcess process;
    process.setProcessEnvironment(headless());
    process.start(kBinary, args);
    Result r;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(2000);
    }
    r.out = QString::fromUtf8(process.readAllStandardOutput());
    r.err = QString::fromUtf8(process.readAllStandardError());
    r.code = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return r;
}

// Starts `args`, waits until stderr contains `marker`, sends `signal`, and returns the result.
Result interrupt(const QStringList& args, const QString& marker, int signal)
{
    QProcess process;
    process.setProcessEnvironment(headless());
    process.start(kBinary, args);
    QString err;
    QElapsedTimer timer;
    timer.start();
    while (!err.contains(marker) && process.state() != QProcess::NotRunning && timer.elapsed() < 60000) {
        process.waitForReadyRead(200);
        err += QString::fromUtf8(process.readAllStandardError());
    }
    if (process.state() != QProcess::NotRunning)
        ::kill(static_cast<pid_t>(process.processId()), signal);
    process.waitForFinished(60000);
    Result r;
    r.err = err + QString::fromUtf8(process.readAllStandardError());
    r.out = QString::fromUtf8(process.readAllStandardOutput());
    r.code = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return r;
}

const QStringList kExplainOnBundled = {QStringLiteral("explain"), QStringLiteral("--prompt"),
                                       QStringLiteral("And God said, Let there be light: and there was"),
                                       QStringLiteral("--no-cache")};

// Enough eligible (non-stop) words for auto:10.
const QStringList kExplainLong = {
    QStringLiteral("explain"), QStringLiteral("--prompt"),
    QStringLiteral("In the beginning God created the heaven and the earth. And the earth "
                   "was without form, and void; and darkness was upon the face of the "
                   "deep. And the Spirit of God moved upon the face of the"),
    QStringLiteral("--no-cache")};

} // namespace

class TestAppCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void version()
    {
        const Result r = run({QStringLiteral("--version")});
        QCOMPARE(r.code, 0);
        for (const char* needle :
             {"interlens 0.", "(git ", "libtorch ", "Qt 6.", "HDF5 1.", "devices: cpu ("})
            QVERIFY2(r.out.contains(QLatin1String(needle)), qPrintable(r.out));
    }

    void helpListsCommandsAndExitCodes()
    {
        const Result r = run({QStringLiteral("--help")});
        QCOMPARE(r.code, 0);
        for (const char* needle : {"explain", "study", "merge", "Exit codes", "130", "143", "--quiet"})
            QVERIFY2(r.out.contains(QLatin1String(needle)), qPrintable(r.out));
    }

    void everyCommandHasHelp_data()
    {
        QTest::addColumn<QString>("command");
        for (const char* c :
             {"logits", "tokenize", "predict", "decompose", "explain", "inspect", "train", "study", "merge"})
            QTest::newRow(c) << QString::fromLatin1(c);
    }

    void everyCommandHasHelp()
    {
        QFETCH(QString, command);
        const Result r = run({command, QStringLiteral("--help")});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains(QLatin1String("--help")) && r.out.contains(QLatin1String("Exit codes")),
                 qPrintable(r.out));
    }

    void usageErrorsExit2NeverTheGui_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown command")
            << QStringList{"frobnicate"} << QString("unknown sub-command 'frobnicate'");
        QTest::newRow("unknown option") << QStringList{"--frobnicate"} << QString("frobnicate");
        QTest::newRow("unknown GUI file") << QStringList{"missing/session.h5"} << QString("no such file");
        // A hub id on the GUI's command line is resolved like --model (cli/model_arguments.h); a miss says
        // where it looked.
        QTest::newRow("uncached GUI hub id") << QStringList{"EleutherAI/not-cached@main"}
                                             << QString("as a hub id: 'EleutherAI/not-cached@main'");
        QTest::newRow("unknown command option")
            << QStringList{"explain", "--frobnicate"} << QString("frobnicate");
        QTest::newRow("bad value") << QStringList{"study", "--prompts", "x.jsonl", "--out",
                                                  "s.h5",  "--players", "0"}
                                   << QString("--players");
        QTest::newRow("missing file")
            << QStringList{"inspect", "no-such-file.h5"} << QString("no-such-file.h5");
    }

    void usageErrorsExit2NeverTheGui()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Result r = run(args);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QVERIFY2(!r.err.contains(QLatin1String("no display")), qPrintable(r.err)); // the GUI was never tried
    }

    void noDisplaySaysHowToRunHeadless()
    {
        const Result r = run({});
        QCOMPARE(r.code, 2); // a message and a usage exit, not Qt's abort (134) with a core dump
        for (const char* needle : {"no display", "interlens explain", "--help", "xvfb-run"})
            QVERIFY2(r.err.contains(QLatin1String(needle)), qPrintable(r.err));
    }

    void progressIsPlainLinesOffATerminalAndQuietWithQuiet()
    {
        const Result plain = run(kExplainOnBundled + QStringList{"--players", "auto:3"});
        QCOMPARE(plain.code, 0);
        QVERIFY2(plain.err.contains(QLatin1String("[100%] done")), qPrintable(plain.err));
        QVERIFY(!plain.err.contains(QLatin1Char('\r')));
        const Result quiet = run(kExplainOnBundled + QStringList{"--players", "auto:3", "--quiet"});
        QCOMPARE(quiet.code, 0);
        QCOMPARE(quiet.err, QString());
        QVERIFY(quiet.out.contains(QLatin1String("kappa")));
    }

    void progressIsABarWithRateOnATerminal()
    {
        // script(1) gives the command a pseudo-terminal, as an interactive shell would.
        const QString script = QStandardPaths::findExecutable(QStringLiteral("script"));
        if (script.isEmpty())
            QSKIP("script(1) not installed");
        QStringList words = {kBinary};
        for (const QString& a : kExplainLong + QStringList{"--players", "auto:5"})
            words << QStringLiteral("'") + a + QStringLiteral("'");
        QProcess process;
        process.setProcessEnvironment(headless());
        process.start(script,
                      {QStringLiteral("-qec"), words.join(QLatin1Char(' ')), QStringLiteral("/dev/null")});
        QVERIFY(process.waitForFinished(60000));
        const QString tty = QString::fromUtf8(process.readAll());
        QCOMPARE(process.exitCode(), 0);
        QVERIFY2(tty.contains(QLatin1String("\r[#")) && tty.contains(QLatin1String("%/s")), qPrintable(tty));
        QVERIFY2(!tty.contains(QLatin1String("[100%] done")),
                 qPrintable(tty)); // no plain lines on a terminal
    }

    void sigintExits130()
    {
        const Result r =
            interrupt(kExplainLong + QStringList{"--players", "auto:10"}, QStringLiteral("scoring"), SIGINT);
        QCOMPARE(r.code, 130);
        QVERIFY2(r.err.contains(QLatin1String("interrupted")), qPrintable(r.err));
    }

    void sigtermExits143AfterWritingWhatIsDone()
    {
        // A study without --model runs on the bundled models, as explain does.
        const QString dir = test::scratchDir(QStringLiteral("sigterm"));
        const QString prompts = dir + "/prompts.jsonl";
        const Result made =
            run({"study", "--make-prompts", kSource + "/resources/corpus/kjv_heldout.txt",
                 "--line-per-paragraph", "--players", "4", "--min-words", "8", "--out", prompts});
        QCOMPARE(made.code, 0);
        const QString out = dir + "/study.h5";
        const Result r = interrupt({"study", "--prompts", prompts, "--players", "4", "--out", out},
                                   QStringLiteral("[2/"), SIGTERM);
        QCOMPARE(r.code, 143);
        QVERIFY2(r.err.contains(QLatin1String("finished prompts are written")), qPrintable(r.err));
        const Study study = loadStudy(out.toStdString(), false);
        QVERIFY(study.prompts.size() >= 2);
        QVERIFY(!study.meta.complete);
        QCOMPARE(study.meta.models.size(), size_t(4)); // the four bundled models
    }
};

QTEST_GUILESS_MAIN(TestAppCli)
#include "test_app_cli.moc"
