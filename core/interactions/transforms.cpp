#include "interactions/transforms.h"

#include <algorithm>
#include <bit>

namespace interlens {

namespace {

// One butterfly per bit: for every pair (m without bit h, m with bit h) apply `op(low, high)`. Blocked over
// 2h so the inner loop is contiguous and vectorises.
template <typename Op> void butterfly(std::span<double> a, Op op)
{
    const std::size_t size = a.size();
    double* d = a.data();
    for (std::size_t h = 1; h < size; h <<= 1)
        for (std::size_t base = 0; base < size; base += 2 * h)
            for (std::size_t j = base; j < base + h; ++j)
                op(d[j], d[j + h]);
}

void negateReversed(std::span<double> a)
{
    std::reverse(a.begin(), a.end());
    for (double& x : a)
        x = -x;
}

} // namespace

void moebiusSub(std::span<double> a)
{
    butterfly(a, [](double& low, double& high) { high -= low; });
}

void zetaSub(std::span<double> a)
{
    butterfly(a, [](double& low, double& high) { high += low; });
}

void moebiusSup(std::span<double> a)
{
    butterfly(a, [](double& low, double& high) { low -= high; });
}

void zetaSup(std::span<double> a)
{
    butterfly(a, [](double& low, double& high) { low += high; });
}

void orFromGame(std::span<double> a)
{
    // The complement of mask m is full ^ m = full - m, i.e. the reversed array (method.md §7.1).
    const double empty = a[0];
    negateReversed(a);
    moebiusSub(a);
    a[0] = empty;
}

void gameFromOr(std::span<double> a)
{
    // v(S) = I(∅) + Z[N] - Z[N\S] with Z = zeta of I without its ∅ entry.
    const double empty = a[0];
    a[0] = 0.0;
    zetaSub(a);
    const double total = a[a.size() - 1];
    std::reverse(a.begin(), a.end());
    for (double& x : a)
        x = empty + total - x;
}

void orFromGameAdjoint(std::span<double> a)
{
    const double empty = a[0];
    a[0] = 0.0;
    moebiusSup(a);
    negateReversed(a);
    a[0] += empty;
}

void gameFromOrAdjoint(std::span<double> a)
{
    // W = e·e_∅^T + (1·1_N^T - R)·Z·P, with P zeroing the ∅ entry, so W^T λ = Σλ at ∅ and Σλ - (Z^T R λ)[T]
    // elsewhere.
    double sum = 0.0;
    for (double x : a)
        sum += x;
    std::reverse(a.begin(), a.end());
    zetaSup(a);
    for (double& x : a)
        x = sum - x;
    a[0] = sum;
}

int playerCountOf(std::size_t size)
{
    if (size == 0 || !std::has_single_bit(size))
        return -1;
    return std::countr_zero(size);
}

} // namespace interlens
