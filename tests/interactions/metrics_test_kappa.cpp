// κ between two models and its variants (method.md §6.6) on planted games with known answers.

#include "metrics_test.h"

#include "interactions/metrics_kappa.h"
#include "metrics_test_games.h"

#include <QTest>

#include <cmath>

using namespace interlens;
using namespace interlens::test;

// Two identical sparse games: everything salient is shared, and κ and all its variants are 1.
void MetricsTest::identicalGamesKappaOne()
{
    const std::vector<PlantedTerm> terms = {
        {kAnd, 0b0011, 2.0}, {kOr, 0b1100, -1.5}, {kAnd, 0b10000, 0.7}, {kAnd, 0b100110, 0.9}};
    std::vector<ModelPrompt> a = {plantedGame(6, 0.3, terms)};
    const KappaResult k = kappaOf(a, a, SharedOptions{});
    qInfo("identical: kappa %.17g a %.17g b %.17g c %.17g d %.17g", k.kappa, k.signedUtility,
          k.salientDenominator, k.perPromptMean, k.overlap);
    // Exactly 1, not just to rounding: the shared strength is summed once and the (empty) rest added to it.
    QVERIFY(k.kappa == 1.0);
    QVERIFY(k.aFromB.primary == 1.0 && k.bFromA.primary == 1.0);
    QVERIFY(std::abs(k.signedUtility - 1.0) <= 1e-12);
    QVERIFY(k.salientDenominator == 1.0);
    QVERIFY(k.perPromptMean == 1.0);
    QVERIFY(k.overlap == 1.0);
    QCOMPARE(k.sharedCount, terms.size());
    QCOMPARE(k.signDisagreements, std::size_t{0});
}

// Identical games with sub-threshold noise: the salient sets coincide, so the salient-denominator κ (b) and
// the overlap (d) are exactly 1, and the primary κ is the salient share of the total strength.
void MetricsTest::identicalNoisyGames()
{
    const std::vector<PlantedTerm> terms = {{kAnd, 0b0011, 2.0}, {kOr, 0b1100, -1.5}, {kAnd, 0b10000, 0.7}};
    std::vector<ModelPrompt> a = {plantedGame(8, 0.0, terms, 0.001, 7), plantedGame(8, 0.0, terms, 0.001, 8)};
    const KappaResult k = kappaOf(a, a, SharedOptions{});
    double salient = 0.0, total = 0.0;
    for (const ModelPrompt& p : a)
        for (std::size_t m = 1; m < p.iAnd.size(); ++m) {
            total += std::abs(p.iAnd[m]) + std::abs(p.iOr[m]);
            if (std::abs(p.iAnd[m]) > 0.1)
                salient += std::abs(p.iAnd[m]);
            if (std::abs(p.iOr[m]) > 0.1)
                salient += std::abs(p.iOr[m]);
        }
    qInfo("identical noisy: kappa %.6f expected %.6f", k.kappa, salient / total);
    QCOMPARE(k.sharedCount, std::size_t{6});
    QVERIFY(std::abs(k.kappa - salient / total) <= 1e-12);
    QVERIFY(k.kappa > 0.8 && k.kappa < 1.0);
    QVERIFY(k.salientDenominator == 1.0);
    QVERIFY(k.overlap == 1.0);
}

// Disjoint planted patterns: nothing is shared, κ = 0; the overlap (d) only sees the noise.
void MetricsTest::disjointGamesKappaZero()
{
    const std::vector<PlantedTerm> ta = {{kAnd, 0b0011, 2.0}, {kOr, 0b1100, -1.5}};
    const std::vector<PlantedTerm> tb = {{kAnd, 0b110000, 1.8}, {kOr, 0b11000000, 1.2}, {kAnd, 0b0100, 0.9}};
    std::vector<ModelPrompt> a, b;
    for (std::uint32_t x = 0; x < 3; ++x) {
        a.push_back(plantedGame(8, 0.0, ta, 1e-3, 10 + x));
        b.push_back(plantedGame(8, 0.0, tb, 1e-3, 20 + x));
    }
    const KappaResult k = kappaOf(a, b, SharedOptions{});
    qInfo("disjoint: kappa %.3g a %.3g b %.3g c %.3g overlap %.3g", k.kappa, k.signedUtility,
          k.salientDenominator, k.perPromptMean, k.overlap);
    QCOMPARE(k.sharedCount, std::size_t{0});
    QCOMPARE(k.kappa, 0.0);
    QCOMPARE(k.salientDenominator, 0.0);
    QCOMPARE(k.perPromptMean, 0.0);
    QVERIFY(k.overlap < 0.1);
}

