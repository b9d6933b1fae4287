#include "study/study_aggregate.h"

#include "interactions/metrics_faithfulness.h"
#include "interactions/metrics_kappa.h"
#include "interactions/metrics_order.h"
#include "interactions/metrics_sparsity.h"
#include "study/study_prompt_terms.h"

#include <cmath>
#include <limits>

namespace interlens {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void putOrder(AggNode& node, const std::string& prefix, const OrderStats& stats)
{
    node.vectors[prefix + "_pos"] = stats.pos;
    node.vectors[prefix + "_neg"] = stats.neg;
}

void putCancellation(AggNode& node, const std::string& set, const OrderStats& values)
{
    const Cancellation c = cancellationOf(values);
    node.vectors["cancellation_" + set] = c.ratioByOrder;
    node.scalars["cancellation_pooled_" + set] = c.pooledRatio;
    node.vectors["balance_" + set] = c.balanceByOrder;
    node.scalars["balance_pooled_" + set] = c.pooledBalance;
}

void putCountStrength(AggNode& node, const std::string& set, const CountStrength& cs)
{
    node.scalars[set + "_count_mean"] = cs.meanCount;
    node.scalars[set + "_strength_mean"] = cs.meanStrength;
    node.scalars[set + "_total"] = static_cast<double>(cs.total);
    node.vectors[set + "_count_by_order"] = cs.meanCountByOrder;
    node.vectors[set + "_strength_by_order"] = cs.meanStrengthByOrder;
}

// A sparsity curve with P·2·2^n points is too long to keep per model; keep about 512 log-spaced ranks of it
// (always the first and the last), enough to draw it on a log axis.
void putSparsity(AggNode& node, const SparsityCurve& curve)
{
    node.scalars["sparsity_max"] = curve.max;
    node.scalars["sparsity_threshold"] = curve.threshold;
    node.scalars["sparsity_count_above"] = static_cast<double>(curve.countAbove);
    node.scalars["sparsity_points"] = static_cast<double>(curve.pooledSorted.size());
    std::vector<double> ranks, values;
    const std::size_t size = curve.pooledSorted.size();
    std::size_t last = std::numeric_limits<std::size_t>::max();
    for (int k = 0; k < 512 && size > 0; ++k) {
        const double t = static_cast<double>(k) / 511.0;
        const auto rank = static_cast<std::size_t>(std::llround(std::pow(static_cast<double>(size), t))) - 1;
        const std::size_t r = std::min(rank, size - 1);
        if (r == last)
            continue;
        last = r;
        ranks.push_back(static_cast<double>(r));
        values.push_back(curve.pooledSorted[r]);
    }
    node.vectors["sparsity_rank"] = ranks;
    node.vectors["sparsity_value"] = values;
    node.vectors["sparsity_rank_mean"] = curve.rankMean;
    node.vectors["sparsity_rank_std"] = curve.rankStd;
}

// Fig. 3 / Fig. 4 / cancellation for one model of a pair (or a model alone: shared empty).
AggNode roleNode(const std::string& id, const PairSharing& sharing, std::size_t role, int n)
{
    AggNode node;
    node.texts["model"] = id;
    const std::vector<SalientSet>& salient = role == 0 ? sharing.salientA : sharing.salientB;
    const OrderBreakdown values = orderBreakdown(salient, sharing.shared, role, n, OrderStatKind::Value);
    const OrderBreakdown counts = orderBreakdown(salient, sharing.shared, role, n, OrderStatKind::Count);
    putOrder(node, "order_value_all", values.all);
    putOrder(node, "order_value_shared", values.shared);
    putOrder(node, "order_value_non_shared", values.nonShared);
    putOrder(node, "order_count_all", counts.all);
    putOrder(node, "order_count_shared", counts.shared);
    putOrder(node, "order_count_non_shared", counts.nonShared);
    putCancellation(node, "all", values.all);
    putCancellation(node, "shared", values.shared);
    putCancellation(node, "non_shared", values.nonShared);
    const SharedCountStrength cs = sharedCountStrengthOf(salient, sharing.shared, role, n);
    putCountStrength(node, "shared", cs.shared);
    putCountStrength(node, "non_shared", cs.nonShared);
    putCountStrength(node, "salient", countStrengthOf(salient, n));
    node.scalars["scale"] = role == 0 ? sharing.scaleA : sharing.scaleB;
    return node;
}

struct Kept
{
    std::vector<const PromptRecord*> records;
    int n = 0;
};

AggNode aggregateKept(const StudyMeta& meta, const Kept& kept, const StudyAggregateOptions& options)
{
    AggNode root;
    const std::size_t models = meta.models.size();
    const std::size_t prompts = kept.records.size();
    root.scalars["kept"] = static_cast<double>(prompts);
    root.scalars["players"] = kept.n;
    std::vector<double> indices;
    for (const PromptRecord* r : kept.records)
        indices.push_back(static_cast<double>(r->prompt.index));
    root.vectors["kept_indices"] = indices;
    if (prompts == 0)
        return root;

    // Per model: the single-model ("independent") decompositions.
    // With top1 = "pair" each model has its own kept prompts (those where it passes the filters).
    std::vector<std::vector<ModelPrompt>> single(models);
    std::vector<std::vector<const PromptRecord*>> modelRecords(models);
    for (std::size_t i = 0; i < models; ++i)
        for (const PromptRecord* r : kept.records)
            if (keptForModel(*r, i, options)) {
                single[i].push_back({r->models[i].iAnd, r->models[i].iOr, r->models[i].v});
                modelRecords[i].push_back(r);
            }
    AggNode& modelsNode = root.children["models"];
    for (std::size_t i = 0; i < models; ++i) {
        if (single[i].empty())
            continue;
        const PairSharing alone = sharePair(single[i], single[i], options.shared);
        AggNode node = roleNode(meta.models[i].id, alone, 0, kept.n);
        // Shared with itself is everything: keep only what means something for one model.
        for (const char* prefix : {"order_value_shared", "order_value_non_shared", "order_count_shared",
                                   "order_count_non_shared"}) {
            node.vectors.erase(std::string(prefix) + "_pos");
            node.vectors.erase(std::string(prefix) + "_neg");
        }
        for (const char* set : {"shared", "non_shared"}) {
            node.vectors.erase(std::string("cancellation_") + set);
            node.vectors.erase(std::string("balance_") + set);
            node.scalars.erase(std::string("cancellation_pooled_") + set);
            node.scalars.erase(std::string("balance_pooled_") + set);
            for (const char* what : {"_count_mean", "_strength_mean", "_total"})
                node.scalars.erase(std::string(set) + what);
            for (const char* what : {"_count_by_order", "_strength_by_order"})
                node.vectors.erase(std::string(set) + what);
        }
        putSparsity(node, sparsityCurveOf(single[i]));
        double sumU = 0.0, sumAbsU = 0.0;
        for (const PromptRecord* r : modelRecords[i]) {
            sumU += r->models[i].u;
            sumAbsU += std::abs(r->models[i].u);
        }
        const auto modelPrompts = static_cast<double>(modelRecords[i].size());
        node.scalars["prompts"] = modelPrompts;
        node.scalars["mean_u"] = sumU / modelPrompts;
        node.scalars["mean_abs_u"] = sumAbsU / modelPrompts;
        const Faithfulness f = faithfulnessOf(single[i], alone.salientA);
        node.scalars["unfaithfulness"] = f.unfaithfulness;
        modelsNode.children[meta.models[i].id] = std::move(node);
    }

    // κ matrices (row i, column j: entry i*M + j); the diagonal is NaN (a model with itself is not an edge).
    AggNode& kappaNode = root.children["kappa"];
    std::vector<std::string> ids;
    for (const StudyModel& m : meta.models)
        ids.push_back(m.id);
    kappaNode.textLists["models"] = ids;
    const std::vector<std::string> names = {
        "kappa",   "kappa_directed", "signed_utility",         "salient_denominator", "per_prompt_mean",
        "overlap", "shared_count",   "sign_disagreement_rate", "independent_kappa",   "independent_overlap"};
    for (const std::string& name : names)
        kappaNode.vectors[name] = std::vector<double>(models * models, kNaN);
    const auto set = [&](const std::string& name, std::size_t i, std::size_t j, double value) {
        kappaNode.vectors[name][i * models + j] = value;
    };

    AggNode& pairsNode = root.children["pairs"];
    std::size_t pairIndex = 0;
    for (std::size_t i = 0; i < models; ++i)
        for (std::size_t j = i + 1; j < models; ++j, ++pairIndex) {
            // The pair's kept prompts (its own top-1 and |u| with top1 = "pair"), from the single-model
            // extraction (independent κ) and from the joint one where its pass has run (joint_pending counts
            // the others).
            std::vector<ModelPrompt> a, b, singleA, singleB;
            std::vector<double> pairIndices;
            std::size_t pending = 0;
            for (const PromptRecord* r : kept.records) {
                if (!keptForPair(*r, i, j, options))
                    continue;
                singleA.push_back({r->models[i].iAnd, r->models[i].iOr, r->models[i].v});
                singleB.push_back({r->models[j].iAnd, r->models[j].iOr, r->models[j].v});
                const PairResult* p = pairIndex < r->pairs.size() ? &r->pairs[pairIndex] : nullptr;
                if (!p || p->iAndA.empty()) {
                    ++pending;
                    continue;
                }
                a.push_back({p->iAndA, p->iOrA, r->models[i].v});
                b.push_back({p->iAndB, p->iOrB, r->models[j].v});
                pairIndices.push_back(static_cast<double>(r->prompt.index));
            }
            if (!singleA.empty()) {
                const KappaResult independent = kappaOf(singleA, singleB, options.shared);
                for (const auto& [x, y] : {std::pair{i, j}, std::pair{j, i}}) {
                    set("independent_kappa", x, y, independent.kappa);
                    set("independent_overlap", x, y, independent.overlap);
                }
            }
            if (a.empty()) {
                AggNode node;
                node.texts["a"] = ids[i];
                node.texts["b"] = ids[j];
                node.scalars["prompts"] = 0.0;
                node.scalars["joint_pending"] = static_cast<double>(pending);
                pairsNode.children[ids[i] + "__" + ids[j]] = std::move(node);
                continue;
            }
            const PairSharing sharing = sharePair(a, b, options.shared);
            const KappaResult k = kappaOf(a, b, sharing);
            AggNode node;
            node.texts["a"] = ids[i];
            node.texts["b"] = ids[j];
            node.scalars["prompts"] = static_cast<double>(k.prompts);
            node.scalars["kappa"] = k.kappa;
            node.scalars["kappa_a_from_b"] = k.aFromB.primary;
            node.scalars["kappa_b_from_a"] = k.bFromA.primary;
            node.scalars["kappa_signed_utility"] = k.signedUtility;
            node.scalars["kappa_salient_denominator"] = k.salientDenominator;
            node.scalars["kappa_per_prompt_mean"] = k.perPromptMean;
            node.scalars["kappa_overlap"] = k.overlap;
            node.scalars["shared_count"] = static_cast<double>(k.sharedCount);
            node.scalars["sign_disagreements"] = static_cast<double>(k.signDisagreements);
            node.scalars["sign_disagreement_rate"] = k.signDisagreementRate;
            node.scalars["joint_pending"] = static_cast<double>(pending);
            node.children["a"] = roleNode(ids[i], sharing, 0, kept.n);
            node.children["b"] = roleNode(ids[j], sharing, 1, kept.n);
            AggNode terms = promptTerms(a, b, sharing);
            terms.vectors["index"] = pairIndices;
            for (const char* role : {"a", "b"})
                for (const char* set : {"shared", "non_shared"})
                    node.children[role].scalars[std::string("cancellation_per_prompt_") + set] =
                        meanPromptCancellation(terms, set, role);
            node.children["per_prompt"] = std::move(terms);
            const std::vector<TransferPoint> transfer = topKTransfer(a, b, defaultTransferFractions());
            AggNode& t = node.children["transfer"];
            for (const TransferPoint& point : transfer) {
                t.vectors["fraction"].push_back(point.fraction);
                t.vectors["k"].push_back(static_cast<double>(point.k));
                t.vectors["and_overlap"].push_back(point.andOverlap);
                t.vectors["or_overlap"].push_back(point.orOverlap);
            }
            pairsNode.children[ids[i] + "__" + ids[j]] = std::move(node);

            for (const auto& [x, y, from] : {std::tuple{i, j, &k.aFromB}, std::tuple{j, i, &k.bFromA}}) {
                set("kappa", x, y, k.kappa);
                set("kappa_directed", x, y, from->primary);
                set("signed_utility", x, y, k.signedUtility);
                set("salient_denominator", x, y, k.salientDenominator);
                set("per_prompt_mean", x, y, k.perPromptMean);
                set("overlap", x, y, k.overlap);
                set("shared_count", x, y, static_cast<double>(k.sharedCount));
                set("sign_disagreement_rate", x, y, k.signDisagreementRate);
            }
        }
    return root;
}

} // namespace

