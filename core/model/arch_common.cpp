#include "model/architectures.h"

#include <cmath>

namespace interlens::arch {

TransformerParts begin(const ModelConfig& config, const WeightLoader& weights, bool withRotary)
{
    TransformerParts parts;
    parts.config = config;
    parts.device = weights.device();
    if (withRotary)
        parts.rotary.emplace(config, weights.device().device);
    parts.slidingWindow = config.slidingWindow;
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

Linear groupedQkv(const ModelConfig& config, const WeightLoader& weights, const std::string& prefix, bool bias)
{
    const int64_t kvHeads = config.numKvHeads, groups = config.numHeads / config.numKvHeads;
    const int64_t dim = config.headDim;
    const Linear stored = weights.linear(prefix, (config.numHeads + 2 * kvHeads) * dim, config.hiddenSize, bias);
    // t: weight [rows, in] or bias [rows] -> the same rows as [q | k | v]
    const auto reorder = [&](const at::Tensor& t) {
        const at::Tensor grouped = t.reshape({kvHeads, groups + 2, -1});
        const at::Tensor q = grouped.narrow(1, 0, groups).reshape({kvHeads * groups * dim, -1});
        const at::Tensor k = grouped.narrow(1, groups, 1).reshape({kvHeads * dim, -1});
        const at::Tensor v = grouped.narrow(1, groups + 1, 1).reshape({kvHeads * dim, -1});
        return at::cat({q, k, v}, 0).reshape(t.sizes()).contiguous();
    };
    return {reorder(stored.weight), bias ? reorder(stored.bias) : at::Tensor()};
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
    Mlp mlp;
    mlp.gated = true;
    mlp.activation = activationFromName(config.activation, config.directory + "/config.json");
    mlp.up = weights.stacked({prefix + ".gate_proj", prefix + ".up_proj"},
                             {config.intermediateSize, config.intermediateSize}, config.hiddenSize, bias);
    mlp.down = weights.linear(prefix + ".down_proj", config.hiddenSize, config.intermediateSize, bias);
    return mlp;
}

TransformerParts finish(TransformerParts parts, const WeightLoader& weights)
{
    parts.parameterCount = weights.parametersRead();
    return parts;
}

} // namespace interlens::arch
