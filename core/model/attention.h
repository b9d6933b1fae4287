#pragma once

#include "model/kv_cache.h"
#include "model/layers.h"
#include "model/rotary.h"

#include <ATen/ATen.h>

#include <optional>
#include <span>

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
//
// Earlier positions come as segments in position order (a KV-cache trie keeps each level once). Segment s
// holds R_s rows with R_s dividing the batch B, and input row j continues row j / (B / R_s) of it: the B /
// R_s rows that share a segment row have their queries stacked against its keys, so a shared past is never
// copied per row. A plain cache row-aligned with the batch is the case R_s = B.
//
// Before RoPE, optionally: q, k and v clamped to [-clip, clip] (OLMo's clip_qkv), then q and k normalised,
// either over the whole projection before it is split into heads (OLMo-2) or over each head's dimensions
// (StableLM, with per-head gains; Qwen3 and Gemma-3, with one gain vector shared by the heads).
struct Attention
{
    enum class QkNormScope { Projection, PerHead };

    Linear qkv;
    Linear out;
    int64_t numHeads = 0;
    int64_t numKvHeads = 0;
    int64_t headDim = 0;
    double scale = 1.0;
    double clip = 0.0; // OLMo: q, k and v clamped to [-clip, clip]; 0 = no clamp
    // Query and key norms (Qwen3, Gemma-3, StableLM: per head over head_dim; OLMo-2: over the whole
    // projection), before RoPE; absent for most.
    std::optional<Norm> queryNorm;
    std::optional<Norm> keyNorm;
    QkNormScope qkNormScope = QkNormScope::PerHead;
    // Gemma-2: scores = cap * tanh(scores / cap) after scaling, before the mask; 0 = none.
    double logitSoftcap = 0;

    // x: [B, T, hidden]. `past`: this layer's cached segments (may be empty). `present` receives the keys and
    // values of the T new positions only. `rope` is null for models without RoPE.
    at::Tensor operator()(const at::Tensor& x, const Rotary* rotary, const Rotary::Table* rope,
                          const AttentionMask& mask, std::span<const KVCache::Layer* const> past,
                          KVCache::Layer& present) const;
};

} // namespace interlens
