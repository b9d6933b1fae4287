// Solver, interaction form: primal variables I_and^i, I_or^i (see pdhg_solver.h).
#include "interactions/pdhg_solver.h"

#include "interactions/pdhg_restart.h"
#include "interactions/sparsify_problem.h"
#include "interactions/transforms.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

namespace interlens {

using namespace sparsify_detail;

namespace {

using Vectors = std::vector<std::vector<double>>;

// Primal: the interactions themselves, a_i = I_and^i and o_i = I_or^i.
struct Point
{
    Vectors a, o;
};

// Dual: y_i for the matching rows r_i = Z a_i + W o_i ∈ v_i ± qBound_i, z_p for the pair rows
// d_p = γ_i - γ_j ∈ ±(pBound_i + pBound_j), γ_i = ½(Z a_i - W o_i).
struct DualPoint
{
    Vectors y, z;
};

struct Pair
{
    std::size_t first, second;
    double bound;
};

// prox of σ·(support function of [lo, hi]) at w: w - σ·clip(w/σ, lo, hi), without the division.
inline double boxDualProx(double w, double sigma, double lo, double hi)
{
    const double top = sigma * hi, bottom = sigma * lo;
    return w > top ? w - top : (w < bottom ? w - bottom : 0.0);
}

template <typename F> void eachVector(Vectors& a, Vectors& b, F f)
{
    for (auto& v : a)
        f(v);
    for (auto& v : b)
        f(v);
}

class InteractionFormSolver
{
public:
    InteractionFormSolver(std::span<const std::vector<double>> vs, std::span<const double> qBounds,
                          std::span<const double> pBounds, const SolverSettings& settings)
        : m_vs(vs), m_settings(settings), m_models(vs.size()), m_size(vs[0].size()),
          m_n(playerCountOf(vs[0].size())), m_alpha(vs.size() == 1 ? 1.0 : settings.alpha)
    {
        for (std::size_t i = 0; i < m_models; ++i) {
            m_qBounds.push_back(std::abs(qBounds[i]));
            m_pBounds.push_back(m_models > 1 ? std::abs(pBounds[i]) : 0.0);
        }
        for (std::size_t i = 0; i < m_models; ++i)
            for (std::size_t j = i + 1; j < m_models; ++j)
                m_pairs.push_back({i, j, m_pBounds[i] + m_pBounds[j]});
        buildSteps();
        m_scratch.resize(2 * m_models);
    }

    JointResult run();

private:
    void buildSteps();
    // r_i and γ_i of a primal point.
    void forward(const Point& x, Vectors& rows, Vectors& gammas) const;
    // K^T (y, z): gradients for a_i and o_i.
    void adjoint(const DualPoint& d, Vectors& ga, Vectors& go) const;
    // Feasible original-form point (γ̄, γ̂_i, q_i) from x and its objective.
    double roundedObjective(const Point& x, JointSplit* split = nullptr) const;
    double dualBound(const DualPoint& d);
    Point zeroPoint() const
    {
        return {Vectors(m_models, std::vector<double>(m_size, 0.0)),
                Vectors(m_models, std::vector<double>(m_size, 0.0))};
    }
    DualPoint zeroDual() const
    {
        return {Vectors(m_models, std::vector<double>(m_size, 0.0)),
                Vectors(m_pairs.size(), std::vector<double>(m_size, 0.0))};
    }

