#include "model/architectures.h"

// GPT-2: learned absolute positions, pre-LayerNorm blocks, Conv1D projections ([in, out] weights, q|k|v
// packed in c_attn), gelu_new MLP, LM head tied to wte.
namespace interlens {

TransformerParts buildGpt2(const ModelConfig& config, const WeightLoader& weights)
{
    const int64_t hidden = config.hiddenSize;
    TransformerParts parts = arch::begin(config, weights, false);
    parts.tokenEmbedding = weights.tensor("transformer.wte.weight", {config.vocabSize, hidden});
    parts.positionEmbedding = weights.tensor("transformer.wpe.weight", {config.maxPositions, hidden});
    const Activation activation = activationFromName(config.activation, config.directory + "/config.json");
    for (int64_t i = 0; i < config.numLayers; ++i) {
        const std::string p = "transformer.h." + std::to_string(i);
        DecoderLayer layer;
        layer.inputNorm = weights.norm(NormKind::LayerNorm, p + ".ln_1", hidden, config.normEps);
        layer.postAttentionNorm = weights.norm(NormKind::LayerNorm, p + ".ln_2", hidden, config.normEps);
        layer.attention = arch::attention(config, weights.conv1d(p + ".attn.c_attn", hidden, 3 * hidden),
                                          weights.conv1d(p + ".attn.c_proj", hidden, hidden));
        if (config.scaleAttnByInverseLayerIdx)
            layer.attention.scale /= static_cast<double>(i + 1);
        layer.mlp.gated = false;
        layer.mlp.activation = activation;
        layer.mlp.up = weights.conv1d(p + ".mlp.c_fc", hidden, config.intermediateSize);
        layer.mlp.down = weights.conv1d(p + ".mlp.c_proj", config.intermediateSize, hidden);
        parts.layers.push_back(std::move(layer));
    }
    parts.finalNorm = weights.norm(NormKind::LayerNorm, "transformer.ln_f", hidden, config.normEps);
    parts.lmHead = arch::lmHead(config, weights, parts.tokenEmbedding, false);
    return arch::finish(std::move(parts), weights);
}

} // namespace interlens
