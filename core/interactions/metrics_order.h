#pragma once

#include "interactions/shared_match.h"
#include "interactions/shared_types.h"

#include <span>
#include <vector>

namespace interlens {

// Per-order statistics of method.md §6.3 (Fig 3, GEN `get_concept_value_by_order`,
// `get_shared_concept_value_by_order`, `draw_concept_by_order_pos_neg_andor`), §6.4 (cancellation) and §6.5
// (number and mean strength).

enum class OrderStatKind {
    Value, // sum of I
    Count, // +1 per positive, -1 per non-positive entry (the lab's count=True)
};

// pos[k] collects the entries of order k with I > 0, neg[k] those with I <= 0 (the lab's split); k = 0..n.
struct OrderStats
{
    std::vector<double> pos;
    std::vector<double> neg;
};

// Pos_k / Neg_k of one set on one prompt. AND and OR entries are summed separately and then added, each in
// the lab's subset order (bit-reversed mask), so the numbers equal plot_by_order.py's bit for bit.
OrderStats orderStats(const SalientSet& set, int n, OrderStatKind kind);

// (1/P) Σ_x of per-prompt stats, summed in prompt order then divided, as the lab does (prompts with nothing
// salient count in P). Throws InputError on an empty list or mismatched lengths.
OrderStats meanOrderStats(std::span<const OrderStats> perPrompt);

// One model's Fig-3 bars over a prompt set: all salient, shared and non-shared (salient - shared).
struct OrderBreakdown
{
    OrderStats all, shared, nonShared;
};

// salient[x] is the model's salient set on prompt x, shared[x] the shared entries on prompt x, and
// `modelIndex` the model's position in SharedEntry::values.
OrderBreakdown orderBreakdown(std::span<const SalientSet> salient, std::span<const SharedResult> shared,
                              std::size_t modelIndex, int n, OrderStatKind kind);

// §6.4: CR_k = 1 - |Pos_k + Neg_k| / (Pos_k - Neg_k) in [0, 1] (0 = no cancellation; 0 where nothing is
// salient), the pooled CR over all k, and the secondary balance min(Pos, |Neg|) / max(Pos, |Neg|).
struct Cancellation
{
    std::vector<double> ratioByOrder;
    double pooledRatio = 0.0;
    std::vector<double> balanceByOrder;
    double pooledBalance = 0.0;
};

Cancellation cancellationOf(const OrderStats& stats);

// §6.5: #Ω = (1/P) Σ_x |Ω(x)| and mean strength Σ_x Σ_Ω |I| / Σ_x |Ω(x)| (0 when Ω is empty
// everywhere), also split by order.
struct CountStrength
{
    std::size_t prompts = 0;
    std::size_t total = 0; // Σ_x |Ω(x)|
    double sumAbs = 0.0;   // Σ_x Σ_Ω |I|
    double meanCount = 0.0;
    double meanStrength = 0.0;
    std::vector<double> meanCountByOrder;
    std::vector<double> meanStrengthByOrder;
};

CountStrength countStrengthOf(std::span<const SalientSet> perPrompt, int n);

// Fig 4 for one model of a pair (or group): count and mean strength of its shared and non-shared
// interactions. salient[x] / shared[x] as for orderBreakdown.
struct SharedCountStrength
{
    CountStrength shared;
    CountStrength nonShared;
};

SharedCountStrength sharedCountStrengthOf(std::span<const SalientSet> salient,
                                          std::span<const SharedResult> shared, std::size_t modelIndex,
                                          int n);

} // namespace interlens
