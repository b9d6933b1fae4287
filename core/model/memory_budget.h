#pragma once

#include "model/aten_device.h"
#include "model/checkpoint.h"
#include "model/runtime.h"

#include <cstdint>
#include <string>

// Whether a checkpoint fits in the CPU's memory, asked by loadCausalLM() before any weight is read, so that a
// model too big for the machine is refused with numbers instead of being killed by the kernel half-way.
namespace interlens {

// Bytes this process may still allocate: MemAvailable of /proc/meminfo, lowered to the room left under a
// cgroup v2 memory.max where one is set. INTERLENS_MEMORY_LIMIT (bytes, or a number with a K, M or G suffix)
// replaces it (to leave room for others on a shared machine, and for tests). -1 when unknown.
int64_t availableMemoryBytes();

// What a checkpoint takes once loaded in `dtype`: its weights in that dtype plus a working margin for
// activations, KV caches, the loader's one chunk in flight and the runtime itself (10 % of the weights, at
// least 512 MiB; the loader reads every weight straight into its final tensor, see WeightLoader).
struct MemoryNeed
{
    int64_t weights = 0;
    int64_t working = 0;
    int64_t total() const { return weights + working; }
};
MemoryNeed memoryNeed(const Checkpoint::Contents& contents, at::ScalarType dtype);

// The device to load with on the CPU: `requested` when it fits. When it does not and the dtype was left to
// Interlens (ComputeDevice::dtypeChosen false), bfloat16 where that fits, with a warning; otherwise an
// InputError naming the folder with the bytes needed and the bytes available. GPU devices are returned as
// they are.
ComputeDevice fitToMemory(const Checkpoint& checkpoint, const ComputeDevice& requested);

// "14.2 GiB"
std::string formatBytes(int64_t bytes);

} // namespace interlens
