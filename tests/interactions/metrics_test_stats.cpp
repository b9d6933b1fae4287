// Order statistics, cancellation, counts, faithfulness, sparsity, transfer and JSON (method.md §6).

#include "metrics_test.h"

#include "common/error.h"
#include "interactions/metrics_faithfulness.h"
#include "interactions/metrics_json.h"
#include "interactions/metrics_kappa.h"
#include "interactions/metrics_order.h"
#include "interactions/metrics_sparsity.h"
#include "metrics_test_games.h"

#include <nlohmann/json.hpp>

#include <QTest>

#include <algorithm>
#include <cmath>

using namespace interlens;
using namespace interlens::test;

// Per-order sums/counts, averaging over prompts and the cancellation ratio on hand-computed sets.
void MetricsTest::orderStatsAndCancellation()
{
    const SalientSet s0 = {{kAnd, 0b001, 2.0}, {kAnd, 0b011, -1.0}, {kAnd, 0b101, 3.0}, {kOr, 0b110, -3.0}};
    const SalientSet s1 = {{kAnd, 0b010, -4.0}};
    const OrderStats a = orderStats(s0, 3, OrderStatKind::Value);
    QCOMPARE(a.pos, (std::vector<double>{0, 2, 3, 0}));
    QCOMPARE(a.neg, (std::vector<double>{0, 0, -4, 0}));
    const OrderStats c = orderStats(s0, 3, OrderStatKind::Count);
    QCOMPARE(c.pos, (std::vector<double>{0, 1, 1, 0}));
    QCOMPARE(c.neg, (std::vector<double>{0, 0, -2, 0}));
    const std::vector<OrderStats> both = {a, orderStats(s1, 3, OrderStatKind::Value)};
    const OrderStats mean = meanOrderStats(both);
    QCOMPARE(mean.pos, (std::vector<double>{0, 1, 1.5, 0}));
    QCOMPARE(mean.neg, (std::vector<double>{0, -2, -2, 0}));
    const Cancellation cr = cancellationOf(a);
    QCOMPARE(cr.ratioByOrder, (std::vector<double>{0, 0, 1.0 - 1.0 / 7.0, 0}));
    QCOMPARE(cr.balanceByOrder, (std::vector<double>{0, 0, 0.75, 0}));
    QCOMPARE(cr.pooledRatio, 1.0 - 1.0 / 9.0); // Pos 5, Neg -4
    QCOMPARE(cr.pooledBalance, 0.8);
}

void MetricsTest::countAndStrength()
{
    const std::vector<SalientSet> sets = {{{kAnd, 0b001, 2.0}, {kOr, 0b011, -4.0}}, {}, {{kAnd, 0b111, 3.0}}};
    const CountStrength r = countStrengthOf(sets, 3);
    QCOMPARE(r.total, std::size_t{3});
    QCOMPARE(r.meanCount, 1.0);
    QCOMPARE(r.meanStrength, 3.0);
    QCOMPARE(r.meanCountByOrder, (std::vector<double>{0, 1.0 / 3.0, 1.0 / 3.0, 1.0 / 3.0}));
    QCOMPARE(r.meanStrengthByOrder, (std::vector<double>{0, 2, 4, 3}));
}

// Fig 4: count and mean strength of shared vs non-shared, per model.
void MetricsTest::sharedVersusNonShared()
{
    std::vector<ModelPrompt> a = {plantedGame(5, 0.0, {{kAnd, 0b00011, 3.0}, {kOr, 0b11000, 1.0}}),
                                  plantedGame(5, 0.0, {{kAnd, 0b00011, 5.0}})};
    std::vector<ModelPrompt> b = {plantedGame(5, 0.0, {{kAnd, 0b00011, 1.0}, {kAnd, 0b10100, -3.0}}),
                                  plantedGame(5, 0.0, {{kAnd, 0b00011, 2.0}, {kOr, 0b00110, 2.0}})};
    SharedOptions o;
    o.salient.rule = SalientRule::RelativeToMax;
    o.salient.maxScope = MaxScope::PerPrompt;
    const PairSharing s = sharePair(a, b, o);
    const SharedCountStrength ca = sharedCountStrengthOf(s.salientA, s.shared, 0, 5);
    QCOMPARE(ca.shared.total, std::size_t{2});
    QCOMPARE(ca.shared.meanCount, 1.0);
    QCOMPARE(ca.shared.meanStrength, 4.0);
    QCOMPARE(ca.nonShared.total, std::size_t{1});
    QCOMPARE(ca.nonShared.meanCount, 0.5);
    QCOMPARE(ca.nonShared.meanStrength, 1.0);
    const SharedCountStrength cb = sharedCountStrengthOf(s.salientB, s.shared, 1, 5);
    QCOMPARE(cb.shared.meanStrength, 1.5);
    QCOMPARE(cb.nonShared.meanStrength, 2.5);
    QCOMPARE(cb.nonShared.meanStrengthByOrder[2], 2.5);
}

