#include "interactions/pdhg_solver.h"

#include <algorithm>
#include <cmath>

namespace interlens {

bool isConverged(double gap, double objective, double tolerance)
{
    return std::isfinite(gap) && gap <= tolerance * std::max(1.0, std::abs(objective));
}

JointResult solveJoint(std::span<const std::vector<double>> vs, std::span<const double> qBounds,
                       std::span<const double> pBounds, const SolverSettings& settings)
{
    JointResult result;
    switch (settings.form) {
    case SolverForm::Games:
        result = solveJointGameForm(vs, qBounds, pBounds, settings);
        break;
    case SolverForm::Interactions:
        result = solveJointInteractionForm(vs, qBounds, pBounds, settings);
        break;
    case SolverForm::InteriorPoint:
    case SolverForm::Exact: {
        const bool interiorFits = interiorPointFits(vs.size(), vs[0].size());
        if (settings.form == SolverForm::InteriorPoint && interiorFits) {
            result = solveJointInteriorPoint(vs, qBounds, pBounds, settings);
            break;
        }
        bool finished = false;
        if (vs.size() <= 2) {
            // Sparse games (planted, most real ones) end within a few hundred pivots. A master still pivoting
            // after about the pivots the interior-point form's own time buys (its cost grows like rows³,
            // a pivot's like the master's size: rows²/128 pivots, at least 512) is dense, and the interior
            // point takes over, automatically only up to kInteriorPointAutoRows rows (beyond, one of its
            // iterations costs seconds: the simplex goes on).
            const std::size_t rows = (vs.size() == 2 ? 3 : 1) * vs[0].size();
            const bool interiorAuto = interiorFits && rows <= kInteriorPointAutoRows;
            SolverSettings simplex = settings;
            if (interiorAuto)
                simplex.maxIterations = std::min(
                    settings.maxIterations, static_cast<int>(std::max<std::size_t>(512, rows * rows / 128)));
            result = solveJointExact(vs, qBounds, pBounds, simplex, &finished);
            if (interiorAuto && !finished && !isConverged(result.gap, result.loss, settings.tolerance)) {
                JointResult interior = solveJointInteriorPoint(vs, qBounds, pBounds, settings);
                interior.iterations += result.iterations;
                if (isConverged(interior.gap, interior.loss, settings.tolerance)) {
                    result = std::move(interior);
                    finished = true;
                } else {
                    // Stalled short of a tight tolerance: the simplex with the whole budget, as without it.
                    const int spent = interior.iterations;
                    result = solveJointExact(vs, qBounds, pBounds, settings, &finished);
                    result.iterations += spent;
                    if (interior.gap < result.gap)
                        result = std::move(interior);
                }
            }
        }
        if (vs.size() > 2 || (!finished && !isConverged(result.gap, result.loss, settings.tolerance))) {
            // Not certified within its limits: the primal-dual method, keeping the better certificate.
            JointResult fallback = solveJointInteractionForm(vs, qBounds, pBounds, settings);
            if (vs.size() > 2 || fallback.gap < result.gap) {
                fallback.iterations += result.iterations;
                result = std::move(fallback);
            }
        }
        break;
    }
    }
    result.converged = isConverged(result.gap, result.loss, settings.tolerance);
    return result;
}

} // namespace interlens
