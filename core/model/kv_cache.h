#pragma once

#include <ATen/ATen.h>

#include <vector>

namespace interlens {

// Keys and values of every layer for a batch of sequences that share one length: per layer [B, kvHeads, T,
// headDim] in the compute dtype on the compute device. A value type (tensors are shared, never modified in
// place): forward with a cache returns a new, longer cache and leaves the old one usable, which is what a
// trie of masked variants needs (one prefix, many continuations).
class KVCache
{
public:
    struct Layer
    {
        at::Tensor keys;
        at::Tensor values;
    };

    KVCache() = default;
    explicit KVCache(std::vector<Layer> layers);

    bool empty() const { return m_layers.empty(); }
    int64_t numLayers() const { return static_cast<int64_t>(m_layers.size()); }
    // Number of cached positions (0 for an empty cache); the next token's position.
    int64_t length() const;
    int64_t batchSize() const;
    const Layer& layer(int64_t index) const { return m_layers.at(static_cast<size_t>(index)); }
    int64_t bytes() const;

    // Rows `rows` (int64 indices into the batch, repeats allowed) as a new cache: expand one prefix row to
    // many (gather(zeros(64))) or pick rows of different variants.
    KVCache gather(const at::Tensor& rows) const;
    // Rows [begin, begin + count) as views (no copy).
    KVCache narrowRows(int64_t begin, int64_t count) const;
    // A batch-1 cache repeated to `rows` rows without copying (expanded views; the next forward's
    // concatenation materialises them). InputError unless batchSize() == 1.
    KVCache expand(int64_t rows) const;
    // The batches of `caches` (same layers and length) stacked into one.
    static KVCache concatenate(const std::vector<KVCache>& caches);

private:
    std::vector<Layer> m_layers;
};

} // namespace interlens
