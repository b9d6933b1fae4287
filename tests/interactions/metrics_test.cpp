// The lab's by-order goldens (d_byorder_*, utils/plot_by_order.py), bit-exact.

#include "metrics_test.h"

#include "common/fixtures.h"
#include "interactions/metrics_kappa.h"
#include "interactions/metrics_order.h"
#include "interactions/shared_match.h"
#include "interactions/shared_salient.h"

#include <nlohmann/json.hpp>

#include <QTest>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <string>

using namespace interlens;
using namespace interlens::test;

namespace {

nlohmann::json readJson(const QString& path)
{
    std::ifstream in(path.toStdString());
    return nlohmann::json::parse(in);
}

// The fixture stores float32 values as their shortest decimal: parse, round to float32 and widen,
// as the lab does.
std::vector<double> asFloat32(const nlohmann::json& values)
{
    std::vector<double> out;
    for (const auto& x : values)
        out.push_back(static_cast<double>(static_cast<float>(x.get<double>())));
    return out;
}

double maxAbsDiff(const std::vector<double>& a, const nlohmann::json& b)
{
    if (a.size() != b.size())
        return INFINITY;
    double d = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i)
        d = std::max(d, std::abs(a[i] - b[i].get<double>()));
    return d;
}

double statsDiff(const OrderStats& s, const nlohmann::json& golden)
{
    return std::max(maxAbsDiff(s.pos, golden["pos"]), maxAbsDiff(s.neg, golden["neg"]));
}

} // namespace

void MetricsTest::byOrderGolden_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("J8") << QStringLiteral("interactions/d_byorder_J8.json");
    QTest::newRow("J10") << QStringLiteral("interactions/d_byorder_J10.json");
}

// Every per-prompt array and every aggregate of the lab's plot_by_order.py, for the four selection variants.
void MetricsTest::byOrderGolden()
{
    QFETCH(QString, file);
    const QString path = interlens::test::fixturePath(file);
    INTERLENS_REQUIRE_FIXTURE(path);
    const nlohmann::json d = readJson(path);
    const int n = d["n"].get<int>();
    const double threshold = d["threshold"].get<double>();
    const char* names[2] = {"m1", "m2"};

    std::vector<ModelPrompt> models[2];
    for (const auto& in : d["inputs"]) {
        for (int m = 0; m < 2; ++m) {
            const std::string k = std::to_string(m + 1);
            ModelPrompt p;
            p.iAnd = asFloat32(in["I_and_" + k + "_reorganized"]);
            p.iOr = asFloat32(in["I_or_" + k + "_reorganized"]);
            p.v = asFloat32(in["v" + k]);
            models[m].push_back(std::move(p));
        }
    }
    const std::size_t prompts = models[0].size();
    QCOMPARE(prompts, d["per_prompt"].size());

    // The per-model constant mean|u| from v equals the fixture's (float32 np.mean) to float32 precision.
    double scale[2];
    for (int m = 0; m < 2; ++m) {
        SalientOptions o;
        const double ours = salientScale(models[m], o);
        scale[m] = d["model_thresholds"][names[m]].get<double>();
        qInfo("%s mean|u|: ours %.17g, fixture %.17g", names[m], ours, scale[m]);
        QVERIFY(std::abs(ours - scale[m]) <= 1e-6 * scale[m]);
    }

    struct Variant
    {
        const char* key;
        SalientOptions options;
        OrderStatKind kind;
    };
    SalientOptions utility;
    utility.coefficient = threshold;
    SalientOptions perVector;
    perVector.rule = SalientRule::RelativeToMax;
    perVector.maxScope = MaxScope::PerVector;
    perVector.coefficient = threshold;
    SalientOptions topR;
    topR.rule = SalientRule::TopFraction;
    topR.topFraction = 0.1;
    const Variant variants[] = {{"model_thresholds", utility, OrderStatKind::Value},
                                {"model_thresholds_count", utility, OrderStatKind::Count},
                                {"per_vector_max", perVector, OrderStatKind::Value},
                                {"top_r_0.1", topR, OrderStatKind::Value}};

    double worst = 0.0;
    for (const Variant& var : variants) {
        std::vector<SalientSet> salient[2];
        std::vector<SharedResult> shared;
        for (std::size_t x = 0; x < prompts; ++x) {
            const nlohmann::json& golden = d["per_prompt"][x][var.key];
            SalientSet sets[2];
            for (int m = 0; m < 2; ++m) {
                sets[m] = selectSalient(models[m][x], var.options, scale[m]);
                for (InteractionType t : {kAnd, kOr}) {
                    const std::string key = std::string("all_") + interactionTypeName(t) + "_" + names[m];
                    const double diff =
                        statsDiff(orderStats(entriesOfType(sets[m], t), n, var.kind), golden[key]);
                    worst = std::max(worst, diff);
                    if (diff != 0.0)
                        qWarning("%s prompt %zu %s: max |diff| %.3g", var.key, x, key.c_str(), diff);
                }
                salient[m].push_back(sets[m]);
            }
            // The lab calls the shared function once per type, on the two models' vectors of that type.
            for (InteractionType t : {kAnd, kOr}) {
                const SharedResult s = sharedOf(entriesOfType(sets[0], t), entriesOfType(sets[1], t), false);
                for (int m = 0; m < 2; ++m) {
                    const std::string key = std::string("shared_") + interactionTypeName(t) + "_" + names[m];
                    const double diff =
                        statsDiff(orderStats(sharedValuesOf(s.shared, m), n, var.kind), golden[key]);
                    worst = std::max(worst, diff);
                    if (diff != 0.0)
                        qWarning("%s prompt %zu %s: max |diff| %.3g", var.key, x, key.c_str(), diff);
                }
            }
            shared.push_back(sharedOf(sets[0], sets[1], false));

            if (std::string(var.key) == "model_thresholds") {
                const nlohmann::json& ids = d["per_prompt"][x]["derived_salient_indices_ours"];
                for (int m = 0; m < 2; ++m) {
                    QCOMPARE(masksOf(entriesOfType(sets[m], kAnd)),
                             ids[std::string("and_") + names[m]].get<std::vector<std::uint32_t>>());
                    QCOMPARE(masksOf(entriesOfType(sets[m], kOr)),
                             ids[std::string("or_") + names[m]].get<std::vector<std::uint32_t>>());
                }
            }
        }
        // The Fig-3 aggregates (AND + OR, averaged over prompts) for the notebook variants.
        const std::string key = var.key;
        if (key == "model_thresholds" || key == "model_thresholds_count") {
            const nlohmann::json& agg = d["aggregate"][key == "model_thresholds" ? "value" : "count"];
            for (int m = 0; m < 2; ++m) {
                const OrderBreakdown b = orderBreakdown(salient[m], shared, m, n, var.kind);
                const nlohmann::json& g = agg[names[m]];
                const double diff = std::max(
                    {maxAbsDiff(b.all.pos, g["all_pos"]), maxAbsDiff(b.all.neg, g["all_neg"]),
                     maxAbsDiff(b.shared.pos, g["shared_pos"]), maxAbsDiff(b.shared.neg, g["shared_neg"])});
                worst = std::max(worst, diff);
                if (diff != 0.0)
                    qWarning("aggregate %s %s: max |diff| %.3g", key.c_str(), names[m], diff);
                // Non-shared bars stack with shared ones to the totals.
                for (int k = 0; k <= n; ++k) {
                    QVERIFY(std::abs(b.shared.pos[k] + b.nonShared.pos[k] - b.all.pos[k]) <= 1e-12);
                    QVERIFY(std::abs(b.shared.neg[k] + b.nonShared.neg[k] - b.all.neg[k]) <= 1e-12);
                }
            }
        }
    }
    qInfo("%s: max |diff| against the lab over all by-order arrays: %.3g", qPrintable(file), worst);
    QCOMPARE(worst, 0.0);
}

