#include "metrics_test_games.h"

namespace interlens::test {

double plantedValue(double base, const std::vector<PlantedTerm>& terms, std::uint32_t s)
{
    double v = base;
    for (const PlantedTerm& t : terms) {
        const bool on = t.type == InteractionType::And ? (t.mask & s) == t.mask : (t.mask & s) != 0;
        if (on)
            v += t.value;
    }
    return v;
}

ModelPrompt plantedGame(int n, double base, const std::vector<PlantedTerm>& terms, double noise,
                        std::uint32_t seed)
{
    const std::uint32_t size = 1u << n;
    ModelPrompt p;
    p.iAnd.assign(size, 0.0);
    p.iOr.assign(size, 0.0);
    p.v.resize(size);
    p.iAnd[0] = base;
    for (const PlantedTerm& t : terms)
        (t.type == InteractionType::And ? p.iAnd : p.iOr)[t.mask] += t.value;
    for (std::uint32_t s = 0; s < size; ++s)
        p.v[s] = plantedValue(base, terms, s);
    if (noise > 0.0) {
        std::mt19937 rng(seed);
        std::uniform_real_distribution<double> u(-noise, noise);
        for (std::uint32_t m = 1; m < size; ++m) {
            p.iAnd[m] += u(rng);
            if (orderOf(m) >= 2)
                p.iOr[m] += u(rng);
        }
    }
    return p;
}

} // namespace interlens::test
