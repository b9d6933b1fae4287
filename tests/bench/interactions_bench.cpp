// interlens_interactions_bench [--quick]: prints the "interactions" section of BENCHMARKS.md.
//  1. time per fast transform (O(n·2^n), in place, float64) for n = 10..20;
//  2. the lab's dense 2^n×2^n float32 matrices (GEN get_reward2Iand_mat/get_reward2Ior_mat) with Eigen: one
//  matvec,
//     and the dense SGD iteration, where the matrices fit in memory (n <= 14: 2 × 1 GiB);
//  3. reference (lab SGD, lab defaults) vs the solver (exact form, to 1e-4 and 1e-6) vs the previous
//     primal-dual default vs the dense formulation, planted pairs, n = 8..16, one model and two jointly.
#include "common/fixtures.h"
#include "interactions/pdhg_solver.h"
#include "interactions/sparsify.h"
#include "interactions/transforms.h"

#include <Eigen/Dense>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

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

// The games: two models sharing 2 AND and 1 OR term, each with 2 own terms (random coalitions of 1-3
// players), Gaussian noise sd 0.02, v(∅) = 0.
std::vector<std::vector<double>> plantedPair(int n, unsigned seed)
{
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal;
    std::uniform_int_distribution<int> player(0, n - 1);
    auto coalition = [&] {
        std::size_t mask = 0;
        const int size = 1 + int(rng() % 3);
        for (int k = 0; k < size; ++k)
            mask |= std::size_t{1} << player(rng);
        return mask;
    };
    struct Term
    {
        bool isAnd;
        std::size_t mask;
        double c;
    };
    std::vector<Term> shared;
    for (int k = 0; k < 3; ++k)
        shared.push_back({k < 2, coalition(), 0.5 + std::abs(normal(rng))});
    std::vector<std::vector<double>> vs;
    for (int model = 0; model < 2; ++model) {
        std::vector<Term> terms = shared;
        for (int k = 0; k < 2; ++k)
            terms.push_back({k == 0, coalition(), 0.5 * normal(rng)});
        std::vector<double> v(std::size_t{1} << n);
        for (std::size_t s = 0; s < v.size(); ++s) {
            double x = 0.0;
            for (const Term& t : terms)
                x += t.c * (t.isAnd ? double((s & t.mask) == t.mask) : double((s & t.mask) != 0));
            v[s] = x + 0.02 * normal(rng);
        }
        const double empty = v[0];
        for (double& x : v)
            x -= empty;
        vs.push_back(std::move(v));
    }
    return vs;
}

struct Solved
{
    double time = 0.0, loss = 0.0, bound = 0.0;
    int iterations = 0;
    bool converged = false;
    std::vector<double> qBounds, pBounds; // the solver's bounds (solveOnce)
};

// Reference mode (the lab's defaults) or the solver at `tolerance` on the single game vs[0] or the pair.
Solved solveOnce(const std::vector<std::vector<double>>& vs, bool joint, bool reference, double tolerance,
                 const std::vector<double>& averageOutput = {})
{
    Solved out;
    const auto start = Clock::now();
    if (joint) {
        JointOptions options; // GEN joint defaults: α 0.1, qthres 0.02, pthres 0.5, lr 1e-7, 20000 iterations
        options.mode = reference ? SparsifyMode::Reference : SparsifyMode::Solver;
        options.tolerance = tolerance;
        options.recording = LossRecording::None;
        options.averageOutput = averageOutput;
        const JointResult r = sparsifyJoint(vs, options);
        out = {0.0, r.loss, r.lowerBound, r.iterations, r.converged, {}, {}};
        for (std::size_t i = 0; i < r.models.size(); ++i) {
            out.qBounds.push_back(r.models[i].qBound);
            out.pBounds.push_back(r.pBound.empty() ? 0.0 : r.pBound[i]);
        }
    } else {
        SparsifyOptions options; // independent setting: qthres 0.04, lr 1e-6 decaying, 50000 iterations
        options.mode = reference ? SparsifyMode::Reference : SparsifyMode::Solver;
        options.tolerance = tolerance;
        options.recording = LossRecording::None;
        const SingleResult r = sparsify(vs[0], options);
        out = {0.0, r.loss, r.lowerBound, r.iterations, r.converged, {r.qBound}, {0.0}};
    }
    out.time = seconds(start);
    return out;
}

