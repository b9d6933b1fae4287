// Self-contained (no ../shared): small random checkpoints of every architecture, written by the test through
// the safetensors writer, checked for shapes, determinism, batch-vs-single equality, ids-vs-embeddings
// equality and KV-cache continuation (a prefix computed once and continued by batched suffixes, from
// expanded, gathered and different cached rows, in several chunks) against one full forward.
#include "model_test_util.h"
#include "random_checkpoint.h"

#include "common/fixtures.h"

#include "model/baseline.h"
#include "model/causal_lm.h"
#include "model/model_loader.h"
#include "model/runtime.h"

#include <QFile>
#include <QTest>

using namespace interlens;
using interlens::test::RandomModelSpec;

Q_DECLARE_METATYPE(RandomModelSpec)

namespace {

constexpr double kTol = 2e-5; // float32 reordering noise on these tiny models is ~1e-6

at::Tensor randomIds(int64_t rows, int64_t length, int64_t vocab, uint64_t seed)
{
    at::Generator g = at::detail::createCPUGenerator(seed);
    return at::randint(3, vocab, {rows, length}, g, at::kLong);
}

ForwardOptions allLogits()
{
    ForwardOptions o;
    o.output = LogitsOutput::All;
    return o;
}

} // namespace

class TestModelArchitectures : public QObject
{
    Q_OBJECT

    std::unique_ptr<CausalLM> load(const RandomModelSpec& spec, const QString& tag)
    {
        const QString dir = interlens::test::scratchDir(QStringLiteral("arch-") + tag);
        return loadCausalLM(interlens::test::writeRandomModel(dir.toStdString(), spec));
    }

private Q_SLOTS:
    void architecture_data()
    {
        QTest::addColumn<RandomModelSpec>("spec");
        auto row = [](const char* name, RandomModelSpec s) { QTest::newRow(name) << s; };
        RandomModelSpec s;
        s.modelType = "gpt2";
        s.tied = true;
        s.kvHeads = s.heads;
        row("gpt2", s);
        s.tied = false;
        row("gpt2-untied", s);

        s = {};
        row("llama", s);
        s.tied = true;
        s.heads = 4;
        s.kvHeads = 4;
        row("llama-tied-mha", s);
        s = {};
        s.extraConfig["rope_scaling"] = {{"rope_type", "llama3"},
                                         {"factor", 8.0},
                                         {"low_freq_factor", 1.0},
                                         {"high_freq_factor", 4.0},
                                         {"original_max_position_embeddings", 16}};
        row("llama3-rope", s);
        s = {};
        s.extraConfig["rope_scaling"] = {{"type", "linear"}, {"factor", 2.0}};
        row("llama-linear-rope", s);
        s = {};
        s.modelType = "mistral";
        s.extraConfig["sliding_window"] = 5;
        row("mistral-window5", s);
        s = {};
        s.modelType = "qwen2";
        s.tied = true;
        row("qwen2-qkv-bias", s);
        s = {};
        s.modelType = "gemma";
        s.heads = 4;
        s.kvHeads = 1;
        s.headDim = 16; // 4 * 16 != 32
        s.tied = true;
        row("gemma", s);
        s = {};
        s.modelType = "phi";
        s.kvHeads = 4;
        row("phi", s);
        s = {};
        s.modelType = "phi3";
        row("phi3", s);
        s = {};
        s.dtype = at::kHalf;
        row("llama-f16", s);
        s.dtype = at::kBFloat16;
        row("llama-bf16", s);
        s = {};
        s.modelType = "qwen2";
        s.shards = 3;
        row("qwen2-sharded", s);
        // Sliding window 5 on alternating layers: the 12/13-token sequences and the cached prefixes exceed
        // it.
        s = {};
        s.modelType = "gemma2";
        s.headDim = 16;
        s.tied = true;
        row("gemma2-softcap-local", s);
        s.modelType = "gemma3_text";
        row("gemma3-qknorm-two-ropes", s);
        s = {};
        s.modelType = "qwen3";
        s.headDim = 16;
        row("qwen3-qknorm", s);
        s = {};
        s.modelType = "mixtral";
        row("mixtral-moe", s);
        s.modelType = "qwen2_moe";
        row("qwen2_moe-shared-expert", s);
    }