bool keptForAggregate(const PromptRecord& record, const StudyAggregateOptions& options, std::string* why)
{
    const auto no = [&](const std::string& reason) {
        if (why)
            *why = reason;
        return false;
    };
    if (record.status == PromptStatus::Failed)
        return no(record.filter.empty() ? "error" : record.filter);
    if (record.status == PromptStatus::Skipped)
        return no(record.filter);
    if (options.top1 == "pair") {
        // Some pair must pass (the only model, in a one-model study).
        const std::size_t needed = std::min<std::size_t>(2, record.models.size());
        std::size_t top1 = 0, passing = 0;
        for (const ModelResult& m : record.models) {
            top1 += !options.requireTop1 || m.top1();
            passing += (!options.requireTop1 || m.top1()) && std::abs(m.u) >= options.minUtility;
        }
        if (top1 < needed)
            return no("top1");
        return passing >= needed ? true : no("small_u");
    }
    if (options.requireTop1)
        for (const ModelResult& m : record.models)
            if (!m.top1())
                return no("top1");
    for (const ModelResult& m : record.models)
        if (!(std::abs(m.u) >= options.minUtility))
            return no("small_u");
    return true;
}

bool keptForModel(const PromptRecord& record, std::size_t i, const StudyAggregateOptions& options)
{
    if (i >= record.models.size() || !keptForAggregate(record, options))
        return false;
    const ModelResult& m = record.models[i];
    return (!options.requireTop1 || m.top1()) && std::abs(m.u) >= options.minUtility;
}

