#include "model/architectures.h"

// OLMo (1): a pre-norm Llama block whose LayerNorms have no parameters (eps 1e-5), and clip_qkv: the raw q, k
// and v projections clamped to [-c, c] before the heads are split and RoPE applied. Untied lm_head.
namespace interlens {

TransformerParts buildOlmo(const ModelConfig& config, const WeightLoader& weights)
{
    const int64_t hidden = config.hiddenSize;
    Norm nonParametric;
    nonParametric.kind = NormKind::LayerNorm;
    nonParametric.eps = config.normEps;
    TransformerParts parts = arch::begin(config, weights, true);
    parts.tokenEmbedding = weights.tensor("model.embed_tokens.weight", {config.vocabSize, hidden});
    for (int64_t i = 0; i < config.numLayers; ++i) {
        const std::string p = "model.layers." + std::to_string(i);
        DecoderLayer layer;
        layer.inputNorm = nonParametric;
        layer.postAttentionNorm = nonParametric;
        layer.attention =
            arch::attention(config, arch::fusedQkv(config, weights, p + ".self_attn", config.attentionBias),
                            weights.linear(p + ".self_attn.o_proj", hidden, config.numHeads * config.headDim,
                                           config.attentionBias));
        layer.attention.clip = config.clipQkv;
        layer.mlp = arch::gatedMlp(config, weights, p + ".mlp", false);
        parts.layers.push_back(std::move(layer));
    }
    parts.finalNorm = nonParametric;
    parts.lmHead = arch::lmHead(config, weights, parts.tokenEmbedding, false);
    return arch::finish(std::move(parts), weights);
}

} // namespace interlens
