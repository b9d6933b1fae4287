#include "interactions/and_or.h"

#include "interactions/transforms.h"

#include <bit>
#include <cmath>

namespace interlens {

int AndOrInteractions::playerCount() const
{
    return playerCountOf(andValues.size());
}

AndOrInteractions splitInteractions(std::span<const double> v, std::span<const double> gamma,
                                    std::span<const double> q)
{
    AndOrInteractions out;
    out.andValues.resize(v.size());
    out.orValues.resize(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) {
        const double half = 0.5 * (v[i] + q[i]);
        out.andValues[i] = half + gamma[i];
        out.orValues[i] = half - gamma[i];
    }
    moebiusSub(out.andValues);
    orFromGame(out.orValues);
    return out;
}

AndOrInteractions harsanyiOf(std::span<const double> v)
{
    AndOrInteractions out{std::vector<double>(v.begin(), v.end()), std::vector<double>(v.begin(), v.end())};
    moebiusSub(out.andValues);
    orFromGame(out.orValues);
    return out;
}

AndOrInteractions reorganized(AndOrInteractions interactions)
{
    auto& a = interactions.andValues;
    auto& o = interactions.orValues;
    a[0] += o[0];
    o[0] = 0.0;
    for (std::size_t bit = 1; bit < a.size(); bit <<= 1) {
        a[bit] += o[bit];
        o[bit] = 0.0;
    }
    return interactions;
}

double l1Norm(const AndOrInteractions& interactions)
{
    double andSum = 0.0;
    for (double x : interactions.andValues)
        andSum += std::abs(x);
    double orSum = 0.0;
    for (double x : interactions.orValues)
        orSum += std::abs(x);
    return andSum + orSum;
}

std::vector<double> reconstructGame(const AndOrInteractions& interactions)
{
    std::vector<double> game = interactions.andValues;
    zetaSub(game);
    std::vector<double> orGame = interactions.orValues;
    gameFromOr(orGame);
    for (std::size_t i = 0; i < game.size(); ++i)
        game[i] += orGame[i];
    return game;
}

std::vector<double> shapleyValues(const AndOrInteractions& interactions)
{
    const int n = interactions.playerCount();
    std::vector<double> phi(static_cast<std::size_t>(n), 0.0);
    for (std::size_t s = 1; s < interactions.andValues.size(); ++s) {
        const double share = (interactions.andValues[s] + interactions.orValues[s]) / std::popcount(s);
        for (int j = 0; j < n; ++j)
            if (s & (std::size_t{1} << j))
                phi[static_cast<std::size_t>(j)] += share;
    }
    return phi;
}

} // namespace interlens