// One shared coalition and one private coalition per model: κ is the shared share of each model's strength.
void MetricsTest::partialSharingKnownKappa()
{
    std::vector<ModelPrompt> a = {plantedGame(5, 0.0, {{kAnd, 0b00011, 3.0}, {kOr, 0b11000, 1.0}})};
    std::vector<ModelPrompt> b = {plantedGame(5, 0.0, {{kAnd, 0b00011, 1.0}, {kAnd, 0b10100, -3.0}})};
    const KappaResult k = kappaOf(a, b, SharedOptions{});
    QCOMPARE(k.aFromB.primary, 0.75);
    QCOMPARE(k.bFromA.primary, 0.25);
    QCOMPARE(k.kappa, 0.5);
    // (a): shared signed value over u; u_A = 4, u_B = -2.
    QCOMPARE(k.aFromB.signedUtility, 0.75);
    QCOMPARE(k.bFromA.signedUtility, -0.5);
    // (d): Σmin / Σmax over (t,S) = (1) / (3 + 1 + 3).
    QVERIFY(std::abs(k.overlap - 1.0 / 7.0) <= 1e-15);
    QCOMPARE(k.sharedCount, std::size_t{1});
}

// κ is pooled over prompts (ratio of sums); variant (c) is the mean of per-prompt ratios.
void MetricsTest::poolingOverPrompts()
{
    // Prompt 0: A has 1 shared + 1 private term of equal size (ratio 1/2); prompt 1: all of A's
    // strength is shared, and it is 4 times larger.
    std::vector<ModelPrompt> a = {plantedGame(4, 0.0, {{kAnd, 0b0011, 1.0}, {kAnd, 0b1100, 1.0}}),
                                  plantedGame(4, 0.0, {{kAnd, 0b0101, 8.0}})};
    std::vector<ModelPrompt> b = {plantedGame(4, 0.0, {{kAnd, 0b0011, 1.0}}),
                                  plantedGame(4, 0.0, {{kAnd, 0b0101, 8.0}})};
    SharedOptions o;
    o.salient.rule = SalientRule::RelativeToMax; // per-prompt thresholds, so prompt 0 keeps its small terms
    o.salient.maxScope = MaxScope::PerPrompt;
    o.salient.coefficient = 0.05;
    const KappaResult k = kappaOf(a, b, o);
    QCOMPARE(k.prompts, std::size_t{2});
    QCOMPARE(k.aFromB.primary, 9.0 / 10.0);
    QCOMPARE(k.aFromB.perPromptMean, 0.75);
    QCOMPARE(k.bFromA.primary, 1.0);
    QCOMPARE(k.bFromA.perPromptMean, 1.0);
    QCOMPARE(k.perPromptMean, 0.875);

    // The default rule's threshold is per model over the whole prompt set: mean|u_A| = (2 + 8)/2 = 5,
    // so 0.03·5 = 0.15 keeps both unit terms of prompt 0; c = 0.25 (threshold 1.25) drops them.
    SharedOptions strict;
    strict.salient.coefficient = 0.25;
    const PairSharing s = sharePair(a, b, strict);
    QCOMPARE(s.scaleA, 5.0);
    QCOMPARE(s.scaleB, 4.5);
    QVERIFY(s.salientA[0].empty());
    QCOMPARE(s.salientA[1].size(), std::size_t{1});
    const KappaResult ks = kappaOf(a, b, s);
    QCOMPARE(ks.aFromB.primary, 8.0 / 10.0);
}

// Independent-mode graph: every pair once, each edge equal to kappaOf on that pair.
void MetricsTest::kappaGraphMatchesPairs()
{
    std::vector<std::vector<ModelPrompt>> models(3);
    for (std::uint32_t x = 0; x < 2; ++x) {
        models[0].push_back(plantedGame(6, 0.0, {{kAnd, 0b0011, 2.0}, {kOr, 0b1100, 1.0}}, 1e-3, 30 + x));
        models[1].push_back(plantedGame(6, 0.0, {{kAnd, 0b0011, 1.0}, {kOr, 0b1100, -2.0}}, 1e-3, 40 + x));
        models[2].push_back(plantedGame(6, 0.0, {{kAnd, 0b110000, 2.0}, {kOr, 0b1100, 1.0}}, 1e-3, 50 + x));
    }
    const std::vector<KappaEdge> g = kappaGraph(models, SharedOptions{});
    QCOMPARE(g.size(), std::size_t{3});
    for (const KappaEdge& e : g) {
        const KappaResult k = kappaOf(models[e.a], models[e.b], SharedOptions{});
        QVERIFY(e.result.kappa == k.kappa);
        QVERIFY(e.result.overlap == k.overlap);
    }
    QCOMPARE(g[0].a, std::size_t{0});
    QCOMPARE(g[0].b, std::size_t{1});
    QVERIFY(g[0].result.kappa > 0.95); // same coalitions, different values; the rest is 1e-3 noise
    QCOMPARE(g[0].result.signDisagreementRate, 0.5);
    QVERIFY(g[2].result.kappa > 0.3 && g[2].result.kappa < 0.6); // only OR{2,3} shared
}
