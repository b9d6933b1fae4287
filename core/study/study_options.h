#pragma once

#include "explain/explain_run.h"
#include "interactions/shared_match.h"
#include "interactions/sparsify_types.h"
#include "model/runtime.h"

#include <string>
#include <vector>

namespace interlens {

// Everything that determines a prompt's record. Two runs (or shards) can share a study file only when these
// are equal (compared through runOptionsJson(), together with the models' fingerprints).
struct StudyRunOptions
{
    std::vector<std::string> modelDirs;
    int players = 10;       // n (prompts that list their players must list exactly n)
    std::uint32_t seed = 0; // for auto:n players
    std::string baseline = "mean";
    SparsifyMode mode = SparsifyMode::Solver;
    bool plainScoring = false;
    // Score prompts that fail the top-1 filter too (they are kept out of the primary aggregate and make up
    // the "no top-1 filter" variant of method.md §2.1). Off: they are skipped before the 2^n forward passes.
    bool scoreAll = false;
    // The top-1 pre-filter's scope: "pair" scores a prompt when at least two models rank the target first
    // (some pair can keep it); "all" only when every model does.
    std::string top1 = "pair";
    int maxPlayers = 16;
    ComputeDevice device; // the dtype is part of the options, the device is not
};

// How records are aggregated; may differ between a run and a later `interlens merge` of its files.
struct StudyAggregateOptions
{
    double minUtility = 1.0; // drop prompts where any model's |u| < this (method.md §9.10)
    bool requireTop1 = true; // keep only prompts where the compared models' top-1 is the target (§2.1)
    // Whose top-1 counts: "pair" (default) keeps a prompt for a pair when both of its models rank the target
    // first (the paper compares pairs); "all" keeps it for every pair only when every model of the study
    // does. |u| >= minUtility follows the same scope.
    std::string top1 = "pair";
    // Primary cancellation ratio (method.md §6.4): "per_prompt" (the ratio on each prompt, then the mean over
    // prompts: cancellation within a prediction) or "pooled" (Pos/Neg summed over prompts first). Both are
    // stored; this names the one the findings use.
    std::string cancellation = "per_prompt";
    SharedOptions shared; // salient rule (§5; default 0.03·mean|u| per model) and sign requirement
};

// "pair" or "all"; InputError naming `what` otherwise.
std::string checkedTop1Scope(const std::string& text, const std::string& what);

// The request every prompt of the study runs with (study_prompt_run.h), before its prompt, players and
// target are set: one place that turns the study's options into explain settings.
ExplainRequest studyExplainRequest(const StudyRunOptions& options);

// Canonical (sorted-key, compact) JSON texts stored in the study file. The run options hold, under
// "request", every request-wide setting of the canonical request key (explain/request_key.h) of
// studyExplainRequest(options), so a setting that changes a result changes them.
std::string runOptionsJson(const StudyRunOptions& options);
std::string aggregateOptionsJson(const StudyAggregateOptions& options);
// Reads aggregateOptionsJson()'s text back (InputError naming the field on bad values).
StudyAggregateOptions aggregateOptionsFromJson(const std::string& text);

// The first difference between two canonical option texts, as "field: a vs b" ("" when equal), for messages.
std::string firstOptionDifference(const std::string& a, const std::string& b);

} // namespace interlens