    void architecture()
    {
        QFETCH(RandomModelSpec, spec);
        const auto model = load(spec, QString::fromLatin1(QTest::currentDataTag()));
        const ModelConfig& c = model->config();
        QCOMPARE(c.modelType, spec.modelType);
        QCOMPARE(model->device().precision, Precision::Float32);
        QVERIFY(!model->weightsFingerprint().empty());
        const int64_t kvHeads = spec.modelType == "gpt2" ? spec.heads : spec.kvHeads;
        const int64_t headDim = spec.headDim > 0 ? spec.headDim : spec.hidden / spec.heads;
        const int64_t batch = 4, length = 12, vocab = spec.vocab;
        const at::Tensor ids = randomIds(batch, length, vocab, 7);

        // Shapes and dtype of each output kind.
        const ForwardResult full = model->forwardIds(ids, allLogits());
        QCOMPARE(full.logits.sizes().vec(), (std::vector<int64_t>{batch, length, vocab}));
        QCOMPARE(full.logits.scalar_type(), at::kFloat);
        const at::Tensor last = model->forwardIds(ids).logits;
        QCOMPARE(last.sizes().vec(), (std::vector<int64_t>{batch, vocab}));
        INTERLENS_COMPARE_TENSORS("last vs full[:, -1]", last, full.logits.select(1, -1), kTol);
        QVERIFY(at::isfinite(full.logits).all().item<bool>());
        QVERIFY2(full.logits.std().item<double>() > 0.05,
                 "logits are nearly constant: the test would be weak");

        ForwardOptions cacheOnly;
        cacheOnly.output = LogitsOutput::None;
        cacheOnly.returnCache = true;
        const ForwardResult none = model->forwardIds(ids, cacheOnly);
        QVERIFY(!none.logits.defined());
        QCOMPARE(none.cache.numLayers(), spec.layers);
        QCOMPARE(none.cache.length(), length);
        QCOMPARE(none.cache.layer(0).keys.sizes().vec(),
                 (std::vector<int64_t>{batch, kvHeads, length, headDim}));
        QCOMPARE(none.cache.layer(0).values.sizes().vec(),
                 (std::vector<int64_t>{batch, kvHeads, length, headDim}));

        // Determinism: bit-identical repeats.
        QVERIFY(at::equal(model->forwardIds(ids).logits, last));
        // ids and their embeddings give exactly the same result.
        INTERLENS_COMPARE_TENSORS("ids vs embeds", model->forwardEmbeds(model->embedTokens(ids)).logits, last,
                                  0.0);
        // Batch vs single sequence.
        for (int64_t b = 0; b < batch; ++b)
            INTERLENS_COMPARE_TENSORS("row " + std::to_string(b) + " alone vs in batch",
                                      model->forwardIds(ids.narrow(0, b, 1), allLogits()).logits[0],
                                      full.logits[b], kTol);
    }

