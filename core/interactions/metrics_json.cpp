#include "interactions/metrics_json.h"

#include "common/error.h"

#include <cmath>

namespace interlens {

namespace {

nlohmann::json number(double x)
{
    return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr);
}

nlohmann::json players(std::uint32_t mask)
{
    nlohmann::json out = nlohmann::json::array();
    for (int j = 0; j < 32; ++j)
        if (mask & (1u << j))
            out.push_back(j);
    return out;
}

nlohmann::json directed(const KappaDirected& d)
{
    return {{"primary", d.primary},
            {"signed_utility", d.signedUtility},
            {"salient_denominator", d.salientDenominator},
            {"per_prompt_mean", d.perPromptMean}};
}

template <typename T> T field(const nlohmann::json& j, const char* key, T fallback)
{
    if (!j.contains(key))
        return fallback;
    try {
        return j.at(key).get<T>();
    } catch (const nlohmann::json::exception&) {
        throw InputError(std::string("metrics options: field '") + key +
                         "' has the wrong type: " + j.at(key).dump());
    }
}

} // namespace

nlohmann::json toJson(const SalientOptions& o)
{
    return {{"rule", salientRuleName(o.rule)},       {"coefficient", o.coefficient},
            {"max_scope", maxScopeName(o.maxScope)}, {"inclusive", o.inclusive},
            {"top_fraction", o.topFraction},         {"top_k", o.topK},
            {"include_empty", o.includeEmpty}};
}

nlohmann::json toJson(const SharedOptions& o)
{
    return {{"salient", toJson(o.salient)}, {"require_same_sign", o.requireSameSign}};
}

SalientOptions salientOptionsFromJson(const nlohmann::json& j)
{
    if (!j.is_object())
        throw InputError("metrics options: salient options must be an object, got " + j.dump());
    SalientOptions o;
    o.rule = parseSalientRule(field<std::string>(j, "rule", salientRuleName(o.rule)));
    o.coefficient = field<double>(j, "coefficient", o.coefficient);
    o.maxScope = parseMaxScope(field<std::string>(j, "max_scope", maxScopeName(o.maxScope)));
    o.inclusive = field<bool>(j, "inclusive", o.inclusive);
    o.topFraction = field<double>(j, "top_fraction", o.topFraction);
    o.topK = field<std::size_t>(j, "top_k", o.topK);
    o.includeEmpty = field<bool>(j, "include_empty", o.includeEmpty);
    if (!std::isfinite(o.coefficient) || o.coefficient < 0.0)
        throw InputError("metrics options: coefficient " + std::to_string(o.coefficient) + " must be >= 0");
    if (!(o.topFraction >= 0.0 && o.topFraction <= 1.0))
        throw InputError("metrics options: top_fraction " + std::to_string(o.topFraction) +
                         " must lie in [0, 1]");
    return o;
}

SharedOptions sharedOptionsFromJson(const nlohmann::json& j)
{
    if (!j.is_object())
        throw InputError("metrics options: shared options must be an object, got " + j.dump());
    SharedOptions o;
    if (j.contains("salient"))
        o.salient = salientOptionsFromJson(j.at("salient"));
    o.requireSameSign = field<bool>(j, "require_same_sign", o.requireSameSign);
    return o;
}

nlohmann::json toJson(const SalientSet& set)
{
    nlohmann::json out = nlohmann::json::array();
    for (const SalientEntry& e : set)
        out.push_back({{"type", interactionTypeName(e.type)},
                       {"mask", e.mask},
                       {"players", players(e.mask)},
                       {"value", number(e.value)}});
    return out;
}

nlohmann::json toJson(const SharedResult& shared)
{
    nlohmann::json list = nlohmann::json::array();
    for (const SharedEntry& e : shared.shared) {
        nlohmann::json values = nlohmann::json::array();
        for (double v : e.values)
            values.push_back(number(v));
        list.push_back({{"type", interactionTypeName(e.type)},
                        {"mask", e.mask},
                        {"players", players(e.mask)},
                        {"values", values},
                        {"signs_agree", e.signsAgree}});
    }
    return {{"shared", list},
            {"same_coalition_count", shared.sameCoalitionCount},
            {"sign_disagreements", shared.signDisagreements}};
}

nlohmann::json toJson(const KappaResult& k)
{
    return {{"kappa", k.kappa},
            {"a_from_b", directed(k.aFromB)},
            {"b_from_a", directed(k.bFromA)},
            {"signed_utility", k.signedUtility},
            {"salient_denominator", k.salientDenominator},
            {"per_prompt_mean", k.perPromptMean},
            {"overlap", k.overlap},
            {"signed_utility_available", k.signedUtilityAvailable},
            {"prompts", k.prompts},
            {"shared_count", k.sharedCount},
            {"sign_disagreements", k.signDisagreements},
            {"sign_disagreement_rate", k.signDisagreementRate}};
}

nlohmann::json toJson(const OrderStats& stats)
{
    return {{"pos", stats.pos}, {"neg", stats.neg}};
}

nlohmann::json toJson(const OrderBreakdown& b)
{
    return {{"all", toJson(b.all)}, {"shared", toJson(b.shared)}, {"non_shared", toJson(b.nonShared)}};
}

nlohmann::json toJson(const Cancellation& c)
{
    return {{"ratio_by_order", c.ratioByOrder},
            {"pooled_ratio", c.pooledRatio},
            {"balance_by_order", c.balanceByOrder},
            {"pooled_balance", c.pooledBalance}};
}

nlohmann::json toJson(const CountStrength& cs)
{
    return {{"prompts", cs.prompts},
            {"total", cs.total},
            {"sum_abs", cs.sumAbs},
            {"mean_count", cs.meanCount},
            {"mean_strength", cs.meanStrength},
            {"mean_count_by_order", cs.meanCountByOrder},
            {"mean_strength_by_order", cs.meanStrengthByOrder}};
}

nlohmann::json toJson(const SharedCountStrength& cs)
{
    return {{"shared", toJson(cs.shared)}, {"non_shared", toJson(cs.nonShared)}};
}

nlohmann::json toJson(const Faithfulness& f)
{
    return {{"unfaithfulness", number(f.unfaithfulness)},
            {"faithfulness", number(f.faithfulness)},
            {"residual", f.residual},
            {"spread", f.spread},
            {"size", f.size}};
}

nlohmann::json toJson(const SparsityCurve& c, bool withCurves)
{
    nlohmann::json out = {{"count", c.pooledSorted.size()},
                          {"max", c.max},
                          {"threshold", c.threshold},
                          {"count_above", c.countAbove}};
    if (withCurves) {
        out["pooled_sorted"] = c.pooledSorted;
        out["rank_mean"] = c.rankMean;
        out["rank_std"] = c.rankStd;
    }
    return out;
}

nlohmann::json toJson(const std::vector<TransferPoint>& transfer)
{
    nlohmann::json out = nlohmann::json::array();
    for (const TransferPoint& t : transfer)
        out.push_back({{"fraction", t.fraction}, {"k", t.k}, {"and", t.andOverlap}, {"or", t.orOverlap}});
    return out;
}

} // namespace interlens
