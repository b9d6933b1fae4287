#pragma once

#include "model/transformer_lm.h"
#include "model/weight_loader.h"

#include <functional>
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
TransformerParts buildGemma2(const ModelConfig& config, const WeightLoader& weights);
TransformerParts buildGemma3(const ModelConfig& config, const WeightLoader& weights);
TransformerParts buildQwen3(const ModelConfig& config, const WeightLoader& weights);
TransformerParts buildMixtral(const ModelConfig& config, const WeightLoader& weights);
TransformerParts buildQwen2Moe(const ModelConfig& config, const WeightLoader& weights);

namespace arch {

// config, device, rotary (when `withRotary`), sliding window.
TransformerParts begin(const ModelConfig& config, const WeightLoader& weights, bool withRotary);
// Heads, head size and HF's softmax scale 1/sqrt(head_dim) around fused projections.
Attention attention(const ModelConfig& config, Linear qkv, Linear out);
// Separate q_proj/k_proj/v_proj at `prefix` fused into one projection.
Linear fusedQkv(const ModelConfig& config, const WeightLoader& weights, const std::string& prefix, bool bias);
// Fused q|k|v stored grouped by KV head: rows [kvHeads, groups + 2, headDim] (per KV head its `groups` query
// heads, then its key and value head), as Falcon stores it; GPT-NeoX's head-interleaved [heads, 3, headDim]
// is the case groups = 1. Reordered once here into the [all q | all k | all v] rows Attention expects.
Linear groupedQkv(const ModelConfig& config, const WeightLoader& weights, const std::string& prefix,
                  bool bias);
// `name`.weight (lm_head by default), or the token embedding when tied.
Linear lmHead(const ModelConfig& config, const WeightLoader& weights, const at::Tensor& tokenEmbedding,
              bool bias, const std::string& name = "lm_head");
// Plain MLP act(up(x)) -> down with the given projection names (GPT-NeoX, Falcon).
Mlp plainMlp(const ModelConfig& config, const WeightLoader& weights, const std::string& up,
             const std::string& down, bool bias);
// SwiGLU/GeGLU with separate gate_proj and up_proj at `prefix` (fused here), down_proj.
Mlp gatedMlp(const ModelConfig& config, const WeightLoader& weights, const std::string& prefix, bool bias);
struct GatedMlpNames
{
    std::string gate, up, down; // parameter prefixes (".weight" appended)
};
// PREFIX.gate_proj, PREFIX.up_proj, PREFIX.down_proj
GatedMlpNames gateUpDown(const std::string& prefix);
// The same with explicit names and width (mixture-of-experts experts).
Mlp gatedMlp(const ModelConfig& config, const WeightLoader& weights, const GatedMlpNames& names,
             int64_t width, bool bias);
// A Llama-style layer at `prefix` without its feed-forward: input_layernorm, q/k/v/o_proj attention,
// post_attention_layernorm (RMSNorms).
DecoderLayer llamaAttentionLayer(const ModelConfig& config, const WeightLoader& weights,
                                 const std::string& prefix, bool qkvBias);
// The Llama skeleton: model.embed_tokens, layers of llamaAttentionLayer() whose feed-forward
// `feedForward(layer, "model.layers.i", i)` adds, RMSNorm model.norm, lm_head (or the tied embedding).
using FeedForwardBuilder = std::function<void(DecoderLayer&, const std::string&, int64_t)>;
TransformerParts llamaShaped(const ModelConfig& config, const WeightLoader& weights, bool qkvBias,
                             const FeedForwardBuilder& feedForward);
// A mixture of experts routed by the [experts, hidden] weight `router`, expert e of moe_intermediate_size
// under the names `expert(e)`; top-k and renormalisation from the config.
MixtureOfExperts mixtureOfExperts(const ModelConfig& config, const WeightLoader& weights,
                                  const std::string& router,
                                  const std::function<GatedMlpNames(int64_t)>& expert);
// Per-head q_norm / k_norm at `prefix` over head_dim (Qwen3: RmsNorm; Gemma-3: GemmaRmsNorm).
void addPerHeadQkNorm(const ModelConfig& config, const WeightLoader& weights, const std::string& prefix,
                      NormKind kind, Attention& attention);
// Gemma-2/3's decoder layer: four (1 + w) RMSNorms around attention and MLP, GeGLU, query_pre_attn_scalar,
// attention soft-capping, local or global by config.slidingLayer().
DecoderLayer gemma2Layer(const ModelConfig& config, const WeightLoader& weights, int64_t index);
// Records the parameter count once every weight is read.
TransformerParts finish(TransformerParts parts, const WeightLoader& weights);

} // namespace arch
} // namespace interlens