    void kvCacheContinuation_data() { architecture_data(); }
    void kvCacheContinuation()
    {
        QFETCH(RandomModelSpec, spec);
        const auto model = load(spec, QString::fromLatin1(QTest::currentDataTag()) + QStringLiteral("-kv"));
        const int64_t batch = 4, prefixLength = 5, length = 13;

        // Four sequences sharing one prefix.
        const at::Tensor prefix = randomIds(1, prefixLength, spec.vocab, 11);
        const at::Tensor suffixes = randomIds(batch, length - prefixLength, spec.vocab, 12);
        const at::Tensor sequences = at::cat({prefix.expand({batch, prefixLength}), suffixes}, 1);
        const at::Tensor full = model->forwardIds(sequences, allLogits()).logits;

        ForwardOptions cacheOnly;
        cacheOnly.output = LogitsOutput::None;
        cacheOnly.returnCache = true;
        const KVCache shared = model->forwardIds(prefix, cacheOnly).cache;
        QCOMPARE(shared.length(), prefixLength);

        // Expanded (no copy) and gathered (copies) batch-1 prefix, suffixes continued in one batch.
        for (const KVCache& rows : {shared.expand(batch), shared.gather(at::zeros({batch}, at::kLong))}) {
            QCOMPARE(rows.batchSize(), batch);
            ForwardOptions o = allLogits();
            o.past = &rows;
            const at::Tensor continued = model->forwardIds(suffixes, o).logits;
            INTERLENS_COMPARE_TENSORS("prefix once + batched suffixes", continued,
                                      full.narrow(1, prefixLength, length - prefixLength), kTol);
            ForwardOptions lastOnly;
            lastOnly.past = &rows;
            INTERLENS_COMPARE_TENSORS("prefix once + suffixes, last logits",
                                      model->forwardIds(suffixes, lastOnly).logits, full.select(1, -1), kTol);
        }

        // In several chunks (3, then 1, then the rest), through the embeddings path, returning caches each
        // time.
        ForwardOptions chained;
        chained.returnCache = true;
        chained.output = LogitsOutput::All;
        KVCache cache = shared.expand(batch);
        int64_t done = prefixLength;
        for (const int64_t chunk : {int64_t(3), int64_t(1), length - prefixLength - 4}) {
            chained.past = &cache;
            const ForwardResult r =
                model->forwardEmbeds(model->embedTokens(sequences.narrow(1, done, chunk)), chained);
            INTERLENS_COMPARE_TENSORS("chunk at " + std::to_string(done), r.logits,
                                      full.narrow(1, done, chunk), kTol);
            cache = r.cache;
            done += chunk;
            QCOMPARE(cache.length(), done);
        }
        // The earlier cache is a value: still usable after the later forwards (one prefix, many
        // continuations).
        QCOMPARE(shared.length(), prefixLength);

        // Different cached rows: three distinct prefixes, continued from rows {2, 0, 2, 1}.
        const at::Tensor prefixes = randomIds(3, prefixLength, spec.vocab, 13);
        const KVCache three = model->forwardIds(prefixes, cacheOnly).cache;
        const at::Tensor rowIndex = at::tensor({2, 0, 2, 1}, at::kLong);
        const KVCache picked = three.gather(rowIndex);
        ForwardOptions o;
        o.past = &picked;
        const at::Tensor continued = model->forwardIds(suffixes, o).logits;
        const at::Tensor expected =
            model->forwardIds(at::cat({prefixes.index_select(0, rowIndex), suffixes}, 1)).logits;
        INTERLENS_COMPARE_TENSORS("gathered rows + suffixes", continued, expected, kTol);

        // Concatenating caches builds the same batch as gathering.
        const KVCache stacked = KVCache::concatenate(
            {three.gather(at::tensor({2, 0}, at::kLong)), three.gather(at::tensor({2, 1}, at::kLong))});
        o.past = &stacked;
        INTERLENS_COMPARE_TENSORS("concatenated caches + suffixes", model->forwardIds(suffixes, o).logits,
                                  continued, 0.0);

        // Segments (the trie's shared past, never copied per row): the 1-row prefix, then 2 rows of a middle
        // segment, continued by 4 rows; row j continues middle row j / 2.
        const at::Tensor middles = randomIds(2, 3, spec.vocab, 14);
        ForwardOptions middleOptions = cacheOnly;
        const std::vector<KVCache> prefixOnly{shared};
        middleOptions.segments = &prefixOnly;
        const std::vector<KVCache> segments{shared, model->forwardIds(middles, middleOptions).cache};
        QCOMPARE(segments[1].length(), int64_t{3}); // the new positions only
        const at::Tensor tails = randomIds(batch, 2, spec.vocab, 15);
        ForwardOptions segmented = allLogits();
        segmented.segments = &segments;
        const at::Tensor middleOfRow = at::tensor({0, 0, 1, 1}, at::kLong);
        const at::Tensor whole =
            at::cat({prefix.expand({batch, prefixLength}), middles.index_select(0, middleOfRow), tails}, 1);
        INTERLENS_COMPARE_TENSORS("segmented past + tails", model->forwardIds(tails, segmented).logits,
                                  model->forwardIds(whole, allLogits()).logits.narrow(1, prefixLength + 3, 2),
                                  kTol);
        // Half of the rows: a slice of each segment with more than one row.
        const std::vector<KVCache> half{shared, segments[1].narrowRows(1, 1)};
        segmented.segments = &half;
        INTERLENS_COMPARE_TENSORS(
            "sliced segments", model->forwardIds(tails.narrow(0, 2, 2), segmented).logits,
            model->forwardIds(whole.narrow(0, 2, 2), allLogits()).logits.narrow(1, prefixLength + 3, 2),
            kTol);
    }

