#include "cli/commands.h"

#include <array>

namespace interlens::cli {

namespace {
const std::array kCommands = {
    Command{"logits", "last-position logits of a model folder for given ids (optionally masked)", &runLogits},
    Command{"tokenize", "token ids, offsets and strings of a text under a tokenizer.json", &runTokenize},
    Command{"predict", "a model's top-K next tokens for a text, with probabilities", &runPredict},
    Command{"decompose", "AND/OR interactions of given v vectors over all 2^n subsets", &runDecompose},
    Command{"explain", "shared AND/OR interactions of several models on one prompt", &runExplain},
    Command{"inspect", "summary of an Interlens HDF5 session file", &runInspect},
    Command{"train", "train a tokenizer and a small causal LM into a Hugging Face folder", &runTrain},
    Command{"study", "run explanations over a JSONL file of prompts and aggregate them", &runStudy},
    Command{"merge", "combine study shards into one study file", &runMerge},
    Command{"findings", "test the paper's findings on a study file (κ with CIs, F1-F3 verdicts, report)",
            &runFindings},
    Command{"figure", "export a view of a session or study file as PNG, PDF or SVG (no display)", &runFigure},
};
} // namespace

std::span<const Command> commands()
{
    return kCommands;
}

const Command* findCommand(const QString& name)
{
    for (const Command& c : kCommands)
        if (name == QLatin1String(c.name))
            return &c;
    return nullptr;
}

} // namespace interlens::cli
