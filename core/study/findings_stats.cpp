#include "study/findings_stats.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

namespace interlens {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double median(std::vector<double> values)
{
    if (values.empty())
        return kNaN;
    std::sort(values.begin(), values.end());
    const std::size_t h = values.size() / 2;
    return values.size() % 2 ? values[h] : 0.5 * (values[h - 1] + values[h]);
}

double normalTwoSided(double z)
{
    return std::erfc(std::abs(z) / std::sqrt(2.0));
}

} // namespace

std::vector<double> bootstrapReplicates(std::size_t units, int resamples, std::uint64_t seed,
                                        const std::function<double(const std::vector<double>&)>& statistic)
{
    std::vector<double> out;
    if (units == 0)
        return out;
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<std::size_t> pick(0, units - 1);
    std::vector<double> counts(units);
    for (int r = 0; r < resamples; ++r) {
        std::fill(counts.begin(), counts.end(), 0.0);
        for (std::size_t k = 0; k < units; ++k)
            counts[pick(rng)] += 1.0;
        const double value = statistic(counts);
        if (!std::isnan(value))
            out.push_back(value);
    }
    return out;
}

std::pair<double, double> percentileInterval(std::vector<double> replicates, double level)
{
    if (replicates.empty())
        return {kNaN, kNaN};
    std::sort(replicates.begin(), replicates.end());
    const auto at = [&](double q) {
        const double position = q * static_cast<double>(replicates.size() - 1);
        const auto lo = static_cast<std::size_t>(std::floor(position));
        const std::size_t hi = std::min(lo + 1, replicates.size() - 1);
        return replicates[lo] + (position - static_cast<double>(lo)) * (replicates[hi] - replicates[lo]);
    };
    const double q = (1.0 - level) / 2.0;
    return {at(q), at(1.0 - q)};
}

PermutationResult permutationTest(const std::vector<int>& labels,
                                  const std::function<double(const std::vector<int>&)>& statistic,
                                  std::size_t maxExact, std::size_t random, std::uint64_t seed)
{
    PermutationResult result;
    result.observed = statistic(labels);
    // The movable items and their labels; relabellings permute these labels among those items.
    std::vector<std::size_t> movable;
    std::vector<int> pool;
    for (std::size_t k = 0; k < labels.size(); ++k)
        if (labels[k] >= 0) {
            movable.push_back(k);
            pool.push_back(labels[k]);
        }
    std::sort(pool.begin(), pool.end());
    // Number of distinct relabellings: a multinomial coefficient (stop counting past maxExact).
    double distinct = 1.0;
    {
        std::size_t placed = 0;
        for (std::size_t k = 0; k < pool.size();) {
            std::size_t run = 0;
            while (k + run < pool.size() && pool[k + run] == pool[k])
                ++run;
            for (std::size_t r = 1; r <= run; ++r)
                distinct = distinct * static_cast<double>(placed + r) / static_cast<double>(r);
            placed += run;
            k += run;
        }
    }
    const auto relabel = [&](const std::vector<int>& assignment) {
        std::vector<int> full = labels;
        for (std::size_t k = 0; k < movable.size(); ++k)
            full[movable[k]] = assignment[k];
        return full;
    };
    const double tolerance = 1e-12;
    std::size_t atLeast = 0;
    if (distinct <= static_cast<double>(maxExact)) {
        std::vector<int> assignment = pool; // sorted: the first permutation
        do {
            ++result.permutations;
            if (statistic(relabel(assignment)) >= result.observed - tolerance)
                ++atLeast;
        } while (std::next_permutation(assignment.begin(), assignment.end()));
        result.exact = true;
        result.p = static_cast<double>(atLeast) / static_cast<double>(result.permutations);
        result.smallestP = 1.0 / static_cast<double>(result.permutations);
    } else {
        std::mt19937_64 rng(seed);
        std::vector<int> assignment = pool;
        for (std::size_t r = 0; r < random; ++r) {
            std::shuffle(assignment.begin(), assignment.end(), rng);
            if (statistic(relabel(assignment)) >= result.observed - tolerance)
                ++atLeast;
        }
        result.exact = false;
        result.permutations = random;
        result.p = static_cast<double>(1 + atLeast) / static_cast<double>(1 + random);
        result.smallestP = 1.0 / static_cast<double>(1 + random);
    }
    return result;
}