bool keptForPair(const PromptRecord& record, std::size_t i, std::size_t j,
                 const StudyAggregateOptions& options)
{
    return keptForModel(record, i, options) && keptForModel(record, j, options);
}

AggNode aggregateStudy(const StudyMeta& meta, const std::vector<PromptRecord>& records,
                       const StudyAggregateOptions& options)
{
    AggNode filters;
    for (const char* name :
         {"pending", "stop_word_target", "top1", "players", "small_u", "model_error", "error"})
        filters.scalars[name] = 0.0;
    Kept kept;
    kept.n = 0;
    std::vector<bool> seen(static_cast<std::size_t>(std::max<std::int64_t>(meta.promptCount, 0)), false);
    std::size_t scoredNotTop1 = 0;
    AggNode top1;
    for (const StudyModel& m : meta.models)
        top1.scalars[m.id] = 0.0;
    std::vector<const PromptRecord*> anyTop1Scored;
    for (const PromptRecord& r : records) {
        if (r.prompt.index >= 0 && static_cast<std::size_t>(r.prompt.index) < seen.size())
            seen[static_cast<std::size_t>(r.prompt.index)] = true;
        for (const ModelResult& m : r.models)
            if (m.top1() && top1.scalars.count(m.id))
                top1.scalars[m.id] += 1.0;
        std::string why;
        if (keptForAggregate(r, options, &why)) {
            kept.records.push_back(&r);
            kept.n = static_cast<int>(r.playerWords.size());
        } else {
            filters.scalars[why] += 1.0;
            if (why == "top1" && r.status == PromptStatus::Done)
                ++scoredNotTop1;
        }
    }
    for (bool s : seen)
        if (!s)
            filters.scalars["pending"] += 1.0;
    filters.scalars["kept"] = static_cast<double>(kept.records.size());
    // Scored prompts whose extraction is not certified to the solver's tolerance (all and kept).
    filters.scalars["not_converged"] = 0.0;
    filters.scalars["not_converged_kept"] = 0.0;
    for (const PromptRecord& r : records)
        if (r.status == PromptStatus::Done && !r.solverConverged())
            filters.scalars["not_converged"] += 1.0;
    for (const PromptRecord* r : kept.records)
        if (!r->solverConverged())
            filters.scalars["not_converged_kept"] += 1.0;
    filters.scalars["records"] = static_cast<double>(records.size());
    filters.scalars["prompts"] = static_cast<double>(meta.promptCount);
    filters.children["top1_by_model"] = std::move(top1);

    AggNode root = aggregateKept(meta, kept, options);
    root.children["filters"] = std::move(filters);
    if (options.requireTop1 && scoredNotTop1 > 0) {
        StudyAggregateOptions loose = options;
        loose.requireTop1 = false;
        Kept all;
        for (const PromptRecord& r : records)
            if (keptForAggregate(r, loose)) {
                all.records.push_back(&r);
                all.n = static_cast<int>(r.playerWords.size());
            }
        root.children["no_top1_filter"] = aggregateKept(meta, all, loose);
    }
    return root;
}

} // namespace interlens
