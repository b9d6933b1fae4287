#include "study/study_findings.h"

#include "common/error.h"
#include "study/findings_stats.h"
#include "study/study_certificate.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <set>

namespace interlens {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

nlohmann::json number(double x)
{
    return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json();
}

nlohmann::json interval(std::pair<double, double> ci)
{
    return nlohmann::json::array({number(ci.first), number(ci.second)});
}

std::string ciText(double value, std::pair<double, double> ci)
{
    return fixedText(value) + " [" + fixedText(ci.first) + ", " + fixedText(ci.second) + "]";
}

// One pair's per-prompt terms, with each prompt as an index into the study-wide list of prompts ("units")
// that the bootstrap resamples, so every pair sees the same resampled prompts.
struct PairTerms
{
    std::string a, b;
    std::size_t i = 0, j = 0;
    std::vector<std::size_t> units;
    std::map<std::string, std::vector<double>> terms;
    double independentKappa = kNaN;
    double pooledCancelShared = kNaN, pooledCancelNonShared = kNaN;

    const std::vector<double>& at(const std::string& name) const { return terms.at(name); }

    double ratio(const std::string& num, const std::string& den, const std::vector<double>& w) const
    {
        double n = 0.0, d = 0.0, weight = 0.0;
        const std::vector<double>& x = at(num);
        const std::vector<double>& y = at(den);
        for (std::size_t k = 0; k < units.size(); ++k) {
            const double wk = w[units[k]];
            weight += wk;
            n += wk * x[k];
            d += wk * y[k];
        }
        if (weight == 0.0)
            return kNaN;
        return d != 0.0 ? n / d : 0.0; // as metrics_kappa: a zero denominator gives 0
    }

    double meanOfRatios(const std::string& num, const std::string& den, const std::vector<double>& w) const
    {
        double sum = 0.0, weight = 0.0;
        const std::vector<double>& x = at(num);
        const std::vector<double>& y = at(den);
        for (std::size_t k = 0; k < units.size(); ++k)
            if (y[k] != 0.0) {
                sum += w[units[k]] * x[k] / y[k];
                weight += w[units[k]];
            }
        return weight > 0.0 ? sum / weight : kNaN;
    }

    double kappa(const std::string& variant, const std::vector<double>& w) const
    {
        const auto both = [&](const std::string& num, const std::string& den) {
            return 0.5 * (ratio(num + "_a", den + "_a", w) + ratio(num + "_b", den + "_b", w));
        };
        if (variant == "kappa")
            return both("num", "den");
        if (variant == "signed_utility")
            return both("signed_num", "u");
        if (variant == "salient_denominator")
            return both("num", "salient_den");
        if (variant == "per_prompt_mean")
            return 0.5 * (meanOfRatios("num_a", "den_a", w) + meanOfRatios("num_b", "den_b", w));
        return ratio("overlap_min", "overlap_max", w); // "overlap"
    }
};

const std::vector<std::string>& variantNames()
{
    static const std::vector<std::string> names = {"signed_utility", "salient_denominator", "per_prompt_mean",
                                                   "overlap"};
    return names;
}

double meanOver(const std::vector<double>& values)
{
    double sum = 0.0;
    std::size_t count = 0;
    for (double v : values)
        if (std::isfinite(v)) {
            sum += v;
            ++count;
        }
    return count ? sum / static_cast<double>(count) : kNaN;
}

std::string joinNames(const std::vector<std::string>& names)
{
    std::string out;
    for (const std::string& n : names)
        out += (out.empty() ? "" : ", ") + n;
    return out;
}

nlohmann::json parsedOptions(const std::string& text)
{
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception&) {
        return text;
    }
}

