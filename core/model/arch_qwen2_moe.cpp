#include "model/architectures.h"

// Qwen2-MoE: Qwen2 attention (q/k/v biases, no o_proj bias) with a sparse MLP on every layer not listed in
// mlp_only_layers (and on every decoder_sparse_step-th): a router (mlp.gate) over num_experts SwiGLU experts,
// the top num_experts_per_tok per token weighted by their softmax probabilities (renormalised only with
// norm_topk_prob), plus a shared expert scaled by sigmoid(shared_expert_gate(x)). Dense layers are SwiGLU of
// intermediate_size.
namespace interlens {

TransformerParts buildQwen2Moe(const ModelConfig& config, const WeightLoader& weights)
{
    return arch::llamaShaped(
        config, weights, true, [&](DecoderLayer& layer, const std::string& p, int64_t i) {
            if (!config.sparseLayer(i)) {
                layer.mlp = arch::gatedMlp(config, weights, p + ".mlp", false);
                return;
            }
            layer.moe = arch::mixtureOfExperts(config, weights, p + ".mlp.gate", [&](int64_t e) {
                return arch::gateUpDown(p + ".mlp.experts." + std::to_string(e));
            });
            if (config.sharedExpertIntermediateSize > 0) {
                layer.moe->sharedExpert =
                    arch::gatedMlp(config, weights, arch::gateUpDown(p + ".mlp.shared_expert"),
                                   config.sharedExpertIntermediateSize, false);
                layer.moe->sharedGate =
                    weights.linear(p + ".mlp.shared_expert_gate", 1, config.hiddenSize, false);
            }
        });
}

} // namespace interlens
