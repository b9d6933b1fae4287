// Every model folder in ../shared/fixtures/models, and the listed folders of models-more, against the Hugging
// Face reference logits (README there):
// case a (a batch of ids), case b (masked input embeddings, Gemma scaling included), RoPE inverse
// frequencies, the bf16/fp16 folders (float32 compute on upcast weights; bf16 compute loosely) and
// stories260K's prompt and greedy continuation (with and without the KV cache).
#include "model_test_util.h"

#include "common/fixtures.h"

#include "model/causal_lm.h"
#include "model/model_loader.h"
#include "model/rotary.h"
#include "model/runtime.h"
#include "model/safetensors.h"

#include <QDir>
#include <QTest>

#include <limits>

using namespace interlens;
using interlens::test::fixturePath;

namespace {

constexpr double kTolerance = 1e-4; // README: float32 noise is at most 1e-5, logits at most ~16

// log(p / (1 - p)) of target t under softmax, as the README computes it: logit[t] - logsumexp(logits[j !=
// t]).
at::Tensor logOdds(const at::Tensor& logits, int64_t target)
{
    at::Tensor l = logits.to(at::kDouble).clone();
    const at::Tensor chosen = l.select(1, target).clone();
    l.select(1, target).fill_(-std::numeric_limits<double>::infinity());
    return chosen - at::logsumexp(l, 1);
}

struct Reference
{
    std::unique_ptr<SafetensorsFile> file;
    at::Tensor operator[](const std::string& name) const { return file->read(name); }
    bool has(const std::string& name) const { return file->contains(name); }
};

// ../shared/fixtures/models-more (README there): one line per family directory.
const char* const kMoreModels[] = {
    "falcon", "gemma2", "gemma3",    "gpt_neox", "gpt_neox-seq", "mixtral",
    "olmo",   "olmo2",  "qwen2_moe", "qwen3",    "stablelm",
};

// On the device INTERLENS_TEST_DEVICE names (default cpu; "cuda" on a GPU machine, packaging/cuda.md).
std::unique_ptr<CausalLM> loadFixtureModel(const QString& dir, const std::string& dtype = "float32")
{
    const QByteArray device = qgetenv("INTERLENS_TEST_DEVICE");
    return loadCausalLM(dir.toStdString(),
                        chooseDevice(device.isEmpty() ? "cpu" : device.toStdString(), dtype));
}

Reference openReference(const QString& dir)
{
    return {
        std::make_unique<SafetensorsFile>((dir + QStringLiteral("/reference.safetensors")).toStdString())};
}

} // namespace

class TestModelFixtures : public QObject
{
    Q_OBJECT

private:
    void modelRows()
    {
        QTest::addColumn<QString>("dir");
        const QString root = fixturePath(QStringLiteral("models"));
        const QStringList names = QDir(root).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
        int rows = 0;
        for (const QString& name : names) {
            if (!QFileInfo::exists(root + QLatin1Char('/') + name + QStringLiteral("/reference.safetensors")))
                continue;
            QTest::newRow(qPrintable(name)) << root + QLatin1Char('/') + name;
            ++rows;
        }
        if (rows == 0) // keeps one row so the test function runs and skips with the fixture message
            QTest::newRow("missing") << root;
        // Listed, not scanned: an absent directory skips with the fixture message.
        const QString more = fixturePath(QStringLiteral("models-more"));
        for (const char* name : kMoreModels)
            QTest::newRow(qPrintable(QStringLiteral("models-more/") + QLatin1String(name)))
                << more + QLatin1Char('/') + QLatin1String(name);
    }

private Q_SLOTS:
    void batchIds_data() { modelRows(); }
    void batchIds()
    {
        QFETCH(QString, dir);
        INTERLENS_REQUIRE_FIXTURE(dir + QStringLiteral("/reference.safetensors"));
        const auto model = loadFixtureModel(dir);
        const Reference ref = openReference(dir);
        const at::Tensor ids = ref["ids_batch"];

        ForwardOptions all;
        all.output = LogitsOutput::All;
        const at::Tensor full = model->forwardIds(ids, all).logits;
        QCOMPARE(full.sizes().vec(), (std::vector<int64_t>{ids.size(0), ids.size(1), model->vocabSize()}));
        const QString name = QFileInfo(dir).fileName();
        INTERLENS_COMPARE_TENSORS(name.toStdString() + " logits_full_batch0", full[0],
                                  ref["logits_full_batch0"], kTolerance);
        INTERLENS_COMPARE_TENSORS(name.toStdString() + " logits_last_batch (from full)", full.select(1, -1),
                                  ref["logits_last_batch"], kTolerance);
        const at::Tensor last = model->forwardIds(ids).logits;
        QCOMPARE(last.scalar_type(), at::kFloat);
        INTERLENS_COMPARE_TENSORS(name.toStdString() + " logits_last_batch", last, ref["logits_last_batch"],
                                  kTolerance);
    }

