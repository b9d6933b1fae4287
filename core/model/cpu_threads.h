#pragma once

namespace interlens {

// OpenBLAS's own thread count (Debian's libtorch BLAS), found through dlsym so that other BLAS libraries (or
// a CUDA build) are unaffected: blasThreads() is 0 and setBlasThreads() does nothing without OpenBLAS.
int blasThreads();
void setBlasThreads(int threads);

// libtorch's intra-op thread count (at::get_num_threads / at::set_num_threads), for layers that do not parse
// libtorch's headers. setLibtorchThreads ignores counts below 1.
int libtorchThreads();
void setLibtorchThreads(int threads);

// Sets libtorch's intra-op threads and OpenBLAS's threads to `threads` for its lifetime, then restores both.
// For running independent computations side by side on one thread each (a study's prompts): a small model's
// many small operations gain little from intra-op threads and pay their hand-offs. The settings are
// process-wide (threads started inside the scope inherit them): open it on one thread, around the workers.
class CpuThreadsScope
{
public:
    explicit CpuThreadsScope(int threads);
    ~CpuThreadsScope();
    CpuThreadsScope(const CpuThreadsScope&) = delete;
    CpuThreadsScope& operator=(const CpuThreadsScope&) = delete;

private:
    int m_torchThreads = 1;
    int m_blasThreads = 0;
};

} // namespace interlens
