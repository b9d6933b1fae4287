#include "model/architectures.h"

// Falcon with RoPE: a fused query_key_value grouped by KV head ([kvHeads, groups + 2, headDim] rows; the new
// decoder architecture, and as special cases the older multi-query [heads + 2] and per-head [heads, 3]
// layouts), parallel attention and MLP on ln_attn / ln_mlp (or one shared input_layernorm), LayerNorms with
// bias, linear biases only when config "bias", exact-gelu MLP, tied embeddings by default.
namespace interlens {

TransformerParts buildFalcon(const ModelConfig& config, const WeightLoader& weights)
{
    const int64_t hidden = config.hiddenSize;
    const bool bias = config.attentionBias;
    TransformerParts parts = arch::begin(config, weights, true);
    parts.tokenEmbedding = weights.tensor("transformer.word_embeddings.weight", {config.vocabSize, hidden});
    for (int64_t i = 0; i < config.numLayers; ++i) {
        const std::string p = "transformer.h." + std::to_string(i);
        DecoderLayer layer;
        layer.parallel = config.parallelResidual;
        if (config.parallelNorms == 2) {
            layer.inputNorm = weights.norm(NormKind::LayerNorm, p + ".ln_attn", hidden, config.normEps);
            layer.postAttentionNorm =
                weights.norm(NormKind::LayerNorm, p + ".ln_mlp", hidden, config.normEps);
        } else {
            layer.inputNorm =
                weights.norm(NormKind::LayerNorm, p + ".input_layernorm", hidden, config.normEps);
            if (!config.parallelResidual)
                layer.postAttentionNorm = weights.norm(NormKind::LayerNorm, p + ".post_attention_layernorm",
                                                       hidden, config.normEps);
        }
        layer.attention = arch::attention(
            config, arch::groupedQkv(config, weights, p + ".self_attention.query_key_value", bias),
            weights.linear(p + ".self_attention.dense", hidden, config.numHeads * config.headDim, bias));
        layer.mlp = arch::plainMlp(config, weights, p + ".mlp.dense_h_to_4h", p + ".mlp.dense_4h_to_h", bias);
        parts.layers.push_back(std::move(layer));
    }
    parts.finalNorm = weights.norm(NormKind::LayerNorm, "transformer.ln_f", hidden, config.normEps);
    parts.lmHead = arch::lmHead(config, weights, parts.tokenEmbedding, false);
    return arch::finish(std::move(parts), weights);
}

} // namespace interlens
