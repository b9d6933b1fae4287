#include "model/kv_cache.h"

#include "common/error.h"

namespace interlens {

KVCache::KVCache(std::vector<Layer> layers) : m_layers(std::move(layers)) {}

int64_t KVCache::length() const
{
    return empty() ? 0 : m_layers.front().keys.size(2);
}

int64_t KVCache::batchSize() const
{
    return empty() ? 0 : m_layers.front().keys.size(0);
}

int64_t KVCache::bytes() const
{
    int64_t total = 0;
    for (const Layer& l : m_layers)
        total += l.keys.nbytes() + l.values.nbytes();
    return total;
}

KVCache KVCache::gather(const at::Tensor& rows) const
{
    if (rows.dim() != 1)
        throw InputError("KVCache::gather: row indices must be a 1-D tensor");
    const int64_t batch = batchSize();
    if (rows.numel() > 0 && (rows.min().item<int64_t>() < 0 || rows.max().item<int64_t>() >= batch))
        throw InputError("KVCache::gather: row index outside the cached batch of " + std::to_string(batch));
    std::vector<Layer> out;
    out.reserve(m_layers.size());
    for (const Layer& l : m_layers) {
        const at::Tensor index = rows.to(l.keys.device(), at::kLong);
        out.push_back({l.keys.index_select(0, index), l.values.index_select(0, index)});
    }
    return KVCache(std::move(out));
}

KVCache KVCache::narrowRows(int64_t begin, int64_t count) const
{
    if (begin < 0 || count < 0 || begin + count > batchSize())
        throw InputError("KVCache::narrowRows: rows [" + std::to_string(begin) + ", " +
                         std::to_string(begin + count) + ") outside the cached batch of " +
                         std::to_string(batchSize()));
    std::vector<Layer> out;
    out.reserve(m_layers.size());
    for (const Layer& l : m_layers)
        out.push_back({l.keys.narrow(0, begin, count), l.values.narrow(0, begin, count)});
    return KVCache(std::move(out));
}

KVCache KVCache::expand(int64_t rows) const
{
    if (batchSize() != 1 || rows < 1)
        throw InputError("KVCache::expand: needs a batch-1 cache and rows >= 1 (batch " +
                         std::to_string(batchSize()) + ", rows " + std::to_string(rows) + ")");
    std::vector<Layer> out;
    out.reserve(m_layers.size());
    for (const Layer& l : m_layers)
        out.push_back({l.keys.expand({rows, -1, -1, -1}), l.values.expand({rows, -1, -1, -1})});
    return KVCache(std::move(out));
}

KVCache KVCache::concatenate(const std::vector<KVCache>& caches)
{
    if (caches.empty())
        return {};
    const KVCache& first = caches.front();
    for (const KVCache& c : caches)
        if (c.numLayers() != first.numLayers() || c.length() != first.length())
            throw InputError("KVCache::concatenate: caches differ in layers or length");
    std::vector<Layer> out;
    for (int64_t i = 0; i < first.numLayers(); ++i) {
        std::vector<at::Tensor> keys, values;
        for (const KVCache& c : caches) {
            keys.push_back(c.layer(i).keys);
            values.push_back(c.layer(i).values);
        }
        out.push_back({at::cat(keys, 0), at::cat(values, 0)});
    }
    return KVCache(std::move(out));
}

} // namespace interlens
