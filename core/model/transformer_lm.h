#pragma once

#include "model/attention.h"
#include "model/causal_lm.h"
#include "model/layers.h"
#include "model/mixture_of_experts.h"
#include "model/rotary.h"

#include <optional>
#include <vector>

namespace interlens {

// One decoder block. Every norm is optional, so one structure covers pre-norm, post-norm and sandwich blocks:
//   sequential (most models): h = x + outA(attn(inputNorm(x))); out = h + outM(ffn(postAttentionNorm(h)))
//   parallel (Phi, GPT-NeoX, Falcon): out = x + outA(attn(inputNorm(x))) + outM(ffn(postAttentionNorm(x))),
//     where an absent postAttentionNorm means the MLP shares the attention's normed input (Phi).
// outA / outM are attentionOutputNorm / mlpOutputNorm (OLMo-2's post-norms, Gemma-2/3's sandwich norms),
// absent in pre-norm models. ffn is the mixture of experts where present (Mixtral, Qwen2-MoE), else the MLP.
// A local layer (Gemma-2/3) attends within TransformerParts::localWindow with TransformerParts::localRotary's
// angles where set.
struct DecoderLayer
{
    std::optional<Norm> inputNorm;
    std::optional<Norm> postAttentionNorm; // the MLP's input norm
    std::optional<Norm> attentionOutputNorm;
    std::optional<Norm> mlpOutputNorm;
    bool parallel = false;
    Attention attention;
    Mlp mlp;
    std::optional<MixtureOfExperts> moe;
    bool local = false;

    // The feed-forward part: the mixture of experts where present, else the MLP (no output norm).
    at::Tensor feedForward(const at::Tensor& x) const;
    // The block's output for input x, attention already computed as attn(inputNorm(x)) from `normed`.
    at::Tensor combine(const at::Tensor& x, const at::Tensor& normed, const at::Tensor& attended) const;
};

// Everything an architecture file fills in; TransformerLM runs it.
struct TransformerParts
{
    ModelConfig config;
    ComputeDevice device;
    at::Tensor tokenEmbedding;    // [V, H]
    at::Tensor positionEmbedding; // learned absolute positions [maxPositions, H] (GPT-2); undefined otherwise
    bool scaleEmbeddingsBySqrtHidden = false; // Gemma, applied inside the model to ids and embeddings alike
    std::optional<Rotary> rotary;
    int64_t slidingWindow = 0;
    int64_t localWindow = 0;              // the local layers' sliding window (Gemma-2/3)
    std::optional<Rotary> localRotary;    // the local layers' RoPE where it differs (Gemma-3)
    bool scaleLookupBySqrtHidden = false; // Gemma-3: inside embedTokens, so caller embeddings are not scaled
    double finalLogitSoftcap = 0;         // Gemma-2: logits = cap * tanh(logits / cap); 0 = none
    std::vector<DecoderLayer> layers;
    Norm finalNorm;
    Linear lmHead; // tied models share tokenEmbedding here
    int64_t parameterCount = 0;
    std::string weightsFingerprint;
};

class TransformerLM final : public CausalLM
{
public:
    explicit TransformerLM(TransformerParts parts);

    const ModelConfig& config() const override { return m_parts.config; }
    ComputeDevice device() const override { return m_parts.device; }
    int64_t parameterCount() const override { return m_parts.parameterCount; }
    const std::string& weightsFingerprint() const override { return m_parts.weightsFingerprint; }
    at::Tensor embedTokens(const at::Tensor& ids) const override;
    at::Tensor tokenEmbeddingTable() const override { return m_parts.tokenEmbedding; }
    at::Tensor meanTokenEmbedding() const override;
    ForwardResult forwardEmbeds(const at::Tensor& embeds, const ForwardOptions& options = {}) const override;

private:
    at::Tensor inputHidden(const at::Tensor& embeds, int64_t past) const;
    at::Tensor scaleLookup(const at::Tensor& rows) const;
    at::Tensor logits(const at::Tensor& hidden, LogitsOutput output) const;

    TransformerParts m_parts;
};

} // namespace interlens
