#include "model/attention.h"

#include <ATen/Parallel.h>
#include <c10/core/InferenceMode.h>

#include <dlfcn.h>

#include <limits>

namespace interlens {

namespace {

// OpenBLAS (Debian's libtorch BLAS) hands every GEMM to its own thread pool. Attention is many small products
// (one per sequence and head); for them the hand-off costs several times the arithmetic (measured on the
// 2-core VM: QKᵀ for 32 × 12 heads of 128 × 64 took 41 ms threaded, 11 ms single-threaded). So these products
// run with OpenBLAS single-threaded, spread over ATen's intra-op threads by sequence/head instead. The big
// projection GEMMs keep OpenBLAS's threads. Found through dlsym so that other BLAS libraries (or a CUDA
// build) are unaffected.
class SingleThreadedBlas
{
public:
    SingleThreadedBlas()
    {
        static const auto set =
            reinterpret_cast<void (*)(int)>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
        static const auto get = reinterpret_cast<int (*)()>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads"));
        if (set && get && (m_previous = get()) > 1) {
            m_set = set;
            m_set(1);
        }
    }
    ~SingleThreadedBlas()
    {
        if (m_set)
            m_set(m_previous);
    }
    SingleThreadedBlas(const SingleThreadedBlas&) = delete;
    SingleThreadedBlas& operator=(const SingleThreadedBlas&) = delete;

private:
    void (*m_set)(int) = nullptr;
    int m_previous = 1;
};

// a [N, m, k] × b [N, k, n] -> [N, m, n]; on the CPU split over intra-op threads with single-threaded BLAS.
at::Tensor batchedProduct(const at::Tensor& a, const at::Tensor& b)
{
    if (!a.device().is_cpu() || a.size(0) < 2)
        return at::bmm(a, b);
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

at::Tensor Attention::operator()(const at::Tensor& x, const Rotary* rotary, const Rotary::Table* rope,
                                 const AttentionMask& mask, const KVCache::Layer* past,
                                 KVCache::Layer& present) const
{
    const int64_t batch = x.size(0);
    const int64_t steps = x.size(1);
    const int64_t groups = numHeads / numKvHeads;

    // [B, T, heads + 2 kvHeads, D] -> [B, heads + 2 kvHeads, T, D] (a view; copies happen once, below)
    const at::Tensor qkvHeads =
        qkv(x).view({batch, steps, numHeads + 2 * numKvHeads, headDim}).transpose(1, 2);
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

    // Query heads of one KV group stacked along time: [B * kvHeads, groups * T, D], one product per (row,
    // group).
    const at::Tensor qGrouped = q.reshape({batch * numKvHeads, groups * steps, headDim});
    at::Tensor scores =
        batchedProduct(qGrouped, k.reshape({batch * numKvHeads, keysLength, headDim}).transpose(1, 2));
    scores.mul_(scale);
    if (mask.blocked.defined())
        scores.view({batch, numHeads, steps, keysLength})
            .masked_fill_(mask.blocked, -std::numeric_limits<double>::infinity());
    at::Tensor probs = scores.scalar_type() == at::kFloat
                           ? at::softmax(scores, -1)
                           : at::softmax(scores, -1, at::kFloat).to(scores.scalar_type());
    const at::Tensor context = batchedProduct(probs, v.reshape({batch * numKvHeads, keysLength, headDim}))
                                   .view({batch, numHeads, steps, headDim})
                                   .transpose(1, 2)
                                   .reshape({batch, steps, numHeads * headDim});
    return out(context);
}

} // namespace interlens
