#pragma once

#include "model/kv_cache.h"
#include "model/layers.h"
#include "model/rotary.h"

#include <ATen/ATen.h>

#include <optional>

namespace interlens {

// Which keys each query may see: causal, and with a sliding window W (Mistral) query i sees key j iff
// 0 <= i - j < W. Built once per forward for queries at positions past .. past + count - 1.
struct AttentionMask
{
    at::Tensor
        blocked; // bool [T, S], true = masked out; undefined when nothing is masked (one query, no window)

    static AttentionMask causal(int64_t past, int64_t count, int64_t slidingWindow, at::Device device);
};

// Multi-head attention with grouped key/value heads. q, k and v come from one fused GEMM whose output rows
// are [q | k | v]; query head h uses key/value head h / (heads / kvHeads), as HF's repeat_kv does, but
// without copying K and V: the query heads of one group are stacked along the time axis so each group is one
// batched matmul. Scores, mask and softmax follow HF eager attention; the softmax runs in float32.
struct Attention
{
    Linear qkv;
    Linear out;
    int64_t numHeads = 0;
    int64_t numKvHeads = 0;
    int64_t headDim = 0;
    double scale = 1.0;

    // x: [B, T, hidden]. `past` holds this layer's cached keys/values (may be empty tensors); the keys and
    // values of all positions (past + new) are stored in `present`. `rope` is null for models without RoPE.
    at::Tensor operator()(const at::Tensor& x, const Rotary* rotary, const Rotary::Table* rope,
                          const AttentionMask& mask, const KVCache::Layer* past,
                          KVCache::Layer& present) const;
};

} // namespace interlens