WilcoxonResult wilcoxonSignedRank(std::span<const double> differences)
{
    WilcoxonResult r;
    r.medianDifference = median({differences.begin(), differences.end()});
    std::vector<double> d;
    for (double x : differences)
        if (x != 0.0 && !std::isnan(x))
            d.push_back(x);
    r.n = d.size();
    if (r.n == 0) {
        r.p = 1.0;
        return r;
    }
    std::vector<std::size_t> order(r.n);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return std::abs(d[a]) < std::abs(d[b]); });
    // Doubled average ranks (integers even with ties) and the tie correction Σ (t³ - t).
    std::vector<long long> doubledRank(r.n);
    double tieTerm = 0.0;
    for (std::size_t k = 0; k < r.n;) {
        std::size_t run = 1;
        while (k + run < r.n && std::abs(d[order[k + run]]) == std::abs(d[order[k]]))
            ++run;
        const auto doubled =
            static_cast<long long>(2 * k + run + 1); // (k+1 + k+run) = twice the average rank
        for (std::size_t j = 0; j < run; ++j)
            doubledRank[order[k + j]] = doubled;
        const double t = static_cast<double>(run);
        tieTerm += t * t * t - t;
        k += run;
    }
    long long plusDoubled = 0;
    for (std::size_t k = 0; k < r.n; ++k)
        if (d[k] > 0.0)
            plusDoubled += doubledRank[k];
    const double n = static_cast<double>(r.n);
    const double total = n * (n + 1.0) / 2.0;
    r.wPlus = static_cast<double>(plusDoubled) / 2.0;
    r.wMinus = total - r.wPlus;
    r.statistic = std::min(r.wPlus, r.wMinus);
    r.rankBiserial = (r.wPlus - r.wMinus) / total;
    const double mean = total / 2.0;
    const double variance = n * (n + 1.0) * (2.0 * n + 1.0) / 24.0 - tieTerm / 48.0;
    const double deviation = std::abs(r.wPlus - mean);
    r.z = variance > 0.0
              ? (r.wPlus > mean ? 1.0 : -1.0) * std::max(0.0, deviation - 0.5) / std::sqrt(variance)
              : 0.0;
    if (r.n <= 25) {
        // Exact: the distribution of the doubled W+ when each rank's sign is + or - with probability 1/2.
        const long long maxSum = static_cast<long long>(r.n * (r.n + 1));
        std::vector<double> counts(static_cast<std::size_t>(maxSum + 1), 0.0);
        counts[0] = 1.0;
        long long reach = 0;
        for (long long rank : doubledRank) {
            for (long long s = reach; s >= 0; --s)
                if (counts[static_cast<std::size_t>(s)] != 0.0)
                    counts[static_cast<std::size_t>(s + rank)] += counts[static_cast<std::size_t>(s)];
            reach += rank;
        }
        const double all = std::ldexp(1.0, static_cast<int>(r.n));
        double lower = 0.0, upper = 0.0;
        for (long long s = 0; s <= maxSum; ++s) {
            if (s <= plusDoubled)
                lower += counts[static_cast<std::size_t>(s)];
            if (s >= plusDoubled)
                upper += counts[static_cast<std::size_t>(s)];
        }
        r.exact = true;
        r.p = std::min(1.0, 2.0 * std::min(lower, upper) / all);
    } else {
        r.exact = false;
        r.p = variance > 0.0 ? std::min(1.0, normalTwoSided(r.z)) : 1.0;
    }
    return r;
}

} // namespace interlens
