#pragma once

#include "model/attention.h"
#include "model/causal_lm.h"
#include "model/layers.h"
#include "model/rotary.h"

#include <optional>
#include <vector>

namespace interlens {

// One decoder block. Every norm is optional, so one structure covers pre-norm, post-norm and sandwich blocks:
//   sequential (most models): h = x + outA(attn(inputNorm(x))); out = h + outM(mlp(postAttentionNorm(h)))
//   parallel (Phi, GPT-NeoX, Falcon): out = x + outA(attn(inputNorm(x))) + outM(mlp(postAttentionNorm(x))),
//     where an absent postAttentionNorm means the MLP shares the attention's normed input (Phi).
// outA / outM are attentionOutputNorm / mlpOutputNorm (OLMo-2's post-norms), absent in pre-norm models.
struct DecoderLayer
{
    std::optional<Norm> inputNorm;
    std::optional<Norm> postAttentionNorm; // the MLP's input norm
    std::optional<Norm> attentionOutputNorm;
    std::optional<Norm> mlpOutputNorm;
    bool parallel = false;
    Attention attention;
    Mlp mlp;

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
    ForwardResult forwardEmbeds(const at::Tensor& embeds, const ForwardOptions& options = {}) const override;

private:
    at::Tensor inputHidden(const at::Tensor& embeds, int64_t past) const;
    at::Tensor logits(const at::Tensor& hidden, LogitsOutput output) const;

    TransformerParts m_parts;
};

} // namespace interlens
