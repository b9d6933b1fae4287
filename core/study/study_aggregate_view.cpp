#include "study/study_aggregate_view.h"

namespace interlens {

namespace {

const AggNode* child(const AggNode& node, const std::string& name)
{
    const auto it = node.children.find(name);
    return it == node.children.end() ? nullptr : &it->second;
}

} // namespace

const std::vector<FilterCountField>& filterCountFields()
{
    using F = FilterCounts;
    static const std::vector<FilterCountField> fields = {
        {"pending", &F::pending, true},
        {"stop_word_target", &F::stopWordTarget, true},
        {"players", &F::players, true},
        {"top1", &F::top1, true},
        {"small_u", &F::smallU, true},
        {"model_error", &F::modelError, true},
        {"error", &F::error, true},
        {"kept", &F::kept, false},
        {"not_converged", &F::notConverged, false},
        {"not_converged_kept", &F::notConvergedKept, false},
        {"records", &F::records, false},
        {"prompts", &F::prompts, false},
    };
    return fields;
}

std::optional<FilterCounts> filterCounts(const AggNode& aggregate)
{
    const AggNode* node = child(aggregate, "filters");
    if (!node)
        return std::nullopt;
    FilterCounts counts;
    for (const FilterCountField& f : filterCountFields())
        counts.*f.member = scalarOr(*node, f.name, 0.0); // older files lack the not_converged counts
    if (const AggNode* top1 = child(*node, "top1_by_model"))
        for (const auto& [id, count] : top1->scalars)
            counts.top1ByModel.emplace_back(id, count);
    return counts;
}

const std::vector<double>* KappaMatrices::variant(const std::string& name) const
{
    for (const auto& [variantName, values] : variants)
        if (variantName == name && values.size() == models.size() * models.size())
            return &values;
    return nullptr;
}

std::optional<KappaMatrices> kappaMatrices(const AggNode& aggregate)
{
    const AggNode* node = child(aggregate, "kappa");
    if (!node)
        return std::nullopt;
    KappaMatrices k;
    if (const auto it = node->textLists.find("models"); it != node->textLists.end())
        k.models = it->second;
    for (const auto& [name, values] : node->vectors)
        k.variants.emplace_back(name, values);
    return k;
}

const AggNode* withoutTop1Filter(const AggNode& aggregate)
{
    return child(aggregate, "no_top1_filter");
}

const AggNode* pairRoleNode(const AggNode& aggregate, const std::string& pairName, int role)
{
    const AggNode* pairs = child(aggregate, "pairs");
    const AggNode* pair = pairs ? child(*pairs, pairName) : nullptr;
    return pair ? child(*pair, role == 0 ? "a" : "b") : nullptr;
}

double scalarOr(const AggNode& node, const std::string& name, double otherwise)
{
    const auto it = node.scalars.find(name);
    return it == node.scalars.end() ? otherwise : it->second;
}

} // namespace interlens
