#include "model/mixture_of_experts.h"

namespace interlens {

at::Tensor MixtureOfExperts::operator()(const at::Tensor& x) const
{
    const at::Tensor tokens = x.reshape({-1, x.size(-1)});
    const at::Tensor probs = at::softmax(router(tokens), -1, at::kFloat);
    auto [weights, chosen] = at::topk(probs, topK, -1);
    if (normTopkProb)
        weights = weights / weights.sum(-1, true);
    weights = weights.to(x.scalar_type());

    at::Tensor out = at::zeros_like(tokens);
    for (size_t e = 0; e < experts.size(); ++e) {
        // (token, slot) pairs that chose expert e; a token picks an expert at most once.
        const std::vector<at::Tensor> where = at::where(chosen == static_cast<int64_t>(e));
        const at::Tensor& routed = where[0];
        if (routed.numel() == 0)
            continue;
        const at::Tensor weight =
            weights.reshape({-1}).index_select(0, routed * topK + where[1]).unsqueeze(-1);
        out.index_add_(0, routed, experts[e](tokens.index_select(0, routed)) * weight);
    }
    if (sharedExpert)
        out = out + at::sigmoid(sharedGate(tokens)) * (*sharedExpert)(tokens);
    return out.view(x.sizes());
}

} // namespace interlens
