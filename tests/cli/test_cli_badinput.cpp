// Bad input through the command line, as a hostile or careless user gives it (issue 19): FIFOs and folders
// where files are expected, values that overflow, damaged study files given to merge, a --v-cache that names
// user data, two runs on one --out, a prompt longer than a RoPE model's positions, NaN weights, nonsense
// config values. Each must end in exit code 2 with a message naming the file and the field, promptly, with
// the user's files untouched. Runs the built `interlens` (tests/cli/CMakeLists.txt).
#include "cli_run.h"
#include "handmade_study.h"
#include "study_test_util.h"

#include "common/fixtures.h"
#include "model/safetensors.h"
#include "model/safetensors_writer.h"
#include "study/study_file.h"
#include "study/study_lock.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QTest>

#include <nlohmann/json.hpp>

#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace interlens;
using interlens::test::runInterlens;

namespace {

QString makeFifo(const QString& path)
{
    QFile::remove(path);
    if (::mkfifo(path.toLocal8Bit().constData(), 0600) != 0)
        qFatal("mkfifo %s failed", qPrintable(path));
    return path;
}

void writeText(const QString& path, const QByteArray& text)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(text);
}

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// A copy of the tiny model folder in which `file` is replaced by a FIFO.
QString modelWithFifo(const QString& model, const QString& root, const QString& file)
{
    const QString dir = root + "/fifo-" + QString(file).replace('.', '-');
    QDir().mkpath(dir);
    for (const QString& name : QDir(model).entryList(QDir::Files)) {
        QFile::remove(dir + "/" + name);
        QFile::copy(model + "/" + name, dir + "/" + name);
    }
    makeFifo(dir + "/" + file);
    return dir;
}

// A copy of the tiny model with config.json changed by `edit`.
QString modelWithConfig(const QString& model, const QString& dir,
                        const std::function<void(nlohmann::json&)>& edit)
{
    QDir().mkpath(dir);
    for (const QString& name : QDir(model).entryList(QDir::Files)) {
        QFile::remove(dir + "/" + name);
        QFile::copy(model + "/" + name, dir + "/" + name);
    }
    nlohmann::json config = nlohmann::json::parse(readAll(dir + "/config.json").toStdString());
    edit(config);
    QFile::remove(dir + "/config.json");
    writeText(dir + "/config.json", QByteArray::fromStdString(config.dump()));
    return dir;
}

// A full disk is told in one line: "interlens: FILE: cannot ...: the disk is full (N free on DIR)", the file
// named, and nothing of HDF5's error stack or detail after it.
void expectOneDiskFullLine(const QString& output, const QString& file)
{
    static const QRegularExpression line(
        R"(^interlens: \S+: cannot [^:()]+: the disk is full \([^()]+ free on [^()]+\)$)");
    const QStringList lines = output.split('\n', Qt::SkipEmptyParts);
    const QStringList full = lines.filter("disk is full");
    QVERIFY2(full.size() == 1, qPrintable(output));
    QVERIFY2(line.match(full.front()).hasMatch() && full.front().contains(file), qPrintable(full.front()));
    QVERIFY2(!output.contains("HDF5") && !output.contains("H5"), qPrintable(output));
}

} // namespace

class TestCliBadInput : public QObject
{
    Q_OBJECT

    QString m_root;
    QString m_model;   // tiny Llama (RoPE, 256 positions) with a byte-level BPE tokenizer
    QString m_prompts; // five prompts over its words

    QStringList studyArgs(const QString& out) const
    {
        return {"study", "--prompts", m_prompts, "--model",     m_model,     "--out",
                out,     "--players", "5",       "--score-all", "--threads", "1"};
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_root = test::scratchDir("cli-badinput");
        m_model = QString::fromStdString(test::writeTinyStudyModel(m_root + "/model", 3));
        m_prompts = m_root + "/prompts.jsonl";
        test::writeLines(m_prompts, test::tinyStudyPromptLines());
        const test::CliResult ok = runInterlens({"predict", m_model, "--text", "The old stone bridge"});
        QVERIFY2(ok.code == 0, qPrintable(ok.output));
    }

    // ---- only regular files are read: a FIFO never blocks (it would, forever, before) ----

