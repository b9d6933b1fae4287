#pragma once

#include "model/model_config.h"

#include <cstdint>
#include <string>

namespace interlens {

// Values of config.json that parse but cannot describe a model we could run: sizes far beyond any real
// checkpoint (num_hidden_layers: 1e9 would otherwise reach std::bad_alloc), and floating-point settings that
// make every output NaN (rope_theta <= 0, a negative or non-finite norm epsilon, a rope_scaling factor <= 0).
// Throws InputError naming `path` and the key. Called once by readModelConfig after the keys are read, so
// each architecture's own keys are checked by the same rules.
void checkConfigValues(const ModelConfig& config, const std::string& path);

// The number of positions a model can attend over: max_position_embeddings (n_positions for GPT-2), or 0 when
// config.json does not state one.
int64_t positionLimit(const ModelConfig& config);

// A rough upper estimate of the memory one forward pass over `tokens` positions of `rows` sequences takes
// (attention scores of one layer at a time, every layer's keys and values, the widest activations), in bytes.
double forwardBytesEstimate(const ModelConfig& config, int64_t rows, int64_t tokens, int64_t dtypeBytes);

// Refuses (InputError) a forward over more positions than the model has, naming the limit, where it comes
// from and what the forward would take in memory; without a stated limit, refuses one that would take more
// memory than the machine has. GPT-2's learned positions refuse by themselves; this gives RoPE models the
// same.
void checkSequenceLength(const ModelConfig& config, int64_t rows, int64_t tokens, int64_t dtypeBytes);

} // namespace interlens
