#include "model/architectures.h"

// Qwen3: the Llama block (explicit head_dim, no biases) with per-head RMSNorms of queries and keys over
// head_dim, one [head_dim] weight shared by all heads, applied before RoPE.
namespace interlens {

TransformerParts buildQwen3(const ModelConfig& config, const WeightLoader& weights)
{
    TransformerParts parts = buildLlama(config, weights);
    for (int64_t i = 0; i < config.numLayers; ++i)
        arch::addPerHeadQkNorm(config, weights, "model.layers." + std::to_string(i) + ".self_attn",
                               NormKind::RmsNorm, parts.layers[static_cast<size_t>(i)].attention);
    return arch::finish(std::move(parts), weights);
}

} // namespace interlens
