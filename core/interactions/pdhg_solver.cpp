#include "interactions/pdhg_solver.h"

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
    case SolverForm::Exact: {
        bool finished = false;
        if (vs.size() <= 2)
            result = solveJointExact(vs, qBounds, pBounds, settings, &finished);
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
