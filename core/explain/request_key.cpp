#include "explain/request_key.h"

#include "common/error.h"
#include "common/json_file.h"
#include "common/regular_file.h"
#include "model/model_facts.h"
#include "store/key_text.h"

#include <QCryptographicHash>
#include <QFile>

#include <nlohmann/json.hpp>

#include <filesystem>

namespace interlens {

namespace {

// The sentences a learned baseline is trained on, as one hash (their count and each one's bytes).
std::string sentencesDigest(const std::vector<std::string>& sentences)
{
    KeyText text("sentences");
    for (const std::string& s : sentences)
        text.add("sentence", s);
    return text.sha256();
}

// The fields SparsifyOptions and JointOptions share, where both keys list them: the mode first, the
// optimiser's settings (reference and solver) last.
template <class O> OptionField<O> modeField()
{
    return {"mode", [](const O& o) { return std::string(sparsifyModeName(o.mode)); }};
}

template <class O> std::vector<OptionField<O>> withOptimiserFields(std::vector<OptionField<O>> fields)
{
    fields.insert(fields.end(), {
                                    {"learning_rate", [](const O& o) { return o.learningRate; }},
                                    {"iterations", [](const O& o) { return o.iterations; }},
                                    {"tolerance", [](const O& o) { return o.tolerance; }},
                                    {"max_iterations", [](const O& o) { return o.maxIterations; }},
                                });
    return fields;
}

const std::vector<OptionField<SparsifyOptions>>& singleOptionFields()
{
    using S = SparsifyOptions;
    static const std::vector<OptionField<S>> fields = withOptimiserFields<S>({
        modeField<S>(),
        {"q_threshold", [](const S& s) { return s.qThreshold; }},
        {"q_bound", [](const S& s) { return s.qBound; }},
    });
    return fields;
}

const std::vector<OptionField<JointOptions>>& jointOptionFields()
{
    using J = JointOptions;
    static const std::vector<OptionField<J>> fields = withOptimiserFields<J>({
        modeField<J>(),
        {"alpha", [](const J& j) { return j.alpha; }},
        {"q_threshold", [](const J& j) { return j.qThreshold; }},
        {"p_threshold", [](const J& j) { return j.pThreshold; }},
        {"average_output", [](const J& j) { return j.averageOutput; }},
    });
    return fields;
}

const std::vector<OptionField<LearnedBaselineOptions>>& learnedBaselineFields()
{
    using L = LearnedBaselineOptions;
    static const std::vector<OptionField<L>> fields = {
        {"epochs", [](const L& l) { return l.epochs; }},
        {"learning_rate", [](const L& l) { return l.learningRate; }},
        {"momentum", [](const L& l) { return l.momentum; }},
        {"draws_per_sentence", [](const L& l) { return l.drawsPerSentence; }},
        {"players_per_sentence", [](const L& l) { return l.playersPerSentence; }},
        {"seed", [](const L& l) { return l.seed; }},
    };
    return fields;
}

} // namespace

std::string tokenizerFileHash(const std::string& dir)
{
    for (const char* name : {"tokenizer.json", "tokenizer.json.gz"}) {
        QFile file(QString::fromStdString((std::filesystem::path(dir) / name).string()));
        if (file.exists())
            checkRegularFile(file.fileName().toStdString(), kMaxTokenizerBytes, "a tokenizer file");
        if (file.open(QIODevice::ReadOnly)) {
            QCryptographicHash hash(QCryptographicHash::Sha256);
            hash.addData(&file);
            return hash.result().toHex().toStdString();
        }
    }
    return {};
}

ModelFolderIdentity modelFolderIdentity(const std::string& dir)
{
    ModelFolderIdentity identity;
    try {
        identity.weightsFingerprint = checkpointFingerprint(dir);
        readJsonFile((std::filesystem::path(dir) / "config.json").string(), &identity.configHash);
        identity.tokenizerHash = tokenizerFileHash(dir);
    } catch (const std::exception& e) {
        identity.error = e.what();
    }
    return identity;
}

std::vector<RequestKeyField> requestKeyFields(const ExplainRequest& r,
                                              const std::vector<ModelFolderIdentity>& models)
{
    std::vector<RequestKeyField> f;
    const auto add = [&](std::string name, std::string value, KeyScope scope) {
        f.push_back({std::move(name), std::move(value), scope});
    };
    const KeyScope setting = KeyScope::Setting;
    // Every field of an options struct's table, named `prefix` + its name.
    const auto addTable = [&](const std::string& prefix, const auto& options, const auto& table) {
        for (const auto& field : table)
            add(prefix + field.name, optionText(field.value(options)), setting);
    };
    add("prompt", r.prompt, KeyScope::Prompt);
    add("players", r.players, KeyScope::Prompt);
    add("target", r.targetWord, KeyScope::Prompt);
    add("seed", std::to_string(r.seed), setting);
    add("reward_definition", kRewardDefinition, setting);
    add("baseline", r.baseline, setting);
    if (r.baseline == "learned") {
        addTable("learned_baseline.", r.learnedBaseline, learnedBaselineFields());
        // Empty: the shipped prompt files, else the prompt itself (explain_run.h).
        add("learned_baseline.sentences",
            r.baselineSentences.empty() ? "" : sentencesDigest(r.baselineSentences), setting);
    }
    add("scoring", r.plainScoring ? "plain" : "trie", setting);
    add("max_players", std::to_string(r.maxPlayers), setting); // above it the run is refused
    add("dtype", precisionName(r.device.precision), setting);
    addTable("single.", r.single, singleOptionFields());
    add("joint.pairs", r.jointPairs ? "yes" : "no", setting);
    addTable("joint.", r.joint, jointOptionFields());
    add("models", std::to_string(r.modelDirs.size()), KeyScope::Model);
    for (std::size_t i = 0; i < r.modelDirs.size(); ++i) {
        const std::string prefix = "model." + std::to_string(i) + ".";
        const ModelFolderIdentity identity = i < models.size() ? models[i] : ModelFolderIdentity{};
        // The path too: sessions record it, and the model ids come from the folder names.
        add(prefix + "path", r.modelDirs[i], KeyScope::Model);
        add(prefix + "weights_fingerprint", identity.weightsFingerprint, KeyScope::Model);
        add(prefix + "config_hash", identity.configHash, KeyScope::Model);
        add(prefix + "tokenizer_hash", identity.tokenizerHash, KeyScope::Model);
        add(prefix + "error", identity.error, KeyScope::Model);
    }
    add("device", r.device.deviceName(), KeyScope::Machine);
    return f;
}

std::string requestKey(const ExplainRequest& request, const std::vector<ModelFolderIdentity>& models)
{
    KeyText text("interlens-request-key/1");
    for (const RequestKeyField& field : requestKeyFields(request, models))
        text.add(field.name, field.value);
    return text.sha256();
}

std::string requestKey(const ExplainRequest& request)
{
    std::vector<ModelFolderIdentity> models;
    for (const std::string& dir : request.modelDirs)
        models.push_back(modelFolderIdentity(dir));
    return requestKey(request, models);
}

} // namespace interlens
