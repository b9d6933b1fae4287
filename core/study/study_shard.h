#pragma once

#include <cstdint>
#include <string>

namespace interlens {

// A deterministic slice of the prompts: shard i of N takes the prompts whose index ≡ i (mod N), so shards get
// near-equal shares of long and short prompts alike, and the union of all N shards is every prompt once.
struct StudyShard
{
    std::int64_t index = 0; // 0-based
    std::int64_t count = 1;

    bool contains(std::int64_t promptIndex) const { return promptIndex % count == index; }
    std::string describe() const { return std::to_string(index) + "/" + std::to_string(count); }
};

// "i/N" with 0 <= i < N; throws InputError naming the text otherwise.
StudyShard parseShard(const std::string& text);

// From a Slurm job array: i = SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN (0 when MIN is unset),
// N = SLURM_ARRAY_TASK_COUNT; 0/1 outside an array. Throws InputError for inconsistent values (an array with
// a step, e.g. --array=0-9:2, is refused: give --shard explicitly).
StudyShard shardFromEnvironment();

} // namespace interlens