// One part of F3: shared minus non-shared per prompt, expected below zero.
nlohmann::json pairedPart(const std::string& what, const std::vector<double>& shared,
                          const std::vector<double>& nonShared, double alpha, std::string& verdict)
{
    std::vector<double> differences;
    for (std::size_t x = 0; x < shared.size(); ++x)
        if (std::isfinite(shared[x]) && std::isfinite(nonShared[x]))
            differences.push_back(shared[x] - nonShared[x]);
    const WilcoxonResult w = wilcoxonSignedRank(differences);
    const double meanShared = meanOver(shared), meanNonShared = meanOver(nonShared);
    if (w.n < 2)
        verdict = "inconclusive";
    else if (w.p < alpha)
        verdict = w.rankBiserial < 0.0 ? "supported" : "refuted";
    else
        verdict = "inconclusive";
    nlohmann::json sharedJson = nlohmann::json::array(), nonSharedJson = nlohmann::json::array();
    for (std::size_t x = 0; x < shared.size(); ++x) {
        sharedJson.push_back(number(shared[x]));
        nonSharedJson.push_back(number(nonShared[x]));
    }
    return {{"measure", what},
            {"verdict", verdict},
            {"per_prompt_shared", sharedJson},
            {"per_prompt_non_shared", nonSharedJson},
            {"prompts", differences.size()},
            {"mean_shared", number(meanShared)},
            {"mean_non_shared", number(meanNonShared)},
            {"median_difference", number(w.medianDifference)},
            {"wilcoxon",
             {{"n", w.n},
              {"w_plus", w.wPlus},
              {"w_minus", w.wMinus},
              {"statistic", w.statistic},
              {"z", w.z},
              {"p", w.p},
              {"exact", w.exact}}},
            {"effect_size_rank_biserial", w.rankBiserial}};
}

} // namespace

std::string fixedText(double x, int digits)
{
    if (!std::isfinite(x))
        return "n/a";
    char text[48];
    std::snprintf(text, sizeof text, "%.*f", digits, x);
    return text;
}

std::vector<ModelGroup> parseModelGroups(const std::string& text)
{
    std::vector<ModelGroup> groups;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = std::min(text.find(';', start), text.size());
        const std::string item = text.substr(start, end - start);
        start = end + 1;
        if (item.empty())
            continue;
        const std::size_t colon = item.find(':');
        if (colon == std::string::npos || colon == 0)
            throw InputError("--groups: \"" + item + "\" is not NAME:MODEL,MODEL (e.g. strong:A,B;weak:C,D)");
        ModelGroup g;
        g.name = item.substr(0, colon);
        std::size_t s = colon + 1;
        while (s <= item.size()) {
            const std::size_t e = std::min(item.find(',', s), item.size());
            if (e > s)
                g.models.push_back(item.substr(s, e - s));
            s = e + 1;
        }
        groups.push_back(std::move(g));
    }
    if (groups.empty())
        throw InputError("--groups: \"" + text + "\" names no group (e.g. strong:A,B;weak:C,D)");
    return groups;
}

