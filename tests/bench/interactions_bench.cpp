// interlens_interactions_bench [--quick]: prints the "interactions" section of BENCHMARKS.md.
//  1. time per fast transform (O(n·2^n), in place, float64) for n = 10..20;
//  2. the lab's dense 2^n×2^n float32 matrices (GEN get_reward2Iand_mat/get_reward2Ior_mat) with Eigen: one
//  matvec,
//     and the dense SGD iteration, where the matrices fit in memory (n <= 14: 2 × 1 GiB);
//  3. reference (lab SGD, lab defaults) vs solver (primal-dual) on planted games, n = 10, 12, 14, one model
//  and
//     two models jointly: time and objective; plus the solver time to first match the reference objective.
#include "interactions/pdhg_solver.h"
#include "interactions/sparsify.h"
#include "interactions/transforms.h"

#include <Eigen/Dense>

#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <vector>

using namespace interlens;
using Clock = std::chrono::steady_clock;

namespace {

double seconds(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// Median wall time of `reps` calls.
double timeIt(const std::function<void()>& f, int reps)
{
    std::vector<double> t;
    for (int r = 0; r < reps; ++r) {
        const auto start = Clock::now();
        f();
        t.push_back(seconds(start));
    }
    std::sort(t.begin(), t.end());
    return t[t.size() / 2];
}

std::string fmtTime(double s)
{
    char buf[64];
    if (s < 1e-3)
        std::snprintf(buf, sizeof buf, "%.1f µs", s * 1e6);
    else if (s < 1.0)
        std::snprintf(buf, sizeof buf, "%.2f ms", s * 1e3);
    else
        std::snprintf(buf, sizeof buf, "%.2f s", s);
    return buf;
}

// A planted logical game on n players plus noise: AND {1,2}, OR {3,4}, AND {5}, AND {0,6,7}, OR {8,9}
// (method.md §8 case 5, extended), scaled per model, noise sd 0.01, v(∅) = 0.
std::vector<double> plantedGame(int n, double scale, unsigned seed)
{
    struct Term
    {
        bool isAnd;
        std::size_t mask;
        double c;
    };
    const Term terms[] = {{true, 0b110, 2.0},
                          {false, 0b11000, -1.5},
                          {true, 0b100000, 0.7},
                          {true, 0b11000001, 0.9},
                          {false, 0b1100000000, 0.6}};
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal;
    std::vector<double> v(std::size_t{1} << n);
    for (std::size_t s = 0; s < v.size(); ++s) {
        double x = 0.0;
        for (const Term& t : terms)
            x += scale * t.c * (t.isAnd ? double((s & t.mask) == t.mask) : double((s & t.mask) != 0));
        v[s] = x + 0.01 * normal(rng);
    }
    const double empty = v[0];
    for (double& x : v)
        x -= empty;
    return v;
}

void transformTable(int maxN)
{
    std::printf("### Fast transforms (in place, float64, one call)\n\n");
    std::printf(
        "| n | 2^n | Möbius (AND) | zeta (inverse) | OR from game | game from OR | Möbius^T (AND grad) | "
        "OR^T (OR grad) |\n|---|---|---|---|---|---|---|---|\n");
    for (int n = 10; n <= maxN; ++n) {
        std::vector<double> a(std::size_t{1} << n, 0.5);
        const int reps = n <= 14 ? 200 : (n <= 17 ? 20 : 5);
        const std::function<void(std::span<double>)> fs[] = {moebiusSub, zetaSub,    orFromGame,
                                                             gameFromOr, moebiusSup, orFromGameAdjoint};
        std::printf("| %d | %zu |", n, a.size());
        for (const auto& f : fs)
            std::printf(" %s |", fmtTime(timeIt([&] { f(a); }, reps)).c_str());
        std::printf("\n");
    }
    std::printf("\n");
}

// The lab's dense matrices in our bit order (row S, column T): AND = (-1)^{|S|-|T|}[T ⊆ S]; OR row ∅ = e_∅,
// row S ≠ ∅ = -(-1)^{|S|-|T|}[T ⊆ S] at column N\T.
void denseMatrices(int n, Eigen::MatrixXf& andMat, Eigen::MatrixXf& orMat)
{
    const std::size_t size = std::size_t{1} << n, full = size - 1;
    andMat = Eigen::MatrixXf::Zero(Eigen::Index(size), Eigen::Index(size));
    orMat = Eigen::MatrixXf::Zero(Eigen::Index(size), Eigen::Index(size));
    orMat(0, 0) = 1.0f;
    for (std::size_t s = 0; s < size; ++s)
        for (std::size_t t = s;; t = (t - 1) & s) {
            const float sign = (std::popcount(s) - std::popcount(t)) % 2 ? -1.0f : 1.0f;
            andMat(Eigen::Index(s), Eigen::Index(t)) = sign;
            if (s != 0)
                orMat(Eigen::Index(s), Eigen::Index(full ^ t)) = -sign;
            if (t == 0)
                break;
        }
}

struct DenseTiming
{
    double build = 0.0, matvec = 0.0, sgdIteration = 0.0, checkDiff = 0.0;
};

DenseTiming denseTiming(int n)
{
    DenseTiming out;
    Eigen::MatrixXf andMat, orMat;
    auto start = Clock::now();
    denseMatrices(n, andMat, orMat);
    out.build = seconds(start);
    const std::size_t size = std::size_t{1} << n;
    const auto v = plantedGame(n, 1.0, 7);
    const Eigen::Index dim = static_cast<Eigen::Index>(size);
    Eigen::VectorXf x(dim), y(dim), g(dim);
    for (std::size_t s = 0; s < size; ++s)
        x(Eigen::Index(s)) = float(v[s]);
    const int reps = n <= 12 ? 20 : 3;
    out.matvec = timeIt([&] { y.noalias() = andMat * x; }, reps);
    // One SGD iteration of the lab: two forward matvecs, two transposed ones for the gradients.
    out.sgdIteration = timeIt(
        [&] {
            y.noalias() = andMat * x;
            g.noalias() = andMat.transpose() * y.cwiseSign();
            y.noalias() = orMat * x;
            g.noalias() += orMat.transpose() * y.cwiseSign();
        },
        reps);
    // Agreement with the fast transforms (float32 matrices vs float64 transforms).
    std::vector<double> fast = v;
    moebiusSub(fast);
    y.noalias() = andMat * x;
    for (std::size_t s = 0; s < size; ++s)
        out.checkDiff = std::max(out.checkDiff, std::abs(double(y(Eigen::Index(s))) - fast[s]));
    return out;
}

struct SolveRow
{
    std::string what;
    int n = 0;
    double refTime = 0.0, refLoss = 0.0;
    int refIters = 0;
    double solverTime = 0.0, solverLoss = 0.0, solverBound = 0.0;
    int solverIters = 0;
    double beatTime = -1.0; // solver time to first reach <= the reference objective
    int beatIters = -1;
};

int firstBelow(const std::vector<LossPoint>& curve, double target)
{
    for (const LossPoint& p : curve)
        if (p.loss <= target)
            return p.iteration;
    return -1;
}

SolveRow singleRow(int n, bool quick)
{
    SolveRow row;
    row.what = "single";
    row.n = n;
    const auto v = plantedGame(n, 1.0, 100 + unsigned(n));
    SparsifyOptions ref; // method.md §10 independent setting: qthres 0.04, lr 1e-6 decaying, 50000 iterations
    ref.mode = SparsifyMode::Reference;
    ref.learningRate = 1e-6;
    ref.iterations = quick ? 2000 : 50000;
    ref.qThreshold = 0.04;
    ref.recording = LossRecording::None;
    auto start = Clock::now();
    const SingleResult r = sparsify(v, ref);
    row.refTime = seconds(start);
    row.refLoss = r.loss;
    row.refIters = r.iterations;
    SparsifyOptions sol;
    sol.mode = SparsifyMode::Solver;
    sol.qThreshold = 0.04;
    sol.maxIterations = quick ? 5000 : 50000;
    sol.recording = LossRecording::Every;
    start = Clock::now();
    const SingleResult s = sparsify(v, sol);
    row.solverTime = seconds(start);
    row.solverLoss = s.loss;
    row.solverBound = s.lowerBound;
    row.solverIters = s.iterations;
    row.beatIters = firstBelow(s.lossCurve, r.loss);
    if (row.beatIters > 0) {
        sol.maxIterations = row.beatIters;
        sol.recording = LossRecording::None;
        start = Clock::now();
        const SingleResult b = sparsify(v, sol);
        row.beatTime = seconds(start);
        if (b.loss > r.loss)
            row.beatTime = -1.0;
    }
    return row;
}

SolveRow jointRow(int n, bool quick)
{
    SolveRow row;
    row.what = "joint (2 models)";
    row.n = n;
    const std::vector<std::vector<double>> vs{plantedGame(n, 1.0, 200 + unsigned(n)),
                                              plantedGame(n, 0.8, 300 + unsigned(n))};
    JointOptions
        ref; // GEN joint defaults: α 0.1, qthres 0.02, pthres 0.5, lr 1e-7 constant, 20000 iterations
    ref.mode = SparsifyMode::Reference;
    ref.iterations = quick ? 2000 : 20000;
    ref.recording = LossRecording::None;
    auto start = Clock::now();
    const JointResult r = sparsifyJoint(vs, ref);
    row.refTime = seconds(start);
    row.refLoss = r.loss;
    row.refIters = r.iterations;
    JointOptions sol;
    sol.mode = SparsifyMode::Solver;
    sol.maxIterations = quick ? 5000 : 50000;
    sol.recording = LossRecording::Every;
    start = Clock::now();
    const JointResult s = sparsifyJoint(vs, sol);
    row.solverTime = seconds(start);
    row.solverLoss = s.loss;
    row.solverBound = s.lowerBound;
    row.solverIters = s.iterations;
    row.beatIters = firstBelow(s.lossCurve, r.loss);
    if (row.beatIters > 0) {
        sol.maxIterations = row.beatIters;
        sol.recording = LossRecording::None;
        start = Clock::now();
        const JointResult b = sparsifyJoint(vs, sol);
        row.beatTime = seconds(start);
        if (b.loss > r.loss)
            row.beatTime = -1.0;
    }
    return row;
}

} // namespace

int main(int argc, char** argv)
{
    const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
    std::printf("<!-- section: interactions -->\n## Interactions (AND/OR transforms, sparsification)\n\n");
    std::printf(
        "Machine: 2-core Debian 12 VM, no GPU (shared with other jobs). Command: `cmake --build build-int "
        "--target interlens_interactions_bench && build-int/tests/bench/interlens_interactions_bench%s` "
        "(RelWithDebInfo, single thread).\n\n",
        quick ? " --quick" : "");
    transformTable(quick ? 16 : 20);
    std::map<int, double> denseIteration;

    std::printf("### The lab's dense 2^n×2^n float32 matrices (Eigen), same run\n\n");
    std::printf("| n | matrix memory (2 matrices) | build | one matvec | one SGD iteration (4 matvecs) | "
                "same with fast "
                "transforms | max abs(dense - fast) |\n|---|---|---|---|---|---|---|\n");
    for (int n : {10, 12, 14}) {
        if (quick && n > 12)
            break;
        const DenseTiming d = denseTiming(n);
        denseIteration[n] = d.sgdIteration;
        std::vector<double> a(std::size_t{1} << n, 0.5);
        const double fastIter = timeIt(
            [&] {
                moebiusSub(a);
                orFromGame(a);
                moebiusSup(a);
                orFromGameAdjoint(a);
            },
            50);
        std::printf("| %d | %.0f MiB | %s | %s | %s | %s | %.1e |\n", n,
                    2.0 * std::ldexp(1.0, 2 * n) * 4 / 1048576.0, fmtTime(d.build).c_str(),
                    fmtTime(d.matvec).c_str(), fmtTime(d.sgdIteration).c_str(), fmtTime(fastIter).c_str(),
                    d.checkDiff);
    }
    std::printf(
        "\nn = 16 would need 2 × 16 GiB of float32 matrices and is out of reach for the dense approach.\n\n");

    std::printf("### Reference SGD vs solver (planted games + noise sd 0.01)\n\n");
    std::printf(
        "Reference = the lab's SGD with its defaults (single: lr 1e-6 → 1e-7 logspace, 50000 iterations, "
        "qthres 0.04; joint: lr 1e-7, 20000 iterations, α 0.1, qthres 0.02, pthres 0.5). Solver = "
        "preconditioned primal-dual in interaction form, tolerance 1e-6 relative gap, at most 50000 steps. "
        "\"Solver to beat reference\": the solver re-run with the step budget at which its objective first "
        "went below the reference's final objective. Dense reference time = iterations × the dense SGD "
        "iteration above (extrapolated).\n\n");
    std::printf(
        "| problem | n | reference time | reference objective | dense reference (est.) | solver time | "
        "solver objective | lower bound | rel. gap | steps | solver to beat reference |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (int n : {10, 12, 14}) {
        if (quick && n > 10)
            break;
        for (int joint = 0; joint < 2; ++joint) {
            const SolveRow r = joint ? jointRow(n, quick) : singleRow(n, quick);
            std::string dense = "-";
            if (denseIteration.count(n))
                dense = fmtTime(denseIteration[n] * r.refIters * (joint ? 2 : 1));
            const double gap = (r.solverLoss - r.solverBound) / std::max(1.0, r.solverLoss);
            std::string beat = r.beatTime >= 0
                                   ? fmtTime(r.beatTime) + " (" + std::to_string(r.beatIters) + " steps)"
                                   : "not reached";
            std::printf("| %s | %d | %s | %.4f | %s | %s | %.4f | %.4f | %.1e | %d | %s |\n", r.what.c_str(),
                        n, fmtTime(r.refTime).c_str(), r.refLoss, dense.c_str(),
                        fmtTime(r.solverTime).c_str(), r.solverLoss, r.solverBound, gap, r.solverIters,
                        beat.c_str());
            std::fflush(stdout);
        }
    }
    std::printf("\n<!-- end: interactions -->\n");
    return 0;
}
