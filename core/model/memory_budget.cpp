#include "model/memory_budget.h"

#include "common/error.h"

#include <QtGlobal>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

namespace interlens {

namespace {

// "123", "512M", "20G" (binary units); -1 when malformed.
int64_t parseByteCount(std::string text)
{
    if (text.empty())
        return -1;
    int64_t unit = 1;
    switch (text.back()) {
    case 'K':
    case 'k':
        unit = int64_t{1} << 10;
        break;
    case 'M':
    case 'm':
        unit = int64_t{1} << 20;
        break;
    case 'G':
    case 'g':
        unit = int64_t{1} << 30;
        break;
    default:
        break;
    }
    if (unit != 1)
        text.pop_back();
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size() || !(value >= 0))
        return -1;
    return static_cast<int64_t>(value * static_cast<double>(unit));
}

// The first number of a one-line file (cgroup files), or -1 ("max", absent).
int64_t readNumberFile(const char* path)
{
    std::ifstream in(path);
    std::string word;
    if (!(in >> word) || word == "max")
        return -1;
    return parseByteCount(word);
}

int64_t memAvailable()
{
    std::ifstream in("/proc/meminfo");
    std::string key, unit;
    int64_t value = 0;
    while (in >> key >> value) {
        std::getline(in, unit);
        if (key == "MemAvailable:")
            return value * 1024; // reported in kB
    }
    return -1;
}

// The names --dtype takes.
std::string dtypeName(at::ScalarType dtype)
{
    return dtype == at::kFloat      ? "float32"
           : dtype == at::kBFloat16 ? "bfloat16"
           : dtype == at::kHalf     ? "float16"
                                    : c10::toString(dtype);
}

} // namespace

std::string formatBytes(int64_t bytes)
{
    char text[32];
    if (bytes < (int64_t{1} << 30))
        std::snprintf(text, sizeof text, "%.0f MiB", static_cast<double>(bytes) / double(int64_t{1} << 20));
    else
        std::snprintf(text, sizeof text, "%.1f GiB", static_cast<double>(bytes) / double(int64_t{1} << 30));
    return text;
}

int64_t availableMemoryBytes()
{
    if (const char* limit = std::getenv("INTERLENS_MEMORY_LIMIT"); limit && *limit) {
        const int64_t bytes = parseByteCount(limit);
        if (bytes < 0)
            throw InputError("INTERLENS_MEMORY_LIMIT=\"" + std::string(limit) +
                             "\" is not a byte count (e.g. 20G, 512M or 1073741824)");
        return bytes;
    }
    int64_t available = memAvailable();
    const int64_t cgroupMax = readNumberFile("/sys/fs/cgroup/memory.max");
    const int64_t cgroupUsed = readNumberFile("/sys/fs/cgroup/memory.current");
    if (cgroupMax > 0 && cgroupUsed >= 0) {
        const int64_t room = std::max<int64_t>(0, cgroupMax - cgroupUsed);
        available = available < 0 ? room : std::min(available, room);
    }
    return available;
}

MemoryNeed memoryNeed(const Checkpoint::Contents& contents, at::ScalarType dtype)
{
    MemoryNeed need;
    need.weights = contents.elements * static_cast<int64_t>(c10::elementSize(dtype));
    need.working = std::max<int64_t>(need.weights / 10, int64_t{512} << 20);
    return need;
}

ComputeDevice fitToMemory(const Checkpoint& checkpoint, const ComputeDevice& requested)
{
    if (!requested.isCpu())
        return requested;
    const int64_t available = availableMemoryBytes();
    if (available < 0)
        return requested;
    const Checkpoint::Contents contents = checkpoint.contents();
    const MemoryNeed need = memoryNeed(contents, atDtype(requested));
    if (need.total() <= available)
        return requested;
    const std::string stored = dtypeName(contents.mainDtype);
    auto describe = [&](const MemoryNeed& n, at::ScalarType dtype) {
        return formatBytes(n.total()) + " in " + dtypeName(dtype) + " (" + formatBytes(n.weights) +
               " of weights + " + formatBytes(n.working) + " working margin)";
    };
    const bool limited = std::getenv("INTERLENS_MEMORY_LIMIT") != nullptr;
    if (!requested.dtypeChosen && requested.precision != Precision::BFloat16) {
        const MemoryNeed half = memoryNeed(contents, at::kBFloat16);
        if (half.total() <= available) {
            ComputeDevice fitted = requested;
            fitted.precision = Precision::BFloat16;
            qWarning("%s: the model needs %s, more than the %s available; computing in bfloat16 instead (%s; "
                     "weights stored as %s; log-softmax stays float32). Give --dtype to choose.",
                     checkpoint.directory().c_str(), describe(need, atDtype(requested)).c_str(),
                     formatBytes(available).c_str(), describe(half, at::kBFloat16).c_str(), stored.c_str());
            return fitted;
        }
    }
    std::string message = "the model does not fit in memory: it needs " + describe(need, atDtype(requested));
    if (requested.precision != Precision::BFloat16)
        message += ", or " + describe(memoryNeed(contents, at::kBFloat16), at::kBFloat16);
    message += ", but " + formatBytes(available) + " is available (" +
               (limited ? "INTERLENS_MEMORY_LIMIT" : "MemAvailable and any cgroup limit") +
               "); the weights are stored as " + stored + " (" + formatBytes(contents.storedBytes) +
               "). Free memory, use a machine with more, or a smaller model";
    throw InputError(fileMessage(checkpoint.directory(), message));
}

} // namespace interlens
