#include "study/study_options.h"

#include "common/error.h"
#include "explain/request_key.h"
#include "interactions/metrics_json.h"
#include "interactions/sparsify.h"
#include "store/key_text.h"

#include <nlohmann/json.hpp>

namespace interlens {

ExplainRequest studyExplainRequest(const StudyRunOptions& options)
{
    ExplainRequest request;
    request.modelDirs = options.modelDirs;
    request.device = options.device;
    request.seed = options.seed;
    request.baseline = options.baseline;
    request.maxPlayers = options.maxPlayers;
    request.plainScoring = options.plainScoring;
    request.single.mode = request.joint.mode = options.mode;
    // The pairwise joint extractions are the study's second pass (study_joint_pass.h).
    request.jointPairs = false;
    return request;
}

namespace {

// A study's own run options as its file stores them (with the request's settings beside them, under
// "request"). The model folders are left out: shards on different nodes may see them under different paths;
// the models are compared by their fingerprints (StudyMeta::models) instead.
const std::vector<OptionField<StudyRunOptions>>& runOptionFields()
{
    using O = StudyRunOptions;
    static const std::vector<OptionField<O>> fields = {
        {"players", [](const O& o) { return o.players; }},
        {"seed", [](const O& o) { return o.seed; }},
        {"baseline", [](const O& o) { return o.baseline; }},
        // method.md §2.4: the learned baseline is trained on the study's own prompts (every prompt of the
        // file).
        {"baseline_training",
         [](const O& o) { return std::string(o.baseline == "learned" ? "study_prompts" : "none"); }},
        {"mode", [](const O& o) { return std::string(sparsifyModeName(o.mode)); }},
        {"scoring", [](const O& o) { return std::string(o.plainScoring ? "plain" : "trie"); }},
        {"score_all", [](const O& o) { return o.scoreAll; }},
        {"top1_prefilter", [](const O& o) { return o.top1; }},
        // β of the joint extraction (method.md §4): pthres · mean u over the prompts a pair keeps (two
        // passes).
        {"beta", [](const O&) { return std::string("0.5*mean_u_over_pair_kept"); }},
        {"max_players", [](const O& o) { return o.maxPlayers; }},
        {"dtype", [](const O& o) { return precisionName(o.device.precision); }},
    };
    return fields;
}

// A value as JSON keeps its type: numbers and booleans stay numbers and booleans.
nlohmann::json jsonValue(const OptionValue& value)
{
    return std::visit([](const auto& v) { return nlohmann::json(v); }, value);
}

} // namespace

std::string runOptionsJson(const StudyRunOptions& options)
{
    nlohmann::json j = nlohmann::json::object();
    for (const OptionField<StudyRunOptions>& field : runOptionFields())
        j[field.name] = jsonValue(field.value(options));
    nlohmann::json& request = j["request"] = nlohmann::json::object();
    for (const RequestKeyField& field : requestKeyFields(studyExplainRequest(options), {}))
        if (field.scope == KeyScope::Setting)
            request[field.name] = field.value;
    return j.dump(); // nlohmann::json objects keep their keys sorted: the text is canonical
}

std::string aggregateOptionsJson(const StudyAggregateOptions& options)
{
    const nlohmann::json j = {
        {"min_utility", options.minUtility},    {"require_top1", options.requireTop1}, {"top1", options.top1},
        {"cancellation", options.cancellation}, {"shared", toJson(options.shared)},
    };
    return j.dump();
}

StudyAggregateOptions aggregateOptionsFromJson(const std::string& text)
{
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        throw InputError(std::string("study aggregate options: not JSON: ") + e.what());
    }
    if (!j.is_object())
        throw InputError("study aggregate options: must be a JSON object");
    StudyAggregateOptions options;
    try {
        options.minUtility = j.value("min_utility", options.minUtility);
        options.requireTop1 = j.value("require_top1", options.requireTop1);
        // Files from before these options had every model's top-1 and pooled cancellation.
        options.top1 = checkedTop1Scope(j.value("top1", std::string("all")), "study aggregate options: top1");
        options.cancellation = j.value("cancellation", std::string("pooled"));
        if (options.cancellation != "per_prompt" && options.cancellation != "pooled")
            throw InputError("study aggregate options: cancellation \"" + options.cancellation +
                             "\" is not per_prompt or pooled");
    } catch (const nlohmann::json::exception& e) {
        throw InputError(std::string("study aggregate options: ") + e.what());
    }
    if (j.contains("shared"))
        options.shared = sharedOptionsFromJson(j.at("shared"));
    return options;
}

std::string checkedTop1Scope(const std::string& text, const std::string& what)
{
    if (text != "pair" && text != "all")
        throw InputError(what + ": \"" + text + "\" is not pair or all");
    return text;
}

namespace {

// The first key whose values differ, as "key: a vs b"; plain values before nested objects, whose differences
// are named by their dotted path ("request.seed: ..."), so the message names the setting, not a whole object.
std::string firstDifference(const nlohmann::json& a, const nlohmann::json& b, const std::string& prefix)
{
    for (const bool nested : {false, true}) {
        for (auto it = a.begin(); it != a.end(); ++it) {
            if (it.value().is_object() != nested)
                continue;
            const auto other = b.find(it.key());
            if (other == b.end())
                return prefix + it.key() + ": " + it.value().dump() + " vs (absent)";
            if (*other == it.value())
                continue;
            if (nested && other->is_object())
                return firstDifference(it.value(), *other, prefix + it.key() + ".");
            return prefix + it.key() + ": " + it.value().dump() + " vs " + other->dump();
        }
    }
    for (auto it = b.begin(); it != b.end(); ++it)
        if (!a.contains(it.key()))
            return prefix + it.key() + ": (absent) vs " + it.value().dump();
    return {};
}

} // namespace

std::string firstOptionDifference(const std::string& a, const std::string& b)
{
    if (a == b)
        return {};
    nlohmann::json ja, jb;
    try {
        ja = nlohmann::json::parse(a);
        jb = nlohmann::json::parse(b);
    } catch (const nlohmann::json::exception&) {
        return "options: " + a + " vs " + b;
    }
    if (ja.is_object() && jb.is_object())
        if (std::string d = firstDifference(ja, jb, ""); !d.empty())
            return d;
    return "options: " + a + " vs " + b;
}

} // namespace interlens
