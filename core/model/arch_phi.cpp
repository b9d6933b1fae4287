#include "model/architectures.h"

// Phi (phi-1/1.5/2): parallel attention and MLP on one shared LayerNorm, partial rotary
// (partial_rotary_factor), biases on every projection including the untied LM head, gelu_new MLP.
namespace interlens {

TransformerParts buildPhi(const ModelConfig& config, const WeightLoader& weights)
{
    const int64_t hidden = config.hiddenSize;
    TransformerParts parts = arch::begin(config, weights, true);
    parts.tokenEmbedding = weights.tensor("model.embed_tokens.weight", {config.vocabSize, hidden});
    const Activation activation = activationFromName(config.activation, config.directory + "/config.json");
    for (int64_t i = 0; i < config.numLayers; ++i) {
        const std::string p = "model.layers." + std::to_string(i);
        DecoderLayer layer;
        layer.inputNorm = weights.norm(NormKind::LayerNorm, p + ".input_layernorm", hidden, config.normEps);
        layer.parallel = true; // one shared norm: no postAttentionNorm
        layer.attention = arch::attention(
            config, arch::fusedQkv(config, weights, p + ".self_attn", true),
            weights.linear(p + ".self_attn.dense", hidden, config.numHeads * config.headDim, true));
        layer.mlp.gated = false;
        layer.mlp.activation = activation;
        layer.mlp.up = weights.linear(p + ".mlp.fc1", config.intermediateSize, hidden, true);
        layer.mlp.down = weights.linear(p + ".mlp.fc2", hidden, config.intermediateSize, true);
        parts.layers.push_back(std::move(layer));
    }
    parts.finalNorm = weights.norm(NormKind::LayerNorm, "model.final_layernorm", hidden, config.normEps);
    parts.lmHead = arch::lmHead(config, weights, parts.tokenEmbedding, true);
    return arch::finish(std::move(parts), weights);
}

} // namespace interlens
