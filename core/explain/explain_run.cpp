#include "explain/explain_run.h"

#include "common/error.h"
#include "explain/players.h"
#include "explain/target.h"
#include "interactions/metrics_kappa.h"
#include "model/baseline.h"
#include "model/causal_lm.h"
#include "model/hub_cache.h"
#include "model/masked_scoring.h"
#include "model/model_loader.h"
#include "model/next_token.h"
#include "store/session_file.h"
#include "store/v_cache.h"
#include "tokenize/tokenizer.h"

#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>

#include <filesystem>

namespace interlens {

namespace {

std::string modelIdFor(const std::string& dir, const std::vector<ModelResult>& existing)
{
    std::string base = modelDisplayName(dir); // the folder's name; "name@revision" for a hub cache snapshot
    if (base.empty() || base == "." || base == "..")
        base = "model";
    std::string id = base;
    for (int k = 2;
         std::any_of(existing.begin(), existing.end(), [&](const ModelResult& m) { return m.id == id; }); ++k)
        id = base + "_" + std::to_string(k);
    return id;
}

// Tokens, players' spans, target, p(target), v and the single-model interactions of one model.
void explainModel(const ExplainRequest& request, const SessionMeta& meta,
                  const std::vector<PromptWord>& players, const LoadedModel& loaded,
                  const std::function<void(ProgressStage, double, const std::string&)>& report,
                  const RunControl& control, ModelResult& result)
{
    if (loaded.failed())
        throw InputError(loaded.error);
    const CausalLM* const model = loaded.model.get();
    const Tokenizer& tokenizer = *loaded.tokenizer;
    result.architecture = model->architecture();
    result.configHash = model->config().configHash;
    result.weightsFingerprint = model->weightsFingerprint();
    result.dtype = precisionName(model->device().precision);
    result.tokenizerHash = tokenizer.contentHash();

    const Encoding encoding = tokenizer.encode(meta.prompt, true);
    result.tokenIds.assign(encoding.ids.begin(), encoding.ids.end());
    result.tokenStrings = encoding.tokens;
    result.playerTokenSpans = playerTokenSpans(encoding, players);

    // -1: the model's own top-1 (no target word given).
    const int64_t wanted =
        meta.targetWord.empty() ? -1 : targetTokenForWord(tokenizer, meta.prompt, meta.targetWord).id;
    if (wanted >= 0)
        result.targetTokenId = wanted; // recorded even when it is outside the vocabulary
    const TargetScore target = scoreNextToken(*model, result.tokenIds, wanted);
    result.targetTokenId = wanted >= 0 ? wanted : target.top;
    result.pTarget = std::exp(target.logProb);
    result.targetRank = target.rank;

    VCacheKeyFields keyFields = vCacheKeyFields(meta, result);
    at::Tensor baseline;
    if (request.baseline == "learned") {
        LearnedBaselineOptions options = request.learnedBaseline;
        options.cancel = control.cancel;
        // Epoch progress with the time left (from the epochs done so far): training takes minutes on a CPU.
        const auto trainingStart = std::chrono::steady_clock::now();
        report(ProgressStage::TrainingBaseline, 0.0, "epoch 0/" + std::to_string(options.epochs));
        options.progress = [&, trainingStart](int epoch, int epochs, double loss) {
            const double elapsed =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - trainingStart).count();
            const long left = epoch > 0 ? std::lround(elapsed / epoch * (epochs - epoch)) : 0;
            const std::string timeLeft = left >= 90 ? std::to_string((left + 30) / 60) + " min left"
                                                    : std::to_string(left) + " s left";
            report(ProgressStage::TrainingBaseline, 0.1 * epoch / epochs,
                   "epoch " + std::to_string(epoch) + "/" + std::to_string(epochs) + ", loss " +
                       std::to_string(loss) + ", about " + timeLeft);
        };
        std::vector<std::string> sentences = request.baselineSentences;
        if (sentences.empty())
            sentences = defaultBaselineSentences();
        if (sentences.empty())
            sentences = {meta.prompt};
        const std::string cacheDir =
            (std::filesystem::path(request.cachePath.empty() ? VCache::defaultPath() : request.cachePath)
                 .parent_path() /
             "baselines")
                .string();
        const LearnedBaseline learned =
            cachedLearnedBaseline(*model, tokenizer, sentences, options, cacheDir);
        baseline = at::tensor(learned.vector, at::kFloat);
        keyFields.baseline = "learned:" + learned.key;
        result.extraVectors["learned_baseline"] =
            std::vector<double>(learned.vector.begin(), learned.vector.end());
        result.extraScalars["learned_baseline_initial_loss"] = learned.initialLoss;
        result.extraScalars["learned_baseline_final_loss"] = learned.finalLoss;
        result.extraScalars["learned_baseline_from_cache"] = learned.fromCache ? 1.0 : 0.0;
    } else {
        baseline = baselineEmbedding(*model, request.baseline);
    }
    const std::string key = vCacheKey(keyFields);
    VCache cache(request.cachePath);
    std::optional<std::vector<double>> cached;
    if (request.useCache)
        cached = cache.lookup(key);
    if (cached) {
        result.v = *cached;
        result.extraScalars["v_from_cache"] = 1.0;
    } else {
        MaskedGame game;
        game.ids = result.tokenIds;
        game.playerTokens = result.playerTokenSpans;
        game.baseline = baseline;
        game.targetId = result.targetTokenId;
        ScoringOptions scoring;
        scoring.plain = request.plainScoring;
        scoring.progress = [&](int64_t done, int64_t total) {
            report(ProgressStage::Scoring, 0.1 + 0.7 * static_cast<double>(done) / static_cast<double>(total),
                   {});
        };
        scoring.cancelled = [&] { return control.cancel && control.cancel->load(); };
        ScoringStats stats;
        result.v = rewardFromLogOdds(maskedLogOdds(*model, game, scoring, &stats));
        result.extraScalars["token_forwards"] = static_cast<double>(stats.tokenForwards);
        if (request.useCache)
            cache.store(key, result.v, canonicalKeyText(keyFields));
    }

