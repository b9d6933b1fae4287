#include "model/architectures.h"

#include <cmath>

namespace interlens::arch {

TransformerParts begin(const ModelConfig& config, const WeightLoader& weights, bool withRotary)
{
    TransformerParts parts;
    parts.config = config;
    parts.device = weights.device();
    if (withRotary)
        parts.rotary.emplace(config, atDevice(weights.device()));
    if (config.slidingLayers.empty()) {
        parts.slidingWindow = config.slidingWindow;
    } else { // alternating local and global layers: the window belongs to the local ones
        parts.localWindow = config.slidingWindow;
        if (withRotary && config.ropeLocalTheta > 0)
            parts.localRotary.emplace(localRopeConfig(config), atDevice(weights.device()));
    }
    parts.layers.reserve(static_cast<size_t>(config.numLayers));
    return parts;
}

Attention attention(const ModelConfig& config, Linear qkv, Linear out)
{
    Attention a;
    a.qkv = std::move(qkv);
    a.out = std::move(out);
    a.numHeads = config.numHeads;
    a.numKvHeads = config.numKvHeads;
    a.headDim = config.headDim;
    a.scale = 1.0 / std::sqrt(static_cast<double>(config.headDim));
    return a;
}

Linear fusedQkv(const ModelConfig& config, const WeightLoader& weights, const std::string& prefix, bool bias)
{
    const int64_t q = config.numHeads * config.headDim;
    const int64_t kv = config.numKvHeads * config.headDim;
    return weights.stacked({prefix + ".q_proj", prefix + ".k_proj", prefix + ".v_proj"}, {q, kv, kv},
                           config.hiddenSize, bias);
}

Linear groupedQkv(const ModelConfig& config, const WeightLoader& weights, const std::string& prefix,
                  bool bias)
{
    const int64_t heads = config.numHeads, kvHeads = config.numKvHeads, groups = heads / kvHeads;
    const int64_t dim = config.headDim, rows = (heads + 2 * kvHeads) * dim;
    // Stored row block (h, j) of [kvHeads, groups + 2, dim] is query head h·groups + j (j < groups), else
    // key or value head h: each block is read straight into its place, with no reordering copy.
    const auto read = [&](const std::string& name, const std::vector<int64_t>& shape) {
        at::Tensor out = weights.allocate(shape);
        for (int64_t h = 0; h < kvHeads; ++h)
            for (int64_t j = 0; j < groups + 2; ++j) {
                const int64_t head = j < groups    ? h * groups + j
                                     : j == groups ? heads + h
                                                   : heads + kvHeads + h;
                weights.readRows(name, shape, (h * (groups + 2) + j) * dim, out.narrow(0, head * dim, dim));
            }
        return out;
    };
    return {read(prefix + ".weight", {rows, config.hiddenSize}),
            bias ? read(prefix + ".bias", {rows}) : at::Tensor()};
}

Linear lmHead(const ModelConfig& config, const WeightLoader& weights, const at::Tensor& tokenEmbedding,
              bool bias, const std::string& name)
{
    if (config.tieWordEmbeddings)
        return {tokenEmbedding, {}};
    return weights.linear(name, config.vocabSize, config.hiddenSize, bias);
}

Mlp plainMlp(const ModelConfig& config, const WeightLoader& weights, const std::string& up,
             const std::string& down, bool bias)
{
    Mlp mlp;
    mlp.gated = false;
    mlp.activation = activationFromName(config.activation, config.directory + "/config.json");
    mlp.up = weights.linear(up, config.intermediateSize, config.hiddenSize, bias);
    mlp.down = weights.linear(down, config.hiddenSize, config.intermediateSize, bias);
    return mlp;
}

Mlp gatedMlp(const ModelConfig& config, const WeightLoader& weights, const std::string& prefix, bool bias)
{
    return gatedMlp(config, weights, gateUpDown(prefix), config.intermediateSize, bias);
}

GatedMlpNames gateUpDown(const std::string& prefix)
{
    return {prefix + ".gate_proj", prefix + ".up_proj", prefix + ".down_proj"};
}

Mlp gatedMlp(const ModelConfig& config, const WeightLoader& weights, const GatedMlpNames& names,
             int64_t width, bool bias)
{
    Mlp mlp;
    mlp.gated = true;
    mlp.activation = activationFromName(config.activation, config.directory + "/config.json");
    mlp.up = weights.stacked({names.gate, names.up}, {width, width}, config.hiddenSize, bias);
    mlp.down = weights.linear(names.down, config.hiddenSize, width, bias);
    return mlp;
}

DecoderLayer llamaAttentionLayer(const ModelConfig& config, const WeightLoader& weights,
                                 const std::string& prefix, bool qkvBias)
{
    const int64_t hidden = config.hiddenSize;
    DecoderLayer layer;
    layer.inputNorm = weights.norm(NormKind::RmsNorm, prefix + ".input_layernorm", hidden, config.normEps);
    layer.postAttentionNorm =
        weights.norm(NormKind::RmsNorm, prefix + ".post_attention_layernorm", hidden, config.normEps);
    layer.attention = attention(config, fusedQkv(config, weights, prefix + ".self_attn", qkvBias),
                                weights.linear(prefix + ".self_attn.o_proj", hidden,
                                               config.numHeads * config.headDim, config.attentionBias));
    return layer;
}

TransformerParts llamaShaped(const ModelConfig& config, const WeightLoader& weights, bool qkvBias,
                             const FeedForwardBuilder& feedForward)
{
    const int64_t hidden = config.hiddenSize;
    TransformerParts parts = begin(config, weights, true);
    parts.tokenEmbedding = weights.tensor("model.embed_tokens.weight", {config.vocabSize, hidden});
    for (int64_t i = 0; i < config.numLayers; ++i) {
        const std::string p = "model.layers." + std::to_string(i);
        DecoderLayer layer = llamaAttentionLayer(config, weights, p, qkvBias);
        feedForward(layer, p, i);
        parts.layers.push_back(std::move(layer));
    }
    parts.finalNorm = weights.norm(NormKind::RmsNorm, "model.norm", hidden, config.normEps);
    parts.lmHead = lmHead(config, weights, parts.tokenEmbedding, false);
    return finish(std::move(parts), weights);
}

MixtureOfExperts mixtureOfExperts(const ModelConfig& config, const WeightLoader& weights,
                                  const std::string& router,
                                  const std::function<GatedMlpNames(int64_t)>& expert)
{
    MixtureOfExperts moe;
    moe.router = weights.linear(router, config.numExperts, config.hiddenSize, false);
    moe.topK = config.numExpertsPerToken;
    moe.normTopkProb = config.normTopkProb;
    for (int64_t e = 0; e < config.numExperts; ++e)
        moe.experts.push_back(gatedMlp(config, weights, expert(e), config.moeIntermediateSize, false));
    return moe;
}

void addPerHeadQkNorm(const ModelConfig& config, const WeightLoader& weights, const std::string& prefix,
                      NormKind kind, Attention& attention)
{
    attention.queryNorm = weights.norm(kind, prefix + ".q_norm", config.headDim, config.normEps);
    attention.keyNorm = weights.norm(kind, prefix + ".k_norm", config.headDim, config.normEps);
}

TransformerParts finish(TransformerParts parts, const WeightLoader& weights)
{
    parts.parameterCount = weights.parametersRead();
    return parts;
}

} // namespace interlens::arch
