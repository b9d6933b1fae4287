#pragma once

// Small read-only views of a loaded session, shared by `interlens inspect` and the GUI.

#include "store/session.h"

#include <cstdint>
#include <string>
#include <vector>

namespace interlens {

struct RankedCoalition
{
    std::uint64_t mask = 0;
    double value = 0.0;
};

// The `k` entries of `values` (indexed by coalition mask) with the largest |value|, largest first; ties go to
// the smaller mask. The empty coalition (mask 0, the baseline term) is left out unless `includeEmpty`. NaNs
// are skipped.
std::vector<RankedCoalition> topByMagnitude(const std::vector<double>& values, size_t k,
                                            bool includeEmpty = false);

// The words of the players in `mask`, in player order.
std::vector<std::string> playerWords(std::uint64_t mask, const std::vector<Player>& players);

} // namespace interlens
