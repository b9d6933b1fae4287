#include "model/weight_loader.h"

#include "common/error.h"

namespace interlens {

WeightLoader::WeightLoader(const Checkpoint& checkpoint, const ComputeDevice& device)
    : m_checkpoint(checkpoint), m_device(device)
{
}

at::Tensor WeightLoader::tensor(const std::string& name, const std::vector<int64_t>& shape) const
{
    const SafetensorsEntry& entry = m_checkpoint.entry(name);
    if (entry.shape != shape)
        throw InputError(fileMessage(m_checkpoint.fileOf(name), "tensor '" + name + "' has shape " +
                                                                    c10::str(at::IntArrayRef(entry.shape)) +
                                                                    ", expected " +
                                                                    c10::str(at::IntArrayRef(shape))));
    if (!at::isFloatingType(entry.dtype))
        throw InputError(fileMessage(m_checkpoint.fileOf(name), "weight '" + name + "' has non-float dtype " +
                                                                    safetensorsDtypeName(entry.dtype)));
    m_parametersRead += c10::multiply_integers(shape);
    const at::Tensor stored = m_checkpoint.read(name);
    // A NaN or infinite weight makes every output NaN: predict would report "prob": null as a success.
    if (!at::isfinite(stored).all().item<bool>())
        throw InputError(
            fileMessage(m_checkpoint.fileOf(name),
                        "weight '" + name + "' holds " +
                            std::to_string(at::logical_not(at::isfinite(stored)).sum().item<int64_t>()) +
                            " NaN or infinite values"));
    return stored.to(m_device.device, m_device.dtype).contiguous();
}

Linear WeightLoader::linear(const std::string& prefix, int64_t out, int64_t in, bool bias) const
{
    return {tensor(prefix + ".weight", {out, in}), bias ? tensor(prefix + ".bias", {out}) : at::Tensor()};
}

Linear WeightLoader::stacked(const std::vector<std::string>& prefixes, const std::vector<int64_t>& outs,
                             int64_t in, bool bias) const
{
    std::vector<at::Tensor> weights, biases;
    for (size_t i = 0; i < prefixes.size(); ++i) {
        const Linear part = linear(prefixes[i], outs[i], in, bias);
        weights.push_back(part.weight);
        if (bias)
            biases.push_back(part.bias);
    }
    return {at::cat(weights, 0), bias ? at::cat(biases, 0) : at::Tensor()};
}

Linear WeightLoader::conv1d(const std::string& prefix, int64_t in, int64_t out) const
{
    return {tensor(prefix + ".weight", {in, out}).t().contiguous(), tensor(prefix + ".bias", {out})};
}

Norm WeightLoader::norm(NormKind kind, const std::string& prefix, int64_t width, double eps) const
{
    Norm n;
    n.kind = kind;
    n.eps = eps;
    n.weight = tensor(prefix + ".weight", {width});
    if (kind == NormKind::LayerNorm)
        n.bias = tensor(prefix + ".bias", {width});
    return n;
}

} // namespace interlens
