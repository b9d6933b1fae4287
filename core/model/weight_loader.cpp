#include "model/weight_loader.h"

#include "common/error.h"

namespace interlens {

WeightLoader::WeightLoader(const Checkpoint& checkpoint, const ComputeDevice& device)
    : m_checkpoint(checkpoint), m_device(device)
{
}

at::Tensor WeightLoader::allocate(const std::vector<int64_t>& shape) const
{
    return at::empty(shape, at::TensorOptions().device(atDevice(m_device)).dtype(atDtype(m_device)));
}

void WeightLoader::readRows(const std::string& name, const std::vector<int64_t>& shape, int64_t firstRow,
                            const at::Tensor& destination) const
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
    if (m_counted.insert(name).second)
        m_parametersRead += c10::multiply_integers(shape);
    // A NaN or infinite weight makes every output NaN: predict would report "prob": null as a success.
    // Checked on each chunk as stored, before any conversion could hide or create one.
    int64_t nonFinite = 0;
    m_checkpoint.readRowsInto(name, firstRow, destination, [&](const at::Tensor& chunk) {
        if (!at::isfinite(chunk).all().item<bool>())
            nonFinite += at::logical_not(at::isfinite(chunk)).sum().item<int64_t>();
    });
    if (nonFinite > 0)
        throw InputError(fileMessage(m_checkpoint.fileOf(name), "weight '" + name + "' holds " +
                                                                    std::to_string(nonFinite) +
                                                                    " NaN or infinite values"));
}

at::Tensor WeightLoader::tensor(const std::string& name, const std::vector<int64_t>& shape) const
{
    at::Tensor out = allocate(shape);
    readRows(name, shape, 0, out.dim() == 0 ? out.view({1}) : out);
    return out;
}

Linear WeightLoader::linear(const std::string& prefix, int64_t out, int64_t in, bool bias) const
{
    return {tensor(prefix + ".weight", {out, in}), bias ? tensor(prefix + ".bias", {out}) : at::Tensor()};
}

Linear WeightLoader::stacked(const std::vector<std::string>& prefixes, const std::vector<int64_t>& outs,
                             int64_t in, bool bias) const
{
    int64_t rows = 0;
    for (const int64_t out : outs)
        rows += out;
    Linear fused{allocate({rows, in}), bias ? allocate({rows}) : at::Tensor()};
    int64_t row = 0;
    for (size_t i = 0; i < prefixes.size(); ++i) {
        readRows(prefixes[i] + ".weight", {outs[i], in}, 0, fused.weight.narrow(0, row, outs[i]));
        if (bias)
            readRows(prefixes[i] + ".bias", {outs[i]}, 0, fused.bias.narrow(0, row, outs[i]));
        row += outs[i];
    }
    return fused;
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
