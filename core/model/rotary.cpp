#include "model/rotary.h"

#include <cmath>

namespace interlens {

namespace {

// transformers' _compute_llama3_parameters, written with the same float32 tensor operations (Python's
// `scalar / tensor` is reciprocal(tensor) * scalar).
at::Tensor llama3Scaled(const at::Tensor& invFreq, const RopeScaling& s)
{
    const double oldContext = static_cast<double>(s.originalMaxPositions);
    const double lowFreqWavelen = oldContext / s.lowFreqFactor;
    const double highFreqWavelen = oldContext / s.highFreqFactor;
    const at::Tensor wavelen = at::reciprocal(invFreq) * (2 * M_PI);
    at::Tensor scaled = at::where(wavelen > lowFreqWavelen, invFreq / s.factor, invFreq);
    const at::Tensor smooth =
        (at::reciprocal(wavelen) * oldContext - s.lowFreqFactor) / (s.highFreqFactor - s.lowFreqFactor);
    const at::Tensor smoothed = at::rsub(smooth, 1) * scaled / s.factor + smooth * scaled;
    const at::Tensor medium =
        at::logical_not(wavelen < highFreqWavelen) & at::logical_not(wavelen > lowFreqWavelen);
    return at::where(medium, smoothed, scaled);
}

at::Tensor rotateHalf(const at::Tensor& x)
{
    const int64_t half = x.size(-1) / 2;
    return at::cat({x.narrow(-1, half, half).neg(), x.narrow(-1, 0, half)}, -1);
}

} // namespace

at::Tensor ropeInverseFrequencies(const ModelConfig& config)
{
    const int64_t dim = config.rotaryDim();
    const at::Tensor exponents = at::arange(0, dim, 2, at::kLong).to(at::kFloat) / static_cast<double>(dim);
    at::Tensor invFreq = at::reciprocal(at::pow(config.ropeTheta, exponents));
    if (config.ropeScaling.type == "linear")
        invFreq = invFreq / config.ropeScaling.factor;
    else if (config.ropeScaling.type == "llama3")
        invFreq = llama3Scaled(invFreq, config.ropeScaling);
    return invFreq;
}

ModelConfig localRopeConfig(const ModelConfig& config)
{
    ModelConfig local = config;
    local.ropeTheta = config.ropeLocalTheta;
    local.ropeScaling = {};
    return local;
}

Rotary::Rotary(const ModelConfig& config, at::Device device)
    : m_invFreq(ropeInverseFrequencies(config).to(device)), m_rotaryDim(config.rotaryDim())
{
}

Rotary::Table Rotary::table(int64_t start, int64_t count, at::ScalarType dtype) const
{
    const at::Tensor positions =
        at::arange(start, start + count, m_invFreq.options().dtype(at::kLong)).to(at::kFloat);
    const at::Tensor freqs = at::outer(positions, m_invFreq);
    const at::Tensor angles = at::cat({freqs, freqs}, -1);
    return {angles.cos().to(dtype), angles.sin().to(dtype)};
}

at::Tensor Rotary::apply(const at::Tensor& x, const Table& table) const
{
    if (m_rotaryDim == x.size(-1))
        return x * table.cos + rotateHalf(x) * table.sin;
    const at::Tensor rot = x.narrow(-1, 0, m_rotaryDim);
    const at::Tensor pass = x.narrow(-1, m_rotaryDim, x.size(-1) - m_rotaryDim);
    return at::cat({rot * table.cos + rotateHalf(rot) * table.sin, pass}, -1);
}

} // namespace interlens