// The logical model of the planted coalitions reproduces a planted sparse game exactly (faithfulness 1);
// leaving a term out costs exactly its share of the variance.
void MetricsTest::plantedFaithfulness()
{
    const std::vector<PlantedTerm> terms = {
        {kAnd, 0b00110, 2.0}, {kOr, 0b11000, -1.5}, {kAnd, 0b100000, 0.7}, {kOr, 0b1000001, 0.4}};
    const ModelPrompt p = plantedGame(7, 0.25, terms);
    SalientOptions o;
    const std::vector<SalientSet> s = selectSalient(std::vector<ModelPrompt>{p}, o);
    QCOMPARE(s[0].size(), terms.size() + 1); // + ∅ (base 0.25 > 0.03·|u|)
    const Faithfulness f = faithfulnessOf(p, s[0]);
    qInfo("planted: rho %.3g faithfulness %.17g", f.unfaithfulness, f.faithfulness);
    QVERIFY(f.unfaithfulness <= 1e-28);
    QVERIFY(std::abs(f.faithfulness - 1.0) <= 1e-14);
    QCOMPARE(f.size, terms.size());
    const std::vector<double> g = logicalModel(p, s[0]);
    double d = 0.0;
    for (std::size_t m = 0; m < g.size(); ++m)
        d = std::max(d, std::abs(g[m] - p.v[m]));
    qInfo("planted: max |g - v| %.3g", d);
    QVERIFY(d <= 1e-12);

    // Drop the OR{3,4} term: residual Σ_S (1.5·[S∩{3,4}≠∅])² = 2.25 · 96 over 2^7 masks.
    SalientSet partial;
    for (const SalientEntry& e : s[0])
        if (e.mask != 0b11000)
            partial.push_back(e);
    const Faithfulness pf = faithfulnessOf(p, partial);
    double spread = 0.0;
    for (std::uint32_t m = 0; m < 128; ++m)
        spread += (p.v[m] - p.v[0]) * (p.v[m] - p.v[0]);
    QVERIFY(std::abs(pf.residual - 2.25 * 96) <= 1e-9);
    QVERIFY(std::abs(pf.unfaithfulness - 2.25 * 96 / spread) <= 1e-12);
    // Pooled over prompts: ratio of sums.
    const std::vector<ModelPrompt> two = {p, p};
    const std::vector<SalientSet> omegas = {s[0], partial};
    const Faithfulness pooled = faithfulnessOf(two, omegas);
    QVERIFY(std::abs(pooled.unfaithfulness - 2.25 * 96 / (2 * spread)) <= 1e-12);
}

