#pragma once

#include "interactions/shared_match.h"
#include "interactions/shared_types.h"

#include <span>
#include <vector>

namespace interlens {

// Interaction-level calibration κ between two models, method.md §6.6 (Fig 5) and §9.2, pooled over
// prompts.
//
// Primary (directed):
//   κ_{A←B} = Σ_x Σ_{(t,S) ∈ shared_AB(x), S≠∅} |I_A^t(S|x)|  /  Σ_x Σ_t Σ_{S≠∅} |I_A^t(S|x)|
// Undirected edge:
//   κ_AB = ½(κ_{A←B} + κ_{B←A})
// Variants (each directed, then symmetrised the same way):
//   (a) signed utility:      Σ_x Σ_shared I_A / Σ_x u_A(x), u = v(N) - v(∅); may leave [0, 1]
//   (b) salient denominator: Σ_x Σ_shared |I_A| / Σ_x Σ_{salient in A} |I_A|
//   (c) per-prompt ratio:    mean_x of the primary ratio on prompt x alone (prompts with a zero
//                            denominator are skipped)
//   (d) Li & Zhang overlap (CON `get_overlap`), symmetric, over all interactions (no threshold),
//       both types, S≠∅, pooled:
//       Σ [min(I_A⁺,I_B⁺) + min(I_A⁻,I_B⁻)] / Σ [max(I_A⁺,I_B⁺) + max(I_A⁻,I_B⁻)], I⁻ = max(-I, 0)
//
// S = ∅ is left out everywhere (the denominator is over S ≠ ∅, and a shared ∅ would push κ above 1).
// A ratio whose denominator is 0 is reported as 0. Variant (a) needs v; when v is missing it is
// reported as 0 and `signedUtilityAvailable` is false.

struct KappaDirected
{
    double primary = 0.0;
    double signedUtility = 0.0;      // (a)
    double salientDenominator = 0.0; // (b)
    double perPromptMean = 0.0;      // (c)
};

struct KappaResult
{
    KappaDirected aFromB;            // κ_{A←B}: how much of A's interaction strength B shares
    KappaDirected bFromA;            // κ_{B←A}
    double kappa = 0.0;              // ½(κ_{A←B} + κ_{B←A}), the primary undirected edge weight
    double signedUtility = 0.0;      // (a), symmetrised
    double salientDenominator = 0.0; // (b), symmetrised
    double perPromptMean = 0.0;      // (c), symmetrised
    double overlap = 0.0;            // (d)
    bool signedUtilityAvailable = true;

    std::size_t prompts = 0;
    std::size_t sharedCount = 0;       // Σ_x |shared(x)| with S ≠ ∅
    std::size_t signDisagreements = 0; // Σ_x same-(t,S) salient pairs whose signs differ (S ≠ ∅)
    double signDisagreementRate = 0.0; // signDisagreements / same-(t,S) pairs (0 when none)
};

// From already computed sets: a[x], b[x] are the models on prompt x, `sharing` from sharePair()
// (or equivalent).
KappaResult kappaOf(std::span<const ModelPrompt> a, std::span<const ModelPrompt> b,
                    const PairSharing& sharing);

// Selects salient and shared sets with `options` (each model's threshold over its own prompts),
// then computes κ.
KappaResult kappaOf(std::span<const ModelPrompt> a, std::span<const ModelPrompt> b,
                    const SharedOptions& options);

// The κ graph for "independent" extraction (§4, §6.6): one edge per model pair i < j, each model's
// interactions the same for every partner. models[i][x] is model i on prompt x. (With pairwise joint
// extraction the interactions differ per pair: call kappaOf once per pair instead.)
struct KappaEdge
{
    std::size_t a = 0, b = 0;
    KappaResult result;
};

std::vector<KappaEdge> kappaGraph(std::span<const std::vector<ModelPrompt>> models,
                                  const SharedOptions& options);

} // namespace interlens
