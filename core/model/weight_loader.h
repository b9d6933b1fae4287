#pragma once

#include "model/aten_device.h"
#include "model/checkpoint.h"
#include "model/layers.h"
#include "model/runtime.h"

#include <set>
#include <string>
#include <vector>

namespace interlens {

// Reads named weights from a checkpoint with their expected shapes and converts them to the compute device
// and dtype (low-precision weights are upcast, float32 weights may be rounded down on a GPU). Every weight is
// read chunk by chunk straight from the mapped shard into its final tensor (a slice of it for fused
// projections), so loading never holds a second copy of a weight: peak memory stays near the size of the
// loaded weights (BENCHMARKS.md "bigmodel"). Shape mismatches, non-float weights and NaN/infinite values are
// InputErrors naming the tensor and its file.
class WeightLoader
{
public:
    WeightLoader(const Checkpoint& checkpoint, const ComputeDevice& device);

    const ComputeDevice& device() const { return m_device; }
    bool contains(const std::string& name) const { return m_checkpoint.contains(name); }
    at::Tensor tensor(const std::string& name, const std::vector<int64_t>& shape) const;

    // nn.Linear at `prefix` (prefix.weight [out, in], optionally prefix.bias [out]).
    Linear linear(const std::string& prefix, int64_t out, int64_t in, bool bias) const;
    // Several nn.Linear stacked along the output dimension, e.g. q, k, v into one projection, each part read
    // into its rows of the one allocation. Biases, when asked for, must exist for every part.
    Linear stacked(const std::vector<std::string>& prefixes, const std::vector<int64_t>& outs, int64_t in,
                   bool bias) const;
    // GPT-2's Conv1D (weight stored [in, out]), transposed once here into the nn.Linear layout.
    Linear conv1d(const std::string& prefix, int64_t in, int64_t out) const;
    Norm norm(NormKind kind, const std::string& prefix, int64_t width, double eps) const;

    // An uninitialised tensor on the compute device and dtype, for a weight assembled by readRows().
    at::Tensor allocate(const std::vector<int64_t>& shape) const;
    // Rows [firstRow, firstRow + destination.size(0)) of `name`, which must have `shape`, into `destination`
    // (a contiguous slice of an allocate()d tensor): for weights stored in another row order.
    void readRows(const std::string& name, const std::vector<int64_t>& shape, int64_t firstRow,
                  const at::Tensor& destination) const;

    // Parameters read so far (each tensor counted once).
    int64_t parametersRead() const { return m_parametersRead; }

private:
    const Checkpoint& m_checkpoint;
    ComputeDevice m_device;
    mutable int64_t m_parametersRead = 0;
    mutable std::set<std::string> m_counted; // names already in m_parametersRead
};

} // namespace interlens
