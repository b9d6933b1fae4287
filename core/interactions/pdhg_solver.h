#pragma once

#include "interactions/sparsify_types.h"

#include <span>
#include <vector>

namespace interlens {

// Solver mode: minimises the lab's convex objective to optimality.
//
//   min over γ̄ (free), γ̂_i (|γ̂_i| <= pBound_i), q_i (|q_i| <= qBound_i) of
//       Σ_{t,S} (1-α)·max_i|I_t^i(S)| + α·Σ_i|I_t^i(S)|,
//   I_and^i = M(½(v_i + q_i) + γ̄ + γ̂_i),  I_or^i = M_or(½(v_i + q_i) - γ̄ - γ̂_i).
//
// One model (M = 1) is the single-model Eq. (4) with γ = γ̄ and no γ̂. It is a linear program; we solve it with
// the diagonally preconditioned primal-dual method of Chambolle & Pock (2011), every K and K^T product done
// by the fast transforms (no matrices), with PDLP-style adaptive restarts to the running average and
// primal-weight updates. Both forms below return a feasible point of the problem above (objective = `loss`)
// and a certified lower bound from a dual-feasible point (`lowerBound`); gap = loss - lowerBound >= 0 (up to
// rounding). The solver stops at gap <= tolerance·max(1, loss) or after maxIterations steps (each ~ one SGD
// step: 2M transforms + 2M adjoints).
//
// Game form: the dual λ (one per interaction) lives in the dual-norm ball of f(z) = (1-α)||z||∞ + α||z||₁;
// after a repair that makes K^T λ vanish on the free γ̄ and a scaling into the ball it certifies
//   D(λ) = <λ, c> - Σ_i pBound_i·||(K^T λ)_γ̂i||₁ - Σ_i qBound_i·||(K^T λ)_qi||₁,   c = (M·½v_i, M_or·½v_i).
enum class SolverForm {
    // Default: the LP solved exactly by row and column generation (sparsify_exact.cpp). The master is a dense
    // simplex (sparsify_simplex.h) over the columns of the interactions that may be non-zero and the
    // constraints that may be active, 32 of each added per round; rows inactive and blocks out of the basis
    // for two rounds are dropped again, so it stays small. Every round prices all 2^n interactions of each
    // type with the adjoint transforms (a dual certificate, scaled into feasibility, is the lower bound) and
    // checks all 2^n constraints with the forward ones. It ends at a gap of rounding size. One or two models;
    // falls back to Interactions (primal-dual) when it is not certified within its limits (a master of 1600
    // rows, 2000 rounds, maxIterations pivots in all) or for M > 2. On LPs of at most kInteriorPointAutoRows
    // rows a game still pivoting after max(512, rows²/128) pivots (a dense one) goes to InteriorPoint first.
    Exact,
    Interactions, // primal variables = the interactions (default; converges much faster on sparse games)
    Games, // primal variables = γ̄, γ̂_i, q_i (the lab's parametrisation; better on dense random games)
    // The whole LP by a primal-dual interior-point method (Mehrotra predictor-corrector, sparsify_ipm.cpp)
    // with
    // dense normal equations (one row per constraint: 2^n for one model, 3·2^n for two; at most
    // kInteriorPointMaxRows), certified like the exact form. Exact switches to it by itself on dense games
    // (see solveJoint); this value forces it (falls back to Exact where it does not fit).
    InteriorPoint,
};

// Largest normal matrix (rows) the interior-point form builds: 3072² doubles = 72 MiB (n = 10 for two
// models).
constexpr std::size_t kInteriorPointMaxRows = 3072;
// Largest LP (rows) the exact form hands to the interior point by itself: 1024 (one model n <= 10, two models
// n <= 8), where a factorisation takes about 0.1 s on this machine (3072 rows: about 2.5 s).
constexpr std::size_t kInteriorPointAutoRows = 1024;

struct SolverSettings
{
    SolverForm form = SolverForm::Exact;
    double alpha = 0.1;
    double tolerance = 1e-6; // relative gap
    int maxIterations = 50000;
    int checkEvery = 64;
    double primalWeight = 1.0; // initial ω: primal steps ω·T, dual steps Σ/ω
    bool adaptWeight = true;   // PDLP primal-weight update at restarts
    int restartEvery = 4096;   // forced restart to the better of current/average after this many iterations
    LossRecording recording = LossRecording::None;
    const std::atomic<bool>* cancel = nullptr;
};

// gap <= tolerance·max(1, |objective|), the convergence criterion of every result (false for a NaN gap).
bool isConverged(double gap, double objective, double tolerance);

// pBounds are used as |pBound_i| and ignored for one model. Dispatches on settings.form and sets
// result.converged.
JointResult solveJoint(std::span<const std::vector<double>> vs, std::span<const double> qBounds,
                       std::span<const double> pBounds, const SolverSettings& settings);

// Exact form (see SolverForm::Exact); M <= 2. Its result may stop short of the tolerance (gap reported);
// `finished` (optional) tells whether it ended with nothing left to add (optimal up to rounding) rather than
// at one of its limits.
JointResult solveJointExact(std::span<const std::vector<double>> vs, std::span<const double> qBounds,
                            std::span<const double> pBounds, const SolverSettings& settings,
                            bool* finished = nullptr);

// Forgets the single-model seeds the exact form keeps for joint extractions (sparsify_seed_cache.h); results
// do not depend on them (benchmarks clear them to time a pair alone).
void clearSingleSeedCache();

// Whether the interior-point form takes M models of `size` = 2^n values each (M <= 2, rows within its limit).
bool interiorPointFits(std::size_t models, std::size_t size);

// Interior-point form (see SolverForm::InteriorPoint); requires interiorPointFits. Stops at the tolerance or
// after 100 iterations (gap reported).
JointResult solveJointInteriorPoint(std::span<const std::vector<double>> vs, std::span<const double> qBounds,
                                    std::span<const double> pBounds, const SolverSettings& settings);

// Game form (see above).
JointResult solveJointGameForm(std::span<const std::vector<double>> vs, std::span<const double> qBounds,
                               std::span<const double> pBounds, const SolverSettings& settings);

// The same problem in interaction form: primal variables a_i = I_and^i, o_i = I_or^i (the loss is then a
// separable norm with an exact prox), constraints Z a_i + W o_i ∈ v_i ± qBound_i and
// |γ_i - γ_j| <= pBound_i + pBound_j with γ_i = ½(Z a_i - W o_i) (a common γ̄ exists iff every pair's
// intervals meet). Its dual needs no repair: D = -σ_C(y, z) / max(1, dual norm of K^T(y, z)).
JointResult solveJointInteractionForm(std::span<const std::vector<double>> vs,
                                      std::span<const double> qBounds, std::span<const double> pBounds,
                                      const SolverSettings& settings);

} // namespace interlens
