#pragma once

#include <ATen/ATen.h>

#include <string>

namespace interlens {

// y = x Wᵀ + b with W stored [out, in] contiguous (nn.Linear layout; GPT-2's Conv1D weights are transposed at
// load time), so every projection is one GEMM. `bias` may be undefined.
struct Linear
{
    at::Tensor weight;
    at::Tensor bias;

    at::Tensor operator()(const at::Tensor& x) const { return at::linear(x, weight, bias); }
    int64_t outFeatures() const { return weight.size(0); }
};

// The weight (and bias) cover the last dimension; a weight of shape [heads, 1, D] on x [B, heads, T, D] gives
// each head its own gains (StableLM's per-head qk_layernorm). A LayerNorm without weight is non-parametric
// (OLMo) and is computed in float32.
enum class NormKind {
    LayerNorm,    // (x - mean) / sqrt(var + eps) * w + b
    RmsNorm,      // w * (x * rsqrt(mean(x²) + eps)), statistics in float32 (Llama family, Phi-3)
    GemmaRmsNorm, // x * rsqrt(mean(x²) + eps) * (1 + w), all in float32
};

struct Norm
{
    NormKind kind = NormKind::RmsNorm;
    at::Tensor weight;
    at::Tensor bias; // LayerNorm only; may be undefined
    double eps = 1e-5;

    at::Tensor operator()(const at::Tensor& x) const;
};

enum class Activation { Silu, GeluTanh, GeluExact };

// Maps HF's activation names (hidden_act, hidden_activation, activation_function); InputError for others.
Activation activationFromName(const std::string& name, const std::string& configPath);
at::Tensor activate(Activation activation, const at::Tensor& x);

// Feed-forward block. Gated (SwiGLU / GeGLU): down(act(gate(x)) * up(x)) with gate and up fused into one GEMM
// whose output is [gate | up]. Plain (GPT-2, Phi): down(act(up(x))).
struct Mlp
{
    bool gated = true;
    Linear up; // gated: the fused [gate | up] projection
    Linear down;
    Activation activation = Activation::Silu;

    at::Tensor operator()(const at::Tensor& x) const;
};

} // namespace interlens
