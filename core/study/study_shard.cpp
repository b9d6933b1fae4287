#include "study/study_shard.h"

#include "common/error.h"

#include <cstdlib>

namespace interlens {

namespace {

bool parseInt(const std::string& text, std::int64_t& out)
{
    if (text.empty() || text.size() > 12)
        return false;
    for (char c : text)
        if (c < '0' || c > '9')
            return false;
    out = std::stoll(text);
    return true;
}

std::string env(const char* name)
{
    const char* value = std::getenv(name);
    return value ? std::string(value) : std::string();
}

} // namespace

StudyShard parseShard(const std::string& text)
{
    const std::size_t slash = text.find('/');
    StudyShard shard;
    if (slash == std::string::npos || !parseInt(text.substr(0, slash), shard.index) ||
        !parseInt(text.substr(slash + 1), shard.count) || shard.count < 1 || shard.index >= shard.count)
        throw InputError("--shard: \"" + text + "\" is not i/N with 0 <= i < N (e.g. 0/4)");
    return shard;
}

StudyShard shardFromEnvironment()
{
    const std::string id = env("SLURM_ARRAY_TASK_ID");
    const std::string count = env("SLURM_ARRAY_TASK_COUNT");
    if (id.empty() || count.empty())
        return {};
    std::int64_t taskId = 0, taskCount = 0, taskMin = 0, taskMax = 0;
    const std::string min = env("SLURM_ARRAY_TASK_MIN");
    const std::string max = env("SLURM_ARRAY_TASK_MAX");
    if (!parseInt(id, taskId) || !parseInt(count, taskCount) || (!min.empty() && !parseInt(min, taskMin)) ||
        (!max.empty() && !parseInt(max, taskMax)) || taskCount < 1)
        throw InputError("Slurm array variables are not whole numbers (SLURM_ARRAY_TASK_ID=" + id +
                         ", SLURM_ARRAY_TASK_COUNT=" + count + "); give --shard i/N");
    StudyShard shard{taskId - taskMin, taskCount};
    if (shard.index < 0 || shard.index >= shard.count || (!max.empty() && taskMax - taskMin + 1 != taskCount))
        throw InputError("the Slurm array is not contiguous (SLURM_ARRAY_TASK_ID=" + id + ", MIN=" + min +
                         ", MAX=" + max + ", COUNT=" + count + "): use --array=0-(N-1) or give --shard i/N");
    return shard;
}

} // namespace interlens
