// The canonical request key (explain/request_key.h): every input that changes a result changes the key, a
// model retrained into the same folder changes it, and the study's run options carry the same settings.
#include "common/fixtures.h"
#include "explain/request_key.h"
#include "study/study_options.h"
#include "study_test_util.h"

#include <QFile>
#include <QTest>

#include <nlohmann/json.hpp>

#include <functional>
#include <set>

using namespace interlens;

namespace {

ExplainRequest baseRequest(const std::string& dir)
{
    ExplainRequest request;
    request.prompt = "the old bridge was built of stone";
    request.players = "old,bridge,built,stone";
    request.targetWord = "after";
    request.modelDirs = {dir};
    return request;
}

} // namespace

class TestRequestKey : public QObject
{
    Q_OBJECT

    QString m_scratch;
    std::string m_model;

private Q_SLOTS:
    void initTestCase()
    {
        m_scratch = test::scratchDir("request_key");
        m_model = test::writeTinyStudyModel(m_scratch + "/model", 1);
    }

    void sameRequestSameKey()
    {
        const ExplainRequest request = baseRequest(m_model);
        const std::string key = requestKey(request);
        QCOMPARE(key.size(), std::size_t{64});
        QCOMPARE(requestKey(baseRequest(m_model)), key);
        // Where the result goes and how fast it gets there are not part of it.
        ExplainRequest other = request;
        other.useCache = !other.useCache;
        other.cachePath = "/elsewhere/v_cache.h5";
        QCOMPARE(requestKey(other), key);
    }

    void everyInputChangesTheKey()
    {
        const ExplainRequest base = baseRequest(m_model);
        const std::string baseKey = requestKey(base);
        const std::vector<std::pair<const char*, std::function<void(ExplainRequest&)>>> changes = {
            {"prompt", [](ExplainRequest& r) { r.prompt += " again"; }},
            {"players", [](ExplainRequest& r) { r.players = "old,bridge,stone"; }},
            {"target", [](ExplainRequest& r) { r.targetWord = "war"; }},
            {"seed", [](ExplainRequest& r) { r.seed = 7; }},
            {"baseline", [](ExplainRequest& r) { r.baseline = "zero"; }},
            {"scoring", [](ExplainRequest& r) { r.plainScoring = true; }},
            {"max players", [](ExplainRequest& r) { r.maxPlayers = 12; }},
            {"dtype", [](ExplainRequest& r) { r.device.precision = Precision::BFloat16; }},
            {"single mode", [](ExplainRequest& r) { r.single.mode = SparsifyMode::Reference; }},
            {"single q threshold", [](ExplainRequest& r) { r.single.qThreshold = 0.05; }},
            {"single tolerance", [](ExplainRequest& r) { r.single.tolerance = 1e-5; }},
            {"single iterations", [](ExplainRequest& r) { r.single.iterations = 10; }},
            {"single learning rate", [](ExplainRequest& r) { r.single.learningRate = 2e-6; }},
            {"joint mode", [](ExplainRequest& r) { r.joint.mode = SparsifyMode::Reference; }},
            {"alpha", [](ExplainRequest& r) { r.joint.alpha = 0.2; }},
            {"joint q threshold", [](ExplainRequest& r) { r.joint.qThreshold = 0.03; }},
            {"joint p threshold", [](ExplainRequest& r) { r.joint.pThreshold = 0.6; }},
            {"joint average output",
             [](ExplainRequest& r) {
                 r.joint.averageOutput = {1.0, 2.0};
             }},
            {"joint max iterations", [](ExplainRequest& r) { r.joint.maxIterations = 10; }},
            {"joint pairs", [](ExplainRequest& r) { r.jointPairs = false; }},
            {"model folder",
             [this](ExplainRequest& r) {
                 r.modelDirs = {m_model, m_model};
             }},
        };
        std::set<std::string> keys{baseKey};
        for (const auto& [what, change] : changes) {
            ExplainRequest changed = base;
            change(changed);
            QVERIFY2(keys.insert(requestKey(changed)).second, what);
        }

        // The learned baseline's settings count only for a learned baseline, and then each one does.
        ExplainRequest learned = base;
        learned.baseline = "learned";
        const std::string learnedKey = requestKey(learned);
        QVERIFY(keys.insert(learnedKey).second);
        ExplainRequest notLearned = base;
        notLearned.learnedBaseline.epochs = 3;
        QCOMPARE(requestKey(notLearned), baseKey);
        const std::vector<std::pair<const char*, std::function<void(ExplainRequest&)>>> learnedChanges = {
            {"epochs", [](ExplainRequest& r) { r.learnedBaseline.epochs = 3; }},
            {"learning rate", [](ExplainRequest& r) { r.learnedBaseline.learningRate = 0.01; }},
            {"momentum", [](ExplainRequest& r) { r.learnedBaseline.momentum = 0.5; }},
            {"draws", [](ExplainRequest& r) { r.learnedBaseline.drawsPerSentence = 2; }},
            {"players per sentence", [](ExplainRequest& r) { r.learnedBaseline.playersPerSentence = 4; }},
            {"training seed", [](ExplainRequest& r) { r.learnedBaseline.seed = 9; }},
            {"sentences", [](ExplainRequest& r) { r.baselineSentences = {"the river rose"}; }},
        };
        for (const auto& [what, change] : learnedChanges) {
            ExplainRequest changed = learned;
            change(changed);
            QVERIFY2(keys.insert(requestKey(changed)).second, what);
        }
    }

