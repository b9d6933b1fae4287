#include "model/attention.h"
#include "model/cpu_threads.h"

#include <ATen/Parallel.h>
#include <c10/core/InferenceMode.h>

#include <limits>

namespace interlens {

namespace {

// OpenBLAS (Debian's libtorch BLAS) hands every GEMM to its own thread pool. Attention is many small products
// (one per sequence and head); for them the hand-off costs several times the arithmetic (measured on the
// 2-core VM: QKᵀ for 32 × 12 heads of 128 × 64 took 41 ms threaded, 11 ms single-threaded). So these products
// run with OpenBLAS single-threaded, spread over ATen's intra-op threads by sequence/head instead. The big
// projection GEMMs keep OpenBLAS's threads.
class SingleThreadedBlas
{
public:
    SingleThreadedBlas() : m_previous(blasThreads())
    {
        if (m_previous > 1)
            setBlasThreads(1);
    }
    ~SingleThreadedBlas()
    {
        if (m_previous > 1)
            setBlasThreads(m_previous);
    }
    SingleThreadedBlas(const SingleThreadedBlas&) = delete;
    SingleThreadedBlas& operator=(const SingleThreadedBlas&) = delete;

private:
    const int m_previous;
};

// a [N, m, k] × b [N, k, n] -> [N, m, n]; on the CPU split over intra-op threads with single-threaded BLAS.
at::Tensor batchedProduct(const at::Tensor& a, const at::Tensor& b)
{
    if (!a.device().is_cpu() || a.size(0) < 2 || a.requires_grad() || b.requires_grad())
        return at::bmm(a, b); // (bmm_out records no autograd)
    at::Tensor out = at::empty({a.size(0), a.size(1), b.size(2)}, a.options());
    const SingleThreadedBlas guard;
    at::parallel_for(0, a.size(0), 1, [&](int64_t begin, int64_t end) {
        const c10::InferenceMode inference; // thread-local: worker threads need it to write inference tensors
        at::Tensor part = out.narrow(0, begin, end - begin);
        at::bmm_out(part, a.narrow(0, begin, end - begin), b.narrow(0, begin, end - begin));
    });
    return out;
}

} // namespace

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

namespace {

// Queries [B, heads, T, D] of the rows that share one row of an R-row segment, stacked per (segment row, KV
// head): [R * kvHeads, (B / R) * groups * T, D]. Row j belongs to segment row j / (B / R).
at::Tensor stackQueries(const at::Tensor& q, int64_t rows, int64_t kvHeads)
{
    const int64_t batch = q.size(0), share = batch / rows, groups = q.size(1) / kvHeads;
    const int64_t steps = q.size(2), dim = q.size(3);
    return q.reshape({rows, share, kvHeads, groups, steps, dim})
        .permute({0, 2, 1, 3, 4, 5})
        .reshape({rows * kvHeads, share * groups * steps, dim});
}

// The inverse of stackQueries for a result [R * kvHeads, (B / R) * groups * T, X]: [B, heads, T, X].
at::Tensor unstack(const at::Tensor& stacked, int64_t batch, int64_t heads, int64_t kvHeads, int64_t steps)
{
    const int64_t rows = stacked.size(0) / kvHeads, share = batch / rows, groups = heads / kvHeads;
    return stacked.view({rows, kvHeads, share, groups, steps, stacked.size(2)})
        .permute({0, 2, 1, 3, 4, 5})
        .reshape({batch, heads, steps, stacked.size(2)});
}

} // namespace

at::Tensor Attention::operator()(const at::Tensor& x, const Rotary* rotary, const Rotary::Table* rope,
                                 const AttentionMask& mask, std::span<const KVCache::Layer* const> past,
                                 KVCache::Layer& present) const
{
    const int64_t batch = x.size(0);
    const int64_t steps = x.size(1);

    // [B, T, (heads + 2 kvHeads) D] split into q, k, v, each [B, T, n D] -> [B, n, T, D] (views; copies
    // happen once, below)
    at::Tensor projected = qkv(x);
    if (clip > 0)
        projected = projected.clamp(-clip, clip);
    const int64_t queryWidth = numHeads * headDim, kvWidth = numKvHeads * headDim;
    at::Tensor q = projected.narrow(-1, 0, queryWidth);
    at::Tensor k = projected.narrow(-1, queryWidth, kvWidth);
    const at::Tensor v = projected.narrow(-1, queryWidth + kvWidth, kvWidth)
                             .view({batch, steps, numKvHeads, headDim})
                             .transpose(1, 2);
    const bool perHeadNorm = queryNorm && qkNormScope == QkNormScope::PerHead;
    if (queryNorm && !perHeadNorm) {
        q = (*queryNorm)(q);
        k = (*keyNorm)(k);
    }
    q = q.view({batch, steps, numHeads, headDim}).transpose(1, 2);
    k = k.view({batch, steps, numKvHeads, headDim}).transpose(1, 2);
    if (perHeadNorm) {
        q = (*queryNorm)(q);
        k = (*keyNorm)(k);
    }
    if (rotary) {
        q = rotary->apply(q, *rope);
        k = rotary->apply(k, *rope);
    }
    present = {k.contiguous(), v.contiguous()};

    // Key blocks in position order: the past segments, then the new positions (one row per input row).
    std::vector<const KVCache::Layer*> blocks(past.begin(), past.end());
    blocks.push_back(&present);
    std::vector<at::Tensor> scores;
    for (const KVCache::Layer* block : blocks) {
        const int64_t rows = block->keys.size(0), length = block->keys.size(2);
        const at::Tensor keys = block->keys.reshape({rows * numKvHeads, length, headDim}).transpose(1, 2);
        scores.push_back(unstack(batchedProduct(stackQueries(q, rows, numKvHeads), keys), batch, numHeads,
                                 numKvHeads, steps));
    }
    at::Tensor allScores = scores.size() == 1 ? scores.front() : at::cat(scores, -1);
    allScores.mul_(scale);
    if (logitSoftcap > 0)
        allScores.div_(logitSoftcap).tanh_().mul_(logitSoftcap);
    if (mask.blocked.defined())
        allScores.masked_fill_(mask.blocked, -std::numeric_limits<double>::infinity());
    const at::Tensor probs = allScores.scalar_type() == at::kFloat
                                 ? at::softmax(allScores, -1)
                                 : at::softmax(allScores, -1, at::kFloat).to(allScores.scalar_type());

    at::Tensor context;
    int64_t offset = 0;
    for (const KVCache::Layer* block : blocks) {
        const int64_t rows = block->keys.size(0), length = block->keys.size(2);
        const at::Tensor values = block->values.reshape({rows * numKvHeads, length, headDim});
        const at::Tensor part =
            unstack(batchedProduct(stackQueries(probs.narrow(-1, offset, length), rows, numKvHeads), values),
                    batch, numHeads, numKvHeads, steps);
        context = context.defined() ? context.add_(part) : part;
        offset += length;
    }
    return out(context.transpose(1, 2).reshape({batch, steps, numHeads * headDim}));
}

} // namespace interlens
