// Trainer tests on the shipped corpus slices (no network, no fixtures): trained tokenizers load in our
// Tokenizer and round-trip text; the trainable model and the runtime compute the same logits after a save;
// a short run from scratch lowers the loss; runs are deterministic and resumable.
#include "common/fixtures.h"
#include "train_test_util.h"

#include "model/model_loader.h"
#include "tokenize/tokenizer.h"
#include "train/text_file.h"
#include "train/tiny_lm.h"
#include "train/token_stream.h"
#include "train/tokenizer_trainer.h"
#include "train/trainer.h"

#include <ATen/Parallel.h>

#include <QTest>

#include <cmath>
#include <filesystem>

using namespace interlens;
using namespace interlens::train;

namespace {

void quiet(const std::string&) {}

TrainOptions tinyRun(const std::string& out)
{
    TrainOptions o;
    o.corpus = test::corpusFile("kjv_train_slice.txt");
    o.heldOut = test::corpusFile("kjv_heldout.txt");
    o.out = out;
    o.vocab = 400;
    o.model.hidden = 32;
    o.model.layers = 1;
    o.model.heads = 2;
    o.model.context = 32;
    o.steps = 20;
    o.batch = 8;
    o.lr = 1e-2;
    o.minLr = 1e-3;
    o.warmup = 5;
    o.seed = 7;
    o.logEvery = 1000;
    o.evalEvery = 0;
    o.checkpointEvery = 0;
    return o;
}

} // namespace

