#pragma once

#include "tokenize/tokenizer.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace interlens {

class CausalLM;

// The learned baseline of method.md §2.4: one embedding vector b per model, trained so that masking with b
// removes information without creating interactions of its own. For random disjoint coalitions S1, S2, S3 of
// a sentence's players it minimises E |v(S1∪S2∪S3) − v(S1∪S3) − v(S2∪S3) + v(S3)|, v being the log-odds of
// the model's own top-1 token with the players outside S replaced by b. |S1|, |S2| are uniform in {1, 2, 3};
// S3 is every remaining player with probability 1/3, else a random subset of random size. SGD with momentum,
// one step per sentence, as the lab's interaction/baseline/train.py.
struct LearnedBaselineOptions
{
    int epochs = 100;           // the lab's LLaMA run (OPT and Aquila used 200)
    double learningRate = 1e-3; // SGD
    double momentum = 0.9;
    int drawsPerSentence = 10;
    int playersPerSentence = 10; // auto:N players of each sentence (fewer when a sentence has fewer words)
    std::uint32_t seed = 0;
    // The lab's init_baseline_id is not public: we start from the pad token's embedding, else unk, else eos,
    // else the mean embedding (the name is recorded as LearnedBaseline::init).
    // (epoch done, epochs, mean loss of that epoch)
    std::function<void(int, int, double)> progress;
    const std::atomic<bool>* cancel = nullptr;
};

struct LearnedBaseline
{
    std::vector<float> vector; // [H]
    std::string init;          // "pad", "unk", "eos" or "mean"
    double initialLoss = 0.0;
    double finalLoss = 0.0; // mean loss of the last epoch
    std::string key;        // hex SHA-256 of everything that determines the vector (the cache file's name)
    bool fromCache = false;
};

// Trains b on `sentences` (their players are auto:N with the option's seed). Needs a model whose forward can
// be differentiated with respect to its input (every architecture we load). InputError when no sentence has
// two players; CancelledError when cancelled.
LearnedBaseline trainLearnedBaseline(const CausalLM& model, const Tokenizer& tokenizer,
                                     const std::vector<std::string>& sentences,
                                     const LearnedBaselineOptions& options);

// trainLearnedBaseline once per (weights, tokenizer, sentences, options), cached as a raw float32 file (the
// FILE.f32 baseline format) under `cacheDir`; later calls load it.
LearnedBaseline cachedLearnedBaseline(const CausalLM& model, const Tokenizer& tokenizer,
                                      const std::vector<std::string>& sentences,
                                      const LearnedBaselineOptions& options, const std::string& cacheDir);

// The sentences the learned baseline is trained on by default: the "text" of every line of the shipped prompt
// files (resources/prompts/*.jsonl), in file-name order.
std::vector<std::string> defaultBaselineSentences();

} // namespace interlens
