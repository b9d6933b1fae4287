#include "study/study_runner.h"

#include "common/error.h"
#include "model/cpu_threads.h"
#include "model/runtime.h"
#include "store/session_file.h"
#include "study/study_aggregate.h"
#include "study/study_certificate.h"
#include "study/study_file.h"
#include "study/study_joint_pass.h"
#include "study/study_lock.h"
#include "study/study_prompt_pool.h"
#include "study/study_prompt_run.h"
#include "study/study_prompts.h"
#include "study/study_validate.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>

namespace interlens {

namespace fs = std::filesystem;

namespace {

std::string partName(std::int64_t index)
{
    char name[40];
    std::snprintf(name, sizeof name, "prompt-%08lld.h5", static_cast<long long>(index));
    return name;
}

// Models agree when everything but the folder path agrees (shards may see the folders elsewhere).
std::string modelDifference(const std::vector<StudyModel>& a, const std::vector<StudyModel>& b)
{
    if (a.size() != b.size())
        return std::to_string(a.size()) + " models vs " + std::to_string(b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        StudyModel x = a[i], y = b[i];
        x.path = y.path;
        if (!(x == y))
            return "model " + std::to_string(i) + " (" + a[i].id + " at " + a[i].path + " vs " + b[i].id +
                   " at " + b[i].path + ") differs in id, architecture, config, weights or tokenizer";
    }
    return {};
}

// A record from an earlier run belongs to this study only if its prompt is the same.
void checkRecordPrompt(const PromptRecord& record, const std::vector<StudyPrompt>& prompts,
                       const std::string& source)
{
    const std::int64_t index = record.prompt.index;
    if (index < 0 || index >= static_cast<std::int64_t>(prompts.size()))
        throw InputError(fileMessage(source, "has a record for prompt " + std::to_string(index) +
                                                 " but the prompt file has " +
                                                 std::to_string(prompts.size()) + " prompts"));
    if (!(record.prompt == prompts[static_cast<std::size_t>(index)]))
        throw InputError(
            fileMessage(source, "prompt " + std::to_string(index) + " (id \"" + record.prompt.id +
                                    "\") differs from that prompt in the prompt file; use another --out" +
                                    " or the prompt file the study was started with"));
}

// "12.3 s" since `start`, for the log's phase times (the study benchmark reads them).
std::string secondsSince(std::chrono::steady_clock::time_point start)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.1f s",
                  std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    return text;
}

} // namespace

std::string studyPartsDir(const std::string& outPath)
{
    return outPath + ".parts";
}

