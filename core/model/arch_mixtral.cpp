#include "model/architectures.h"

// Mixtral: Llama attention (GQA, optional sliding window) with the MLP replaced by block_sparse_moe: a router
// (gate) over num_local_experts SwiGLU experts (w1 = gate, w3 = up, w2 = down), the top num_experts_per_tok
// per token, their softmax probabilities renormalised to sum to 1.
namespace interlens {

TransformerParts buildMixtral(const ModelConfig& config, const WeightLoader& weights)
{
    return arch::llamaShaped(
        config, weights, config.attentionBias, [&](DecoderLayer& layer, const std::string& p, int64_t) {
            const std::string moe = p + ".block_sparse_moe";
            layer.moe = arch::mixtureOfExperts(config, weights, moe + ".gate", [&](int64_t e) {
                const std::string x = moe + ".experts." + std::to_string(e);
                return arch::GatedMlpNames{x + ".w1", x + ".w3", x + ".w2"};
            });
        });
}

} // namespace interlens
