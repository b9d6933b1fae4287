// Solver, interior-point form: the whole LP by a primal-dual interior-point method (Mehrotra predictor-
// corrector) with dense normal equations; for dense games, where the exact form's simplex master grows large
// (see pdhg_solver.h, SolverForm::InteriorPoint).
#include "interactions/pdhg_solver.h"

#include "common/error.h"
#include "interactions/sparsify_certificate.h"
#include "interactions/sparsify_problem.h"
#include "interactions/transforms.h"

#include <Eigen/Cholesky>
#include <Eigen/Core>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <optional>

namespace interlens {

using namespace sparsify_detail;

namespace {

constexpr int kMaxIterations = 100;
// Step to this fraction of the distance to the boundary (Mehrotra's usual choice).
constexpr double kStepFraction = 0.995;
// Iterations over which the gap must halve, else the method has stalled.
constexpr std::size_t kStallWindow = 5;
// Steps of iterative refinement per Newton solve.
constexpr int kRefinements = 2;

// The LP in interaction form (pdhg_solver.h), each interaction block (one set S and type, all models) written
// as f(I) = min Σ_k λ_k over I = Σ_k λ_k·u_k, λ >= 0, with u_k the vertices of f's unit ball (as in
// sparsify_exact.cpp):
//
//   min Σ λ  s.t.  lo <= B λ <= hi,  λ >= 0,      B = (the rows' transforms) · (the vertices),
//
// rows in blocks of 2^n: model i's data rows Z a_i + W o_i ∈ v_i ± qBound_i, then (two models) the coupling
// rows γ_1 - γ_2 ∈ ±pairBound. Two-sided rows get slacks B λ - s_l = lo, s_l + s_u = hi - lo (s >= 0); rows
// with hi = lo are equalities. The normal matrix B D B^T needs no explicit B: with H_t(S) = Σ_k d_k u_k u_k^T
// per block, its entries are sums of Z diag(d) Z^T [S,T] = ζd(S ∩ T) and
// W diag(d) W^T [S,T] = ζd(N) - ζd(N∖S) - ζd(N∖T) + ζd(N∖(S ∪ T)) + d(∅) (ζ = zetaSub), O(4^n) to fill.
class InteriorPoint
{
public:
    InteriorPoint(std::span<const std::vector<double>> vs, std::span<const double> qBounds,
                  std::span<const double> pBounds, const SolverSettings& settings);
    JointResult run();

private:
    struct Direction
    {
        std::vector<double> lambda, zLambda, y, w, sl, su, zl, zu;
    };
    // Coefficient of model i's interaction of type `isAnd` in a row of row block p.
    double rowCoefficient(std::size_t block, bool isAnd, std::size_t model) const
    {
        if (block < m_models)
            return block == model ? 1.0 : 0.0;
        return 0.5 * (isAnd ? 1.0 : -1.0) * (model == 0 ? 1.0 : -1.0);
    }
    void interactions(const std::vector<double>& lambda, Vectors& iAnd, Vectors& iOr) const;
    // B λ, one entry per row.
    std::vector<double> multiply(const std::vector<double>& lambda) const;
    // B^T y, one entry per λ; `bound` (optional) receives the unscaled dual objective of y.
    std::vector<double> multiplyTransposed(const std::vector<double>& y, double* bound = nullptr) const;
    void factor(const std::vector<double>& dLambda, const std::vector<double>& rowDiagonal);
    // Writes the lower triangle of B·D·B^T + diag(rowDiagonal) + delta·I into m_normal; returns the largest
    // diagonal entry without delta.
    double fillNormal(const std::vector<double>& dLambda, const std::vector<double>& rowDiagonal,
                      double delta);
    Direction solve(const std::vector<double>& rcLambda, const std::vector<double>& rcl,
                    const std::vector<double>& rcu) const;

