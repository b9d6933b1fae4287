#include "interactions/metrics_kappa.h"

#include "common/error.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace interlens {

namespace {

double ratio(double num, double den)
{
    return den != 0.0 ? num / den : 0.0;
}

// Σ|I| over (t, S ≠ ∅) outside the sorted shared list, and over the salient entries outside it. Summing the
// shared part once and adding the rest keeps κ exactly 1 when nothing lies outside the shared set.
struct Rest
{
    double all = 0.0;
    double salient = 0.0;
};

Rest restOutside(const ModelPrompt& p, const SalientSet& salient, const std::vector<SharedEntry>& shared)
{
    Rest r;
    std::size_t c = 0;
    for (InteractionType t : {InteractionType::And, InteractionType::Or}) {
        const std::vector<double>& values = p.values(t);
        for (std::uint32_t m = 1; m < values.size(); ++m) {
            while (c < shared.size() && (shared[c].type < t || (shared[c].type == t && shared[c].mask < m)))
                ++c;
            if (!(c < shared.size() && shared[c].type == t && shared[c].mask == m))
                r.all += std::abs(values[m]);
        }
    }
    for (const SalientEntry& e : nonSharedOf(salient, shared))
        if (e.mask != 0)
            r.salient += std::abs(e.value);
    return r;
}

// Directed κ of the model at `index` in the shared values, with `salient` its salient sets.
KappaDirected directed(std::span<const ModelPrompt> prompts, std::span<const SalientSet> salient,
                       std::span<const SharedResult> shared, std::size_t index, bool& haveUtility)
{
    double sharedAbs = 0.0, sharedSigned = 0.0, restAll = 0.0, restSalient = 0.0, utility = 0.0;
    double perPromptSum = 0.0;
    std::size_t perPromptCount = 0;
    for (std::size_t x = 0; x < prompts.size(); ++x) {
        double sx = 0.0;
        for (const SharedEntry& e : shared[x].shared)
            if (e.mask != 0) {
                sx += std::abs(e.values[index]);
                sharedSigned += e.values[index];
            }
        const Rest r = restOutside(prompts[x], salient[x], shared[x].shared);
        sharedAbs += sx;
        restAll += r.all;
        restSalient += r.salient;
        if (sx + r.all != 0.0) {
            perPromptSum += sx / (sx + r.all);
            ++perPromptCount;
        }
        if (prompts[x].v.empty())
            haveUtility = false;
        else
            utility += prompts[x].v.back() - prompts[x].v.front();
    }
    KappaDirected d;
    d.primary = ratio(sharedAbs, sharedAbs + restAll);
    d.salientDenominator = ratio(sharedAbs, sharedAbs + restSalient);
    d.perPromptMean = perPromptCount ? perPromptSum / static_cast<double>(perPromptCount) : 0.0;
    d.signedUtility = ratio(sharedSigned, utility);
    return d;
}

double overlapOf(std::span<const ModelPrompt> a, std::span<const ModelPrompt> b)
{
    double num = 0.0, den = 0.0;
    auto add = [&](double x, double y) {
        const double xp = std::max(x, 0.0), xn = std::max(-x, 0.0);
        const double yp = std::max(y, 0.0), yn = std::max(-y, 0.0);
        num += std::min(xp, yp) + std::min(xn, yn);
        den += std::max(xp, yp) + std::max(xn, yn);
    };
    for (std::size_t x = 0; x < a.size(); ++x)
        for (std::size_t m = 1; m < a[x].iAnd.size(); ++m) {
            add(a[x].iAnd[m], b[x].iAnd[m]);
            add(a[x].iOr[m], b[x].iOr[m]);
        }
    return ratio(num, den);
}

} // namespace

