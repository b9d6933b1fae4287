#pragma once

#include "model/model_config.h"

#include <ATen/ATen.h>

namespace interlens {

// HF's RoPE inverse frequencies for `config` (rope_theta, rope_scaling default/linear/llama3, partial
// rotary), float32 on the CPU, computed with the same float32 operations as transformers so they match bit
// for bit.
at::Tensor ropeInverseFrequencies(const ModelConfig& config);
// The RoPE settings of Gemma-3's local (sliding) layers: base rope_local_base_freq, no rope_scaling.
ModelConfig localRopeConfig(const ModelConfig& config);

// Rotary position embedding in HF's rotate_half convention: dimension i pairs with i + rotaryDim/2, and only
// the first rotaryDim dimensions of each head rotate (Phi's partial rotary). Angles are float32 whatever the
// compute dtype; cos/sin are rounded to the compute dtype only at the end, as HF does.
class Rotary
{
public:
    struct Table
    {
        at::Tensor cos; // [T, rotaryDim], compute dtype
        at::Tensor sin;
    };

    Rotary(const ModelConfig& config, at::Device device);

    // Angles for the positions start .. start + count - 1.
    Table table(int64_t start, int64_t count, at::ScalarType dtype) const;
    // x: [B, heads, T, headDim].
    at::Tensor apply(const at::Tensor& x, const Table& table) const;

private:
    at::Tensor m_invFreq; // float32 [rotaryDim / 2] on the compute device
    int64_t m_rotaryDim = 0;
};

} // namespace interlens
