#pragma once

#include <cstddef>
#include <span>

namespace interlens {

// Fast subset transforms over all 2^n subsets, in place, O(n·2^n) time and no extra memory (method.md §7.2).
// Index = bitmask with player j <-> bit j; index 0 is ∅ and 2^n - 1 is N. The span length must be a power of
// two.
//
// Names: M = Harsanyi AND matrix (moebiusSub), Z = M^-1 (zetaSub), M_or = OR matrix (orFromGame), W = M_or^-1
// (gameFromOr). The *Sup / *Adjoint functions apply the transposes, needed for gradients and dual
// certificates.

// a[m] <- Σ_{T⊆m} (-1)^{|m|-|T|} a[T]    I_and = M·v_and
void moebiusSub(std::span<double> a);
// a[m] <- Σ_{T⊆m} a[T]                     v_and = Z·I_and
void zetaSub(std::span<double> a);
// a[m] <- Σ_{T⊇m} (-1)^{|T|-|m|} a[T]    M^T
void moebiusSup(std::span<double> a);
// a[m] <- Σ_{T⊇m} a[T]                     Z^T
void zetaSup(std::span<double> a);

// OR interactions of a game: I_or(S) = -Σ_{T⊆S} (-1)^{|S|-|T|} v(N\T) for S ≠ ∅, I_or(∅) = v(∅).
void orFromGame(std::span<double> a);
// Inverse: v(S) = I_or(∅) + Σ_{T≠∅, T∩S≠∅} I_or(T).
void gameFromOr(std::span<double> a);
// Transposes of the two above: M_or^T and W^T.
void orFromGameAdjoint(std::span<double> a);
void gameFromOrAdjoint(std::span<double> a);

// n for a vector of 2^n entries; -1 when the size is not a power of two (or is 0).
int playerCountOf(std::size_t size);

} // namespace interlens
