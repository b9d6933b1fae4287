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

double DenseSimplex::entry(const Variable& var, std::size_t row) const
{
    double a = 0.0;
    for (const auto& [g, w] : var.combination)
        a += w * m_generators[g].tableau[row];
    return a;
}

double DenseSimplex::reduced(const Variable& var) const
{
    double d = var.cost;
    for (const auto& [g, w] : var.combination)
        d -= w * m_generators[g].price;
    return d;
}

int DenseSimplex::addVariable(double cost, Entries combination)
{
    m_vars.push_back({cost, std::move(combination), -1});
    return static_cast<int>(m_vars.size()) - 1;
}

int DenseSimplex::addGenerator(const Entries& rowEntries)
{
    // B^-1 a = Σ_r a_r B^-1 e_r, and B^-1 e_r is minus the tableau column of the slack s_r (original -e_r).
    Generator gen;
    gen.tableau.assign(m_beta.size(), 0.0);
    for (const auto& [row, a] : rowEntries) {
        const Generator& slack = m_generators[m_slackGenerator[row]];
        for (std::size_t k = 0; k < gen.tableau.size(); ++k)
            gen.tableau[k] -= a * slack.tableau[k];
        gen.price -= a * slack.price;
    }
    m_generators.push_back(std::move(gen));
    return static_cast<int>(m_generators.size()) - 1;
}

int DenseSimplex::addColumn(double cost, const Entries& combination)
{
    m_structural.push_back(addVariable(cost, combination));
    return static_cast<int>(m_structural.size()) - 1;
}

int DenseSimplex::addRow(const Entries& generatorEntries, double b)
{
    // New row, slack s_r basic: s_r = A_r x + e_r - b_r; substituting the basic variables gives the tableau
    // row -a_g + Σ_k a_{B_k} T_g[k] per generator and β_r = Σ_k a_{B_k} β_k - b_r, where a_{B_k} is the new
    // row's coefficient of the variable basic at k (zero for the old rows' slacks and elastics).
    std::vector<double> coefficient(m_generators.size(), 0.0);
    for (const auto& [g, a] : generatorEntries)
        coefficient[g] += a;
    Entries basic; // (k, a_{B_k})
    double beta = -b;
    for (std::size_t k = 0; k < m_basic.size(); ++k) {
        double a = 0.0;
        for (const auto& [g, w] : m_vars[m_basic[k]].combination)
            a += w * coefficient[g];
        if (a != 0.0) {
            basic.push_back({static_cast<int>(k), a});
            beta += a * m_beta[k];
        }
    }
    for (std::size_t g = 0; g < m_generators.size(); ++g) {
        std::vector<double>& t = m_generators[g].tableau;
        double value = -coefficient[g];
        for (const auto& [k, a] : basic)
            value += a * t[k];
        t.push_back(value);
    }
    const int r = static_cast<int>(m_beta.size());
    m_beta.push_back(beta);
    Generator slack;
    slack.tableau.assign(m_beta.size(), 0.0);
    slack.tableau[r] = 1.0;
    m_generators.push_back(std::move(slack));
    const int g = static_cast<int>(m_generators.size()) - 1;
    m_slackGenerator.push_back(g);
    const int s = addVariable(0.0, {{g, 1.0}});
    m_vars[s].basicRow = r;
    m_slack.push_back(s);
    m_elastic.push_back(addVariable(m_penalty, {{g, -1.0}}));
    m_basic.push_back(s);
    return r;
}

void DenseSimplex::changeCost(Variable& var, double cost)
{
    const double delta = cost - var.cost;
    var.cost = cost;
    if (delta == 0.0 || var.basicRow < 0)
        return;
    // A basic cost change moves every price by Δ·(its tableau entry in that row).
    for (Generator& gen : m_generators)
        gen.price += delta * gen.tableau[var.basicRow];
}

void DenseSimplex::setPenalty(double penalty)
{
    m_penalty = penalty;
    for (int e : m_elastic)
        changeCost(m_vars[e], penalty);
}

void DenseSimplex::pivot(int row, int entering)
{
    const std::size_t rows = m_beta.size();
    std::vector<double> column(rows, 0.0);
    for (const auto& [g, w] : m_vars[entering].combination)
        for (std::size_t k = 0; k < rows; ++k)
            column[k] += w * m_generators[g].tableau[k];
    const double pivotValue = column[row];
    const double dq = reduced(m_vars[entering]);
    for (Generator& gen : m_generators) {
        const double f = gen.tableau[row] / pivotValue;
        if (f == 0.0)
            continue;
        double* t = gen.tableau.data();
        for (std::size_t k = 0; k < rows; ++k)
            t[k] -= f * column[k];
        t[row] = f;
        gen.price += dq * f;
    }
    const double step = m_beta[row] / pivotValue;
    for (std::size_t k = 0; k < rows; ++k)
        m_beta[k] -= step * column[k];
    m_beta[row] = step;
    m_vars[m_basic[row]].basicRow = -1;
    m_basic[row] = entering;
    m_vars[entering].basicRow = row;
    ++m_pivots;
    m_degenerate = std::abs(step) < kFeasible ? m_degenerate + 1 : 0;
}

