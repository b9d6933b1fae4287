#pragma once

#include "study/study_options.h"
#include "study/study_types.h"

#include <optional>
#include <string>
#include <vector>

namespace interlens {

struct MergeRequest
{
    std::vector<std::string> inputs; // study files (shards, or any files of the same study)
    std::string outPath;
    // Aggregation settings for the result; default: the inputs' (which must then agree).
    std::optional<StudyAggregateOptions> aggregate;
    bool allowPartial = false; // write the result even when prompts are missing (complete = 0)
    int threads = 0;           // for the joint pass (0: libtorch's thread count)
};

// Combines the records of several study files of one study (same prompts, options and models; a prompt
// present in several files must have identical records) in prompt order, recomputes the aggregates and writes
// the result atomically as a 0/1 study. Missing prompts are an InputError naming them (and the shards they
// belong to) unless allowPartial. A complete result gets the study's second pass (study_joint_pass.h: the
// pairwise joint extractions with β from the mean u over the merged kept prompts). The result equals a
// single-process run of the same study up to created_utc and the per-prompt timings.
Study mergeStudies(const MergeRequest& request);

// The first difference between two studies' content ("" when equal): metadata except created_utc,
// app_version, prompts_file and model paths; every record except its timing; the aggregates. Doubles compare
// exactly, with NaN equal to NaN.
std::string studyDifference(const Study& a, const Study& b);

} // namespace interlens
