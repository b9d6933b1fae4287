#include "interactions/metrics_order.h"

#include "common/error.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace interlens {

namespace {

// The lab indexes subsets by np.binary_repr (player 0 = MSB): its index is our mask bit-reversed over n bits.
std::uint32_t labIndex(std::uint32_t mask, int n)
{
    std::uint32_t r = 0;
    for (int j = 0; j < n; ++j)
        if (mask & (1u << j))
            r |= 1u << (n - 1 - j);
    return r;
}

void checkN(int n)
{
    if (n < 0 || n > 30)
        throw InputError("order statistics: n = " + std::to_string(n) + " players is out of range");
}

OrderStats zeroStats(int n)
{
    return {std::vector<double>(n + 1, 0.0), std::vector<double>(n + 1, 0.0)};
}

OrderStats oneType(const SalientSet& set, InteractionType type, int n, OrderStatKind kind)
{
    std::vector<std::pair<std::uint32_t, double>> entries;
    for (const SalientEntry& e : set)
        if (e.type == type) {
            if (e.mask >> n)
                throw InputError("order statistics: mask " + std::to_string(e.mask) +
                                 " has a player >= n = " + std::to_string(n));
            entries.emplace_back(labIndex(e.mask, n), e.value);
        }
    std::sort(entries.begin(), entries.end());
    OrderStats s = zeroStats(n);
    for (const auto& [lab, value] : entries) {
        const int k = orderOf(lab);
        if (value > 0.0)
            s.pos[k] += kind == OrderStatKind::Count ? 1.0 : value;
        else
            s.neg[k] += kind == OrderStatKind::Count ? -1.0 : value;
    }
    return s;
}

} // namespace

OrderStats orderStats(const SalientSet& set, int n, OrderStatKind kind)
{
    checkN(n);
    OrderStats a = oneType(set, InteractionType::And, n, kind);
    const OrderStats o = oneType(set, InteractionType::Or, n, kind);
    for (int k = 0; k <= n; ++k) {
        a.pos[k] += o.pos[k];
        a.neg[k] += o.neg[k];
    }
    return a;
}

OrderStats meanOrderStats(std::span<const OrderStats> perPrompt)
{
    if (perPrompt.empty())
        throw InputError("order statistics: no prompts to average");
    OrderStats sum = perPrompt.front();
    for (std::size_t x = 1; x < perPrompt.size(); ++x) {
        const OrderStats& s = perPrompt[x];
        if (s.pos.size() != sum.pos.size() || s.neg.size() != sum.neg.size())
            throw InputError("order statistics: prompt " + std::to_string(x) + " has " +
                             std::to_string(s.pos.size()) + " orders, prompt 0 has " +
                             std::to_string(sum.pos.size()));
        for (std::size_t k = 0; k < sum.pos.size(); ++k) {
            sum.pos[k] += s.pos[k];
            sum.neg[k] += s.neg[k];
        }
    }
    const double p = static_cast<double>(perPrompt.size());
    for (std::size_t k = 0; k < sum.pos.size(); ++k) {
        sum.pos[k] /= p;
        sum.neg[k] /= p;
    }
    return sum;
}

OrderBreakdown orderBreakdown(std::span<const SalientSet> salient, std::span<const SharedResult> shared,
                              std::size_t modelIndex, int n, OrderStatKind kind)
{
    if (salient.size() != shared.size())
        throw InputError("order statistics: " + std::to_string(salient.size()) + " salient sets but " +
                         std::to_string(shared.size()) + " shared sets");
    std::vector<OrderStats> all, sh, non;
    for (std::size_t x = 0; x < salient.size(); ++x) {
        all.push_back(orderStats(salient[x], n, kind));
        sh.push_back(orderStats(sharedValuesOf(shared[x].shared, modelIndex), n, kind));
        non.push_back(orderStats(nonSharedOf(salient[x], shared[x].shared), n, kind));
    }
    return {meanOrderStats(all), meanOrderStats(sh), meanOrderStats(non)};
}

Cancellation cancellationOf(const OrderStats& stats)
{
    auto ratio = [](double pos, double neg) {
        const double gross = pos - neg;
        return gross > 0.0 ? 1.0 - std::abs(pos + neg) / gross : 0.0;
    };
    auto balance = [](double pos, double neg) {
        const double hi = std::max(pos, -neg);
        return hi > 0.0 ? std::min(pos, -neg) / hi : 0.0;
    };
    Cancellation c;
    double pos = 0.0, neg = 0.0;
    for (std::size_t k = 0; k < stats.pos.size(); ++k) {
        c.ratioByOrder.push_back(ratio(stats.pos[k], stats.neg[k]));
        c.balanceByOrder.push_back(balance(stats.pos[k], stats.neg[k]));
        pos += stats.pos[k];
        neg += stats.neg[k];
    }
    c.pooledRatio = ratio(pos, neg);
    c.pooledBalance = balance(pos, neg);
    return c;
}

CountStrength countStrengthOf(std::span<const SalientSet> perPrompt, int n)
{
    checkN(n);
    CountStrength r;
    r.prompts = perPrompt.size();
    std::vector<std::size_t> countByOrder(n + 1, 0);
    std::vector<double> sumByOrder(n + 1, 0.0);
    for (const SalientSet& set : perPrompt)
        for (const SalientEntry& e : set) {
            const int k = orderOf(e.mask);
            if (k > n)
                throw InputError("count/strength: mask " + std::to_string(e.mask) +
                                 " has more than n = " + std::to_string(n) + " players");
            ++countByOrder[k];
            sumByOrder[k] += std::abs(e.value);
            ++r.total;
            r.sumAbs += std::abs(e.value);
        }
    const double p = r.prompts ? static_cast<double>(r.prompts) : 1.0;
    r.meanCount = static_cast<double>(r.total) / p;
    r.meanStrength = r.total ? r.sumAbs / static_cast<double>(r.total) : 0.0;
    for (int k = 0; k <= n; ++k) {
        r.meanCountByOrder.push_back(static_cast<double>(countByOrder[k]) / p);
        r.meanStrengthByOrder.push_back(countByOrder[k] ? sumByOrder[k] / static_cast<double>(countByOrder[k])
                                                        : 0.0);
    }
    return r;
}

SharedCountStrength sharedCountStrengthOf(std::span<const SalientSet> salient,
                                          std::span<const SharedResult> shared, std::size_t modelIndex, int n)
{
    if (salient.size() != shared.size())
        throw InputError("count/strength: " + std::to_string(salient.size()) + " salient sets but " +
                         std::to_string(shared.size()) + " shared sets");
    std::vector<SalientSet> sh, non;
    for (std::size_t x = 0; x < salient.size(); ++x) {
        sh.push_back(sharedValuesOf(shared[x].shared, modelIndex));
        non.push_back(nonSharedOf(salient[x], shared[x].shared));
    }
    return {countStrengthOf(sh, n), countStrengthOf(non, n)};
}

} // namespace interlens
