#include "interactions/sparsify_problem.h"

#include "common/error.h"
#include "interactions/and_or.h"
#include "interactions/transforms.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace interlens::sparsify_detail {

void splitAndTransform(std::span<const double> v, std::span<const double> q, std::span<const double> g1,
                       std::span<const double> g2, std::vector<double>& outAnd, std::vector<double>& outOr)
{
    const std::size_t size = v.size();
    outAnd.resize(size);
    outOr.resize(size);
    for (std::size_t s = 0; s < size; ++s) {
        const double half = 0.5 * (v[s] + q[s]);
        double a = half + g1[s];
        double o = half - g1[s];
        if (!g2.empty()) {
            a += g2[s];
            o -= g2[s];
        }
        outAnd[s] = a;
        outOr[s] = o;
    }
    moebiusSub(outAnd);
    orFromGame(outOr);
}

namespace {

double typeLoss(const std::vector<std::vector<double>>& values, double alpha)
{
    const std::size_t models = values.size();
    const std::size_t size = values[0].size();
    double total = 0.0;
    for (std::size_t s = 0; s < size; ++s) {
        double maxAbs = 0.0;
        double sumAbs = 0.0;
        for (std::size_t i = 0; i < models; ++i) {
            const double a = std::abs(values[i][s]);
            maxAbs = std::max(maxAbs, a);
            sumAbs += a;
        }
        total += (1.0 - alpha) * maxAbs + alpha * sumAbs;
    }
    return total;
}

double sign(double x)
{
    return x > 0.0 ? 1.0 : (x < 0.0 ? -1.0 : 0.0);
}

void typeSubgradient(std::vector<std::vector<double>>& values, double alpha)
{
    const std::size_t models = values.size();
    const std::size_t size = values[0].size();
    for (std::size_t s = 0; s < size; ++s) {
        std::size_t best = 0;
        double bestAbs = std::abs(values[0][s]);
        for (std::size_t i = 1; i < models; ++i) {
            const double a = std::abs(values[i][s]);
            if (a > bestAbs) { // strict: the first index wins ties, as torch.max does
                bestAbs = a;
                best = i;
            }
        }
        for (std::size_t i = 0; i < models; ++i)
            values[i][s] = (alpha + (i == best ? 1.0 - alpha : 0.0)) * sign(values[i][s]);
    }
}

double l1(const std::vector<double>& x)
{
    double sum = 0.0;
    for (double a : x)
        sum += std::abs(a);
    return sum;
}

} // namespace

double jointLoss(const std::vector<std::vector<double>>& iAnd, const std::vector<std::vector<double>>& iOr,
                 double alpha)
{
    if (iAnd.size() == 1)
        return l1(iAnd[0]) + l1(iOr[0]);
    return typeLoss(iAnd, alpha) + typeLoss(iOr, alpha);
}

void jointSubgradientInPlace(std::vector<std::vector<double>>& iAnd, std::vector<std::vector<double>>& iOr,
                             double alpha)
{
    if (iAnd.size() == 1)
        alpha = 1.0; // one model: plain L1, coefficient exactly 1
    typeSubgradient(iAnd, alpha);
    typeSubgradient(iOr, alpha);
}

