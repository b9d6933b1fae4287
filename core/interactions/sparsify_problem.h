#pragma once

#include "common/error.h" // throwIfCancelled
#include "interactions/sparsify_types.h"

#include <span>
#include <vector>

namespace interlens::sparsify_detail {

// Shared pieces of the reference SGD and the solver: the split games, the (joint) loss and its subgradient.
// Internal to core/interactions; callers use sparsify.h.

// v_and = (½(v + q) + g1) + g2, v_or = (½(v + q) - g1) - g2 (the lab's operation order; g2 may be empty),
// then the transforms: outAnd = M·v_and, outOr = M_or·v_or.
void splitAndTransform(std::span<const double> v, std::span<const double> q, std::span<const double> g1,
                       std::span<const double> g2, std::vector<double>& outAnd, std::vector<double>& outOr);

// Σ_{t,S} (1-α)·max_i|I_t^i(S)| + α·Σ_i|I_t^i(S)|; for one model Σ|I_and| + Σ|I_or|.
double jointLoss(const std::vector<std::vector<double>>& iAnd, const std::vector<std::vector<double>>& iOr,
                 double alpha);

// Replaces every I by the loss subgradient with respect to it: (α + (1-α)·[i = first argmax_j |I^j|])·sign(I)
// (torch's max/abs backward: ties go to the first model, sign(0) = 0); for one model sign(I).
void jointSubgradientInPlace(std::vector<std::vector<double>>& iAnd, std::vector<std::vector<double>>& iOr,
                             double alpha);

// Lab checkpoint iterations: 0..9, range(niter)[::max(1, niter // 20)] and niter - 1 (sorted, unique).
std::vector<int> checkpointIterations(int niter);

// qThreshold·|v(N) - v(∅)| unless an explicit bound >= 0 is given.
double qBoundOf(std::span<const double> v, double qThreshold, double explicitBound = -1.0);

// Checks that v has 2^n entries with 1 <= n <= 20 and only finite values; returns n. Throws InputError naming
// `what` otherwise.
int checkedGame(std::span<const double> v, const char* what);

// Fills `result` from v, q and the split γ = g1 + g2 (g2 may be empty): raw interactions as the lab forms
// them, the order <= 1 merged ones, the model's L1, gamma = g1 + g2, q and qBound.
void finishModel(std::span<const double> v, std::vector<double> q, std::span<const double> g1,
                 std::span<const double> g2, double qBound, AndOrResult& result);

// The joint loss is Σ over blocks (one block = the M values I_t^1..M(S)) of the norm f(z) = (1-α)||z||∞ +
// α||z||₁. Its dual norm, max_k topk(|z|) / ((1-α) + α·k); `scratch` holds m doubles.
double blockDualNorm(double* z, std::size_t m, double alpha, double* scratch);
// Euclidean projection onto the dual-norm unit ball B = {λ : Σ_i (|λ_i| - α)_+ <= 1 - α} (|λ| <= 1 for m =
// 1).
void projectBlock(double* z, std::size_t m, double alpha, double* scratch);

// A point of the γ̄/γ̂/q parametrisation (own is empty for one model).
struct JointSplit
{
    std::vector<double> shared;
    std::vector<std::vector<double>> own, q;
};

// The nearest feasible split to interactions given through rows_i = Z·I_and^i + W·I_or^i and
// gammas_i = ½(Z·I_and^i - W·I_or^i): q_i = clip(rows_i - v_i, ±qBound_i), γ̄ = the middle of ∩_i
// [γ_i ± pBound_i], γ̂_i = clip(γ_i - γ̄, ±pBound_i). Returns the joint loss (the primal objective) there.
// Bounds are used as given (non-negative); pBounds are ignored for one model.
double feasibleSplit(std::span<const std::vector<double>> vs, const std::vector<std::vector<double>>& rows,
                     const std::vector<std::vector<double>>& gammas, std::span<const double> qBounds,
                     std::span<const double> pBounds, double alpha, JointSplit& out);

// Fills result.models, gammaShared and gammaOwn from a split (finishModel per model).
void finishJoint(std::span<const std::vector<double>> vs, const JointSplit& split,
                 std::span<const double> qBounds, JointResult& result);

} // namespace interlens::sparsify_detail