    // Mistral's window: with one layer, tokens at distance >= W from the last position cannot affect its
    // logits (their attention weight is exactly 0), while a token inside the window does.
    void slidingWindowBites()
    {
        RandomModelSpec spec;
        spec.modelType = "mistral";
        spec.layers = 1;
        spec.extraConfig["sliding_window"] = 4;
        const auto model = load(spec, QStringLiteral("window"));
        const at::Tensor ids = randomIds(1, 10, spec.vocab, 21);
        const at::Tensor base = model->forwardIds(ids).logits;
        at::Tensor outside = ids.clone();
        outside[0][5] = (ids[0][5].item<int64_t>() + 1) % spec.vocab; // distance 4: outside
        at::Tensor inside = ids.clone();
        inside[0][6] = (ids[0][6].item<int64_t>() + 1) % spec.vocab; // distance 3: inside
        INTERLENS_COMPARE_TENSORS("token outside the window changed", model->forwardIds(outside).logits, base,
                                  0.0);
        QVERIFY(interlens::test::maxAbsDiff(model->forwardIds(inside).logits, base) > 1e-3);
    }

    // Baselines (zero, mean, pad, unk, eos, FILE.f32) and the masked-embedding helper built on them.
    void baselinesAndMaskedEmbeddings()
    {
        RandomModelSpec spec;
        spec.modelType = "gemma"; // the helper must NOT apply Gemma's sqrt(H) scaling: the model does
        spec.headDim = 8;
        spec.extraConfig["pad_token_id"] = 0;
        const QString dir = interlens::test::scratchDir(QStringLiteral("baselines"));
        interlens::test::writeRandomModel(dir.toStdString(), spec);
        QFile tokenizer(dir + QStringLiteral("/tokenizer.json"));
        QVERIFY(tokenizer.open(QIODevice::WriteOnly));
        tokenizer.write(
            R"({"added_tokens":[{"id":5,"content":"<unk>","special":true}],"model":{"vocab":{"a":7}}})");
        tokenizer.close();
        const auto model = loadCausalLM(dir.toStdString());
        const at::Tensor table = model->tokenEmbeddingTable();
        QCOMPARE(table.sizes().vec(), (std::vector<int64_t>{spec.vocab, spec.hidden}));

        QVERIFY(at::equal(baselineEmbedding(*model, "zero"), at::zeros({spec.hidden})));
        INTERLENS_COMPARE_TENSORS("mean baseline", baselineEmbedding(*model, "mean"), table.mean(0), 1e-6);
        QVERIFY(at::equal(baselineEmbedding(*model, "pad"), table[0]));
        QVERIFY(at::equal(baselineEmbedding(*model, "unk"), table[5]));
        QVERIFY(at::equal(baselineEmbedding(*model, "eos"), table[2])); // config.json eos_token_id
        const at::Tensor vector = at::randn({spec.hidden});
        QFile f32(dir + QStringLiteral("/b.f32"));
        QVERIFY(f32.open(QIODevice::WriteOnly));
        f32.write(static_cast<const char*>(vector.data_ptr()), qint64(spec.hidden * 4));
        f32.close();
        QVERIFY(at::equal(baselineEmbedding(*model, (dir + QStringLiteral("/b.f32")).toStdString()), vector));

        const at::Tensor ids = at::tensor({3, 9, 4, 7}, at::kLong);
        const at::Tensor keep = at::tensor({1, 1, 1, 1, 1, 0, 0, 1, 0, 0, 0, 0}, at::kLong).view({3, 4});
        const at::Tensor embeds = model->maskedEmbeddings(ids, keep, vector);
        QCOMPARE(embeds.sizes().vec(), (std::vector<int64_t>{3, 4, spec.hidden}));
        for (int64_t i = 0; i < 3; ++i)
            for (int64_t j = 0; j < 4; ++j)
                QVERIFY(at::equal(embeds[i][j],
                                  keep[i][j].item<int64_t>() ? table[ids[j].item<int64_t>()] : vector));
        // Row 0 keeps everything: the same logits as the ids themselves.
        INTERLENS_COMPARE_TENSORS("all-kept row vs ids", model->forwardEmbeds(embeds.narrow(0, 0, 1)).logits,
                                  model->forwardIds(ids.unsqueeze(0)).logits, 0.0);
    }

