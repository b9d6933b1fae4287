// Dataset studies (issue 8): prompt files and the text -> prompts helper, shards, the filters and aggregates
// on hand-made records, and the real engine end to end on two tiny random models: a single run, resume after
// an interruption, two shards merged (equal to the single run), refusals of mismatched files.
#include "common/error.h"
#include "common/fixtures.h"
#include "common/progress_event.h"
#include "explain/explain_run.h"
#include "explain/players.h"
#include "model/cpu_threads.h"
#include "store/session_file.h"
#include "study/study_aggregate.h"
#include "study/study_aggregate_view.h"
#include "study/study_file.h"
#include "study/study_merge.h"
#include "study/study_prompts.h"
#include "study/study_runner.h"
#include "study/study_session.h"
#include "study_test_util.h"

#include <QFile>
#include <QTest>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <filesystem>

using namespace interlens;
using test::inputErrorOf;

namespace {

std::string scratchFile(const QString& dir, const char* name)
{
    return (dir + "/" + name).toStdString();
}

// The tiny-model study every engine test shares (models written once).
struct TinyStudy
{
    QString dir;
    std::string prompts;
    std::vector<std::string> models;
};

const TinyStudy& tinyStudy()
{
    static const TinyStudy study = [] {
        TinyStudy s;
        s.dir = test::scratchDir("study_models");
        s.models = {test::writeTinyStudyModel(s.dir + "/alpha", 11),
                    test::writeTinyStudyModel(s.dir + "/beta", 12)};
        s.prompts = scratchFile(s.dir, "prompts.jsonl");
        test::writeLines(QString::fromStdString(s.prompts), test::tinyStudyPromptLines());
        return s;
    }();
    return study;
}

StudyRequest tinyRequest(const std::string& out)
{
    StudyRequest request;
    request.promptsFile = tinyStudy().prompts;
    request.outPath = out;
    request.run.modelDirs = tinyStudy().models;
    request.run.players = 5;
    request.run.scoreAll = true; // random models rarely predict the target: score everything
    request.aggregate.minUtility = 0.0;
    request.aggregate.requireTop1 = false;
    return request;
}

PromptRecord doneRecord(std::int64_t index, double u, bool top1)
{
    PromptRecord r;
    r.prompt.index = index;
    r.prompt.id = "p" + std::to_string(index);
    r.status = PromptStatus::Done;
    r.playerWords = {"a", "b"};
    for (const char* id : {"m1", "m2"}) {
        ModelResult m;
        m.id = id;
        m.targetRank = top1 ? 0 : 3;
        m.u = u;
        m.v = {0.0, 0.5 * u, 0.25 * u, u};
        m.iAnd = {0.0, 0.5 * u, 0.25 * u, 0.25 * u};
        m.iOr = {0.0, 0.0, 0.0, 0.0};
        r.models.push_back(m);
    }
    PairResult p;
    p.a = "m1";
    p.b = "m2";
    p.iAndA = p.iAndB = r.models[0].iAnd;
    p.iOrA = p.iOrB = r.models[0].iOr;
    r.pairs.push_back(p);
    return r;
}

} // namespace

