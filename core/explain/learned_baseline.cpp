#include "explain/learned_baseline.h"

#include "common/error.h"
#include "common/json_file.h"
#include "common/resources.h"
#include "explain/players.h"
#include "model/baseline.h"
#include "model/causal_lm.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QSaveFile>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <random>

namespace interlens {

namespace {

// One training sentence: its ids, its players' token positions and the model's own top-1 next token.
struct Sentence
{
    at::Tensor ids;
    std::vector<std::vector<int64_t>> playerTokens;
    int64_t target = 0;
};

std::vector<PromptWord> playersOf(const std::string& text, const LearnedBaselineOptions& options)
{
    for (int n = options.playersPerSentence; n >= 2; --n) {
        try {
            return choosePlayers(text, "auto:" + std::to_string(n), options.seed, englishStopWords());
        } catch (const InputError&) {
            // fewer eligible words than n: try fewer
        }
    }
    return {};
}

std::vector<Sentence> prepare(const CausalLM& model, const Tokenizer& tokenizer,
                              const std::vector<std::string>& sentences,
                              const LearnedBaselineOptions& options)
{
    std::vector<Sentence> out;
    for (const std::string& text : sentences) {
        const std::vector<PromptWord> players = playersOf(text, options);
        if (players.size() < 2)
            continue;
        const Encoding encoding = tokenizer.encode(text, true);
        Sentence s;
        try {
            s.playerTokens = playerTokenSpans(encoding, players);
        } catch (const InputError&) {
            continue; // two players share a token under this tokenizer
        }
        s.ids = at::tensor(std::vector<int64_t>(encoding.ids.begin(), encoding.ids.end()), at::kLong);
        s.target = model.forwardIds(s.ids.unsqueeze(0)).logits[0].argmax().item<int64_t>();
        out.push_back(std::move(s));
    }
    if (out.empty())
        throw InputError(
            "learned baseline: no training sentence has two players that this tokenizer separates");
    return out;
}

// Players kept (bits) in the four coalitions of one draw: S1∪S2∪S3, S1∪S3, S2∪S3, S3.
std::array<uint32_t, 4> drawCoalitions(int n, std::mt19937& rng)
{
    std::vector<int> order(static_cast<size_t>(n));
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), rng);
    const int size1 = std::uniform_int_distribution<int>(1, std::min(3, n - 1))(rng);
    const int size2 = std::uniform_int_distribution<int>(1, std::min(3, n - size1))(rng);
    const int rest = n - size1 - size2;
    const bool allRest = std::uniform_int_distribution<int>(0, 2)(rng) == 0;
    const int size3 = allRest ? rest : std::uniform_int_distribution<int>(0, rest)(rng);
    uint32_t s1 = 0, s2 = 0, s3 = 0;
    for (int i = 0; i < size1; ++i)
        s1 |= 1u << order[static_cast<size_t>(i)];
    for (int i = size1; i < size1 + size2; ++i)
        s2 |= 1u << order[static_cast<size_t>(i)];
    for (int i = size1 + size2; i < size1 + size2 + size3; ++i)
        s3 |= 1u << order[static_cast<size_t>(i)];
    return {s1 | s2 | s3, s1 | s3, s2 | s3, s3};
}

// Mean over the draws of |v(S1∪S2∪S3) − v(S1∪S3) − v(S2∪S3) + v(S3)|, differentiable in `baseline`.
at::Tensor sentenceLoss(const CausalLM& model, const Sentence& s, const at::Tensor& baseline, int draws,
                        std::mt19937& rng)
{
    const auto n = static_cast<int>(s.playerTokens.size());
    const int64_t length = s.ids.size(0);
    at::Tensor keep = at::ones({4 * draws, length}, at::kBool);
    auto access = keep.accessor<bool, 2>();
    for (int d = 0; d < draws; ++d) {
        const auto masks = drawCoalitions(n, rng);
        for (int c = 0; c < 4; ++c)
            for (int j = 0; j < n; ++j)
                if (!(masks[static_cast<size_t>(c)] >> j & 1u))
                    for (int64_t position : s.playerTokens[static_cast<size_t>(j)])
                        access[4 * d + c][position] = false;
    }
    ForwardOptions options;
    options.differentiable = true;
    const at::Tensor logits =
        model.forwardEmbeds(model.maskedEmbeddings(s.ids, keep, baseline), options).logits;
    const at::Tensor p = at::log_softmax(logits, -1).select(1, s.target).exp();
    const at::Tensor logOdds = at::log(p / (1.0 - p + 1e-7) + 1e-7).view({draws, 4});
    return (logOdds.select(1, 0) - logOdds.select(1, 1) - logOdds.select(1, 2) + logOdds.select(1, 3))
        .abs()
        .mean();
}

std::pair<at::Tensor, std::string> initialBaseline(const CausalLM& model)
{
    for (const char* name : {"pad", "unk", "eos"}) {
        try {
            return {baselineEmbedding(model, name), name};
        } catch (const InputError&) {
            // this model has no such token
        }
    }
    return {baselineEmbedding(model, "mean"), "mean"};
}