class TestTrainPipeline : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { at::set_num_threads(2); }

    void tokenizerRoundTrip_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("bytelevel") << "bytelevel";
        QTest::newRow("sentencepiece") << "sentencepiece";
    }

    void tokenizerRoundTrip()
    {
        QFETCH(QString, kind);
        const auto lines = readTextLines(test::corpusFile("kjv_train_slice.txt"));
        const TokenizerKind k = tokenizerKindFromName(kind.toStdString());
        const std::string dir = test::scratchDir("tok_" + kind).toStdString();
        writeTokenizer(trainTokenizer(k, lines, 600, 128), dir);
        const Tokenizer tok = Tokenizer::load(dir);
        QCOMPARE(tok.vocabSize(), 600);
        // Held-out verses, plus characters the corpus never uses (byte fallback / byte-level must cover
        // them).
        auto held = readTextLines(test::corpusFile("kjv_heldout.txt"));
        held.resize(40);
        held.push_back("Zoë's café costs €5 — naïve 日本 ✓");
        size_t tokens = 0, chars = 0;
        for (const std::string& text : held) {
            const Encoding e = tok.encode(text, false);
            QCOMPARE(QString::fromStdString(tok.decode(e.ids, true)), QString::fromStdString(text));
            tokens += e.ids.size();
            chars += text.size();
        }
        // A useful vocabulary compresses English well below one token per character.
        qInfo("%s: %zu chars -> %zu tokens", qPrintable(kind), chars, tokens);
        QVERIFY(double(tokens) < 0.5 * double(chars));
        if (k == TokenizerKind::SentencePiece) {
            QVERIFY(tok.addsBos());
            QCOMPARE(tok.encode("And God said", true).ids.front(), 1);
            QVERIFY(tok.tokenToId("<0x41>").has_value());
        } else {
            QVERIFY(!tok.addsBos());
            QVERIFY(tok.eosId().has_value());
        }
    }

    void saveLoadLogitsMatch_data()
    {
        QTest::addColumn<QString>("arch");
        QTest::newRow("gpt2") << "gpt2";
        QTest::newRow("llama") << "llama";
    }

    void saveLoadLogitsMatch()
    {
        QFETCH(QString, arch);
        ModelSpec spec;
        spec.arch = arch.toStdString();
        spec.vocab = 300;
        spec.hidden = 48;
        spec.layers = 2;
        spec.heads = 4;
        spec.context = 24;
        TinyLM model(spec, 11);
        {
            // Make norms and biases non-trivial, as after training.
            at::NoGradGuard noGrad;
            at::Generator g = at::detail::createCPUGenerator(5);
            for (const auto& [name, t] : model.named())
                t.add_(at::empty(t.sizes(), at::kFloat).normal_(0.0, 0.05, g));
        }
        const std::string dir = test::scratchDir("roundtrip_" + arch).toStdString();
        model.saveHf(dir, at::kFloat);
        const auto loaded = loadCausalLM(dir);
        QCOMPARE(loaded->vocabSize(), spec.vocab);
        QCOMPARE(loaded->parameterCount(), model.parameterCount());
        at::Generator g = at::detail::createCPUGenerator(3);
        const at::Tensor ids = at::randint(0, spec.vocab, {3, spec.context}, g, at::kLong);
        at::Tensor mine;
        {
            at::NoGradGuard noGrad;
            mine = model.forward(ids);
        }
        ForwardOptions all;
        all.output = LogitsOutput::All;
        const at::Tensor theirs = loaded->forwardIds(ids, all).logits;
        const double diff = (mine - theirs).abs().max().item<double>();
        qInfo("%s: max |trainer - runtime| logits = %.3g (scale %.3g)", qPrintable(arch), diff,
              theirs.abs().max().item<double>());
        QVERIFY(diff < 1e-5);

        // Reloading the weights into a fresh model gives the same parameters bit for bit.
        TinyLM again(spec, 99);
        QVERIFY(again.weightsHash() != model.weightsHash());
        again.loadWeights(dir);
        QCOMPARE(again.weightsHash(), model.weightsHash());
    }

    void shortRunLowersLoss()
    {
        const std::string out = test::scratchDir("short_run").toStdString() + "/model";
        TrainOptions o = tinyRun(out);
        o.steps = 40;
        const TrainReport r = trainModel(o, quiet);
        // The untrained model's loss is about ln(vocab).
        const Tokenizer tok = Tokenizer::load(out);
        const double untrained = std::log(double(tok.vocabSize()));
        qInfo("held-out loss: untrained ~%.3f, after %lld steps %.3f", untrained, (long long)r.steps,
              r.heldOutLoss);
        QCOMPARE(r.steps, int64_t(40));
        QVERIFY(r.heldOutLoss < untrained - 0.8);
        // The folder is a complete Hugging Face folder that the runtime loads.
        for (const char* f :
             {"config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json", "training.json"})
            QVERIFY2(std::filesystem::exists(out + "/" + f), f);
        const auto loaded = loadCausalLM(out);
        const at::Tensor windows = evaluationWindows(
            encodeLines(tok, readTextLines(test::corpusFile("kjv_heldout.txt"))), o.model.context);
        QVERIFY(std::abs(heldOutLoss(*loaded, windows) - r.heldOutLoss) < 1e-6);
    }

    void deterministicAndResumable()
    {
        const std::string base = test::scratchDir("determinism").toStdString();
        TrainOptions a = tinyRun(base + "/a");
        a.model.arch = "llama";
        a.tokenizer = TokenizerKind::SentencePiece;
        const TrainReport ra = trainModel(a, quiet);

        TrainOptions b = a;
        b.out = base + "/b";
        const TrainReport rb = trainModel(b, quiet);
        QCOMPARE(rb.weightsHash, ra.weightsHash);

        // 8 steps, stop, resume to 20: the same weights as 20 steps in one go.
        TrainOptions c = a;
        c.out = base + "/c";
        c.tokenizerFrom = base + "/a";
        const TrainReport partial = trainModel(c, quiet, 8);
        QCOMPARE(partial.steps, int64_t(8));
        QVERIFY(partial.weightsHash != ra.weightsHash);
        QVERIFY(!std::filesystem::exists(c.out + "/model.safetensors"));
        c.resume = true;
        const TrainReport rc = trainModel(c, quiet);
        QCOMPARE(rc.steps, int64_t(20));
        QCOMPARE(rc.weightsHash, ra.weightsHash);
        QCOMPARE(rc.heldOutLoss, ra.heldOutLoss);
    }
};

QTEST_GUILESS_MAIN(TestTrainPipeline)
#include "test_train_pipeline.moc"
