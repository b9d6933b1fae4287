#pragma once

#include "interactions/shared_types.h"

#include <span>
#include <string>
#include <vector>

namespace interlens {

// Salient-interaction rules of method.md §5 (table "Thresholds found in the code") and §9.3.
enum class SalientRule {
    // |I| > c·mean_x |u_i(x)| with u = v(N) - v(∅): one constant per model over its prompt set (GEN
    // plot_by_order.py with model_thresholds; the default, c = 0.03).
    UtilityScaled,
    // |I| > c·max|I| over MaxScope (GEN per-vector 0.03; SPA 0.05·max|I_and|; GEN sparsify.py 0.05 of the
    // pooled max; CON 0.01 with `inclusive`).
    RelativeToMax,
    // The top int(r·2^n) entries by |I| of each type (GEN `*_no_threshold`, r = 0.1).
    TopFraction,
    // The top K entries by |I| of each type (GEN transfer.py).
    TopK,
};

// Where the max of RelativeToMax is taken.
enum class MaxScope {
    PerVector, // that type, that model, that prompt (GEN data_path=None)
    PerPrompt, // both types of that model on that prompt
    Pooled,    // both types, all prompts of that model (GEN sparsify.py)
};

struct SalientOptions
{
    SalientRule rule = SalientRule::UtilityScaled;
    double coefficient = 0.03; // c of UtilityScaled / RelativeToMax
    MaxScope maxScope = MaxScope::PerVector;
    bool inclusive = false;   // |I| >= threshold (CON) instead of the lab's strict >
    double topFraction = 0.1; // r of TopFraction
    std::size_t topK = 10;    // K of TopK
    bool includeEmpty = true; // the lab keeps S = ∅ (order 0) in its statistics
};

// The per-model constant the threshold rules need, over all prompts of that model: mean_x |u(x)| for
// UtilityScaled (needs v), the pooled max|I| for RelativeToMax + Pooled; 0 for the other rules (unused).
double salientScale(std::span<const ModelPrompt> prompts, const SalientOptions& options);

// Salient set of one model on one prompt. `scale` is salientScale() of the model's prompt set where the rule
// needs it. Top-k ties are broken by the lower mask (the lab's quicksort order is unspecified; the fixtures
// have no tie at the cut). Sorted by (type, mask).
SalientSet selectSalient(const ModelPrompt& prompt, const SalientOptions& options, double scale);

// Salient sets of one model on all its prompts (computes the scale over these prompts).
std::vector<SalientSet> selectSalient(std::span<const ModelPrompt> prompts, const SalientOptions& options);

// Fig 1 (§6.1): the k strongest interactions of both types together, by |I| descending (ties: AND first, then
// the lower mask); S = ∅ left out unless includeEmpty.
SalientSet topInteractions(const ModelPrompt& prompt, std::size_t k, bool includeEmpty = false);

// Names for options files and the CLI: "utility", "relative", "top-fraction", "top-k" and "vector", "prompt",
// "pooled". parse* throw InputError naming the bad value.
const char* salientRuleName(SalientRule rule);
SalientRule parseSalientRule(const std::string& name);
const char* maxScopeName(MaxScope scope);
MaxScope parseMaxScope(const std::string& name);

// Entries of one type, in mask order.
SalientSet entriesOfType(const SalientSet& set, InteractionType type);

} // namespace interlens