// One solver form alone at 1e-6 on the games with the given bounds.
Solved formOnce(const std::vector<std::vector<double>>& games, SolverForm form,
                const std::vector<double>& qBounds, const std::vector<double>& pBounds)
{
    SolverSettings settings;
    settings.form = form;
    settings.alpha = 0.1;
    const auto start = Clock::now();
    const JointResult r = solveJoint(games, qBounds, pBounds, settings);
    return {seconds(start), r.loss, r.lowerBound, r.iterations, r.converged, qBounds, pBounds};
}

// The previous default (primal-dual, interaction form) at 1e-6, for the before/after column.
Solved primalDualOnce(const std::vector<std::vector<double>>& vs, bool joint)
{
    std::vector<double> qBounds, pBounds;
    for (const auto& v : vs) {
        qBounds.push_back((joint ? 0.02 : 0.04) * std::abs(v.back() - v.front()));
        pBounds.push_back(0.5 * (v.back() - v.front()));
    }
    const std::size_t models = joint ? 2 : 1;
    return formOnce({vs.begin(), vs.begin() + models}, SolverForm::Interactions,
                    {qBounds.begin(), qBounds.begin() + models}, {pBounds.begin(), pBounds.begin() + models});
}

std::string gapText(const Solved& s)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1e%s", (s.loss - s.bound) / std::max(1.0, std::abs(s.loss)),
                  s.converged ? "" : " (not converged)");
    return buf;
}

// A lab golden game (../shared/fixtures/interactions): v (single) or v1, v2 with the batch's average outputs.
bool loadGoldenGame(const char* name, std::vector<std::vector<double>>& vs,
                    std::vector<double>& averageOutput)
{
    QFile file(interlens::test::fixturePath(QStringLiteral("interactions/%1.json").arg(QLatin1String(name))));
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QJsonObject root = QJsonDocument::fromJson(file.readAll()).object();
    auto numbers = [](const QJsonValue& value) {
        std::vector<double> out;
        for (const QJsonValue& x : value.toArray())
            out.push_back(x.toDouble());
        return out;
    };
    vs.clear();
    for (const char* key : {"v", "v1", "v2"})
        if (root.contains(QLatin1String(key)))
            vs.push_back(numbers(root.value(QLatin1String(key))));
    for (auto& v : vs) { // sparsification inputs are centred (the exact cases keep v(∅))
        const double empty = v[0];
        for (double& x : v)
            x -= empty;
    }
    averageOutput = numbers(
        root.value(QLatin1String("hyperparameters")).toObject().value(QLatin1String("average_model_output")));
    return !vs.empty();
}

// Reference vs solver on the lab's golden games: planted pairs with noise sd 0.01 (denser optimal supports
// than the planted games above) and random games whose optimal support is most of the 2^n interactions.
void goldenTable()
{
    std::printf(
        "### The lab's golden games (../shared/fixtures/interactions), same run\n\n"
        "Reference and solver as above (lab defaults; joint p bounds from the batch's average output "
        "stored in the file). Random games are dense: their optimal support is most of the 2^n "
        "interactions. Pivots: the simplex's pivots plus the interior point's iterations where the solver "
        "handed over to it. Interior point alone: that form forced (SolverForm::InteriorPoint) at 1e-6 on "
        "the solver's bounds.\n\n"
        "| game | models | n | reference | ref. objective | solver to 1e-4 | solver to 1e-6 | objective | "
        "lower bound | rel. gap | pivots | ratio | interior point alone | its rel. gap |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (const char* name :
         {"c_joint_J8_p0", "c_joint_J10_p0", "c_joint_J10_p1", "b_random_sparse_n10_lr1e-6_it20000",
          "b_random_normal_n8_lr1e-7_it20000", "a_exact_n10_normal_s110"}) {
        std::vector<std::vector<double>> vs;
        std::vector<double> average;
        if (!loadGoldenGame(name, vs, average)) {
            std::printf("| %s | fixture not found | | | | | | | | | | | | |\n", name);
            continue;
        }
        const bool joint = vs.size() == 2;
        const Solved ref = solveOnce(vs, joint, true, 0.0, average);
        const Solved coarse = solveOnce(vs, joint, false, 1e-4, average);
        const Solved fine = solveOnce(vs, joint, false, 1e-6, average);
        const Solved interior = formOnce(vs, SolverForm::InteriorPoint, fine.qBounds, fine.pBounds);
        std::printf("| %s | %zu | %d | %s | %.6f | %s | %s | %.6f | %.6f | %s | %d | %.1f× | %s | %s |\n",
                    name, vs.size(), std::countr_zero(vs[0].size()), fmtTime(ref.time).c_str(), ref.loss,
                    (fmtTime(coarse.time) + (coarse.converged ? "" : " (not converged)")).c_str(),
                    fmtTime(fine.time).c_str(), fine.loss, fine.bound, gapText(fine).c_str(), fine.iterations,
                    ref.time / fine.time, fmtTime(interior.time).c_str(), gapText(interior).c_str());
        std::fflush(stdout);
    }
    std::printf("\n");
}

