#include "interactions/shared_salient.h"

#include "common/error.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

namespace interlens {

namespace {

void checkOptions(const SalientOptions& options)
{
    if (!std::isfinite(options.coefficient) || options.coefficient < 0.0)
        throw InputError("salient options: coefficient " + std::to_string(options.coefficient) +
                         " must be a finite number >= 0");
    if (!(options.topFraction >= 0.0 && options.topFraction <= 1.0))
        throw InputError("salient options: top fraction " + std::to_string(options.topFraction) +
                         " must lie in [0, 1]");
}

double maxAbs(const std::vector<double>& values)
{
    double m = 0.0;
    for (double x : values)
        m = std::max(m, std::abs(x));
    return m;
}

bool passes(double absValue, double threshold, bool inclusive)
{
    return inclusive ? absValue >= threshold : absValue > threshold;
}

void addAboveThreshold(SalientSet& out, const ModelPrompt& prompt, InteractionType type, double threshold,
                       const SalientOptions& options)
{
    const std::vector<double>& values = prompt.values(type);
    for (std::uint32_t m = options.includeEmpty ? 0 : 1; m < values.size(); ++m)
        if (passes(std::abs(values[m]), threshold, options.inclusive))
            out.push_back({type, m, values[m]});
}

// The k largest |I| of one type; ties go to the lower mask so the result does not depend on the sort.
void addTopK(SalientSet& out, const ModelPrompt& prompt, InteractionType type, std::size_t k,
             const SalientOptions& options)
{
    const std::vector<double>& values = prompt.values(type);
    std::vector<std::uint32_t> order;
    order.reserve(values.size());
    for (std::uint32_t m = options.includeEmpty ? 0 : 1; m < values.size(); ++m)
        order.push_back(m);
    k = std::min(k, order.size());
    auto larger = [&](std::uint32_t a, std::uint32_t b) {
        const double x = std::abs(values[a]), y = std::abs(values[b]);
        return x != y ? x > y : a < b;
    };
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k), order.end(), larger);
    order.resize(k);
    std::sort(order.begin(), order.end());
    for (std::uint32_t m : order)
        out.push_back({type, m, values[m]});
}

} // namespace

double salientScale(std::span<const ModelPrompt> prompts, const SalientOptions& options)
{
    checkOptions(options);
    if (options.rule == SalientRule::UtilityScaled) {
        checkedPlayerCount(prompts, "salient threshold");
        double sum = 0.0;
        for (std::size_t i = 0; i < prompts.size(); ++i)
            sum += std::abs(predictionUtility(prompts[i], "salient threshold prompt " + std::to_string(i)));
        return sum / static_cast<double>(prompts.size());
    }
    if (options.rule == SalientRule::RelativeToMax && options.maxScope == MaxScope::Pooled) {
        checkedPlayerCount(prompts, "salient threshold");
        double m = 0.0;
        for (const ModelPrompt& p : prompts)
            m = std::max({m, maxAbs(p.iAnd), maxAbs(p.iOr)});
        return m;
    }
    return 0.0;
}

SalientSet selectSalient(const ModelPrompt& prompt, const SalientOptions& options, double scale)
{
    checkOptions(options);
    checkedPlayerCount(prompt, "salient selection");
    SalientSet out;
    constexpr InteractionType types[] = {InteractionType::And, InteractionType::Or};
    switch (options.rule) {
    case SalientRule::UtilityScaled:
        for (InteractionType t : types)
            addAboveThreshold(out, prompt, t, options.coefficient * scale, options);
        break;
    case SalientRule::RelativeToMax:
        for (InteractionType t : types) {
            double m = scale;
            if (options.maxScope == MaxScope::PerVector)
                m = maxAbs(prompt.values(t));
            else if (options.maxScope == MaxScope::PerPrompt)
                m = std::max(maxAbs(prompt.iAnd), maxAbs(prompt.iOr));
            addAboveThreshold(out, prompt, t, options.coefficient * m, options);
        }
        break;
    case SalientRule::TopFraction:
        for (InteractionType t : types) // Python's int(len(masks) * r)
            addTopK(out, prompt, t,
                    static_cast<std::size_t>(static_cast<double>(prompt.iAnd.size()) * options.topFraction),
                    options);
        break;
    case SalientRule::TopK:
        for (InteractionType t : types)
            addTopK(out, prompt, t, options.topK, options);
        break;
    }
    return out;
}

std::vector<SalientSet> selectSalient(std::span<const ModelPrompt> prompts, const SalientOptions& options)
{
    const double scale = salientScale(prompts, options);
    std::vector<SalientSet> out;
    out.reserve(prompts.size());
    for (const ModelPrompt& p : prompts)
        out.push_back(selectSalient(p, options, scale));
    return out;
}

SalientSet topInteractions(const ModelPrompt& prompt, std::size_t k, bool includeEmpty)
{
    checkedPlayerCount(prompt, "top interactions");
    SalientSet all;
    for (InteractionType t : {InteractionType::And, InteractionType::Or}) {
        const std::vector<double>& values = prompt.values(t);
        for (std::uint32_t m = includeEmpty ? 0 : 1; m < values.size(); ++m)
            all.push_back({t, m, values[m]});
    }
    k = std::min(k, all.size());
    std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(k), all.end(),
                      [](const SalientEntry& a, const SalientEntry& b) {
                          const double x = std::abs(a.value), y = std::abs(b.value);
                          if (x != y)
                              return x > y;
                          return a.type != b.type ? a.type < b.type : a.mask < b.mask;
                      });
    all.resize(k);
    return all;
}

const char* salientRuleName(SalientRule rule)
{
    switch (rule) {
    case SalientRule::UtilityScaled:
        return "utility";
    case SalientRule::RelativeToMax:
        return "relative";
    case SalientRule::TopFraction:
        return "top-fraction";
    case SalientRule::TopK:
        return "top-k";
    }
    return "?";
}

SalientRule parseSalientRule(const std::string& name)
{
    for (SalientRule r : {SalientRule::UtilityScaled, SalientRule::RelativeToMax, SalientRule::TopFraction,
                          SalientRule::TopK})
        if (name == salientRuleName(r))
            return r;
    throw InputError("salient rule '" + name + "': expected utility, relative, top-fraction or top-k");
}

const char* maxScopeName(MaxScope scope)
{
    switch (scope) {
    case MaxScope::PerVector:
        return "vector";
    case MaxScope::PerPrompt:
        return "prompt";
    case MaxScope::Pooled:
        return "pooled";
    }
    return "?";
}

MaxScope parseMaxScope(const std::string& name)
{
    for (MaxScope s : {MaxScope::PerVector, MaxScope::PerPrompt, MaxScope::Pooled})
        if (name == maxScopeName(s))
            return s;
    throw InputError("max scope '" + name + "': expected vector, prompt or pooled");
}

SalientSet entriesOfType(const SalientSet& set, InteractionType type)
{
    SalientSet out;
    std::copy_if(set.begin(), set.end(), std::back_inserter(out),
                 [type](const SalientEntry& e) { return e.type == type; });
    return out;
}

} // namespace interlens