    void maskedEmbeddings_data() { modelRows(); }
    void maskedEmbeddings()
    {
        QFETCH(QString, dir);
        INTERLENS_REQUIRE_FIXTURE(dir + QStringLiteral("/reference.safetensors"));
        const auto model = loadFixtureModel(dir);
        const Reference ref = openReference(dir);
        const std::string name = QFileInfo(dir).fileName().toStdString();

        const at::Tensor embeds = model->maskedEmbeddings(ref["mask_ids"], ref["masks"], ref["baseline"]);
        // Every entry is exactly E[j] or b, as the reference built it.
        INTERLENS_COMPARE_TENSORS(name + " mask_inputs_embeds", embeds, ref["mask_inputs_embeds"], 0.0);

        const at::Tensor logits = model->forwardEmbeds(embeds).logits;
        INTERLENS_COMPARE_TENSORS(name + " mask_logits_last", logits, ref["mask_logits_last"], kTolerance);
        const int64_t target = ref["mask_target"].item<int64_t>();
        QCOMPARE(logits[0].argmax().item<int64_t>(), target);
        INTERLENS_COMPARE_TENSORS(name + " mask_log_odds", logOdds(logits, target), ref["mask_log_odds"],
                                  kTolerance);

        // The unmasked row through input_ids gives exactly the logits of the same row through inputs_embeds
        // (at equal batch size; across batch sizes GEMM blocking changes the rounding, see the README's
        // table).
        const at::Tensor viaIds = model->forwardIds(ref["mask_ids"].unsqueeze(0)).logits;
        const at::Tensor viaEmbeds = model->forwardEmbeds(embeds.narrow(0, 0, 1)).logits;
        INTERLENS_COMPARE_TENSORS(name + " input_ids vs inputs_embeds (row 0)", viaIds, viaEmbeds, 0.0);
        INTERLENS_COMPARE_TENSORS(name + " batch of 8 vs single row 0", logits.narrow(0, 0, 1), viaEmbeds,
                                  1e-5);
    }

    void ropeFrequencies_data() { modelRows(); }
    void ropeFrequencies()
    {
        QFETCH(QString, dir);
        INTERLENS_REQUIRE_FIXTURE(dir + QStringLiteral("/reference.safetensors"));
        const Reference ref = openReference(dir);
        if (!ref.has("rope_inv_freq"))
            QSKIP("no RoPE in this model");
        const ModelConfig config = readModelConfig(dir.toStdString());
        INTERLENS_COMPARE_TENSORS(QFileInfo(dir).fileName().toStdString() + " rope_inv_freq",
                                  ropeInverseFrequencies(config), ref["rope_inv_freq"], 1e-7);
        if (ref.has("rope_inv_freq_local")) // Gemma-3's local layers
            INTERLENS_COMPARE_TENSORS(QFileInfo(dir).fileName().toStdString() + " rope_inv_freq_local",
                                      ropeInverseFrequencies(localRopeConfig(config)),
                                      ref["rope_inv_freq_local"], 1e-7);
    }

    // The negative controls: feeding embeddings scaled by sqrt(H) once more than transformers does (and, for
    // Gemma-3, feeding unscaled rows) must NOT reproduce the reference.
    void gemmaScalesInputEmbeddingsOnce_data()
    {
        QTest::addColumn<QString>("dir");
        for (const char* name : {"models/gemma", "models-more/gemma2", "models-more/gemma3"})
            QTest::newRow(name) << fixturePath(QLatin1String(name));
    }
    void gemmaScalesInputEmbeddingsOnce()
    {
        QFETCH(QString, dir);
        INTERLENS_REQUIRE_FIXTURE(dir + QStringLiteral("/reference.safetensors"));
        const std::string name = QFileInfo(dir).fileName().toStdString();
        const auto model = loadFixtureModel(dir);
        const Reference ref = openReference(dir);
        const at::Tensor lookup = model->embedTokens(ref["mask_ids"].unsqueeze(0));
        const at::Tensor once = model->forwardEmbeds(lookup).logits;
        INTERLENS_COMPARE_TENSORS(name + " embedTokens fed as embeddings", once,
                                  ref["mask_logits_last"].narrow(0, 0, 1), kTolerance);
        for (const char* control : {"gemma_prescaled_logits_last", "gemma3_unscaled_logits_last"}) {
            if (!ref.has(control))
                continue;
            const double diff = interlens::test::maxAbsDiff(once, ref[control]);
            qInfo("%s: max|diff| to the negative control %s = %.3g (must be large)", name.c_str(), control,
                  diff);
            QVERIFY(diff > 0.1);
        }
    }

