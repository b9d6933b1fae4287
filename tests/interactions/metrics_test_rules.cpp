// Salient rules, shared sets and input errors (method.md §5).

#include "metrics_test.h"

#include "common/error.h"
#include "interactions/metrics_faithfulness.h"
#include "interactions/metrics_kappa.h"
#include "interactions/shared_match.h"
#include "interactions/shared_salient.h"
#include "metrics_test_games.h"

#include <QTest>

#include <cmath>

using namespace interlens;
using namespace interlens::test;

// |I| > c·mean_x|u|: strict by default, inclusive on request; the constant is over the model's prompts.
void MetricsTest::utilityThreshold()
{
    // u = 2 and u = 4 → mean|u| = 3; c = 0.25 → threshold 0.75.
    const std::vector<PlantedTerm> t0 = {{kAnd, 0b001, 1.25}, {kAnd, 0b110, 0.75}};
    const std::vector<PlantedTerm> t1 = {{kAnd, 0b011, 3.24}, {kOr, 0b110, 0.76}};
    std::vector<ModelPrompt> p = {plantedGame(3, 0.0, t0), plantedGame(3, 0.0, t1)};
    SalientOptions o;
    o.coefficient = 0.25;
    QCOMPARE(salientScale(p, o), 3.0);
    std::vector<SalientSet> s = selectSalient(p, o);
    QCOMPARE(masksOf(s[0]), (std::vector<std::uint32_t>{0b001}));
    QCOMPARE(s[1].size(), std::size_t{2});
    QCOMPARE(s[1][1].type, kOr);
    QCOMPARE(s[1][1].value, 0.76);
    o.inclusive = true;
    s = selectSalient(p, o);
    QCOMPARE(masksOf(s[0]), (std::vector<std::uint32_t>{0b001, 0b110}));
    // ∅ is kept by default and dropped with includeEmpty = false.
    std::vector<ModelPrompt> withBase = {plantedGame(3, 5.0, t0)};
    o.inclusive = false;
    QCOMPARE(selectSalient(withBase, o)[0].front().mask, 0u);
    o.includeEmpty = false;
    QCOMPARE(selectSalient(withBase, o)[0].front().mask, 0b001u);
    // The rule needs v.
    std::vector<ModelPrompt> noV = p;
    noV[1].v.clear();
    QVERIFY_THROWS_EXCEPTION(InputError, salientScale(noV, o));
}

// Relative-to-max with its three scopes, top fraction and top-K (ties to the lower mask).
void MetricsTest::relativeAndTopRules()
{
    std::vector<ModelPrompt> p = {
        plantedGame(4, 0.0,
                    {{kAnd, 0b0011, 10.0}, {kAnd, 0b0100, 0.6}, {kOr, 0b1100, 1.0}, {kOr, 0b1010, 0.09}}),
        plantedGame(4, 0.0, {{kAnd, 0b0011, 100.0}, {kAnd, 0b0100, 0.6}})};
    SalientOptions o;
    o.rule = SalientRule::RelativeToMax;
    o.coefficient = 0.1;
    o.maxScope = MaxScope::PerVector; // AND max 10 → 1.0; OR max 1.0 → 0.1
    std::vector<SalientSet> s = selectSalient(p, o);
    QCOMPARE(s[0].size(), std::size_t{2});
    QCOMPARE(s[0][1].mask, 0b1100u);
    o.maxScope = MaxScope::PerPrompt; // 1.0 for both types: OR 1.0 is not > 1.0
    s = selectSalient(p, o);
    QCOMPARE(masksOf(s[0]), (std::vector<std::uint32_t>{0b0011}));
    o.inclusive = true;
    QCOMPARE(masksOf(selectSalient(p, o)[0]), (std::vector<std::uint32_t>{0b0011, 0b1100}));
    o.inclusive = false;
    o.maxScope = MaxScope::Pooled; // 100 over both prompts → 10 is not > 10
    QCOMPARE(salientScale(p, o), 100.0);
    s = selectSalient(p, o);
    QVERIFY(s[0].empty());
    QCOMPARE(masksOf(s[1]), (std::vector<std::uint32_t>{0b0011}));

    SalientOptions top;
    top.rule = SalientRule::TopFraction;
    top.topFraction = 0.2; // int(16·0.2) = 3 per type
    s = selectSalient(p, top);
    QCOMPARE(entriesOfType(s[0], kAnd).size(), std::size_t{3});
    QCOMPARE(entriesOfType(s[0], kOr).size(), std::size_t{3});
    // AND: 10, 0.6, then a tie among zeros → lowest mask 0.
    QCOMPARE(masksOf(entriesOfType(s[0], kAnd)), (std::vector<std::uint32_t>{0, 0b0011, 0b0100}));
    top.rule = SalientRule::TopK;
    top.topK = 2;
    s = selectSalient(p, top);
    QCOMPARE(masksOf(entriesOfType(s[0], kOr)), (std::vector<std::uint32_t>{0b1010, 0b1100}));
}

