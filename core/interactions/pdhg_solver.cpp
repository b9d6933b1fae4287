#include "interactions/pdhg_solver.h"

namespace interlens {

JointResult solveJoint(std::span<const std::vector<double>> vs, std::span<const double> qBounds,
                       std::span<const double> pBounds, const SolverSettings& settings)
{
    if (settings.form == SolverForm::Games)
        return solveJointGameForm(vs, qBounds, pBounds, settings);
    return solveJointInteractionForm(vs, qBounds, pBounds, settings);
}

} // namespace interlens
