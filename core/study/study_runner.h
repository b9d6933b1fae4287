#pragma once

#include "common/progress_event.h"
#include "study/study_options.h"
#include "study/study_shard.h"
#include "study/study_types.h"

#include <atomic>
#include <functional>
#include <string>

namespace interlens {

struct StudyRequest
{
    std::string promptsFile;
    std::string outPath;
    StudyRunOptions run;
    StudyAggregateOptions aggregate;
    StudyShard shard;
    bool keepParts = false;  // keep <out>.parts/ after the study file is written
    int threads = 0;         // libtorch intra-op threads (0 = the machine's cores)
    bool useCache = false;   // the v cache (off by default: parallel shards must not share one HDF5 file)
    std::string cachePath;   // "" = VCache::defaultPath()
    std::int64_t limit = -1; // compute at most this many new prompts, then write the file (benchmarks, tests)
};

struct StudyControl
{
    // One line per event (a prompt finished, the file written), for stderr or a log.
    std::function<void(const std::string&)> log;
    // Before and after each prompt of the first pass (stage Prompts, "4 of 10, prompt 4 (p4)"), then after
    // each prompt's pairs in the joint pass (stage Pairs, "5 of 12 extractions"); Done when the file is
    // written. `overall` is the fraction of the current pass: the joint pass's work is known only once the
    // first pass is complete.
    std::function<void(const ProgressEvent&)> progress;
    const std::atomic<bool>* cancel = nullptr;
};

struct StudyOutcome
{
    std::int64_t computed = 0; // prompts computed by this call
    std::int64_t resumed = 0;  // prompts whose records were already there
    std::int64_t inShard = 0;  // prompts of this shard
    bool complete = false;
    double seconds = 0.0; // wall time of the computing part
};

// Runs (or resumes) a study: every prompt of the shard × every model (runExplain per prompt, with the top-1
// pre-filter of method.md §2.1 before the 2^n forward passes), each finished prompt saved at once as a small
// file in <out>.parts/ (atomic), then the study file with all records and the aggregates written atomically.
// An existing <out> or parts from an earlier run are reused when their options, models and prompts agree;
// otherwise InputError says what differs (an existing file is never overwritten with other options).
StudyOutcome runStudy(const StudyRequest& request, const StudyControl& control = {});

// The parts folder of a study file: "<out>.parts".
std::string studyPartsDir(const std::string& outPath);

} // namespace interlens
