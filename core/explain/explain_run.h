#pragma once

#include "common/progress_event.h"
#include "explain/learned_baseline.h"
#include "interactions/sparsify.h"
#include "model/runtime.h"
#include "store/session.h"
#include "tokenize/tokenizer.h"

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace interlens {

class CausalLM; // model/causal_lm.h; held by pointer here, so this header parses no libtorch headers

// What v measures, as recorded in every session (SessionMeta::rewardDefinition).
inline constexpr const char* kRewardDefinition =
    "gt-log-odds-v0: log(p/(1-p+1e-7)+1e-7) of the target at the last position, minus v(empty)";

// One explanation: a prompt, its players and target, and several model folders (each holding config.json,
// safetensors and tokenizer.json).
struct ExplainRequest
{
    std::string prompt;
    std::string players = "auto:10"; // "w1,w2,..." or auto:N (see players.h)
    uint32_t seed = 0;
    std::string targetWord;        // "" = each model's own top-1 next token
    std::string baseline = "mean"; // zero | mean | pad | unk | eos | learned | FILE.f32 (model/baseline.h)
    // "learned" (method.md §2.4): trained once per model on these sentences (empty = the shipped prompt
    // files, else the prompt itself) and cached next to the v cache, in baselines/.
    LearnedBaselineOptions learnedBaseline;
    std::vector<std::string> baselineSentences;
    std::vector<std::string> modelDirs;
    ComputeDevice device;
    int maxPlayers = 16; // the exact limit: above it the run is refused with an estimate of its cost
    bool plainScoring = false;
    bool useCache = true;
    std::string cachePath; // "" = VCache::defaultPath()
    SparsifyOptions single;
    JointOptions joint;
    // false: no pairwise joint extraction (a study runs it later, once β from the mean u over its kept
    // prompts is known; method.md §4).
    bool jointPairs = true;
};

// Progress and cancellation for a run (the GUI's worker thread, or the CLI's stderr).
struct RunControl
{
    // Which model, which stage, how far (common/progress_event.h); called on the run's thread.
    std::function<void(const ProgressEvent&)> progress;
    const std::atomic<bool>* cancel = nullptr;
};

// A model folder loaded once and reused across prompts (a study, the GUI's worker). A folder that fails to
// load keeps its error, and every session it takes part in records that model as failed.
struct LoadedModel
{
    std::string dir;
    std::shared_ptr<const CausalLM> model;
    std::shared_ptr<const Tokenizer> tokenizer;
    std::string error;

    bool failed() const { return !error.empty(); }
};

// Loads each folder (model and tokenizer) on `device`; never throws for a bad folder (see
// LoadedModel::error).
std::vector<LoadedModel> loadModels(const std::vector<std::string>& dirs, const ComputeDevice& device,
                                    const RunControl& control = {});

// Runs the whole path (method.md §7.3) for one prompt: per model tokenizer, players' token spans, target,
// p(target) and its rank, v(S) for all 2^n masks (from the v cache when it has them), AND/OR interactions;
// per pair of models the joint extraction, shared coalitions and κ. A model that fails is recorded with its
// error and the others go on; problems with the request itself (players, n above the limit) throw InputError;
// cancellation throws CancelledError.
Session runExplain(const ExplainRequest& request, const RunControl& control = {});

// The same with models loaded beforehand; request.modelDirs and request.device are ignored.
Session runExplain(const ExplainRequest& request, const std::vector<LoadedModel>& models,
                   const RunControl& control = {});

// The pairwise joint extraction of two scored models (their v), shared coalitions and κ of this prompt alone,
// as runExplain records it. `options.averageOutput` sets β (empty: each model's own u on this prompt).
PairResult jointPairResult(const ModelResult& a, const ModelResult& b, const JointOptions& options);

} // namespace interlens
