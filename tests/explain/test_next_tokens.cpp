// The top-k next-token predictor shared by `interlens predict` and the GUI's target picker, on the pretrained
// stories260K against the Hugging Face reference logits of its fixture prompt.
#include "common/fixtures.h"
#include "explain/next_tokens.h"
#include "model/model_loader.h"
#include "model/safetensors.h"
#include "tokenize/tokenizer.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <numeric>

using namespace interlens;

class TestNextTokens : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void topKMatchesTheReferenceLogits()
    {
        const QString dir = test::fixturePath("models/stories260K");
        INTERLENS_REQUIRE_FIXTURE(dir + QStringLiteral("/reference.safetensors"));
        const auto model = loadCausalLM(dir.toStdString(), chooseDevice("cpu", "float32"));
        const Tokenizer tokenizer = Tokenizer::load(dir.toStdString());
        const std::string prompt = "Once upon a time, there was a little girl named Lily. She loved to play";
        const std::vector<PredictedToken> top = predictNextTokens(*model, tokenizer, prompt, 8);
        QCOMPARE(top.size(), size_t{8});

        const SafetensorsFile reference((dir + QStringLiteral("/reference.safetensors")).toStdString());
        const at::Tensor logits = reference.read("logits_last_prompt").reshape({-1}).to(at::kDouble);
        const at::Tensor logProbs = at::log_softmax(logits, 0);
        std::vector<int64_t> order(static_cast<size_t>(logits.size(0)));
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
            return logits[a].item<double>() > logits[b].item<double>();
        });
        for (size_t i = 0; i < top.size(); ++i) {
            QCOMPARE(top[i].id, order[i]);
            QVERIFY(std::abs(top[i].logProb - logProbs[top[i].id].item<double>()) < 1e-4);
            QVERIFY(std::abs(top[i].prob - std::exp(logProbs[top[i].id].item<double>())) < 1e-5);
            QCOMPARE(top[i].token, tokenizer.idToToken(static_cast<TokenId>(top[i].id)).value_or(""));
            QCOMPARE(top[i].text, tokenizer.decode({static_cast<TokenId>(top[i].id)}, false));
            if (i > 0)
                QVERIFY(top[i].logProb <= top[i - 1].logProb);
        }
        // More than the vocabulary: every token once, probabilities summing to 1.
        const std::vector<PredictedToken> all = predictNextTokens(*model, tokenizer, prompt, 100000);
        QCOMPARE(static_cast<int64_t>(all.size()), model->vocabSize());
        double sum = 0.0;
        for (const PredictedToken& p : all)
            sum += p.prob;
        QVERIFY(std::abs(sum - 1.0) < 1e-4);
    }
};

QTEST_GUILESS_MAIN(TestNextTokens)
#include "test_next_tokens.moc"
