#include "study/study_prompt_run.h"

#include "common/error.h"
#include "explain/explain_run.h"
#include "explain/players.h"
#include "explain/request_key.h"
#include "explain/target.h"
#include "model/model_facts.h"
#include "model/next_token.h"
#include "store/result_fields.h"
#include "study/study_prompts.h"
#include "tokenize/tokenizer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>

namespace interlens {

namespace {

// The same ids runExplain gives (folder name, then _2, _3 for repeats), checked against the session later.
std::string modelIdFor(const std::string& dir, const std::vector<StudyModel>& existing)
{
    std::string base = std::filesystem::path(dir).lexically_normal().filename().string();
    if (base.empty() || base == "." || base == "..")
        base = "model";
    std::string id = base;
    for (int k = 2;
         std::any_of(existing.begin(), existing.end(), [&](const StudyModel& m) { return m.id == id; }); ++k)
        id = base + "_" + std::to_string(k);
    return id;
}

std::string lower(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
}

} // namespace

StudyModels::StudyModels(const std::vector<std::string>& dirs, const ComputeDevice& device)
{
    if (dirs.empty())
        throw InputError("study: give at least one model folder (--model DIR)");
    // Loaded once for the whole study; runExplain reuses them for every prompt.
    m_models = loadModels(dirs, device);
    for (std::size_t i = 0; i < dirs.size(); ++i) {
        const std::string& dir = dirs[i];
        const LoadedModel* loaded = &m_models[i];
        if (loaded->failed())
            throw InputError("study: model " + dir + ": " + loaded->error);
        StudyModel identity;
        identity.id = modelIdFor(dir, m_identities);
        identity.path = dir;
        const CausalLMFacts facts = causalLMFacts(*loaded->model);
        identity.architecture = facts.architecture;
        identity.configHash = facts.configHash;
        identity.weightsFingerprint = facts.weightsFingerprint;
        identity.tokenizerHash = tokenizerFileHash(dir);
        m_identities.push_back(std::move(identity));
    }
}

StudyModels::~StudyModels() = default;

std::vector<ModelResult> StudyModels::targetRanks(const std::string& prompt, const std::string& target) const
{
    std::vector<ModelResult> out;
    for (std::size_t i = 0; i < m_models.size(); ++i) {
        ModelResult record;
        record.id = m_identities[i].id;
        try {
            const LoadedModel& m = m_models[i];
            const TargetToken token = targetTokenForWord(*m.tokenizer, prompt, target);
            const Encoding encoding = m.tokenizer->encode(prompt, true);
            const std::vector<int64_t> ids(encoding.ids.begin(), encoding.ids.end());
            const TargetScore score = scoreNextToken(*m.model, ids, token.id);
            record.targetTokenId = token.id;
            record.pTarget = std::exp(score.logProb);
            record.targetRank = score.rank;
        } catch (const InputError& e) {
            record.error = e.what();
        }
        out.push_back(std::move(record));
    }
    return out;
}

PromptRecord computePromptRecord(const StudyPrompt& prompt, const StudyModels& models,
                                 const PromptRunSettings& settings)
{
    const auto start = std::chrono::steady_clock::now();
    PromptRecord r;
    r.prompt = prompt;
    const auto finish = [&](PromptStatus status, const std::string& filter, const std::string& reason) {
        r.status = status;
        r.filter = filter;
        r.reason = reason;
        r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        return r;
    };
    throwIfCancelled(settings.cancel);
    if (englishStopWords().contains(lower(prompt.target)))
        return finish(PromptStatus::Skipped, "stop_word_target",
                      "the target \"" + prompt.target + "\" is a stop word");

    const std::string spec = playersSpecOf(prompt, settings.run.players);
    try {
        for (const PromptWord& w : choosePlayers(prompt.text, spec, settings.run.seed, englishStopWords())) {
            r.playerWords.push_back(w.core.empty() ? w.text : w.core);
            r.playerSpans.push_back({w.coreSpan.start, w.coreSpan.end});
        }
    } catch (const InputError& e) {
        return finish(PromptStatus::Skipped, "players", e.what());
    }

    r.models = models.targetRanks(prompt.text, prompt.target);
    for (const ModelResult& m : r.models)
        if (!m.error.empty())
            return finish(PromptStatus::Failed, "model_error", m.id + ": " + m.error);
    if (!settings.run.scoreAll) {
        // "pair": worth scoring when some pair can keep it (the only model, in a one-model study).
        const std::size_t needed =
            settings.run.top1 == "pair" ? std::min<std::size_t>(2, r.models.size()) : r.models.size();
        std::string misses;
        std::size_t top1 = 0;
        for (const ModelResult& m : r.models) {
            if (m.top1())
                ++top1;
            else
                misses += (misses.empty() ? "" : "; ") + m.id + " ranks the target " +
                          std::to_string(m.targetRank) + " (p = " + std::to_string(m.pTarget) + ")";
        }
        if (top1 < needed)
            return finish(PromptStatus::Skipped, "top1", misses);
    }

    ExplainRequest request = studyExplainRequest(settings.run);
    request.modelDirs.clear();
    for (const StudyModel& m : models.identities())
        request.modelDirs.push_back(m.path);
    request.prompt = prompt.text;
    request.players = spec;
    request.targetWord = prompt.target;
    request.baselineSentences = settings.baselineSentences;
    request.useCache = settings.useCache;
    request.cachePath = settings.cachePath;
    RunControl control;
    control.cancel = settings.cancel;
    Session session;
    try {
        session = runExplain(request, models.loaded(), control);
    } catch (const CancelledError&) {
        throw;
    } catch (const std::exception& e) {
        return finish(PromptStatus::Failed, "error", e.what());
    }

    if (session.models.size() != r.models.size())
        return finish(PromptStatus::Failed, "error", "the run returned an unexpected number of models");
    for (std::size_t i = 0; i < session.models.size(); ++i) {
        const ModelResult& m = session.models[i];
        ModelResult& out = r.models[i];
        if (m.id != out.id)
            return finish(PromptStatus::Failed, "error",
                          "model id " + m.id + " differs from the study's " + out.id);
        if (m.failed()) {
            out.error = m.error;
            return finish(PromptStatus::Failed, "model_error", m.id + ": " + m.error);
        }
        out = studyRecordOf(m);
        out.u = m.v.empty() ? 0.0 : m.v.back() - m.v.front();
    }
    return finish(PromptStatus::Done, "", "");
}

} // namespace interlens