    // llama-bf16's *_lowp tensors were computed natively in bfloat16; our bf16 compute is checked loosely
    // (README: bf16 compute differs from float32 compute by up to 0.13).
    void bfloat16Compute()
    {
        const QString dir = fixturePath(QStringLiteral("models/llama-bf16"));
        INTERLENS_REQUIRE_FIXTURE(dir + QStringLiteral("/reference.safetensors"));
        const auto model = loadFixtureModel(dir, "bfloat16");
        const Reference ref = openReference(dir);
        const at::Tensor last = model->forwardIds(ref["ids_batch"]).logits;
        QCOMPARE(last.scalar_type(), at::kFloat);
        INTERLENS_COMPARE_TENSORS("llama-bf16 bf16 compute logits_last_batch_lowp", last,
                                  ref["logits_last_batch_lowp"], 0.25);
        const at::Tensor embeds = model->maskedEmbeddings(ref["mask_ids"], ref["masks"], ref["baseline"]);
        INTERLENS_COMPARE_TENSORS("llama-bf16 bf16 compute mask_logits_last_lowp",
                                  model->forwardEmbeds(embeds).logits, ref["mask_logits_last_lowp"], 0.25);
    }

    void storiesPrompt()
    {
        const QString dir = fixturePath(QStringLiteral("models/stories260K"));
        INTERLENS_REQUIRE_FIXTURE(dir + QStringLiteral("/reference.safetensors"));
        const auto model = loadFixtureModel(dir);
        const Reference ref = openReference(dir);
        ForwardOptions all;
        all.output = LogitsOutput::All;
        const at::Tensor full = model->forwardIds(ref["ids_prompt"], all).logits;
        INTERLENS_COMPARE_TENSORS("stories260K logits_full_prompt", full[0], ref["logits_full_prompt"],
                                  kTolerance);
        INTERLENS_COMPARE_TENSORS("stories260K logits_last_prompt",
                                  model->forwardIds(ref["ids_prompt"]).logits, ref["logits_last_prompt"],
                                  kTolerance);
    }

    // 20 greedy steps two ways: re-running the whole sequence (as the reference did) and with the KV cache.
    void storiesGreedy()
    {
        const QString dir = fixturePath(QStringLiteral("models/stories260K"));
        INTERLENS_REQUIRE_FIXTURE(dir + QStringLiteral("/reference.safetensors"));
        const auto model = loadFixtureModel(dir);
        const Reference ref = openReference(dir);
        const at::Tensor expectedIds = ref["greedy_ids"];
        const at::Tensor expectedLogits = ref["greedy_step_logits"];
        const int64_t steps = expectedIds.size(0);

        at::Tensor sequence = ref["ids_prompt"];
        std::vector<at::Tensor> fullLogits;
        for (int64_t s = 0; s < steps; ++s) {
            const at::Tensor logits = model->forwardIds(sequence).logits;
            fullLogits.push_back(logits[0]);
            sequence = at::cat({sequence, logits.argmax(1, true)}, 1);
        }
        const at::Tensor generated = sequence.narrow(1, ref["ids_prompt"].size(1), steps)[0];
        QVERIFY2(at::equal(generated, expectedIds), "greedy ids (full re-run) differ from the reference");
        INTERLENS_COMPARE_TENSORS("stories260K greedy_step_logits (full re-run)", at::stack(fullLogits),
                                  expectedLogits, kTolerance);

        ForwardOptions options;
        options.returnCache = true;
        ForwardResult step = model->forwardIds(ref["ids_prompt"], options);
        std::vector<at::Tensor> cachedLogits{step.logits[0]};
        std::vector<at::Tensor> cachedIds;
        for (int64_t s = 0; s < steps; ++s) {
            const at::Tensor next = step.logits.argmax(1, true);
            cachedIds.push_back(next[0]);
            if (s + 1 == steps)
                break;
            const KVCache cache = step.cache;
            options.past = &cache;
            step = model->forwardIds(next, options);
            cachedLogits.push_back(step.logits[0]);
        }
        QVERIFY2(at::equal(at::cat(cachedIds), expectedIds),
                 "greedy ids (KV cache) differ from the reference");
        INTERLENS_COMPARE_TENSORS("stories260K greedy_step_logits (KV cache)", at::stack(cachedLogits),
                                  expectedLogits, kTolerance);
    }
};

QTEST_GUILESS_MAIN(TestModelFixtures)
#include "test_model_fixtures.moc"
