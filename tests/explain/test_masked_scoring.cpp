// The KV-cache trie must give the same v(S) as scoring every masked sequence in full, on every fixture
// architecture, and both must equal a direct forward of the masked embeddings.
#include "common/error.h"
#include "common/fixtures.h"
#include "model/baseline.h"
#include "model/masked_scoring.h"
#include "model/model_loader.h"

#include <QTest>

#include <cmath>

using namespace interlens;

namespace {

double maxAbsDiff(const std::vector<double>& a, const std::vector<double>& b)
{
    double worst = 0;
    for (size_t i = 0; i < a.size(); ++i)
        worst = std::max(worst, std::abs(a[i] - b[i]));
    return worst;
}

// A deterministic game over `length` tokens: players of one to three tokens spread through the prompt,
// BOS-like position 0 never a player.
MaskedGame makeGame(const CausalLM& model, int64_t length, int players, uint32_t seed)
{
    MaskedGame game;
    uint32_t state = seed;
    auto next = [&state] {
        state = state * 1664525u + 1013904223u;
        return state >> 8;
    };
    for (int64_t t = 0; t < length; ++t)
        game.ids.push_back(static_cast<int64_t>(next() % static_cast<uint32_t>(model.vocabSize())));
    const int64_t stride = (length - 1) / players;
    for (int j = 0; j < players; ++j) {
        const int64_t first = 1 + j * stride + static_cast<int64_t>(next() % 2);
        const int64_t width = 1 + static_cast<int64_t>(next() % std::min<int64_t>(3, stride - 1));
        std::vector<int64_t> tokens;
        for (int64_t t = first; t < std::min(first + width, 1 + (j + 1) * stride); ++t)
            tokens.push_back(t);
        game.playerTokens.push_back(tokens);
    }
    game.baseline = baselineEmbedding(model, "mean");
    game.targetId = static_cast<int64_t>(next() % static_cast<uint32_t>(model.vocabSize()));
    return game;
}

} // namespace

class TestMaskedScoring : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void trieEqualsPlain_data()
    {
        QTest::addColumn<QString>("folder");
        for (const char* name :
             {"gpt2", "llama", "llama3-rope", "mistral", "qwen2", "gemma", "phi", "phi3", "stories260K"})
            QTest::newRow(name) << QStringLiteral("models/") + QLatin1String(name);
        // models-more, one line per family. The 24-token prompt is longer than Gemma-2/3's sliding window
        // (6): local layers mask cached keys.
        for (const char* name : {
                 "falcon",
                 "gemma2",
                 "gemma3",
                 "gpt_neox",
                 "gpt_neox-seq",
                 "mixtral",
                 "olmo",
                 "olmo2",
                 "qwen2_moe",
                 "qwen3",
                 "stablelm",
             })
            QTest::newRow(qPrintable(QStringLiteral("models-more/") + QLatin1String(name)))
                << QStringLiteral("models-more/") + QLatin1String(name);
    }

    void trieEqualsPlain()
    {
        QFETCH(QString, folder);
        const QString dir = test::fixturePath(folder);
        INTERLENS_REQUIRE_FIXTURE(dir);
        const auto model = loadCausalLM(dir.toStdString());
        const MaskedGame game = makeGame(*model, 24, 6, 7);

        ScoringOptions plainOptions;
        plainOptions.plain = true;
        ScoringStats plainStats;
        const auto plain = maskedLogOdds(*model, game, plainOptions, &plainStats);

        // A small batch limit forces the trie to split levels depth-first.
        for (int64_t maxBatch : {int64_t{128}, int64_t{8}}) {
            ScoringOptions trieOptions;
            trieOptions.maxBatch = maxBatch;
            ScoringStats trieStats;
            const auto trie = maskedLogOdds(*model, game, trieOptions, &trieStats);
            const double diff = maxAbsDiff(plain, trie);
            qInfo("%s maxBatch %lld: max |v_trie - v_plain| = %.3g; token-forwards %lld vs %lld",
                  qPrintable(folder), static_cast<long long>(maxBatch), diff,
                  static_cast<long long>(trieStats.tokenForwards),
                  static_cast<long long>(plainStats.tokenForwards));
            QVERIFY2(diff <= 1e-5, qPrintable(QString::number(diff)));
            QVERIFY(trieStats.tokenForwards < plainStats.tokenForwards);
        }
    }

    void plainEqualsDirectForward()
    {
        const QString dir = test::fixturePath("models/stories260K");
        INTERLENS_REQUIRE_FIXTURE(dir);
        const auto model = loadCausalLM(dir.toStdString());
        const MaskedGame game = makeGame(*model, 20, 4, 11);
        ScoringOptions options;
        options.plain = true;
        const auto logOdds = maskedLogOdds(*model, game, options);
        const at::Tensor ids = at::tensor(game.ids, at::kLong);
        for (uint32_t mask : {0u, 5u, 15u}) {
            at::Tensor keep = at::ones({static_cast<int64_t>(game.ids.size())}, at::kBool);
            for (int j = 0; j < 4; ++j)
                if (!(mask >> j & 1u))
                    for (int64_t t : game.playerTokens[static_cast<size_t>(j)])
                        keep[t] = false;
            const auto logits =
                model->forwardEmbeds(model->maskedEmbeddings(ids, keep, game.baseline)).logits;
            const double logProb = at::log_softmax(logits, -1)[0][game.targetId].item<double>();
            // Batch of 16 vs batch of 1: float32 GEMMs may sum in a different order.
            const double diff = std::abs(logOddsFromLogProb(logProb) - logOdds[mask]);
            qInfo("mask %u: |v_direct - v_plain| = %.3g", mask, diff);
            QVERIFY2(diff < 1e-4, qPrintable(QString::number(diff)));
        }
        const auto v = rewardFromLogOdds(logOdds);
        QCOMPARE(v[0], 0.0);
    }

    void cancellationStopsScoring()
    {
        const QString dir = test::fixturePath("models/stories260K");
        INTERLENS_REQUIRE_FIXTURE(dir);
        const auto model = loadCausalLM(dir.toStdString());
        const MaskedGame game = makeGame(*model, 20, 5, 3);
        ScoringOptions options;
        options.maxBatch = 4;
        int calls = 0;
        options.cancelled = [&calls] { return ++calls > 3; };
        QVERIFY_THROWS_EXCEPTION(interlens::CancelledError, maskedLogOdds(*model, game, options));
    }

    void badGamesAreRejected()
    {
        MaskedGame game;
        game.ids = {1, 2, 3, 4};
        game.playerTokens = {{1}, {1, 2}};
        QVERIFY_THROWS_EXCEPTION(InputError, validateGame(game, 10));
        game.playerTokens = {{2}, {1}};
        QVERIFY_THROWS_EXCEPTION(InputError, validateGame(game, 10));
        game.playerTokens = {{1}, {7}};
        QVERIFY_THROWS_EXCEPTION(InputError, validateGame(game, 10));
        game.playerTokens = {{1}, {3}};
        game.targetId = 10;
        QVERIFY_THROWS_EXCEPTION(InputError, validateGame(game, 10));
        game.targetId = 9;
        validateGame(game, 10);
    }
};

QTEST_GUILESS_MAIN(TestMaskedScoring)
#include "test_masked_scoring.moc"