// One dual simplex pivot: the most infeasible row leaves, the ratio test keeps d >= 0. False when none left.
bool DenseSimplex::dualStep(bool bland)
{
    // Dual steepest edge: the row maximising β_k² / ||row k of B^-1||²; B^-1 is at hand as the (negated)
    // slack generators.
    const std::size_t rows = m_beta.size();
    std::vector<double> norms(rows, 0.0);
    if (!bland)
        for (int g : m_slackGenerator) {
            const std::vector<double>& column = m_generators[g].tableau;
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
        if (var.basicRow >= 0)
            continue;
        const double a = entry(var, leave);
        if (a > -kPivot)
            continue;
        const double ratio = std::max(reduced(var), 0.0) / -a;
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

// One primal simplex pivot: the most negative reduced cost enters (Devex pricing was tried: fewer pivots on
// planted games, but it stalls on degenerate masters), the ratio test keeps β >= 0.
bool DenseSimplex::primalStep(bool bland)
{
    int enter = -1;
    double best = 0.0;
    for (std::size_t j = 0; j < m_vars.size(); ++j) {
        const Variable& var = m_vars[j];
        if (var.basicRow >= 0)
            continue;
        const double d = reduced(var);
        if (d >= -kOptimal)
            continue;
        const double score = bland ? 1.0 : -d;
        if (score > best) {
            enter = static_cast<int>(j);
            best = score;
            if (bland)
                break;
        }
    }
    if (enter < 0)
        return false;
    int leave = -1;
    double bestRatio = std::numeric_limits<double>::infinity(), bestPivot = 0.0;
    for (std::size_t k = 0; k < m_beta.size(); ++k) {
        const double a = entry(m_vars[enter], k);
        if (a < kPivot)
            continue;
        const double ratio = std::max(m_beta[k], 0.0) / a;
        if (ratio < bestRatio - 1e-12 || (ratio <= bestRatio + 1e-12 && a > bestPivot && !bland)) {
            bestRatio = ratio;
            bestPivot = a;
            leave = static_cast<int>(k);
        }
    }
    if (leave < 0) { // unbounded ray: impossible with c >= 0; give the column up
        m_vars[enter].cost = std::numeric_limits<double>::infinity();
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

double DenseSimplex::reducedCost(int column) const
{
    const Variable& var = m_vars[m_structural[column]];
    return var.basicRow < 0 ? reduced(var) : 0.0;
}

double DenseSimplex::rowDual(int row) const
{
    // d(s_r) = 0 - y^T(-e_r) = y_r.
    return reduced(m_vars[m_slack[row]]);
}

double DenseSimplex::elastic(int row) const
{
    const Variable& var = m_vars[m_elastic[row]];
    return var.basicRow < 0 ? 0.0 : std::max(m_beta[var.basicRow], 0.0);
}

std::vector<int> DenseSimplex::remove(const std::vector<bool>& dropRows, const std::vector<bool>& dropColumns)
{
    // Removing a row whose slack is basic at position k deletes tableau row k (B is block triangular in that
    // slack's unit column); removing a nonbasic column changes nothing else.
    std::vector<bool> dropVar(m_vars.size(), false), dropPosition(m_beta.size(), false);
    for (std::size_t r = 0; r < dropRows.size(); ++r)
        if (dropRows[r]) {
            dropVar[m_slack[r]] = dropVar[m_elastic[r]] = true;
            dropPosition[m_vars[m_slack[r]].basicRow] = true;
        }
    for (std::size_t j = 0; j < dropColumns.size(); ++j)
        if (dropColumns[j])
            dropVar[m_structural[j]] = true;
    // Generators still used, renumbered.
    std::vector<int> newGenerator(m_generators.size(), -1);
    for (std::size_t v = 0; v < m_vars.size(); ++v)
        if (!dropVar[v])
            for (const auto& [g, w] : m_vars[v].combination)
                newGenerator[g] = 0;
    std::vector<int> newPosition(m_beta.size(), -1);
    int positions = 0;
    for (std::size_t k = 0; k < m_beta.size(); ++k)
        if (!dropPosition[k])
            newPosition[k] = positions++;
    std::vector<Generator> generators;
    for (std::size_t g = 0; g < m_generators.size(); ++g) {
        if (newGenerator[g] < 0)
            continue;
        newGenerator[g] = static_cast<int>(generators.size());
        Generator gen = std::move(m_generators[g]);
        std::size_t out = 0;
        for (std::size_t k = 0; k < gen.tableau.size(); ++k)
            if (!dropPosition[k])
                gen.tableau[out++] = gen.tableau[k];
        gen.tableau.resize(out);
        generators.push_back(std::move(gen));
    }
    m_generators = std::move(generators);
    std::vector<int> newVar(m_vars.size(), -1);
    std::vector<Variable> vars;
    for (std::size_t v = 0; v < m_vars.size(); ++v) {
        if (dropVar[v])
            continue;
        newVar[v] = static_cast<int>(vars.size());
        Variable var = std::move(m_vars[v]);
        for (auto& [g, w] : var.combination)
            g = newGenerator[g];
        if (var.basicRow >= 0)
            var.basicRow = newPosition[var.basicRow];
        vars.push_back(std::move(var));
    }
    m_vars = std::move(vars);
    auto keep = [&](std::vector<int>& indices, const std::vector<bool>& drop, const std::vector<int>& map) {
        std::vector<int> out;
        for (std::size_t i = 0; i < indices.size(); ++i)
            if (i >= drop.size() || !drop[i])
                out.push_back(map[indices[i]]);
        indices = std::move(out);
    };
    keep(m_structural, dropColumns, newVar);
    keep(m_slack, dropRows, newVar);
    keep(m_elastic, dropRows, newVar);
    keep(m_slackGenerator, dropRows, newGenerator);
    std::vector<double> beta;
    std::vector<int> basic;
    for (std::size_t k = 0; k < m_beta.size(); ++k)
        if (!dropPosition[k]) {
            beta.push_back(m_beta[k]);
            basic.push_back(newVar[m_basic[k]]);
        }
    m_beta = std::move(beta);
    m_basic = std::move(basic);
    return newGenerator;
}

} // namespace interlens::sparsify_detail
