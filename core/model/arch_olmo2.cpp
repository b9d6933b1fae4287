#include "model/architectures.h"

// OLMo-2: RMSNorms on the sublayer outputs instead of their inputs (h = x + norm(attn(x)); out = h +
// norm(mlp(h))), and q/k RMSNorms over the whole projection (all heads at once) before the head split and
// RoPE. SwiGLU, untied lm_head.
namespace interlens {

TransformerParts buildOlmo2(const ModelConfig& config, const WeightLoader& weights)
{
    const int64_t hidden = config.hiddenSize;
    const int64_t queryWidth = config.numHeads * config.headDim, kvWidth = config.numKvHeads * config.headDim;
    TransformerParts parts = arch::begin(config, weights, true);
    parts.tokenEmbedding = weights.tensor("model.embed_tokens.weight", {config.vocabSize, hidden});
    for (int64_t i = 0; i < config.numLayers; ++i) {
        const std::string p = "model.layers." + std::to_string(i);
        DecoderLayer layer;
        layer.attentionOutputNorm =
            weights.norm(NormKind::RmsNorm, p + ".post_attention_layernorm", hidden, config.normEps);
        layer.mlpOutputNorm =
            weights.norm(NormKind::RmsNorm, p + ".post_feedforward_layernorm", hidden, config.normEps);
        layer.attention = arch::attention(
            config, arch::fusedQkv(config, weights, p + ".self_attn", config.attentionBias),
            weights.linear(p + ".self_attn.o_proj", hidden, queryWidth, config.attentionBias));
        layer.attention.qkNormScope = Attention::QkNormScope::Projection;
        layer.attention.queryNorm =
            weights.norm(NormKind::RmsNorm, p + ".self_attn.q_norm", queryWidth, config.normEps);
        layer.attention.keyNorm =
            weights.norm(NormKind::RmsNorm, p + ".self_attn.k_norm", kvWidth, config.normEps);
        layer.mlp = arch::gatedMlp(config, weights, p + ".mlp", false);
        parts.layers.push_back(std::move(layer));
    }
    parts.finalNorm = weights.norm(NormKind::RmsNorm, "model.norm", hidden, config.normEps);
    parts.lmHead = arch::lmHead(config, weights, parts.tokenEmbedding, false);
    return arch::finish(std::move(parts), weights);
}

} // namespace interlens
