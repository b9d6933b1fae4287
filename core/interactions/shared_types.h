#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace interlens {

// Plain inputs of the salient/shared rules and the metrics (method.md §5, §6). Every vector has 2^n entries
// in bitmask order (player j <-> bit j, index 0 = ∅, 2^n - 1 = N) and holds the *reorganized* interactions
// (§3.2: I_or is zero for |S| <= 1), which is what every statistic of the lab is computed on.

enum class InteractionType : std::uint8_t { And = 0, Or = 1 };

// "and" / "or".
const char* interactionTypeName(InteractionType type);

// One model's result on one prompt.
struct ModelPrompt
{
    std::vector<double> iAnd;
    std::vector<double> iOr;
    // The game v(S) (all 2^n masks). Needed only where u = v(N) - v(∅) or v itself enters: the mean-|u|
    // salient threshold, κ variant (a) and faithfulness. May be empty otherwise.
    std::vector<double> v;

    const std::vector<double>& values(InteractionType type) const
    {
        return type == InteractionType::And ? iAnd : iOr;
    }
};

// One salient interaction of one model: type, coalition and that model's value.
struct SalientEntry
{
    InteractionType type = InteractionType::And;
    std::uint32_t mask = 0;
    double value = 0.0;
};

// Salient interactions of one model on one prompt, sorted by (type, mask): all AND entries first.
using SalientSet = std::vector<SalientEntry>;

// Number of players of a prompt (checks that iAnd and iOr have the same power-of-two size and v is empty or
// the same size); throws InputError naming `what` and the field otherwise.
int checkedPlayerCount(const ModelPrompt& prompt, const std::string& what);

// Same n for all prompts (and at least one prompt); returns it.
int checkedPlayerCount(std::span<const ModelPrompt> prompts, const std::string& what);

// u(x) = v(N) - v(∅) (method.md §1); throws InputError naming `what` when v is missing.
double predictionUtility(const ModelPrompt& prompt, const std::string& what);

// |S| of a mask.
inline int orderOf(std::uint32_t mask)
{
    return std::popcount(mask);
}

} // namespace interlens
