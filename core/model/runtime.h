#pragma once

#include <ATen/ATen.h>

#include <string>

namespace interlens {

// Where and in which precision models run. Chosen at run time: CUDA with bfloat16 (float16 where bf16 is not
// supported) when libtorch has a GPU, else CPU float32. Log-softmax always runs in float32.
struct ComputeDevice
{
    at::Device device = at::kCPU;
    at::ScalarType dtype = at::kFloat;
    std::string describe() const;
};

// Sets libtorch's intra-op threads to the machine's core count (Debian's build defaults to 1). Idempotent.
void initRuntime();

// "auto" (GPU if available), "cpu" or "cuda[:N]"; dtype "auto", "float32", "bfloat16" or "float16".
// Throws InputError for unknown names or a GPU request without one.
ComputeDevice chooseDevice(const std::string& device = "auto", const std::string& dtype = "auto");

} // namespace interlens