// A study's joint pass in small: every pair of the lab's four n = 10 golden games (both models of
// c_joint_J10_p0 and c_joint_J10_p1), as a study pairs every model with every other on one prompt. The solver
// with the single-model seeds forgotten before each pair (each pair alone, as before the seed cache) and kept
// across the pairs (as in a study), and the reference, all in this run.
void pairsTable()
{
    std::vector<std::vector<double>> games, averages;
    std::vector<std::string> names;
    for (const char* name : {"c_joint_J10_p0", "c_joint_J10_p1"}) {
        std::vector<std::vector<double>> vs;
        std::vector<double> average;
        if (!loadGoldenGame(name, vs, average)) {
            std::printf("(fixture %s not found: no pairs table)\n\n", name);
            return;
        }
        for (std::size_t i = 0; i < vs.size(); ++i) {
            games.push_back(vs[i]);
            averages.push_back({average[i]});
            names.push_back(std::string(name + 8) + (i == 0 ? "/v1" : "/v2"));
        }
    }
    std::printf(
        "### A study's joint pass in small: all pairs of four n = 10 games, same run\n\n"
        "Games: both models of c_joint_J10_p0 and c_joint_J10_p1, every pair (6), lab defaults as above. "
        "Solver to 1e-6 with each model's single-model seed solved again for every pair (before) and "
        "kept across the pairs (after; identical results and pivots).\n\n"
        "| pair | reference | solver, seeds per pair | solver, seeds kept | objective | rel. gap | pivots "
        "|\n|---|---|---|---|---|---|---|\n");
    std::vector<std::pair<std::size_t, std::size_t>> pairs;
    for (std::size_t a = 0; a < games.size(); ++a)
        for (std::size_t b = a + 1; b < games.size(); ++b)
            pairs.push_back({a, b});
    auto solvePair = [&](std::pair<std::size_t, std::size_t> p, bool reference) {
        return solveOnce({games[p.first], games[p.second]}, true, reference, reference ? 0.0 : 1e-6,
                         {averages[p.first][0], averages[p.second][0]});
    };
    double totals[3] = {0.0, 0.0, 0.0};
    std::vector<Solved> alone;
    for (const auto& p : pairs) {
        clearSingleSeedCache();
        alone.push_back(solvePair(p, false));
        totals[1] += alone.back().time;
    }
    clearSingleSeedCache();
    bool same = true;
    for (std::size_t k = 0; k < pairs.size(); ++k) {
        const Solved kept = solvePair(pairs[k], false);
        const Solved ref = solvePair(pairs[k], true);
        totals[2] += kept.time;
        totals[0] += ref.time;
        same = same && kept.loss == alone[k].loss && kept.iterations == alone[k].iterations;
        std::printf("| %s + %s | %s | %s | %s | %.6f | %s | %d |\n", names[pairs[k].first].c_str(),
                    names[pairs[k].second].c_str(), fmtTime(ref.time).c_str(), fmtTime(alone[k].time).c_str(),
                    fmtTime(kept.time).c_str(), kept.loss, gapText(kept).c_str(), kept.iterations);
        std::fflush(stdout);
    }
    std::printf("| all 6 | %s | %s | %s | | | |\n\nSolver vs reference: %.1f× (seeds per pair) and %.1f× "
                "(seeds kept); results identical: %s.\n\n",
                fmtTime(totals[0]).c_str(), fmtTime(totals[1]).c_str(), fmtTime(totals[2]).c_str(),
                totals[0] / totals[1], totals[0] / totals[2], same ? "yes" : "NO");
}

