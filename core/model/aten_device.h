#pragma once

// The one place where Interlens's plain device/precision value (common/compute_device.h) meets libtorch's
// types. Only core/model and core/train include this.

#include "common/compute_device.h"

#include <ATen/ATen.h>

namespace interlens {

inline at::ScalarType atDtype(Precision precision)
{
    switch (precision) {
    case Precision::Float32:
        return at::kFloat;
    case Precision::BFloat16:
        return at::kBFloat16;
    case Precision::Float16:
        return at::kHalf;
    }
    return at::kFloat;
}

inline at::ScalarType atDtype(const ComputeDevice& device)
{
    return atDtype(device.precision);
}

inline at::Device atDevice(const ComputeDevice& device)
{
    if (device.isCpu())
        return at::Device(at::kCPU);
    return at::Device(at::kCUDA, static_cast<c10::DeviceIndex>(device.index));
}

} // namespace interlens
