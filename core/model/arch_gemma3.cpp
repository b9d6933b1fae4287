#include "model/architectures.h"

// Gemma-3 (text, model_type gemma3_text): Gemma-2's layers with per-head (1 + w) RMSNorms of queries and keys
// before RoPE, local layers ((i + 1) % sliding_window_pattern != 0) with their own unscaled RoPE base
// (rope_local_base_freq) while global layers use rope_theta with rope_scaling, soft-capping usually off, and
// the sqrt(hidden) factor inside the embedding lookup: caller-provided input embeddings are used as given, so
// a masking baseline is not scaled (transformers' Gemma3TextScaledWordEmbedding). The tied LM head uses the
// unscaled embedding matrix.
namespace interlens {

TransformerParts buildGemma3(const ModelConfig& config, const WeightLoader& weights)
{
    TransformerParts parts = buildGemma2(config, weights);
    parts.scaleEmbeddingsBySqrtHidden = false;
    parts.scaleLookupBySqrtHidden = true;
    for (int64_t i = 0; i < config.numLayers; ++i)
        arch::addPerHeadQkNorm(config, weights, "model.layers." + std::to_string(i) + ".self_attn",
                               NormKind::GemmaRmsNorm, parts.layers[static_cast<size_t>(i)].attention);
    return arch::finish(std::move(parts), weights);
}

} // namespace interlens
