// Solver, exact form: the LP solved to its optimum by row and column generation around a small simplex master
// (see pdhg_solver.h, SolverForm::Exact).
#include "interactions/pdhg_solver.h"

#include "common/error.h"
#include "interactions/sparsify_certificate.h"
#include "interactions/sparsify_problem.h"
#include "interactions/sparsify_seed_cache.h"
#include "interactions/sparsify_simplex.h"
#include "interactions/transforms.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <numeric>

namespace interlens {

using namespace sparsify_detail;

namespace {

// Primal and dual feasibility tolerances of the generation loop, on games scaled to max |v| = 1.
constexpr double kRowTolerance = 1e-10;
constexpr double kPriceTolerance = 1e-10;
// Limits past which the exact form gives up (the caller then falls back to the primal-dual method): the
// master is dense, so its rows bound memory (rows × (generators + rows) doubles).
constexpr int kMaxMasterRows = 1600;
constexpr int kMaxRounds = 2000;

enum class RowKind { Data, Coupling };

struct Row
{
    RowKind kind;
    int model; // Data: whose game
    std::size_t set;
    double side; // +1: lower side (A x >= lo), -1: upper side (-A x >= -hi)
};

// One interaction S of one type (AND or OR) for every model. Its loss f(I_1..I_M) (|I| for one model,
// (1-α)·max|I_i| + α·Σ|I_i| for two) is a polyhedral norm, so f(I) = min Σ_k λ_k over I = Σ_k λ_k·u_k, λ >=
// 0, with u_k the vertices of f's unit ball: one cost-1 column per vertex and no extra rows. Vertices: ±1 for
// one model; (±1, 0), (0, ±1), (±s, ±s) with s = 1/(1+α) for two.
struct Block
{
    bool isAnd;
    std::size_t set;
    int firstColumn;    // of its vertex columns in the master
    int firstGenerator; // one coefficient column per model in the master
};

class ExactSolver
{
public:
    ExactSolver(std::span<const std::vector<double>> vs, std::span<const double> qBounds,
                std::span<const double> pBounds, const SolverSettings& settings);
    // `finished`: the generation ended with nothing left to add (optimal up to rounding), not at a limit.
    JointResult run(bool* finished);

private:
    // Z[S,T] = [T ⊆ S] (AND), W[S,T] = [T = ∅ or T ∩ S ≠ ∅] (OR).
    static double transformEntry(bool isAnd, std::size_t s, std::size_t t)
    {
        return isAnd ? double((t & s) == t) : double(t == 0 || (t & s) != 0);
    }
    // Coefficient of model i's interaction of `block` in the left-hand side of `row`.
    double coefficient(const Row& row, const Block& block, int model) const;
    void addBlock(bool isAnd, std::size_t set);
    void addRow(RowKind kind, int model, std::size_t set, double side);
    double rowBound(const Row& row) const;
    // Current interactions of the master, as full vectors.
    void interactions(Vectors& iAnd, Vectors& iOr) const;
    // Removes rows inactive and blocks out of the basis for a few rounds (never the same one twice, against
    // cycling), keeping the master small; its optimum is unchanged.
    void prune();
    // Two models: starts the master from each model's own optimum (the problem without the coupling, at the
    // same q bound): the blocks of its support and its active rows. Cheap (single masters are small) and
    // near the joint optimum, whose support is mostly the union of the two. Kept across pairs
    // (sparsify_seed_cache.h): a study solves each model's single once per prompt, not once per partner.
    void seedFromSingles();
    std::size_t rowKey(const Row& row) const
    {
        const std::size_t k = row.kind == RowKind::Coupling ? 4 : static_cast<std::size_t>(row.model) * 2;
        return (k + (row.side > 0 ? 0 : 1)) * m_size + row.set;
    }

