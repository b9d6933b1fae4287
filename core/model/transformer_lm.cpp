#include "model/transformer_lm.h"

#include "common/error.h"
#include "model/config_limits.h"

#include <c10/core/InferenceMode.h>

#include <optional>

#include <cmath>

namespace interlens {

TransformerLM::TransformerLM(TransformerParts parts) : m_parts(std::move(parts)) {}

at::Tensor TransformerLM::embedTokens(const at::Tensor& ids) const
{
    c10::InferenceMode guard;
    if (at::isFloatingType(ids.scalar_type()))
        throw InputError("token ids must be integers");
    const at::Tensor index = ids.to(m_parts.device.device, at::kLong);
    if (index.numel() > 0) {
        const int64_t low = index.min().item<int64_t>();
        const int64_t high = index.max().item<int64_t>();
        if (low < 0 || high >= vocabSize())
            throw InputError("token id " + std::to_string(low < 0 ? low : high) +
                             " outside the vocabulary [0, " + std::to_string(vocabSize()) + ")");
    }
    return at::embedding(m_parts.tokenEmbedding, index);
}

at::Tensor TransformerLM::inputHidden(const at::Tensor& embeds, int64_t past) const
{
    at::Tensor h = embeds.to(m_parts.device.device, m_parts.device.dtype);
    if (m_parts.scaleEmbeddingsBySqrtHidden) {
        // HF multiplies by sqrt(H) rounded to the hidden dtype.
        const at::Tensor normalizer =
            at::scalar_tensor(std::sqrt(static_cast<double>(hiddenSize())), h.options());
        h = h * normalizer;
    }
    if (m_parts.positionEmbedding.defined()) {
        const int64_t steps = h.size(1);
        if (past + steps > m_parts.positionEmbedding.size(0))
            throw InputError("sequence of " + std::to_string(past + steps) + " tokens exceeds the model's " +
                             std::to_string(m_parts.positionEmbedding.size(0)) + " positions");
        h = h + m_parts.positionEmbedding.narrow(0, past, steps);
    }
    return h;
}

at::Tensor TransformerLM::logits(const at::Tensor& hidden, LogitsOutput output) const
{
    if (output == LogitsOutput::None)
        return {};
    const at::Tensor positions = output == LogitsOutput::Last ? hidden.select(1, hidden.size(1) - 1) : hidden;
    return m_parts.lmHead(m_parts.finalNorm(positions)).to(at::kFloat);
}

ForwardResult TransformerLM::forwardEmbeds(const at::Tensor& embeds, const ForwardOptions& options) const
{
    std::optional<c10::InferenceMode> inference;
    if (!options.differentiable)
        inference.emplace();
    if (embeds.dim() != 3 || embeds.size(2) != hiddenSize())
        throw InputError("forward: input embeddings must be [batch, length, " + std::to_string(hiddenSize()) +
                         "], got " + c10::str(embeds.sizes()));
    if (embeds.size(1) == 0)
        throw InputError("forward: empty sequence");
    if (options.past && options.segments)
        throw InputError("forward: give either a cache or cache segments, not both");
    // The past as segments in position order; a plain cache is one segment row-aligned with the batch.
    std::vector<const KVCache*> segments;
    if (options.past && !options.past->empty())
        segments.push_back(options.past);
    if (options.segments)
        for (const KVCache& segment : *options.segments)
            segments.push_back(&segment);
    int64_t pastLength = 0;
    for (const KVCache* segment : segments) {
        const int64_t rows = segment->batchSize();
        const bool aligned = options.past ? rows == embeds.size(0) : rows > 0 && embeds.size(0) % rows == 0;
        if (!aligned || segment->numLayers() != config().numLayers)
            throw InputError("forward: cache batch " + std::to_string(rows) + " does not match input batch " +
                             std::to_string(embeds.size(0)));
        pastLength += segment->length();
    }
    const int64_t steps = embeds.size(1);
    checkSequenceLength(config(), embeds.size(0), pastLength + steps, at::elementSize(m_parts.device.dtype));

    at::Tensor h = inputHidden(embeds, pastLength);
    std::optional<Rotary::Table> rope;
    if (m_parts.rotary)
        rope = m_parts.rotary->table(pastLength, steps, m_parts.device.dtype);
    const AttentionMask mask =
        AttentionMask::causal(pastLength, steps, m_parts.slidingWindow, m_parts.device.device);

    std::vector<KVCache::Layer> present(m_parts.layers.size());
    std::vector<const KVCache::Layer*> layerPast(segments.size());
    for (size_t i = 0; i < m_parts.layers.size(); ++i) {
        const DecoderLayer& layer = m_parts.layers[i];
        for (size_t s = 0; s < segments.size(); ++s)
            layerPast[s] = &segments[s]->layer(static_cast<int64_t>(i));
        const at::Tensor normed = layer.inputNorm(h);
        const at::Tensor attended =
            layer.attention(normed, m_parts.rotary ? &*m_parts.rotary : nullptr, rope ? &*rope : nullptr,
                            mask, layerPast, present[i]);
        if (layer.postAttentionNorm) {
            h = h + attended;
            h = h + layer.mlp((*layer.postAttentionNorm)(h));
        } else {
            h = attended + layer.mlp(normed) + h;
        }
        if (!options.returnCache)
            present[i] = {};
        else if (options.past && !options.past->empty()) // a plain cache continues: all positions
            present[i] = {at::cat({options.past->layer(static_cast<int64_t>(i)).keys, present[i].keys}, 2),
                          at::cat({options.past->layer(static_cast<int64_t>(i)).values, present[i].values}, 2)};
    }

    ForwardResult result;
    result.logits = logits(h, options.output);
    result.hidden = h;
    if (options.returnCache)
        result.cache = KVCache(std::move(present));
    return result;
}

} // namespace interlens
