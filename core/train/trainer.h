#pragma once

// No libtorch headers here: app/cli/train_command.cpp includes this.
#include "common/compute_device.h"
#include "train/model_spec.h"
#include "train/tokenizer_trainer.h"

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace interlens::train {

struct TrainOptions
{
    std::string corpus;  // UTF-8 text, one document per line
    std::string heldOut; // held-out text file; empty: every `heldOutEvery`-th line of the corpus
    int heldOutEvery = 100;
    std::string out;     // the final Hugging Face folder
    std::string workDir; // checkpoints and the trained tokenizer; empty: out + ".work"
    TokenizerKind tokenizer = TokenizerKind::ByteLevel;
    std::string
        tokenizerFrom; // reuse tokenizer.json/tokenizer_config.json of this folder instead of training
    int vocab = 4096;
    ModelSpec model; // vocab and special ids are taken from the tokenizer
    int64_t steps = 1000;
    int64_t batch = 16;
    double lr = 3e-3;
    double minLr = 3e-4; // cosine decay to this after warmup
    int64_t warmup = 50;
    double weightDecay = 0.1;
    double clipNorm = 1.0;
    uint64_t seed = 1;
    int64_t logEvery = 25;
    int64_t evalEvery = 250; // periodic held-out loss on the first evalWindows windows
    int64_t evalWindows = 32;
    int64_t checkpointEvery = 250;
    bool resume = false;
    // Extra Hugging Face folders written after that many steps (the "early" models).
    std::vector<std::pair<int64_t, std::string>> snapshots;
    Precision savePrecision = Precision::Float32; // of the saved weights
    std::string corpusNote;                       // recorded in training.json (source, licence)
    std::string command;                          // recorded in training.json
};

struct TrainReport
{
    int64_t parameters = 0;
    int64_t steps = 0;
    int64_t tokensSeen = 0;
    double trainLoss = 0.0;   // mean of the last logEvery steps
    double heldOutLoss = 0.0; // of the saved final folder, through the runtime
    double seconds = 0.0;
    std::string weightsHash;
};

// Trains (or resumes) a tokenizer and a model as `options` says, writing checkpoints every checkpointEvery
// steps to workDir and Hugging Face folders (config.json, model.safetensors, tokenizer.json,
// tokenizer_config.json, training.json) to out and the snapshot folders. Deterministic for a seed and a
// thread count. Progress lines go to `log`. With stopAfter > 0 the run stops (checkpointed) after that many
// steps of this call, leaving the final folder unwritten (for tests of resume).
TrainReport trainModel(const TrainOptions& options, const std::function<void(const std::string&)>& log,
                       int64_t stopAfter = 0);

} // namespace interlens::train
