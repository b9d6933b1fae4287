#include "model/architectures.h"

// Gemma: Llama-shaped blocks with (1 + w) RMSNorm in float32, GeGLU (gelu_pytorch_tanh), head_dim independent
// of hidden/heads, tied embeddings, and input hidden states scaled by sqrt(hidden) inside the model — for
// token ids and for caller-provided input embeddings alike (so masked embeddings are given unscaled).
namespace interlens {

TransformerParts buildGemma(const ModelConfig& config, const WeightLoader& weights)
{
    const int64_t hidden = config.hiddenSize;
    TransformerParts parts = arch::begin(config, weights, true);
    parts.tokenEmbedding = weights.tensor("model.embed_tokens.weight", {config.vocabSize, hidden});
    parts.scaleEmbeddingsBySqrtHidden = true;
    for (int64_t i = 0; i < config.numLayers; ++i) {
        const std::string p = "model.layers." + std::to_string(i);
        DecoderLayer layer;
        layer.inputNorm =
            weights.norm(NormKind::GemmaRmsNorm, p + ".input_layernorm", hidden, config.normEps);
        layer.postAttentionNorm =
            weights.norm(NormKind::GemmaRmsNorm, p + ".post_attention_layernorm", hidden, config.normEps);
        layer.attention =
            arch::attention(config, arch::fusedQkv(config, weights, p + ".self_attn", config.attentionBias),
                            weights.linear(p + ".self_attn.o_proj", hidden, config.numHeads * config.headDim,
                                           config.attentionBias));
        layer.mlp = arch::gatedMlp(config, weights, p + ".mlp", false);
        parts.layers.push_back(std::move(layer));
    }
    parts.finalNorm = weights.norm(NormKind::GemmaRmsNorm, "model.norm", hidden, config.normEps);
    parts.lmHead = arch::lmHead(config, weights, parts.tokenEmbedding, false);
    return arch::finish(std::move(parts), weights);
}

} // namespace interlens
