#pragma once

// No libtorch headers here: ui/, app/ and core/ above core/model include this.
#include "common/compute_device.h"

#include <string>

namespace interlens {

// Sets libtorch's intra-op threads to the machine's core count (Debian's build defaults to 1). Idempotent.
void initRuntime();

// libgomp (ATen's OpenMP) reads OMP_WAIT_POLICY once, when the program is loaded, and by default lets idle
// workers spin after every parallel region. Between ATen's many small regions they spin almost all the time,
// taking the cores from OpenBLAS's own threads and from other processes: on the 2-core VM with a build
// running beside it, stories260K lab-style scoring took 8.4 s spinning and 0.42 s passive. A setenv() in
// main() comes too late (and one in .preinit_array is undone by libc's initialiser), so when neither
// OMP_WAIT_POLICY nor GOMP_SPINCOUNT is set this sets OMP_WAIT_POLICY=PASSIVE and re-executes the program
// with the same arguments. Call it first thing in main(); a value the user set wins.
void reexecWithPassiveOpenMp(char** argv);

// "auto" (GPU if available), "cpu" or "cuda[:N]"; dtype "auto", "float32", "bfloat16" or "float16"
// (parseComputeDevice() with this libtorch's CUDA). Throws InputError for unknown names or a GPU request
// without one.
ComputeDevice chooseDevice(const std::string& device = "auto", const std::string& dtype = "auto");

} // namespace interlens
