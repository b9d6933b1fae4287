#include "interactions/transforms.h"

#include <cstddef>

namespace interlens {

void moebiusSub(std::span<double> a)
{
    for (std::size_t bit = 1; bit < a.size(); bit <<= 1)
        for (std::size_t m = 0; m < a.size(); ++m)
            if (m & bit)
                a[m] -= a[m ^ bit];
}

void zetaSub(std::span<double> a)
{
    for (std::size_t bit = 1; bit < a.size(); bit <<= 1)
        for (std::size_t m = 0; m < a.size(); ++m)
            if (m & bit)
                a[m] += a[m ^ bit];
}

} // namespace interlens
