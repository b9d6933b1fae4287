// The learned baseline (method.md §2.4) on a real pretrained model: training lowers the interaction penalty,
// is deterministic for a seed, is cached and reused, and reaches the explain run and its v cache key.
#include "common/fixtures.h"
#include "explain/explain_run.h"
#include "explain/learned_baseline.h"
#include "model/model_loader.h"

#include <QFile>
#include <QTest>

#include <algorithm>
#include <cmath>

using namespace interlens;

namespace {
const std::vector<std::string> kSentences = {
    "Once upon a time there was a little girl named Lily. She loved to play with her big red ball in the",
    "Tom had a small dog called Max. Every morning they walked together to the old tree near the",
    "The sun was warm and the birds were singing. Mia took her kite and ran up the green hill to",
};
} // namespace

class TestLearnedBaseline : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void trainingLowersThePenaltyDeterministically()
    {
        const QString dir = test::fixturePath("models/stories260K");
        INTERLENS_REQUIRE_FIXTURE(dir);
        const auto model = loadCausalLM(dir.toStdString());
        const Tokenizer tokenizer = Tokenizer::load(dir.toStdString());
        LearnedBaselineOptions options;
        options.epochs = 12;
        options.learningRate = 0.05; // larger than the lab's 1e-3 so that a dozen epochs move b visibly
        options.playersPerSentence = 6;
        std::vector<double> losses;
        options.progress = [&](int, int, double loss) { losses.push_back(loss); };
        const LearnedBaseline a = trainLearnedBaseline(*model, tokenizer, kSentences, options);
        QCOMPARE(losses.size(), size_t{12});
        QCOMPARE(static_cast<int64_t>(a.vector.size()), model->hiddenSize());
        QVERIFY(std::all_of(a.vector.begin(), a.vector.end(), [](float x) { return std::isfinite(x); }));
        // The draws differ per epoch, so compare the first and last thirds.
        const double first = (losses[0] + losses[1] + losses[2] + losses[3]) / 4;
        const double last = (losses[8] + losses[9] + losses[10] + losses[11]) / 4;
        qInfo("penalty: first epochs %.4f, last epochs %.4f (init %s)", first, last, a.init.c_str());
        QVERIFY2(last < first, "training did not lower the interaction penalty");

        options.progress = nullptr;
        const LearnedBaseline b = trainLearnedBaseline(*model, tokenizer, kSentences, options);
        QVERIFY(a.vector == b.vector); // same seed, same vector
        options.seed = 1;
        QVERIFY(a.vector != trainLearnedBaseline(*model, tokenizer, kSentences, options).vector);
    }

    void cachedOnceAndRetrainedWhenDamaged()
    {
        const QString dir = test::fixturePath("models/stories260K");
        INTERLENS_REQUIRE_FIXTURE(dir);
        const auto model = loadCausalLM(dir.toStdString());
        const Tokenizer tokenizer = Tokenizer::load(dir.toStdString());
        const std::string cache = test::scratchDir("learned_baseline").toStdString();
        LearnedBaselineOptions options;
        options.epochs = 2;
        const LearnedBaseline trained = cachedLearnedBaseline(*model, tokenizer, kSentences, options, cache);
        QVERIFY(!trained.fromCache);
        const LearnedBaseline again = cachedLearnedBaseline(*model, tokenizer, kSentences, options, cache);
        QVERIFY(again.fromCache);
        QVERIFY(trained.vector == again.vector);
        QCOMPARE(again.finalLoss, trained.finalLoss);

        QFile vector(QString::fromStdString(cache + "/" + trained.key + ".f32"));
        QVERIFY(vector.open(QIODevice::WriteOnly | QIODevice::Truncate));
        vector.write("short");
        vector.close();
        const LearnedBaseline repaired = cachedLearnedBaseline(*model, tokenizer, kSentences, options, cache);
        QVERIFY(!repaired.fromCache);
        QVERIFY(repaired.vector == trained.vector);
    }

    void explainUsesItAndKeysTheVCacheByIt()
    {
        const QString dir = test::fixturePath("models/stories260K");
        INTERLENS_REQUIRE_FIXTURE(dir);
        const QString scratch = test::scratchDir("learned_explain");
        ExplainRequest request;
        request.prompt = kSentences[0];
        request.players = "little,girl,Lily,loved";
        request.modelDirs = {dir.toStdString()};
        request.cachePath = (scratch + "/v_cache.h5").toStdString();
        request.baseline = "learned";
        request.learnedBaseline.epochs = 2;
        request.baselineSentences = kSentences;
        const Session learned = runExplain(request);
        const ModelResult& m = learned.models.at(0);
        QVERIFY2(!m.failed(), m.error.c_str());
        QCOMPARE(m.extraVectors.at("learned_baseline").size(), size_t(64));
        QCOMPARE(m.extraScalars.at("learned_baseline_from_cache"), 0.0);
        QVERIFY(!m.extraScalars.count("v_from_cache"));
        QCOMPARE(runExplain(request).models.at(0).extraScalars.at("learned_baseline_from_cache"), 1.0);

        request.baseline = "mean"; // another baseline: other v, not served from the learned entry
        const Session mean = runExplain(request);
        QVERIFY(!mean.models.at(0).extraScalars.count("v_from_cache"));
        QVERIFY(mean.models.at(0).v != m.v);
    }
};

QTEST_GUILESS_MAIN(TestLearnedBaseline)
#include "test_learned_baseline.moc"
