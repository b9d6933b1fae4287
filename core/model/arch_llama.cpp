#include "model/architectures.h"

// The Llama family: Llama 1/2/3 (rope_scaling llama3), Mistral (sliding window) and Qwen2 (q/k/v biases, no
// o_proj bias). RMSNorm, RoPE, grouped KV heads, SwiGLU.
namespace interlens {

TransformerParts buildLlama(const ModelConfig& config, const WeightLoader& weights)
{
    const bool qkvBias = config.attentionBias || config.modelType == "qwen2";
    return arch::llamaShaped(config, weights, qkvBias,
                             [&](DecoderLayer& layer, const std::string& p, int64_t) {
                                 layer.mlp = arch::gatedMlp(config, weights, p + ".mlp", config.mlpBias);
                             });
}

} // namespace interlens
