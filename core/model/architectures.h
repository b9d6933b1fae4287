#pragma once

#include "model/transformer_lm.h"
#include "model/weight_loader.h"

#include <string>

// One builder per architecture family (one file each: arch_*.cpp). A builder maps the checkpoint's HF
// parameter names onto TransformerParts; the shared helpers below hold what the families have in common.
namespace interlens {

TransformerParts buildGpt2(const ModelConfig& config, const WeightLoader& weights);
TransformerParts buildLlama(const ModelConfig& config, const WeightLoader& weights); // llama, mistral, qwen2
TransformerParts buildGemma(const ModelConfig& config, const WeightLoader& weights);
TransformerParts buildPhi(const ModelConfig& config, const WeightLoader& weights);
TransformerParts buildPhi3(const ModelConfig& config, const WeightLoader& weights);
TransformerParts buildGptNeox(const ModelConfig& config, const WeightLoader& weights);
TransformerParts buildStableLm(const ModelConfig& config, const WeightLoader& weights);
TransformerParts buildFalcon(const ModelConfig& config, const WeightLoader& weights);
TransformerParts buildOlmo(const ModelConfig& config, const WeightLoader& weights);
TransformerParts buildOlmo2(const ModelConfig& config, const WeightLoader& weights);

namespace arch {

// config, device, rotary (when `withRotary`), sliding window.
TransformerParts begin(const ModelConfig& config, const WeightLoader& weights, bool withRotary);
// Heads, head size and HF's softmax scale 1/sqrt(head_dim) around fused projections.
Attention attention(const ModelConfig& config, Linear qkv, Linear out);
// Separate q_proj/k_proj/v_proj at `prefix` fused into one projection.
Linear fusedQkv(const ModelConfig& config, const WeightLoader& weights, const std::string& prefix, bool bias);
// Fused q|k|v stored grouped by KV head: rows [kvHeads, groups + 2, headDim] (per KV head its `groups` query
// heads, then its key and value head), as Falcon stores it; GPT-NeoX's head-interleaved [heads, 3, headDim] is
// the case groups = 1. Reordered once here into the [all q | all k | all v] rows Attention expects.
Linear groupedQkv(const ModelConfig& config, const WeightLoader& weights, const std::string& prefix, bool bias);
// `name`.weight (lm_head by default), or the token embedding when tied.
Linear lmHead(const ModelConfig& config, const WeightLoader& weights, const at::Tensor& tokenEmbedding,
              bool bias, const std::string& name = "lm_head");
// Plain MLP act(up(x)) -> down with the given projection names (GPT-NeoX, Falcon).
Mlp plainMlp(const ModelConfig& config, const WeightLoader& weights, const std::string& up,
             const std::string& down, bool bias);
// SwiGLU/GeGLU with separate gate_proj and up_proj at `prefix` (fused here), down_proj.
Mlp gatedMlp(const ModelConfig& config, const WeightLoader& weights, const std::string& prefix, bool bias);
// Records the parameter count once every weight is read.
TransformerParts finish(TransformerParts parts, const WeightLoader& weights);

} // namespace arch
} // namespace interlens
