#include "interactions/and_or.h"

#include "interactions/transforms.h"

#include <bit>
#include <cmath>

namespace interlens {

int AndOrInteractions::playerCount() const
{
    return playerCountOf(iAnd.size());
}

AndOrInteractions splitInteractions(std::span<const double> v, std::span<const double> gamma,
                                    std::span<const double> q)
{
    AndOrInteractions out;
    out.iAnd.resize(v.size());
    out.iOr.resize(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) {
        const double half = 0.5 * (v[i] + q[i]);
        out.iAnd[i] = half + gamma[i];
        out.iOr[i] = half - gamma[i];
    }
    moebiusSub(out.iAnd);
    orFromGame(out.iOr);
    return out;
}

AndOrInteractions harsanyiOf(std::span<const double> v)
{
    AndOrInteractions out{std::vector<double>(v.begin(), v.end()), std::vector<double>(v.begin(), v.end())};
    moebiusSub(out.iAnd);
    orFromGame(out.iOr);
    return out;
}

AndOrInteractions reorganized(AndOrInteractions interactions)
{
    auto& a = interactions.iAnd;
    auto& o = interactions.iOr;
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
    for (double x : interactions.iAnd)
        andSum += std::abs(x);
    double orSum = 0.0;
    for (double x : interactions.iOr)
        orSum += std::abs(x);
    return andSum + orSum;
}

std::vector<double> reconstructGame(const AndOrInteractions& interactions)
{
    std::vector<double> game = interactions.iAnd;
    zetaSub(game);
    std::vector<double> orGame = interactions.iOr;
    gameFromOr(orGame);
    for (std::size_t i = 0; i < game.size(); ++i)
        game[i] += orGame[i];
    return game;
}

std::vector<double> shapleyValues(const AndOrInteractions& interactions)
{
    const int n = interactions.playerCount();
    std::vector<double> phi(static_cast<std::size_t>(n), 0.0);
    for (std::size_t s = 1; s < interactions.iAnd.size(); ++s) {
        const double share = (interactions.iAnd[s] + interactions.iOr[s]) / std::popcount(s);
        for (int j = 0; j < n; ++j)
            if (s & (std::size_t{1} << j))
                phi[static_cast<std::size_t>(j)] += share;
    }
    return phi;
}

} // namespace interlens