    // bfloat16 compute (what the CPU uses for a checkpoint too big for float32) runs every later family's
    // operations (soft-capping, per-head norms, expert routing) and stays near float32.
    void laterFamiliesInBfloat16()
    {
        for (const char* type : {"gemma2", "gemma3_text", "qwen3", "mixtral", "qwen2_moe"}) {
            RandomModelSpec spec;
            spec.modelType = type;
            spec.headDim = 16;
            spec.weightScale = 0.05;
            spec.dtype = at::kBFloat16;
            const std::string dir = interlens::test::writeRandomModel(
                interlens::test::scratchDir(QStringLiteral("bf16-") + type).toStdString(), spec);
            ComputeDevice bf16;
            bf16.precision = Precision::BFloat16;
            const auto low = loadCausalLM(dir, bf16);
            QCOMPARE(low->device().precision, Precision::BFloat16);
            const at::Tensor ids = randomIds(2, 9, spec.vocab, 3);
            const at::Tensor logits = low->forwardIds(ids).logits;
            QCOMPARE(logits.scalar_type(), at::kFloat);
            INTERLENS_COMPARE_TENSORS(std::string(type) + " bf16 vs float32 compute", logits,
                                      loadCausalLM(dir)->forwardIds(ids).logits, 0.1);
        }
    }

    // A tied head equals an untied one whose lm_head is a copy of the embedding; sharding changes nothing.
    void tiedShardedAndLowPrecisionEquivalence()
    {
        RandomModelSpec spec;
        spec.tied = true;
        const auto weights = interlens::test::randomModelWeights(spec);
        const nlohmann::json config = interlens::test::randomModelConfig(spec);
        const QString root = interlens::test::scratchDir(QStringLiteral("equivalence"));
        interlens::test::writeModelFolder((root + "/tied").toStdString(), config, weights);
        interlens::test::writeModelFolder((root + "/sharded").toStdString(), config, weights, 4);
        auto untiedWeights = weights;
        nlohmann::json untiedConfig = config;
        untiedConfig["tie_word_embeddings"] = false;
        untiedWeights.emplace_back("lm_head.weight", weights.front().second.clone());
        QCOMPARE(weights.front().first, std::string("model.embed_tokens.weight"));
        interlens::test::writeModelFolder((root + "/untied").toStdString(), untiedConfig, untiedWeights);
        // float16 storage vs the same values stored as float32: identical after the upcast.
        auto halfWeights = weights, roundedWeights = weights;
        for (size_t i = 0; i < weights.size(); ++i) {
            halfWeights[i].second = weights[i].second.to(at::kHalf);
            roundedWeights[i].second = halfWeights[i].second.to(at::kFloat);
        }
        interlens::test::writeModelFolder((root + "/f16").toStdString(), config, halfWeights);
        interlens::test::writeModelFolder((root + "/rounded").toStdString(), config, roundedWeights);

        const at::Tensor ids = randomIds(3, 9, spec.vocab, 5);
        auto logitsOf = [&](const char* name) {
            return loadCausalLM((root + "/" + name).toStdString())->forwardIds(ids).logits;
        };
        const at::Tensor tied = logitsOf("tied");
        INTERLENS_COMPARE_TENSORS("untied copy vs tied", logitsOf("untied"), tied, 0.0);
        INTERLENS_COMPARE_TENSORS("sharded vs single file", logitsOf("sharded"), tied, 0.0);
        INTERLENS_COMPARE_TENSORS("f16 storage vs rounded f32", logitsOf("f16"), logitsOf("rounded"), 0.0);
        QVERIFY(interlens::test::maxAbsDiff(logitsOf("f16"), tied) > 0); // the rounding did happen

        // Fingerprints: stable across loads, different for different files.
        const auto a = loadCausalLM((root + "/tied").toStdString());
        QCOMPARE(a->weightsFingerprint(), loadCausalLM((root + "/tied").toStdString())->weightsFingerprint());
        QVERIFY(a->weightsFingerprint() !=
                loadCausalLM((root + "/sharded").toStdString())->weightsFingerprint());
        QVERIFY(a->weightsFingerprint() !=
                loadCausalLM((root + "/rounded").toStdString())->weightsFingerprint());
        QCOMPARE(a->architecture(), std::string("llama")); // no "architectures" key: model_type
        QCOMPARE(a->config().configHash.size(), size_t(64));
        int64_t stored = 0;
        for (const auto& [name, t] : weights)
            stored += t.numel();
        QCOMPARE(a->parameterCount(), stored); // the tied head counts once
    }
};

QTEST_GUILESS_MAIN(TestModelArchitectures)
#include "test_model_architectures.moc"