std::vector<int> checkpointIterations(int niter)
{
    std::vector<int> out;
    for (int t = 0; t < std::min(niter, 10); ++t)
        out.push_back(t);
    const int stride = std::max(1, niter / 20);
    for (int t = 0; t < niter; t += stride)
        out.push_back(t);
    if (niter > 0)
        out.push_back(niter - 1);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

double qBoundOf(std::span<const double> v, double qThreshold, double explicitBound)
{
    if (explicitBound >= 0.0)
        return explicitBound;
    return qThreshold * std::abs(v[v.size() - 1] - v[0]);
}

int checkedGame(std::span<const double> v, const char* what)
{
    const int n = playerCountOf(v.size());
    if (n < 1 || n > 20)
        throw InputError(std::string(what) + ": expected 2^n values with 1 <= n <= 20, got " +
                         std::to_string(v.size()));
    for (std::size_t s = 0; s < v.size(); ++s)
        if (!std::isfinite(v[s]))
            throw InputError(std::string(what) + ": value at index " + std::to_string(s) + " is not finite");
    return n;
}

void finishModel(std::span<const double> v, std::vector<double> q, std::span<const double> g1,
                 std::span<const double> g2, double qBound, AndOrResult& result)
{
    AndOrInteractions raw;
    splitAndTransform(v, q, g1, g2, raw.iAnd, raw.iOr);
    result.loss = l1Norm(raw);
    result.iAndRaw = raw.iAnd;
    result.iOrRaw = raw.iOr;
    AndOrInteractions merged = reorganized(std::move(raw));
    result.iAnd = std::move(merged.iAnd);
    result.iOr = std::move(merged.iOr);
    result.gamma.assign(g1.begin(), g1.end());
    if (!g2.empty())
        for (std::size_t s = 0; s < result.gamma.size(); ++s)
            result.gamma[s] += g2[s];
    result.q = std::move(q);
    result.qBound = qBound;
}

double feasibleSplit(std::span<const std::vector<double>> vs, const std::vector<std::vector<double>>& rows,
                     const std::vector<std::vector<double>>& gammas, std::span<const double> qBounds,
                     std::span<const double> pBounds, double alpha, JointSplit& out)
{
    const std::size_t models = vs.size(), size = vs[0].size();
    out.shared.assign(size, 0.0);
    out.own.assign(models > 1 ? models : 0, std::vector<double>(size));
    out.q.assign(models, std::vector<double>(size));
    for (std::size_t s = 0; s < size; ++s) {
        double lo = -std::numeric_limits<double>::infinity(), hi = -lo;
        for (std::size_t i = 0; i < models; ++i) {
            const double p = models > 1 ? pBounds[i] : 0.0;
            lo = std::max(lo, gammas[i][s] - p);
            hi = std::min(hi, gammas[i][s] + p);
            out.q[i][s] = std::clamp(rows[i][s] - vs[i][s], -qBounds[i], qBounds[i]);
        }
        out.shared[s] = 0.5 * (lo + hi);
        if (models > 1)
            for (std::size_t i = 0; i < models; ++i)
                out.own[i][s] = std::clamp(gammas[i][s] - out.shared[s], -pBounds[i], pBounds[i]);
    }
    std::vector<std::vector<double>> iAnd(models), iOr(models);
    for (std::size_t i = 0; i < models; ++i)
        splitAndTransform(vs[i], out.q[i], out.shared,
                          models > 1 ? std::span<const double>(out.own[i]) : std::span<const double>(),
                          iAnd[i], iOr[i]);
    return jointLoss(iAnd, iOr, alpha);
}

void finishJoint(std::span<const std::vector<double>> vs, const JointSplit& split,
                 std::span<const double> qBounds, JointResult& result)
{
    const std::size_t models = vs.size();
    result.gammaShared = split.shared;
    result.gammaOwn.clear();
    result.models.assign(models, AndOrResult{});
    for (std::size_t i = 0; i < models; ++i) {
        std::span<const double> own;
        if (models > 1) {
            own = split.own[i];
            result.gammaOwn.push_back(split.own[i]);
        }
        finishModel(vs[i], split.q[i], split.shared, own, qBounds[i], result.models[i]);
    }
}

// Dual norm of f(z) = (1-α)||z||∞ + α||z||₁ at one block of M values: max_k topk(|z|) / ((1-α) + α·k).
double blockDualNorm(double* z, std::size_t m, double alpha, double* scratch)
{
    if (m == 1)
        return std::abs(z[0]);
    for (std::size_t i = 0; i < m; ++i)
        scratch[i] = std::abs(z[i]);
    std::sort(scratch, scratch + m, std::greater<>());
    double best = 0.0;
    double top = 0.0;
    for (std::size_t k = 1; k <= m; ++k) {
        top += scratch[k - 1];
        best = std::max(best, top / ((1.0 - alpha) + alpha * static_cast<double>(k)));
    }
    return best;
}

// Euclidean projection of one block onto B = {λ : Σ_i (|λ_i| - α)_+ <= 1 - α}, the unit ball of the dual
// norm.
void projectBlock(double* z, std::size_t m, double alpha, double* scratch)
{
    if (m == 1) {
        z[0] = std::clamp(z[0], -1.0, 1.0);
        return;
    }
    const double budget = 1.0 - alpha;
    double excess = 0.0;
    for (std::size_t i = 0; i < m; ++i)
        excess += std::max(std::abs(z[i]) - alpha, 0.0);
    if (excess <= budget)
        return;
    // θ > 0 with Σ (e_i - θ)_+ = budget, e_i = (|z_i| - α)_+ (the ℓ1-ball threshold on the excesses).
    for (std::size_t i = 0; i < m; ++i)
        scratch[i] = std::max(std::abs(z[i]) - alpha, 0.0);
    std::sort(scratch, scratch + m, std::greater<>());
    double cumulative = 0.0;
    double theta = 0.0;
    for (std::size_t k = 0; k < m; ++k) {
        cumulative += scratch[k];
        const double t = (cumulative - budget) / static_cast<double>(k + 1);
        if (k + 1 == m || scratch[k + 1] <= t) {
            theta = std::max(t, 0.0);
            break;
        }
    }
    for (std::size_t i = 0; i < m; ++i) {
        const double a = std::abs(z[i]);
        z[i] = sign(z[i]) * std::min(a, std::max(alpha, a - theta));
    }
}

} // namespace interlens::sparsify_detail
