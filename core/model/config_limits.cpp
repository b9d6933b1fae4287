#include "model/config_limits.h"

#include "common/error.h"
#include "common/regular_file.h"

#include <cmath>

#include <unistd.h>

namespace interlens {

namespace {

// Ten times (and more) the largest published checkpoints: generous, but far below what would exhaust memory
// before the weights are even looked at.
constexpr int64_t kMaxVocab = int64_t(1) << 24;
constexpr int64_t kMaxHidden = int64_t(1) << 17;
constexpr int64_t kMaxIntermediate = int64_t(1) << 20;
constexpr int64_t kMaxLayers = 4096;
constexpr int64_t kMaxHeads = 4096;
constexpr int64_t kMaxPositions = int64_t(1) << 27;

double physicalMemoryBytes()
{
    const long pages = ::sysconf(_SC_PHYS_PAGES);
    const long pageSize = ::sysconf(_SC_PAGESIZE);
    return pages > 0 && pageSize > 0 ? double(pages) * double(pageSize) : 0.0;
}

} // namespace

void checkConfigValues(const ModelConfig& c, const std::string& path)
{
    auto fail = [&](const std::string& key, const std::string& what) {
        throw InputError(fileMessage(path, "key \"" + key + "\" " + what));
    };
    auto atMost = [&](const char* key, int64_t value, int64_t limit) {
        if (value > limit)
            fail(key, "is " + std::to_string(value) + ", more than any model Interlens can run (at most " +
                          std::to_string(limit) + ")");
    };
    atMost("vocab_size", c.vocabSize, kMaxVocab);
    atMost("hidden_size", c.hiddenSize, kMaxHidden);
    atMost("intermediate_size", c.intermediateSize, kMaxIntermediate);
    atMost("num_hidden_layers", c.numLayers, kMaxLayers);
    atMost("num_attention_heads", c.numHeads, kMaxHeads);
    atMost("num_key_value_heads", c.numKvHeads, kMaxHeads);
    atMost("head_dim", c.headDim, kMaxHidden);
    atMost("max_position_embeddings", c.maxPositions, kMaxPositions);
    atMost("sliding_window", c.slidingWindow, kMaxPositions);
    if (c.maxPositions < 0)
        fail("max_position_embeddings", "must not be negative");

    auto finite = [&](const char* key, double value) {
        if (!std::isfinite(value))
            fail(key, "is not a finite number");
    };
    const bool layerNorm = c.modelType == "gpt2" || c.modelType == "phi";
    const char* epsKey = c.modelType == "gpt2" ? "layer_norm_epsilon"
                         : layerNorm           ? "layer_norm_eps"
                                               : "rms_norm_eps";
    finite(epsKey, c.normEps);
    if (c.normEps < 0)
        fail(epsKey, "must not be negative (got " + std::to_string(c.normEps) + ")");
    if (c.modelType == "gpt2")
        return; // learned positions: the RoPE keys below do not apply
    finite("rope_theta", c.ropeTheta);
    if (c.ropeTheta <= 0)
        fail("rope_theta", "must be positive (got " + std::to_string(c.ropeTheta) + ")");
    if (c.ropeScaling.type != "default") {
        finite("rope_scaling.factor", c.ropeScaling.factor);
        if (c.ropeScaling.factor <= 0)
            fail("rope_scaling.factor",
                 "must be positive (got " + std::to_string(c.ropeScaling.factor) + ")");
    }
    if (c.ropeScaling.type == "llama3") {
        finite("rope_scaling.low_freq_factor", c.ropeScaling.lowFreqFactor);
        finite("rope_scaling.high_freq_factor", c.ropeScaling.highFreqFactor);
        if (c.ropeScaling.lowFreqFactor <= 0 || c.ropeScaling.highFreqFactor <= c.ropeScaling.lowFreqFactor)
            fail("rope_scaling", "needs 0 < low_freq_factor < high_freq_factor");
        if (c.ropeScaling.originalMaxPositions <= 0 || c.ropeScaling.originalMaxPositions > kMaxPositions)
            fail("rope_scaling.original_max_position_embeddings", "must be a positive number of positions");
    }
}

int64_t positionLimit(const ModelConfig& config)
{
    return config.maxPositions;
}

double forwardBytesEstimate(const ModelConfig& c, int64_t rows, int64_t tokens, int64_t dtypeBytes)
{
    const double b = double(rows), t = double(tokens), e = double(dtypeBytes);
    const double scores =
        b * double(c.numHeads) * t * t * 4.0 * 2.0; // one layer's scores and softmax, float32
    const double cache = 2.0 * double(c.numLayers) * b * double(c.numKvHeads) * t * double(c.headDim) * e;
    const double activations = b * t * (4.0 * double(c.hiddenSize) + 3.0 * double(c.intermediateSize)) * e;
    const double logits = b * double(c.vocabSize) * 4.0;
    return scores + cache + activations + logits;
}

void checkSequenceLength(const ModelConfig& c, int64_t rows, int64_t tokens, int64_t dtypeBytes)
{
    const int64_t limit = positionLimit(c);
    const std::string configPath = c.directory + "/config.json";
    if (limit > 0 && tokens > limit) {
        const char* key = c.modelType == "gpt2" ? "n_positions" : "max_position_embeddings";
        throw InputError("sequence of " + std::to_string(tokens) + " tokens exceeds the model's " +
                         std::to_string(limit) + " positions (" + key + " in " + configPath +
                         "); a forward pass over it would need about " +
                         describeBytes(forwardBytesEstimate(c, rows, tokens, dtypeBytes)) + " of memory");
    }
    const double need = forwardBytesEstimate(c, rows, tokens, dtypeBytes);
    const double have = physicalMemoryBytes();
    if (limit <= 0 && have > 0 && need > have)
        throw InputError("sequence of " + std::to_string(tokens) + " tokens would need about " +
                         describeBytes(need) + " of memory for one forward pass, more than this machine's " +
                         describeBytes(have) + " (" + configPath + " states no max_position_embeddings)");
}

} // namespace interlens
