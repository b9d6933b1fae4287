#pragma once

#include "model/layers.h"

#include <ATen/ATen.h>

#include <optional>
#include <vector>

namespace interlens {

// Sparse mixture-of-experts feed-forward (Mixtral, Qwen2-MoE). The router gives p = softmax(router(x)) in
// float32 and each token goes to its top-k experts; their outputs are summed weighted by those k
// probabilities, renormalised to sum to 1 when normTopkProb (Mixtral) or as they are (Qwen2-MoE), plus an
// always-on shared expert scaled by sigmoid(sharedGate(x)) where there is one (Qwen2-MoE). As in
// transformers, every expert runs once over the tokens routed to it and adds into the output in expert order,
// so a token costs k expert MLPs, never all of them.
struct MixtureOfExperts
{
    Linear router; // [experts, hidden], no bias
    std::vector<Mlp> experts;
    int64_t topK = 2;
    bool normTopkProb = true;
    std::optional<Mlp> sharedExpert;
    Linear sharedGate; // [1, hidden]: one scalar gate per token; used with sharedExpert

    // x: [..., hidden] -> same shape.
    at::Tensor operator()(const at::Tensor& x) const;
};

} // namespace interlens
