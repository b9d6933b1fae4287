#include "interactions/metrics_sparsity.h"

#include "common/error.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <string>

namespace interlens {

namespace {

std::vector<double> sortedAbs(const ModelPrompt& p)
{
    std::vector<double> out;
    out.reserve(2 * p.iAnd.size());
    for (double x : p.iAnd)
        out.push_back(std::abs(x));
    for (double x : p.iOr)
        out.push_back(std::abs(x));
    std::sort(out.begin(), out.end(), std::greater<>());
    return out;
}

// Masks of the k largest |values|, sorted by mask.
std::vector<std::uint32_t> topMasks(const std::vector<double>& values, std::size_t k)
{
    std::vector<std::uint32_t> order(values.size());
    for (std::uint32_t m = 0; m < order.size(); ++m)
        order[m] = m;
    k = std::min(k, order.size());
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k), order.end(),
                      [&](std::uint32_t a, std::uint32_t b) {
                          const double x = std::abs(values[a]), y = std::abs(values[b]);
                          return x != y ? x > y : a < b;
                      });
    order.resize(k);
    std::sort(order.begin(), order.end());
    return order;
}

std::size_t commonCount(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b)
{
    std::size_t n = 0;
    for (std::size_t i = 0, j = 0; i < a.size() && j < b.size();) {
        if (a[i] == b[j]) {
            ++n;
            ++i;
            ++j;
        } else if (a[i] < b[j]) {
            ++i;
        } else {
            ++j;
        }
    }
    return n;
}

} // namespace

SparsityCurve sparsityCurveOf(std::span<const ModelPrompt> prompts, double ratio)
{
    checkedPlayerCount(prompts, "sparsity curve");
    if (!std::isfinite(ratio) || ratio < 0.0)
        throw InputError("sparsity curve: ratio " + std::to_string(ratio) + " must be a finite number >= 0");
    SparsityCurve c;
    const std::size_t ranks = 2 * prompts.front().iAnd.size();
    std::vector<double> sum(ranks, 0.0), sumSq(ranks, 0.0);
    for (const ModelPrompt& p : prompts) {
        const std::vector<double> s = sortedAbs(p);
        c.pooledSorted.insert(c.pooledSorted.end(), s.begin(), s.end());
        const double hi = s.front(), lo = s.back();
        for (std::size_t r = 0; r < ranks; ++r) {
            const double x = hi > lo ? (s[r] - lo) / (hi - lo) : 0.0;
            sum[r] += x;
            sumSq[r] += x * x;
        }
    }
    std::sort(c.pooledSorted.begin(), c.pooledSorted.end(), std::greater<>());
    c.max = c.pooledSorted.front();
    c.threshold = ratio * c.max;
    c.countAbove = static_cast<std::size_t>(std::count_if(c.pooledSorted.begin(), c.pooledSorted.end(),
                                                          [&](double x) { return x > c.threshold; }));
    const double p = static_cast<double>(prompts.size());
    for (std::size_t r = 0; r < ranks; ++r) {
        const double mean = sum[r] / p;
        c.rankMean.push_back(mean);
        c.rankStd.push_back(std::sqrt(std::max(0.0, sumSq[r] / p - mean * mean)));
    }
    return c;
}

std::vector<double> defaultTransferFractions()
{
    return {0.05, 0.10, 0.15, 0.20, 0.25, 0.30, 0.35, 0.40, 0.45};
}

std::vector<TransferPoint> topKTransfer(std::span<const ModelPrompt> a, std::span<const ModelPrompt> b,
                                        std::span<const double> fractions)
{
    if (a.size() != b.size())
        throw InputError("top-K transfer: model A has " + std::to_string(a.size()) +
                         " prompts, model B has " + std::to_string(b.size()));
    const int n = checkedPlayerCount(a, "top-K transfer model A");
    if (checkedPlayerCount(b, "top-K transfer model B") != n)
        throw InputError("top-K transfer: the two models have different n");
    const std::size_t size = std::size_t{1} << n;
    std::vector<TransferPoint> out;
    for (double t : fractions) {
        if (!(t >= 0.0 && t <= 1.0))
            throw InputError("top-K transfer: fraction " + std::to_string(t) + " must lie in [0, 1]");
        TransferPoint pt;
        pt.fraction = t;
        pt.k = static_cast<std::size_t>(static_cast<double>(size) * t); // Python's int(2^n * t)
        if (pt.k > 0) {
            for (std::size_t x = 0; x < a.size(); ++x) {
                pt.andOverlap +=
                    static_cast<double>(commonCount(topMasks(a[x].iAnd, pt.k), topMasks(b[x].iAnd, pt.k)));
                pt.orOverlap +=
                    static_cast<double>(commonCount(topMasks(a[x].iOr, pt.k), topMasks(b[x].iOr, pt.k)));
            }
            const double denom = static_cast<double>(pt.k) * static_cast<double>(a.size());
            pt.andOverlap /= denom;
            pt.orOverlap /= denom;
        }
        out.push_back(pt);
    }
    return out;
}

} // namespace interlens
