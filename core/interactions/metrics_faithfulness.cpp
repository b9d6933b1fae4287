#include "interactions/metrics_faithfulness.h"

#include "common/error.h"
#include "interactions/transforms.h"

#include <limits>
#include <string>

namespace interlens {

namespace {

Faithfulness finish(Faithfulness f)
{
    if (f.spread > 0.0)
        f.unfaithfulness = f.residual / f.spread;
    else
        f.unfaithfulness = f.residual == 0.0 ? 0.0 : std::numeric_limits<double>::infinity();
    f.faithfulness = 1.0 - f.unfaithfulness;
    return f;
}

} // namespace

std::vector<double> logicalModel(const ModelPrompt& prompt, const SalientSet& omega)
{
    checkedPlayerCount(prompt, "logical model");
    const std::size_t size = prompt.iAnd.size();
    std::vector<double> g(size, 0.0), orPart(size, 0.0);
    g[0] = prompt.iAnd[0];
    orPart[0] = prompt.iOr[0];
    for (const SalientEntry& e : omega) {
        if (e.mask >= size)
            throw InputError("logical model: mask " + std::to_string(e.mask) +
                             " is out of range for 2^n = " + std::to_string(size));
        if (e.mask == 0)
            continue;
        if (e.type == InteractionType::And)
            g[e.mask] = prompt.iAnd[e.mask];
        else
            orPart[e.mask] = prompt.iOr[e.mask];
    }
    zetaSub(g);         // Σ_{T⊆S} I_and(T)
    gameFromOr(orPart); // I_or(∅) + Σ_{T≠∅, T∩S≠∅} I_or(T)
    for (std::size_t m = 0; m < size; ++m)
        g[m] += orPart[m];
    return g;
}

double efficiencyGap(const ModelPrompt& prompt)
{
    checkedPlayerCount(prompt, "efficiency check");
    const double u = predictionUtility(prompt, "efficiency check");
    double sum = 0.0;
    for (std::size_t m = 1; m < prompt.iAnd.size(); ++m)
        sum += prompt.iAnd[m] + prompt.iOr[m];
    return sum - u;
}

Faithfulness faithfulnessOf(const ModelPrompt& prompt, const SalientSet& omega)
{
    if (prompt.v.empty())
        throw InputError("faithfulness: v is missing");
    const std::vector<double> g = logicalModel(prompt, omega);
    Faithfulness f;
    for (std::size_t m = 0; m < g.size(); ++m) {
        const double d = prompt.v[m] - g[m], s = prompt.v[m] - prompt.v[0];
        f.residual += d * d;
        f.spread += s * s;
    }
    for (const SalientEntry& e : omega)
        f.size += e.mask != 0;
    return finish(f);
}

Faithfulness faithfulnessOf(std::span<const ModelPrompt> prompts, std::span<const SalientSet> omegas)
{
    if (prompts.size() != omegas.size())
        throw InputError("faithfulness: " + std::to_string(prompts.size()) + " prompts but " +
                         std::to_string(omegas.size()) + " salient sets");
    Faithfulness total;
    for (std::size_t x = 0; x < prompts.size(); ++x) {
        const Faithfulness f = faithfulnessOf(prompts[x], omegas[x]);
        total.residual += f.residual;
        total.spread += f.spread;
        total.size += f.size;
    }
    return finish(total);
}

} // namespace interlens
