// Solver, game form: primal variables γ̄, γ̂_i, q_i (see pdhg_solver.h).
#include "interactions/pdhg_solver.h"

#include "interactions/pdhg_restart.h"
#include "interactions/sparsify_problem.h"
#include "interactions/transforms.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <random>

namespace interlens {

using namespace sparsify_detail;

namespace {

using Vectors = std::vector<std::vector<double>>;

struct Primal
{
    std::vector<double> shared; // γ̄ (γ itself for one model)
    Vectors own;                // γ̂_i, empty for one model
    Vectors q;
};

struct Dual
{
    Vectors lamAnd;
    Vectors lamOr;
};

template <typename F> void forEachVector(Primal& x, F f)
{
    f(x.shared);
    for (auto& v : x.own)
        f(v);
    for (auto& v : x.q)
        f(v);
}

class Solver
{
public:
    Solver(std::span<const std::vector<double>> vs, std::span<const double> qBounds,
           std::span<const double> pBounds, const SolverSettings& settings)
        : m_vs(vs), m_settings(settings), m_models(vs.size()), m_size(vs[0].size()),
          m_n(playerCountOf(vs[0].size())), m_alpha(vs.size() == 1 ? 1.0 : settings.alpha)
    {
        for (std::size_t i = 0; i < m_models; ++i) {
            m_qBounds.push_back(std::abs(qBounds[i]));
            m_pBounds.push_back(m_models > 1 ? std::abs(pBounds[i]) : 0.0);
        }
        // c = K·0 + c: the interactions of ½v.
        const std::vector<double> zero(m_size, 0.0);
        m_cAnd.resize(m_models);
        m_cOr.resize(m_models);
        for (std::size_t i = 0; i < m_models; ++i)
            splitAndTransform(m_vs[i], zero, zero, {}, m_cAnd[i], m_cOr[i]);
        buildPreconditioners();
        // The diagonal rule guarantees ||Σ^½ K T^½|| <= 1 but is loose here; measure the norm and take the
        // largest safe steps.
        const double norm = estimateScaledNorm();
        if (norm > 0.0) {
            const double factor = 0.95 / norm;
            for (auto* vec : {&m_tauShared, &m_tauOwn, &m_tauQ, &m_sigmaAnd, &m_sigmaOr})
                for (double& a : *vec)
                    a *= factor;
        }
    }

    JointResult run();

private:
    void buildPreconditioners();
    double estimateScaledNorm();
    void forward(const Primal& x, Vectors& iAnd, Vectors& iOr) const;
    void adjoint(const Dual& lam, Vectors& gAnd, Vectors& gOr) const;
    double objective(const Primal& x);
    double dualBound(const Dual& lam);
    Primal zeroPrimal() const;
    void projectPrimal(Primal& x) const;
    Dual zeroDual() const;

