#include "model/attention.h"

#include <limits>

namespace interlens {

AttentionMask AttentionMask::causal(int64_t past, int64_t count, int64_t slidingWindow, at::Device device)
{
    const int64_t total = past + count;
    const bool windowBites = slidingWindow > 0 && total > slidingWindow;
    if (count == 1 && !windowBites)
        return {};
    const auto longOptions = at::TensorOptions().dtype(at::kLong).device(device);
    const at::Tensor queryPos = at::arange(past, total, longOptions).unsqueeze(1);
    const at::Tensor keyPos = at::arange(0, total, longOptions).unsqueeze(0);
    at::Tensor blocked = keyPos > queryPos;
    if (windowBites)
        blocked = blocked | ((queryPos - keyPos) >= slidingWindow);
    return {blocked};
}

at::Tensor Attention::operator()(const at::Tensor& x, const Rotary* rotary, const Rotary::Table* rope,
                                 const AttentionMask& mask, const KVCache::Layer* past,
                                 KVCache::Layer& present) const
{
    const int64_t batch = x.size(0);
    const int64_t steps = x.size(1);
    const int64_t groups = numHeads / numKvHeads;

    // [B, T, heads + 2 kvHeads, D] -> [B, heads + 2 kvHeads, T, D] (a view; copies happen once, below)
    const at::Tensor qkvHeads = qkv(x).view({batch, steps, numHeads + 2 * numKvHeads, headDim}).transpose(1, 2);
    at::Tensor q = qkvHeads.narrow(1, 0, numHeads);
    at::Tensor k = qkvHeads.narrow(1, numHeads, numKvHeads);
    at::Tensor v = qkvHeads.narrow(1, numHeads + numKvHeads, numKvHeads);
    if (rotary) {
        q = rotary->apply(q, *rope);
        k = rotary->apply(k, *rope);
    }
    if (past && past->keys.defined()) {
        k = at::cat({past->keys, k}, 2);
        v = at::cat({past->values, v}, 2);
    } else {
        k = k.contiguous();
        v = v.contiguous();
    }
    present = {k, v};
    const int64_t keysLength = k.size(2);

    // Query heads of one KV group stacked along time: [B, kvHeads, groups * T, D].
    const at::Tensor qGrouped = q.reshape({batch, numKvHeads, groups * steps, headDim});
    at::Tensor scores = at::matmul(qGrouped, k.transpose(2, 3));
    scores.mul_(scale);
    if (mask.blocked.defined())
        scores.view({batch, numHeads, steps, keysLength})
            .masked_fill_(mask.blocked, -std::numeric_limits<double>::infinity());
    at::Tensor probs = scores.scalar_type() == at::kFloat ? at::softmax(scores, -1)
                                                          : at::softmax(scores, -1, at::kFloat).to(scores.scalar_type());
    const at::Tensor context = at::matmul(probs, v)
                                   .view({batch, numHeads, steps, headDim})
                                   .transpose(1, 2)
                                   .reshape({batch, steps, numHeads * headDim});
    return out(context);
}

} // namespace interlens
