#pragma once

#include "study/study_options.h"
#include "study/study_types.h"

#include <vector>

namespace interlens {

// Whether a record passes the filters of method.md §2.1 and §9 under `options`; `why` (if given) receives the
// filter that removed it: "pending" (no record), stop_word_target, top1, players, small_u, model_error,
// error. With options.top1 = "pair" a record is kept when at least two models (one in a one-model study) pass
// the top-1 and |u| rules; each pair and each model then uses the kept records where its own models pass
// them.
bool keptForAggregate(const PromptRecord& record, const StudyAggregateOptions& options,
                      std::string* why = nullptr);
// Whether a record counts for the pair of models at positions i and j of the study (or model i alone).
bool keptForPair(const PromptRecord& record, std::size_t i, std::size_t j,
                 const StudyAggregateOptions& options);
bool keptForModel(const PromptRecord& record, std::size_t i, const StudyAggregateOptions& options);

// The aggregates of a study (layout in README.md, "Study files" → /aggregate): filter counts, the κ matrix
// over all model pairs (primary and variants, joint and independent extraction), and per pair and per model
// the per-order statistics (Fig. 3), counts and mean strengths of shared and non-shared interactions (Fig.
// 4), cancellation ratios and sparsity curves. `records` may miss prompts (they count as pending); the result
// depends only on the records' content and order of indices, so a merge of shards equals a single run.
// With options.requireTop1 and records scored despite failing the top-1 filter (--score-all), a child
// "no_top1_filter" holds the same aggregates without that filter (method.md §2.1).
AggNode aggregateStudy(const StudyMeta& meta, const std::vector<PromptRecord>& records,
                       const StudyAggregateOptions& options);

} // namespace interlens