    std::span<const std::vector<double>> m_inputs;
    std::size_t m_models, m_size, m_rows, m_vertexCount;
    ScaledLp m_lp; // the games at max |v| = 1, their bounds, the loss's vertices
    std::vector<double> m_lo, m_hi;
    std::vector<char> m_boxed;
    SolverSettings m_settings;
    // Current iterate and the pieces of its Newton system.
    std::vector<double> m_lambda, m_zLambda, m_y, m_w, m_sl, m_su, m_zl, m_zu;
    std::vector<double> m_rp1, m_rp2, m_rdLambda, m_rdl, m_rdu, m_dLambda, m_dl, m_du, m_rowDiagonal;
    // The normal matrix, allocated once and factorised in place (its lower triangle becomes the Cholesky
    // factor): a fresh matrix and two copies per iteration cost more than the factorisation at 1024 rows
    // (page faults and copies, measured with perf).
    Eigen::MatrixXd m_normal;
    std::optional<Eigen::LLT<Eigen::Ref<Eigen::MatrixXd>>> m_llt;
};

InteriorPoint::InteriorPoint(std::span<const std::vector<double>> vs, std::span<const double> qBounds,
                             std::span<const double> pBounds, const SolverSettings& settings)
    : m_inputs(vs), m_models(vs.size()), m_size(vs[0].size()),
      m_lp(scaledLp(vs, qBounds, pBounds, settings.alpha)), m_settings(settings)
{
    m_vertexCount = m_lp.vertices.size();
    m_rows = (m_models == 2 ? 3 : 1) * m_size;
    for (std::size_t r = 0; r < m_rows; ++r) {
        const std::size_t block = r / m_size, s = r % m_size;
        const double centre = block < m_models ? m_lp.vs[block][s] : 0.0;
        const double halfWidth = block < m_models ? m_lp.qBounds[block] : m_lp.pairBound;
        m_lo.push_back(centre - halfWidth);
        m_hi.push_back(centre + halfWidth);
        m_boxed.push_back(halfWidth > 1e-13 ? 1 : 0);
    }
}

void InteriorPoint::interactions(const std::vector<double>& lambda, Vectors& iAnd, Vectors& iOr) const
{
    iAnd.assign(m_models, std::vector<double>(m_size, 0.0));
    iOr = iAnd;
    for (int type = 0; type < 2; ++type)
        for (std::size_t s = 0; s < m_size; ++s)
            for (std::size_t k = 0; k < m_vertexCount; ++k) {
                const double l = lambda[(type * m_size + s) * m_vertexCount + k];
                for (std::size_t i = 0; i < m_models; ++i)
                    (type == 1 ? iAnd : iOr)[i][s] += l * m_lp.vertices[k][i];
            }
}

std::vector<double> InteriorPoint::multiply(const std::vector<double>& lambda) const
{
    Vectors iAnd, iOr, rows, gammas;
    interactions(lambda, iAnd, iOr);
    interactionRows(iAnd, iOr, rows, gammas);
    std::vector<double> out;
    for (const auto& row : rows)
        out.insert(out.end(), row.begin(), row.end());
    if (m_models == 2)
        for (std::size_t s = 0; s < m_size; ++s)
            out.push_back(gammas[0][s] - gammas[1][s]);
    return out;
}

std::vector<double> InteriorPoint::multiplyTransposed(const std::vector<double>& y, double* bound) const
{
    Vectors dual(m_models), ga, go;
    for (std::size_t i = 0; i < m_models; ++i)
        dual[i].assign(y.begin() + i * m_size, y.begin() + (i + 1) * m_size);
    std::vector<double> coupling;
    if (m_models == 2)
        coupling.assign(y.begin() + 2 * m_size, y.end());
    const double value = priceDual(m_lp.vs, m_lp.qBounds, m_lp.pairBound, dual, coupling, ga, go);
    if (bound)
        *bound = value / std::max(1.0, blockGauge(ga, go, m_lp.alpha));
    std::vector<double> out(2 * m_size * m_vertexCount, 0.0);
    for (int type = 0; type < 2; ++type)
        for (std::size_t s = 0; s < m_size; ++s)
            for (std::size_t k = 0; k < m_vertexCount; ++k) {
                double sum = 0.0;
                for (std::size_t i = 0; i < m_models; ++i)
                    sum += m_lp.vertices[k][i] * (type == 1 ? ga : go)[i][s];
                out[(type * m_size + s) * m_vertexCount + k] = sum;
            }
    return out;
}

double InteriorPoint::fillNormal(const std::vector<double>& dLambda, const std::vector<double>& rowDiagonal,
                                 double delta)
{
    // H_t(S)[i][j] for every block: t = type, per model pair.
    const std::size_t n = m_size, full = n - 1;
    std::vector<double> h[2][2][2];
    for (int type = 0; type < 2; ++type)
        for (std::size_t i = 0; i < m_models; ++i)
            for (std::size_t j = 0; j < m_models; ++j) {
                h[type][i][j].assign(n, 0.0);
                for (std::size_t s = 0; s < n; ++s)
                    for (std::size_t k = 0; k < m_vertexCount; ++k)
                        h[type][i][j][s] += dLambda[(type * n + s) * m_vertexCount + k] *
                                            m_lp.vertices[k][i] * m_lp.vertices[k][j];
            }
    const std::size_t blocks = m_rows / n;
    if (m_normal.rows() != static_cast<Eigen::Index>(m_rows))
        m_normal.resize(m_rows, m_rows);
    std::vector<double> zAnd(n), zOr(n);
    // Row block p >= column block q (the lower triangle; Eigen's LLT reads only that), column by column so
    // that the writes are contiguous.
    for (std::size_t p = 0; p < blocks; ++p)
        for (std::size_t q = 0; q <= p; ++q) {
            std::vector<double> d[2];
            for (int type = 0; type < 2; ++type) {
                d[type].assign(n, 0.0);
                for (std::size_t i = 0; i < m_models; ++i)
                    for (std::size_t j = 0; j < m_models; ++j) {
                        const double c = rowCoefficient(p, type == 1, i) * rowCoefficient(q, type == 1, j);
                        if (c != 0.0)
                            for (std::size_t s = 0; s < n; ++s)
                                d[type][s] += c * h[type][i][j][s];
                    }
            }
            zAnd = d[1];
            zOr = d[0];
            zetaSub(zAnd);
            zetaSub(zOr);
            const double orTotal = zOr[full] + d[0][0];
            for (std::size_t t = 0; t < n; ++t) {
                double* column = m_normal.data() + (q * n + t) * m_rows + p * n;
                for (std::size_t s = 0; s < n; ++s)
                    column[s] =
                        zAnd[s & t] + orTotal - zOr[full & ~s] - zOr[full & ~t] + zOr[full & ~(s | t)];
            }
        }
    double largest = 0.0;
    for (std::size_t r = 0; r < m_rows; ++r) {
        m_normal(r, r) += rowDiagonal[r];
        largest = std::max(largest, m_normal(r, r));
        m_normal(r, r) += delta;
    }
    return largest;
}

void InteriorPoint::factor(const std::vector<double>& dLambda, const std::vector<double>& rowDiagonal)
{
    // A tiny regularisation keeps the factorisation alive when the iterate approaches a degenerate vertex;
    // the certificate does not depend on the directions being exact. A failed attempt overwrote the matrix:
    // it is filled again with the larger shift.
    const double largest = fillNormal(dLambda, rowDiagonal, 0.0);
    for (double delta = 1e-14 * largest;; delta *= 100.0) {
        for (std::size_t r = 0; r < m_rows; ++r)
            m_normal(r, r) += delta;
        m_llt.emplace(m_normal);
        if (m_llt->info() == Eigen::Success || delta > largest)
            return;
        fillNormal(dLambda, rowDiagonal, 0.0);
    }
}

InteriorPoint::Direction InteriorPoint::solve(const std::vector<double>& rcLambda,
                                              const std::vector<double>& rcl,
                                              const std::vector<double>& rcu) const
{
    Direction d;
    const std::size_t count = m_lambda.size();
    std::vector<double> fLambda(count), fl(m_rows, 0.0), fu(m_rows, 0.0), scaled(count);
    for (std::size_t k = 0; k < count; ++k) {
        fLambda[k] = -m_rdLambda[k] + rcLambda[k] / m_lambda[k];
        scaled[k] = m_dLambda[k] * fLambda[k];
    }
    const std::vector<double> bScaled = multiply(scaled);
    Eigen::VectorXd rhs(m_rows);
    for (std::size_t r = 0; r < m_rows; ++r) {
        rhs[r] = m_rp1[r] - bScaled[r];
        if (m_boxed[r]) {
            fl[r] = -m_rdl[r] + rcl[r] / m_sl[r];
            fu[r] = -m_rdu[r] + rcu[r] / m_su[r];
            rhs[r] += m_dl[r] * fl[r] +
                      m_dl[r] * (m_rp2[r] - m_dl[r] * fl[r] - m_du[r] * fu[r]) / (m_dl[r] + m_du[r]);
        }
    }
    // The normal matrix's OR entries come from inclusion-exclusion and lose digits when the weights span many
    // orders of magnitude (late iterations): refine against the operator applied by the transforms.
    Eigen::VectorXd dy = m_llt->solve(rhs);
    for (int refinement = 0; refinement < kRefinements; ++refinement) {
        std::vector<double> y(dy.data(), dy.data() + m_rows);
        std::vector<double> scaledY = multiplyTransposed(y);
        for (std::size_t k = 0; k < count; ++k)
            scaledY[k] *= m_dLambda[k];
        const std::vector<double> product = multiply(scaledY);
        Eigen::VectorXd residual(m_rows);
        for (std::size_t r = 0; r < m_rows; ++r)
            residual[r] = rhs[r] - product[r] - m_rowDiagonal[r] * y[r];
        dy += m_llt->solve(residual);
    }
    d.y.assign(dy.data(), dy.data() + m_rows);
    d.w.assign(m_rows, 0.0);
    d.sl = d.su = d.zl = d.zu = d.w;
    for (std::size_t r = 0; r < m_rows; ++r)
        if (m_boxed[r]) {
            d.w[r] = (m_rp2[r] - m_dl[r] * fl[r] - m_du[r] * fu[r] + m_dl[r] * d.y[r]) / (m_dl[r] + m_du[r]);
            d.sl[r] = m_dl[r] * (-d.y[r] + d.w[r] + fl[r]);
            d.su[r] = m_du[r] * (d.w[r] + fu[r]);
            d.zl[r] = (rcl[r] - m_zl[r] * d.sl[r]) / m_sl[r];
            d.zu[r] = (rcu[r] - m_zu[r] * d.su[r]) / m_su[r];
        }
    const std::vector<double> bty = multiplyTransposed(d.y);
    d.lambda.resize(count);
    d.zLambda.resize(count);
    for (std::size_t k = 0; k < count; ++k) {
        d.lambda[k] = m_dLambda[k] * (bty[k] + fLambda[k]);
        d.zLambda[k] = (rcLambda[k] - m_zLambda[k] * d.lambda[k]) / m_lambda[k];
    }
    return d;
}

// The largest step in (0, 1] keeping x + step·dx >= 0 (entries where `use` is 0 are ignored).
double maxStep(const std::vector<double>& x, const std::vector<double>& dx,
               const std::vector<char>* use = nullptr)
{
    double step = 1.0;
    for (std::size_t k = 0; k < x.size(); ++k)
        if ((!use || (*use)[k]) && dx[k] < 0.0)
            step = std::min(step, -x[k] / dx[k]);
    return step;
}

double dot(const std::vector<double>& a, const std::vector<double>& b, const std::vector<char>* use = nullptr)
{
    double sum = 0.0;
    for (std::size_t k = 0; k < a.size(); ++k)
        if (!use || (*use)[k])
            sum += a[k] * b[k];
    return sum;
}

JointResult InteriorPoint::run()
{
    const std::size_t count = 2 * m_size * m_vertexCount;
    std::size_t boxedRows = 0;
    // Start: λ = z = 1, slacks in the middle of their rows, multipliers 0 (dual residuals of the slacks 0).
    m_lambda.assign(count, 1.0);
    m_zLambda.assign(count, 1.0);
    m_y.assign(m_rows, 0.0);
    m_w = m_sl = m_su = m_zl = m_zu = std::vector<double>(m_rows, 0.0);
    for (std::size_t r = 0; r < m_rows; ++r)
        if (m_boxed[r]) {
            ++boxedRows;
            m_sl[r] = m_su[r] = 0.5 * (m_hi[r] - m_lo[r]);
            m_zl[r] = m_zu[r] = 1.0;
            m_w[r] = -1.0;
        }
    const std::vector<char> allLambda(count, 1);
    double bestBound = -std::numeric_limits<double>::infinity();
    double bestObjective = std::numeric_limits<double>::infinity();
    JointSplit best, split;
    std::vector<LossPoint> curve;
    std::vector<double> gaps;
    int iteration = 0;
    Vectors iAnd, iOr, rows, gammas;
    for (; iteration < kMaxIterations; ++iteration) {
        throwIfCancelled(m_settings.cancel);
        // Certificate of the current iterate: its interactions made feasible, its multipliers scaled.
        // Also with the weights the iterate deems zero (λ_k < z_k) set to zero: near the optimum that is the
        // optimal support, whose split is exact where the plain iterate's carries tiny spurious terms.
        std::vector<double> purified = m_lambda;
        for (std::size_t k = 0; k < count; ++k)
            if (purified[k] < m_zLambda[k])
                purified[k] = 0.0;
        for (const std::vector<double>* lambda : {&m_lambda, &purified}) {
            interactions(*lambda, iAnd, iOr);
            interactionRows(iAnd, iOr, rows, gammas);
            const double objective =
                feasibleSplit(m_lp.vs, rows, gammas, m_lp.qBounds, m_lp.pBounds, m_lp.alpha, split);
            if (objective < bestObjective) {
                bestObjective = objective;
                best = split;
            }
        }
        double bound = 0.0;
        const std::vector<double> bty = multiplyTransposed(m_y, &bound);
        bestBound = std::max(bestBound, bound);
        if (m_settings.recording != LossRecording::None)
            curve.push_back({iteration, bestObjective * m_lp.scale, bestBound * m_lp.scale});
        const double gap = bestObjective - bestBound;
        if (gap <= m_settings.tolerance * std::abs(bestObjective))
            break;
        // Stalled (rounding in the normal equations, near 1e-9 relative): the caller goes on another way.
        gaps.push_back(gap);
        if (gaps.size() > kStallWindow && gap > 0.5 * gaps[gaps.size() - 1 - kStallWindow])
            break;
        // Residuals and the normal equations.
        const std::vector<double> b = multiply(m_lambda);
        m_rp1.resize(m_rows);
        m_rp2 = m_rdl = m_rdu = m_dl = m_du = std::vector<double>(m_rows, 0.0);
        std::vector<double>& rowDiagonal = m_rowDiagonal;
        rowDiagonal.assign(m_rows, 0.0);
        for (std::size_t r = 0; r < m_rows; ++r) {
            m_rp1[r] = m_lo[r] - (b[r] - m_sl[r]);
            if (!m_boxed[r])
                continue;
            m_rp2[r] = (m_hi[r] - m_lo[r]) - (m_sl[r] + m_su[r]);
            m_rdl[r] = m_y[r] - m_w[r] - m_zl[r];
            m_rdu[r] = -m_w[r] - m_zu[r];
            m_dl[r] = m_sl[r] / m_zl[r];
            m_du[r] = m_su[r] / m_zu[r];
            rowDiagonal[r] = m_dl[r] * m_du[r] / (m_dl[r] + m_du[r]);
        }
        m_rdLambda.resize(count);
        m_dLambda.resize(count);
        for (std::size_t k = 0; k < count; ++k) {
            m_rdLambda[k] = 1.0 - bty[k] - m_zLambda[k];
            m_dLambda[k] = m_lambda[k] / m_zLambda[k];
        }
        const double pairs = static_cast<double>(count + 2 * boxedRows);
        const double mu =
            (dot(m_lambda, m_zLambda) + dot(m_sl, m_zl, &m_boxed) + dot(m_su, m_zu, &m_boxed)) / pairs;
        factor(m_dLambda, rowDiagonal);
        // Predictor (affine scaling), then Mehrotra's corrector with centring σ = (μ_aff/μ)³.
        std::vector<double> rcLambda(count), rcl(m_rows, 0.0), rcu(m_rows, 0.0);
        for (std::size_t k = 0; k < count; ++k)
            rcLambda[k] = -m_lambda[k] * m_zLambda[k];
        for (std::size_t r = 0; r < m_rows; ++r) {
            rcl[r] = -m_sl[r] * m_zl[r];
            rcu[r] = -m_su[r] * m_zu[r];
        }
        const Direction affine = solve(rcLambda, rcl, rcu);
        const double primalAffine =
            std::min({maxStep(m_lambda, affine.lambda), maxStep(m_sl, affine.sl, &m_boxed),
                      maxStep(m_su, affine.su, &m_boxed)});
        const double dualAffine =
            std::min({maxStep(m_zLambda, affine.zLambda), maxStep(m_zl, affine.zl, &m_boxed),
                      maxStep(m_zu, affine.zu, &m_boxed)});
        auto complementarity = [&](const std::vector<double>& x, const std::vector<double>& dx,
                                   const std::vector<double>& z, const std::vector<double>& dz,
                                   const std::vector<char>& use) {
            double sum = 0.0;
            for (std::size_t k = 0; k < x.size(); ++k)
                if (use[k])
                    sum += (x[k] + primalAffine * dx[k]) * (z[k] + dualAffine * dz[k]);
            return sum;
        };
        const double muAffine =
            (complementarity(m_lambda, affine.lambda, m_zLambda, affine.zLambda, allLambda) +
             complementarity(m_sl, affine.sl, m_zl, affine.zl, m_boxed) +
             complementarity(m_su, affine.su, m_zu, affine.zu, m_boxed)) /
            pairs;
        const double sigma = std::pow(std::clamp(muAffine / mu, 0.0, 1.0), 3.0);
        for (std::size_t k = 0; k < count; ++k)
            rcLambda[k] += sigma * mu - affine.lambda[k] * affine.zLambda[k];
        for (std::size_t r = 0; r < m_rows; ++r)
            if (m_boxed[r]) {
                rcl[r] += sigma * mu - affine.sl[r] * affine.zl[r];
                rcu[r] += sigma * mu - affine.su[r] * affine.zu[r];
            }
        const Direction step = solve(rcLambda, rcl, rcu);
        const double primal =
            kStepFraction * std::min({maxStep(m_lambda, step.lambda), maxStep(m_sl, step.sl, &m_boxed),
                                      maxStep(m_su, step.su, &m_boxed)});
        const double dual =
            kStepFraction * std::min({maxStep(m_zLambda, step.zLambda), maxStep(m_zl, step.zl, &m_boxed),
                                      maxStep(m_zu, step.zu, &m_boxed)});
        for (std::size_t k = 0; k < count; ++k) {
            m_lambda[k] += primal * step.lambda[k];
            m_zLambda[k] += dual * step.zLambda[k];
        }
        for (std::size_t r = 0; r < m_rows; ++r) {
            m_y[r] += dual * step.y[r];
            if (!m_boxed[r])
                continue;
            m_sl[r] += primal * step.sl[r];
            m_su[r] += primal * step.su[r];
            m_w[r] += dual * step.w[r];
            m_zl[r] += dual * step.zl[r];
            m_zu[r] += dual * step.zu[r];
        }
    }
    JointResult result = scaledResult(m_inputs, std::move(best), m_lp.scale, m_lp.qBounds, m_lp.pBounds,
                                      m_lp.alpha, bestBound, iteration);
    result.lossCurve = std::move(curve);
    return result;
}

} // namespace

bool interiorPointFits(std::size_t models, std::size_t size)
{
    return models <= 2 && (models == 2 ? 3 : 1) * size <= kInteriorPointMaxRows;
}

JointResult solveJointInteriorPoint(std::span<const std::vector<double>> vs, std::span<const double> qBounds,
                                    std::span<const double> pBounds, const SolverSettings& settings)
{
    InteriorPoint solver(vs, qBounds, pBounds, settings);
    return solver.run();
}

} // namespace interlens
