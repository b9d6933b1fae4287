#pragma once

#include "interactions/pdhg_solver.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace interlens::sparsify_detail {

// The PDLP-style restart scheme of both primal-dual forms (pdhg_game_form.cpp, pdhg_interaction_form.cpp):
// keep the best primal objective and dual bound seen at the checks, and restart from whichever of the current
// and the averaged point has the smaller gap once that gap has fallen well below the gap at the last restart
// (or after settings.restartEvery averaged steps), updating the primal weight ω from how far each side moved.
// Primal and Dual are the form's point types; the form keeps the running sums and resets them on a restart.
template <class Primal, class Dual> class PdhgRestarts
{
public:
    PdhgRestarts(const Primal& x, const Dual& y, double objective, const SolverSettings& settings)
        : m_anchorX(x), m_anchorY(y), m_best(x), m_bestObjective(objective), m_settings(settings),
          m_omega(settings.primalWeight)
    {
    }

    double omega() const { return m_omega; }
    const Primal& best() const { return m_best; }
    double bestObjective() const { return m_bestObjective; }
    double bestBound() const { return m_bestBound; }
    double gap() const { return m_bestObjective - m_bestBound; }

    // One check with the current point (objective pCur, bound dCur) and the average since the last restart.
    // Returns true when the tolerance is met.
    bool check(const Primal& x, double pCur, double dCur, const Primal& xAvg, double pAvg, double dAvg)
    {
        if (pCur < m_bestObjective) {
            m_bestObjective = pCur;
            m_best = x;
        }
        if (pAvg < m_bestObjective) {
            m_bestObjective = pAvg;
            m_best = xAvg;
        }
        m_bestBound = std::max({m_bestBound, dCur, dAvg});
        m_curGap = pCur - dCur;
        m_avgGap = pAvg - dAvg;
        return gap() <= m_settings.tolerance * std::max(1.0, std::abs(m_bestObjective));
    }

    // After check(): restarts (x, y) when due and returns true (the caller then clears its sums).
    // `distances(x, anchorX, y, anchorY)` gives the squared moves (Δx², Δy²) in the preconditioned metrics.
    template <class Distances>
    bool restart(Primal& x, Dual& y, const Primal& xAvg, const Dual& yAvg, int averaged, Distances distances)
    {
        const bool avgBetter = m_avgGap < m_curGap;
        const double candidateGap = avgBetter ? m_avgGap : m_curGap;
        if (candidateGap > 0.2 * m_restartGap && averaged < m_settings.restartEvery)
            return false;
        if (avgBetter) {
            x = xAvg;
            y = yAvg;
        }
        if (m_settings.adaptWeight) {
            // ω ← sqrt(ω·Δx/Δy) (PDLP's primal weight smoothing).
            const auto [dx, dy] = distances(x, m_anchorX, y, m_anchorY);
            if (dx > 1e-30 && dy > 1e-30)
                m_omega = std::sqrt(m_omega * std::sqrt(dx / dy));
        }
        m_anchorX = x;
        m_anchorY = y;
        m_restartGap = candidateGap;
        return true;
    }

private:
    Primal m_anchorX;
    Dual m_anchorY;
    Primal m_best;
    double m_bestObjective;
    double m_bestBound = -std::numeric_limits<double>::infinity();
    double m_restartGap = std::numeric_limits<double>::infinity();
    double m_curGap = 0.0, m_avgGap = 0.0;
    const SolverSettings& m_settings;
    double m_omega;
};

} // namespace interlens::sparsify_detail
