// Models by hub id from a synthetic Hugging Face cache that the test lays out as huggingface_hub does: two
// revisions of one model (refs/main and refs/step1000 naming two snapshots whose files are symlinks into
// blobs/), a third snapshot named by no ref (reached by its commit hash), and broken entries: a snapshot that
// lacks its weights, one whose blob is gone, an unknown revision, a model not cached at all.
#include "model_test_util.h"
#include "random_checkpoint.h"

#include "common/error.h"
#include "common/fixtures.h"

#include "model/causal_lm.h"
#include "model/hub_cache.h"
#include "model/model_loader.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QTest>

#include <filesystem>
#include <fstream>

using namespace interlens;
namespace fs = std::filesystem;

namespace {

const std::string kMainCommit = "1111111111111111111111111111111111111111";
const std::string kStepCommit = "2222222222222222222222222222222222222222";
const std::string kLooseCommit = "3333333333333333333333333333333333333333";
const std::string kPartialCommit = "4444444444444444444444444444444444444444";
const std::string kDanglingCommit = "5555555555555555555555555555555555555555";

void writeText(const fs::path& file, const std::string& text)
{
    fs::create_directories(file.parent_path());
    std::ofstream(file) << text;
}

// Moves every file of `folder` into repoDir/blobs/<sha256> and links snapshots/<commit>/<name> to it with the
// relative "../../blobs/<sha256>" target huggingface_hub writes.
void addSnapshot(const fs::path& repoDir, const std::string& commit, const fs::path& folder)
{
    const fs::path snapshot = repoDir / "snapshots" / commit;
    fs::create_directories(snapshot);
    fs::create_directories(repoDir / "blobs");
    for (const fs::directory_entry& entry : fs::directory_iterator(folder)) {
        QFile file(QString::fromStdString(entry.path().string()));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const std::string blob =
            QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex().toStdString();
        file.close();
        if (!fs::exists(repoDir / "blobs" / blob))
            fs::copy_file(entry.path(), repoDir / "blobs" / blob);
        fs::create_symlink(fs::path("../../blobs") / blob, snapshot / entry.path().filename());
    }
}

std::string modelFolder(const QString& name, uint64_t seed)
{
    test::RandomModelSpec spec;
    spec.seed = seed;
    const std::string dir = test::writeRandomModel(test::scratchDir(name).toStdString(), spec);
    writeText(fs::path(dir) / "tokenizer.json", "{}"); // only its presence is checked here
    return dir;
}

template <typename F> QString inputErrorOf(F&& body)
{
    try {
        body();
    } catch (const InputError& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

} // namespace

class TestHubCache : public QObject
{
    Q_OBJECT

    std::string m_cache;
    std::string m_mainFolder;
    std::string m_stepFolder;
    fs::path m_repo;

private Q_SLOTS:
    void initTestCase()
    {
        m_cache = test::scratchDir(QStringLiteral("hub-cache")).toStdString();
        m_repo = fs::path(m_cache) / "models--EleutherAI--tiny-model";
        m_mainFolder = modelFolder(QStringLiteral("hub-main"), 1);
        m_stepFolder = modelFolder(QStringLiteral("hub-step"), 2);
        addSnapshot(m_repo, kMainCommit, m_mainFolder);
        addSnapshot(m_repo, kStepCommit, m_stepFolder);
        addSnapshot(m_repo, kLooseCommit, m_stepFolder);  // same blobs, no ref
        writeText(m_repo / "refs" / "main", kMainCommit); // huggingface_hub writes no trailing newline
        writeText(m_repo / "refs" / "step1000", kStepCommit + "\n");

        // Broken entries: a snapshot with only config.json, one whose weight blob was deleted.
        const fs::path partial = m_repo / "snapshots" / kPartialCommit;
        fs::create_directories(partial);
        fs::copy_file(fs::path(m_mainFolder) / "config.json", partial / "config.json");
        writeText(m_repo / "refs" / "partial", kPartialCommit);
        const fs::path dangling = m_repo / "snapshots" / kDanglingCommit;
        fs::create_directories(dangling);
        fs::copy_file(fs::path(m_mainFolder) / "config.json", dangling / "config.json");
        fs::create_symlink("../../blobs/0000deleted", dangling / "model.safetensors");
        writeText(m_repo / "refs" / "dangling", kDanglingCommit);
        qputenv("HF_HUB_CACHE", QByteArray::fromStdString(m_cache));
    }

    void parsesHubIds()
    {
        HubModelId id;
        QVERIFY(parseHubModelId("EleutherAI/pythia-70m", &id));
        QCOMPARE(id.repo, std::string("EleutherAI/pythia-70m"));
        QCOMPARE(id.revision, std::string("main"));
        QVERIFY(parseHubModelId("EleutherAI/pythia-70m@step143000", &id));
        QCOMPARE(id.revision, std::string("step143000"));
        QVERIFY(parseHubModelId("gpt2", &id));
        for (const char* notAnId : {"./models/x", "/abs/path", "a/b/c", "org/name@", "org--x/name", "../x",
                                    "", "org/name@../../etc"})
            QVERIFY2(!parseHubModelId(notAnId, nullptr), notAnId);
    }

    void cacheRootFollowsHuggingFaceHub()
    {
        const QByteArray saved = qgetenv("HF_HUB_CACHE");
        qunsetenv("HF_HUB_CACHE");
        qunsetenv("HUGGINGFACE_HUB_CACHE");
        qputenv("HF_HOME", "/tmp/hf-home");
        QCOMPARE(hubCacheRoot().path, std::string("/tmp/hf-home/hub"));
        qunsetenv("HF_HOME");
        qputenv("XDG_CACHE_HOME", "/tmp/xdg");
        QCOMPARE(hubCacheRoot().path, std::string("/tmp/xdg/huggingface/hub"));
        qunsetenv("XDG_CACHE_HOME");
        QCOMPARE(hubCacheRoot().path, qEnvironmentVariable("HOME").toStdString() + "/.cache/huggingface/hub");
        QCOMPARE(hubCacheRoot().source, std::string("default"));
        qputenv("HF_HUB_CACHE", saved);
        QCOMPARE(hubCacheRoot().path, m_cache);
        QCOMPARE(hubCacheRoot().source, std::string("HF_HUB_CACHE"));
    }

    // Each revision loads the weights of its own snapshot, through the blob symlinks.
    void resolvesRevisions()
    {
        const std::string main = resolveModelLocation("EleutherAI/tiny-model", HubFiles::ModelAndTokenizer);
        QCOMPARE(main, (m_repo / "snapshots" / kMainCommit).string());
        QCOMPARE(resolveModelLocation("EleutherAI/tiny-model@main"), main);
        const std::string step = resolveModelLocation("EleutherAI/tiny-model@step1000");
        QCOMPARE(step, (m_repo / "snapshots" / kStepCommit).string());
        QCOMPARE(resolveModelLocation("EleutherAI/tiny-model@" + kLooseCommit),
                 (m_repo / "snapshots" / kLooseCommit).string());

        const auto fromMain = loadCausalLM(main);
        const auto fromStep = loadCausalLM(step);
        QCOMPARE(fromMain->weightsFingerprint(), loadCausalLM(m_mainFolder)->weightsFingerprint());
        QCOMPARE(fromStep->weightsFingerprint(), loadCausalLM(m_stepFolder)->weightsFingerprint());
        QVERIFY(fromMain->weightsFingerprint() != fromStep->weightsFingerprint());
        const at::Tensor ids = at::arange(3, 11, at::kLong).unsqueeze(0);
        INTERLENS_COMPARE_TENSORS("hub main vs its folder", fromMain->forwardIds(ids).logits,
                                  loadCausalLM(m_mainFolder)->forwardIds(ids).logits, 0.0);

        QCOMPARE(modelDisplayName(main), std::string("tiny-model"));
        QCOMPARE(modelDisplayName(step), std::string("tiny-model@step1000"));
        QCOMPARE(modelDisplayName((m_repo / "snapshots" / kLooseCommit).string()),
                 std::string("tiny-model@333333333333"));
        QCOMPARE(modelDisplayName(m_mainFolder), fs::path(m_mainFolder).filename().string());
    }

    void listsCachedModels()
    {
        const std::vector<CachedHubModel> models = listCachedHubModels(m_cache);
        QCOMPARE(models.size(), size_t{1});
        QCOMPARE(models[0].repo, std::string("EleutherAI/tiny-model"));
        QCOMPARE(models[0].revisions,
                 (std::vector<std::string>{"dangling", "main", "partial", "step1000", kLooseCommit}));
        QVERIFY(listCachedHubModels(m_cache + "/absent").empty());
    }

    // An existing folder is taken as a folder even when its name reads like a hub id.
    void folderWins()
    {
        const QString cwd = QDir::currentPath();
        const QString base = test::scratchDir(QStringLiteral("hub-cwd"));
        QVERIFY(QDir(base).mkpath(QStringLiteral("EleutherAI/tiny-model")));
        QDir::setCurrent(base);
        const std::string resolved = resolveModelLocation("EleutherAI/tiny-model");
        QDir::setCurrent(cwd);
        QCOMPARE(resolved, std::string("EleutherAI/tiny-model"));
        QCOMPARE(resolveModelLocation(m_mainFolder), m_mainFolder);
    }

    void badInput()
    {
        QString message = inputErrorOf([] { resolveModelLocation("EleutherAI/tiny-model@step9"); });
        qInfo("unknown revision: %s", qPrintable(message));
        QVERIFY(message.contains(QStringLiteral("revision step9")));
        QVERIFY(message.contains(QString::fromStdString((m_repo / "refs" / "step9").string())));
        QVERIFY(message.contains(QStringLiteral("main, partial, step1000")));

        message = inputErrorOf([] { resolveModelLocation("EleutherAI/tiny-model@partial"); });
        qInfo("partial snapshot: %s", qPrintable(message));
        QVERIFY(message.contains(QString::fromStdString(kPartialCommit)));
        QVERIFY(message.contains(QStringLiteral("lacks model.safetensors")));
        QVERIFY(!message.contains(QStringLiteral("config.json")));

        message =
            inputErrorOf([] { resolveModelLocation("EleutherAI/tiny-model@step1000", HubFiles::Tokenizer); });
        QVERIFY2(message.isEmpty(), qPrintable(message));
        message = inputErrorOf(
            [] { resolveModelLocation("EleutherAI/tiny-model@partial", HubFiles::ModelAndTokenizer); });
        QVERIFY(message.contains(QStringLiteral("tokenizer.json")));

        message = inputErrorOf([] { resolveModelLocation("EleutherAI/tiny-model@dangling"); });
        qInfo("deleted blob: %s", qPrintable(message));
        QVERIFY(message.contains(QStringLiteral("missing blob ../../blobs/0000deleted")));

        writeText(m_repo / "refs" / "orphan", "9999999999999999999999999999999999999999");
        message = inputErrorOf([] { resolveModelLocation("EleutherAI/tiny-model@orphan"); });
        fs::remove(m_repo / "refs" / "orphan");
        qInfo("ref to a missing snapshot: %s", qPrintable(message));
        QVERIFY(message.contains(QStringLiteral("9999999999999999999999999999999999999999 of "
                                                "EleutherAI/tiny-model@orphan")));

        message = inputErrorOf([] { resolveModelLocation("EleutherAI/pythia-70m@step143000"); });
        qInfo("not cached: %s", qPrintable(message));
        QVERIFY(message.contains(QString::fromStdString(m_cache + "/models--EleutherAI--pythia-70m")));
        QVERIFY(message.contains(QStringLiteral("is not a folder")));
        QVERIFY(message.contains(QStringLiteral("HF_HUB_CACHE")));
    }
};

QTEST_GUILESS_MAIN(TestHubCache)
#include "test_hub_cache.moc"
