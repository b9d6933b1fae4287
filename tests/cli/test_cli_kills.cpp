// kill -9 at random moments (docs/reliability.md, "Atomic saves" and "Resumable studies"): a study killed
// again and again and restarted each time ends with exactly the file of an uninterrupted run, and a session
// file being replaced is at every moment either the old file or the new one, never a damaged one. The numbers
// of kills are printed (and recorded in docs/reliability.md).
#include "cli_run.h"
#include "study_test_util.h"

#include "common/fixtures.h"
#include "store/session_file.h"
#include "study/study_file.h"
#include "study/study_merge.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTest>
#include <QThread>

using namespace interlens;

namespace {

void startInterlens(QProcess& process, const QStringList& args)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("OMP_WAIT_POLICY"), QStringLiteral("PASSIVE"));
    process.setProcessEnvironment(env);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral(INTERLENS_BINARY), args);
    process.waitForStarted();
}

// Runs interlens with `args` and kills it with SIGKILL after `delayMs` unless it ended before: true when
// killed; else, when `finished` is given, its exit code and output are stored there.
bool runAndKill(const QStringList& args, int delayMs, test::CliResult* finished = nullptr)
{
    QProcess process;
    startInterlens(process, args);
    if (process.waitForFinished(delayMs)) {
        if (finished) {
            const bool crashed = process.exitStatus() == QProcess::CrashExit;
            finished->code = crashed ? -1 : process.exitCode();
            finished->output = QString::fromLocal8Bit(process.readAll()) +
                               (crashed ? QStringLiteral(" (crashed)") : QString());
        }
        return false;
    }
    process.kill();
    process.waitForFinished(10000);
    return true;
}

// Runs interlens with `args` and kills it with SIGKILL as soon as its output (flushed line by line) contains
// `marker`: true when killed so, false when it ended first (or after two minutes). `output` gets what it
// printed.
bool runAndKillAt(const QStringList& args, const QString& marker, QString& output)
{
    QProcess process;
    startInterlens(process, args);
    QElapsedTimer timer;
    timer.start();
    while (process.state() != QProcess::NotRunning && timer.elapsed() < 120000) {
        process.waitForReadyRead(100);
        output += QString::fromUtf8(process.readAll());
        if (output.contains(marker)) {
            process.kill();
            process.waitForFinished(10000);
            return true;
        }
    }
    process.kill();
    process.waitForFinished(10000);
    output += QString::fromUtf8(process.readAll());
    return false;
}

} // namespace

class TestCliKills : public QObject
{
    Q_OBJECT

    QString m_root;
    QString m_model, m_model2;
    QString m_prompts;

private Q_SLOTS:
    void initTestCase()
    {
        m_root = test::scratchDir("cli-kills");
        m_model = QString::fromStdString(test::writeTinyStudyModel(m_root + "/model-a", 5));
        m_model2 = QString::fromStdString(test::writeTinyStudyModel(m_root + "/model-b", 6));
        m_prompts = m_root + "/prompts.jsonl";
        test::writeLines(m_prompts, test::tinyStudyPromptLines());
    }

    QStringList studyArgs(const QString& out) const
    {
        return QStringList{"study", "--prompts", m_prompts,   "--model", m_model,       "--model",   m_model2,
                           "--out", out,         "--players", "5",       "--score-all", "--threads", "1"};
    }

    void killedStudyResumesToTheUninterruptedResult()
    {
        const auto args = [&](const QString& out) { return studyArgs(out); };
        const QString reference = m_root + "/reference.h5";
        QElapsedTimer timer;
        timer.start();
        const test::CliResult full = test::runInterlens(args(reference), 120000);
        QVERIFY2(full.code == 0, qPrintable(full.output));
        const int fullMs = int(timer.elapsed());
        const std::string runOptions = loadStudy(reference.toStdString(), false).meta.runOptions;

        // Kill at random moments across the run's length, up to kMaxKills times or until a restart gets to
        // the end first; then, if none did, one restart runs to the end. The kills alone need not reach the
        // end: a resumed run starts the process and loads the models again, and on a shared machine whose
        // load grows after the reference run every restart can take longer than any delay drawn from that
        // run's time.
        const int kMaxKills = 20;
        const QString killed = m_root + "/killed.h5";
        QRandomGenerator random(19);
        int kills = 0;
        test::CliResult last;
        bool ended = false;
        for (; kills < kMaxKills; ++kills) {
            // The first kill lands mid-run for sure; later ones at random moments (a resumed run is shorter,
            // so they may come too late, and the run then completes).
            const int delay = kills == 0 ? fullMs / 2 : 50 + int(random.bounded(fullMs));
            if (!runAndKill(args(killed), delay, &last)) {
                ended = true;
                break;
            }
            // Whatever is on disk loads: the study file (if written yet) and every finished prompt's part.
            if (QFileInfo::exists(killed))
                QCOMPARE(loadStudy(killed.toStdString(), false).meta.promptCount, std::int64_t(5));
            for (const QString& part : QDir(killed + ".parts").entryList({"prompt-*.h5"}, QDir::Files))
                QVERIFY(loadPromptPart((killed + ".parts/" + part).toStdString(), runOptions).prompt.index >=
                        0);
        }
        if (!ended)
            last = test::runInterlens(args(killed), 120000);
        QVERIFY2(last.code == 0, qPrintable(QStringLiteral("the restart after %1 kills exited %2%3: %4")
                                                .arg(kills)
                                                .arg(last.code)
                                                .arg(last.timedOut ? " (timed out)" : "")
                                                .arg(last.output)));
        qInfo("study: %d kill -9 survived (%d ms uninterrupted run), then completed", kills, fullMs);
        QVERIFY(kills >= 1);
        const std::string difference =
            studyDifference(loadStudy(reference.toStdString()), loadStudy(killed.toStdString()));
        QVERIFY2(difference.empty(), difference.c_str());
        QVERIFY(!QFileInfo::exists(killed + ".parts"));
        QVERIFY(!QFileInfo::exists(killed + ".lock"));
    }

