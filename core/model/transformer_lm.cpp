#include "model/transformer_lm.h"

#include "common/error.h"
#include "model/config_limits.h"

#include <c10/core/InferenceMode.h>

#include <optional>

#include <cmath>

namespace interlens {

namespace {

at::Tensor applyOptional(const std::optional<Norm>& norm, const at::Tensor& x)
{
    return norm ? (*norm)(x) : x;
}

} // namespace

at::Tensor DecoderLayer::feedForward(const at::Tensor& x) const
{
    return moe ? (*moe)(x) : mlp(x);
}

at::Tensor DecoderLayer::combine(const at::Tensor& x, const at::Tensor& normed,
                                 const at::Tensor& attended) const
{
    const at::Tensor a = applyOptional(attentionOutputNorm, attended);
    if (parallel) {
        const at::Tensor mlpInput = postAttentionNorm ? (*postAttentionNorm)(x) : normed;
        return a + applyOptional(mlpOutputNorm, feedForward(mlpInput)) + x;
    }
    const at::Tensor h = x + a;
    return h + applyOptional(mlpOutputNorm, feedForward(applyOptional(postAttentionNorm, h)));
}

TransformerLM::TransformerLM(TransformerParts parts) : m_parts(std::move(parts)) {}

at::Tensor TransformerLM::embedTokens(const at::Tensor& ids) const
{
    c10::InferenceMode guard;
    if (at::isFloatingType(ids.scalar_type()))
        throw InputError("token ids must be integers");
    const at::Tensor index = ids.to(atDevice(m_parts.device), at::kLong);
    if (index.numel() > 0) {
        const int64_t low = index.min().item<int64_t>();
        const int64_t high = index.max().item<int64_t>();
        if (low < 0 || high >= vocabSize())
            throw InputError("token id " + std::to_string(low < 0 ? low : high) +
                             " outside the vocabulary [0, " + std::to_string(vocabSize()) + ")");
    }
    return scaleLookup(at::embedding(m_parts.tokenEmbedding, index));
}

at::Tensor TransformerLM::scaleLookup(const at::Tensor& rows) const
{
    if (!m_parts.scaleLookupBySqrtHidden)
        return rows;
    // Gemma-3's Gemma3TextScaledWordEmbedding: rows * float32(sqrt(H)) rounded to the weights' dtype.
    return rows * at::scalar_tensor(std::sqrt(static_cast<double>(hiddenSize())), at::kFloat)
                      .to(rows.device(), rows.scalar_type());
}

at::Tensor TransformerLM::meanTokenEmbedding() const
{
    c10::InferenceMode guard;
    return scaleLookup(
        m_parts.tokenEmbedding.to(at::kFloat).mean(0).to(m_parts.tokenEmbedding.scalar_type()));
}

at::Tensor TransformerLM::inputHidden(const at::Tensor& embeds, int64_t past) const
{
    at::Tensor h = embeds.to(atDevice(m_parts.device), atDtype(m_parts.device));
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
    at::Tensor out = m_parts.lmHead(m_parts.finalNorm(positions)).to(at::kFloat);
    if (m_parts.finalLogitSoftcap > 0)
        out = at::tanh(out / m_parts.finalLogitSoftcap) * m_parts.finalLogitSoftcap;
    return out;
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
    checkSequenceLength(config(), embeds.size(0), pastLength + steps,
                        at::elementSize(atDtype(m_parts.device)));

    at::Tensor h = inputHidden(embeds, pastLength);
    std::optional<Rotary::Table> rope, localRope;
    if (m_parts.rotary)
        rope = m_parts.rotary->table(pastLength, steps, atDtype(m_parts.device));
    if (m_parts.localRotary)
        localRope = m_parts.localRotary->table(pastLength, steps, atDtype(m_parts.device));
    const AttentionMask mask =
        AttentionMask::causal(pastLength, steps, m_parts.slidingWindow, atDevice(m_parts.device));
    // Every position stays in the cache: a local layer's window is a mask over it, so the trie's shared
    // segments serve local and global layers alike.
    const AttentionMask localMask =
        AttentionMask::causal(pastLength, steps, m_parts.localWindow, atDevice(m_parts.device));

    std::vector<KVCache::Layer> present(m_parts.layers.size());
    std::vector<const KVCache::Layer*> layerPast(segments.size());
    for (size_t i = 0; i < m_parts.layers.size(); ++i) {
        const DecoderLayer& layer = m_parts.layers[i];
        for (size_t s = 0; s < segments.size(); ++s)
            layerPast[s] = &segments[s]->layer(static_cast<int64_t>(i));
        const bool localRotary = layer.local && m_parts.localRotary;
        const Rotary* rotary = localRotary      ? &*m_parts.localRotary
                               : m_parts.rotary ? &*m_parts.rotary
                                                : nullptr;
        const Rotary::Table* table = localRotary ? &*localRope : rope ? &*rope : nullptr;
        const at::Tensor normed = layer.inputNorm ? (*layer.inputNorm)(h) : h;
        const at::Tensor attended =
            layer.attention(normed, rotary, table, layer.local ? localMask : mask, layerPast, present[i]);
        h = layer.combine(h, normed, attended);
        if (!options.returnCache)
            present[i] = {};
        else if (options.past && !options.past->empty()) // a plain cache continues: all positions
            present[i] = {
                at::cat({options.past->layer(static_cast<int64_t>(i)).keys, present[i].keys}, 2),
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