    report(ProgressStage::Sparsifying, 0.8, {});
    SparsifyOptions single = request.single;
    single.cancel = control.cancel;
    const SingleResult interactions = sparsify(result.v, single);
    result.iAnd = interactions.iAnd;
    result.iOr = interactions.iOr;
    result.gamma = interactions.gamma;
    result.q = interactions.q;
    // The certificate (method.md §3.3): a lower bound on the optimum and whether the gap met the tolerance
    // (reference mode has no certificate and reports not converged). Travels into explain JSON, session and
    // study files.
    result.certificate = SolverCertificate{interactions.loss, interactions.lowerBound, interactions.gap,
                                           interactions.converged};
}

PairResult explainPair(const ExplainRequest& request, const ModelResult& a, const ModelResult& b,
                       const RunControl& control)
{
    JointOptions options = request.joint;
    options.cancel = control.cancel;
    return jointPairResult(a, b, options);
}

// The pairs' joint extractions, in `jobs` order. They are independent and the solver is single-threaded plain
// C++, so they run side by side on as many threads as libtorch may use (a study's --threads, or half the
// cores per shard). Progress is reported from the calling thread only, as pairs finish; the first error (in
// pair order) is rethrown once every thread has stopped, and cancellation stops them all.
std::vector<PairResult> explainPairs(const ExplainRequest& request, const std::vector<ModelResult>& models,
                                     const std::vector<std::pair<size_t, size_t>>& jobs,
                                     const RunControl& control)
{
    std::vector<std::optional<PairResult>> results(jobs.size());
    std::vector<std::exception_ptr> errors(jobs.size());
    std::atomic<size_t> next{0};
    std::mutex mutex;
    std::condition_variable finishedOne;
    size_t finished = 0;
    const auto work = [&] {
        for (size_t k; (k = next++) < jobs.size();) {
            try {
                throwIfCancelled(control.cancel);
                results[k] = explainPair(request, models[jobs[k].first], models[jobs[k].second], control);
            } catch (...) {
                errors[k] = std::current_exception();
            }
            const std::lock_guard lock(mutex);
            ++finished;
            finishedOne.notify_one();
        }
    };
    const size_t threads =
        std::min<size_t>(jobs.size(), static_cast<size_t>(std::max(1, at::get_num_threads())));
    std::vector<std::thread> workers;
    for (size_t t = 0; t < threads; ++t)
        workers.emplace_back(work);
    {
        std::unique_lock lock(mutex);
        for (size_t reported = 0; reported < jobs.size();) {
            if (control.progress) {
                const double overall =
                    0.85 + 0.15 * static_cast<double>(reported) / static_cast<double>(jobs.size());
                control.progress(
                    {std::nullopt,
                     {},
                     ProgressStage::Pairs,
                     overall,
                     overall,
                     std::to_string(reported) + " of " + std::to_string(jobs.size()) + " pairs"});
            }
            finishedOne.wait(lock, [&] { return finished > reported; });
            reported = finished;
        }
    }
    for (std::thread& t : workers)
        t.join();
    std::vector<PairResult> pairs;
    for (size_t k = 0; k < jobs.size(); ++k) {
        if (errors[k])
            std::rethrow_exception(errors[k]);
        pairs.push_back(std::move(*results[k]));
    }
    return pairs;
}

} // namespace