StudyOutcome runStudy(const StudyRequest& request, const StudyControl& control)
{
    const auto log = [&](const std::string& line) {
        if (control.log)
            control.log(line);
    };
    // `done` of `total` steps of the stage's pass; the detail is "<done> of <total><suffix>".
    const auto report = [&](ProgressStage stage, std::int64_t done, std::int64_t total,
                            const std::string& suffix) {
        if (!control.progress)
            return;
        const double f = total > 0 ? static_cast<double>(done) / static_cast<double>(total) : 1.0;
        control.progress(
            {std::nullopt, {}, stage, f, f, std::to_string(done) + " of " + std::to_string(total) + suffix});
    };
    initRuntime();
    if (request.threads > 0)
        setLibtorchThreads(request.threads);
    if (request.outPath.empty())
        throw InputError("study: give the output file (--out study.h5)");
    const StudyLock lock(request.outPath); // held until the study file is written
    const std::vector<StudyPrompt> prompts = readPromptFile(request.promptsFile);
    for (const StudyPrompt& p : prompts)
        if (!p.players.empty() && static_cast<int>(p.players.size()) != request.run.players)
            throw InputError(
                fileMessage(request.promptsFile, "prompt " + std::to_string(p.index) + " (id \"" + p.id +
                                                     "\") lists " + std::to_string(p.players.size()) +
                                                     " players but the study uses n = " +
                                                     std::to_string(request.run.players) + " (--players)"));
    if (request.run.players < 1 || request.run.players > request.run.maxPlayers)
        throw InputError("study: n = " + std::to_string(request.run.players) + " players is outside 1.." +
                         std::to_string(request.run.maxPlayers) + " (--max-players)");

    log("loading " + std::to_string(request.run.modelDirs.size()) + " model(s)");
    const auto loadStart = std::chrono::steady_clock::now();
    const StudyModels models(request.run.modelDirs, request.run.device);
    log("loaded in " + secondsSince(loadStart));

    Study study;
    StudyMeta& meta = study.meta;
    meta.appVersion = interlensVersion();
    meta.createdUtc = utcNow();
    meta.promptsFile = request.promptsFile;
    meta.promptsSha256 = promptsDigest(prompts);
    meta.promptCount = static_cast<std::int64_t>(prompts.size());
    meta.shardIndex = request.shard.index;
    meta.shardCount = request.shard.count;
    meta.runOptions = runOptionsJson(request.run);
    meta.aggregateOptions = aggregateOptionsJson(request.aggregate);
    meta.models = models.identities();

    // Records already there: the study file of an earlier (complete or interrupted) run, then its parts.
    std::map<std::int64_t, PromptRecord> records;
    if (fs::exists(request.outPath)) {
        const Study old = loadStudy(request.outPath);
        validateStudy(old, request.outPath);
        const std::string where = request.outPath;
        if (const std::string d = firstOptionDifference(old.meta.runOptions, meta.runOptions); !d.empty())
            throw InputError(fileMessage(where, "exists and was made with other options (" + d +
                                                    "); use another --out or remove it"));
        if (const std::string d = modelDifference(old.meta.models, meta.models); !d.empty())
            throw InputError(fileMessage(where, "exists and was made with other models (" + d +
                                                    "); use another --out or remove it"));
        if (old.meta.shardIndex != meta.shardIndex || old.meta.shardCount != meta.shardCount)
            throw InputError(fileMessage(where, "exists and is shard " + std::to_string(old.meta.shardIndex) +
                                                    "/" + std::to_string(old.meta.shardCount) + ", not " +
                                                    request.shard.describe()));
        for (const PromptRecord& r : old.prompts) {
            checkRecordPrompt(r, prompts, where);
            records[r.prompt.index] = r;
        }
    }
    const std::string partsDir = studyPartsDir(request.outPath);
    if (fs::is_directory(partsDir)) {
        std::vector<fs::path> parts;
        for (const auto& entry : fs::directory_iterator(partsDir))
            if (entry.is_regular_file() && entry.path().extension() == ".h5" &&
                entry.path().filename().string().front() != '.')
                parts.push_back(entry.path());
        std::sort(parts.begin(), parts.end());
        for (const fs::path& part : parts) {
            PromptRecord r = loadPromptPart(part.string(), meta.runOptions);
            checkRecordPrompt(r, prompts, part.string());
            validateRecord(r, meta.models, part.string());
            records[r.prompt.index] = std::move(r);
        }
    }

    StudyOutcome outcome;
    for (const StudyPrompt& p : prompts)
        if (request.shard.contains(p.index)) {
            ++outcome.inShard;
            if (records.count(p.index))
                ++outcome.resumed;
        }
    if (outcome.resumed > 0)
        log("resuming: " + std::to_string(outcome.resumed) + " of " + std::to_string(outcome.inShard) +
            " prompts of shard " + request.shard.describe() + " already done");

    PromptRunSettings settings;
    settings.run = request.run;
    settings.useCache = request.useCache;
    settings.cachePath = request.cachePath;
    settings.cancel = control.cancel;
    if (request.run.baseline == "learned") // every shard trains on the whole prompt file: the same baseline
        for (const StudyPrompt& p : prompts)
            settings.baselineSentences.push_back(p.text);
    std::vector<StudyPrompt> todo;
    for (const StudyPrompt& p : prompts)
        if (request.shard.contains(p.index) && !records.count(p.index) &&
            (request.limit < 0 || static_cast<std::int64_t>(todo.size()) < request.limit))
            todo.push_back(p);
    const auto start = std::chrono::steady_clock::now();
    std::int64_t position = outcome.resumed;
    bool cancelled = false;
    const auto starting = [&](const StudyPrompt& p) {
        report(ProgressStage::Prompts, position, outcome.inShard,
               ", prompt " + std::to_string(p.index) + " (" + p.id + ")");
    };
    const auto finished = [&](PromptRecord&& r) {
        fs::create_directories(partsDir);
        savePromptPart(r, meta.runOptions, (fs::path(partsDir) / partName(r.prompt.index)).string());
        ++outcome.computed;
        ++position;
        char line[160];
        std::snprintf(line, sizeof line, "[%lld/%lld] prompt %lld (%s): %s%s%s (%.1f s)",
                      static_cast<long long>(position), static_cast<long long>(outcome.inShard),
                      static_cast<long long>(r.prompt.index), r.prompt.id.c_str(), promptStatusName(r.status),
                      r.filter.empty() ? "" : " ", r.filter.c_str(), r.seconds);
        log(line);
        report(ProgressStage::Prompts, position, outcome.inShard,
               ", prompt " + std::to_string(r.prompt.index) + " (" + r.prompt.id + ") " +
                   promptStatusName(r.status));
        const std::int64_t index = r.prompt.index;
        records[index] = std::move(r);
    };
    try {
        // Prompts side by side, one per thread (study_prompt_pool.h); --threads bounds the threads.
        const int workers = request.threads > 0 ? request.threads : libtorchThreads();
        computePromptRecords(todo, models, settings, workers, starting, finished);
    } catch (const CancelledError&) {
        // Interrupted (Ctrl-C, Slurm's SIGTERM at the time limit): write what is done, then report it.
        cancelled = true;
        log("interrupted: writing the " + std::to_string(records.size()) + " finished prompts");
    }
    outcome.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    log("first pass (scoring, single extractions): " + std::to_string(outcome.computed) + " prompts in " +
        secondsSince(start));

    for (auto& [index, r] : records)
        if (request.shard.contains(index))
            study.prompts.push_back(std::move(r));
    meta.complete = static_cast<std::int64_t>(study.prompts.size()) == outcome.inShard;
    outcome.complete = meta.complete;
    // The second pass needs every prompt's u: a shard leaves it to `interlens merge`, an unfinished run to
    // its resumption (the aggregate counts the pairs' prompts as joint_pending meanwhile).
    if (meta.complete && meta.shardCount == 1 && !cancelled) {
        try {
            const auto jointStart = std::chrono::steady_clock::now();
            JointPassControl joint;
            joint.threads = request.threads;
            joint.cancel = control.cancel;
            std::size_t toCompute = 0;
            joint.planned = [&](const JointPassOutcome& planned) {
                toCompute = planned.computed;
                report(ProgressStage::Pairs, 0, static_cast<std::int64_t>(toCompute), " extractions");
                log("joint pass: " + std::to_string(planned.computed) + " pair extractions to compute, " +
                    std::to_string(planned.reused) + " kept from an earlier run");
            };
            // Each record's pairs go into its part as soon as they are done (atomically, like the first
            // pass): a run killed during this pass resumes with them (runJointPass keeps pair records
            // computed with the same β).
            joint.recordDone = [&](const PromptRecord& r, std::size_t done) {
                fs::create_directories(partsDir);
                savePromptPart(r, meta.runOptions, (fs::path(partsDir) / partName(r.prompt.index)).string());
                log("joint pass: saved the pairs of prompt " + std::to_string(r.prompt.index) + " (" +
                    std::to_string(done) + " of " + std::to_string(toCompute) + " extractions done)");
                report(ProgressStage::Pairs, static_cast<std::int64_t>(done),
                       static_cast<std::int64_t>(toCompute), " extractions");
            };
            const JointPassOutcome joined = runJointPass(meta, study.prompts, request.aggregate, joint);
            log("joint pass: " + std::to_string(joined.computed) + " pair extractions computed, " +
                std::to_string(joined.reused) + " reused, in " + secondsSince(jointStart));
        } catch (const CancelledError&) {
            cancelled = true;
            for (PromptRecord& r : study.prompts)
                r.pairs.clear();
            log("interrupted during the joint pass: writing the first pass only (the finished pairs are in " +
                partsDir + ")");
        }
    }
    const auto writeStart = std::chrono::steady_clock::now();
    study.aggregate = aggregateStudy(meta, study.prompts, request.aggregate);
    saveStudy(study, request.outPath);
    const std::string certificate = certificateSummaryText(studyCertificate(study));
    log("wrote " + request.outPath + " (" + std::to_string(study.prompts.size()) + " of " +
        std::to_string(outcome.inShard) + " prompts" + (meta.complete ? ", complete" : ", incomplete") +
        (certificate.empty() ? "" : ", " + certificate) + ", aggregates and file in " +
        secondsSince(writeStart) + ")");
    // An interrupted joint pass keeps its finished pairs only in the parts.
    if (meta.complete && !cancelled && !request.keepParts) {
        std::error_code ec;
        fs::remove_all(partsDir, ec);
    }
    if (cancelled)
        throw CancelledError();
    if (control.progress)
        control.progress({std::nullopt, {}, ProgressStage::Done, 1.0, 1.0, {}});
    return outcome;
}

} // namespace interlens
