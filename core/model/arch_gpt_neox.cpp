#include "model/architectures.h"

// GPT-NeoX (Pythia): LayerNorms with bias, partial rotary (rotary_pct of each head), a fused query_key_value
// interleaved per head ([heads, 3, headDim] rows), biases on every projection, exact-gelu MLP, untied
// embed_out. use_parallel_residual: x + attn(ln1(x)) + mlp(ln2(x)), two norms on the block input; otherwise
// the usual sequential block.
namespace interlens {

TransformerParts buildGptNeox(const ModelConfig& config, const WeightLoader& weights)
{
    const int64_t hidden = config.hiddenSize;
    TransformerParts parts = arch::begin(config, weights, true);
    parts.tokenEmbedding = weights.tensor("gpt_neox.embed_in.weight", {config.vocabSize, hidden});
    for (int64_t i = 0; i < config.numLayers; ++i) {
        const std::string p = "gpt_neox.layers." + std::to_string(i);
        DecoderLayer layer;
        layer.parallel = config.parallelResidual;
        layer.inputNorm = weights.norm(NormKind::LayerNorm, p + ".input_layernorm", hidden, config.normEps);
        layer.postAttentionNorm =
            weights.norm(NormKind::LayerNorm, p + ".post_attention_layernorm", hidden, config.normEps);
        layer.attention = arch::attention(
            config, arch::groupedQkv(config, weights, p + ".attention.query_key_value", config.attentionBias),
            weights.linear(p + ".attention.dense", hidden, hidden, config.attentionBias));
        layer.mlp = arch::plainMlp(config, weights, p + ".mlp.dense_h_to_4h", p + ".mlp.dense_4h_to_h", true);
        parts.layers.push_back(std::move(layer));
    }
    parts.finalNorm = weights.norm(NormKind::LayerNorm, "gpt_neox.final_layer_norm", hidden, config.normEps);
    parts.lmHead = arch::lmHead(config, weights, parts.tokenEmbedding, false, "embed_out");
    return arch::finish(std::move(parts), weights);
}

} // namespace interlens
