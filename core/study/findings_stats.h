#pragma once

// The statistics behind `interlens findings`: percentile bootstrap over units (prompts), a group-label
// permutation test, and the Wilcoxon signed-rank test for paired differences. Plain numbers in, plain numbers
// out; every random draw comes from one seeded std::mt19937_64, so results repeat exactly for a seed.

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace interlens {

// `resamples` bootstrap replicates of a statistic over `units` units: each replicate draws `units` units with
// replacement and passes their multiplicities (one count per unit, summing to `units`) to `statistic`.
// Replicates where the statistic is NaN (undefined on that resample) are dropped.
std::vector<double> bootstrapReplicates(std::size_t units, int resamples, std::uint64_t seed,
                                        const std::function<double(const std::vector<double>&)>& statistic);

// The percentile interval [q, 1 - q] of the replicates, q = (1 - level) / 2 (linear interpolation between
// order statistics); {NaN, NaN} when there are none.
std::pair<double, double> percentileInterval(std::vector<double> replicates, double level = 0.95);

// One-sided permutation p-value of a statistic of a labelling: `labels[k]` is the group of item k (0..G-1; -1
// = in no group, never moved). Every distinct relabelling with the same group sizes is enumerated when there
// are at most `maxExact` of them (exact p, the observed labelling included), else `random` random ones (p =
// (1 + #{stat >= observed}) / (1 + random)). p = fraction of relabellings whose statistic is >= the observed
// one (up to 1e-12).
struct PermutationResult
{
    double observed = 0.0;
    double p = 1.0;
    std::size_t permutations = 0;
    bool exact = true;
    double smallestP = 1.0; // the smallest p this design can give (1 / number of relabellings when exact)
};

PermutationResult permutationTest(const std::vector<int>& labels,
                                  const std::function<double(const std::vector<int>&)>& statistic,
                                  std::size_t maxExact = 20000, std::size_t random = 20000,
                                  std::uint64_t seed = 0);

// Wilcoxon signed-rank test of paired differences against a zero median, two-sided. Zero differences are
// dropped (Wilcoxon's rule), tied |d| get average ranks. Exact null distribution for n <= 25 (enumerated over
// doubled ranks, so ties are exact too); above that the normal approximation with tie correction and a 0.5
// continuity correction. Effect size: matched-pairs rank-biserial r = (W+ - W-) / (W+ + W-) in [-1, 1].
struct WilcoxonResult
{
    std::size_t n = 0;  // non-zero differences
    double wPlus = 0.0; // sum of the ranks of positive differences
    double wMinus = 0.0;
    double statistic = 0.0; // min(W+, W-)
    double z = 0.0;         // normal approximation (also reported when exact)
    double p = 1.0;         // two-sided
    bool exact = true;
    double rankBiserial = 0.0;
    double medianDifference = 0.0; // of all differences given (zeros included)
};

WilcoxonResult wilcoxonSignedRank(std::span<const double> differences);

} // namespace interlens
