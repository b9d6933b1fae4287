// Fast transforms and the AND-OR algebra: naive definitions, transposes, inverses (n = 1..20), the lab's
// exact goldens (a_exact_*, 1e-12), universal matching, the Shapley identity and the order <= 1 merge.
#include "golden.h"

#include "common/fixtures.h"
#include "interactions/and_or.h"
#include "interactions/sparsify.h"
#include "interactions/transforms.h"

#include <QTest>

#include <bit>
#include <cmath>
#include <functional>
#include <random>

using namespace interlens;
using namespace interlens::test;

namespace {

using Transform = std::function<void(std::span<double>)>;

std::vector<double> randomVector(std::size_t size, unsigned seed)
{
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal;
    std::vector<double> v(size);
    for (double& x : v)
        x = normal(rng);
    return v;
}

std::vector<double> applied(const Transform& f, std::vector<double> x)
{
    f(x);
    return x;
}

// Naive O(3^n) definitions of method.md §3.1.
std::vector<double> naiveAnd(const std::vector<double>& v)
{
    std::vector<double> out(v.size(), 0.0);
    for (std::size_t s = 0; s < v.size(); ++s)
        for (std::size_t t = s;; t = (t - 1) & s) {
            out[s] += ((std::popcount(s) - std::popcount(t)) % 2 ? -1.0 : 1.0) * v[t];
            if (t == 0)
                break;
        }
    return out;
}

std::vector<double> naiveOr(const std::vector<double>& v)
{
    const std::size_t full = v.size() - 1;
    std::vector<double> out(v.size(), 0.0);
    out[0] = v[0];
    for (std::size_t s = 1; s < v.size(); ++s)
        for (std::size_t t = s;; t = (t - 1) & s) {
            out[s] -= ((std::popcount(s) - std::popcount(t)) % 2 ? -1.0 : 1.0) * v[full ^ t];
            if (t == 0)
                break;
        }
    return out;
}

// Dense matrix of a linear map (column j = f(e_j)).
std::vector<std::vector<double>> denseOf(const Transform& f, std::size_t size)
{
    std::vector<std::vector<double>> cols;
    for (std::size_t j = 0; j < size; ++j) {
        std::vector<double> e(size, 0.0);
        e[j] = 1.0;
        cols.push_back(applied(f, e));
    }
    return cols;
}

} // namespace

