#include "model/architectures.h"

// The Llama family: Llama 1/2/3 (rope_scaling llama3), Mistral (sliding window) and Qwen2 (q/k/v biases, no
// o_proj bias). RMSNorm, RoPE, grouped KV heads, SwiGLU.
namespace interlens {

TransformerParts buildLlama(const ModelConfig& config, const WeightLoader& weights)
{
    const int64_t hidden = config.hiddenSize;
    const bool qkvBias = config.attentionBias || config.modelType == "qwen2";
    TransformerParts parts = arch::begin(config, weights, true);
    parts.tokenEmbedding = weights.tensor("model.embed_tokens.weight", {config.vocabSize, hidden});
    for (int64_t i = 0; i < config.numLayers; ++i) {
        const std::string p = "model.layers." + std::to_string(i);
        DecoderLayer layer;
        layer.inputNorm = weights.norm(NormKind::RmsNorm, p + ".input_layernorm", hidden, config.normEps);
        layer.postAttentionNorm =
            weights.norm(NormKind::RmsNorm, p + ".post_attention_layernorm", hidden, config.normEps);
        layer.attention =
            arch::attention(config, arch::fusedQkv(config, weights, p + ".self_attn", qkvBias),
                            weights.linear(p + ".self_attn.o_proj", hidden, config.numHeads * config.headDim,
                                           config.attentionBias));
        layer.mlp = arch::gatedMlp(config, weights, p + ".mlp", config.mlpBias);
        parts.layers.push_back(std::move(layer));
    }
    parts.finalNorm = weights.norm(NormKind::RmsNorm, "model.norm", hidden, config.normEps);
    parts.lmHead = arch::lmHead(config, weights, parts.tokenEmbedding, false);
    return arch::finish(std::move(parts), weights);
}

} // namespace interlens
