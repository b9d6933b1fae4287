#include "model/runtime.h"
#include "model/runtime_info.h"

#include "common/error.h"

#include <ATen/Context.h>
#include <ATen/Parallel.h>
#include <ATen/detail/CUDAHooksInterface.h>
#include <torch/version.h>

#include <malloc.h>
#include <unistd.h>

#include <cstdlib>

#include <mutex>
#include <thread>

namespace interlens {

void initRuntime()
{
    static std::once_flag once;
    std::call_once(once, [] {
        const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
        at::set_num_threads(static_cast<int>(cores));
#ifdef M_MMAP_MAX
        // A forward allocates and frees many large temporaries (a GPT-2-small MLP activation at batch 32 ×
        // 128 is 50 MB). glibc serves blocks above 32 MB with fresh mmap()s and unmaps them on free, so each
        // one is page-faulted in again: on the 2-core VM a 50 MB tensor cost 150 ms to allocate and fill, 1.4
        // ms from the heap; an at::linear ran at 54 instead of 88 GFLOP/s. Keep large blocks in the heap, and
        // return memory to the system only when more than 1 GiB is free at its top. Set
        // INTERLENS_SYSTEM_MALLOC=1 to keep glibc's defaults.
        const char* keep = std::getenv("INTERLENS_SYSTEM_MALLOC");
        if (!keep || !*keep) {
            mallopt(M_MMAP_MAX, 0);
            mallopt(M_TRIM_THRESHOLD, 1 << 30);
        }
#endif
    });
}

void reexecWithPassiveOpenMp(char** argv)
{
    if (std::getenv("OMP_WAIT_POLICY") || std::getenv("GOMP_SPINCOUNT"))
        return;
    setenv("OMP_WAIT_POLICY", "PASSIVE", 1);
    execv("/proc/self/exe", argv);
    // exec failed (no /proc): go on with libgomp's default, which is only slower.
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
    return parseComputeDevice(device, dtype, cudaAvailable());
}

std::string libtorchVersion()
{
    return TORCH_VERSION;
}

std::vector<std::string> availableDevices()
{
    initRuntime();
    std::vector<std::string> devices = {"cpu (" + std::to_string(at::get_num_threads()) + " threads)"};
    if (cudaAvailable())
        for (int i = 0; i < at::detail::getCUDAHooks().getNumGPUs(); ++i)
            devices.push_back("cuda:" + std::to_string(i));
    return devices;
}

} // namespace interlens
