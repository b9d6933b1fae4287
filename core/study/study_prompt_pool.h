#pragma once

#include "study/study_prompt_run.h"

#include <functional>
#include <vector>

namespace interlens {

// The study's first pass over `prompts` (scoring and single extractions, computePromptRecord) on `workers`
// threads side by side, one prompt per thread at a time. On the CPU, libtorch and OpenBLAS run
// single-threaded meanwhile (CpuThreadsScope): a prompt of the small models studies use is thousands of small
// operations and a single-threaded solver, which independent prompts keep every core busy with, where
// intra-op threads would mostly wait; and the numbers are then the same for any --threads and any sharding
// (OpenBLAS's last bits depend on its thread count). On a GPU, one prompt at a time.
//
// Calls `starting(prompt)` and then `finished(record)` on the calling thread, in prompt order (a record that
// finishes early waits for the ones before it), so logs, parts and progress read as in a sequential run.
// With a learned baseline the first prompt runs alone, so that one thread trains it (or reads its cache
// file). Cancellation: every record finished before it is still delivered, then
// CancelledError is thrown. Any other exception is rethrown when its prompt's turn comes.
void computePromptRecords(const std::vector<StudyPrompt>& prompts, const StudyModels& models,
                          const PromptRunSettings& settings, int workers,
                          const std::function<void(const StudyPrompt&)>& starting,
                          const std::function<void(PromptRecord&&)>& finished);

} // namespace interlens
