#pragma once

#include <cstddef>
#include <functional>
#include <utility>
#include <vector>

namespace interlens::sparsify_detail {

// The joint exact form starts its master from each model's own optimum (sparsify_exact.cpp, seedFromSingles).
// A study meets every model once per partner on the same prompt, so the same single problem came back once
// per pair (4 times with 5 models), and on dense games it is half a joint extraction's time. This cache keeps
// the most recent seeds, keyed by the exact inputs (the game bit for bit, its q bound and the solver limits),
// and lets concurrent callers wait for one computation instead of repeating it. The seed only chooses where
// the joint master starts; results are identical with or without it.

struct SingleSeed
{
    std::vector<std::pair<bool, std::size_t>> blocks; // (isAnd, set) of the single optimum's support
    std::vector<std::pair<std::size_t, double>> rows; // (set, side) of its rows with a positive multiplier
};

struct SingleSeedKey
{
    std::vector<double> v;
    double qBound = 0.0, tolerance = 0.0;
    int maxIterations = 0;
    bool operator==(const SingleSeedKey&) const = default;
};

// The seed for `key`, from the cache or computed by `compute` (a throwing computation is not kept).
SingleSeed cachedSingleSeed(const SingleSeedKey& key, const std::function<SingleSeed()>& compute);

} // namespace interlens::sparsify_detail