std::string cacheKey(const CausalLM& model, const Tokenizer& tokenizer,
                     const std::vector<std::string>& sentences, const LearnedBaselineOptions& o)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    const auto add = [&](const std::string& field) {
        hash.addData(QByteArray::number(static_cast<qulonglong>(field.size())) + ':');
        hash.addData(QByteArray::fromStdString(field));
    };
    add("learned-baseline-v1");
    add(model.weightsFingerprint());
    add(tokenizer.contentHash());
    add(precisionName(model.device().precision));
    for (const std::string& s : sentences)
        add(s);
    for (double x : {double(o.epochs), o.learningRate, o.momentum, double(o.drawsPerSentence),
                     double(o.playersPerSentence), double(o.seed)})
        add(std::to_string(x));
    return hash.result().toHex().toStdString();
}

} // namespace

LearnedBaseline trainLearnedBaseline(const CausalLM& model, const Tokenizer& tokenizer,
                                     const std::vector<std::string>& sentences,
                                     const LearnedBaselineOptions& options)
{
    const std::vector<Sentence> data = prepare(model, tokenizer, sentences, options);
    LearnedBaseline result;
    auto [initial, init] = initialBaseline(model);
    result.init = init;
    at::Tensor baseline = initial.to(at::kFloat).clone().set_requires_grad(true);
    at::Tensor velocity = at::zeros_like(baseline).detach();
    std::mt19937 rng(options.seed);
    for (int epoch = 0; epoch < options.epochs; ++epoch) {
        double total = 0.0;
        for (const Sentence& s : data) {
            throwIfCancelled(options.cancel);
            const at::Tensor loss = sentenceLoss(model, s, baseline, options.drawsPerSentence, rng);
            baseline.mutable_grad() = at::Tensor();
            loss.backward();
            total += loss.item<double>();
            at::NoGradGuard noGrad;
            velocity.mul_(options.momentum).add_(baseline.grad());
            baseline.sub_(velocity * options.learningRate);
        }
        const double mean = total / static_cast<double>(data.size());
        if (epoch == 0)
            result.initialLoss = mean;
        result.finalLoss = mean;
        if (options.progress)
            options.progress(epoch + 1, options.epochs, mean);
    }
    const at::Tensor trained = baseline.detach().to(at::kCPU).contiguous();
    result.vector.assign(trained.data_ptr<float>(), trained.data_ptr<float>() + trained.numel());
    return result;
}

LearnedBaseline cachedLearnedBaseline(const CausalLM& model, const Tokenizer& tokenizer,
                                      const std::vector<std::string>& sentences,
                                      const LearnedBaselineOptions& options, const std::string& cacheDir)
{
    const std::string key = cacheKey(model, tokenizer, sentences, options);
    const QString stem = QDir(QString::fromStdString(cacheDir)).filePath(QString::fromStdString(key));
    QFile vectorFile(stem + QStringLiteral(".f32"));
    QFile infoFile(stem + QStringLiteral(".json"));
    if (vectorFile.open(QIODevice::ReadOnly) && infoFile.exists()) {
        const QByteArray bytes = vectorFile.readAll();
        if (bytes.size() == model.hiddenSize() * static_cast<qsizetype>(sizeof(float))) {
            try {
                const nlohmann::json info = readJsonFile(infoFile.fileName().toStdString());
                LearnedBaseline cached;
                cached.vector.resize(static_cast<size_t>(model.hiddenSize()));
                std::memcpy(cached.vector.data(), bytes.constData(), static_cast<size_t>(bytes.size()));
                cached.init = info.at("init").get<std::string>();
                cached.initialLoss = info.at("initial_loss").get<double>();
                cached.finalLoss = info.at("final_loss").get<double>();
                cached.key = key;
                cached.fromCache = true;
                return cached;
            } catch (const std::exception&) {
                // a damaged cache entry is retrained and rewritten below
            }
        }
    }
    LearnedBaseline trained = trainLearnedBaseline(model, tokenizer, sentences, options);
    trained.key = key;
    QDir().mkpath(QString::fromStdString(cacheDir));
    // Vector first, then the info file that marks the entry complete; each written atomically.
    QSaveFile vectorOut(vectorFile.fileName());
    QSaveFile infoOut(infoFile.fileName());
    const nlohmann::json info = {{"init", trained.init},
                                 {"initial_loss", trained.initialLoss},
                                 {"final_loss", trained.finalLoss},
                                 {"epochs", options.epochs},
                                 {"sentences", sentences.size()}};
    const std::string infoText = info.dump(2);
    if (vectorOut.open(QIODevice::WriteOnly)) {
        vectorOut.write(reinterpret_cast<const char*>(trained.vector.data()),
                        static_cast<qint64>(trained.vector.size() * sizeof(float)));
        if (vectorOut.commit() && infoOut.open(QIODevice::WriteOnly)) {
            infoOut.write(infoText.data(), static_cast<qint64>(infoText.size()));
            infoOut.commit();
        }
    }
    return trained; // a cache that cannot be written only costs a retraining next time
}

std::vector<std::string> defaultBaselineSentences()
{
    namespace fs = std::filesystem;
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(resourcesDir() / "prompts", ec))
        if (entry.path().extension() == ".jsonl")
            files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    std::vector<std::string> sentences;
    for (const fs::path& file : files) {
        std::ifstream in(file);
        std::string line;
        while (std::getline(in, line)) {
            const nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
            if (j.is_object() && j.contains("text") && j["text"].is_string())
                sentences.push_back(j["text"].get<std::string>());
        }
    }
    return sentences;
}

} // namespace interlens
