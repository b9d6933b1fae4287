#pragma once

#include "interactions/shared_types.h"

#include <span>
#include <vector>

namespace interlens {

// The logical model of a salient set and its faithfulness, method.md §6.2 (Fig 2).
//
// g(S) = I_and(∅) + I_or(∅) + Σ_{(and,T)∈Ω, T⊆S} I_and(T) + Σ_{(or,T)∈Ω, T∩S≠∅} I_or(T)
//
// Ω gives membership only: the values are the prompt's own I (so Ω may come from another model's or a shared
// list); entries with T = ∅ are already in the constant term and are not counted twice.
std::vector<double> logicalModel(const ModelPrompt& prompt, const SalientSet& omega);

// §6.1 check: Σ_{S≠∅} (I_and + I_or) - u(x), which equals -(q_N - q_∅) (0 for an exact
// decomposition). Needs v.
double efficiencyGap(const ModelPrompt& prompt);

// ρ = Σ_S (v(S) - g(S))² / Σ_S (v(S) - v(∅))² over all 2^n masks (AOG-style unfaithfulness;
// 0 = g reproduces v), faithfulness = 1 - ρ. When v is constant (denominator 0), ρ is 0 if g = v
// everywhere and +inf otherwise.
struct Faithfulness
{
    double unfaithfulness = 0.0; // ρ
    double faithfulness = 1.0;   // 1 - ρ
    double residual = 0.0;       // Σ_S (v - g)²
    double spread = 0.0;         // Σ_S (v - v(∅))²
    std::size_t size = 0;        // |Ω| (entries with T ≠ ∅), summed over prompts for the pooled form
};

// One prompt (needs v).
Faithfulness faithfulnessOf(const ModelPrompt& prompt, const SalientSet& omega);

// Pooled over prompts: Σ_x residual / Σ_x spread.
Faithfulness faithfulnessOf(std::span<const ModelPrompt> prompts, std::span<const SalientSet> omegas);

} // namespace interlens