// Opposite signs on a common coalition: shared by default (GEN), excluded with requireSameSign; the
// disagreement rate is reported either way.
void MetricsTest::signAgreementOption()
{
    std::vector<ModelPrompt> a = {plantedGame(4, 0.0, {{kAnd, 0b0011, 1.0}, {kOr, 0b1100, 1.0}})};
    std::vector<ModelPrompt> b = {plantedGame(4, 0.0, {{kAnd, 0b0011, -1.0}, {kOr, 0b1100, 2.0}})};
    SharedOptions o;
    PairSharing s = sharePair(a, b, o);
    QCOMPARE(s.shared[0].shared.size(), std::size_t{2});
    QCOMPARE(s.shared[0].signDisagreements, std::size_t{1});
    QCOMPARE(s.shared[0].shared[0].signsAgree, false);
    QCOMPARE(s.shared[0].shared[0].values, (std::vector<double>{1.0, -1.0}));
    KappaResult k = kappaOf(a, b, s);
    QCOMPARE(k.kappa, 1.0);
    QCOMPARE(k.signDisagreementRate, 0.5);

    o.requireSameSign = true;
    s = sharePair(a, b, o);
    QCOMPARE(s.shared[0].shared.size(), std::size_t{1});
    QCOMPARE(s.shared[0].shared[0].mask, 0b1100u);
    QCOMPARE(s.shared[0].sameCoalitionCount, std::size_t{2});
    QCOMPARE(s.shared[0].signDisagreements, std::size_t{1});
    const SalientSet non = nonSharedOf(s.salientA[0], s.shared[0].shared);
    QCOMPARE(non.size(), std::size_t{1});
    QCOMPARE(non[0].mask, 0b0011u);
    k = kappaOf(a, b, s);
    QCOMPARE(k.aFromB.primary, 0.5);
    QCOMPARE(k.bFromA.primary, 2.0 / 3.0);
    QCOMPARE(k.signDisagreementRate, 0.5);
}

// Shared for a group of three: salient in all of them.
void MetricsTest::groupSharing()
{
    const ModelPrompt p1 =
        plantedGame(4, 0.0, {{kAnd, 0b0011, 1.0}, {kOr, 0b1100, 1.0}, {kAnd, 0b0101, 1.0}});
    const ModelPrompt p2 = plantedGame(4, 0.0, {{kAnd, 0b0011, 2.0}, {kOr, 0b1100, -1.0}});
    const ModelPrompt p3 =
        plantedGame(4, 0.0, {{kAnd, 0b0011, 3.0}, {kAnd, 0b1100, 1.0}, {kAnd, 0b0101, 1.0}});
    SalientOptions o;
    o.rule = SalientRule::RelativeToMax;
    o.maxScope = MaxScope::PerPrompt;
    const std::vector<SalientSet> sets = {selectSalient(p1, o, 0), selectSalient(p2, o, 0),
                                          selectSalient(p3, o, 0)};
    const SharedResult r = sharedOf(sets, false);
    QCOMPARE(r.shared.size(), std::size_t{1});
    QCOMPARE(r.shared[0].values, (std::vector<double>{1.0, 2.0, 3.0}));
    QCOMPARE(sharedValuesOf(r.shared, 2)[0].value, 3.0);
}

// Fig 1: strongest interactions of both types, and the efficiency check Σ_{S≠∅} I = u for an exact game.
void MetricsTest::topInteractionsAndEfficiency()
{
    const ModelPrompt p =
        plantedGame(5, 0.5, {{kAnd, 0b00011, 3.0}, {kOr, 0b11000, -4.0}, {kAnd, 0b00100, 1.0}});
    const SalientSet top = topInteractions(p, 2);
    QCOMPARE(top.size(), std::size_t{2});
    QCOMPARE(top[0].type, kOr);
    QCOMPARE(top[0].value, -4.0);
    QCOMPARE(top[1].mask, 0b00011u);
    QCOMPARE(topInteractions(p, 1, true)[0].value, -4.0);
    QCOMPARE(topInteractions(p, 100).size(), std::size_t{2 * 31});
    QVERIFY(std::abs(efficiencyGap(p)) <= 1e-15);
    ModelPrompt shifted = p;
    shifted.v.back() += 0.25; // as if q_N = -0.25
    QVERIFY(std::abs(efficiencyGap(shifted) + 0.25) <= 1e-15);
}

void MetricsTest::badInputThrows()
{
    ModelPrompt bad = plantedGame(3, 0.0, {});
    bad.iOr.pop_back();
    SalientOptions o;
    QVERIFY_THROWS_EXCEPTION(InputError, selectSalient(bad, o, 1.0));
    ModelPrompt odd;
    odd.iAnd.assign(6, 0.0);
    odd.iOr.assign(6, 0.0);
    QVERIFY_THROWS_EXCEPTION(InputError, selectSalient(odd, o, 1.0));
    const std::vector<ModelPrompt> a = {plantedGame(3, 0.0, {})}, b = {plantedGame(4, 0.0, {})};
    QVERIFY_THROWS_EXCEPTION(InputError, kappaOf(a, b, SharedOptions{}));
    const std::vector<ModelPrompt> none;
    QVERIFY_THROWS_EXCEPTION(InputError, kappaOf(none, none, SharedOptions{}));
    o.coefficient = -1.0;
    QVERIFY_THROWS_EXCEPTION(InputError, selectSalient(a, o));
    const SalientSet unsorted = {{kAnd, 3, 1.0}, {kAnd, 1, 1.0}};
    QVERIFY_THROWS_EXCEPTION(InputError, sharedOf(unsorted, unsorted, false));
    QVERIFY_THROWS_EXCEPTION(InputError, faithfulnessOf(odd, {}));
}