PairResult jointPairResult(const ModelResult& a, const ModelResult& b, const JointOptions& options)
{
    const std::vector<std::vector<double>> vs{a.v, b.v};
    const JointResult joint = sparsifyJoint(vs, options);
    PairResult pair;
    pair.a = a.id;
    pair.b = b.id;
    const std::vector<ModelPrompt> promptA{{joint.models[0].iAnd, joint.models[0].iOr, a.v}};
    const std::vector<ModelPrompt> promptB{{joint.models[1].iAnd, joint.models[1].iOr, b.v}};
    const SharedOptions shared;
    const PairSharing sharing = sharePair(promptA, promptB, shared);
    for (const SharedEntry& entry : sharing.shared.front().shared)
        (entry.type == InteractionType::And ? pair.sharedAnd : pair.sharedOr).push_back(entry.mask);
    const KappaResult kappa = kappaOf(promptA, promptB, sharing);
    pair.kappa = PairKappa{kappa.kappa,         kappa.aFromB.primary,     kappa.bFromA.primary,
                           kappa.signedUtility, kappa.salientDenominator, kappa.perPromptMean,
                           kappa.overlap};
    pair.certificate = SolverCertificate{joint.loss, joint.lowerBound, joint.gap, joint.converged};
    pair.iAndA = joint.models[0].iAnd;
    pair.iOrA = joint.models[0].iOr;
    pair.iAndB = joint.models[1].iAnd;
    pair.iOrB = joint.models[1].iOr;
    pair.gammaOwnA = joint.gammaOwn[0];
    pair.gammaOwnB = joint.gammaOwn[1];
    pair.gammaShared = joint.gammaShared;
    return pair;
}

std::vector<LoadedModel> loadModels(const std::vector<std::string>& dirs, const ComputeDevice& device,
                                    const RunControl& control)
{
    initRuntime();
    std::vector<LoadedModel> models;
    for (size_t i = 0; i < dirs.size(); ++i) {
        throwIfCancelled(control.cancel);
        if (control.progress)
            control.progress({i, modelDisplayName(dirs[i]), ProgressStage::Loading, 0.0, 0.0, {}});
        LoadedModel& loaded = models.emplace_back();
        loaded.dir = dirs[i];
        try {
            loaded.tokenizer = std::make_shared<const Tokenizer>(Tokenizer::load(loaded.dir));
            loaded.model = loadCausalLM(loaded.dir, device);
        } catch (const std::exception& e) {
            loaded.error = e.what();
        }
    }
    return models;
}