    void killInsideTheJointPassKeepsItsSavedPairs()
    {
        // kill -9 right after the joint pass saved a prompt's pairs into its part: the resumed run keeps them
        // (it computes only the rest) and writes the file of the uninterrupted run. A run that gets to its
        // end before the kill lands is tried again with a fresh file.
        const QString reference = m_root + "/reference.h5"; // the test above's uninterrupted run
        if (!QFileInfo::exists(reference)) {
            const test::CliResult full = test::runInterlens(studyArgs(reference), 120000);
            QVERIFY2(full.code == 0, qPrintable(full.output));
        }
        const QString marker = QStringLiteral("study: joint pass: saved the pairs of prompt");
        const QRegularExpression planned(QStringLiteral(
            "joint pass: (\\d+) pair extractions to compute, (\\d+) kept from an earlier run"));
        for (int attempt = 0; attempt < 5; ++attempt) {
            const QString out = m_root + QStringLiteral("/joint-%1.h5").arg(attempt);
            QString output;
            if (!runAndKillAt(studyArgs(out), marker, output))
                continue;
            const int saved = int(output.count(marker));
            const test::CliResult resumed = test::runInterlens(studyArgs(out), 120000);
            QVERIFY2(resumed.code == 0, qPrintable(resumed.output));
            const QRegularExpressionMatch m = planned.match(resumed.output);
            QVERIFY2(m.hasMatch(), qPrintable(resumed.output));
            const int toCompute = m.captured(1).toInt(), kept = m.captured(2).toInt();
            qInfo("joint pass killed after %d saved prompt(s): the resumed run kept %d, computed %d", saved,
                  kept, toCompute);
            QVERIFY(kept >= saved && saved >= 1);
            QCOMPARE(kept + toCompute, 4); // 4 scored prompts x 1 pair
            const std::string difference =
                studyDifference(loadStudy(reference.toStdString()), loadStudy(out.toStdString()));
            QVERIFY2(difference.empty(), difference.c_str());
            QVERIFY(!QFileInfo::exists(out + ".parts"));
            return;
        }
        QFAIL("in 5 runs the study ended before the kill inside its joint pass landed");
    }

    void killedSessionSaveLeavesOldOrNewFile()
    {
        const QString session = m_root + "/session.h5";
        const QStringList args{"explain",
                               "--model",
                               m_model,
                               "--model",
                               m_model2,
                               "--prompt",
                               "The little girl named Lily loved to play with the red ball in the",
                               "--players",
                               "little,girl,Lily,play,ball",
                               "--no-cache",
                               "--out",
                               session};
        QElapsedTimer timer;
        timer.start();
        const test::CliResult first = test::runInterlens(args, 120000);
        QVERIFY2(first.code == 0, qPrintable(first.output));
        const int fullMs = int(timer.elapsed());
        const Session original = loadSession(session.toStdString());

        QRandomGenerator random(23);
        int kills = 0;
        for (int attempt = 0; attempt < 12; ++attempt) {
            // Most kills land in the last part of the run, where the file is written.
            const int delay = int(fullMs * 0.5) + int(random.bounded(fullMs));
            kills += runAndKill(args, delay) ? 1 : 0;
            const Session now = loadSession(session.toStdString()); // throws if damaged
            QCOMPARE(now.models.size(), original.models.size());
            QCOMPARE(now.models[0].v, original.models[0].v);
        }
        qInfo("session: %d kill -9 during explain --out survived, file intact each time", kills);
        QVERIFY(QDir(m_root).entryList({".session.h5.tmp-*"}, QDir::Hidden | QDir::Files).size() <= kills);
    }
};

QTEST_GUILESS_MAIN(TestCliKills)
#include "test_cli_kills.moc"
