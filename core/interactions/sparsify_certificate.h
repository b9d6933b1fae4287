#pragma once

#include "interactions/sparsify_problem.h"

#include <array>
#include <span>
#include <vector>

namespace interlens::sparsify_detail {

// The certificate shared by the exact solvers (sparsify_exact.cpp, sparsify_ipm.cpp) of the interaction-form
// LP (pdhg_solver.h): any interactions give a feasible primal (feasibleSplit) and any signed row multipliers
// a valid lower bound once scaled into the dual-norm balls, so a result is certified whatever the method
// produced it. Games are the solver's scaled ones (max |v| = 1); pairBound = pBound_1 + pBound_2 (0 for one
// model).

using Vectors = std::vector<std::vector<double>>;

// The LP is positively homogeneous in (v, qBound, pBound): the solvers work at max |v| = 1 (scale = the
// largest |v|, 1 for v ≡ 0). alpha = 1 for one model (the loss is then Σ|I|); pairBound = pBound_1 +
// pBound_2. vertices: those of the loss's unit ball per block (one interaction, all models): ±1 for one
// model; (±1, 0), (0, ±1), (±s, ±s) with s = 1/(1+α) for two.
struct ScaledLp
{
    double scale = 1.0, alpha = 1.0, pairBound = 0.0;
    Vectors vs;
    std::vector<double> qBounds, pBounds;
    std::vector<std::array<double, 2>> vertices;
};
ScaledLp scaledLp(std::span<const std::vector<double>> vs, std::span<const double> qBounds,
                  std::span<const double> pBounds, double alpha);

// rows_i = Z·a_i + W·o_i (the game the interactions rebuild) and gammas_i = ½(Z·a_i - W·o_i), per model.
void interactionRows(const Vectors& iAnd, const Vectors& iOr, Vectors& rows, Vectors& gammas);

// Signed multipliers y_i(S) of model i's rows Z a_i + W o_i ∈ v_i ± qBound_i and c(S) of the coupling rows
// γ_1 - γ_2 ∈ ±pairBound (coupling empty for one model). Returns the dual objective
// Σ_i <v_i, y_i> - qBound_i·||y_i||₁ - pairBound·||c||₁ and fills ga/go with the multipliers priced per
// interaction (B^T y: the AND and OR adjoints, per model). The bound is valid after division by
// max(1, blockGauge(ga, go)).
double priceDual(std::span<const std::vector<double>> vs, std::span<const double> qBounds, double pairBound,
                 const Vectors& dual, const std::vector<double>& coupling, Vectors& ga, Vectors& go);

// The largest dual norm of a block (one interaction, all models) of ga/go; `norms` (optional) receives every
// block's, indexed [isAnd·2^n + S].
double blockGauge(const Vectors& ga, const Vectors& go, double alpha, std::vector<double>* norms = nullptr);

// The result in the caller's units from a split of the scaled problem: scales back by `scale`, fills the
// models (finishModel), re-evaluates the loss there and reports lowerBound = bound·scale.
JointResult scaledResult(std::span<const std::vector<double>> inputs, JointSplit split, double scale,
                         std::span<const double> qBounds, std::span<const double> pBounds, double alpha,
                         double bound, int iterations);

} // namespace interlens::sparsify_detail