    std::span<const std::vector<double>> m_inputs;
    std::size_t m_models, m_size;
    ScaledLp m_lp; // the games at max |v| = 1, their bounds, the loss's vertices (see Block)
    SolverSettings m_settings;
    sparsify_detail::DenseSimplex m_master{100.0};
    std::vector<Block> m_blocks;
    std::vector<int> m_blockOf[2]; // [isAnd][set] -> block, -1
    std::vector<Row> m_rows;
    std::vector<int> m_rowOf; // rowKey -> row, -1
    // Rounds each row has been inactive (slack basic) / each block out of the basis; whether a row key or a
    // block was dropped before.
    std::vector<int> m_rowIdle, m_blockIdle;
    std::vector<char> m_rowDropped, m_blockDropped[2];
};

ExactSolver::ExactSolver(std::span<const std::vector<double>> vs, std::span<const double> qBounds,
                         std::span<const double> pBounds, const SolverSettings& settings)
    : m_inputs(vs), m_models(vs.size()), m_size(vs[0].size()),
      m_lp(scaledLp(vs, qBounds, pBounds, settings.alpha)), m_settings(settings)
{
    for (auto& of : m_blockOf)
        of.assign(m_size, -1);
    m_rowOf.assign(6 * m_size, -1);
    m_rowDropped.assign(6 * m_size, 0);
    for (auto& dropped : m_blockDropped)
        dropped.assign(m_size, 0);
}

double ExactSolver::coefficient(const Row& row, const Block& block, int model) const
{
    const double k = transformEntry(block.isAnd, row.set, block.set);
    if (k == 0.0)
        return 0.0;
    if (row.kind == RowKind::Data)
        return row.model == model ? row.side * k : 0.0;
    // Coupling row: γ_1 - γ_2 with γ_i = ½(Z a_i - W o_i).
    return row.side * 0.5 * k * (block.isAnd ? 1.0 : -1.0) * (model == 0 ? 1.0 : -1.0);
}

double ExactSolver::rowBound(const Row& row) const
{
    if (row.kind == RowKind::Coupling)
        return -m_lp.pairBound;
    const double v = m_lp.vs[row.model][row.set], q = m_lp.qBounds[row.model];
    return row.side > 0 ? v - q : -(v + q);
}

void ExactSolver::addBlock(bool isAnd, std::size_t set)
{
    Block block{isAnd, set, m_master.columns(), -1};
    for (std::size_t i = 0; i < m_models; ++i) {
        DenseSimplex::Entries entries;
        for (std::size_t r = 0; r < m_rows.size(); ++r) {
            const double a = coefficient(m_rows[r], block, static_cast<int>(i));
            if (a != 0.0)
                entries.push_back({static_cast<int>(r), a});
        }
        const int g = m_master.addGenerator(entries);
        if (i == 0)
            block.firstGenerator = g;
    }
    for (const auto& vertex : m_lp.vertices) {
        DenseSimplex::Entries combination;
        for (std::size_t i = 0; i < m_models; ++i)
            if (vertex[i] != 0.0)
                combination.push_back({block.firstGenerator + static_cast<int>(i), vertex[i]});
        m_master.addColumn(1.0, combination);
    }
    m_blocks.push_back(block);
    m_blockOf[isAnd][set] = static_cast<int>(m_blocks.size()) - 1;
    m_blockIdle.push_back(0);
}

void ExactSolver::addRow(RowKind kind, int model, std::size_t set, double side)
{
    const Row row{kind, model, set, side};
    DenseSimplex::Entries entries;
    for (const Block& block : m_blocks)
        for (std::size_t i = 0; i < m_models; ++i) {
            const double a = coefficient(row, block, static_cast<int>(i));
            if (a != 0.0)
                entries.push_back({block.firstGenerator + static_cast<int>(i), a});
        }
    m_master.addRow(entries, rowBound(row));
    m_rowOf[rowKey(row)] = static_cast<int>(m_rows.size());
    m_rows.push_back(row);
    m_rowIdle.push_back(0);
}

void ExactSolver::prune()
{
    constexpr int kIdleRounds = 2;
    const int vertices = static_cast<int>(m_lp.vertices.size());
    std::vector<bool> dropRows(m_rows.size(), false), dropColumns(m_master.columns(), false);
    bool any = false;
    for (std::size_t r = 0; r < m_rows.size(); ++r) {
        m_rowIdle[r] = m_master.rowSlackBasic(static_cast<int>(r)) ? m_rowIdle[r] + 1 : 0;
        if (m_rowIdle[r] >= kIdleRounds && !m_rowDropped[rowKey(m_rows[r])])
            dropRows[r] = any = true;
    }
    std::vector<bool> dropBlocks(m_blocks.size(), false);
    for (std::size_t b = 0; b < m_blocks.size(); ++b) {
        bool idle = true;
        for (int k = 0; k < vertices; ++k)
            idle = idle && !m_master.isBasic(m_blocks[b].firstColumn + k);
        m_blockIdle[b] = idle ? m_blockIdle[b] + 1 : 0;
        if (m_blockIdle[b] >= kIdleRounds && !m_blockDropped[m_blocks[b].isAnd][m_blocks[b].set]) {
            dropBlocks[b] = any = true;
            for (int k = 0; k < vertices; ++k)
                dropColumns[m_blocks[b].firstColumn + k] = true;
        }
    }
    if (!any)
        return;
    const std::vector<int> generator = m_master.remove(dropRows, dropColumns);
    std::vector<Row> rows;
    std::vector<int> rowIdle;
    for (std::size_t r = 0; r < m_rows.size(); ++r) {
        const std::size_t key = rowKey(m_rows[r]);
        m_rowOf[key] = -1;
        if (dropRows[r]) {
            m_rowDropped[key] = 1;
            continue;
        }
        m_rowOf[key] = static_cast<int>(rows.size());
        rows.push_back(m_rows[r]);
        rowIdle.push_back(m_rowIdle[r]);
    }
    m_rows = std::move(rows);
    m_rowIdle = std::move(rowIdle);
    std::vector<Block> blocks;
    std::vector<int> blockIdle;
    for (std::size_t b = 0; b < m_blocks.size(); ++b) {
        Block block = m_blocks[b];
        m_blockOf[block.isAnd][block.set] = -1;
        if (dropBlocks[b]) {
            m_blockDropped[block.isAnd][block.set] = 1;
            continue;
        }
        block.firstColumn = static_cast<int>(blocks.size()) * vertices;
        block.firstGenerator = generator[block.firstGenerator];
        m_blockOf[block.isAnd][block.set] = static_cast<int>(blocks.size());
        blocks.push_back(block);
        blockIdle.push_back(m_blockIdle[b]);
    }
    m_blocks = std::move(blocks);
    m_blockIdle = std::move(blockIdle);
}

void ExactSolver::interactions(Vectors& iAnd, Vectors& iOr) const
{
    iAnd.assign(m_models, std::vector<double>(m_size, 0.0));
    iOr = iAnd;
    for (const Block& block : m_blocks)
        for (std::size_t k = 0; k < m_lp.vertices.size(); ++k) {
            const double lambda = m_master.value(block.firstColumn + static_cast<int>(k));
            if (lambda == 0.0)
                continue;
            for (std::size_t i = 0; i < m_models; ++i)
                (block.isAnd ? iAnd : iOr)[i][block.set] += lambda * m_lp.vertices[k][i];
        }
}

void ExactSolver::seedFromSingles()
{
    SolverSettings settings = m_settings;
    settings.recording = LossRecording::None;
    std::vector<SingleSeed> seeds;
    for (std::size_t i = 0; i < m_models; ++i) {
        const double qBound = m_lp.qBounds[i] * m_lp.scale, pBound = 0.0;
        const SingleSeed seed =
            cachedSingleSeed({m_inputs[i], qBound, settings.tolerance, settings.maxIterations}, [&] {
                ExactSolver single(m_inputs.subspan(i, 1), std::span(&qBound, 1), std::span(&pBound, 1),
                                   settings);
                single.run(nullptr);
                SingleSeed out;
                for (const Block& block : single.m_blocks) {
                    double lambda = 0.0;
                    for (std::size_t k = 0; k < single.m_lp.vertices.size(); ++k)
                        lambda += single.m_master.value(block.firstColumn + static_cast<int>(k));
                    if (lambda > 0.0)
                        out.blocks.push_back({block.isAnd, block.set});
                }
                for (std::size_t r = 0; r < single.m_rows.size(); ++r)
                    if (single.m_master.rowDual(static_cast<int>(r)) > 0.0)
                        out.rows.push_back({single.m_rows[r].set, single.m_rows[r].side});
                return out;
            });
        seeds.push_back(seed);
    }
    // Both models' blocks (first occurrence), then their rows.
    for (const SingleSeed& seed : seeds)
        for (const auto& [isAnd, set] : seed.blocks)
            if (m_blockOf[isAnd][set] < 0)
                addBlock(isAnd, set);
    for (std::size_t i = 0; i < m_models; ++i)
        for (const auto& [set, side] : seeds[i].rows)
            addRow(RowKind::Data, static_cast<int>(i), set, side);
    m_master.solve(m_settings.maxIterations);
}

JointResult ExactSolver::run(bool* finished)
{
    bool done = false;
    if (m_models == 2)
        seedFromSingles();
    // Rows and blocks added per round, whatever n: larger batches (n/64 of 2^n was tried) fill the master
    // with columns priced by early, poor duals and cost far more pivots than the extra rounds (each a few
    // transforms) they save (BENCHMARKS.md "interactions").
    constexpr std::size_t batch = 32;
    JointResult result;
    result.mode = SparsifyMode::Solver;
    result.alpha = m_lp.alpha;
    double bestBound = -std::numeric_limits<double>::infinity();
    double objective = std::numeric_limits<double>::infinity();
    JointSplit split;
    Vectors iAnd, iOr, rows(m_models), gammas(m_models), ga(m_models), go(m_models);
    std::vector<double> norms;
    for (int round = 0; round < kMaxRounds; ++round) {
        throwIfCancelled(m_settings.cancel);
        // Primal: the master's interactions, their rows and splits over all sets.
        interactions(iAnd, iOr);
        interactionRows(iAnd, iOr, rows, gammas);
        objective = feasibleSplit(m_lp.vs, rows, gammas, m_lp.qBounds, m_lp.pBounds, m_lp.alpha, split);
        // Dual: the master's multipliers as full signed vectors, priced through the adjoint transforms.
        Vectors dual(m_models, std::vector<double>(m_size, 0.0));
        std::vector<double> coupling(m_models == 2 ? m_size : 0, 0.0);
        for (std::size_t r = 0; r < m_rows.size(); ++r) {
            const Row& row = m_rows[r];
            if (row.kind == RowKind::Data)
                dual[row.model][row.set] += row.side * m_master.rowDual(static_cast<int>(r));
            else
                coupling[row.set] += row.side * m_master.rowDual(static_cast<int>(r));
        }
        const double bound = priceDual(m_lp.vs, m_lp.qBounds, m_lp.pairBound, dual, coupling, ga, go);
        // Dual norm of every block; the worst scales the dual into feasibility, the violated ones enter.
        const double gauge = blockGauge(ga, go, m_lp.alpha, &norms);
        std::vector<std::pair<double, std::pair<bool, std::size_t>>> entering;
        for (int type = 0; type < 2; ++type)
            for (std::size_t s = 0; s < m_size; ++s) {
                const double norm = norms[type * m_size + s];
                if (norm > 1.0 + kPriceTolerance && m_blockOf[type][s] < 0)
                    entering.push_back({norm, {type == 1, s}});
            }
        bestBound = std::max(bestBound, bound / std::max(1.0, gauge));
        if (m_settings.recording != LossRecording::None)
            result.lossCurve.push_back({m_master.pivots(), objective * m_lp.scale, bestBound * m_lp.scale});
        // Scale-free stop (relative to the objective itself), stricter than the reported criterion
        // gap <= tolerance·max(1, |objective|) for games below unit scale.
        if (objective - bestBound <= m_settings.tolerance * std::abs(objective)) {
            done = true;
            break;
        }
        // Violated rows of the full problem that the master does not hold yet.
        std::vector<std::pair<double, Row>> violated;
        double elasticTotal = 0.0;
        for (std::size_t r = 0; r < m_rows.size(); ++r)
            elasticTotal += m_master.elastic(static_cast<int>(r));
        for (std::size_t i = 0; i < m_models; ++i)
            for (std::size_t s = 0; s < m_size; ++s)
                for (double side : {1.0, -1.0}) {
                    const Row row{RowKind::Data, static_cast<int>(i), s, side};
                    const double excess = rowBound(row) - side * rows[i][s];
                    if (excess > kRowTolerance && m_rowOf[rowKey(row)] < 0)
                        violated.push_back({excess, row});
                }
        if (m_models == 2)
            for (std::size_t s = 0; s < m_size; ++s)
                for (double side : {1.0, -1.0}) {
                    const Row row{RowKind::Coupling, 0, s, side};
                    const double excess = rowBound(row) - side * (gammas[0][s] - gammas[1][s]);
                    if (excess > kRowTolerance && m_rowOf[rowKey(row)] < 0)
                        violated.push_back({excess, row});
                }
        if (entering.empty() && violated.empty()) {
            if (elasticTotal <= kRowTolerance) {
                done = true; // optimal up to rounding, yet not certified to the tolerance: report the gap
                break;
            }
            m_master.setPenalty(m_master.penalty() * 10.0);
        }
        prune();
        auto byFirst = [](const auto& a, const auto& b) { return a.first > b.first; };
        const std::size_t columns = std::min(batch, entering.size());
        std::partial_sort(entering.begin(), entering.begin() + columns, entering.end(), byFirst);
        for (std::size_t k = 0; k < columns; ++k)
            addBlock(entering[k].second.first, entering[k].second.second);
        const std::size_t added = std::min(batch, violated.size());
        std::partial_sort(violated.begin(), violated.begin() + added, violated.end(), byFirst);
        if (m_master.rows() + static_cast<int>(added) + 2 * static_cast<int>(columns) > kMaxMasterRows)
            break;
        if (!m_master.solve(m_settings.maxIterations - m_master.pivots()))
            break;
        for (std::size_t k = 0; k < added; ++k) {
            const Row& row = violated[k].second;
            addRow(row.kind, row.model, row.set, row.side);
        }
        if (!m_master.solve(m_settings.maxIterations - m_master.pivots()))
            break;
    }
    if (finished)
        *finished = done;
    // Back to the caller's units: the split scales with the games; the loss is re-evaluated there.
    std::vector<LossPoint> curve = std::move(result.lossCurve);
    result = scaledResult(m_inputs, std::move(split), m_lp.scale, m_lp.qBounds, m_lp.pBounds, m_lp.alpha,
                          bestBound, m_master.pivots());
    result.lossCurve = std::move(curve);
    return result;
}

} // namespace

JointResult solveJointExact(std::span<const std::vector<double>> vs, std::span<const double> qBounds,
                            std::span<const double> pBounds, const SolverSettings& settings, bool* finished)
{
    ExactSolver solver(vs, qBounds, pBounds, settings);
    return solver.run(finished);
}

} // namespace interlens
