#include "interactions/sparsify_certificate.h"

#include "interactions/transforms.h"

#include <algorithm>
#include <cmath>

namespace interlens::sparsify_detail {

ScaledLp scaledLp(std::span<const std::vector<double>> vs, std::span<const double> qBounds,
                  std::span<const double> pBounds, double alpha)
{
    ScaledLp lp;
    const std::size_t models = vs.size();
    lp.alpha = models == 1 ? 1.0 : alpha;
    double top = 0.0;
    for (const auto& v : vs)
        for (double x : v)
            top = std::max(top, std::abs(x));
    lp.scale = top > 0.0 ? top : 1.0;
    for (std::size_t i = 0; i < models; ++i) {
        std::vector<double> v(vs[i]);
        for (double& x : v)
            x /= lp.scale;
        lp.vs.push_back(std::move(v));
        lp.qBounds.push_back(std::abs(qBounds[i]) / lp.scale);
        lp.pBounds.push_back(models > 1 ? std::abs(pBounds[i]) / lp.scale : 0.0);
    }
    if (models == 2)
        lp.pairBound = lp.pBounds[0] + lp.pBounds[1];
    if (models == 1) {
        lp.vertices = {{1.0, 0.0}, {-1.0, 0.0}};
    } else {
        const double d = 1.0 / (1.0 + lp.alpha);
        lp.vertices = {{1.0, 0.0}, {-1.0, 0.0}, {0.0, 1.0}, {0.0, -1.0}, {d, d}, {-d, -d}, {d, -d}, {-d, d}};
    }
    return lp;
}

void interactionRows(const Vectors& iAnd, const Vectors& iOr, Vectors& rows, Vectors& gammas)
{
    rows.resize(iAnd.size());
    gammas.resize(iAnd.size());
    for (std::size_t i = 0; i < iAnd.size(); ++i) {
        std::vector<double> z = iAnd[i], w = iOr[i];
        zetaSub(z);
        gameFromOr(w);
        rows[i].resize(z.size());
        gammas[i].resize(z.size());
        for (std::size_t s = 0; s < z.size(); ++s) {
            rows[i][s] = z[s] + w[s];
            gammas[i][s] = 0.5 * (z[s] - w[s]);
        }
    }
}

double priceDual(std::span<const std::vector<double>> vs, std::span<const double> qBounds, double pairBound,
                 const Vectors& dual, const std::vector<double>& coupling, Vectors& ga, Vectors& go)
{
    const std::size_t models = vs.size();
    std::vector<double> couplingAnd = coupling, couplingOr = coupling;
    if (!coupling.empty()) {
        zetaSup(couplingAnd);
        gameFromOrAdjoint(couplingOr);
    }
    ga.resize(models);
    go.resize(models);
    double bound = 0.0;
    for (std::size_t i = 0; i < models; ++i) {
        for (std::size_t s = 0; s < vs[i].size(); ++s)
            bound += vs[i][s] * dual[i][s] - qBounds[i] * std::abs(dual[i][s]);
        ga[i] = dual[i];
        go[i] = dual[i];
        zetaSup(ga[i]);
        gameFromOrAdjoint(go[i]);
        // Coupling rows: γ_1 - γ_2 with γ_i = ½(Z a_i - W o_i).
        const double sign = i == 0 ? 0.5 : -0.5;
        if (!coupling.empty())
            for (std::size_t s = 0; s < ga[i].size(); ++s) {
                ga[i][s] += sign * couplingAnd[s];
                go[i][s] -= sign * couplingOr[s];
            }
    }
    for (double c : coupling)
        bound -= pairBound * std::abs(c);
    return bound;
}

double blockGauge(const Vectors& ga, const Vectors& go, double alpha, std::vector<double>* norms)
{
    const std::size_t models = ga.size(), size = ga[0].size();
    std::vector<double> scratch(2 * models);
    if (norms)
        norms->assign(2 * size, 0.0);
    double gauge = 0.0;
    for (int type = 0; type < 2; ++type)
        for (std::size_t s = 0; s < size; ++s) {
            const Vectors& g = type == 1 ? ga : go;
            for (std::size_t i = 0; i < models; ++i)
                scratch[i] = g[i][s];
            const double norm = blockDualNorm(scratch.data(), models, alpha, scratch.data() + models);
            gauge = std::max(gauge, norm);
            if (norms)
                (*norms)[type * size + s] = norm;
        }
    return gauge;
}

JointResult scaledResult(std::span<const std::vector<double>> inputs, JointSplit split, double scale,
                         std::span<const double> qBounds, std::span<const double> pBounds, double alpha,
                         double bound, int iterations)
{
    JointResult result;
    result.mode = SparsifyMode::Solver;
    result.alpha = alpha;
    for (double& x : split.shared)
        x *= scale;
    for (Vectors* vectors : {&split.own, &split.q})
        for (auto& v : *vectors)
            for (double& x : v)
                x *= scale;
    std::vector<double> q, p;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        q.push_back(qBounds[i] * scale);
        p.push_back(pBounds[i] * scale);
    }
    finishJoint(inputs, split, q, result);
    Vectors rawAnd, rawOr;
    for (const AndOrResult& model : result.models) {
        rawAnd.push_back(model.iAndRaw);
        rawOr.push_back(model.iOrRaw);
    }
    result.loss = jointLoss(rawAnd, rawOr, alpha);
    result.lowerBound = bound * scale;
    result.gap = std::max(0.0, result.loss - result.lowerBound);
    result.iterations = iterations;
    result.pBound = p;
    return result;
}

} // namespace interlens::sparsify_detail