KappaResult kappaOf(std::span<const ModelPrompt> a, std::span<const ModelPrompt> b,
                    const PairSharing& sharing)
{
    if (a.size() != b.size())
        throw InputError("kappa: model A has " + std::to_string(a.size()) + " prompts, model B has " +
                         std::to_string(b.size()));
    const int na = checkedPlayerCount(a, "kappa model A");
    const int nb = checkedPlayerCount(b, "kappa model B");
    if (na != nb)
        throw InputError("kappa: model A has n = " + std::to_string(na) +
                         " players, model B has n = " + std::to_string(nb));
    if (sharing.salientA.size() != a.size() || sharing.salientB.size() != a.size() ||
        sharing.shared.size() != a.size())
        throw InputError("kappa: the salient/shared sets do not cover the " + std::to_string(a.size()) +
                         " prompts");
    for (std::size_t x = 0; x < a.size(); ++x)
        for (const SharedEntry& e : sharing.shared[x].shared)
            if (e.values.size() != 2)
                throw InputError("kappa: prompt " + std::to_string(x) + " has a shared entry with " +
                                 std::to_string(e.values.size()) + " model values, expected 2");

    KappaResult r;
    r.prompts = a.size();
    bool haveUtility = true;
    r.aFromB = directed(a, sharing.salientA, sharing.shared, 0, haveUtility);
    r.bFromA = directed(b, sharing.salientB, sharing.shared, 1, haveUtility);
    r.signedUtilityAvailable = haveUtility;
    if (!haveUtility)
        r.aFromB.signedUtility = r.bFromA.signedUtility = 0.0;
    r.kappa = 0.5 * (r.aFromB.primary + r.bFromA.primary);
    r.signedUtility = 0.5 * (r.aFromB.signedUtility + r.bFromA.signedUtility);
    r.salientDenominator = 0.5 * (r.aFromB.salientDenominator + r.bFromA.salientDenominator);
    r.perPromptMean = 0.5 * (r.aFromB.perPromptMean + r.bFromA.perPromptMean);
    r.overlap = overlapOf(a, b);

    // Sign disagreements among same-(t,S) pairs with S ≠ ∅: recount from the salient sets so the rate does
    // not depend on whether requireSameSign removed them.
    std::size_t pairs = 0;
    for (std::size_t x = 0; x < a.size(); ++x) {
        for (const SharedEntry& e : sharing.shared[x].shared)
            r.sharedCount += e.mask != 0;
        const SharedResult all = sharedOf(sharing.salientA[x], sharing.salientB[x], false);
        for (const SharedEntry& e : all.shared)
            if (e.mask != 0) {
                ++pairs;
                r.signDisagreements += !e.signsAgree;
            }
    }
    r.signDisagreementRate = ratio(static_cast<double>(r.signDisagreements), static_cast<double>(pairs));
    return r;
}

KappaResult kappaOf(std::span<const ModelPrompt> a, std::span<const ModelPrompt> b,
                    const SharedOptions& options)
{
    return kappaOf(a, b, sharePair(a, b, options));
}

std::vector<KappaEdge> kappaGraph(std::span<const std::vector<ModelPrompt>> models,
                                  const SharedOptions& options)
{
    // Salient sets once per model; shared sets per pair.
    std::vector<std::vector<SalientSet>> salient;
    for (std::size_t i = 0; i < models.size(); ++i) {
        checkedPlayerCount(models[i], "kappa graph model " + std::to_string(i));
        salient.push_back(selectSalient(models[i], options.salient));
    }
    std::vector<KappaEdge> edges;
    for (std::size_t i = 0; i < models.size(); ++i)
        for (std::size_t j = i + 1; j < models.size(); ++j) {
            if (models[i].size() != models[j].size())
                throw InputError("kappa graph: model " + std::to_string(i) + " has " +
                                 std::to_string(models[i].size()) + " prompts, model " + std::to_string(j) +
                                 " has " + std::to_string(models[j].size()));
            PairSharing s;
            s.salientA = salient[i];
            s.salientB = salient[j];
            for (std::size_t x = 0; x < models[i].size(); ++x)
                s.shared.push_back(sharedOf(s.salientA[x], s.salientB[x], options.requireSameSign));
            edges.push_back({i, j, kappaOf(models[i], models[j], s)});
        }
    return edges;
}

} // namespace interlens
