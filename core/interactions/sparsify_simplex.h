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
// Columns are combinations of stored "generator" columns: the solver's columns are the vertices of a block's
// unit ball (8 per interaction for two models, 2 for one), all combinations of one coefficient column per
// model, and B^-1 is linear, so only the generators' tableau columns are kept and updated (a quarter of the
// work of a full tableau for two models). Each row's slack is a generator; its elastic is minus the slack.
//
// Rows whose slack is basic (inactive) and nonbasic columns can be removed between solves; the basis stays
// valid, so the master stays small while generation moves on.
//
// Dense on purpose: the masters hold a few hundred rows and columns (the support of a sparse solution and its
// active constraints); the full problem is never formed.
class DenseSimplex
{
public:
    using Entries = std::vector<std::pair<int, double>>; // (index, coefficient)

    explicit DenseSimplex(double penalty) : m_penalty(penalty) {}

    // A generator column with its coefficients on the existing rows; returns g.
    int addGenerator(const Entries& rowEntries);
    // A structural column x_j >= 0 equal to Σ weight·generator over `combination`; returns j.
    int addColumn(double cost, const Entries& combination);
    // A row Σ_g a_g·generator_g >= b over existing generators; returns r.
    int addRow(const Entries& generatorEntries, double b);
    // Raises the elastic cost (keeps the basis; primal feasibility is kept, the next solve repairs the
    // reduced costs).
    void setPenalty(double penalty);

    // Pivots until optimal (true) or `maxPivots` pivots were made (false).
    bool solve(int maxPivots);

    double value(int column) const; // x_j
    double reducedCost(int column) const;
    bool isBasic(int column) const { return m_vars[m_structural[column]].basicRow >= 0; }
    double rowDual(int row) const; // y_r >= 0, the multiplier of A_r x >= b_r
    double elastic(int row) const; // e_r
    bool rowSlackBasic(int row) const { return m_vars[m_slack[row]].basicRow >= 0; }
    double penalty() const { return m_penalty; }
    int pivots() const { return m_pivots; }
    int rows() const { return static_cast<int>(m_beta.size()); }
    int columns() const { return static_cast<int>(m_structural.size()); }

    // Removes the rows flagged in `dropRows` (each must have its slack basic) and the structural columns
    // flagged in `dropColumns` (each must be nonbasic) together with the generators only they use. Remaining
    // rows and columns keep their order and are renumbered densely; generators left unused are dropped.
    // Returns the generators' new indices (-1: dropped).
    std::vector<int> remove(const std::vector<bool>& dropRows, const std::vector<bool>& dropColumns);

private:
    struct Generator
    {
        std::vector<double> tableau; // B^-1 a_g, one entry per row
        double price = 0.0;          // c_B^T B^-1 a_g
    };
    struct Variable
    {
        double cost = 0.0;
        Entries combination; // (generator, weight)
        int basicRow = -1;   // row where it is basic, -1 when nonbasic (at 0)
    };

    double entry(const Variable& var, std::size_t row) const;
    double reduced(const Variable& var) const;
    int addVariable(double cost, Entries combination);
    void pivot(int row, int var);
    bool dualStep(bool bland);
    bool primalStep(bool bland);
    void changeCost(Variable& var, double cost);

    double m_penalty;
    std::vector<Generator> m_generators;
    std::vector<Variable> m_vars;
    std::vector<int> m_structural; // variable index of structural column j
    std::vector<int> m_slack;      // per row: its slack s_r (A_r x + e_r - s_r = b_r); a generator of its own
    std::vector<int> m_elastic;    // per row: e_r = -s_r's generator
    std::vector<int> m_slackGenerator; // per row
    std::vector<double> m_beta;        // basic values, one per row
    std::vector<int> m_basic;          // variable basic in each row
    int m_pivots = 0;
    int m_degenerate = 0;
};

} // namespace interlens::sparsify_detail
