#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace interlens {

// rope_scaling of config.json. "default" (absent), "linear" and "llama3" are supported.
struct RopeScaling
{
    std::string type = "default";
    double factor = 1.0;
    double lowFreqFactor = 1.0;
    double highFreqFactor = 4.0;
    int64_t originalMaxPositions = 8192;
};

// What the runtime needs from a Hugging Face config.json, with each architecture's key names and defaults
// mapped onto one vocabulary (GPT-2's n_embd, n_layer, ... included).
struct ModelConfig
{
    std::string directory; // the model folder, for messages and for tokenizer.json (baselines)
    std::string modelType; // "gpt2", "llama", "mistral", "qwen2", "gemma", "phi", "phi3", "gpt_neox", ...
    std::string
        architecture; // HF class, config.json "architectures"[0] (e.g. "LlamaForCausalLM"); else modelType
    std::string configHash; // SHA-256 (hex) of config.json's bytes
    int64_t vocabSize = 0;
    int64_t hiddenSize = 0;
    int64_t intermediateSize = 0;
    int64_t numLayers = 0;
    int64_t numHeads = 0;
    int64_t numKvHeads = 0;
    int64_t headDim = 0;
    int64_t maxPositions = 0; // 0 = not stated
    double normEps = 1e-5;
    std::string activation; // hidden_act / activation_function as written
    bool tieWordEmbeddings = false;
    bool attentionBias = false; // llama-style q/k/v/o biases
    bool mlpBias = false;
    // RoPE models only
    double ropeTheta = 10000.0;
    RopeScaling ropeScaling;
    double partialRotaryFactor = 1.0;
    int64_t slidingWindow = 0; // 0 = full causal attention
    // Models that alternate local and global layers (Gemma-2, Gemma-3): true for the layers that use
    // slidingWindow; empty = every layer does (Mistral).
    std::vector<bool> slidingLayers;
    // Gemma-2/3
    double queryPreAttnScalar = 0; // attention scale query_pre_attn_scalar^-0.5 instead of head_dim^-0.5
    double attnLogitSoftcap = 0;   // s = cap * tanh(s / cap) before the mask; 0 = none
    double finalLogitSoftcap = 0;  // logits = cap * tanh(logits / cap); 0 = none
    double ropeLocalTheta = 0;     // Gemma-3: RoPE base of the sliding layers (unscaled); 0 = as global
    // Mixture of experts (Mixtral, Qwen2-MoE); numExperts 0 = dense
    int64_t numExperts = 0;
    int64_t numExpertsPerToken = 0;
    int64_t moeIntermediateSize = 0;          // each expert's width
    int64_t sharedExpertIntermediateSize = 0; // Qwen2-MoE's always-on shared expert; 0 = none
    bool normTopkProb = true;                 // renormalise the top-k router probabilities to sum to 1
    std::vector<bool> denseLayers;            // Qwen2-MoE mlp_only_layers / decoder_sparse_step; empty = none
    // GPT-2 only
    bool scaleAttnByInverseLayerIdx = false;
    // Block structure and attention details of the families beyond Llama
    bool parallelResidual =
        false;            // x + attn(norm(x)) + mlp(norm'(x)): GPT-NeoX, StableLM, Falcon parallel_attn
    bool qkvBias = false; // q/k/v biases without an o_proj bias (StableLM use_qkv_bias)
    bool qkNorm = false;  // StableLM qk_layernorm: a LayerNorm per head on q and k
    double clipQkv = 0.0; // OLMo clip_qkv: q, k, v clamped to [-c, c]; 0 = off
    bool falconNewDecoder = false; // Falcon new_decoder_architecture (grouped fused QKV)
    int64_t parallelNorms = 1;     // Falcon: 2 = ln_attn and ln_mlp, 1 = one shared input_layernorm
    std::optional<int64_t> bosTokenId;
    std::optional<int64_t> eosTokenId;
    std::optional<int64_t> padTokenId;
    std::string torchDtype; // as stored, e.g. "bfloat16"; informative only

    int64_t rotaryDim() const { return static_cast<int64_t>(headDim * partialRotaryFactor); }
    bool slidingLayer(int64_t layer) const
    {
        return slidingWindow > 0 && (slidingLayers.empty() || slidingLayers[static_cast<size_t>(layer)]);
    }
    bool sparseLayer(int64_t layer) const
    {
        return numExperts > 0 && (denseLayers.empty() || !denseLayers[static_cast<size_t>(layer)]);
    }
};

// Reads DIR/config.json. Missing required keys and nonsensical values give InputError naming the key and the
// file. An unknown model_type is accepted here; loadCausalLM() rejects it with the list of supported types.
ModelConfig readModelConfig(const std::string& directory);

} // namespace interlens
