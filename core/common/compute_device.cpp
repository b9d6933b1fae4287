#include "common/compute_device.h"

#include "common/error.h"

#include <cctype>

namespace interlens {

std::string ComputeDevice::deviceName() const
{
    if (kind == DeviceKind::Cpu)
        return "cpu";
    return index < 0 ? std::string("cuda") : "cuda:" + std::to_string(index);
}

std::string ComputeDevice::describe() const
{
    return deviceName() + " " + precisionName(precision);
}

std::string precisionName(Precision precision)
{
    switch (precision) {
    case Precision::Float32:
        return "Float";
    case Precision::BFloat16:
        return "BFloat16";
    case Precision::Float16:
        return "Half";
    }
    return "Float";
}

namespace {

// "cuda" -> -1, "cuda:N" -> N; nullopt-like -2 for anything else.
int cudaIndex(const std::string& device)
{
    if (device == "cuda")
        return -1;
    const std::string prefix = "cuda:";
    if (device.rfind(prefix, 0) != 0 || device.size() == prefix.size() || device.size() > prefix.size() + 3)
        return -2;
    int index = 0;
    for (size_t i = prefix.size(); i < device.size(); ++i) {
        if (!std::isdigit(static_cast<unsigned char>(device[i])))
            return -2;
        index = index * 10 + (device[i] - '0');
    }
    return index;
}

} // namespace

ComputeDevice parseComputeDevice(const std::string& device, const std::string& dtype, bool cudaAvailable)
{
    ComputeDevice out;
    if (device == "auto") {
        if (cudaAvailable) {
            out.kind = DeviceKind::Cuda;
            out.index = 0;
        }
    } else if (device == "cpu") {
        out.kind = DeviceKind::Cpu;
    } else if (device.rfind("cuda", 0) == 0) {
        const int index = cudaIndex(device);
        if (index < -1)
            throw InputError("unknown device '" + device + "' (expected auto, cpu or cuda[:N])");
        if (!cudaAvailable)
            throw InputError("device '" + device + "' requested but this libtorch has no usable CUDA GPU");
        out.kind = DeviceKind::Cuda;
        out.index = index;
    } else {
        throw InputError("unknown device '" + device + "' (expected auto, cpu or cuda[:N])");
    }
    out.dtypeChosen = dtype != "auto";
    if (dtype == "auto") {
        // bf16 on GPUs keeps the range of float32; CPU stays float32 for exactness.
        out.precision = out.isCpu() ? Precision::Float32 : Precision::BFloat16;
    } else if (dtype == "float32") {
        out.precision = Precision::Float32;
    } else if (dtype == "bfloat16") {
        out.precision = Precision::BFloat16;
    } else if (dtype == "float16") {
        out.precision = Precision::Float16;
    } else {
        throw InputError("unknown dtype '" + dtype + "' (expected auto, float32, bfloat16 or float16)");
    }
    return out;
}

} // namespace interlens
