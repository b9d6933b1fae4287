#include "model/layers.h"

#include "common/error.h"

namespace interlens {

at::Tensor Norm::operator()(const at::Tensor& x) const
{
    switch (kind) {
    case NormKind::LayerNorm: {
        if (weight.defined() && weight.dim() == 1)
            return at::layer_norm(x, {x.size(-1)}, weight, bias, eps);
        if (!weight.defined()) // non-parametric, in float32 as HF's OLMo
            return at::layer_norm(x.to(at::kFloat), {x.size(-1)}, {}, {}, eps).to(x.scalar_type());
        at::Tensor y = at::layer_norm(x, {x.size(-1)}, {}, {}, eps) * weight; // per-head gains
        return bias.defined() ? y + bias : y;
    }
    case NormKind::RmsNorm: {
        const at::Tensor x32 = x.to(at::kFloat);
        const at::Tensor normed = x32 * at::rsqrt(x32.pow(2).mean(-1, true) + eps);
        return weight * normed.to(x.scalar_type());
    }
    case NormKind::GemmaRmsNorm: {
        const at::Tensor x32 = x.to(at::kFloat);
        const at::Tensor normed = x32 * at::rsqrt(x32.pow(2).mean(-1, true) + eps);
        return (normed * (1.0 + weight.to(at::kFloat))).to(x.scalar_type());
    }
    }
    return x;
}

Activation activationFromName(const std::string& name, const std::string& configPath)
{
    if (name == "silu" || name == "swish")
        return Activation::Silu;
    // gelu_new (GPT-2, Phi) is the tanh approximation written out; at::gelu's tanh mode is the same function.
    if (name == "gelu_new" || name == "gelu_pytorch_tanh" || name == "gelu_fast")
        return Activation::GeluTanh;
    if (name == "gelu")
        return Activation::GeluExact;
    throw InputError(fileMessage(configPath, "unsupported activation \"" + name +
                                                 "\" (supported: silu, gelu, gelu_new, gelu_pytorch_tanh)"));
}

at::Tensor activate(Activation activation, const at::Tensor& x)
{
    switch (activation) {
    case Activation::Silu:
        return at::silu(x);
    case Activation::GeluTanh:
        return at::gelu(x, "tanh");
    case Activation::GeluExact:
        return at::gelu(x);
    }
    return x;
}

at::Tensor Mlp::operator()(const at::Tensor& x) const
{
    at::Tensor h = up(x);
    if (gated) {
        const int64_t half = h.size(-1) / 2;
        h = activate(activation, h.narrow(-1, 0, half)).mul_(h.narrow(-1, half, half));
    } else {
        h = activate(activation, h);
    }
    return down(h);
}

} // namespace interlens