    std::span<const std::vector<double>> m_vs;
    SolverSettings m_settings;
    std::size_t m_models;
    std::size_t m_size;
    int m_n;
    double m_alpha;
    std::vector<double> m_qBounds;
    std::vector<double> m_pBounds;
    Vectors m_cAnd, m_cOr;
    // Diagonal step sizes (Pock & Chambolle 2011, α = 1): τ_j = 1/Σ_i|K_ij|, σ_i = 1/Σ_j|K_ij|.
    std::vector<double> m_tauShared, m_tauOwn, m_tauQ, m_sigmaAnd, m_sigmaOr;
    Vectors m_workAnd, m_workOr;
    std::vector<double> m_scratch;
};

void Solver::buildPreconditioners()
{
    const std::size_t full = m_size - 1;
    const double models = static_cast<double>(m_models);
    const double rowWeight = 1.0 + (m_models > 1 ? 1.0 : 0.0) + 0.5; // |coefficients| of γ̄, γ̂_i, q_i in v_and
    m_tauShared.resize(m_size);
    m_tauOwn.resize(m_size);
    m_tauQ.resize(m_size);
    m_sigmaAnd.resize(m_size);
    m_sigmaOr.resize(m_size);
    for (std::size_t t = 0; t < m_size; ++t) {
        const int order = std::popcount(t);
        // Column sums of |M| and |M_or| for the game entry t.
        const double colAnd = std::ldexp(1.0, m_n - order);
        double colOr = std::ldexp(1.0, order);
        if (t == 0)
            colOr = 2.0;
        else if (t == full)
            colOr = std::ldexp(1.0, m_n) - 1.0;
        const double col = colAnd + colOr;
        m_tauShared[t] = 1.0 / (models * col);
        m_tauOwn[t] = 1.0 / col;
        m_tauQ[t] = 1.0 / (0.5 * col);
        // Row sums: 2^|S| entries of ±1 per row (the OR row of ∅ has one).
        m_sigmaAnd[t] = 1.0 / (rowWeight * std::ldexp(1.0, order));
        m_sigmaOr[t] = 1.0 / (rowWeight * (t == 0 ? 1.0 : std::ldexp(1.0, order)));
    }
    m_workAnd.assign(m_models, std::vector<double>(m_size));
    m_workOr.assign(m_models, std::vector<double>(m_size));
    m_scratch.resize(2 * m_models);
}

double Solver::estimateScaledNorm()
{
    // Power iteration on (Σ^½ K T^½)^T (Σ^½ K T^½), K the linear part (v = 0).
    const std::vector<double> zero(m_size, 0.0);
    std::mt19937_64 rng(12345);
    std::normal_distribution<double> normal;
    Primal x = zeroPrimal();
    forEachVector(x, [&](std::vector<double>& v) {
        for (double& a : v)
            a = normal(rng);
    });
    Vectors kAnd(m_models), kOr(m_models), gAnd(m_models), gOr(m_models);
    double estimate = 0.0;
    for (int it = 0; it < 60; ++it) {
        double norm = 0.0;
        forEachVector(x, [&](std::vector<double>& v) {
            for (double a : v)
                norm += a * a;
        });
        norm = std::sqrt(norm);
        if (norm == 0.0)
            return 0.0;
        // x ← T^½ x / |x|
        Primal scaledX = x;
        for (std::size_t s = 0; s < m_size; ++s)
            scaledX.shared[s] *= std::sqrt(m_tauShared[s]) / norm;
        for (std::size_t i = 0; i < m_models; ++i)
            for (std::size_t s = 0; s < m_size; ++s) {
                if (m_models > 1)
                    scaledX.own[i][s] *= std::sqrt(m_tauOwn[s]) / norm;
                scaledX.q[i][s] *= std::sqrt(m_tauQ[s]) / norm;
            }
        for (std::size_t i = 0; i < m_models; ++i)
            splitAndTransform(zero, scaledX.q[i], scaledX.shared,
                              m_models > 1 ? std::span<const double>(scaledX.own[i])
                                           : std::span<const double>(),
                              kAnd[i], kOr[i]);
        Dual lam{kAnd, kOr};
        for (std::size_t i = 0; i < m_models; ++i)
            for (std::size_t s = 0; s < m_size; ++s) {
                lam.lamAnd[i][s] *= m_sigmaAnd[s];
                lam.lamOr[i][s] *= m_sigmaOr[s];
            }
        adjoint(lam, gAnd, gOr);
        for (std::size_t s = 0; s < m_size; ++s) {
            double total = 0.0;
            for (std::size_t i = 0; i < m_models; ++i)
                total += gAnd[i][s] - gOr[i][s];
            x.shared[s] = std::sqrt(m_tauShared[s]) * total;
        }
        for (std::size_t i = 0; i < m_models; ++i)
            for (std::size_t s = 0; s < m_size; ++s) {
                if (m_models > 1)
                    x.own[i][s] = std::sqrt(m_tauOwn[s]) * (gAnd[i][s] - gOr[i][s]);
                x.q[i][s] = std::sqrt(m_tauQ[s]) * 0.5 * (gAnd[i][s] + gOr[i][s]);
            }
        double next = 0.0;
        forEachVector(x, [&](std::vector<double>& v) {
            for (double a : v)
                next += a * a;
        });
        estimate = std::sqrt(std::sqrt(next)); // |A^T A x| for |x| = 1 -> ||A||^2
    }
    return estimate;
}

void Solver::forward(const Primal& x, Vectors& iAnd, Vectors& iOr) const
{
    for (std::size_t i = 0; i < m_models; ++i)
        splitAndTransform(m_vs[i], x.q[i], x.shared,
                          m_models > 1 ? std::span<const double>(x.own[i]) : std::span<const double>(),
                          iAnd[i], iOr[i]);
}

void Solver::adjoint(const Dual& lam, Vectors& gAnd, Vectors& gOr) const
{
    for (std::size_t i = 0; i < m_models; ++i) {
        gAnd[i] = lam.lamAnd[i];
        moebiusSup(gAnd[i]);
        gOr[i] = lam.lamOr[i];
        orFromGameAdjoint(gOr[i]);
    }
}

double Solver::objective(const Primal& x)
{
    forward(x, m_workAnd, m_workOr);
    return jointLoss(m_workAnd, m_workOr, m_alpha);
}

double Solver::dualBound(const Dual& lamIn)
{
    // Repair: shift λ so that (K^T λ)_γ̄ = Σ_i (M^T λa_i - M_or^T λo_i) = d becomes exactly 0 (M^T Z^T = I and
    // M_or^T W^T = I), then scale into the dual ball; the result is dual feasible.
    Dual lam = lamIn;
    Vectors& gAnd = m_workAnd;
    Vectors& gOr = m_workOr;
    adjoint(lam, gAnd, gOr);
    std::vector<double> d(m_size, 0.0);
    for (std::size_t i = 0; i < m_models; ++i)
        for (std::size_t s = 0; s < m_size; ++s)
            d[s] += gAnd[i][s] - gOr[i][s];
    const double share = 1.0 / (2.0 * static_cast<double>(m_models));
    std::vector<double> corrAnd = d;
    zetaSup(corrAnd);
    std::vector<double> corrOr = d;
    gameFromOrAdjoint(corrOr);
    for (std::size_t i = 0; i < m_models; ++i)
        for (std::size_t s = 0; s < m_size; ++s) {
            lam.lamAnd[i][s] -= share * corrAnd[s];
            lam.lamOr[i][s] += share * corrOr[s];
            gAnd[i][s] -= share * d[s];
            gOr[i][s] += share * d[s];
        }
    double gauge = 0.0;
    for (int type = 0; type < 2; ++type) {
        Vectors& l = type == 0 ? lam.lamAnd : lam.lamOr;
        for (std::size_t s = 0; s < m_size; ++s) {
            double* block = m_scratch.data() + m_models;
            for (std::size_t i = 0; i < m_models; ++i)
                block[i] = l[i][s];
            gauge = std::max(gauge, blockDualNorm(block, m_models, m_alpha, m_scratch.data()));
        }
    }
    double value = 0.0;
    for (std::size_t i = 0; i < m_models; ++i) {
        double linear = 0.0, ownPenalty = 0.0, qPenalty = 0.0;
        for (std::size_t s = 0; s < m_size; ++s) {
            linear += lam.lamAnd[i][s] * m_cAnd[i][s] + lam.lamOr[i][s] * m_cOr[i][s];
            ownPenalty += std::abs(gAnd[i][s] - gOr[i][s]);
            qPenalty += std::abs(0.5 * (gAnd[i][s] + gOr[i][s]));
        }
        value += linear - m_pBounds[i] * ownPenalty - m_qBounds[i] * qPenalty;
    }
    return value / std::max(1.0, gauge);
}

Primal Solver::zeroPrimal() const
{
    Primal x;
    x.shared.assign(m_size, 0.0);
    if (m_models > 1)
        x.own.assign(m_models, std::vector<double>(m_size, 0.0));
    x.q.assign(m_models, std::vector<double>(m_size, 0.0));
    return x;
}

void Solver::projectPrimal(Primal& x) const
{
    for (std::size_t i = 0; i < m_models; ++i) {
        for (double& a : x.q[i])
            a = std::clamp(a, -m_qBounds[i], m_qBounds[i]);
        if (m_models > 1)
            for (double& a : x.own[i])
                a = std::clamp(a, -m_pBounds[i], m_pBounds[i]);
    }
}

Dual Solver::zeroDual() const
{
    return Dual{Vectors(m_models, std::vector<double>(m_size, 0.0)),
                Vectors(m_models, std::vector<double>(m_size, 0.0))};
}

void accumulate(std::vector<double>& sum, const std::vector<double>& x)
{
    for (std::size_t s = 0; s < sum.size(); ++s)
        sum[s] += x[s];
}

JointResult Solver::run()
{
    Primal x = zeroPrimal();
    Dual lam = zeroDual();
    Primal xPrev = x;
    Primal xBar = x;
    Primal xSum = zeroPrimal();
    Dual lamSum = zeroDual();
    int averaged = 0;
    Vectors gAnd(m_models, std::vector<double>(m_size)), gOr(m_models, std::vector<double>(m_size));
    Vectors kAnd(m_models, std::vector<double>(m_size)), kOr(m_models, std::vector<double>(m_size));

    PdhgRestarts<Primal, Dual> restarts(x, lam, objective(x), m_settings);
    double omega = restarts.omega();
    JointResult result;
    int iter = 0;
    const int maxIter = std::max(1, m_settings.maxIterations);
    const int checkEvery = std::max(1, m_settings.checkEvery);

    auto scaled = [](const Primal& sum, int count) {
        Primal out = sum;
        const double w = 1.0 / count;
        forEachVector(out, [w](std::vector<double>& v) {
            for (double& a : v)
                a *= w;
        });
        return out;
    };

    while (iter < maxIter) {
        // Primal step: x ← prox_G(x - T·K^T λ).
        adjoint(lam, gAnd, gOr);
        xPrev = x;
        for (std::size_t s = 0; s < m_size; ++s) {
            double total = 0.0;
            for (std::size_t i = 0; i < m_models; ++i)
                total += gAnd[i][s] - gOr[i][s];
            x.shared[s] -= omega * m_tauShared[s] * total;
        }
        for (std::size_t i = 0; i < m_models; ++i) {
            for (std::size_t s = 0; s < m_size; ++s) {
                if (m_models > 1)
                    x.own[i][s] = std::clamp(x.own[i][s] - omega * m_tauOwn[s] * (gAnd[i][s] - gOr[i][s]),
                                             -m_pBounds[i], m_pBounds[i]);
                x.q[i][s] = std::clamp(x.q[i][s] - omega * m_tauQ[s] * 0.5 * (gAnd[i][s] + gOr[i][s]),
                                       -m_qBounds[i], m_qBounds[i]);
            }
        }
        // Extrapolation and dual step: λ ← proj_B(λ + Σ·(K x̄ + c)).
        xBar = x;
        for (std::size_t s = 0; s < m_size; ++s)
            xBar.shared[s] = 2.0 * x.shared[s] - xPrev.shared[s];
        for (std::size_t i = 0; i < m_models; ++i)
            for (std::size_t s = 0; s < m_size; ++s) {
                if (m_models > 1)
                    xBar.own[i][s] = 2.0 * x.own[i][s] - xPrev.own[i][s];
                xBar.q[i][s] = 2.0 * x.q[i][s] - xPrev.q[i][s];
            }
        forward(xBar, kAnd, kOr);
        for (std::size_t i = 0; i < m_models; ++i)
            for (std::size_t s = 0; s < m_size; ++s) {
                lam.lamAnd[i][s] += m_sigmaAnd[s] / omega * kAnd[i][s];
                lam.lamOr[i][s] += m_sigmaOr[s] / omega * kOr[i][s];
            }
        for (int type = 0; type < 2; ++type) {
            Vectors& l = type == 0 ? lam.lamAnd : lam.lamOr;
            for (std::size_t s = 0; s < m_size; ++s) {
                double* block = m_scratch.data() + m_models;
                for (std::size_t i = 0; i < m_models; ++i)
                    block[i] = l[i][s];
                projectBlock(block, m_models, m_alpha, m_scratch.data());
                for (std::size_t i = 0; i < m_models; ++i)
                    l[i][s] = block[i];
            }
        }
        ++iter;

        // Running averages since the last restart.
        accumulate(xSum.shared, x.shared);
        for (std::size_t i = 0; i < m_models; ++i) {
            if (m_models > 1)
                accumulate(xSum.own[i], x.own[i]);
            accumulate(xSum.q[i], x.q[i]);
            accumulate(lamSum.lamAnd[i], lam.lamAnd[i]);
            accumulate(lamSum.lamOr[i], lam.lamOr[i]);
        }
        ++averaged;

        if (iter % checkEvery != 0 && iter != maxIter)
            continue;
        throwIfCancelled(m_settings.cancel);
        Primal xAvg = scaled(xSum, averaged);
        projectPrimal(xAvg); // an average of feasible points can leave the box by rounding
        Dual lamAvg = lamSum;
        for (std::size_t i = 0; i < m_models; ++i)
            for (std::size_t s = 0; s < m_size; ++s) {
                lamAvg.lamAnd[i][s] /= averaged;
                lamAvg.lamOr[i][s] /= averaged;
            }
        const double pCur = objective(x);
        const double dCur = dualBound(lam);
        const double pAvg = objective(xAvg);
        const double dAvg = dualBound(lamAvg);
        const bool done = restarts.check(x, pCur, dCur, xAvg, pAvg, dAvg);
        if (m_settings.recording != LossRecording::None)
            result.lossCurve.push_back({iter, restarts.bestObjective(), restarts.bestBound()});
        if (done)
            break;
        auto distances = [&](const Primal& x1, const Primal& x0, const Dual& l1, const Dual& l0) {
            double dx = 0.0, dl = 0.0;
            for (std::size_t s = 0; s < m_size; ++s)
                dx += std::pow(x1.shared[s] - x0.shared[s], 2) / m_tauShared[s];
            for (std::size_t i = 0; i < m_models; ++i)
                for (std::size_t s = 0; s < m_size; ++s) {
                    if (m_models > 1)
                        dx += std::pow(x1.own[i][s] - x0.own[i][s], 2) / m_tauOwn[s];
                    dx += std::pow(x1.q[i][s] - x0.q[i][s], 2) / m_tauQ[s];
                    dl += std::pow(l1.lamAnd[i][s] - l0.lamAnd[i][s], 2) / m_sigmaAnd[s];
                    dl += std::pow(l1.lamOr[i][s] - l0.lamOr[i][s], 2) / m_sigmaOr[s];
                }
            return std::pair{dx, dl};
        };
        if (restarts.restart(x, lam, xAvg, lamAvg, averaged, distances)) {
            omega = restarts.omega();
            xSum = zeroPrimal();
            lamSum = zeroDual();
            averaged = 0;
        }
    }

    result.mode = SparsifyMode::Solver;
    result.alpha = m_alpha;
    result.iterations = iter;
    result.loss = restarts.bestObjective();
    result.lowerBound = restarts.bestBound();
    result.gap = std::max(0.0, restarts.gap());
    result.pBound = m_pBounds;
    const Primal& best = restarts.best();
    finishJoint(m_vs, JointSplit{best.shared, best.own, best.q}, m_qBounds, result);
    return result;
}

} // namespace

JointResult solveJointGameForm(std::span<const std::vector<double>> vs, std::span<const double> qBounds,
                               std::span<const double> pBounds, const SolverSettings& settings)
{
    Solver solver(vs, qBounds, pBounds, settings);
    return solver.run();
}

} // namespace interlens