void MetricsTest::sparsityAndTransfer()
{
    const std::vector<PlantedTerm> ta = {{kAnd, 0b0011, 2.0}, {kOr, 0b1100, -1.0}};
    std::vector<ModelPrompt> a = {plantedGame(6, 0.0, ta, 1e-3, 3), plantedGame(6, 0.0, ta, 1e-3, 4)};
    const SparsityCurve c = sparsityCurveOf(a);
    QCOMPARE(c.pooledSorted.size(), std::size_t{2 * 2 * 64});
    QCOMPARE(c.countAbove, std::size_t{4});
    QVERIFY(std::is_sorted(c.pooledSorted.rbegin(), c.pooledSorted.rend()));
    QCOMPARE(c.rankMean.size(), std::size_t{128});
    QCOMPARE(c.rankMean.front(), 1.0);
    QCOMPARE(c.rankStd.front(), 0.0);
    QVERIFY(std::abs(c.rankMean[1] - 0.5) <= 1e-3);

    const std::vector<double> fr = defaultTransferFractions();
    std::vector<TransferPoint> t = topKTransfer(a, a, fr);
    QCOMPARE(t.size(), std::size_t{9});
    QCOMPARE(t[0].k, std::size_t{3}); // int(64·0.05)
    for (const TransferPoint& pt : t) {
        QCOMPARE(pt.andOverlap, 1.0);
        QCOMPARE(pt.orOverlap, 1.0);
    }
    const std::vector<double> k1024 = {0.05, 0.15, 0.35, 0.45};
    std::vector<ModelPrompt> big = {plantedGame(10, 0.0, ta)};
    t = topKTransfer(big, big, k1024);
    QCOMPARE(t[0].k, std::size_t{51});
    QCOMPARE(t[1].k, std::size_t{153});
    QCOMPARE(t[2].k, std::size_t{358});
    QCOMPARE(t[3].k, std::size_t{460});
    // Top-1 of disjoint planted games never coincides.
    std::vector<ModelPrompt> b = {plantedGame(6, 0.0, {{kAnd, 0b110000, 2.0}, {kOr, 0b1001, -1.0}}, 1e-3, 5),
                                  plantedGame(6, 0.0, {{kAnd, 0b110000, 2.0}, {kOr, 0b1001, -1.0}}, 1e-3, 6)};
    const std::vector<double> tiny = {1.0 / 64.0};
    t = topKTransfer(a, b, tiny);
    QCOMPARE(t[0].k, std::size_t{1});
    QCOMPARE(t[0].andOverlap, 0.0);
    QCOMPARE(t[0].orOverlap, 0.0);
}

void MetricsTest::jsonForms()
{
    SharedOptions o;
    o.salient.rule = SalientRule::RelativeToMax;
    o.salient.maxScope = MaxScope::Pooled;
    o.salient.coefficient = 0.05;
    o.requireSameSign = true;
    const nlohmann::json j = toJson(o);
    QCOMPARE(j["salient"]["rule"].get<std::string>(), std::string("relative"));
    const SharedOptions back = sharedOptionsFromJson(j);
    QCOMPARE(back.salient.rule, SalientRule::RelativeToMax);
    QCOMPARE(back.salient.maxScope, MaxScope::Pooled);
    QCOMPARE(back.salient.coefficient, 0.05);
    QVERIFY(back.requireSameSign);
    QCOMPARE(sharedOptionsFromJson(nlohmann::json::object()).salient.coefficient, 0.03);
    QVERIFY_THROWS_EXCEPTION(InputError, parseSalientRule("median"));
    QVERIFY_THROWS_EXCEPTION(InputError, sharedOptionsFromJson({{"salient", {{"coefficient", "big"}}}}));

    std::vector<ModelPrompt> a = {plantedGame(5, 0.0, {{kAnd, 0b00011, 3.0}, {kOr, 0b11000, 1.0}})};
    std::vector<ModelPrompt> b = {plantedGame(5, 0.0, {{kAnd, 0b00011, 1.0}, {kAnd, 0b10100, -3.0}})};
    const PairSharing s = sharePair(a, b, SharedOptions{});
    const nlohmann::json sj = toJson(s.shared[0]);
    QCOMPARE(sj["shared"].size(), std::size_t{1});
    QVERIFY(sj["shared"][0]["players"] == nlohmann::json({0, 1}));
    QVERIFY(sj["shared"][0]["values"] == nlohmann::json({3.0, 1.0}));
    const nlohmann::json kj = toJson(kappaOf(a, b, s));
    QCOMPARE(kj["kappa"].get<double>(), 0.5);
    QCOMPARE(kj["a_from_b"]["primary"].get<double>(), 0.75);
    Faithfulness f;
    f.unfaithfulness = INFINITY;
    QVERIFY(toJson(f)["unfaithfulness"].is_null());
}