// --game NAME: reference vs solver (to 1e-6) on one golden game, one line (for quick comparisons).
int oneGame(const char* name)
{
    std::vector<std::vector<double>> vs;
    std::vector<double> average;
    if (!loadGoldenGame(name, vs, average)) {
        std::fprintf(stderr, "golden game %s not found\n", name);
        return 2;
    }
    const bool joint = vs.size() == 2;
    const Solved ref = solveOnce(vs, joint, true, 0.0, average);
    const Solved fine = solveOnce(vs, joint, false, 1e-6, average);
    const Solved interior = formOnce(vs, SolverForm::InteriorPoint, fine.qBounds, fine.pBounds);
    std::printf(
        "%s: reference %s (objective %.6f), solver %s (objective %.6f, bound %.6f, rel. gap %s, %d "
        "pivots), ratio %.1fx; interior point alone %s (objective %.6f, rel. gap %s, %d iterations)\n",
        name, fmtTime(ref.time).c_str(), ref.loss, fmtTime(fine.time).c_str(), fine.loss, fine.bound,
        gapText(fine).c_str(), fine.iterations, ref.time / fine.time, fmtTime(interior.time).c_str(),
        interior.loss, gapText(interior).c_str(), interior.iterations);
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc > 2 && std::strcmp(argv[1], "--game") == 0)
        return oneGame(argv[2]);
    if (argc > 1 && std::strcmp(argv[1], "--pairs") == 0) {
        pairsTable();
        return 0;
    }
    const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
    std::printf("<!-- section: interactions -->\n## Interactions (AND/OR transforms, sparsification)\n\n");
    std::printf(
        "Machine: 2-core Debian 12 VM, no GPU (shared with other jobs). Command: `cmake --build build "
        "--target interlens_interactions_bench && build/tests/bench/interlens_interactions_bench%s` "
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

    std::printf(
        "### Reference SGD vs solver vs the lab's dense formulation (planted pairs + noise sd 0.02)\n\n");
    std::printf(
        "Games: two models sharing 2 AND and 1 OR term, 2 own terms each, noise sd 0.02 (single = the first "
        "model). Reference = the lab's SGD with its defaults (single: lr 1e-6 → 1e-7, 50000 iterations, "
        "qthres "
        "0.04; joint: lr 1e-7, 20000 iterations, α 0.1, qthres 0.02, pthres 0.5). Solver = the exact form "
        "(row "
        "and column generation, simplex master over generator columns, idle rows and blocks dropped) at "
        "tolerance 1e-4 and 1e-6 (relative certified gap); "
        "primal-dual = the previous default (interaction form, 1e-6, at most 50000 steps). Dense = the "
        "reference's iterations × the dense SGD iteration above (the lab's formulation; estimated, n <= 14). "
        "Ratio = reference time / solver time to 1e-6. All columns of a row come from the same run.\n\n");
    std::printf("| problem | n | reference | ref. objective | dense (est.) | primal-dual (1e-6) | p-d gap | "
                "solver to 1e-4 | solver to 1e-6 | objective | lower bound | rel. gap | pivots | ratio |\n"
                "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    const int maxN = quick ? 10 : 16;
    for (int n = 8; n <= maxN; n += 2)
        for (int joint = 0; joint < 2; ++joint) {
            const auto vs = plantedPair(n, 1000 + unsigned(n));
            const bool withReference = n <= 14;
            const Solved ref = withReference ? solveOnce(vs, joint, true, 0.0) : Solved{};
            const Solved pd = n <= 12 ? primalDualOnce(vs, joint) : Solved{};
            const Solved coarse = solveOnce(vs, joint, false, 1e-4);
            const Solved fine = solveOnce(vs, joint, false, 1e-6);
            std::string dense = "-";
            if (denseIteration.count(n))
                dense = fmtTime(denseIteration[n] * ref.iterations * (joint ? 2 : 1));
            char ratio[32] = "-";
            if (withReference)
                std::snprintf(ratio, sizeof ratio, "%.0f×", ref.time / fine.time);
            std::printf("| %s | %d | %s | %s | %s | %s | %s | %s | %s | %.6f | %.6f | %s | %d | %s |\n",
                        joint ? "joint" : "single", n, withReference ? fmtTime(ref.time).c_str() : "-",
                        withReference ? std::to_string(ref.loss).c_str() : "-", dense.c_str(),
                        n <= 12 ? fmtTime(pd.time).c_str() : "-", n <= 12 ? gapText(pd).c_str() : "-",
                        (fmtTime(coarse.time) + (coarse.converged ? "" : " (not converged)")).c_str(),
                        fmtTime(fine.time).c_str(), fine.loss, fine.bound, gapText(fine).c_str(),
                        fine.iterations, ratio);
            std::fflush(stdout);
        }
    std::printf("\n");
    goldenTable();
    pairsTable();
    std::printf("<!-- end: interactions -->\n");
    return 0;
}