Session runExplain(const ExplainRequest& request, const RunControl& control)
{
    if (request.modelDirs.empty())
        throw InputError("explain: give at least one model folder");
    if (control.progress)
        control.progress({std::nullopt, {}, ProgressStage::Loading, 0.0, 0.0, {}});
    return runExplain(request, loadModels(request.modelDirs, request.device, control), control);
}

Session runExplain(const ExplainRequest& request, const std::vector<LoadedModel>& models,
                   const RunControl& control)
{
    initRuntime();
    if (models.empty())
        throw InputError("explain: give at least one model folder");
    Session session;
    SessionMeta& meta = session.meta;
    meta.appVersion = interlensVersion();
    meta.createdUtc = utcNow();
    meta.prompt = request.prompt;
    meta.targetWord = request.targetWord;
    meta.baseline = request.baseline;
    meta.rewardDefinition = kRewardDefinition;
    const std::vector<PromptWord> players =
        choosePlayers(request.prompt, request.players, request.seed, englishStopWords());
    const auto n = static_cast<int>(players.size());
    if (n > request.maxPlayers) {
        const double masks = std::ldexp(1.0, n);
        throw InputError("explain: " + std::to_string(n) + " players exceed the exact limit of " +
                         std::to_string(request.maxPlayers) + ": each model would need " +
                         std::to_string(static_cast<long long>(masks)) + " masked forward passes and about " +
                         std::to_string(static_cast<long long>(masks * 8 * 12 / 1e6 + 1)) +
                         " MB for its result vectors; choose fewer words or raise the limit (--max-players)");
    }
    for (const PromptWord& p : players)
        meta.players.push_back({p.core.empty() ? p.text : p.core, p.coreSpan.start, p.coreSpan.end});
    meta.solverSettings = {{"single_mode", sparsifyModeName(request.single.mode)},
                           {"joint_mode", sparsifyModeName(request.joint.mode)},
                           {"single_q_threshold", std::to_string(request.single.qThreshold)},
                           {"joint_alpha", std::to_string(request.joint.alpha)},
                           {"joint_q_threshold", std::to_string(request.joint.qThreshold)},
                           {"joint_p_threshold", std::to_string(request.joint.pThreshold)},
                           {"players_spec", request.players},
                           {"seed", std::to_string(request.seed)},
                           {"scoring", request.plainScoring ? "plain" : "trie"}};

    const double perModel = 0.8 / static_cast<double>(models.size());
    for (size_t i = 0; i < models.size(); ++i) {
        throwIfCancelled(control.cancel);
        ModelResult result;
        result.path = models[i].dir;
        result.id = modelIdFor(result.path, session.models);
        const auto report = [&](ProgressStage stage, double fraction, const std::string& detail) {
            if (control.progress)
                control.progress(
                    {i, result.id, stage, fraction, perModel * (static_cast<double>(i) + fraction), detail});
        };
        try {
            explainModel(request, meta, players, models[i], report, control, result);
            report(ProgressStage::Done, 1.0, {});
        } catch (const CancelledError&) {
            throw;
        } catch (const std::exception& e) {
            // One model failing leaves the others' results intact; its error is part of the session.
            result.error = e.what();
            report(ProgressStage::Failed, 1.0, {});
        }
        session.models.push_back(std::move(result));
    }

    std::vector<std::pair<size_t, size_t>> jobs;
    for (size_t i = 0; i < session.models.size() && request.jointPairs; ++i)
        for (size_t j = i + 1; j < session.models.size(); ++j)
            if (!session.models[i].failed() && !session.models[j].failed())
                jobs.emplace_back(i, j);
    for (PairResult& pair : explainPairs(request, session.models, jobs, control))
        session.pairs.push_back(std::move(pair));
    if (control.progress)
        control.progress({std::nullopt, {}, ProgressStage::Done, 1.0, 1.0, {}});
    return session;
}

} // namespace interlens
