#include "interactions/shared_types.h"

#include "common/error.h"
#include "interactions/transforms.h"

namespace interlens {

const char* interactionTypeName(InteractionType type)
{
    return type == InteractionType::And ? "and" : "or";
}

int checkedPlayerCount(const ModelPrompt& prompt, const std::string& what)
{
    const int n = playerCountOf(prompt.iAnd.size());
    if (n < 0)
        throw InputError(what + ": I_and has " + std::to_string(prompt.iAnd.size()) +
                         " entries, expected 2^n");
    if (n > 30)
        throw InputError(what + ": n = " + std::to_string(n) + " players is more than the 30 supported");
    if (prompt.iOr.size() != prompt.iAnd.size())
        throw InputError(what + ": I_or has " + std::to_string(prompt.iOr.size()) + " entries, I_and has " +
                         std::to_string(prompt.iAnd.size()));
    if (!prompt.v.empty() && prompt.v.size() != prompt.iAnd.size())
        throw InputError(what + ": v has " + std::to_string(prompt.v.size()) + " entries, I_and has " +
                         std::to_string(prompt.iAnd.size()));
    return n;
}

int checkedPlayerCount(std::span<const ModelPrompt> prompts, const std::string& what)
{
    if (prompts.empty())
        throw InputError(what + ": no prompts");
    const int n = checkedPlayerCount(prompts.front(), what + " prompt 0");
    for (std::size_t i = 1; i < prompts.size(); ++i) {
        const int ni = checkedPlayerCount(prompts[i], what + " prompt " + std::to_string(i));
        if (ni != n)
            throw InputError(what + " prompt " + std::to_string(i) + ": n = " + std::to_string(ni) +
                             " players, prompt 0 has n = " + std::to_string(n));
    }
    return n;
}

double predictionUtility(const ModelPrompt& prompt, const std::string& what)
{
    if (prompt.v.empty())
        throw InputError(what + ": v is missing (needed for u = v(N) - v(∅))");
    return prompt.v.back() - prompt.v.front();
}

} // namespace interlens
