#include "model/architectures.h"

#include <cmath>

// Gemma-2: Gemma's (1 + w) RMSNorms, GeGLU, tied embeddings and sqrt(hidden) input scaling inside the model,
// plus four norms per layer (pre and post attention, pre and post MLP), attention scale
// query_pre_attn_scalar^-0.5, attention logit soft-capping before the mask, final logit soft-capping, and
// sliding-window attention on alternating (even) layers.
namespace interlens {

DecoderLayer arch::gemma2Layer(const ModelConfig& config, const WeightLoader& weights, int64_t index)
{
    const int64_t hidden = config.hiddenSize;
    const std::string p = "model.layers." + std::to_string(index);
    const auto norm = [&](const std::string& name) {
        return weights.norm(NormKind::GemmaRmsNorm, p + "." + name, hidden, config.normEps);
    };
    DecoderLayer layer;
    layer.inputNorm = norm("input_layernorm");
    layer.attentionOutputNorm = norm("post_attention_layernorm");
    layer.postAttentionNorm = norm("pre_feedforward_layernorm");
    layer.mlpOutputNorm = norm("post_feedforward_layernorm");
    layer.attention = attention(config, fusedQkv(config, weights, p + ".self_attn", config.attentionBias),
                                weights.linear(p + ".self_attn.o_proj", hidden,
                                               config.numHeads * config.headDim, config.attentionBias));
    layer.attention.scale = 1.0 / std::sqrt(config.queryPreAttnScalar);
    layer.attention.logitSoftcap = config.attnLogitSoftcap;
    layer.mlp = gatedMlp(config, weights, p + ".mlp", false);
    layer.local = config.slidingLayer(index);
    return layer;
}

TransformerParts buildGemma2(const ModelConfig& config, const WeightLoader& weights)
{
    const int64_t hidden = config.hiddenSize;
    TransformerParts parts = arch::begin(config, weights, true);
    parts.tokenEmbedding = weights.tensor("model.embed_tokens.weight", {config.vocabSize, hidden});
    parts.scaleEmbeddingsBySqrtHidden = true;
    parts.finalLogitSoftcap = config.finalLogitSoftcap;
    for (int64_t i = 0; i < config.numLayers; ++i)
        parts.layers.push_back(arch::gemma2Layer(config, weights, i));
    parts.finalNorm = weights.norm(NormKind::GemmaRmsNorm, "model.norm", hidden, config.normEps);
    parts.lmHead = arch::lmHead(config, weights, parts.tokenEmbedding, false);
    return arch::finish(std::move(parts), weights);
}

} // namespace interlens
