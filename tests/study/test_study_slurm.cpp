// The Slurm recipe on the real scheduler: a one-node cluster on this machine
// (packaging/slurm/local-cluster.sh: munged, slurmctld, slurmd), a 3-task job array of `interlens study` plus
// the merge queued with
// --dependency=afterok (packaging/slurm/submit-study.sh), and the merged file compared with a single-process
// run of the same study. Skipped when Slurm is not installed (packaging/slurm/local-cluster.sh install).
#include "common/fixtures.h"
#include "study/study_file.h"
#include "study/study_merge.h"
#include "study_test_util.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>
#include <QThread>

using namespace interlens;

namespace {

const QString kSource = QStringLiteral(INTERLENS_SOURCE_DIR);
const QString kBinary = QStringLiteral(INTERLENS_BINARY);

QString findTool(const QString& name)
{
    QString path = QStandardPaths::findExecutable(name);
    if (path.isEmpty())
        path = QStandardPaths::findExecutable(name, {"/usr/sbin", "/usr/bin", "/sbin", "/usr/local/sbin"});
    return path;
}

struct Result
{
    int code = -1;
    QString output;
};

Result run(const QString& program, const QStringList& args, const QProcessEnvironment& env, int timeoutMs)
{
    QProcess process;
    process.setProcessEnvironment(env);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, args);
    Result result;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(2000);
        result.output = "timed out: " + program + " " + args.join(' ') + "\n";
    }
    result.output += QString::fromUtf8(process.readAll());
    result.code = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return result;
}

QString readAll(const QString& dir)
{
    QString text;
    for (const QFileInfo& info : QDir(dir).entryInfoList(QDir::Files)) {
        QFile f(info.filePath());
        if (f.open(QIODevice::ReadOnly))
            text += "--- " + info.fileName() + "\n" + QString::fromUtf8(f.readAll()).right(2000) + "\n";
    }
    return text;
}

} // namespace

class TestStudySlurm : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void jobArrayAndMergeEqualASingleRun()
    {
        for (const char* tool : {"slurmctld", "slurmd", "sbatch", "munged"})
            if (findTool(tool).isEmpty())
                QSKIP(qPrintable(QString("Slurm is not installed (%1 not found); install it with "
                                         "`packaging/slurm/local-cluster.sh install` (apt: slurmctld slurmd "
                                         "slurm-client munge)")
                                     .arg(tool)));
        if (!QFile::exists(kBinary))
            QSKIP(qPrintable("the interlens binary is not built: " + kBinary));

        const QString scratch = test::scratchDir("study_slurm");
        const QStringList models = {QString::fromStdString(test::writeTinyStudyModel(scratch + "/alpha", 11)),
                                    QString::fromStdString(test::writeTinyStudyModel(scratch + "/beta", 12))};
        const QString prompts = scratch + "/prompts.jsonl";
        test::writeLines(prompts, test::tinyStudyPromptLines());

        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        const QString state = scratch + "/slurm";
        env.insert("STATE_DIR", state);
        // Ports of our own, so that a cluster left running elsewhere on this machine does not answer.
        const int port = 20000 + static_cast<int>(QCoreApplication::applicationPid() % 2000) * 2;
        env.insert("SLURMCTLD_PORT", QString::number(port));
        env.insert("SLURMD_PORT", QString::number(port + 1));
        env.insert("SLURM_CONF", state + "/slurm.conf");
        env.insert("INTERLENS", kBinary);
        const QString cluster = kSource + "/packaging/slurm/local-cluster.sh";

        QElapsedTimer timer;
        timer.start();
        const Result started = run("bash", {cluster, "start"}, env, 60000);
        // Stop the cluster whatever happens below.
        struct Stopper
        {
            QString cluster;
            QProcessEnvironment env;
            ~Stopper() { run("bash", {cluster, "stop"}, env, 30000); }
        } stopper{cluster, env};
        QVERIFY2(started.code == 0, qPrintable(started.output + readAll(state + "/log")));
        qInfo("cluster up in %.1f s", timer.elapsed() / 1e3);

        const QString out = scratch + "/run";
        const QString studyArgs = "--players 5 --score-all --min-u 0 --no-top1-filter --threads 1";
        const Result submitted = run("bash",
                                     {kSource + "/packaging/slurm/submit-study.sh", "-n", "3", "-p", prompts,
                                      "-m", models.join(' '), "-o", out, "-a", studyArgs, "--",
                                      "--cpus-per-task=1", "--mem=256M", "--time=5"},
                                     env, 30000);
        QVERIFY2(submitted.code == 0, qPrintable(submitted.output));
        const QStringList ids = submitted.output.trimmed().split('\n').last().split(' ');
        QCOMPARE(ids.size(), 2);
        qInfo("array job %s, merge job %s", qPrintable(ids[0]), qPrintable(ids[1]));

        // Wait for the merge job to leave the queue (the array's tasks run first: afterok).
        QString mergeState;
        for (int i = 0; i < 400; ++i) {
            const Result job = run("scontrol", {"show", "job", ids[1]}, env, 10000);
            const int at = job.output.indexOf("JobState=");
            mergeState = at < 0 ? QString() : job.output.mid(at + 9).section(' ', 0, 0);
            if (mergeState == "COMPLETED" || mergeState == "FAILED" || mergeState == "CANCELLED" ||
                mergeState == "TIMEOUT")
                break;
            QThread::msleep(250);
        }
        qInfo("merge job %s after %.1f s", qPrintable(mergeState), timer.elapsed() / 1e3);
        QVERIFY2(mergeState == "COMPLETED",
                 qPrintable("merge job state " + mergeState + "\n" + readAll(out + "/logs")));
        for (int i = 0; i < 3; ++i)
            QVERIFY2(QFile::exists(out + QString("/study-%1.h5").arg(i)), qPrintable(readAll(out + "/logs")));

        // The same study in one process, through the CLI.
        QStringList args = {"study", "--prompts", prompts, "--out", scratch + "/single.h5"};
        for (const QString& m : models)
            args << "--model" << m;
        args << studyArgs.split(' ');
        QProcessEnvironment plain = QProcessEnvironment::systemEnvironment();
        const Result single = run(kBinary, args, plain, 120000);
        QVERIFY2(single.code == 0, qPrintable(single.output));

        const Study merged = loadStudy((out + "/study.h5").toStdString());
        const Study reference = loadStudy((scratch + "/single.h5").toStdString());
        QVERIFY(merged.meta.complete);
        QCOMPARE(merged.prompts.size(), size_t{5});
        const std::string difference = studyDifference(merged, reference);
        QVERIFY2(difference.empty(), difference.c_str());
        // Each shard saw only its slice.
        const Study shard1 = loadStudy((out + "/study-1.h5").toStdString());
        QCOMPARE(shard1.meta.shardIndex, int64_t{1});
        QCOMPARE(shard1.meta.shardCount, int64_t{3});
        QCOMPARE(shard1.prompts.size(), size_t{2}); // prompts 1 and 4
        qInfo("whole test %.1f s", timer.elapsed() / 1e3);
    }
};

QTEST_GUILESS_MAIN(TestStudySlurm)
#include "test_study_slurm.moc"
