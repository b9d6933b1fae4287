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
    add("prompt", r.prompt, KeyScope::Prompt);
    add("players", r.players, KeyScope::Prompt);
    add("target", r.targetWord, KeyScope::Prompt);
    add("seed", std::to_string(r.seed), setting);
    add("reward_definition", kRewardDefinition, setting);
    add("baseline", r.baseline, setting);
    if (r.baseline == "learned") {
        const LearnedBaselineOptions& l = r.learnedBaseline;
        add("learned_baseline.epochs", std::to_string(l.epochs), setting);
        add("learned_baseline.learning_rate", exactText(l.learningRate), setting);
        add("learned_baseline.momentum", exactText(l.momentum), setting);
        add("learned_baseline.draws_per_sentence", std::to_string(l.drawsPerSentence), setting);
        add("learned_baseline.players_per_sentence", std::to_string(l.playersPerSentence), setting);
        add("learned_baseline.seed", std::to_string(l.seed), setting);
        // Empty: the shipped prompt files, else the prompt itself (explain_run.h).
        add("learned_baseline.sentences",
            r.baselineSentences.empty() ? "" : sentencesDigest(r.baselineSentences), setting);
    }
    add("scoring", r.plainScoring ? "plain" : "trie", setting);
    add("max_players", std::to_string(r.maxPlayers), setting); // above it the run is refused
    add("dtype", precisionName(r.device.precision), setting);
    const SparsifyOptions& s = r.single;
    add("single.mode", sparsifyModeName(s.mode), setting);
    add("single.q_threshold", exactText(s.qThreshold), setting);
    add("single.q_bound", exactText(s.qBound), setting);
    add("single.learning_rate", exactText(s.learningRate), setting);
    add("single.iterations", std::to_string(s.iterations), setting);
    add("single.tolerance", exactText(s.tolerance), setting);
    add("single.max_iterations", std::to_string(s.maxIterations), setting);
    const JointOptions& j = r.joint;
    add("joint.pairs", r.jointPairs ? "yes" : "no", setting);
    add("joint.mode", sparsifyModeName(j.mode), setting);
    add("joint.alpha", exactText(j.alpha), setting);
    add("joint.q_threshold", exactText(j.qThreshold), setting);
    add("joint.p_threshold", exactText(j.pThreshold), setting);
    add("joint.average_output", exactText(j.averageOutput), setting);
    add("joint.learning_rate", exactText(j.learningRate), setting);
    add("joint.iterations", std::to_string(j.iterations), setting);
    add("joint.tolerance", exactText(j.tolerance), setting);
    add("joint.max_iterations", std::to_string(j.maxIterations), setting);
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