    std::span<const std::vector<double>> m_vs;
    SolverSettings m_settings;
    std::size_t m_models, m_size;
    int m_n;
    double m_alpha;
    std::vector<double> m_qBounds, m_pBounds;
    std::vector<Pair> m_pairs;
    std::vector<double> m_tauA, m_tauO, m_sigma;
    std::vector<double> m_scratch;
    mutable std::vector<double> m_orGame; // scratch of forward()
};

void InteractionFormSolver::buildSteps()
{
    // Diagonal steps of Pock & Chambolle (2011): 1/(column sums of |K|) and 1/(row sums of |K|).
    const double full = std::ldexp(1.0, m_n);
    const double pairShare = 1.0 + 0.5 * static_cast<double>(m_models - 1);
    m_tauA.resize(m_size);
    m_tauO.resize(m_size);
    m_sigma.resize(m_size);
    for (std::size_t t = 0; t < m_size; ++t) {
        const int order = std::popcount(t);
        const double colZ = std::ldexp(1.0, m_n - order); // #{S ⊇ T}
        const double colW = t == 0 ? full : full - colZ;  // #{S : S ∩ T ≠ ∅} (all S for ∅)
        m_tauA[t] = 1.0 / (colZ * pairShare);
        m_tauO[t] = 1.0 / (colW * pairShare);
        const double rowZ = std::ldexp(1.0, order);
        const double rowW = 1.0 + full - std::ldexp(1.0, m_n - order);
        m_sigma[t] = 1.0 / (rowZ + rowW);
    }
}

void InteractionFormSolver::forward(const Point& x, Vectors& rows, Vectors& gammas) const
{
    std::vector<double>& wo = m_orGame;
    for (std::size_t i = 0; i < m_models; ++i) {
        rows[i] = x.a[i];
        zetaSub(rows[i]);
        wo = x.o[i];
        gameFromOr(wo);
        for (std::size_t s = 0; s < m_size; ++s) {
            gammas[i][s] = 0.5 * (rows[i][s] - wo[s]);
            rows[i][s] += wo[s];
        }
    }
}

void InteractionFormSolver::adjoint(const DualPoint& d, Vectors& ga, Vectors& go) const
{
    for (std::size_t i = 0; i < m_models; ++i) {
        ga[i] = d.y[i];
        go[i] = d.y[i];
    }
    for (std::size_t p = 0; p < m_pairs.size(); ++p)
        for (std::size_t s = 0; s < m_size; ++s) {
            const double h = 0.5 * d.z[p][s];
            ga[m_pairs[p].first][s] += h;
            go[m_pairs[p].first][s] -= h;
            ga[m_pairs[p].second][s] -= h;
            go[m_pairs[p].second][s] += h;
        }
    for (std::size_t i = 0; i < m_models; ++i) {
        zetaSup(ga[i]);
        gameFromOrAdjoint(go[i]);
    }
}

double InteractionFormSolver::roundedObjective(const Point& x, JointSplit* splitOut) const
{
    Vectors rows(m_models, std::vector<double>(m_size)), gammas = rows;
    forward(x, rows, gammas);
    JointSplit split;
    const double value = feasibleSplit(m_vs, rows, gammas, m_qBounds, m_pBounds, m_alpha, split);
    if (splitOut)
        *splitOut = std::move(split);
    return value;
}

double InteractionFormSolver::dualBound(const DualPoint& d)
{
    // D = -σ_C(y, z) / max(1, gauge(K^T(y, z))), σ_C the support function of the constraint boxes.
    Vectors ga(m_models), go(m_models);
    adjoint(d, ga, go);
    double gauge = 0.0;
    double* block = m_scratch.data() + m_models;
    for (const Vectors* g : {&ga, &go})
        for (std::size_t s = 0; s < m_size; ++s) {
            for (std::size_t i = 0; i < m_models; ++i)
                block[i] = (*g)[i][s];
            gauge = std::max(gauge, blockDualNorm(block, m_models, m_alpha, m_scratch.data()));
        }
    double support = 0.0;
    for (std::size_t i = 0; i < m_models; ++i)
        for (std::size_t s = 0; s < m_size; ++s)
            support += m_vs[i][s] * d.y[i][s] + m_qBounds[i] * std::abs(d.y[i][s]);
    for (std::size_t p = 0; p < m_pairs.size(); ++p)
        for (std::size_t s = 0; s < m_size; ++s)
            support += m_pairs[p].bound * std::abs(d.z[p][s]);
    return -support / std::max(1.0, gauge);
}

JointResult InteractionFormSolver::run()
{
    Point x = zeroPoint(), xPrev = x, xBar = x, xSum = zeroPoint();
    DualPoint d = zeroDual(), dSum = zeroDual();
    Vectors ga(m_models), go(m_models);
    Vectors rows(m_models, std::vector<double>(m_size)), gammas = rows;
    PdhgRestarts<Point, DualPoint> restarts(x, d, roundedObjective(x), m_settings);
    double omega = restarts.omega();
    int averaged = 0;
    int iter = 0;
    const int maxIter = std::max(1, m_settings.maxIterations);
    const int checkEvery = std::max(1, m_settings.checkEvery);
    JointResult result;
    double* block = m_scratch.data() + m_models;

    while (iter < maxIter) {
        // Primal: x ← prox_{T·G}(x - T·K^T d); G is a norm on each block, prox = w - τ·proj_B(w/τ).
        adjoint(d, ga, go);
        xPrev = x;
        for (int type = 0; type < 2; ++type) {
            Vectors& vals = type == 0 ? x.a : x.o;
            const Vectors& grad = type == 0 ? ga : go;
            const std::vector<double>& tau = type == 0 ? m_tauA : m_tauO;
            if (m_models == 1) {
                // One model: the prox of step·|x| is soft-thresholding (same as the general path, no
                // division).
                double* v = vals[0].data();
                const double* g = grad[0].data();
                for (std::size_t s = 0; s < m_size; ++s) {
                    const double step = omega * tau[s];
                    const double w = v[s] - step * g[s];
                    v[s] = w > step ? w - step : (w < -step ? w + step : 0.0);
                }
                continue;
            }
            for (std::size_t s = 0; s < m_size; ++s) {
                const double step = omega * tau[s];
                for (std::size_t i = 0; i < m_models; ++i)
                    block[i] = (vals[i][s] - step * grad[i][s]) / step;
                projectBlock(block, m_models, m_alpha, m_scratch.data());
                for (std::size_t i = 0; i < m_models; ++i)
                    vals[i][s] = vals[i][s] - step * grad[i][s] - step * block[i];
            }
        }
        for (std::size_t i = 0; i < m_models; ++i)
            for (std::size_t s = 0; s < m_size; ++s) {
                xBar.a[i][s] = 2.0 * x.a[i][s] - xPrev.a[i][s];
                xBar.o[i][s] = 2.0 * x.o[i][s] - xPrev.o[i][s];
            }
        // Dual: d ← prox_{Σ F*}(d + Σ K x̄) = w - Σ·clip(w/Σ, box).
        forward(xBar, rows, gammas);
        for (std::size_t i = 0; i < m_models; ++i)
            for (std::size_t s = 0; s < m_size; ++s) {
                const double sigma = m_sigma[s] / omega;
                const double w = d.y[i][s] + sigma * rows[i][s];
                d.y[i][s] = boxDualProx(w, sigma, m_vs[i][s] - m_qBounds[i], m_vs[i][s] + m_qBounds[i]);
            }
        for (std::size_t p = 0; p < m_pairs.size(); ++p)
            for (std::size_t s = 0; s < m_size; ++s) {
                const double sigma = m_sigma[s] / omega;
                const double w =
                    d.z[p][s] + sigma * (gammas[m_pairs[p].first][s] - gammas[m_pairs[p].second][s]);
                d.z[p][s] = boxDualProx(w, sigma, -m_pairs[p].bound, m_pairs[p].bound);
            }
        ++iter;
        for (std::size_t i = 0; i < m_models; ++i)
            for (std::size_t s = 0; s < m_size; ++s) {
                xSum.a[i][s] += x.a[i][s];
                xSum.o[i][s] += x.o[i][s];
                dSum.y[i][s] += d.y[i][s];
            }
        for (std::size_t p = 0; p < m_pairs.size(); ++p)
            for (std::size_t s = 0; s < m_size; ++s)
                dSum.z[p][s] += d.z[p][s];
        ++averaged;

        if (iter % checkEvery != 0 && iter != maxIter)
            continue;
        throwIfCancelled(m_settings.cancel);
        Point xAvg = xSum;
        DualPoint dAvg = dSum;
        const double w = 1.0 / averaged;
        eachVector(xAvg.a, xAvg.o, [w](std::vector<double>& v) {
            for (double& a : v)
                a *= w;
        });
        eachVector(dAvg.y, dAvg.z, [w](std::vector<double>& v) {
            for (double& a : v)
                a *= w;
        });
        const double pCur = roundedObjective(x), dCur = dualBound(d);
        const double pAvg = roundedObjective(xAvg), dAvgBound = dualBound(dAvg);
        const bool done = restarts.check(x, pCur, dCur, xAvg, pAvg, dAvgBound);
        if (m_settings.recording != LossRecording::None)
            result.lossCurve.push_back({iter, restarts.bestObjective(), restarts.bestBound()});
        if (done)
            break;
        auto distances = [&](const Point& x1, const Point& x0, const DualPoint& d1, const DualPoint& d0) {
            double dx = 0.0, dd = 0.0;
            for (std::size_t i = 0; i < m_models; ++i)
                for (std::size_t s = 0; s < m_size; ++s) {
                    dx += std::pow(x1.a[i][s] - x0.a[i][s], 2) / m_tauA[s] +
                          std::pow(x1.o[i][s] - x0.o[i][s], 2) / m_tauO[s];
                    dd += std::pow(d1.y[i][s] - d0.y[i][s], 2) / m_sigma[s];
                }
            for (std::size_t p = 0; p < m_pairs.size(); ++p)
                for (std::size_t s = 0; s < m_size; ++s)
                    dd += std::pow(d1.z[p][s] - d0.z[p][s], 2) / m_sigma[s];
            return std::pair{dx, dd};
        };
        if (restarts.restart(x, d, xAvg, dAvg, averaged, distances)) {
            omega = restarts.omega();
            xSum = zeroPoint();
            dSum = zeroDual();
            averaged = 0;
        }
    }

    JointSplit split;
    result.loss = roundedObjective(restarts.best(), &split);
    result.mode = SparsifyMode::Solver;
    result.alpha = m_alpha;
    result.iterations = iter;
    result.lowerBound = restarts.bestBound();
    result.gap = std::max(0.0, result.loss - restarts.bestBound());
    result.pBound = m_pBounds;
    finishJoint(m_vs, split, m_qBounds, result);
    return result;
}

} // namespace

JointResult solveJointInteractionForm(std::span<const std::vector<double>> vs,
                                      std::span<const double> qBounds, std::span<const double> pBounds,
                                      const SolverSettings& settings)
{
    InteractionFormSolver solver(vs, qBounds, pBounds, settings);
    return solver.run();
}

} // namespace interlens