// The lab's own joint extraction of two identical models (c_joint_identical_n6): its first-argmax
// tie-breaking leaves I¹ ≈ I² only to ~3e-3, but the salient sets coincide (method.md §8.6), so everything
// salient is shared: κ(b) = 1 exactly and the primary κ is the salient share of the strength.
void MetricsTest::labJointIdenticalKappa()
{
    const QString path = interlens::test::fixturePath("interactions/c_joint_identical_n6_lr1e-5_it3000.json");
    INTERLENS_REQUIRE_FIXTURE(path);
    const nlohmann::json d = readJson(path);
    const nlohmann::json& r = d["runs"]["float64"];
    std::vector<ModelPrompt> a(1), b(1);
    a[0] = {r["I_and_1_reorganized"].get<std::vector<double>>(),
            r["I_or_1_reorganized"].get<std::vector<double>>(), d["v1"].get<std::vector<double>>()};
    b[0] = {r["I_and_2_reorganized"].get<std::vector<double>>(),
            r["I_or_2_reorganized"].get<std::vector<double>>(), d["v2"].get<std::vector<double>>()};
    const PairSharing s = sharePair(a, b, SharedOptions{});
    QCOMPARE(masksOf(s.salientA[0]), masksOf(s.salientB[0]));
    QCOMPARE(s.shared[0].shared.size(), s.salientA[0].size());
    const KappaResult k = kappaOf(a, b, s);
    qInfo("lab joint identical: kappa %.6f (b) %.17g (d) %.6f shared %zu", k.kappa, k.salientDenominator,
          k.overlap, k.sharedCount);
    QVERIFY(k.salientDenominator == 1.0);
    QVERIFY(k.kappa > 0.95 && k.kappa <= 1.0);
    QVERIFY(k.overlap > 0.95);
    QCOMPARE(k.signDisagreements, std::size_t{0});
}

QTEST_GUILESS_MAIN(MetricsTest)
