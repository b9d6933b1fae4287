#include "interactions/sparsify_simplex.h"

#include <cmath>
#include <limits>

namespace interlens::sparsify_detail {

namespace {

// Tolerances on data scaled to O(1) (the exact solver normalises the games).
constexpr double kFeasible = 1e-10; // primal: β >= -kFeasible
constexpr double kOptimal = 1e-10;  // dual: d_j >= -kOptimal
constexpr double kPivot = 1e-9;     // smallest usable pivot element
// After this many pivots without progress, Bland's rule (first eligible index) until progress, against
// cycling.
constexpr int kDegenerateLimit = 50;

} // namespace

int DenseSimplex::addVariable(double cost)
{
    Variable var;
    var.cost = cost;
    var.reduced = cost;
    var.tableau.assign(m_beta.size(), 0.0);
    m_vars.push_back(std::move(var));
    return static_cast<int>(m_vars.size()) - 1;
}

int DenseSimplex::addColumn(double cost, const Entries& rowEntries)
{
    const int var = addVariable(cost);
    Variable& x = m_vars[var];
    // B^-1 a = Σ_r a_r B^-1 e_r, and B^-1 e_r is the tableau column of the elastic e_r (original column e_r);
    // d = c - Σ_r y_r a_r.
    for (const auto& [row, a] : rowEntries) {
        const Variable& e = m_vars[m_elastic[row]];
        for (std::size_t k = 0; k < x.tableau.size(); ++k)
            x.tableau[k] += a * e.tableau[k];
        x.reduced -= a * rowDual(row);
    }
    m_structural.push_back(var);
    return static_cast<int>(m_structural.size()) - 1;
}

int DenseSimplex::addRow(const Entries& columnEntries, double b)
{
    // New row, slack s_r basic: s_r = A_r x + e_r - b_r; substituting the basic structurals gives the tableau
    // row -A_r + Σ_{k basic} a_{B_k} T_k and β_r = Σ a_{B_k} β_k - b_r.
    std::vector<double> row(m_vars.size(), 0.0);
    double beta = -b;
    for (const auto& [column, a] : columnEntries) {
        const int var = m_structural[column];
        const Variable& x = m_vars[var];
        if (x.basicRow < 0) {
            row[var] -= a;
            continue;
        }
        const int k = x.basicRow;
        for (std::size_t j = 0; j < m_vars.size(); ++j)
            row[j] += a * m_vars[j].tableau[k];
        beta += a * m_beta[k];
        row[var] = 0.0; // exactly: -a + a·1
    }
    const int r = static_cast<int>(m_beta.size());
    for (std::size_t j = 0; j < m_vars.size(); ++j)
        m_vars[j].tableau.push_back(m_vars[j].basicRow >= 0 ? 0.0 : row[j]);
    m_beta.push_back(beta);
    const int slack = addVariable(0.0);
    m_vars[slack].tableau[r] = 1.0;
    m_vars[slack].basicRow = r;
    const int elastic = addVariable(m_penalty);
    m_vars[elastic].tableau[r] = -1.0;
    m_slack.push_back(slack);
    m_elastic.push_back(elastic);
    m_basic.push_back(slack);
    return r;
}

void DenseSimplex::changeCost(Variable& var, double cost)
{
    const double delta = cost - var.cost;
    var.cost = cost;
    if (delta == 0.0)
        return;
    if (var.basicRow < 0) {
        var.reduced += delta;
        return;
    }
    // A basic cost change moves every reduced cost by -Δ·(its tableau entry in that row).
    const int k = var.basicRow;
    for (Variable& other : m_vars)
        if (other.basicRow < 0)
            other.reduced -= delta * other.tableau[k];
}

void DenseSimplex::setPenalty(double penalty)
{
    m_penalty = penalty;
    for (int e : m_elastic)
        changeCost(m_vars[e], penalty);
}

void DenseSimplex::pivot(int row, int entering)
{
    const std::vector<double> column = m_vars[entering].tableau; // copy: it changes below
    const double pivotValue = column[row];
    const double dq = m_vars[entering].reduced;
    const std::size_t rows = m_beta.size();
    for (Variable& var : m_vars) {
        const double f = var.tableau[row] / pivotValue;
        if (f == 0.0)
            continue;
        for (std::size_t k = 0; k < rows; ++k)
            var.tableau[k] -= f * column[k];
        var.tableau[row] = f;
        var.reduced -= dq * f;
    }
    const double step = m_beta[row] / pivotValue;
    for (std::size_t k = 0; k < rows; ++k)
        m_beta[k] -= step * column[k];
    m_beta[row] = step;
    m_vars[m_basic[row]].basicRow = -1;
    m_basic[row] = entering;
    Variable& in = m_vars[entering];
    in.basicRow = row;
    in.reduced = 0.0;
    for (std::size_t k = 0; k < rows; ++k)
        in.tableau[k] = k == static_cast<std::size_t>(row) ? 1.0 : 0.0;
    ++m_pivots;
    m_degenerate = std::abs(step) < kFeasible ? m_degenerate + 1 : 0;
}

// One dual simplex pivot: the most infeasible row leaves, the ratio test keeps d >= 0. False when none left.
bool DenseSimplex::dualStep(bool bland)
{
    // Dual steepest edge: the row maximising β_k² / ||row k of B^-1||²; B^-1 is at hand as the elastic
    // columns.
    const std::size_t rows = m_beta.size();
    std::vector<double> norms(rows, 0.0);
    if (!bland)
        for (int e : m_elastic) {
            const std::vector<double>& column = m_vars[e].tableau;
            for (std::size_t k = 0; k < rows; ++k)
                norms[k] += column[k] * column[k];
        }
    int leave = -1;
    double worst = 0.0;
    for (std::size_t k = 0; k < rows; ++k)
        if (m_beta[k] < -kFeasible) {
            const double score = bland ? 1.0 : m_beta[k] * m_beta[k] / std::max(norms[k], 1e-12);
            if (score > worst) {
                leave = static_cast<int>(k);
                worst = score;
                if (bland)
                    break;
            }
        }
    if (leave < 0)
        return false;
    int enter = -1;
    double bestRatio = std::numeric_limits<double>::infinity(), bestPivot = 0.0;
    for (std::size_t j = 0; j < m_vars.size(); ++j) {
        const Variable& var = m_vars[j];
        const double a = var.tableau[leave];
        if (var.basicRow >= 0 || a > -kPivot)
            continue;
        const double ratio = std::max(var.reduced, 0.0) / -a;
        if (ratio < bestRatio - 1e-12 || (ratio <= bestRatio + 1e-12 && -a > bestPivot && !bland)) {
            bestRatio = ratio;
            bestPivot = -a;
            enter = static_cast<int>(j);
        }
    }
    if (enter < 0)
        return false; // cannot happen with the elastic columns; the caller sees the infeasibility
    pivot(leave, enter);
    return true;
}

// One primal simplex pivot: the most negative reduced cost enters, the ratio test keeps β >= 0.
bool DenseSimplex::primalStep(bool bland)
{
    int enter = -1;
    double best = -kOptimal;
    for (std::size_t j = 0; j < m_vars.size(); ++j)
        if (m_vars[j].basicRow < 0 && m_vars[j].reduced < best) {
            enter = static_cast<int>(j);
            best = m_vars[j].reduced;
            if (bland)
                break;
        }
    if (enter < 0)
        return false;
    const std::vector<double>& column = m_vars[enter].tableau;
    int leave = -1;
    double bestRatio = std::numeric_limits<double>::infinity(), bestPivot = 0.0;
    for (std::size_t k = 0; k < m_beta.size(); ++k) {
        if (column[k] < kPivot)
            continue;
        const double ratio = std::max(m_beta[k], 0.0) / column[k];
        if (ratio < bestRatio - 1e-12 || (ratio <= bestRatio + 1e-12 && column[k] > bestPivot && !bland)) {
            bestRatio = ratio;
            bestPivot = column[k];
            leave = static_cast<int>(k);
        }
    }
    if (leave < 0) { // unbounded ray: impossible with c >= 0; give the column up
        m_vars[enter].reduced = 0.0;
        return true;
    }
    pivot(leave, enter);
    return true;
}

bool DenseSimplex::solve(int maxPivots)
{
    const int stop = m_pivots + maxPivots;
    while (m_pivots < stop) {
        const bool bland = m_degenerate > kDegenerateLimit;
        bool primalFeasible = true;
        for (double b : m_beta)
            primalFeasible = primalFeasible && b >= -kFeasible;
        if (!primalFeasible) {
            if (!dualStep(bland))
                return true;
            continue;
        }
        if (!primalStep(bland))
            return true;
    }
    return false;
}

double DenseSimplex::value(int column) const
{
    const Variable& var = m_vars[m_structural[column]];
    return var.basicRow < 0 ? 0.0 : std::max(m_beta[var.basicRow], 0.0);
}

double DenseSimplex::rowDual(int row) const
{
    // d(s_r) = 0 - y^T(-e_r) = y_r.
    return m_vars[m_slack[row]].reduced;
}

double DenseSimplex::elastic(int row) const
{
    const Variable& var = m_vars[m_elastic[row]];
    return var.basicRow < 0 ? 0.0 : std::max(m_beta[var.basicRow], 0.0);
}

} // namespace interlens::sparsify_detail
