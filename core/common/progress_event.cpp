#include "common/progress_event.h"

namespace interlens {

namespace {

std::string stageName(const ProgressEvent& event)
{
    switch (event.stage) {
    case ProgressStage::Loading:
        return event.model ? "loading" : "loading models";
    case ProgressStage::TrainingBaseline:
        return "training the learned baseline";
    case ProgressStage::Scoring:
        return "scoring masks";
    case ProgressStage::Sparsifying:
        return "sparsifying";
    case ProgressStage::Pairs:
        return "joint extraction";
    case ProgressStage::Prompts:
        return "prompts";
    case ProgressStage::Done:
        return "done";
    case ProgressStage::Failed:
        return "failed";
    }
    return "working";
}

} // namespace

std::string progressStageText(const ProgressEvent& event)
{
    return event.detail.empty() ? stageName(event) : stageName(event) + ": " + event.detail;
}

std::string progressText(const ProgressEvent& event)
{
    const std::string stage = progressStageText(event);
    return event.model && !event.modelName.empty() ? event.modelName + ": " + stage : stage;
}

} // namespace interlens
