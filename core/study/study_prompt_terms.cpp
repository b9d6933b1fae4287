#include "study/study_prompt_terms.h"

#include <cmath>
#include <limits>

namespace interlens {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct SetSummary
{
    double meanOrder = kNaN;
    double cancellation = kNaN;
};

// Mean order and within-prompt cancellation of one set of salient entries (S = ∅ left out, as in κ).
SetSummary summaryOf(const SalientSet& set)
{
    double orders = 0.0, sum = 0.0, gross = 0.0;
    std::size_t count = 0;
    for (const SalientEntry& e : set) {
        if (e.mask == 0)
            continue;
        orders += orderOf(e.mask);
        sum += e.value;
        gross += std::abs(e.value);
        ++count;
    }
    SetSummary s;
    if (count > 0)
        s.meanOrder = orders / static_cast<double>(count);
    if (gross > 0.0)
        s.cancellation = 1.0 - std::abs(sum) / gross;
    return s;
}

void addRole(AggNode& node, const std::string& role, const ModelPrompt& p, const SalientSet& salient,
             const SharedResult& shared, std::size_t index)
{
    double num = 0.0, signedNum = 0.0, all = 0.0, salientAbs = 0.0;
    for (const SharedEntry& e : shared.shared)
        if (e.mask != 0) {
            num += std::abs(e.values[index]);
            signedNum += e.values[index];
        }
    for (const std::vector<double>* values : {&p.iAnd, &p.iOr})
        for (std::size_t m = 1; m < values->size(); ++m)
            all += std::abs((*values)[m]);
    for (const SalientEntry& e : salient)
        if (e.mask != 0)
            salientAbs += std::abs(e.value);
    node.vectors["num_" + role].push_back(num);
    node.vectors["den_" + role].push_back(all);
    node.vectors["salient_den_" + role].push_back(salientAbs);
    node.vectors["signed_num_" + role].push_back(signedNum);
    node.vectors["u_" + role].push_back(p.v.empty() ? kNaN : p.v.back() - p.v.front());
    const SetSummary sharedSummary = summaryOf(sharedValuesOf(shared.shared, index));
    const SetSummary nonShared = summaryOf(nonSharedOf(salient, shared.shared));
    node.vectors["order_shared_" + role].push_back(sharedSummary.meanOrder);
    node.vectors["order_non_shared_" + role].push_back(nonShared.meanOrder);
    node.vectors["cancel_shared_" + role].push_back(sharedSummary.cancellation);
    node.vectors["cancel_non_shared_" + role].push_back(nonShared.cancellation);
}

} // namespace

AggNode promptTerms(std::span<const ModelPrompt> a, std::span<const ModelPrompt> b,
                    const PairSharing& sharing)
{
    AggNode node;
    for (std::size_t x = 0; x < a.size(); ++x) {
        addRole(node, "a", a[x], sharing.salientA[x], sharing.shared[x], 0);
        addRole(node, "b", b[x], sharing.salientB[x], sharing.shared[x], 1);
        double lo = 0.0, hi = 0.0;
        for (const auto& [va, vb] : {std::pair{&a[x].iAnd, &b[x].iAnd}, std::pair{&a[x].iOr, &b[x].iOr}})
            for (std::size_t m = 1; m < va->size(); ++m) {
                const double ap = std::max((*va)[m], 0.0), an = std::max(-(*va)[m], 0.0);
                const double bp = std::max((*vb)[m], 0.0), bn = std::max(-(*vb)[m], 0.0);
                lo += std::min(ap, bp) + std::min(an, bn);
                hi += std::max(ap, bp) + std::max(an, bn);
            }
        node.vectors["overlap_min"].push_back(lo);
        node.vectors["overlap_max"].push_back(hi);
    }
    return node;
}

double meanPromptCancellation(const AggNode& terms, const std::string& set, const std::string& role)
{
    const auto it = terms.vectors.find("cancel_" + set + "_" + role);
    if (it == terms.vectors.end())
        return 0.0;
    double sum = 0.0;
    std::size_t count = 0;
    for (double c : it->second)
        if (!std::isnan(c)) {
            sum += c;
            ++count;
        }
    return count ? sum / static_cast<double>(count) : 0.0;
}

} // namespace interlens
