#pragma once

#include "model/aten_device.h"
#include "model/kv_cache.h"
#include "model/model_config.h"
#include "model/runtime.h"

#include <ATen/ATen.h>

#include <memory>
#include <string>

namespace interlens {

// Which logits a forward computes. Only positions that go through the LM head cost vocabulary-sized GEMMs.
enum class LogitsOutput {
    None, // hidden states and cache only (intermediate segments of a KV-cache trie)
    Last, // the last position of every row: [B, V] (default)
    All,  // every position: [B, T, V]
};

struct ForwardOptions
{
    LogitsOutput output = LogitsOutput::Last;
    // Continue after these cached positions (batch size must match); positions start at past->length().
    const KVCache* past = nullptr;
    // Continue after a past kept as segments in position order (a KV-cache trie; see attention.h): segment s
    // has R_s rows, R_s divides the batch B, and input row j continues row j / (B / R_s) of it. Nothing is
    // copied per row. Exclusive with `past`.
    const std::vector<KVCache>* segments = nullptr;
    // Return keys/values in ForwardResult::cache: of all positions (past + new) after `past`, of the new
    // positions only after `segments` (the next segment).
    bool returnCache = false;
    // Record autograd so that gradients flow back to the input embeddings (the learned baseline trains
    // through the model this way); otherwise a forward runs in inference mode.
    bool differentiable = false;
};

struct ForwardResult
{
    at::Tensor logits; // float32 on the compute device, shaped by LogitsOutput; undefined for None
    at::Tensor hidden; // last layer output before the final norm, [B, T, H], compute dtype
    KVCache cache;     // filled when ForwardOptions::returnCache
};

// A decoder-only language model loaded from a Hugging Face folder (see loadCausalLM() in model_loader.h).
// Forward passes are const (safe to call from several threads at once) and run under inference mode; inputs
// may live on any device and are moved to the model's. Logits are always float32, whatever the compute dtype.
//
// Typical uses:
//   logits = model.forwardIds(ids).logits;                                // [B, V], last position
//   embeds = model.maskedEmbeddings(ids, keep, baselineEmbedding(model, "zero"));
//   logits = model.forwardEmbeds(embeds).logits;                          // masked variants, one batch
// Sharing a prefix between masked variants (KV cache, see kv_cache.h):
//   ForwardOptions o; o.output = LogitsOutput::None; o.returnCache = true;
//   KVCache prefix = model.forwardEmbeds(prefixEmbeds /*[1, P, H]*/, o).cache;   // LM head skipped entirely
//   KVCache rows = prefix.expand(B);              // or cache.gather(rowIndices) to pick rows of a bigger
//   batch ForwardOptions c; c.past = &rows;             // positions continue at P logits =
//   model.forwardEmbeds(suffixEmbeds /*[B, S, H]*/, c).logits;           // == full forward's last logits
class CausalLM
{
public:
    virtual ~CausalLM() = default;

    virtual const ModelConfig& config() const = 0;
    virtual ComputeDevice device() const = 0;
    // HF architecture class ("LlamaForCausalLM", ...; config.architecture) and model_type ("llama", ...).
    const std::string& architecture() const { return config().architecture; }
    const std::string& modelType() const { return config().modelType; }
    // Identity of the weights for session files and caches: see Checkpoint::fingerprint(). Config identity is
    // config().configHash.
    virtual const std::string& weightsFingerprint() const = 0;
    // Distinct parameters (a tied LM head counts once).
    virtual int64_t parameterCount() const = 0;
    int64_t hiddenSize() const { return config().hiddenSize; }
    int64_t vocabSize() const { return config().vocabSize; }

    // The raw token-embedding lookup, [B, T, H] for ids [B, T] (or [T, H] for [T]): no position embeddings,
    // no Gemma scaling; this is the E that masking replaces. Gemma-3 is the exception, as in transformers:
    // its lookup includes the sqrt(H) factor (and its forward then does not scale), so E is scaled there.
    // InputError for ids outside [0, vocab).
    virtual at::Tensor embedTokens(const at::Tensor& ids) const = 0;
    // The token-embedding matrix [V, H] (for the "mean" baseline).
    virtual at::Tensor tokenEmbeddingTable() const = 0;
    // The mean of the rows embedTokens() returns, [H] in the compute dtype: the "mean" baseline. Differs from
    // the table's mean where the lookup itself scales (Gemma-3).
    virtual at::Tensor meanTokenEmbedding() const { return tokenEmbeddingTable().to(at::kFloat).mean(0); }

    // Forward on input embeddings [B, T, H] (raw embedding space: any model-specific scaling happens inside).
    virtual ForwardResult forwardEmbeds(const at::Tensor& embeds,
                                        const ForwardOptions& options = {}) const = 0;
    // Forward on token ids [B, T]; identical to forwardEmbeds(embedTokens(ids)).
    ForwardResult forwardIds(const at::Tensor& ids, const ForwardOptions& options = {}) const;

    // Masked input embeddings [N, L, H]: row i position j is E[ids[j]] where keep[i][j] != 0, else `baseline`
    // [H]. ids: [L] (or [1, L]); keep: [N, L] or [L], any integer or bool dtype.
    at::Tensor maskedEmbeddings(const at::Tensor& ids, const at::Tensor& keep,
                                const at::Tensor& baseline) const;
};

} // namespace interlens
