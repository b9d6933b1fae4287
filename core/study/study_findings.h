#pragma once

// The paper's three findings tested on a study file (issue 16), from the per-prompt terms of its aggregate
// (study_prompt_terms.h), so it needs neither the models nor the per-prompt vectors:
//   F1 "sharing is common":              mean κ over the pairs, 95 % bootstrap CI over prompts;
//   F2 "stronger models share more":     κ within the first (stronger) group minus κ across groups, bootstrap
//                                        CI and a permutation p-value over the models' group labels;
//   F3 "shared interactions are lower-order and cancel less": per prompt, mean order and cancellation ratio
//                                        of shared vs non-shared salient interactions, Wilcoxon signed-rank.
// The result is the JSON of `interlens findings --json` (README.md, "Findings").

#include "study/study_types.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace interlens {

struct ModelGroup
{
    std::string name;
    std::vector<std::string> models;
};

struct FindingsOptions
{
    std::vector<ModelGroup> groups; // the stronger group first; empty: F2 is inconclusive
    int bootstrap = 2000;           // resamples of the prompts
    std::uint64_t seed = 0;
    double level = 0.95;          // of the confidence intervals
    double alpha = 0.05;          // significance for the verdicts
    double commonThreshold = 0.5; // F1: κ whose CI lies above this counts as "common"
    // Below this many prompts a bootstrap over prompts says nothing: every verdict is "inconclusive".
    std::size_t minPrompts = 5;
};

// x with `digits` decimals, "n/a" when not finite (the findings' statements and reports).
std::string fixedText(double x, int digits = 3);

// "strong:A,B;weak:C,D" -> groups; InputError naming the text when it is malformed.
std::vector<ModelGroup> parseModelGroups(const std::string& text);

// The paper's κ range between advanced LLMs (method.md §6.6).
inline constexpr std::pair<double, double> kPaperKappaRange{0.6099, 0.7746};

// InputError (naming `source`, the study file) when the study keeps no prompt, its joint pass has not run
// (an unmerged shard), a group names an unknown model or has fewer than two models, a model is in two groups,
// or bootstrap < 1.
nlohmann::json computeFindings(const Study& study, const FindingsOptions& options, const std::string& source);

} // namespace interlens
