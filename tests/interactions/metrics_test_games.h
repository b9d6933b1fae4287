#pragma once

#include "interactions/shared_types.h"

#include <cstdint>
#include <random>
#include <vector>

namespace interlens::test {

// A planted logical game: v(S) = base + Σ_and c·[A ⊆ S] + Σ_or c·[A ∩ S ≠ ∅]. Its interactions (reorganized
// form: OR terms need |A| >= 2) are the planted coefficients themselves.
struct PlantedTerm
{
    InteractionType type;
    std::uint32_t mask;
    double value;
};

// v by direct evaluation of the formula (no transform) and I from the terms. With noise > 0, uniform noise in
// [-noise, noise] is added to the I entries (S ≠ ∅; OR only where |S| >= 2) but not to v, so use noise = 0
// wherever v and I must agree.
ModelPrompt plantedGame(int n, double base, const std::vector<PlantedTerm>& terms, double noise = 0.0,
                        std::uint32_t seed = 1);

// Brute-force v(S) of the terms.
double plantedValue(double base, const std::vector<PlantedTerm>& terms, std::uint32_t s);

} // namespace interlens::test
