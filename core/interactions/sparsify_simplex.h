#pragma once

#include <cstddef>
#include <utility>
#include <vector>

namespace interlens::sparsify_detail {

// A small dense-tableau simplex for the restricted ("master") LPs of the exact solver (sparsify_exact.cpp):
//
//   min c^T x  s.t.  A_r x >= b_r for every row r,  x >= 0,   with all costs c >= 0.
//
// Every row carries an elastic variable e_r >= 0 (A_r x + e_r >= b_r) of cost `penalty`, so the LP is always
// feasible and x = 0, e = max(b, 0) is a start; c >= 0 makes the all-slack basis dual feasible, so adding
// rows keeps dual feasibility (dual simplex) and adding columns keeps primal feasibility (primal simplex):
// the master is warm-started across rounds of row and column generation. The elastic variables are exact
// penalties: when none is positive at an optimum the master is optimal without them.
//
// Dense on purpose: the masters hold a few hundred rows and columns (the support of a sparse solution and its
// active constraints); the full problem is never formed.
class DenseSimplex
{
public:
    using Entries = std::vector<std::pair<int, double>>; // (index, coefficient)

    explicit DenseSimplex(double penalty) : m_penalty(penalty) {}

    // A structural column x_j >= 0 with its coefficients on the existing rows; returns j.
    int addColumn(double cost, const Entries& rowEntries);
    // A row Σ_j a_j x_j >= b over existing structural columns; returns r.
    int addRow(const Entries& columnEntries, double b);
    // Raises the elastic cost (keeps the basis; primal feasibility is kept, the next solve repairs the
    // reduced costs).
    void setPenalty(double penalty);

    // Pivots until optimal (true) or `maxPivots` pivots were made (false).
    bool solve(int maxPivots);

    double value(int column) const; // x_j
    double rowDual(int row) const;  // y_r >= 0, the multiplier of A_r x >= b_r
    double elastic(int row) const;  // e_r
    double penalty() const { return m_penalty; }
    int pivots() const { return m_pivots; }
    int rows() const { return static_cast<int>(m_beta.size()); }
    int columns() const { return static_cast<int>(m_structural.size()); }

private:
    struct Variable
    {
        double cost = 0.0;
        double reduced = 0.0;        // d_j = c_j - y^T a_j
        int basicRow = -1;           // row where it is basic, -1 when nonbasic (at 0)
        std::vector<double> tableau; // B^-1 a_j, one entry per row
    };

    int addVariable(double cost);
    void pivot(int row, int var);
    bool dualStep(bool bland);
    bool primalStep(bool bland);

    void changeCost(Variable& var, double cost);

    double m_penalty;
    std::vector<Variable> m_vars;
    std::vector<int> m_structural; // variable index of structural column j
    std::vector<int> m_slack;      // per row: its slack s_r (A_r x + e_r - s_r = b_r)
    std::vector<int> m_elastic;    // per row: e_r
    std::vector<double> m_beta;    // basic values, one per row
    std::vector<int> m_basic;      // variable basic in each row
    int m_pivots = 0;
    int m_degenerate = 0;
};

} // namespace interlens::sparsify_detail
