#pragma once

// One progress report of a long run: which model (by its index in the request), which stage, how far. Core's
// runs emit it (explain/explain_run.h: RunControl::progress); the GUI reads its fields, the CLI prints
// progressText(). A new stage is added here, once, with its text.

#include <cstddef>
#include <optional>
#include <string>

namespace interlens {

enum class ProgressStage {
    Loading,          // reading a model folder (model set) or the models of a run (model empty)
    TrainingBaseline, // the learned baseline of one model (method.md §2.4)
    Scoring,          // the 2^n masked forward passes of one model
    Sparsifying,      // one model's AND/OR interactions
    Pairs,            // the pairwise joint extractions (model empty)
    Prompts,          // a study's first pass: scoring and single extractions, prompt by prompt (model empty)
    Done,             // one model's work (model set) or the whole run's
    Failed,           // one model failed; the run goes on with the others
};

struct ProgressEvent
{
    std::optional<std::size_t> model; // index of the model in the request; empty: a stage of the whole run
    std::string modelName;            // that model's id in the session (its folder's name); "" without model
    ProgressStage stage = ProgressStage::Loading;
    double fraction = 0.0; // of the model's own work when `model` is set, else of the whole run; in [0, 1]
    double overall = 0.0;  // of the whole run, in [0, 1]
    std::string detail;    // what the stage adds: "epoch 3/10, loss 0.41, about 2 min left", "1 of 3 pairs"
};

// The stage and its detail without the model's name ("scoring masks", "training the learned baseline: epoch
// 3/10, ..."), as the GUI's model list shows it beside the model.
std::string progressStageText(const ProgressEvent& event);

// The one line a CLI prints: "[model: ]stage[: detail]", e.g. "stories260K: scoring masks",
// "joint extraction: 0 of 3 pairs", "prompts: 4 of 10, prompt 4 (p4)", "loading models", "done".
std::string progressText(const ProgressEvent& event);

} // namespace interlens
