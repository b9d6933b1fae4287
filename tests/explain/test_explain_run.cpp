// The whole path from prompt and model folders to a session: failure isolation, the v cache, the exact limit,
// cancellation and κ between two copies of one model.
#include "common/error.h"
#include "common/fixtures.h"
#include "explain/explain_run.h"
#include "model/cpu_threads.h"
#include "store/session_file.h"
#include "study_test_util.h"

#include <QTest>

using namespace interlens;

namespace {
const char* kPrompt =
    "Once upon a time there was a little girl named Lily. She loved to play with her big red ball in the";

ExplainRequest storiesRequest(const QString& dir, const QString& cache)
{
    ExplainRequest request;
    request.prompt = kPrompt;
    request.players = "little,girl,Lily,loved,play,ball";
    request.targetWord = "park";
    request.modelDirs = {dir.toStdString(), dir.toStdString(), (dir + "-missing").toStdString()};
    request.cachePath = (cache + "/v_cache.h5").toStdString();
    return request;
}
} // namespace

class TestExplainRun : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void runsSavesAndReusesTheCache()
    {
        const QString dir = test::fixturePath("models/stories260K");
        INTERLENS_REQUIRE_FIXTURE(dir);
        const QString scratch = test::scratchDir("explain_run");
        const ExplainRequest request = storiesRequest(dir, scratch);
        const Session session = runExplain(request);

        QCOMPARE(session.models.size(), size_t{3});
        const ModelResult& a = session.models[0];
        const ModelResult& b = session.models[1];
        QVERIFY2(!a.failed(), a.error.c_str());
        QVERIFY(session.models[2].failed()); // the missing folder fails alone
        QVERIFY(session.models[2].error.find("-missing") != std::string::npos);
        QCOMPARE(a.v.size(), size_t{64});
        QCOMPARE(a.v[0], 0.0);
        QCOMPARE(a.v, b.v);
        QCOMPARE(a.targetRank, int64_t{0});
        QCOMPARE(session.meta.players[2].word, std::string("Lily"));
        QCOMPARE(session.pairs.size(), size_t{1});
        // Two copies of one model share every salient interaction.
        QCOMPARE(session.pairs[0].kappa->salientDenominator, 1.0);
        QVERIFY(!session.pairs[0].sharedAnd.empty());

        const Session again = runExplain(request);
        QCOMPARE(again.models[0].v, a.v);
        QCOMPARE(again.models[0].extraScalars.at("v_from_cache"), 1.0);

        const std::string file = (scratch + "/session.h5").toStdString();
        saveSession(session, file);
        const Session loaded = loadSession(file);
        QCOMPARE(loaded.models[0].iAnd, a.iAnd);
        QCOMPARE(loaded.pairs[0].sharedOr, session.pairs[0].sharedOr);
    }

    void pairsRunSideBySideWithTheSameResults()
    {
        // Three different random models: three different pairs, computed on 1 thread and on 3 at once.
        const QString dir = test::scratchDir("explain_pairs");
        ExplainRequest request;
        request.prompt = "The little girl named Lily loved to play with the red ball in the";
        request.players = "little,girl,Lily,play,ball";
        request.targetWord = "park";
        request.useCache = false;
        for (int i = 0; i < 3; ++i)
            request.modelDirs.push_back(test::writeTinyStudyModel(dir + QString("/m%1").arg(i), 31 + i));
        const int threads = libtorchThreads();
        setLibtorchThreads(1);
        const Session one = runExplain(request);
        setLibtorchThreads(3);
        std::vector<std::string> stages;
        RunControl control;
        control.progress = [&](const ProgressEvent& event) { stages.push_back(progressText(event)); };
        const Session three = runExplain(request, control);
        setLibtorchThreads(threads);
        QCOMPARE(three.pairs.size(), size_t{3});
        QCOMPARE(three.pairs[1].a + "/" + three.pairs[1].b, std::string("m0/m2")); // pair order kept
        QVERIFY(three.pairs[0].kappa != three.pairs[2].kappa);                     // the pairs do differ
        for (size_t k = 0; k < 3; ++k)
            QVERIFY(three.pairs[k] == one.pairs[k]);
        QVERIFY(std::find(stages.begin(), stages.end(), "joint extraction: 0 of 3 pairs") != stages.end());
    }

    void reusesLoadedModelsAndReportsPerModelProgress()
    {
        const QString dir = test::fixturePath("models/stories260K");
        INTERLENS_REQUIRE_FIXTURE(dir);
        ExplainRequest request = storiesRequest(dir, test::scratchDir("explain_loaded"));
        request.useCache = false;
        const std::vector<LoadedModel> models = loadModels(request.modelDirs, request.device);
        QCOMPARE(models.size(), size_t{3});
        QVERIFY(!models[0].failed());
        QVERIFY(models[2].failed());

        std::vector<std::vector<double>> fractions(3);
        RunControl control;
        std::vector<ProgressStage> lastStages(3);
        std::vector<std::string> names(3);
        control.progress = [&](const ProgressEvent& event) {
            if (event.model) {
                fractions.at(*event.model).push_back(event.fraction);
                lastStages.at(*event.model) = event.stage;
                names.at(*event.model) = event.modelName;
            }
        };
        const Session first = runExplain(request, models, control);
        request.prompt += " "; // a second prompt on the same loaded models
        const Session second = runExplain(request, models);
        QCOMPARE(first.models[0].v,
                 runExplain(storiesRequest(dir, test::scratchDir("explain_loaded2"))).models[0].v);
        QVERIFY(second.models[1].v.size() == 64 && second.models[2].failed());
        for (const auto& f : fractions) {
            QVERIFY(!f.empty());
            QVERIFY(std::is_sorted(f.begin(), f.end()));
            QCOMPARE(f.back(), 1.0); // each model reports its end, the failed one included
        }
        for (size_t i = 0; i < 3; ++i)
            QCOMPARE(names[i], first.models[i].id);
        QVERIFY(lastStages[0] == ProgressStage::Done && lastStages[2] == ProgressStage::Failed);
    }

    void refusesTooManyPlayersWithAnEstimate()
    {
        ExplainRequest request;
        request.prompt = kPrompt;
        request.players = "auto:9";
        request.maxPlayers = 8;
        request.modelDirs = {"unused"};
        try {
            runExplain(request);
            QFAIL("no error");
        } catch (const InputError& e) {
            QVERIFY2(std::string(e.what()).find("512 masked forward passes") != std::string::npos, e.what());
        }
    }

    void cancels()
    {
        const QString dir = test::fixturePath("models/stories260K");
        INTERLENS_REQUIRE_FIXTURE(dir);
        ExplainRequest request = storiesRequest(dir, test::scratchDir("explain_cancel"));
        request.useCache = false;
        std::atomic<bool> cancel{false};
        RunControl control;
        control.cancel = &cancel;
        control.progress = [&cancel](const ProgressEvent& event) {
            if (event.overall > 0.2)
                cancel = true;
        };
        QVERIFY_THROWS_EXCEPTION(CancelledError, runExplain(request, control));
    }
};

QTEST_GUILESS_MAIN(TestExplainRun)
#include "test_explain_run.moc"
