#pragma once

#include "explain/explain_run.h"
#include "study/study_options.h"
#include "study/study_types.h"

#include <atomic>
#include <memory>
#include <string>
#include <vector>

namespace interlens {

// The study's models, loaded once: their identities for the study file and the top-1 pre-filter (one forward
// pass of the full prompt per model) that spares the 2^n masked passes of prompts the filter removes anyway.
class StudyModels
{
public:
    // Loads every folder (tokenizer.json + weights); throws InputError naming the folder when one cannot be
    // loaded (a study needs every model on every prompt).
    StudyModels(const std::vector<std::string>& dirs, const ComputeDevice& device);
    ~StudyModels();
    StudyModels(const StudyModels&) = delete;
    StudyModels& operator=(const StudyModels&) = delete;

    const std::vector<StudyModel>& identities() const { return m_identities; }
    const std::vector<LoadedModel>& loaded() const { return m_models; }

    // Per model: target token of `target` after `prompt`, p(target) and its rank on the full prompt. A model
    // that cannot take the prompt (target tokenised with the prompt, ...) gets its error in `error`.
    std::vector<ModelResult> targetRanks(const std::string& prompt, const std::string& target) const;

private:
    std::vector<LoadedModel> m_models;
    std::vector<StudyModel> m_identities;
};

struct PromptRunSettings
{
    StudyRunOptions run;
    bool useCache = false;
    std::string cachePath;
    // The learned baseline's training sentences: the text of every prompt of the study (method.md §2.4).
    std::vector<std::string> baselineSentences;
    const std::atomic<bool>* cancel = nullptr;
};

// One prompt × all models: the filters before scoring (stop-word target, players, top-1 unless scoreAll:
// every model's, or with run.top1 = "pair" at least two models'), then runExplain (v and the single-model
// extractions; the pairwise joint extractions are the study's second pass, study_joint_pass.h), into a
// record. Never throws for a problem of this prompt (it becomes a skipped or failed record); throws
// CancelledError when cancelled.
PromptRecord computePromptRecord(const StudyPrompt& prompt, const StudyModels& models,
                                 const PromptRunSettings& settings);

} // namespace interlens
