#include "train/trainer.h"

#include "common/error.h"
#include "common/regular_file.h"
#include "model/model_loader.h"
#include "tokenize/tokenizer.h"
#include "train/text_file.h"
#include "train/tiny_lm.h"
#include "train/token_stream.h"

#include <torch/optim/adamw.h>
#include <torch/serialize.h>

#include <QCryptographicHash>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

namespace fs = std::filesystem;

namespace interlens::train {

namespace {

double learningRate(const TrainOptions& o, int64_t step)
{
    if (step < o.warmup)
        return o.lr * double(step + 1) / double(o.warmup);
    const double progress = double(step - o.warmup) / double(std::max<int64_t>(1, o.steps - o.warmup));
    return o.minLr + 0.5 * (o.lr - o.minLr) * (1.0 + std::cos(M_PI * std::min(1.0, progress)));
}

// The batch of step `step` depends only on (seed, step): resuming needs no data-loader state.
at::Tensor sampleBatch(const at::Tensor& stream, uint64_t seed, int64_t step, int64_t batch, int64_t context)
{
    std::mt19937_64 gen(seed * 0x9E3779B97F4A7C15ULL + uint64_t(step) * 0xBF58476D1CE4E5B9ULL + 1);
    const uint64_t range = uint64_t(stream.size(0) - context - 1);
    std::vector<at::Tensor> rows;
    for (int64_t i = 0; i < batch; ++i)
        rows.push_back(stream.narrow(0, int64_t(gen() % range), context + 1));
    return at::stack(rows);
}

// Scales the gradients so that their global L2 norm is at most maxNorm (as torch.nn.utils.clip_grad_norm_).
void clipGradNorm(const std::vector<at::Tensor>& params, double maxNorm)
{
    at::NoGradGuard noGrad;
    double sq = 0.0;
    for (const at::Tensor& p : params)
        if (p.grad().defined())
            sq += p.grad().pow(2).sum().item<double>();
    const double norm = std::sqrt(sq);
    if (norm > maxNorm && norm > 0.0)
        for (const at::Tensor& p : params)
            if (p.grad().defined())
                p.grad().mul_(maxNorm / (norm + 1e-6));
}

std::string readFile(const std::string& path)
{
    return readRegularFile(path, kMaxTextInputBytes, "a text file");
}

std::string fixed(double v, int digits = 4)
{
    std::ostringstream s;
    s.setf(std::ios::fixed);
    s.precision(digits);
    s << v;
    return s.str();
}

struct Run
{
    const TrainOptions& o;
    const std::function<void(const std::string&)>& log;
    std::string work;
    std::string tokenizerDir;
    std::vector<std::string> heldOutLines;
    at::Tensor heldOutWindows;
    int64_t tokensPerStep = 0;
    std::string corpusHash;

