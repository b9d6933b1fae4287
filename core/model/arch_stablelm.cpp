#include "model/architectures.h"

// StableLM: Llama-shaped SwiGLU blocks with LayerNorms (weight and bias), partial rotary
// (partial_rotary_factor), q/k/v biases without an o_proj bias (use_qkv_bias), optionally a LayerNorm per
// head on q and k before RoPE (qk_layernorm; weight only, one per head), and optionally Phi's parallel block
// on one shared norm (use_parallel_residual).
namespace interlens {

namespace {

// Per-head LayerNorms at prefix.norms.<h> stacked into one norm with [heads, 1, headDim] gains.
Norm perHeadLayerNorm(const ModelConfig& config, const WeightLoader& weights, const std::string& prefix,
                      int64_t heads)
{
    std::vector<at::Tensor> gains;
    for (int64_t h = 0; h < heads; ++h)
        gains.push_back(weights.tensor(prefix + ".norms." + std::to_string(h) + ".weight", {config.headDim}));
    Norm norm;
    norm.kind = NormKind::LayerNorm;
    norm.eps = config.normEps;
    norm.weight = at::stack(gains).unsqueeze(1);
    return norm;
}

} // namespace

TransformerParts buildStableLm(const ModelConfig& config, const WeightLoader& weights)
{
    const int64_t hidden = config.hiddenSize;
    TransformerParts parts = arch::begin(config, weights, true);
    parts.tokenEmbedding = weights.tensor("model.embed_tokens.weight", {config.vocabSize, hidden});
    for (int64_t i = 0; i < config.numLayers; ++i) {
        const std::string p = "model.layers." + std::to_string(i);
        DecoderLayer layer;
        layer.parallel = config.parallelResidual;
        layer.inputNorm = weights.norm(NormKind::LayerNorm, p + ".input_layernorm", hidden, config.normEps);
        if (!config.parallelResidual)
            layer.postAttentionNorm =
                weights.norm(NormKind::LayerNorm, p + ".post_attention_layernorm", hidden, config.normEps);
        layer.attention = arch::attention(
            config, arch::fusedQkv(config, weights, p + ".self_attn", config.qkvBias),
            weights.linear(p + ".self_attn.o_proj", hidden, config.numHeads * config.headDim, false));
        if (config.qkNorm) {
            layer.attention.qkNormScope = Attention::QkNormScope::PerHead;
            layer.attention.queryNorm =
                perHeadLayerNorm(config, weights, p + ".self_attn.q_layernorm", config.numHeads);
            layer.attention.keyNorm =
                perHeadLayerNorm(config, weights, p + ".self_attn.k_layernorm", config.numKvHeads);
        }
        layer.mlp = arch::gatedMlp(config, weights, p + ".mlp", false);
        parts.layers.push_back(std::move(layer));
    }
    parts.finalNorm = weights.norm(NormKind::LayerNorm, "model.norm", hidden, config.normEps);
    parts.lmHead = arch::lmHead(config, weights, parts.tokenEmbedding, false);
    return arch::finish(std::move(parts), weights);
}

} // namespace interlens
