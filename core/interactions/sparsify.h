#pragma once

#include "interactions/sparsify_types.h"

#include <span>
#include <string>
#include <vector>

namespace interlens {

// Front door of the AND-OR decomposition (method.md §3-§4). Inputs: v vectors of 2^n float64 values in
// bitmask order (player j <-> bit j), 1 <= n <= 20, all finite; otherwise InputError. All results carry both
// the raw and the order <= 1 merged interactions (AndOrResult::iAnd/iOr are merged: use those for
// statistics).

// No split, no noise: I_and = M·v (Harsanyi dividends) and I_or = M_or·v (the lab's
// AndOrHarsanyi.attribute()). Each alone reproduces v; iAndRaw/iOrRaw hold the same vectors, iAnd/iOr their
// order <= 1 merge (as the lab saves them), gamma = q = 0, loss = Σ|M·½v| + Σ|M_or·½v| (Eq. 4 at γ = q = 0).
SingleResult decomposeExact(std::span<const double> v);

// Single-model AND-OR split and L1 sparsification (Eq. 4) in the chosen mode.
SingleResult sparsify(std::span<const double> v, const SparsifyOptions& options);

// Joint extraction for M >= 2 models on one prompt (Eq. 6): shared γ̄, per-model γ̂_i and q_i.
// qBound_i = qThreshold·|v_i(N) - v_i(∅)|; pBound_i = pThreshold·averageOutput_i.
JointResult sparsifyJoint(std::span<const std::vector<double>> vs, const JointOptions& options);

// Several models on one prompt, in one of the three ways method.md §4 offers.
enum class PairingMode {
    AllModels,   // one joint extraction over all models
    Pairwise,    // one joint extraction per pair (a < b); the paper's κ edges
    Independent, // each model alone (single-model options), no coupling
};

struct PairJointResult
{
    int first = 0;
    int second = 0;
    JointResult joint; // models[0] is `first`, models[1] is `second`
};

struct MultiModelResult
{
    PairingMode pairing = PairingMode::Pairwise;
    std::vector<PairJointResult> pairs;    // Pairwise
    JointResult all;                       // AllModels
    std::vector<SingleResult> independent; // Independent
};

MultiModelResult sparsifyModels(std::span<const std::vector<double>> vs, PairingMode pairing,
                                const JointOptions& jointOptions, const SparsifyOptions& singleOptions);

// "reference" or "solver" (throws InputError naming the value otherwise), and back.
SparsifyMode parseSparsifyMode(const std::string& text);
const char* sparsifyModeName(SparsifyMode mode);
// "all" | "pairwise" | "independent".
PairingMode parsePairingMode(const std::string& text);
const char* pairingModeName(PairingMode mode);

} // namespace interlens
