// Solver mode: certified optimality (duality gap), never worse than the lab's SGD, feasibility and universal
// matching of its output, planted games recovered, symmetric joint extraction of identical models.
#include "golden.h"

#include "common/error.h"
#include "common/fixtures.h"
#include "interactions/and_or.h"
#include "interactions/pdhg_solver.h"
#include "interactions/sparsify.h"

#include <QElapsedTimer>
#include <QTest>

#include <bit>
#include <cmath>
#include <random>
#include <set>
#include <thread>
#include <tuple>

using namespace interlens;
using namespace interlens::test;

namespace {

// Checks the solver's output is feasible and consistent: |q| <= τ, the raw interactions reproduce v + q, the
// reported loss is their L1 and the lower bound does not exceed it.
void checkSingle(const std::vector<double>& v, const SingleResult& r)
{
    double excess = 0.0;
    for (double x : r.q)
        excess = std::max(excess, std::abs(x) - r.qBound);
    QVERIFY(excess <= 0.0);
    std::vector<double> target = v;
    for (std::size_t s = 0; s < v.size(); ++s)
        target[s] += r.q[s];
    const double match = maxAbsDiff(reconstructGame({r.iAndRaw, r.iOrRaw}), target);
    QVERIFY2(match < 1e-9, qPrintable(QStringLiteral("universal matching off by %1").arg(match)));
    QVERIFY(std::abs(l1Norm({r.iAndRaw, r.iOrRaw}) - r.loss) < 1e-9 * std::max(1.0, r.loss));
    QVERIFY(r.lowerBound <= r.loss + 1e-9);
}

std::vector<double> plantedGame(int n, const std::vector<std::tuple<bool, std::size_t, double>>& terms)
{
    std::vector<double> v(std::size_t{1} << n, 0.0);
    for (std::size_t s = 0; s < v.size(); ++s)
        for (const auto& [isAnd, mask, c] : terms)
            if (isAnd ? (s & mask) == mask : (s & mask) != 0)
                v[s] += c;
    return v;
}

} // namespace