    // Writes one Hugging Face folder and measures its held-out loss through the runtime.
    double exportFolder(const TinyLM& model, const std::string& dir, int64_t step) const
    {
        model.saveHf(dir, atDtype(o.savePrecision));
        for (const char* f : {"tokenizer.json", "tokenizer_config.json"})
            fs::copy_file(tokenizerDir + "/" + f, dir + "/" + f, fs::copy_options::overwrite_existing);
        const auto loaded = loadCausalLM(dir);
        const double loss = heldOutLoss(*loaded, heldOutWindows);
        nlohmann::json info = {
            {"trainer", "interlens train"},
            {"corpus", o.corpusNote},
            {"corpus_file", fs::path(o.corpus).filename().string()},
            {"corpus_sha256", corpusHash},
            {"heldout_file", o.heldOut.empty() ? std::string() : fs::path(o.heldOut).filename().string()},
            {"architecture", model.spec().arch},
            {"tokenizer", tokenizerKindName(o.tokenizer)},
            {"parameters", model.parameterCount()},
            {"seed", o.seed},
            {"steps", step},
            {"total_steps", o.steps},
            {"batch", o.batch},
            {"context", model.spec().context},
            {"tokens_seen", step * tokensPerStep},
            {"lr", o.lr},
            {"heldout",
             {{"loss", loss},
              {"perplexity", std::exp(loss)},
              {"windows", heldOutWindows.size(0)},
              {"tokens", heldOutWindows.size(0) * (heldOutWindows.size(1) - 1)},
              {"protocol", "non-overlapping windows of context+1 tokens from the start of the held-out "
                           "stream (one line = one document), mean next-token cross-entropy in nats"}}},
            {"command", o.command}};
        writeTextFile(dir + "/training.json", info.dump(2) + "\n");
        log("saved " + dir + " (step " + std::to_string(step) + "): held-out loss " + fixed(loss) +
            ", perplexity " + fixed(std::exp(loss), 2));
        return loss;
    }
};

} // namespace

TrainReport trainModel(const TrainOptions& o, const std::function<void(const std::string&)>& log,
                       int64_t stopAfter)
{
    if (o.corpus.empty() || o.out.empty())
        throw InputError("train: --corpus and --out are required");
    const std::string work = o.workDir.empty() ? o.out + ".work" : o.workDir;
    Run run{o, log, work, work + "/tokenizer", {}, {}, 0, {}};
    fs::create_directories(run.work);

    const std::vector<std::string> lines = readTextLines(o.corpus);
    CorpusSplit split;
    if (o.heldOut.empty()) {
        split = splitHeldOut(lines, o.heldOutEvery);
    } else {
        split.train = lines;
        split.heldOut = readTextLines(o.heldOut);
    }
    {
        const std::string bytes = readFile(o.corpus);
        run.corpusHash = QCryptographicHash::hash(QByteArrayView(bytes.data(), qsizetype(bytes.size())),
                                                  QCryptographicHash::Sha256)
                             .toHex()
                             .toStdString();
    }

    // Tokenizer: reused from --tokenizer-from, or from an earlier run in the work folder, else trained.
    if (!o.tokenizerFrom.empty()) {
        fs::create_directories(run.tokenizerDir);
        for (const char* f : {"tokenizer.json", "tokenizer_config.json"})
            fs::copy_file(o.tokenizerFrom + "/" + f, run.tokenizerDir + "/" + f,
                          fs::copy_options::overwrite_existing);
    } else if (!(o.resume && fs::exists(run.tokenizerDir + "/tokenizer.json"))) {
        const auto t0 = std::chrono::steady_clock::now();
        writeTokenizer(trainTokenizer(o.tokenizer, split.train, o.vocab, int(o.model.context)),
                       run.tokenizerDir);
        log("trained " + tokenizerKindName(o.tokenizer) + " tokenizer (" + std::to_string(o.vocab) + ") in " +
            fixed(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 1) + " s");
    }
    const Tokenizer tokenizer = Tokenizer::load(run.tokenizerDir);
    const std::vector<int64_t> trainIds = encodeLines(tokenizer, split.train);
    const std::vector<int64_t> heldIds = encodeLines(tokenizer, split.heldOut);
    const at::Tensor stream = at::tensor(trainIds, at::kLong);
    run.heldOutWindows = evaluationWindows(heldIds, o.model.context);
    log("corpus: " + std::to_string(split.train.size()) + " training lines, " +
        std::to_string(trainIds.size()) + " tokens; held-out " + std::to_string(split.heldOut.size()) +
        " lines, " + std::to_string(heldIds.size()) + " tokens");
    if (int64_t(trainIds.size()) <= o.model.context + 1)
        throw InputError("training text too short for context " + std::to_string(o.model.context));

    ModelSpec spec = o.model;
    spec.vocab = tokenizer.vocabSize();
    spec.bosTokenId = tokenizer.bosId().value_or(-1);
    spec.eosTokenId = tokenizer.eosId().value_or(-1);
    TinyLM model(spec, o.seed);
    run.tokensPerStep = o.batch * spec.context;

    torch::optim::AdamW optimizer(
        model.parameters(),
        torch::optim::AdamWOptions(o.lr).betas(std::make_tuple(0.9, 0.95)).weight_decay(o.weightDecay));
    int64_t step = 0;
    const std::string statePath = run.work + "/state.json";
    if (o.resume && fs::exists(statePath)) {
        const nlohmann::json state = nlohmann::json::parse(readFile(statePath));
        if (state.value("seed", uint64_t(0)) != o.seed)
            throw InputError("--resume: checkpoint in " + run.work + " was made with seed " +
                             std::to_string(state.value("seed", uint64_t(0))) + ", not " +
                             std::to_string(o.seed));
        model.loadWeights(run.work + "/checkpoint");
        torch::load(optimizer, run.work + "/optimizer.pt");
        step = state.at("step").get<int64_t>();
        log("resumed from " + run.work + " at step " + std::to_string(step));
    }
    log(spec.arch + ": " + std::to_string(model.parameterCount()) + " parameters, vocab " +
        std::to_string(spec.vocab) + ", " + std::to_string(o.steps) + " steps of " +
        std::to_string(run.tokensPerStep) + " tokens");

    auto checkpoint = [&]() {
        model.saveHf(run.work + "/checkpoint", at::kFloat);
        torch::save(optimizer, run.work + "/optimizer.pt.tmp");
        fs::rename(run.work + "/optimizer.pt.tmp", run.work + "/optimizer.pt");
        writeTextFile(statePath, nlohmann::json({{"step", step}, {"seed", o.seed}}).dump() + "\n");
    };

    const auto start = std::chrono::steady_clock::now();
    auto lastLog = start;
    double recent = 0.0;
    int64_t recentCount = 0;
    TrainReport report;
    int64_t doneThisCall = 0;
    while (step < o.steps) {
        const double lr = learningRate(o, step);
        for (auto& group : optimizer.param_groups())
            static_cast<torch::optim::AdamWOptions&>(group.options()).lr(lr);
        const at::Tensor batch = sampleBatch(stream, o.seed, step, o.batch, spec.context);
        optimizer.zero_grad();
        const at::Tensor loss = model.loss(batch);
        loss.backward();
        clipGradNorm(model.parameters(), o.clipNorm);
        optimizer.step();
        ++step;
        ++doneThisCall;
        recent += loss.item<double>();
        ++recentCount;
        if (step % o.logEvery == 0 || step == o.steps) {
            const auto now = std::chrono::steady_clock::now();
            const double secs = std::chrono::duration<double>(now - lastLog).count();
            lastLog = now;
            report.trainLoss = recent / double(recentCount);
            log("step " + std::to_string(step) + "/" + std::to_string(o.steps) + "  loss " +
                fixed(report.trainLoss) + "  lr " + fixed(lr, 5) + "  " +
                fixed(double(recentCount * run.tokensPerStep) / secs, 0) + " tok/s");
            recent = 0.0;
            recentCount = 0;
        }
        if (o.evalEvery > 0 && step % o.evalEvery == 0 && step < o.steps) {
            at::NoGradGuard noGrad;
            const at::Tensor w =
                run.heldOutWindows.narrow(0, 0, std::min(o.evalWindows, run.heldOutWindows.size(0)));
            const double l = meanCrossEntropy([&](const at::Tensor& ids) { return model.forward(ids); }, w);
            log("step " + std::to_string(step) + "  held-out loss " + fixed(l) + "  perplexity " +
                fixed(std::exp(l), 2) + " (first " + std::to_string(w.size(0)) + " windows)");
        }
        for (const auto& [snapStep, dir] : o.snapshots)
            if (step == snapStep) {
                at::NoGradGuard noGrad;
                run.exportFolder(model, dir, step);
            }
        if ((o.checkpointEvery > 0 && step % o.checkpointEvery == 0) ||
            (stopAfter > 0 && doneThisCall == stopAfter)) {
            checkpoint();
            log("checkpoint at step " + std::to_string(step) + " in " + run.work);
        }
        if (stopAfter > 0 && doneThisCall == stopAfter && step < o.steps) {
            report.steps = step;
            report.parameters = model.parameterCount();
            report.weightsHash = model.weightsHash();
            return report;
        }
    }
    checkpoint();
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    report.parameters = model.parameterCount();
    report.steps = step;
    report.tokensSeen = step * run.tokensPerStep;
    report.weightsHash = model.weightsHash();
    {
        at::NoGradGuard noGrad;
        report.heldOutLoss = run.exportFolder(model, o.out, step);
    }
    return report;
}

} // namespace interlens::train
