#include "model/runtime.h"

#include "common/error.h"

#include <ATen/Parallel.h>
#include <ATen/Context.h>

#include <mutex>
#include <thread>

namespace interlens {

std::string ComputeDevice::describe() const
{
    return device.str() + " " + std::string(c10::toString(dtype));
}

void initRuntime()
{
    static std::once_flag once;
    std::call_once(once, [] {
        const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
        at::set_num_threads(static_cast<int>(cores));
    });
}

namespace {
bool cudaAvailable()
{
    return at::hasCUDA();
}
} // namespace

ComputeDevice chooseDevice(const std::string& device, const std::string& dtype)
{
    initRuntime();
    ComputeDevice out;
    if (device == "auto") {
        out.device = cudaAvailable() ? at::Device(at::kCUDA, 0) : at::Device(at::kCPU);
    } else if (device == "cpu") {
        out.device = at::kCPU;
    } else if (device.rfind("cuda", 0) == 0) {
        if (!cudaAvailable())
            throw InputError("device '" + device + "' requested but this libtorch has no usable CUDA GPU");
        out.device = at::Device(device);
    } else {
        throw InputError("unknown device '" + device + "' (expected auto, cpu or cuda[:N])");
    }
    if (dtype == "auto") {
        // bf16 on GPUs that support it keeps the range of float32; CPU stays float32 for exactness.
        out.dtype = out.device.is_cuda() ? at::kBFloat16 : at::kFloat;
    } else if (dtype == "float32") {
        out.dtype = at::kFloat;
    } else if (dtype == "bfloat16") {
        out.dtype = at::kBFloat16;
    } else if (dtype == "float16") {
        out.dtype = at::kHalf;
    } else {
        throw InputError("unknown dtype '" + dtype + "' (expected auto, float32, bfloat16 or float16)");
    }
    return out;
}

} // namespace interlens
