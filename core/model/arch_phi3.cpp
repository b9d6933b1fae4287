#include "model/architectures.h"

// Phi-3: Llama-shaped blocks whose checkpoints already fuse q|k|v (qkv_proj) and gate|up (gate_up_proj),
// which is exactly the layout our fused projections use.
namespace interlens {

TransformerParts buildPhi3(const ModelConfig& config, const WeightLoader& weights)
{
    const int64_t hidden = config.hiddenSize;
    const int64_t qkvRows = (config.numHeads + 2 * config.numKvHeads) * config.headDim;
    TransformerParts parts = arch::begin(config, weights, true);
    parts.tokenEmbedding = weights.tensor("model.embed_tokens.weight", {config.vocabSize, hidden});
    const Activation activation = activationFromName(config.activation, config.directory + "/config.json");
    for (int64_t i = 0; i < config.numLayers; ++i) {
        const std::string p = "model.layers." + std::to_string(i);
        DecoderLayer layer;
        layer.inputNorm = weights.norm(NormKind::RmsNorm, p + ".input_layernorm", hidden, config.normEps);
        layer.postAttentionNorm =
            weights.norm(NormKind::RmsNorm, p + ".post_attention_layernorm", hidden, config.normEps);
        layer.attention = arch::attention(
            config, weights.linear(p + ".self_attn.qkv_proj", qkvRows, hidden, false),
            weights.linear(p + ".self_attn.o_proj", hidden, config.numHeads * config.headDim, false));
        layer.mlp.gated = true;
        layer.mlp.activation = activation;
        layer.mlp.up = weights.linear(p + ".mlp.gate_up_proj", 2 * config.intermediateSize, hidden, false);
        layer.mlp.down = weights.linear(p + ".mlp.down_proj", hidden, config.intermediateSize, false);
        parts.layers.push_back(std::move(layer));
    }
    parts.finalNorm = weights.norm(NormKind::RmsNorm, "model.norm", hidden, config.normEps);
    parts.lmHead = arch::lmHead(config, weights, parts.tokenEmbedding, false);
    return arch::finish(std::move(parts), weights);
}

} // namespace interlens
