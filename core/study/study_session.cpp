#include "study/study_session.h"

#include "common/error.h"
#include "explain/explain_run.h"
#include "explain/players.h"
#include "study/study_prompts.h"

#include <nlohmann/json.hpp>

namespace interlens {

namespace {

std::string promptName(const PromptRecord& record)
{
    return "prompt " + std::to_string(record.prompt.index) + " (" + record.prompt.id + ")";
}

nlohmann::json runOptionsOf(const StudyMeta& meta, const PromptRecord& record)
{
    try {
        nlohmann::json j = nlohmann::json::parse(meta.runOptions);
        if (j.is_object())
            return j;
    } catch (const nlohmann::json::exception&) {
    }
    throw InputError(promptName(record) + ": the study's run options are not a JSON object");
}

} // namespace

Session sessionFromStudyRecord(const StudyMeta& meta, const PromptRecord& record)
{
    if (record.status != PromptStatus::Done)
        throw InputError(promptName(record) + " was not scored: " + promptStatusName(record.status) + " (" +
                         record.filter + ")" + (record.reason.empty() ? "" : ": " + record.reason));
    const std::size_t masks = std::size_t{1} << record.playerWords.size();
    if (record.models.size() != meta.models.size())
        throw InputError(promptName(record) + ": the record has " + std::to_string(record.models.size()) +
                         " models, the study " + std::to_string(meta.models.size()));
    for (const ModelResult& m : record.models)
        if (m.v.size() != masks || m.iAnd.size() != masks || m.iOr.size() != masks)
            throw InputError(promptName(record) + ": model " + m.id + " has no vectors of 2^" +
                             std::to_string(record.playerWords.size()) + " entries in this record");

    const nlohmann::json options = runOptionsOf(meta, record);
    Session session;
    SessionMeta& s = session.meta;
    s.appVersion = meta.appVersion;
    s.createdUtc = meta.createdUtc;
    s.prompt = record.prompt.text;
    s.targetWord = record.prompt.target;
    s.baseline = options.value("baseline", std::string("mean"));
    s.rewardDefinition = kRewardDefinition;
    const int n = options.value("players", static_cast<int>(record.playerWords.size()));
    const auto seed = options.value("seed", std::uint32_t{0});
    const std::string spec = playersSpecOf(record.prompt, n);
    if (record.playerSpans.size() == record.playerWords.size()) {
        // The record has them (files from before the spans were recorded do not).
        for (std::size_t i = 0; i < record.playerWords.size(); ++i)
            s.players.push_back({record.playerWords[i], record.playerSpans[i][0], record.playerSpans[i][1]});
    } else {
        std::vector<PromptWord> players;
        try {
            players = choosePlayers(record.prompt.text, spec, seed, englishStopWords());
        } catch (const InputError& e) {
            throw InputError(promptName(record) + ": its players cannot be found again: " + e.what());
        }
        for (const PromptWord& p : players)
            s.players.push_back({p.core.empty() ? p.text : p.core, p.coreSpan.start, p.coreSpan.end});
    }
    std::vector<std::string> words;
    for (const Player& p : s.players)
        words.push_back(p.word);
    if (words != record.playerWords)
        throw InputError(promptName(record) + ": the players found again differ from the recorded ones");
    s.solverSettings = {{"players_spec", spec},
                        {"seed", std::to_string(seed)},
                        {"single_mode", options.value("mode", std::string())},
                        {"joint_mode", options.value("mode", std::string())},
                        {"scoring", options.value("scoring", std::string())}};
    s.notes = "prompt " + record.prompt.id + " of the study over " + meta.promptsFile;

    for (std::size_t i = 0; i < record.models.size(); ++i) {
        const StudyModel& identity = meta.models[i];
        ModelResult m = record.models[i]; // the record's fields; the study's model list has the identity
        m.path = identity.path;
        m.architecture = identity.architecture;
        m.configHash = identity.configHash;
        m.weightsFingerprint = identity.weightsFingerprint;
        m.tokenizerHash = identity.tokenizerHash;
        m.dtype = options.value("dtype", std::string());
        session.models.push_back(std::move(m));
    }
    for (const PairResult& p : record.pairs) {
        if (!p.extracted())
            continue; // the pair does not keep this prompt, or the study's joint pass has not run yet
        for (const std::vector<double>* values : {&p.iAndA, &p.iOrA, &p.iAndB, &p.iOrB})
            if (values->size() != masks)
                throw InputError(promptName(record) + ": pair " + p.a + "/" + p.b +
                                 " has no joint vectors of 2^" + std::to_string(record.playerWords.size()) +
                                 " entries in this record");
        session.pairs.push_back(p);
    }
    return session;
}

} // namespace interlens