    void retrainedModelChangesTheKey()
    {
        const QString dir = m_scratch + "/retrained";
        const ExplainRequest request = baseRequest(test::writeTinyStudyModel(dir, 1));
        const std::string before = requestKey(request);
        const ModelFolderIdentity identity = modelFolderIdentity(request.modelDirs.front());
        QVERIFY2(identity.error.empty(), identity.error.c_str());
        QCOMPARE(identity.weightsFingerprint.size(), std::size_t{64});

        // Same architecture and shapes (same safetensors header and size), other weights.
        test::writeTinyStudyModel(dir, 2);
        QCOMPARE(modelFolderIdentity(request.modelDirs.front()).configHash, identity.configHash);
        const std::string retrained = requestKey(request);
        QVERIFY(retrained != before);

        // One byte of one weight changed in place.
        QFile file(dir + "/model.safetensors");
        QVERIFY(file.open(QIODevice::ReadWrite));
        const qint64 at = file.size() - 3;
        QVERIFY(file.seek(at));
        char byte = 0;
        QVERIFY(file.getChar(&byte));
        QVERIFY(file.seek(at));
        QVERIFY(file.putChar(static_cast<char>(byte ^ 0x10)));
        file.close();
        QVERIFY(requestKey(request) != retrained);

        // A folder that cannot be read has its error as its identity.
        const ModelFolderIdentity missing = modelFolderIdentity((m_scratch + "/missing").toStdString());
        QVERIFY(!missing.error.empty());
    }

    void studyRunOptionsCarryTheSettings()
    {
        StudyRunOptions options;
        const nlohmann::json base = nlohmann::json::parse(runOptionsJson(options));
        QVERIFY(base.contains("request"));
        // Every request-wide setting of the key, and nothing that a prompt or a machine brings.
        std::size_t settings = 0;
        for (const RequestKeyField& f : requestKeyFields(studyExplainRequest(options), {})) {
            QCOMPARE(base["request"].contains(f.name), f.scope == KeyScope::Setting);
            settings += f.scope == KeyScope::Setting;
        }
        QCOMPARE(base["request"].size(), settings);
        QCOMPARE(base["request"]["joint.alpha"].get<std::string>(), std::string("0.10000000000000001"));
        StudyRunOptions reference = options;
        reference.mode = SparsifyMode::Reference;
        QVERIFY(runOptionsJson(reference) != runOptionsJson(options));
        StudyRunOptions learned = options;
        learned.baseline = "learned";
        QVERIFY(
            nlohmann::json::parse(runOptionsJson(learned))["request"].contains("learned_baseline.epochs"));
    }
};

QTEST_GUILESS_MAIN(TestRequestKey)
#include "test_request_key.moc"