    void fifoAsModelFiles_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("config.json") << "config.json";
        QTest::newRow("tokenizer.json") << "tokenizer.json";
        QTest::newRow("model.safetensors") << "model.safetensors";
    }
    void fifoAsModelFiles()
    {
        QFETCH(QString, file);
        const QString dir = modelWithFifo(m_model, m_root, file);
        EXPECT_CLI_BAD_INPUT((QStringList{"predict", dir, "--text", "The old stone bridge"}), file, "FIFO");
    }

    void fifoAsInputFiles()
    {
        const QString fifo = makeFifo(m_root + "/input.fifo");
        EXPECT_CLI_BAD_INPUT((QStringList{"decompose", "--game", fifo}), fifo, "FIFO");
        EXPECT_CLI_BAD_INPUT(studyArgs(m_root + "/never.h5").replaceInStrings(m_prompts, fifo), fifo, "FIFO");
        EXPECT_CLI_BAD_INPUT(
            (QStringList{"logits", m_model, "--ids", "1,2,3", "--keep", "1,0,1", "--baseline", fifo}), fifo,
            "FIFO");
        EXPECT_CLI_BAD_INPUT((QStringList{"inspect", fifo}), fifo, "FIFO");
        EXPECT_CLI_BAD_INPUT((QStringList{"train", "--corpus", fifo, "--out", m_root + "/never-model"}), fifo,
                             "FIFO");
    }

    void folderAsPromptFile()
    {
        EXPECT_CLI_BAD_INPUT(studyArgs(m_root + "/never.h5").replaceInStrings(m_prompts, m_root), m_root,
                             "directory");
    }

    // ---- values that overflow or vanish ----

    void badPlayerLists_data()
    {
        QTest::addColumn<QString>("players");
        QTest::addColumn<QString>("needle");
        QTest::newRow("occurrence overflows") << "old,stone#99999999999999999999"
                                              << "stone#99999999999999999999";
        QTest::newRow("auto count overflows") << "auto:99999999999999999999"
                                              << "auto:99999999999999999999";
        QTest::newRow("empty name inside") << "old,,bridge"
                                           << "empty";
        QTest::newRow("empty name at the end") << "old,bridge,"
                                               << "empty";
    }
    void badPlayerLists()
    {
        QFETCH(QString, players);
        QFETCH(QString, needle);
        EXPECT_CLI_BAD_INPUT(
            (QStringList{"explain", "--model", m_model, "--prompt", "The old stone bridge was built",
                         "--players", players, "--no-cache"}),
            "players", needle);
    }

    // ---- config values that parse but cannot be a model ----

    void nonsenseConfigValues_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<double>("value");
        QTest::newRow("layers") << "num_hidden_layers" << 1e9;
        QTest::newRow("rope_theta zero") << "rope_theta" << 0.0;
        QTest::newRow("rope_theta negative") << "rope_theta" << -10000.0;
        QTest::newRow("rms_norm_eps negative") << "rms_norm_eps" << -1e-6;
    }
    void nonsenseConfigValues()
    {
        QFETCH(QString, key);
        QFETCH(double, value);
        const QString dir = modelWithConfig(m_model, m_root + "/config-" + key, [&](nlohmann::json& c) {
            if (key == "num_hidden_layers")
                c[key.toStdString()] = static_cast<std::int64_t>(value);
            else
                c[key.toStdString()] = value;
        });
        EXPECT_CLI_BAD_INPUT((QStringList{"predict", dir, "--text", "The old stone bridge"}), "config.json",
                             key);
    }

    void nanWeights()
    {
        const QString dir = modelWithConfig(m_model, m_root + "/nan-weights", [](nlohmann::json&) {});
        NamedTensors weights;
        {
            const SafetensorsFile file((dir + "/model.safetensors").toStdString());
            for (const std::string& name : file.names())
                weights.emplace_back(name, file.read(name));
        }
        for (auto& [name, tensor] : weights)
            if (name == "model.norm.weight")
                tensor[3] = std::numeric_limits<float>::quiet_NaN();
        QFile::remove(dir + "/model.safetensors");
        writeSafetensors((dir + "/model.safetensors").toStdString(), weights);
        EXPECT_CLI_BAD_INPUT((QStringList{"predict", dir, "--text", "The old stone bridge"}),
                             "model.safetensors", "model.norm.weight", "NaN");
    }

    void tokenizerPostProcessorTypeNotAString()
    {
        const QString dir = modelWithConfig(m_model, m_root + "/post-processor", [](nlohmann::json&) {});
        nlohmann::json tokenizer = nlohmann::json::parse(readAll(dir + "/tokenizer.json").toStdString());
        tokenizer["post_processor"] = {{"type", 5}};
        QFile::remove(dir + "/tokenizer.json");
        writeText(dir + "/tokenizer.json", QByteArray::fromStdString(tokenizer.dump()));
        writeText(dir + "/tokenizer_config.json", R"({"add_bos_token": true, "bos_token": "<|endoftext|>"})");
        EXPECT_CLI_BAD_INPUT((QStringList{"tokenize", dir, "--text", "The old stone"}), "tokenizer.json",
                             "post_processor", "type");
    }

    void notSafetensorsIsNotEchoed()
    {
        const QString dir = modelWithConfig(m_model, m_root + "/secret", [](nlohmann::json&) {});
        QByteArray secret(8, '\0');
        secret[0] = 40; // a plausible header length, then text that is not JSON
        secret += "password=hunter2-TOP-SECRET-not-json-at-all";
        QFile::remove(dir + "/model.safetensors");
        writeText(dir + "/model.safetensors", secret);
        const test::CliResult result = runInterlens({"predict", dir, "--text", "The old stone bridge"});
        QCOMPARE(result.code, 2);
        QVERIFY2(result.output.contains("model.safetensors"), qPrintable(result.output));
        QVERIFY2(!result.output.contains("hunter2") && !result.output.contains("password"),
                 qPrintable(result.output));
    }

    // ---- RoPE models have a length limit, with the memory it would take ----

    void promptLongerThanRopePositions()
    {
        QString text;
        for (int i = 0; i < 300; ++i)
            text += "the old stone bridge ";
        EXPECT_CLI_BAD_INPUT((QStringList{"predict", m_model, "--text", text}), "256 positions",
                             "max_position_embeddings", "config.json", "memory");
    }

    // ---- the v cache never moves user data ----

    void vCacheNamesUserData()
    {
        const QString study = m_root + "/precious-study.h5";
        saveStudy(test::handmadeStudy(2), study.toStdString());
        const QByteArray before = readAll(study);
        const QString folder = m_root + "/a-folder";
        QDir().mkpath(folder);
        const QString fifo = makeFifo(m_root + "/cache.fifo");
        const QString text = m_root + "/notes.txt";
        writeText(text, "my notes, not a cache\n");
        for (const QString& cache : {study, folder, fifo, text}) {
            EXPECT_CLI_BAD_INPUT(studyArgs(m_root + "/vcache-out.h5") << "--v-cache" << cache, cache);
            const test::CliResult explain =
                runInterlens({"explain", "--model", m_model, "--prompt", "The old stone bridge was built",
                              "--players", "old,stone"},
                             60000, {"INTERLENS_V_CACHE=" + cache});
            QVERIFY2(explain.code == 2 && explain.output.contains(cache), qPrintable(explain.output));
        }
        QCOMPARE(readAll(study), before);
        QCOMPARE(readAll(text), QByteArray("my notes, not a cache\n"));
        QVERIFY(QFileInfo(folder).isDir());
        QVERIFY(QDir(m_root).entryList({"*.corrupt-*"}, QDir::AllEntries).isEmpty());
    }

    // ---- one run per --out ----

    void secondRunOnTheSameOutIsRefused()
    {
        const QString out = m_root + "/locked.h5";
        const StudyLock held(out.toStdString()); // this process is "the first run"
        EXPECT_CLI_BAD_INPUT(studyArgs(out), out,
                             "pid " + QString::number(QCoreApplication::applicationPid()));
        QVERIFY(!QFileInfo::exists(out));
        EXPECT_CLI_BAD_INPUT((QStringList{"merge", m_root + "/precious-study.h5", "--out", out}), out, "pid");
    }

    void staleLockOfADeadRunIsTakenOver()
    {
        const QString out = m_root + "/stale.h5";
        const pid_t child = ::fork();
        if (child == 0) {
            new StudyLock(out.toStdString()); // never released: the process dies holding it, as with kill -9
            ::_exit(0);
        }
        int status = 0;
        ::waitpid(child, &status, 0);
        QVERIFY(QFileInfo::exists(QString::fromStdString(StudyLock::lockPath(out.toStdString()))));
        const test::CliResult result = runInterlens(studyArgs(out) << "--limit"
                                                                   << "1");
        QVERIFY2(result.code == 0, qPrintable(result.output));
        QVERIFY(QFileInfo::exists(out));
        QVERIFY(!QFileInfo::exists(QString::fromStdString(StudyLock::lockPath(out.toStdString()))));
    }

    void emptyLockOfAKilledRunIsTakenOver()
    {
        // kill -9 between QLockFile's creating the lock file and writing its pid leaves it empty; a minute
        // old and flocked by nobody, it is a dead run's.
        const QString out = m_root + "/empty-lock.h5";
        const QString lock = QString::fromStdString(StudyLock::lockPath(out.toStdString()));
        {
            QFile left(lock);
            QVERIFY(left.open(QIODevice::WriteOnly));
            QVERIFY(left.setFileTime(QDateTime::currentDateTime().addSecs(-60),
                                     QFileDevice::FileModificationTime));
        }
        const test::CliResult result = runInterlens(studyArgs(out) << "--limit"
                                                                   << "1");
        QVERIFY2(result.code == 0, qPrintable(result.output));
        QVERIFY(QFileInfo::exists(out));
        QVERIFY(!QFileInfo::exists(lock));
    }

    void emptyLockOfALiveRunIsRefused()
    {
        // The same empty file while a live process holds its flock (a creator about to write its pid):
        // refused, with the lock file named, and left alone.
        const QString out = m_root + "/live-empty-lock.h5";
        const QString lock = QString::fromStdString(StudyLock::lockPath(out.toStdString()));
        QFile held(lock);
        QVERIFY(held.open(QIODevice::WriteOnly));
        QVERIFY(::flock(held.handle(), LOCK_EX | LOCK_NB) == 0);
        QVERIFY(
            held.setFileTime(QDateTime::currentDateTime().addSecs(-60), QFileDevice::FileModificationTime));
        EXPECT_CLI_BAD_INPUT(studyArgs(out), out, lock, "names no process");
        QVERIFY(QFileInfo::exists(lock));
        QVERIFY(!QFileInfo::exists(out));
    }

    // ---- a full disk is named as such, without HDF5's error stack ----

    void fullDiskIsNamed()
    {
        const QString disk = m_root + "/small-disk";
        QDir().mkpath(disk);
        if (QProcess::execute("mount", {"-t", "tmpfs", "-o", "size=96k", "tmpfs", disk}) != 0)
            QSKIP(
                "cannot mount a small tmpfs here (needs root with CAP_SYS_ADMIN): the full-disk messages are "
                "not checked");
        const auto unmount = qScopeGuard([&] { QProcess::execute("umount", {disk}); });
        writeText(disk + "/filler",
                  QByteArray(84 * 1024, 'x')); // 12 KB left: the first prompt fits, not more
        const test::CliResult study = runInterlens(studyArgs(disk + "/study.h5"));
        QCOMPARE(study.code, 2);
        expectOneDiskFullLine(study.output, "study.h5");
        const test::CliResult session =
            runInterlens({"explain", "--model", m_model, "--prompt", "The old stone bridge was built",
                          "--players", "old,stone", "--no-cache", "--out", disk + "/session.h5"});
        QCOMPARE(session.code, 2);
        expectOneDiskFullLine(session.output, "session.h5");
    }

    // ---- merge checks what it merges ----

    void mergeRefusesImpossibleStudies_data()
    {
        QTest::addColumn<int>("damage");
        QTest::addColumn<QString>("needle");
        QTest::newRow("vector length") << 0 << "length 3, expected 2^2 = 4";
        QTest::newRow("negative index") << 1 << "prompt -7";
        QTest::newRow("prompt count 1e12") << 2 << "prompt_count";
        QTest::newRow("shared mask") << 3 << "coalition mask 9";
    }
    void mergeRefusesImpossibleStudies()
    {
        QFETCH(int, damage);
        QFETCH(QString, needle);
        Study study = test::handmadeStudy(3);
        if (damage == 0)
            study.prompts[1].models[0].v.resize(3);
        else if (damage == 1)
            study.prompts[0].prompt.index = -7;
        else if (damage == 2)
            study.meta.promptCount = 1'000'000'000'000;
        else
            study.prompts[2].pairs[0].sharedAnd = {9};
        const QString in = m_root + QStringLiteral("/damaged-%1.h5").arg(damage);
        saveStudy(study, in.toStdString());
        const QString out = m_root + QStringLiteral("/merged-%1.h5").arg(damage);
        EXPECT_CLI_BAD_INPUT((QStringList{"merge", in, "--out", out, "--allow-partial"}), in, needle);
        QVERIFY(!QFileInfo::exists(out));
    }
};

QTEST_GUILESS_MAIN(TestCliBadInput)
#include "test_cli_badinput.moc"