class TestTransforms : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void naiveDefinitions()
    {
        double worst = 0.0;
        for (int n = 1; n <= 8; ++n) {
            const auto v = randomVector(std::size_t{1} << n, 10 + n);
            worst = std::max(worst, maxAbsDiff(applied(moebiusSub, v), naiveAnd(v)));
            worst = std::max(worst, maxAbsDiff(applied(orFromGame, v), naiveOr(v)));
        }
        qInfo() << "max |fast - naive| over n = 1..8:" << worst;
        QVERIFY(worst < 1e-12);
    }

    // Every *Sup/*Adjoint function is the exact transpose of its forward map (dense check, n <= 6).
    void adjointsAreTransposes()
    {
        const std::pair<Transform, Transform> pairs[] = {{moebiusSub, moebiusSup},
                                                         {zetaSub, zetaSup},
                                                         {orFromGame, orFromGameAdjoint},
                                                         {gameFromOr, gameFromOrAdjoint}};
        double worst = 0.0;
        for (int n = 1; n <= 6; ++n) {
            const std::size_t size = std::size_t{1} << n;
            for (const auto& [forward, adjoint] : pairs) {
                const auto a = denseOf(forward, size);  // a[j][i] = A_ij
                const auto at = denseOf(adjoint, size); // at[i][j] = (A^T)_ji
                for (std::size_t i = 0; i < size; ++i)
                    for (std::size_t j = 0; j < size; ++j)
                        worst = std::max(worst, std::abs(a[j][i] - at[i][j]));
            }
        }
        qInfo() << "max |A - (A^T)^T| over n = 1..6:" << worst;
        QCOMPARE(worst, 0.0);
    }

    // Inverses and the transpose identity <Ax, y> = <x, A^T y> up to n = 20 (no dense matrices).
    void inversesUpTo20()
    {
        for (int n : {1, 2, 3, 5, 9, 14, 20}) {
            const std::size_t size = std::size_t{1} << n;
            const auto v = randomVector(size, 100 + n);
            const auto y = randomVector(size, 200 + n);
            const double andBack = maxAbsDiff(applied(zetaSub, applied(moebiusSub, v)), v);
            const double orBack = maxAbsDiff(applied(gameFromOr, applied(orFromGame, v)), v);
            const double supBack = maxAbsDiff(applied(zetaSup, applied(moebiusSup, v)), v);
            double lhs = 0.0, rhs = 0.0;
            const auto av = applied(orFromGame, v);
            const auto aty = applied(orFromGameAdjoint, y);
            for (std::size_t s = 0; s < size; ++s) {
                lhs += av[s] * y[s];
                rhs += v[s] * aty[s];
            }
            // Entries of M·v grow like 2^{n/2}·|v|: compare relative to the scale.
            const double scale = std::ldexp(1.0, n);
            qInfo() << "n" << n << "and" << andBack << "or" << orBack << "sup" << supBack << "<Ax,y>-<x,A^Ty>"
                    << std::abs(lhs - rhs);
            QVERIFY(andBack < 1e-12 * scale);
            QVERIFY(orBack < 1e-12 * scale);
            QVERIFY(supBack < 1e-12 * scale);
            QVERIFY(std::abs(lhs - rhs) < 1e-11 * scale * std::sqrt(double(size)));
            QCOMPARE(playerCountOf(size), n);
        }
        QCOMPARE(playerCountOf(0), -1);
        QCOMPARE(playerCountOf(12), -1);
    }

    void labExactGoldens()
    {
        INTERLENS_REQUIRE_FIXTURE(interactionsFixture(QStringLiteral("index.json")));
        const auto files = caseFiles("exact");
        QVERIFY(files.size() >= 9);
        for (const auto& file : files) {
            const auto j = loadJson(interactionsFixture(QString::fromStdString(file)));
            const auto v = doubles(j.at("v"));
            const auto& ref = j.at("runs").at("float64");
            const SingleResult r = decomposeExact(v);
            auto relMax = [](const std::vector<double>& a, const std::vector<double>& b) {
                double worst = 0.0;
                for (std::size_t s = 0; s < a.size(); ++s)
                    worst = std::max(worst, std::abs(a[s] - b[s]) / std::max(1.0, std::abs(b[s])));
                return a.size() == b.size() ? worst : 1e300;
            };
            const double dAnd = relMax(r.iAndRaw, doubles(ref.at("I_and")));
            const double dOr = relMax(r.iOrRaw, doubles(ref.at("I_or")));
            const double dAndM = relMax(r.iAnd, doubles(ref.at("I_and_reorganized")));
            const double dOrM = relMax(r.iOr, doubles(ref.at("I_or_reorganized")));
            const double dLoss = relDiff(r.loss, ref.at("loss_at_init").get<double>());
            qInfo() << file.c_str() << "max rel diff I_and" << dAnd << "I_or" << dOr << "merged" << dAndM
                    << dOrM << "loss_at_init" << dLoss;
            QVERIFY(dAnd <= 1e-12 && dOr <= 1e-12 && dAndM <= 1e-12 && dOrM <= 1e-12 && dLoss <= 1e-12);
        }
    }

    // v(S) + q_S = Σ_{T⊆S} I_and(T) + I_or(∅) + Σ_{T≠∅, T∩S≠∅} I_or(T) for every S, by brute force.
    void universalMatching()
    {
        for (int n : {1, 4, 7}) {
            const std::size_t size = std::size_t{1} << n;
            const auto v = randomVector(size, 300 + n);
            const auto gamma = randomVector(size, 400 + n);
            auto q = randomVector(size, 500 + n);
            for (double& x : q)
                x = std::clamp(0.05 * x, -0.04, 0.04);
            const AndOrInteractions in = splitInteractions(v, gamma, q);
            double worst = 0.0;
            for (std::size_t s = 0; s < size; ++s) {
                double sum = in.iOr[0];
                for (std::size_t t = 0; t < size; ++t) {
                    if ((t & s) == t)
                        sum += in.iAnd[t];
                    if (t != 0 && (t & s) != 0)
                        sum += in.iOr[t];
                }
                worst = std::max(worst, std::abs(sum - (v[s] + q[s])));
            }
            const auto game = reconstructGame(in);
            double fast = 0.0;
            for (std::size_t s = 0; s < size; ++s)
                fast = std::max(fast, std::abs(game[s] - (v[s] + q[s])));
            // u = Σ_{T≠∅} (I_and + I_or) - (q_N - q_∅)
            double total = 0.0;
            for (std::size_t t = 1; t < size; ++t)
                total += in.iAnd[t] + in.iOr[t];
            const double u = v[size - 1] - v[0];
            qInfo() << "n" << n << "universal matching max |diff|" << worst << "fast" << fast << "utility"
                    << std::abs(total - (q[size - 1] - q[0]) - u);
            QVERIFY(worst < 1e-12 && fast < 1e-12);
            QVERIFY(std::abs(total - (q[size - 1] - q[0]) - u) < 1e-12);
        }
    }

    void shapleyIdentity()
    {
        const int n = 6;
        const std::size_t size = std::size_t{1} << n;
        const auto v = randomVector(size, 77);
        const auto gamma = randomVector(size, 78);
        const std::vector<double> q(size, 0.0);
        const auto phi = shapleyValues(splitInteractions(v, gamma, q));
        // Brute-force Shapley: Σ_{S ∌ i} |S|!(n-|S|-1)!/n! (v(S ∪ i) - v(S)).
        double worst = 0.0;
        for (int i = 0; i < n; ++i) {
            double value = 0.0;
            for (std::size_t s = 0; s < size; ++s) {
                if (s & (std::size_t{1} << i))
                    continue;
                const int k = std::popcount(s);
                const double w = std::tgamma(k + 1) * std::tgamma(n - k) / std::tgamma(n + 1);
                value += w * (v[s | (std::size_t{1} << i)] - v[s]);
            }
            worst = std::max(worst, std::abs(value - phi[static_cast<std::size_t>(i)]));
        }
        qInfo() << "Shapley max |diff|" << worst;
        QVERIFY(worst < 1e-12);
    }

    void orderOneMergePreservesTotals()
    {
        const int n = 7;
        const std::size_t size = std::size_t{1} << n;
        const auto v = randomVector(size, 91);
        const auto gamma = randomVector(size, 92);
        const std::vector<double> q(size, 0.0);
        const AndOrInteractions raw = splitInteractions(v, gamma, q);
        const AndOrInteractions merged = reorganized(raw);
        double beforeSum = 0.0, afterSum = 0.0;
        for (std::size_t s = 0; s < size; ++s) {
            const bool low = std::popcount(s) <= 1;
            if (low) {
                QCOMPARE(merged.iOr[s], 0.0);
                QVERIFY(std::abs(merged.iAnd[s] - (raw.iAnd[s] + raw.iOr[s])) < 1e-15);
            } else {
                QCOMPARE(merged.iOr[s], raw.iOr[s]);
                QCOMPARE(merged.iAnd[s], raw.iAnd[s]);
            }
            beforeSum += raw.iAnd[s] + raw.iOr[s];
            afterSum += merged.iAnd[s] + merged.iOr[s];
        }
        // The merged interactions still reproduce v exactly (∅ and singletons mean the same for AND and OR).
        const double match = maxAbsDiff(reconstructGame(merged), v);
        qInfo() << "merge: |Σ before - Σ after|" << std::abs(beforeSum - afterSum) << "universal matching"
                << match;
        QVERIFY(std::abs(beforeSum - afterSum) < 1e-12);
        QVERIFY(match < 1e-12);
    }
};

QTEST_GUILESS_MAIN(TestTransforms)
#include "test_transforms.moc"
