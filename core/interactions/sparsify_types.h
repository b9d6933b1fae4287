#pragma once

#include <atomic>
#include <cstddef>
#include <limits>
#include <vector>

namespace interlens {

// Options and results of the AND-OR sparsification (method.md §3.3 single model, §4 joint). Every vector has
// 2^n entries in bitmask order (player j <-> bit j; 0 = ∅, 2^n - 1 = N).

enum class SparsifyMode {
    // The lab's projected momentum SGD, step for step (GEN `_train_p_q`, `_train_p_q_joint_model`), in
    // float64. Reproduces published numbers; far from optimal with the lab's learning rates.
    Reference,
    // The same convex objective (an LP) solved to optimality: exact row/column generation with a simplex
    // master, falling back to preconditioned primal-dual (Chambolle-Pock); reports a certified lower bound
    // (dual value), the duality gap and whether it met the tolerance.
    Solver,
};

// One recorded loss value. Reference mode: the objective at the parameters before step `iteration` (as the
// lab records it). Solver mode: the best objective and the best certified lower bound after `iteration`
// steps.
struct LossPoint
{
    int iteration = 0;
    double loss = 0.0;
    double bound = std::numeric_limits<double>::quiet_NaN();
};

// Which iterations the optimisers record in `lossCurve`.
enum class LossRecording {
    None,
    Checkpoints, // the lab's: iterations 0..9, generate_ckpt_id_list(niter, 20) and the last iteration
    Every,       // every iteration (short runs, tests)
};

struct SparsifyOptions
{
    SparsifyMode mode = SparsifyMode::Solver;
    // |q_S| <= qBound = qThreshold·|v(N) - v(∅)| (method.md §3.2); a qBound >= 0 is used as given.
    double qThreshold = 0.04;
    double qBound = -1.0;

    // Reference mode: lr decays geometrically from learningRate to learningRate/10 over `iterations` (single
    // model); constant for the joint model. Momentum 0.9, no step on the last iteration.
    double learningRate = 1e-6;
    int iterations = 50000;

    // Solver mode: converged (and stop) when the certified gap <= tolerance·max(1, |objective|). The default
    // 1e-6 is far below what any figure shows; the exact method (pdhg_solver.h, SolverForm::Exact) usually
    // ends at a rounding-size gap anyway. maxIterations bounds its simplex pivots in all, then the
    // primal-dual fallback's steps (each about one SGD step).
    double tolerance = 1e-6;
    int maxIterations = 50000;

    LossRecording recording = LossRecording::Checkpoints;
    // Checked now and then; when it becomes true the optimiser throws CancelledError.
    const std::atomic<bool>* cancel = nullptr;
};

struct JointOptions
{
    SparsifyMode mode = SparsifyMode::Solver;
    double alpha = 0.1;       // loss Σ (1-α)·max_i|I| + α·Σ_i|I|
    double qThreshold = 0.02; // qBound_i = qThreshold·|v_i(N) - v_i(∅)|
    double pThreshold = 0.5;  // pBound_i = pThreshold·averageOutput_i
    // Per model: the mean over the prompt batch of the SIGNED v_i(N) - v_i(∅). Empty: this prompt's own u_i.
    std::vector<double> averageOutput;
    // Reference mode keeps the lab's signed bound (a negative bound pins γ̂ to -bound, as the lab's clamp
    // does); the solver uses |bound| (method.md §4 [RECON]).

    double learningRate = 1e-7; // reference: constant lr
    int iterations = 20000;
    double tolerance = 1e-6; // solver, as SparsifyOptions
    int maxIterations = 50000;

    LossRecording recording = LossRecording::Checkpoints;
    const std::atomic<bool>* cancel = nullptr;
};

// One model's decomposition.
struct AndOrResult
{
    // Order <= 1 merged (OR of ∅ and singletons folded into AND; `reorganize_and_or_harsanyi`). Every
    // statistic of the lab is computed on these.
    std::vector<double> iAnd;
    std::vector<double> iOr;
    // Before the merge: I_and = M·v_and, I_or = M_or·v_or (the lab's Iand.npy / Ior.npy).
    std::vector<double> iAndRaw;
    std::vector<double> iOrRaw;
    // v_and = ½(v + q) + gamma, v_or = ½(v + q) - gamma. Joint results: gamma = γ̄ + γ̂_i (total split).
    std::vector<double> gamma;
    std::vector<double> q;
    double qBound = 0.0;
    // Σ|I_and| + Σ|I_or| of the raw interactions (Eq. 4). For joint results: this model's own L1.
    double loss = 0.0;
};

struct SingleResult : AndOrResult
{
    SparsifyMode mode = SparsifyMode::Solver;
    // Solver: a certified lower bound on the optimal objective and gap = loss - lowerBound >= 0. Reference:
    // NaN.
    double lowerBound = 0.0;
    double gap = 0.0;
    // Solver: gap <= tolerance·max(1, |loss|), i.e. `loss` is certified optimal to the tolerance. Reference
    // mode and decomposeExact: false (no certificate; lowerBound and gap are NaN).
    bool converged = false;
    int iterations = 0;
    std::vector<LossPoint> lossCurve;
};

struct JointResult
{
    SparsifyMode mode = SparsifyMode::Solver;
    std::vector<AndOrResult> models;
    std::vector<double> gammaShared;           // γ̄
    std::vector<std::vector<double>> gammaOwn; // γ̂_i, |γ̂_i| <= pBound_i
    std::vector<double> pBound;                // per model (signed, as computed)
    double alpha = 0.1;
    double loss = 0.0; // the joint objective Σ_{t,S} (1-α)·max_i|I| + α·Σ_i|I|
    double lowerBound = 0.0;
    double gap = 0.0;
    bool converged = false; // as SingleResult::converged
    int iterations = 0;
    std::vector<LossPoint> lossCurve;
};

} // namespace interlens
