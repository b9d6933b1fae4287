#pragma once

#include "model/attention.h"
#include "model/causal_lm.h"
#include "model/layers.h"
#include "model/mixture_of_experts.h"
#include "model/rotary.h"

#include <optional>
#include <vector>

namespace interlens {

// One decoder block. Sequential (most models): x += attn(norm1(x)); x += mlp(norm2(x)).
// Parallel (Phi): n = norm1(x); x += attn(n) + mlp(n) — signalled by an absent postAttentionNorm.
//
// Gemma-2/3 add norms on the sublayer outputs: x += outNorm1(attn(norm1(x))); x += outNorm2(mlp(norm2(x))).
// A mixture of experts (Mixtral, Qwen2-MoE) takes the MLP's place where present. A local layer (Gemma-2/3)
// attends within TransformerParts::localWindow with TransformerParts::localRotary's angles where set.
struct DecoderLayer
{
    Norm inputNorm;
    std::optional<Norm> postAttentionNorm;
    Attention attention;
    Mlp mlp;
    std::optional<Norm> attentionOutputNorm;
    std::optional<Norm> mlpOutputNorm;
    std::optional<MixtureOfExperts> moe;
    bool local = false;
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
    int64_t localWindow = 0;             // the local layers' sliding window (Gemma-2/3)
    std::optional<Rotary> localRotary;   // the local layers' RoPE where it differs (Gemma-3)
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
    static at::Tensor feedForward(const DecoderLayer& layer, const at::Tensor& x);
    at::Tensor logits(const at::Tensor& hidden, LogitsOutput output) const;

    TransformerParts m_parts;
};

} // namespace interlens