class TestStudy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsPromptFilesAndNamesBadLines()
    {
        const QString dir = test::scratchDir("study_prompts");
        const std::string path = scratchFile(dir, "p.jsonl");
        test::writeLines(QString::fromStdString(path),
                         {R"({"text": "The river runs north", "target": "past", "id": "a"})", "",
                          R"({"text": "Shares rose", "target": "sharply", "players": ["Shares", "rose"]})"});
        const std::vector<StudyPrompt> prompts = readPromptFile(path);
        QCOMPARE(prompts.size(), size_t{2});
        QCOMPARE(prompts[0].id, std::string("a"));
        QCOMPARE(prompts[1].id, std::string("p1")); // default id from the index
        QCOMPARE(prompts[1].players, (std::vector<std::string>{"Shares", "rose"}));
        QCOMPARE(playersSpecOf(prompts[1], 2), std::string("Shares,rose"));
        QCOMPARE(playersSpecOf(prompts[0], 7), std::string("auto:7"));
        StudyPrompt again = promptFromJsonLine(promptToJsonLine(prompts[1]), "x");
        again.index = 1;
        QCOMPARE(again, prompts[1]);

        const std::vector<std::pair<std::string, std::string>> bad = {
            {R"({"text": "x y"})", "missing field \"target\""},
            {R"({"text": "x y", "target": "two words"})", "one word"},
            {R"({"text": "x y", "target": "z", "players": "x"})", "list of words"},
            {R"([1, 2])", "JSON object"},
            {R"({"text": )", "not a JSON object"},
        };
        for (const auto& [line, expected] : bad) {
            test::writeLines(QString::fromStdString(path), {R"({"text": "ok", "target": "fine"})", line});
            const std::string message = inputErrorOf([&] { readPromptFile(path); });
            QVERIFY2(message.find(path + ":2") != std::string::npos &&
                         message.find(expected) != std::string::npos,
                     message.c_str());
        }
        test::writeLines(QString::fromStdString(path), {R"({"text": "a b", "target": "c", "id": "x"})",
                                                        R"({"text": "d e", "target": "f", "id": "x"})"});
        QVERIFY(inputErrorOf([&] { readPromptFile(path); }).find("duplicate id") != std::string::npos);
        test::writeLines(QString::fromStdString(path), {""});
        QVERIFY(inputErrorOf([&] { readPromptFile(path); }).find("no prompts") != std::string::npos);
        QVERIFY(inputErrorOf([&] { readPromptFile(path + ".missing"); }).find(".missing") !=
                std::string::npos);
    }

    void makesPromptsFromTextLikeTheLab()
    {
        const std::string text =
            "The Denver Broncos defeated the Carolina Panthers in the final game of the season, and the city "
            "celebrated the championship with a long parade through downtown streets lined with cheering "
            "fans.\n\n"
            "Too short.\n\n"
            "Quarterly revenue at the regional bank increased after management reduced operating costs and "
            "the "
            "loan portfolio expanded across commercial real estate, consumer credit and small business "
            "lending.\n";
        MakePromptsOptions options;
        options.players = 6;
        options.minWords = 12;
        options.seed = 3;
        std::size_t skipped = 0;
        const std::vector<StudyPrompt> prompts = makePromptsFromText(text, options, &skipped);
        QCOMPARE(prompts.size(), size_t{2});
        QCOMPARE(skipped, size_t{1});
        QCOMPARE(makePromptsFromText(text, options), prompts); // deterministic in the seed
        for (const StudyPrompt& p : prompts) {
            QCOMPARE(p.players.size(), size_t{6});
            QVERIFY(!englishStopWords().contains(p.target));
            QVERIFY2(splitPromptWords(p.text).size() >= 12, p.text.c_str());
            // The source continues with the target right after the prompt (truncated just before it).
            QVERIFY2(text.find(p.text + " " + p.target) != std::string::npos, p.text.c_str());
            // The listed players are words of the prompt that the explainer accepts.
            QCOMPARE(choosePlayers(p.text, playersSpecOf(p, 6), 0, englishStopWords()).size(), size_t{6});
        }
        options.seed = 4;
        QVERIFY(makePromptsFromText(text, options) != prompts);
    }

    void parsesShards()
    {
        QCOMPARE(parseShard("2/5").index, int64_t{2});
        QCOMPARE(parseShard("2/5").count, int64_t{5});
        for (const char* bad : {"5/5", "1", "-1/3", "a/b", "1/0"})
            QVERIFY2(!inputErrorOf([&] { parseShard(bad); }).empty(), bad);
        StudyShard shard{1, 3};
        QVERIFY(shard.contains(4) && !shard.contains(3));
        qputenv("SLURM_ARRAY_TASK_ID", "6");
        qputenv("SLURM_ARRAY_TASK_MIN", "5");
        qputenv("SLURM_ARRAY_TASK_MAX", "7");
        qputenv("SLURM_ARRAY_TASK_COUNT", "3");
        QCOMPARE(shardFromEnvironment().describe(), std::string("1/3"));
        qputenv("SLURM_ARRAY_TASK_COUNT", "2"); // a stepped array: refused
        QVERIFY(!inputErrorOf([] { shardFromEnvironment(); }).empty());
        for (const char* name : {"SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_MAX",
                                 "SLURM_ARRAY_TASK_COUNT"})
            qunsetenv(name);
        QCOMPARE(shardFromEnvironment().describe(), std::string("0/1"));
    }

    void countsWhatEachFilterRemoves()
    {
        StudyMeta meta;
        meta.promptCount = 7;
        meta.models.resize(2);
        meta.models[0].id = "m1";
        meta.models[1].id = "m2";
        std::vector<PromptRecord> records = {doneRecord(0, 2.0, true), doneRecord(1, 3.0, false),
                                             doneRecord(2, 0.5, true), doneRecord(3, -4.0, true)};
        PromptRecord stop;
        stop.prompt.index = 4;
        stop.status = PromptStatus::Skipped;
        stop.filter = "stop_word_target";
        PromptRecord failed;
        failed.prompt.index = 5;
        failed.status = PromptStatus::Failed;
        failed.filter = "model_error";
        records.push_back(stop);
        records.push_back(failed);
        // prompt 6 has no record: pending
        const StudyAggregateOptions options; // |u| >= 1, top-1 required
        const AggNode root = aggregateStudy(meta, records, options);
        const AggNode& f = root.children.at("filters");
        QCOMPARE(f.scalars.at("kept"), 2.0); // prompts 0 and 3 (|u| = 4 passes: the filter is on |u|)
        QCOMPARE(f.scalars.at("top1"), 1.0);
        QCOMPARE(f.scalars.at("small_u"), 1.0);
        QCOMPARE(f.scalars.at("stop_word_target"), 1.0);
        QCOMPARE(f.scalars.at("model_error"), 1.0);
        QCOMPARE(f.scalars.at("pending"), 1.0);
        QCOMPARE(root.vectors.at("kept_indices"), (std::vector<double>{0.0, 3.0}));
        QCOMPARE(f.children.at("top1_by_model").scalars.at("m1"), 3.0);
        // Identical models share everything: κ = 1 for the pair, NaN on the diagonal.
        const AggNode& kappa = root.children.at("kappa");
        QCOMPARE(kappa.vectors.at("kappa")[1], 1.0);
        QCOMPARE(kappa.vectors.at("kappa")[2], 1.0);
        QVERIFY(std::isnan(kappa.vectors.at("kappa")[0]));
        QCOMPARE(root.children.at("pairs").children.at("m1__m2").scalars.at("prompts"), 2.0);
        // A prompt scored despite failing the top-1 filter gives the no-filter variant (method.md §2.1).
        QVERIFY(root.children.count("no_top1_filter"));
        QCOMPARE(root.children.at("no_top1_filter").scalars.at("kept"), 3.0);
        // The typed reads the Study tab and `interlens study` use give the same numbers.
        const std::optional<FilterCounts> counts = filterCounts(root);
        QVERIFY(counts.has_value());
        for (const FilterCountField& field : filterCountFields())
            QCOMPARE((*counts).*field.member, f.scalars.at(field.name));
        QCOMPARE(counts->top1ByModel.front(), (std::pair<std::string, double>{"m1", 3.0}));
        const std::optional<KappaMatrices> matrices = kappaMatrices(root);
        QVERIFY(matrices && matrices->variant("kappa"));
        const std::vector<double>& typed = *matrices->variant("kappa");
        const std::vector<double>& named = kappa.vectors.at("kappa"); // NaN on the diagonal: NaN != NaN
        QVERIFY(std::equal(typed.begin(), typed.end(), named.begin(), named.end(),
                           [](double x, double y) { return x == y || (std::isnan(x) && std::isnan(y)); }));
        QVERIFY(!matrices->variant("no such variant"));
        QCOMPARE(withoutTop1Filter(root), &root.children.at("no_top1_filter"));
        QCOMPARE(pairRoleNode(root, "m1__m2", 1),
                 &root.children.at("pairs").children.at("m1__m2").children.at("b"));
        QVERIFY(!filterCounts(AggNode{}));
        StudyAggregateOptions loose = options;
        loose.minUtility = 0.0;
        loose.requireTop1 = false;
        QCOMPARE(aggregateStudy(meta, records, loose).children.at("filters").scalars.at("kept"), 4.0);
    }

    void runsResumesShardsAndMerges()
    {
        const QString dir = test::scratchDir("study_engine");
        const std::string single = scratchFile(dir, "single.h5");
        StudyRequest request = tinyRequest(single);
        std::vector<std::string> log;
        StudyControl control;
        control.log = [&](const std::string& line) { log.push_back(line); };
        QElapsedTimer timer;
        timer.start();
        const StudyOutcome outcome = runStudy(request, control);
        qInfo("single run: %lld prompts in %.1f s", static_cast<long long>(outcome.computed),
              timer.elapsed() / 1e3);
        QCOMPARE(outcome.computed, int64_t{5});
        QVERIFY(outcome.complete);
        QVERIFY(!std::filesystem::exists(studyPartsDir(single))); // parts removed once the file is complete
        const Study a = loadStudy(single);
        QCOMPARE(a.prompts.size(), size_t{5});
        QVERIFY(a.meta.complete);
        QCOMPARE(a.meta.models.size(), size_t{2});
        QCOMPARE(a.prompts[4].status, PromptStatus::Skipped);
        QCOMPARE(a.prompts[4].filter, std::string("stop_word_target"));
        for (int i = 0; i < 4; ++i) {
            const PromptRecord& r = a.prompts[static_cast<size_t>(i)];
            QVERIFY2(r.status == PromptStatus::Done, (r.filter + " " + r.reason).c_str());
            QCOMPARE(r.playerWords.size(), size_t{5});
            QCOMPARE(r.models[0].v.size(), size_t{32});
            QCOMPARE(r.pairs.size(), size_t{1});
            QCOMPARE(r.pairs[0].iAndA.size(), size_t{32});
            QCOMPARE(r.models[1].u, r.models[1].v.back());
        }
        QCOMPARE(a.prompts[2].playerWords,
                 (std::vector<std::string>{"little", "girl", "Lily", "play", "ball"}));
        const AggNode& agg = a.aggregate;
        QCOMPARE(agg.children.at("filters").scalars.at("kept"), 4.0);
        const double kappa = agg.children.at("kappa").vectors.at("kappa")[1];
        qInfo("kappa alpha/beta over 4 prompts: %.4f", kappa);
        QVERIFY(kappa >= 0.0 && kappa <= 1.0);
        QCOMPARE(agg.children.at("pairs")
                     .children.at("alpha__beta")
                     .children.at("a")
                     .vectors.at("order_value_all_pos")
                     .size(),
                 size_t{6});

        // One prompt of the study, opened as a session, equals `explain` on that prompt with the same models.
        const PromptRecord one = loadStudyPrompt(single, 2);
        QVERIFY(one == a.prompts[2]);
        const Session opened = sessionFromStudyRecord(a.meta, one);
        ExplainRequest same;
        same.prompt = one.prompt.text;
        same.targetWord = one.prompt.target;
        same.players = playersSpecOf(one.prompt, request.run.players);
        same.modelDirs = request.run.modelDirs;
        same.useCache = false;
        // β of the study's joint pass: 0.5 · the mean u over the pair's kept prompts, not this prompt's own
        // u.
        QVERIFY(one.pairs[0].beta.has_value());
        const JointBeta& beta = *one.pairs[0].beta;
        double meanA = 0.0, meanB = 0.0;
        for (int x = 0; x < 4; ++x) {
            meanA += a.prompts[static_cast<size_t>(x)].models[0].u / 4.0;
            meanB += a.prompts[static_cast<size_t>(x)].models[1].u / 4.0;
        }
        QVERIFY(std::abs(beta.meanUA - meanA) < 1e-12);
        QVERIFY(std::abs(beta.meanUB - meanB) < 1e-12);
        QCOMPARE(beta.betaA, 0.5 * beta.meanUA);
        QVERIFY(beta.meanUA != one.models[0].u);
        same.joint.averageOutput = {beta.meanUA, beta.meanUB};
        // A study's first pass runs libtorch and OpenBLAS single-threaded (study_prompt_pool.h), and
        // OpenBLAS's last bits depend on its thread count: the same arithmetic gives the same numbers.
        const Session direct = [&] {
            const CpuThreadsScope singleThreaded(1);
            return runExplain(same);
        }();
        QCOMPARE(opened.meta.players, direct.meta.players);
        QCOMPARE(opened.models.size(), direct.models.size());
        for (std::size_t i = 0; i < direct.models.size(); ++i) {
            QCOMPARE(opened.models[i].id, direct.models[i].id);
            QCOMPARE(opened.models[i].v, direct.models[i].v);
            QCOMPARE(opened.models[i].iAnd, direct.models[i].iAnd);
            QCOMPARE(opened.models[i].iOr, direct.models[i].iOr);
        }
        QCOMPARE(opened.pairs.size(), size_t{1});
        QCOMPARE(opened.pairs[0].sharedAnd, direct.pairs[0].sharedAnd);
        QVERIFY(opened.pairs[0].kappa.has_value());
        QVERIFY(opened.pairs[0].kappa == direct.pairs[0].kappa);
        QVERIFY(opened.pairs[0].certificate == direct.pairs[0].certificate);
        QCOMPARE(opened.pairs[0].b, std::string("beta"));
        QCOMPARE(opened.pairs[0].iOrB, direct.pairs[0].iOrB);
        // The record has the players' spans: the session takes them from it, not from the prompt text.
        QCOMPARE(one.playerSpans.size(), one.playerWords.size());
        const std::string asSession = scratchFile(dir, "prompt2.h5");
        saveSession(opened, asSession); // and it saves as an ordinary session
        QCOMPARE(loadSession(asSession).models[1].iAnd, opened.models[1].iAnd);
        const std::string skipped = inputErrorOf([&] { sessionFromStudyRecord(a.meta, a.prompts[4]); });
        QVERIFY2(skipped.find("prompt 4 (stop) was not scored: skipped (stop_word_target)") !=
                     std::string::npos,
                 skipped.c_str());
        const std::string noVectors =
            inputErrorOf([&] { sessionFromStudyRecord(a.meta, loadStudy(single, false).prompts[2]); });
        QVERIFY2(noVectors.find("has no vectors") != std::string::npos, noVectors.c_str());
        const std::string absent = inputErrorOf([&] { loadStudyPrompt(single, 99); });
        QVERIFY2(absent.find("has no record of prompt 99") != std::string::npos, absent.c_str());

        // Resume: an interrupted run (2 prompts) continues where it stopped and ends equal to the single run.
        const std::string resumed = scratchFile(dir, "resumed.h5");
        StudyRequest partial = tinyRequest(resumed);
        partial.limit = 2;
        QCOMPARE(runStudy(partial).computed, int64_t{2});
        QVERIFY(!loadStudy(resumed).meta.complete);
        QVERIFY(std::filesystem::exists(studyPartsDir(resumed)));
        std::filesystem::remove(resumed); // as if killed before the file was written: the parts suffice
        partial.limit = 1;
        const StudyOutcome third = runStudy(partial);
        QCOMPARE(third.resumed, int64_t{2});
        QCOMPARE(third.computed, int64_t{1});
        partial.limit = -1;
        const StudyOutcome rest = runStudy(partial);
        QCOMPARE(rest.resumed, int64_t{3});
        QCOMPARE(rest.computed, int64_t{2});
        const std::string resumeDiff = studyDifference(loadStudy(resumed), a);
        QVERIFY2(resumeDiff.empty(), resumeDiff.c_str());
        QCOMPARE(runStudy(partial).computed, int64_t{0}); // complete: nothing left to do

        // Two shards, merged: equal to the single-process run.
        std::vector<std::string> shards;
        for (int i = 0; i < 2; ++i) {
            StudyRequest shard = tinyRequest(scratchFile(dir, i == 0 ? "shard-0.h5" : "shard-1.h5"));
            shard.shard = {i, 2};
            QCOMPARE(runStudy(shard).computed, int64_t{i == 0 ? 3 : 2});
            shards.push_back(shard.outPath);
        }
        QCOMPARE(loadStudy(shards[1]).prompts.front().prompt.index, int64_t{1});
        // A shard has only the first pass (β needs every prompt's u): its pairs wait for the merge.
        QVERIFY(loadStudy(shards[0]).prompts.front().pairs.empty());
        QCOMPARE(loadStudy(shards[0])
                     .aggregate.children.at("pairs")
                     .children.at("alpha__beta")
                     .scalars.at("joint_pending"),
                 2.0); // prompts 0 and 2 (4 is a stop-word target)
        MergeRequest merge;
        merge.inputs = shards;
        merge.outPath = scratchFile(dir, "merged.h5");
        mergeStudies(merge);
        const std::string mergeDiff = studyDifference(loadStudy(merge.outPath), a);
        QVERIFY2(mergeDiff.empty(), mergeDiff.c_str());

        // A missing shard is named, not silently ignored.
        merge.inputs = {shards[0]};
        const std::string missing = inputErrorOf([&] { mergeStudies(merge); });
        QVERIFY2(missing.find("2 of 5 prompts have no record: 1 (shard 1/2), 3") != std::string::npos,
                 missing.c_str());
        merge.allowPartial = true;
        QVERIFY(!mergeStudies(merge).meta.complete);

        // Re-aggregation with other settings through merge of one file.
        merge.inputs = {single};
        merge.allowPartial = false;
        StudyAggregateOptions strict;
        strict.minUtility = 1e9;
        strict.requireTop1 = false;
        merge.aggregate = strict;
        QCOMPARE(mergeStudies(merge).aggregate.children.at("filters").scalars.at("small_u"), 4.0);
    }

    void promptsSideBySideEqualOneAtATime()
    {
        // The first pass runs prompts on as many threads as --threads (study_prompt_pool.h), each with
        // single-threaded libtorch: the study file must be the same, bit for bit, as one prompt at a time.
        const QString dir = test::scratchDir("study_threads");
        const int threadsBefore = libtorchThreads();
        Study studies[2];
        for (int threads : {1, 2}) {
            StudyRequest request = tinyRequest(scratchFile(dir, threads == 1 ? "one.h5" : "two.h5"));
            request.threads = threads;
            std::vector<std::int64_t> order;
            StudyControl control;
            control.log = [&](const std::string& line) {
                if (line.rfind("[", 0) == 0) // "[k/5] prompt i (...)": delivered in prompt order
                    order.push_back(std::stoll(line.substr(line.find("prompt ") + 7)));
            };
            QCOMPARE(runStudy(request, control).computed, int64_t{5});
            QCOMPARE(order, (std::vector<std::int64_t>{0, 1, 2, 3, 4}));
            studies[threads - 1] = loadStudy(request.outPath);
        }
        setLibtorchThreads(threadsBefore);
        const std::string difference = studyDifference(studies[0], studies[1]);
        QVERIFY2(difference.empty(), difference.c_str());
    }

    void interruptedJointPassResumesFromSavedPairs()
    {
        // The joint pass saves each prompt's pairs into its part as they finish: a run interrupted there
        // keeps them (and the parts), the resumed run reuses them and writes the file of an uninterrupted
        // run.
        const QString dir = test::scratchDir("study_joint_resume");
        StudyRequest reference = tinyRequest(scratchFile(dir, "reference.h5"));
        reference.threads = 1;
        std::vector<ProgressEvent> events;
        StudyControl watched;
        watched.progress = [&](const ProgressEvent& event) { events.push_back(event); };
        runStudy(reference, watched);
        // Structured progress: the prompts (before and after each), the joint pass's extractions, done.
        QCOMPARE(events.size(), size_t{2 * 5 + 1 + 4 + 1});
        QVERIFY(events[0].stage == ProgressStage::Prompts && !events[0].model);
        QCOMPARE(events[0].detail, std::string("0 of 5, prompt 0 (river)"));
        QCOMPARE(events[9].overall, 1.0);
        QVERIFY(events[10].stage == ProgressStage::Pairs && events[10].overall == 0.0);
        QCOMPARE(progressText(events[14]), std::string("joint extraction: 4 of 4 extractions"));
        QCOMPARE(events[14].overall, 1.0);
        QVERIFY(events.back().stage == ProgressStage::Done);

        StudyRequest request = tinyRequest(scratchFile(dir, "interrupted.h5"));
        request.threads = 1;
        std::atomic<bool> cancel{false};
        std::vector<std::string> log;
        StudyControl control;
        control.cancel = &cancel;
        control.log = [&](const std::string& line) {
            log.push_back(line);
            if (line.rfind("joint pass: saved the pairs of prompt", 0) == 0)
                cancel = true; // after the first prompt's pairs are saved
        };
        bool cancelled = false;
        try {
            runStudy(request, control);
        } catch (const CancelledError&) {
            cancelled = true;
        }
        QVERIFY(cancelled);
        QVERIFY(std::filesystem::exists(studyPartsDir(request.outPath))); // the saved pairs are kept
        const Study firstPass = loadStudy(request.outPath);
        for (const PromptRecord& r : firstPass.prompts)
            QVERIFY(r.pairs.empty()); // the file holds the first pass only

        log.clear();
        cancel = false;
        control.log = [&](const std::string& line) { log.push_back(line); };
        runStudy(request, control);
        const auto logged = [&](const std::string& text) {
            return std::find(log.begin(), log.end(), text) != log.end();
        };
        QVERIFY2(logged("joint pass: 3 pair extractions to compute, 1 kept from an earlier run"),
                 qPrintable(QString::fromStdString(log.empty() ? "" : log.back())));
        QVERIFY(!std::filesystem::exists(studyPartsDir(request.outPath)));
        const std::string difference =
            studyDifference(loadStudy(reference.outPath), loadStudy(request.outPath));
        QVERIFY2(difference.empty(), difference.c_str());
    }

    void refusesMismatchedOrDamagedFiles()
    {
        const QString dir = test::scratchDir("study_refusals");
        const std::string out = scratchFile(dir, "s.h5");
        StudyRequest request = tinyRequest(out);
        request.limit = 1;
        runStudy(request);

        StudyRequest other = tinyRequest(out);
        other.run.seed = 9;
        const std::string options = inputErrorOf([&] { runStudy(other); });
        QVERIFY2(options.find("other options (seed: 0 vs 9)") != std::string::npos, options.c_str());

        StudyRequest swapped = tinyRequest(out);
        std::swap(swapped.run.modelDirs[0], swapped.run.modelDirs[1]);
        QVERIFY(inputErrorOf([&] { runStudy(swapped); }).find("other models") != std::string::npos);

        StudyRequest wrongShard = tinyRequest(out);
        wrongShard.shard = {1, 2};
        QVERIFY(inputErrorOf([&] { runStudy(wrongShard); }).find("is shard 0/1") != std::string::npos);

        // The prompt file changed under an existing study.
        const std::string changed = scratchFile(dir, "changed.jsonl");
        std::vector<std::string> lines = test::tinyStudyPromptLines();
        lines[0] = R"({"id": "river", "text": "A different text about the river", "target": "market"})";
        test::writeLines(QString::fromStdString(changed), lines);
        StudyRequest edited = tinyRequest(out);
        edited.promptsFile = changed;
        QVERIFY(inputErrorOf([&] { runStudy(edited); }).find("differs from that prompt") !=
                std::string::npos);

        // Truncated file: a clear error naming it, and the file is left alone.
        const std::string broken = scratchFile(dir, "broken.h5");
        std::filesystem::copy_file(out, broken);
        std::filesystem::resize_file(broken, std::filesystem::file_size(broken) / 2);
        const auto size = std::filesystem::file_size(broken);
        StudyRequest onBroken = tinyRequest(broken);
        const std::string damaged = inputErrorOf([&] { runStudy(onBroken); });
        QVERIFY2(damaged.find(broken) != std::string::npos, damaged.c_str());
        QCOMPARE(std::filesystem::file_size(broken), size);
        QVERIFY(inputErrorOf([&] { loadStudy(broken); }).find(broken) != std::string::npos);

        // Merging files of different studies.
        const std::string otherStudy = scratchFile(dir, "other.h5");
        StudyRequest four = tinyRequest(otherStudy);
        four.run.baseline = "zero";
        four.limit = 1;
        runStudy(four);
        MergeRequest merge;
        merge.inputs = {out, otherStudy};
        merge.outPath = scratchFile(dir, "m.h5");
        QVERIFY(inputErrorOf([&] { mergeStudies(merge); }).find("other options") != std::string::npos);

        // A prompt listing the wrong number of players.
        const std::string wrongN = scratchFile(dir, "wrong_n.jsonl");
        test::writeLines(
            QString::fromStdString(wrongN),
            {R"({"text": "The little girl named Lily", "target": "park", "players": ["little", "girl"]})"});
        StudyRequest n = tinyRequest(scratchFile(dir, "n.h5"));
        n.promptsFile = wrongN;
        QVERIFY(inputErrorOf([&] { runStudy(n); }).find("lists 2 players but the study uses n = 5") !=
                std::string::npos);
    }

    void preFiltersOnTopOneBeforeScoring()
    {
        const QString dir = test::scratchDir("study_top1");
        StudyRequest request = tinyRequest(scratchFile(dir, "s.h5"));
        request.run.scoreAll = false;
        runStudy(request);
        const Study s = loadStudy(request.outPath);
        int skipped = 0;
        for (const PromptRecord& r : s.prompts) {
            if (r.filter == "stop_word_target")
                continue;
            bool allTop1 = true;
            for (const ModelResult& m : r.models) {
                QVERIFY(m.targetRank >= 0);
                allTop1 = allTop1 && m.top1();
            }
            QCOMPARE(r.status == PromptStatus::Skipped, !allTop1);
            if (!allTop1) {
                ++skipped;
                QCOMPARE(r.filter, std::string("top1"));
                QVERIFY(r.models[0].v.empty()); // not scored
            }
        }
        qInfo("top-1 pre-filter skipped %d of 4 prompts", skipped);
        QCOMPARE(s.aggregate.children.at("filters").scalars.at("top1"), static_cast<double>(skipped));
    }
};

QTEST_GUILESS_MAIN(TestStudy)
#include "test_study.moc"
