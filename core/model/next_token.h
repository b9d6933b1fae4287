#pragma once

// The next-token distribution of a causal LM in plain types, for layers that do not parse libtorch's headers
// (the CLI's `predict`, the GUI's target picker, target ranks in runs and studies).

#include <cstdint>
#include <string>
#include <vector>

namespace interlens {

class CausalLM;

struct TokenScore
{
    int64_t id = 0;
    float logProb = 0.0f; // float32 log-softmax of the last position's float32 logits
    float prob = 0.0f;    // float32 softmax of the same logits
};

// The k most likely tokens after `ids` (one sequence), most likely first (fewer when the vocabulary is
// smaller than k). Ids must be inside the vocabulary (the callers check them with their own messages).
std::vector<TokenScore> topNextTokens(const CausalLM& model, const std::vector<int64_t>& ids, int k);

struct TargetScore
{
    double logProb = 0.0; // float32 log-softmax of the target, widened
    int64_t rank = 0;     // tokens strictly more likely than the target (0 = the model's top-1)
    int64_t top = 0;      // the most likely token
};

// The target's log-probability and rank after `ids`; target -1 scores the most likely token itself.
// InputError when the target is outside the vocabulary.
TargetScore scoreNextToken(const CausalLM& model, const std::vector<int64_t>& ids, int64_t target);

// The float32 logits [V] at the last position of `ids` (in the vocabulary). With `keep` (one 0/1 per id),
// positions with 0 get the baseline `baseline` (a name or FILE.f32 of baselineEmbedding(), model/baseline.h)
// in place of their token's embedding; the baseline is resolved even without `keep`, so that a bad name is
// reported rather than ignored.
std::vector<float> lastLogits(const CausalLM& model, const std::vector<int64_t>& ids,
                              const std::vector<int64_t>& keep, const std::string& baseline);

} // namespace interlens
