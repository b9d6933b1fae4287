#pragma once

// The test_metrics executable: salient/shared rules and metrics (method.md §5, §6). Slots are defined in
// metrics_test.cpp (lab goldens), metrics_test_rules.cpp, metrics_test_kappa.cpp and metrics_test_stats.cpp.

#include "interactions/shared_types.h"

#include <QObject>

#include <cstdint>
#include <vector>

namespace interlens::test {

inline constexpr InteractionType kAnd = InteractionType::And;
inline constexpr InteractionType kOr = InteractionType::Or;

inline std::vector<std::uint32_t> masksOf(const SalientSet& set)
{
    std::vector<std::uint32_t> out;
    for (const SalientEntry& e : set)
        out.push_back(e.mask);
    return out;
}

} // namespace interlens::test

class MetricsTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void byOrderGolden_data();
    void byOrderGolden();
    void labJointIdenticalKappa();
    void utilityThreshold();
    void relativeAndTopRules();
    void signAgreementOption();
    void groupSharing();
    void topInteractionsAndEfficiency();
    void badInputThrows();
    void identicalGamesKappaOne();
    void identicalNoisyGames();
    void disjointGamesKappaZero();
    void partialSharingKnownKappa();
    void poolingOverPrompts();
    void kappaGraphMatchesPairs();
    void orderStatsAndCancellation();
    void countAndStrength();
    void sharedVersusNonShared();
    void plantedFaithfulness();
    void sparsityAndTransfer();
    void jsonForms();
};