class TestSolver : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Every single-model golden: the solver's objective is <= the lab's SGD result, certified to 1e-5.
    void singleBeatsReference()
    {
        INTERLENS_REQUIRE_FIXTURE(interactionsFixture(QStringLiteral("index.json")));
        for (const auto& file : caseFiles("single_sparsify")) {
            const auto j = loadJson(interactionsFixture(QString::fromStdString(file)));
            const auto v = doubles(j.at("v"));
            SparsifyOptions options;
            options.mode = SparsifyMode::Solver;
            options.qThreshold = j.at("hyperparameters").at("qthres").get<double>();
            options.tolerance = 1e-6;
            options.maxIterations = v.size() <= 64 ? 100000 : 20000;
            QElapsedTimer timer;
            timer.start();
            const SingleResult r = sparsify(v, options);
            const double reference = j.at("runs").at("float64").at("loss_final").get<double>();
            const double relGap = r.gap / std::max(1.0, r.loss);
            qInfo() << file.c_str() << "solver" << r.loss << "bound" << r.lowerBound << "rel gap" << relGap
                    << "steps" << r.iterations << timer.elapsed() << "ms; lab SGD" << reference;
            checkSingle(v, r);
            QVERIFY(r.loss <= reference);
            // The exact method certifies every golden (rounding-size gaps).
            QVERIFY(relGap <= 1e-5);
            QVERIFY(r.converged);
        }
    }

    void jointBeatsReference()
    {
        INTERLENS_REQUIRE_FIXTURE(interactionsFixture(QStringLiteral("index.json")));
        for (const auto& file : caseFiles("joint_sparsify")) {
            const auto j = loadJson(interactionsFixture(QString::fromStdString(file)));
            const std::vector<std::vector<double>> vs{doubles(j.at("v1")), doubles(j.at("v2"))};
            const auto& hp = j.at("hyperparameters");
            JointOptions options;
            options.mode = SparsifyMode::Solver;
            options.alpha = hp.at("alpha").get<double>();
            options.qThreshold = hp.at("qthres").get<double>();
            options.pThreshold = hp.at("pthres").get<double>();
            options.averageOutput = doubles(hp.at("average_model_output"));
            options.tolerance = 1e-6;
            options.maxIterations = vs[0].size() <= 64 ? 100000 : 20000;
            QElapsedTimer timer;
            timer.start();
            const JointResult r = sparsifyJoint(vs, options);
            const double reference = j.at("runs").at("float64").at("loss_final").get<double>();
            const double relGap = r.gap / std::max(1.0, r.loss);
            qInfo() << file.c_str() << "solver" << r.loss << "bound" << r.lowerBound << "rel gap" << relGap
                    << "steps" << r.iterations << timer.elapsed() << "ms; lab SGD" << reference;
            QVERIFY(r.loss <= reference);
            QVERIFY(r.lowerBound <= r.loss + 1e-9);
            // n = 10 joint problems converge slowly (gap reported, not asserted beyond 50%).
            QVERIFY(relGap <= (vs[0].size() <= 64 ? 1e-5 : (vs[0].size() <= 256 ? 0.1 : 0.5)));
            for (std::size_t m = 0; m < 2; ++m) {
                for (double x : r.gammaOwn[m])
                    QVERIFY(std::abs(x) <= std::abs(r.pBound[m]));
                for (double x : r.models[m].q)
                    QVERIFY(std::abs(x) <= r.models[m].qBound);
            }
        }
    }

    // method.md §8 case 5: v(S) = 2·[{1,2}⊆S] - 1.5·[{3,4}∩S≠∅] + 0.7·[{5}⊆S]. The optimum is <= the planted
    // L1 (4.2) and its three strongest interactions are the planted ones, with the planted types.
    void plantedGameRecovered()
    {
        const int n = 6;
        const auto v =
            plantedGame(n, {{true, 0b000110, 2.0}, {false, 0b011000, -1.5}, {true, 0b100000, 0.7}});
        SparsifyOptions options;
        options.mode = SparsifyMode::Solver;
        options.qThreshold = 0.04;
        options.maxIterations = 100000;
        const SingleResult r = sparsify(v, options);
        qInfo() << "planted: objective" << r.loss << "bound" << r.lowerBound << "planted L1 4.2";
        checkSingle(v, r);
        QVERIFY(r.loss <= 4.2);
        QVERIFY(r.gap <= 1e-5 * r.loss);
        // Strongest three (merged) interactions.
        std::vector<std::tuple<double, bool, std::size_t>> all;
        for (std::size_t s = 0; s < v.size(); ++s) {
            all.emplace_back(std::abs(r.iAnd[s]), true, s);
            all.emplace_back(std::abs(r.iOr[s]), false, s);
        }
        std::sort(all.begin(), all.end(),
                  [](const auto& a, const auto& b) { return std::get<0>(a) > std::get<0>(b); });
        std::set<std::pair<bool, std::size_t>> top;
        for (int k = 0; k < 3; ++k)
            top.insert({std::get<1>(all[k]), std::get<2>(all[k])});
        const std::set<std::pair<bool, std::size_t>> planted{
            {true, 0b000110}, {false, 0b011000}, {true, 0b100000}};
        qInfo() << "fourth strongest |I|" << std::get<0>(all[3]);
        QVERIFY(top == planted);
        QVERIFY(std::get<0>(all[3]) < 0.05);
    }

    // Identical models: the primal-dual iteration is symmetric in the models, so the joint solution is too
    // (method.md §8 case 6 asks for symmetric tie-breaking).
    void identicalModelsStayIdentical()
    {
        const int n = 5;
        std::mt19937_64 rng(3);
        std::normal_distribution<double> normal;
        auto v = plantedGame(n, {{true, 0b00011, 1.0}, {false, 0b01100, -0.8}});
        for (double& x : v)
            x += 0.01 * normal(rng);
        const std::vector<std::vector<double>> vs{v, v};
        JointOptions options;
        options.mode = SparsifyMode::Solver;
        options.maxIterations = 50000;
        const JointResult r = sparsifyJoint(vs, options);
        const double dAnd = maxAbsDiff(r.models[0].iAnd, r.models[1].iAnd);
        const double dOr = maxAbsDiff(r.models[0].iOr, r.models[1].iOr);
        qInfo() << "identical models: objective" << r.loss << "gap" << r.gap << "max |I1 - I2|" << dAnd
                << dOr;
        QCOMPARE(dAnd, 0.0);
        QCOMPARE(dOr, 0.0);
        QVERIFY(r.gap <= 1e-5 * r.loss);
    }

    void pairingModes()
    {
        const int n = 4;
        std::vector<std::vector<double>> vs;
        for (unsigned seed = 0; seed < 3; ++seed) {
            std::mt19937_64 rng(seed);
            std::normal_distribution<double> normal;
            std::vector<double> v(std::size_t{1} << n);
            for (double& x : v)
                x = normal(rng);
            v[0] = 0.0;
            vs.push_back(v);
        }
        JointOptions joint;
        joint.maxIterations = 5000;
        SparsifyOptions single;
        single.maxIterations = 5000;
        const auto pairwise = sparsifyModels(vs, PairingMode::Pairwise, joint, single);
        QCOMPARE(pairwise.pairs.size(), std::size_t{3});
        QCOMPARE(pairwise.pairs[2].first, 1);
        QCOMPARE(pairwise.pairs[2].second, 2);
        const auto all = sparsifyModels(vs, PairingMode::AllModels, joint, single);
        QCOMPARE(all.all.models.size(), std::size_t{3});
        const auto independent = sparsifyModels(vs, PairingMode::Independent, joint, single);
        QCOMPARE(independent.independent.size(), std::size_t{3});
        // Independent = the single-model solve of each model.
        QCOMPARE(independent.independent[1].loss, sparsify(vs[1], single).loss);
        // Coupling never lowers a model's own L1 below its independent optimum's certified bound.
        for (int m = 0; m < 3; ++m)
            QVERIFY(all.all.models[m].loss >= independent.independent[m].lowerBound - 1e-9);
        QVERIFY(QTest::qVerify(all.all.gap >= 0.0, "gap", "", __FILE__, __LINE__));
    }

    // The two formulations (interaction form, game form) certify the same optimum, single and joint.
    void formulationsAgree()
    {
        INTERLENS_REQUIRE_FIXTURE(
            interactionsFixture(QStringLiteral("c_joint_identical_n6_lr1e-5_it3000.json")));
        const auto j =
            loadJson(interactionsFixture(QStringLiteral("b_random_sparse_n6_lr1e-5_it50000_q0.04.json")));
        const std::vector<std::vector<double>> one{doubles(j.at("v"))};
        const double qb[] = {0.04 * std::abs(one[0].back() - one[0].front())};
        const double pb[] = {0.0};
        SolverSettings settings;
        settings.maxIterations = 100000;
        settings.tolerance = 1e-7;
        const JointResult a = solveJoint(one, qb, pb, settings);
        settings.form = SolverForm::Games;
        const JointResult b = solveJoint(one, qb, pb, settings);
        qInfo() << "single: interaction form" << a.loss << a.lowerBound << "game form" << b.loss
                << b.lowerBound;
        QVERIFY(std::abs(a.loss - b.loss) <= 1e-5 * a.loss);
        QVERIFY(a.lowerBound <= b.loss + 1e-9 && b.lowerBound <= a.loss + 1e-9);

        const auto c = loadJson(interactionsFixture(QStringLiteral("c_joint_J8_p2.json")));
        const std::vector<std::vector<double>> two{doubles(c.at("v1")), doubles(c.at("v2"))};
        const auto avg = doubles(c.at("hyperparameters").at("average_model_output"));
        const double qb2[] = {0.02 * std::abs(two[0].back() - two[0].front()),
                              0.02 * std::abs(two[1].back() - two[1].front())};
        const double pb2[] = {0.5 * avg[0], 0.5 * avg[1]};
        settings.maxIterations = 10000;
        settings.form = SolverForm::Interactions;
        const JointResult d = solveJoint(two, qb2, pb2, settings);
        settings.form = SolverForm::Games;
        const JointResult e = solveJoint(two, qb2, pb2, settings);
        qInfo() << "joint J8_p2: interaction form" << d.loss << d.lowerBound << "game form" << e.loss
                << e.lowerBound;
        // Weak duality across the two runs: each bound is below the other's feasible objective.
        QVERIFY(d.lowerBound <= e.loss + 1e-9 && e.lowerBound <= d.loss + 1e-9);
    }

    // A dense game (the lab's random normal n = 8: optimal support most of the 2^n interactions) makes the
    // exact form's simplex pivot past its cap (512 pivots for 256 rows); the interior point takes over and
    // certifies the optimum, which the interior point alone confirms.
    void denseGameHandedToInteriorPoint()
    {
        INTERLENS_REQUIRE_FIXTURE(
            interactionsFixture(QStringLiteral("b_random_normal_n8_lr1e-7_it20000.json")));
        const auto j =
            loadJson(interactionsFixture(QStringLiteral("b_random_normal_n8_lr1e-7_it20000.json")));
        std::vector<std::vector<double>> one{doubles(j.at("v"))};
        const double empty = one[0][0];
        for (double& x : one[0])
            x -= empty;
        const double qb[] = {0.04 * std::abs(one[0].back() - one[0].front())};
        const double pb[] = {0.0};
        SolverSettings settings;
        const JointResult handed = solveJoint(one, qb, pb, settings);
        settings.form = SolverForm::InteriorPoint;
        const JointResult alone = solveJoint(one, qb, pb, settings);
        qInfo() << "dense n8: exact form" << handed.loss << handed.lowerBound << handed.iterations
                << "interior point alone" << alone.loss << alone.lowerBound << alone.iterations;
        QVERIFY(handed.converged && alone.converged);
        QVERIFY(handed.iterations > 512 && handed.iterations <= 512 + 100);
        QVERIFY(handed.lowerBound <= handed.loss && handed.loss - handed.lowerBound <= 1e-6 * handed.loss);
        QVERIFY(std::abs(handed.loss - alone.loss) <= 2e-6 * handed.loss);
        QVERIFY(alone.lowerBound <= handed.loss + 1e-9 && handed.lowerBound <= alone.loss + 1e-9);
    }

    // The single-model seeds kept across pairs (sparsify_seed_cache.h) change nothing: pairs sharing a model
    // give bit-identical results whether each is solved alone, one after the other, or side by side.
    void seedsKeptAcrossPairs()
    {
        INTERLENS_REQUIRE_FIXTURE(interactionsFixture(QStringLiteral("c_joint_J8_p0.json")));
        INTERLENS_REQUIRE_FIXTURE(interactionsFixture(QStringLiteral("c_joint_J8_p1.json")));
        const auto j0 = loadJson(interactionsFixture(QStringLiteral("c_joint_J8_p0.json")));
        const auto j1 = loadJson(interactionsFixture(QStringLiteral("c_joint_J8_p1.json")));
        const std::vector<std::vector<double>> games{doubles(j0.at("v1")), doubles(j0.at("v2")),
                                                     doubles(j1.at("v1"))};
        const std::vector<std::pair<int, int>> pairs{{0, 1}, {0, 2}, {1, 2}};
        auto solvePair = [&](std::pair<int, int> p) {
            JointOptions options;
            options.recording = LossRecording::None;
            return sparsifyJoint(std::vector<std::vector<double>>{games[p.first], games[p.second]}, options);
        };
        auto same = [](const JointResult& a, const JointResult& b) {
            return a.loss == b.loss && a.lowerBound == b.lowerBound && a.iterations == b.iterations &&
                   a.models[0].iAnd == b.models[0].iAnd && a.models[1].iOr == b.models[1].iOr;
        };
        std::vector<JointResult> alone;
        for (const auto& p : pairs) {
            clearSingleSeedCache();
            alone.push_back(solvePair(p));
            QVERIFY(alone.back().converged);
        }
        clearSingleSeedCache();
        for (std::size_t k = 0; k < pairs.size(); ++k)
            QVERIFY(same(solvePair(pairs[k]), alone[k]));
        clearSingleSeedCache();
        std::vector<JointResult> sideBySide(pairs.size());
        std::vector<std::thread> threads;
        for (std::size_t k = 0; k < pairs.size(); ++k)
            threads.emplace_back([&, k] { sideBySide[k] = solvePair(pairs[k]); });
        for (std::thread& t : threads)
            t.join();
        for (std::size_t k = 0; k < pairs.size(); ++k)
            QVERIFY(same(sideBySide[k], alone[k]));
    }

    // n = 1 and 2: every mode runs and the solver certifies its optimum.
    void smallestGames()
    {
        for (int n : {1, 2}) {
            std::vector<double> v(std::size_t{1} << n);
            for (std::size_t s = 0; s < v.size(); ++s)
                v[s] = 0.3 * double(s) - 0.1 * double(s * s);
            SparsifyOptions options;
            const SingleResult solved = sparsify(v, options);
            checkSingle(v, solved);
            QVERIFY(solved.gap <= 1e-6 * std::max(1.0, solved.loss));
            options.mode = SparsifyMode::Reference;
            options.iterations = 100;
            const SingleResult reference = sparsify(v, options);
            QVERIFY(solved.loss <= reference.loss + 1e-12);
            const std::vector<std::vector<double>> vs{v, v};
            const JointResult joint = sparsifyJoint(vs, JointOptions{});
            QVERIFY(joint.gap <= 1e-6 * std::max(1.0, joint.loss));
            qInfo() << "n" << n << "solver" << solved.loss << "reference" << reference.loss << "joint"
                    << joint.loss;
        }
    }

    // A run stopped above its tolerance says so: converged is false and the reported gap is the
    // certificate's; a certified run says converged. Reference mode carries no certificate.
    void convergenceIsReported()
    {
        const std::vector<double> v =
            plantedGame(6, {{true, 0b11, 1.0}, {false, 0b1100, -0.6}, {true, 0b110000, 0.4}});
        std::vector<double> noisy = v;
        for (std::size_t s = 0; s < noisy.size(); ++s)
            noisy[s] += 0.05 * std::sin(7.0 * double(s));
        SparsifyOptions options;
        const SingleResult certified = sparsify(noisy, options);
        QVERIFY(certified.converged);
        QVERIFY(certified.gap <= options.tolerance * std::max(1.0, certified.loss));
        options.maxIterations = 1; // one pivot per master solve, one primal-dual step: far from a certificate
        options.tolerance = 1e-12;
        const SingleResult stopped = sparsify(noisy, options);
        QVERIFY(!stopped.converged);
        QVERIFY(stopped.gap > 1e-12 * std::max(1.0, stopped.loss));
        QVERIFY(stopped.lowerBound <= certified.loss + 1e-9);
        options.mode = SparsifyMode::Reference;
        options.iterations = 10;
        const SingleResult reference = sparsify(noisy, options);
        QVERIFY(!reference.converged);
        QVERIFY(std::isnan(reference.gap));

        const std::vector<std::vector<double>> vs{noisy, v};
        JointOptions joint;
        QVERIFY(sparsifyJoint(vs, joint).converged);
        joint.maxIterations = 1;
        joint.tolerance = 1e-12;
        QVERIFY(!sparsifyJoint(vs, joint).converged);
    }

    void badInput()
    {
        QVERIFY_THROWS_EXCEPTION(InputError, sparsify(std::vector<double>(12, 0.0), SparsifyOptions{}));
        QVERIFY_THROWS_EXCEPTION(InputError,
                                 sparsify(std::vector<double>{0.0, std::nan("")}, SparsifyOptions{}));
        const std::vector<std::vector<double>> mismatched{std::vector<double>(4, 0.0),
                                                          std::vector<double>(8, 0.0)};
        QVERIFY_THROWS_EXCEPTION(InputError, sparsifyJoint(mismatched, JointOptions{}));
        const std::vector<std::vector<double>> one{std::vector<double>(4, 0.0)};
        QVERIFY_THROWS_EXCEPTION(InputError, sparsifyJoint(one, JointOptions{}));
    }
};

QTEST_GUILESS_MAIN(TestSolver)
#include "test_solver.moc"
