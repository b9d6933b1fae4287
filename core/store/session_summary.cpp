#include "store/session_summary.h"

#include <algorithm>
#include <cmath>

namespace interlens {

std::vector<RankedCoalition> topByMagnitude(const std::vector<double>& values, size_t k, bool includeEmpty)
{
    std::vector<RankedCoalition> all;
    all.reserve(values.size());
    for (size_t mask = includeEmpty ? 0 : 1; mask < values.size(); ++mask)
        if (!std::isnan(values[mask]))
            all.push_back({std::uint64_t(mask), values[mask]});
    const auto larger = [](const RankedCoalition& x, const RankedCoalition& y) {
        const double ax = std::abs(x.value), ay = std::abs(y.value);
        return ax != ay ? ax > ay : x.mask < y.mask;
    };
    const size_t n = std::min(k, all.size());
    std::partial_sort(all.begin(), all.begin() + std::ptrdiff_t(n), all.end(), larger);
    all.resize(n);
    return all;
}

std::vector<std::string> playerWords(std::uint64_t mask, const std::vector<Player>& players)
{
    std::vector<std::string> words;
    for (size_t i = 0; i < players.size() && i < 64; ++i)
        if (mask & (std::uint64_t(1) << i))
            words.push_back(players[i].word);
    return words;
}

} // namespace interlens
