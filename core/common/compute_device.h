#pragma once

#include <string>

namespace interlens {

enum class DeviceKind { Cpu, Cuda };

// The compute dtype of a model's weights and activations. Log-softmax always runs in float32.
enum class Precision { Float32, BFloat16, Float16 };

// Where and in which precision models run, as a plain value: layers above core/model pass it around without
// parsing libtorch's headers; core/model converts it (model/aten_device.h). Chosen at run time by
// chooseDevice() (model/runtime.h): CUDA with bfloat16 when libtorch has a GPU, else CPU float32.
struct ComputeDevice
{
    DeviceKind kind = DeviceKind::Cpu;
    int index = -1; // the CUDA device; -1 = libtorch's current one ("cuda" without ":N")
    Precision precision = Precision::Float32;
    // False when the dtype was left to Interlens ("auto"): loadCausalLM() may then compute a model that does
    // not fit in the CPU's memory in float32 in bfloat16 instead (memory_budget.h).
    bool dtypeChosen = false;

    bool isCpu() const { return kind == DeviceKind::Cpu; }
    // "cpu", "cuda" or "cuda:N", as libtorch's Device::str() spells it.
    std::string deviceName() const;
    // "cpu Float", "cuda:0 BFloat16": device and precision names (the GUI's model cache keys on it).
    std::string describe() const;

    bool operator==(const ComputeDevice&) const = default;
};

// libtorch's name of the precision's scalar type ("Float", "BFloat16", "Half"), as session files, study files
// and cache keys have always recorded it.
std::string precisionName(Precision precision);

// The command line's names: device "auto" (CUDA when `cudaAvailable`), "cpu", "cuda" or "cuda:N"; dtype
// "auto" (bfloat16 on CUDA, float32 on the CPU), "float32", "bfloat16" or "float16". Throws InputError for
// unknown names and for a CUDA request without a GPU.
ComputeDevice parseComputeDevice(const std::string& device, const std::string& dtype, bool cudaAvailable);

} // namespace interlens
