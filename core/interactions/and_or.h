#pragma once

#include <span>
#include <vector>

namespace interlens {

// AND and OR interactions of one model on one prompt, both indexed by subset bitmask (player j <-> bit j).
struct AndOrInteractions
{
    std::vector<double> iAnd;
    std::vector<double> iOr;

    int playerCount() const;
};

// The split of method.md §3.2: v_and = ½(v+q) + γ, v_or = ½(v+q) − γ; returns (M·v_and, M_or·v_or).
// With γ = q = 0 this gives half of the plain interactions; harsanyiOf() is the unsplit (full v) form.
AndOrInteractions splitInteractions(std::span<const double> v, std::span<const double> gamma,
                                    std::span<const double> q);

// AND = M·v and OR = M_or·v of the full v (the lab's AndOrHarsanyi.attribute(); no ½ split, no noise).
AndOrInteractions harsanyiOf(std::span<const double> v);

// Order ≤ 1 merge (`reorganize_and_or_harsanyi`): for ∅ and the singletons, I_and += I_or and I_or = 0.
// Every statistic is computed on this form.
AndOrInteractions reorganized(AndOrInteractions interactions);

// Σ|I_and| + Σ|I_or| (Eq. 4).
double l1Norm(const AndOrInteractions& interactions);

// The game the interactions reproduce (universal matching): v(S) + q_S = Σ_{T⊆S} I_and(T) + I_or(∅) +
// Σ_{T≠∅, T∩S≠∅} I_or(T).
std::vector<double> reconstructGame(const AndOrInteractions& interactions);

// Shapley values from the interactions (q = 0): φ_i = Σ_{S∋i} [I_and(S) + I_or(S)] / |S|.
std::vector<double> shapleyValues(const AndOrInteractions& interactions);

} // namespace interlens
