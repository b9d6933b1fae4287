#pragma once

#include <span>

namespace interlens {

// Fast subset transforms over all 2^n subsets in O(n·2^n), in place. Index = bitmask, player j <-> bit j.
// moebiusSub: a[m] <- Σ_{T⊆m} (-1)^{|m|-|T|} a[T]   (Harsanyi AND dividends of a game)
// zetaSub:    a[m] <- Σ_{T⊆m} a[T]                   (its inverse)
void moebiusSub(std::span<double> a);
void zetaSub(std::span<double> a);

} // namespace interlens
