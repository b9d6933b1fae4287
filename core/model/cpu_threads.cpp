#include "model/cpu_threads.h"

#include <ATen/Parallel.h>

#include <dlfcn.h>

#include <algorithm>

namespace interlens {

namespace {

using SetThreads = void (*)(int);
using GetThreads = int (*)();

SetThreads openBlasSet()
{
    static const auto set = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
    return set;
}

GetThreads openBlasGet()
{
    static const auto get = reinterpret_cast<GetThreads>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads"));
    return get;
}

} // namespace

int blasThreads()
{
    return openBlasSet() && openBlasGet() ? openBlasGet()() : 0;
}

void setBlasThreads(int threads)
{
    if (openBlasSet() && openBlasGet() && threads > 0)
        openBlasSet()(threads);
}

int libtorchThreads()
{
    return at::get_num_threads();
}

void setLibtorchThreads(int threads)
{
    if (threads > 0)
        at::set_num_threads(threads);
}

CpuThreadsScope::CpuThreadsScope(int threads)
    : m_torchThreads(at::get_num_threads()), m_blasThreads(blasThreads())
{
    at::set_num_threads(std::max(1, threads));
    setBlasThreads(threads);
}

CpuThreadsScope::~CpuThreadsScope()
{
    at::set_num_threads(m_torchThreads);
    setBlasThreads(m_blasThreads);
}

} // namespace interlens