nlohmann::json computeFindings(const Study& study, const FindingsOptions& options, const std::string& source)
{
    if (options.bootstrap < 1)
        throw InputError("--bootstrap: " + std::to_string(options.bootstrap) +
                         " resamples; give at least 1 (e.g. 2000) for the confidence intervals");
    const AggNode& root = study.aggregate;
    std::vector<std::string> ids;
    for (const StudyModel& m : study.meta.models)
        ids.push_back(m.id);

    // Groups: known models, at least two each, no model twice.
    std::vector<int> labels(ids.size(), -1);
    for (std::size_t g = 0; g < options.groups.size(); ++g) {
        const ModelGroup& group = options.groups[g];
        if (group.models.size() < 2)
            throw InputError("--groups: group \"" + group.name + "\" has " +
                             std::to_string(group.models.size()) +
                             " model; a group needs at least two (κ within it is over its pairs)");
        for (const std::string& model : group.models) {
            const auto it = std::find(ids.begin(), ids.end(), model);
            if (it == ids.end())
                throw InputError(fileMessage(source, "has no model \"" + model + "\" (group \"" + group.name +
                                                         "\"); its models are " + joinNames(ids)));
            const auto k = static_cast<std::size_t>(it - ids.begin());
            if (labels[k] >= 0)
                throw InputError("--groups: model \"" + model + "\" is in two groups");
            labels[k] = static_cast<int>(g);
        }
    }

    const auto filters = root.children.find("filters");
    const double kept = root.scalars.count("kept") ? root.scalars.at("kept") : 0.0;
    if (kept <= 0.0) {
        std::string removed;
        if (filters != root.children.end())
            for (const auto& [name, count] : filters->second.scalars)
                if (count > 0.0 && name != "prompts" && name != "records" && name != "kept")
                    removed += (removed.empty() ? "" : ", ") + name + " " + fixedText(count, 0);
        throw InputError(
            fileMessage(source, "keeps no prompt, so there is nothing to test (removed: " +
                                    (removed.empty() ? std::string("none") : removed) +
                                    "); try another prompt file, --top1 pair, or a lower --min-u "
                                    "with `interlens merge`"));
    }

    // Per pair terms, prompts as study-wide units.
    std::vector<PairTerms> pairs;
    std::map<double, std::size_t> unitOf;
    std::size_t pending = 0;
    const auto pairsNode = root.children.find("pairs");
    for (std::size_t i = 0; i < ids.size(); ++i)
        for (std::size_t j = i + 1; j < ids.size(); ++j) {
            PairTerms p;
            p.a = ids[i];
            p.b = ids[j];
            p.i = i;
            p.j = j;
            if (pairsNode != root.children.end()) {
                const auto node = pairsNode->second.children.find(ids[i] + "__" + ids[j]);
                if (node != pairsNode->second.children.end()) {
                    if (const auto it = node->second.scalars.find("joint_pending");
                        it != node->second.scalars.end())
                        pending += static_cast<std::size_t>(it->second);
                    const auto terms = node->second.children.find("per_prompt");
                    if (terms != node->second.children.end()) {
                        p.terms = terms->second.vectors;
                        for (double index : p.at("index")) {
                            const auto [it, added] = unitOf.emplace(index, unitOf.size());
                            p.units.push_back(it->second);
                        }
                    }
                    double cs = 0.0, cn = 0.0;
                    int roles = 0;
                    for (const char* role : {"a", "b"})
                        if (const auto r = node->second.children.find(role);
                            r != node->second.children.end()) {
                            cs += r->second.scalars.count("cancellation_pooled_shared")
                                      ? r->second.scalars.at("cancellation_pooled_shared")
                                      : kNaN;
                            cn += r->second.scalars.count("cancellation_pooled_non_shared")
                                      ? r->second.scalars.at("cancellation_pooled_non_shared")
                                      : kNaN;
                            ++roles;
                        }
                    if (roles == 2) {
                        p.pooledCancelShared = cs / 2.0;
                        p.pooledCancelNonShared = cn / 2.0;
                    }
                }
            }
            if (const auto k = root.children.find("kappa"); k != root.children.end())
                if (const auto v = k->second.vectors.find("independent_kappa");
                    v != k->second.vectors.end() && v->second.size() == ids.size() * ids.size())
                    p.independentKappa = v->second[i * ids.size() + j];
            pairs.push_back(std::move(p));
        }
    const bool anyTerms =
        std::any_of(pairs.begin(), pairs.end(), [](const PairTerms& p) { return !p.units.empty(); });
    if (!anyTerms) {
        if (pending > 0 || study.meta.shardCount > 1)
            throw InputError(fileMessage(
                source, "has no joint extractions yet (shard " + std::to_string(study.meta.shardIndex) + "/" +
                            std::to_string(study.meta.shardCount) +
                            " or an unfinished run): β needs every prompt, so merge the "
                            "shards (`interlens merge`) or finish the run first"));
        throw InputError(fileMessage(source,
                                     "has no model pair with kept prompts (a study needs two models, and "
                                     "a pair keeps a prompt when both rank the target first)"));
    }

    const std::size_t units = unitOf.size();
    const std::vector<double> ones(units, 1.0);
    const auto replicates = [&](const std::function<double(const std::vector<double>&)>& statistic) {
        return percentileInterval(bootstrapReplicates(units, options.bootstrap, options.seed, statistic),
                                  options.level);
    };

    nlohmann::json out;
    out["study"] = source;
    out["models"] = ids;
    out["prompts_kept"] = kept;
    out["prompts_tested"] = units;
    out["paper_kappa_range"] = {kPaperKappaRange.first, kPaperKappaRange.second};
    out["options"] = {{"bootstrap", options.bootstrap},
                      {"seed", options.seed},
                      {"level", options.level},
                      {"alpha", options.alpha},
                      {"common_threshold", options.commonThreshold}};
    nlohmann::json groupsJson = nlohmann::json::array();
    for (const ModelGroup& g : options.groups)
        groupsJson.push_back({{"name", g.name}, {"models", g.models}});
    out["options"]["groups"] = groupsJson;
    std::vector<PairPrompts> pairPrompts;
    for (const PairTerms& p : pairs)
        pairPrompts.push_back({p.a, p.b, p.units.empty() ? std::vector<double>{} : p.at("index")});
    const FindingsCertificate certificate = findingsCertificate(study, pairPrompts);
    out["protocol"] = {{"run", parsedOptions(study.meta.runOptions)},
                       {"aggregate", parsedOptions(study.meta.aggregateOptions)},
                       {"certificate", certificate.json}};

    // Pairs.
    std::vector<double> pointKappa(pairs.size(), kNaN);
    nlohmann::json pairsJson = nlohmann::json::array();
    for (std::size_t k = 0; k < pairs.size(); ++k) {
        const PairTerms& p = pairs[k];
        nlohmann::json j = {{"a", p.a}, {"b", p.b}, {"prompts", p.units.size()}};
        if (p.units.empty()) {
            j["kappa"] = nullptr;
            j["kappa_ci"] = {nullptr, nullptr};
            j["note"] = "no kept prompt for this pair";
            pairsJson.push_back(j);
            continue;
        }
        pointKappa[k] = p.kappa("kappa", ones);
        j["kappa"] = pointKappa[k];
        j["kappa_ci"] =
            interval(replicates([&](const std::vector<double>& w) { return p.kappa("kappa", w); }));
        j["kappa_a_from_b"] = number(p.ratio("num_a", "den_a", ones));
        j["kappa_b_from_a"] = number(p.ratio("num_b", "den_b", ones));
        nlohmann::json variants;
        for (const std::string& v : variantNames())
            variants[v] = {
                {"value", number(p.kappa(v, ones))},
                {"ci", interval(replicates([&](const std::vector<double>& w) { return p.kappa(v, w); }))}};
        j["variants"] = variants;
        j["independent_kappa"] = number(p.independentKappa);
        j["in_paper_range"] =
            pointKappa[k] >= kPaperKappaRange.first && pointKappa[k] <= kPaperKappaRange.second;
        pairsJson.push_back(j);
    }
    out["pairs"] = pairsJson;

    nlohmann::json findings = nlohmann::json::array();

    // F1: mean κ over pairs.
    {
        const auto meanKappa = [&](const std::vector<double>& w) {
            std::vector<double> values;
            for (const PairTerms& p : pairs)
                if (!p.units.empty())
                    values.push_back(p.kappa("kappa", w));
            return meanOver(values);
        };
        const double mean = meanKappa(ones);
        const auto ci = replicates(meanKappa);
        const std::string verdict = units < options.minPrompts            ? "inconclusive"
                                    : ci.first >= options.commonThreshold ? "supported"
                                    : ci.second < options.commonThreshold ? "refuted"
                                                                          : "inconclusive";
        std::size_t inRange = 0, measured = 0;
        for (double k : pointKappa)
            if (std::isfinite(k)) {
                ++measured;
                inRange += k >= kPaperKappaRange.first && k <= kPaperKappaRange.second;
            }
        findings.push_back(
            {{"id", "F1"},
             {"claim", "sharing is common"},
             {"verdict", verdict},
             {"mean_kappa", number(mean)},
             {"mean_kappa_ci", interval(ci)},
             {"threshold", options.commonThreshold},
             {"pairs", measured},
             {"pairs_in_paper_range", inRange},
             {"paper_kappa_range", {kPaperKappaRange.first, kPaperKappaRange.second}},
             {"statement",
              "mean κ over " + std::to_string(measured) + " pairs = " + ciText(mean, ci) + " (" +
                  fixedText(100 * options.level, 0) + " % bootstrap CI over " + std::to_string(units) +
                  " prompts); " + verdict + " against the threshold " +
                  fixedText(options.commonThreshold, 2) +
                  (units < options.minPrompts
                       ? " (fewer than " + std::to_string(options.minPrompts) + " prompts: no verdict)"
                       : std::string()) +
                  "; the paper reports 60.99–77.46 % between advanced LLMs, " + std::to_string(inRange) +
                  " of our pairs lie in that range"}});
    }

    // F2: within the first group minus across groups.
    {
        nlohmann::json f2 = {{"id", "F2"}, {"claim", "stronger models share more"}};
        const auto meanWhere = [&](const std::vector<int>& lab, const std::vector<double>& kappas,
                                   auto&& keep) {
            std::vector<double> values;
            for (std::size_t k = 0; k < pairs.size(); ++k)
                if (std::isfinite(kappas[k]) && keep(lab[pairs[k].i], lab[pairs[k].j]))
                    values.push_back(kappas[k]);
            return meanOver(values);
        };
        const auto within = [](int g) { return [g](int x, int y) { return x == g && y == g; }; };
        const auto across = [](int x, int y) { return x >= 0 && y >= 0 && x != y; };
        const auto difference = [&](const std::vector<int>& lab, const std::vector<double>& kappas) {
            return meanWhere(lab, kappas, within(0)) - meanWhere(lab, kappas, across);
        };
        if (options.groups.size() < 2) {
            f2["verdict"] = "inconclusive";
            f2["statement"] = options.groups.empty()
                                  ? "inconclusive: no groups (give --groups \"strong:A,B;weak:C,D\", the "
                                    "stronger group first)"
                                  : "inconclusive: one group only; give at least two (the stronger first)";
        } else {
            const auto kappasAt = [&](const std::vector<double>& w) {
                std::vector<double> values(pairs.size(), kNaN);
                for (std::size_t k = 0; k < pairs.size(); ++k)
                    if (!pairs[k].units.empty())
                        values[k] = pairs[k].kappa("kappa", w);
                return values;
            };
            nlohmann::json perGroup = nlohmann::json::array();
            for (std::size_t g = 0; g < options.groups.size(); ++g) {
                const auto statistic = [&](const std::vector<double>& w) {
                    return meanWhere(labels, kappasAt(w), within(static_cast<int>(g)));
                };
                const double value = statistic(ones);
                perGroup.push_back({{"name", options.groups[g].name},
                                    {"models", options.groups[g].models},
                                    {"kappa_within", number(value)},
                                    {"kappa_within_ci", interval(replicates(statistic))}});
            }
            const double acrossValue = meanWhere(labels, pointKappa, across);
            const auto acrossCi = replicates(
                [&](const std::vector<double>& w) { return meanWhere(labels, kappasAt(w), across); });
            const double diff = difference(labels, pointKappa);
            const auto diffCi =
                replicates([&](const std::vector<double>& w) { return difference(labels, kappasAt(w)); });
            PermutationResult perm = permutationTest(
                labels, [&](const std::vector<int>& lab) { return difference(lab, pointKappa); }, 20000,
                20000, options.seed);
            if (!std::isfinite(diff))
                perm.p = kNaN; // no pair within the first group or across has a kept prompt
            std::string verdict = "inconclusive";
            if (!std::isfinite(diff) || units < options.minPrompts)
                verdict = "inconclusive";
            else if (diffCi.first > 0.0 && perm.p < options.alpha)
                verdict = "supported";
            else if (diffCi.second < 0.0)
                verdict = "refuted";
            std::string why;
            if (units < options.minPrompts)
                why = "; fewer than " + std::to_string(options.minPrompts) + " prompts";
            else if (verdict == "inconclusive" && perm.smallestP >= options.alpha)
                why = "; with these groups no relabelling test can reach p < " + fixedText(options.alpha, 2) +
                      " (smallest possible p = " + fixedText(perm.smallestP) + ")";
            f2["verdict"] = verdict;
            f2["groups"] = perGroup;
            f2["kappa_across"] = number(acrossValue);
            f2["kappa_across_ci"] = interval(acrossCi);
            f2["difference"] = number(diff);
            f2["difference_ci"] = interval(diffCi);
            f2["permutation"] = {{"p", number(perm.p)},
                                 {"permutations", perm.permutations},
                                 {"exact", perm.exact},
                                 {"smallest_p", perm.smallestP},
                                 {"one_sided", "within the first group > across"}};
            f2["statement"] =
                "κ within \"" + options.groups[0].name +
                "\" minus κ across groups = " + ciText(diff, diffCi) +
                ", permutation p = " + fixedText(perm.p) + " (" + std::to_string(perm.permutations) +
                (perm.exact ? " relabellings, exact" : " random relabellings") + "); " + verdict + why;
        }
        findings.push_back(f2);
    }

    // F3: per prompt, shared vs non-shared (averaged over the pairs keeping the prompt and both roles).
    {
        const auto perPrompt = [&](const std::string& measure, const std::string& set) {
            std::vector<double> sum(units, 0.0), count(units, 0.0);
            for (const PairTerms& p : pairs)
                for (const char* role : {"_a", "_b"}) {
                    if (p.units.empty())
                        continue;
                    const std::vector<double>& values = p.at(measure + "_" + set + role);
                    for (std::size_t k = 0; k < p.units.size(); ++k)
                        if (std::isfinite(values[k])) {
                            sum[p.units[k]] += values[k];
                            count[p.units[k]] += 1.0;
                        }
                }
            std::vector<double> out(units, kNaN);
            for (std::size_t x = 0; x < units; ++x)
                if (count[x] > 0.0)
                    out[x] = sum[x] / count[x];
            return out;
        };
        std::string orderVerdict, cancelVerdict; // pairedPart: n < 2 or not significant -> inconclusive
        const nlohmann::json order =
            pairedPart("mean_order", perPrompt("order", "shared"), perPrompt("order", "non_shared"),
                       options.alpha, orderVerdict);
        nlohmann::json cancel = pairedPart("cancellation_ratio", perPrompt("cancel", "shared"),
                                           perPrompt("cancel", "non_shared"), options.alpha, cancelVerdict);
        std::vector<double> pooledShared, pooledNonShared;
        for (const PairTerms& p : pairs) {
            pooledShared.push_back(p.pooledCancelShared);
            pooledNonShared.push_back(p.pooledCancelNonShared);
        }
        cancel["pooled_variant"] = {{"mean_shared", number(meanOver(pooledShared))},
                                    {"mean_non_shared", number(meanOver(pooledNonShared))},
                                    {"note",
                                     "Pos/Neg summed over prompts before the ratio (signs of different "
                                     "prompts cancel); mean over pairs and roles; not tested"}};
        const std::string verdict = (orderVerdict == "refuted" || cancelVerdict == "refuted") ? "refuted"
                                    : (orderVerdict == "supported" && cancelVerdict == "supported")
                                        ? "supported"
                                        : "inconclusive";
        const auto valueOf = [](const nlohmann::json& x) { return x.is_number() ? x.get<double>() : kNaN; };
        const auto part = [&](const nlohmann::json& j) {
            return j.at("measure").get<std::string>() + " shared " + fixedText(valueOf(j["mean_shared"])) +
                   " vs non-shared " + fixedText(valueOf(j["mean_non_shared"])) +
                   " (Wilcoxon p = " + fixedText(j["wilcoxon"]["p"].get<double>()) +
                   ", n = " + std::to_string(j["wilcoxon"]["n"].get<std::size_t>()) +
                   ", r = " + fixedText(j["effect_size_rank_biserial"].get<double>(), 2) + ": " +
                   j["verdict"].get<std::string>() + ")";
        };
        findings.push_back({{"id", "F3"},
                            {"claim", "shared interactions are lower-order and cancel less"},
                            {"verdict", verdict},
                            {"order", order},
                            {"cancellation", cancel},
                            {"statement", part(order) + "; " + part(cancel)}});
    }
    // Each finding names the joint extractions its numbers rest on (F2: the pairs inside the groups) and says
    // when some of them did not converge.
    const bool certified = certificate.json["certified"].get<bool>();
    for (nlohmann::json& f : findings) {
        const bool grouped = f["id"] == "F2";
        if (grouped && options.groups.size() < 2)
            continue;
        ExtractionTally inputs;
        for (std::size_t k = 0; k < pairs.size(); ++k)
            if (!grouped || (labels[pairs[k].i] >= 0 && labels[pairs[k].j] >= 0))
                inputs.add(certificate.pairs[k]);
        f["extraction"] = "joint";
        f["extractions"] = tallyJson(inputs, !certified);
        f["statement"] = f["statement"].get<std::string>() + findingCertificateNote(inputs);
    }
    out["findings"] = findings;
    return out;
}

} // namespace interlens
