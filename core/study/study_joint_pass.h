#pragma once

// The second pass of a study (method.md §4): the pairwise joint extractions, once every prompt's v is known.
// β_i = pthres · mean_x u_i(x) over the prompts the pair keeps, so the joint extraction of one prompt depends
// on the whole study: the first pass (filters, v and single-model extractions, per prompt, resumable and
// sharded) must be complete before this one. A single-process run runs it at the end; shards leave it to
// `interlens merge`, which runs it on the merged records: it needs only the stored v vectors, not the models,
// so shards and merge give the same records as one process.

#include "store/session.h"
#include "study/study_options.h"
#include "study/study_types.h"

#include <atomic>
#include <functional>
#include <vector>

namespace interlens {

// Per pair (i < j in model order): the mean u of each model over the prompts the pair keeps (over every
// prompt where both models were scored when it keeps none), and how many prompts that mean is over.
struct PairMeanUtility
{
    double a = 0.0, b = 0.0;
    std::size_t prompts = 0;
};

std::vector<PairMeanUtility> pairMeanUtilities(const StudyMeta& meta,
                                               const std::vector<PromptRecord>& records,
                                               const StudyAggregateOptions& options);

struct JointPassOutcome
{
    std::size_t computed = 0; // (prompt, pair) extractions computed
    std::size_t reused = 0;   // kept from an earlier pass with the same β
};

struct JointPassControl
{
    int threads = 0; // extractions side by side (0: libtorch's count)
    const std::atomic<bool>* cancel = nullptr;
    // Called when the pass knows its work: extractions to compute and pair records kept from an earlier pass.
    std::function<void(const JointPassOutcome& planned)> planned;
    // Called once for every record whose extractions this pass computed, as soon as its last one is done (a
    // study saves the record into its part then, so that a killed pass resumes from there), with the
    // extractions done so far. One call at a time, on a worker thread; what it throws fails the pass.
    std::function<void(const PromptRecord& record, std::size_t extractionsDone)> recordDone;
};

// Fills every scored record's pairs (all i < j): the joint extraction for the prompts the pair keeps (every
// scored prompt with the run's score_all), with β from pairMeanUtilities(); empty pair records elsewhere. A
// pair record already computed with the same mean u (its JointBeta) is kept: the records of an interrupted
// pass resume where it stopped. Throws CancelledError when cancelled.
JointPassOutcome runJointPass(const StudyMeta& meta, std::vector<PromptRecord>& records,
                              const StudyAggregateOptions& options, const JointPassControl& control = {});

} // namespace interlens
