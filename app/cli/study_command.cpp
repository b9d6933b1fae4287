#include "cli/cli_support.h"
#include "cli/commands.h"
#include "cli/interrupt.h"
#include "cli/model_arguments.h"
#include "cli/progress.h"

#include "common/error.h"
#include "common/progress_event.h"
#include "common/regular_file.h"
#include "interactions/metrics_json.h"
#include "interactions/shared_salient.h"
#include "interactions/sparsify.h"
#include "model/runtime.h"
#include "store/v_cache.h"
#include "study/study_aggregate_view.h"
#include "study/study_certificate.h"
#include "study/study_file.h"
#include "study/study_merge.h"
#include "study/study_prompts.h"
#include "study/study_runner.h"

#include <atomic>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

namespace interlens::cli {

namespace {

int intValue(const QCommandLineParser& parser, const QString& name, int min, int max)
{
    bool ok = false;
    const int value = parser.value(name).toInt(&ok);
    if (!ok || value < min || value > max)
        throw InputError("--" + name.toStdString() + ": \"" + parser.value(name).toStdString() +
                         "\" is not a whole number from " + std::to_string(min) + " to " +
                         std::to_string(max));
    return value;
}

double doubleValue(const QCommandLineParser& parser, const QString& name)
{
    bool ok = false;
    const double value = parser.value(name).toDouble(&ok);
    if (!ok || !(value >= 0.0))
        throw InputError("--" + name.toStdString() + ": \"" + parser.value(name).toStdString() +
                         "\" is not a non-negative number");
    return value;
}

void addAggregateOptions(QCommandLineParser& parser)
{
    parser.addOption({"min-u",
                      "drop prompts where any model's |u| = |v(N) - v(empty)| is below X (default 1.0)", "X",
                      "1.0"});
    parser.addOption({"no-top1-filter", "keep prompts whose target is not every model's top-1"});
    parser.addOption({"top1",
                      "top-1 filter per pair (a pair keeps a prompt when both its models rank the target "
                      "first; default) or all (every model must)",
                      "pair|all", "pair"});
    parser.addOption({"cancellation",
                      "primary cancellation ratio: per_prompt (default) or pooled over prompts",
                      "per_prompt|pooled", "per_prompt"});
    parser.addOption(
        {"salient-rule", "utility, relative, top-fraction or top-k (default utility)", "R", "utility"});
    parser.addOption({"salient-coefficient", "c of the salient rule (default 0.03)", "C", "0.03"});
    parser.addOption({"require-same-sign", "shared interactions must have the same sign in both models"});
}

bool anyAggregateOptionSet(const QCommandLineParser& parser)
{
    for (const char* name : {"min-u", "no-top1-filter", "top1", "cancellation", "salient-rule",
                             "salient-coefficient", "require-same-sign"})
        if (parser.isSet(name))
            return true;
    return false;
}

StudyAggregateOptions aggregateOptions(const QCommandLineParser& parser)
{
    StudyAggregateOptions options;
    options.minUtility = doubleValue(parser, "min-u");
    options.requireTop1 = !parser.isSet("no-top1-filter");
    options.top1 = checkedTop1Scope(parser.value("top1").toStdString(), "--top1");
    options.cancellation = parser.value("cancellation").toStdString();
    if (options.cancellation != "per_prompt" && options.cancellation != "pooled")
        throw InputError("--cancellation: \"" + options.cancellation + "\" is not per_prompt or pooled");
    options.shared.salient.rule = parseSalientRule(parser.value("salient-rule").toStdString());
    options.shared.salient.coefficient = doubleValue(parser, "salient-coefficient");
    options.shared.requireSameSign = parser.isSet("require-same-sign");
    return options;
}

// A short human-readable account of a study: filters and the κ matrix.
void printSummary(const Study& study, const std::string& path)
{
    const AggNode& a = study.aggregate;
    std::ostringstream out;
    out << path << ": " << study.prompts.size() << " of " << study.meta.promptCount << " prompts";
    if (study.meta.shardCount > 1)
        out << " (shard " << study.meta.shardIndex << "/" << study.meta.shardCount << ")";
    out << (study.meta.complete ? ", complete" : ", incomplete");
    if (const std::string c = certificateSummaryText(studyCertificate(study)); !c.empty())
        out << ", " << c;
    out << "\n";
    if (const std::optional<FilterCounts> f = filterCounts(a)) {
        out << "  kept " << f->kept << "; removed:";
        for (const auto& [name, count] :
             {std::pair{"stop_word_target", f->stopWordTarget}, std::pair{"players", f->players},
              std::pair{"top1", f->top1}, std::pair{"small_u", f->smallU},
              std::pair{"model_error", f->modelError}, std::pair{"error", f->error},
              std::pair{"pending", f->pending}})
            out << " " << name << " " << count;
        out << "\n";
    }
    if (const std::optional<KappaMatrices> k = kappaMatrices(a))
        if (const std::vector<double>* kappa = k->variant("kappa"))
            for (std::size_t i = 0; i < k->models.size(); ++i)
                for (std::size_t j = i + 1; j < k->models.size(); ++j)
                    out << "  kappa " << k->models[i] << " / " << k->models[j] << ": "
                        << (*kappa)[i * k->models.size() + j] << "\n";
    std::cerr << out.str();
}

nlohmann::json summaryJson(const Study& study, const std::string& path)
{
    nlohmann::json j = {{"file", path},
                        {"prompts", study.meta.promptCount},
                        {"records", study.prompts.size()},
                        {"complete", study.meta.complete},
                        {"shard", {study.meta.shardIndex, study.meta.shardCount}}};
    j["certificate"] = certificateJson(studyCertificate(study));
    const AggNode& a = study.aggregate;
    if (const std::optional<FilterCounts> f = filterCounts(a)) {
        nlohmann::json filters = nlohmann::json::object();
        for (const FilterCountField& field : filterCountFields())
            filters[field.name] = (*f).*field.member;
        j["filters"] = filters;
    }
    if (const std::optional<KappaMatrices> k = kappaMatrices(a)) {
        nlohmann::json kappa = {{"models", k->models}};
        for (const auto& [name, values] : k->variants) {
            nlohmann::json row = nlohmann::json::array();
            for (double v : values)
                row.push_back(std::isfinite(v) ? nlohmann::json(v) : nlohmann::json());
            kappa[name] = row;
        }
        j["kappa"] = kappa;
    }
    return j;
}

int makePrompts(const QCommandLineParser& parser)
{
    const std::string input = parser.value("make-prompts").toStdString();
    const std::string out = requiredValue(parser, "out").toStdString();
    const std::string text = readRegularFile(input, kMaxTextInputBytes, "a text file");
    MakePromptsOptions options;
    options.players = intValue(parser, "players", 1, 24);
    options.seed = static_cast<std::uint32_t>(intValue(parser, "seed", 0, 2147483647));
    options.minWords = intValue(parser, "min-words", 1, 100000);
    options.maxWords = intValue(parser, "max-words", options.minWords, 100000);
    options.linePerParagraph = parser.isSet("line-per-paragraph");
    if (parser.isSet("id-prefix"))
        options.idPrefix = parser.value("id-prefix").toStdString();
    std::size_t skipped = 0;
    const std::vector<StudyPrompt> prompts = makePromptsFromText(text, options, &skipped);
    if (prompts.empty())
        throw InputError(
            fileMessage(input, "no paragraph is long enough for a prompt (" + std::to_string(skipped) +
                                   " paragraphs; need at least --min-words words and " +
                                   std::to_string(options.players) + " non-stop words before a target)"));
    writePromptFile(prompts, out);
    printJson({{"file", out}, {"prompts", prompts.size()}, {"skipped_paragraphs", skipped}});
    return 0;
}

} // namespace

// interlens study --prompts FILE.jsonl --model DIR [--model DIR ...] --out study.h5 [--shard i/N] ...
// interlens study --make-prompts TEXT.txt --out prompts.jsonl [--players N --seed S ...]
int runStudy(const QStringList& args)
{
    return guarded([&]() -> int {
        QCommandLineParser parser;
        parser.setApplicationDescription(
            "A dataset study: every prompt of a JSONL file x every model, filtered and aggregated (method.md "
            "§2.1, §6, §9) into one HDF5 file. Resumable; --shard i/N runs a slice (default from Slurm's "
            "SLURM_ARRAY_TASK_ID/COUNT); `interlens merge` combines the slices.\n"
            "With --make-prompts TEXT.txt it builds a prompt file from plain text instead.");
        parser.addOption({"prompts", "prompt file (JSONL: text, target, players, id)", "FILE"});
        parser.addOption({"model",
                          "model folder or hub id org/name[@revision] (local cache); repeat for several "
                          "(default: the bundled models)",
                          "DIR"});
        parser.addOption({"out", "the study file to write (or the JSONL with --make-prompts)", "FILE"});
        parser.addOption({"players", "n, the number of player words per prompt (default 10)", "N", "10"});
        parser.addOption({"seed", "seed for drawing players when a prompt lists none (default 0)", "S", "0"});
        parser.addOption(
            {"baseline",
             "zero, mean, pad, unk, eos, learned (trained on the study's own prompts, cached) or "
             "FILE.f32 (default mean)",
             "B", "mean"});
        parser.addOption({"mode", "sparsification: solver or reference (default solver)", "M", "solver"});
        parser.addOption({"plain", "score every mask as a full sequence instead of the KV-cache trie"});
        parser.addOption(
            {"score-all", "also score prompts that fail the top-1 filter (for the no-filter variant)"});
        parser.addOption({"max-players", "the exact limit on n (default 16)", "N", "16"});
        parser.addOption(
            {"shard", "run slice i of N (0-based; default from SLURM_ARRAY_TASK_ID/COUNT, else 0/1)", "i/N"});
        parser.addOption({"threads",
                          "prompts and joint extractions side by side, one thread each (default: "
                          "SLURM_CPUS_PER_TASK, else all cores)",
                          "T"});
        parser.addOption(
            {"keep-parts", "keep FILE.parts/ (one file per finished prompt) after writing FILE"});
        parser.addOption({"v-cache", "read and write v vectors in this cache file (off by default)", "FILE"});
        parser.addOption({"limit", "compute at most K new prompts, then write the file", "K"});
        parser.addOption({"device", "auto, cpu or cuda[:N] (default auto)", "D", "auto"});
        // Studies stay in float32 (on a GPU too) unless asked: the numbers are compared across models and
        // runs.
        parser.addOption({"dtype", "float32, bfloat16, float16 or auto (default float32)", "P", "float32"});
        parser.addOption({"json", "print a JSON summary on stdout"});
        parser.addOption({"quiet", "no progress on stderr (errors and the summary still appear)"});
        parser.addOption(
            {"make-prompts", "build a prompt file from plain text (paragraphs) and exit", "TEXT"});
        parser.addOption(
            {"min-words", "--make-prompts: words before the target, at least (default 20)", "W", "20"});
        parser.addOption(
            {"max-words", "--make-prompts: words before the target, at most (default 100)", "W", "100"});
        parser.addOption({"line-per-paragraph", "--make-prompts: every non-empty line is a paragraph"});
        parser.addOption({"id-prefix", "--make-prompts: prefix of the prompt ids (default p)", "P"});
        addAggregateOptions(parser);
        parseOrThrow(parser, "study", args);
        if (parser.isSet("make-prompts"))
            return makePrompts(parser);

        StudyRequest request;
        request.promptsFile = requiredValue(parser, "prompts").toStdString();
        request.outPath = requiredValue(parser, "out").toStdString();
        request.run.modelDirs = modelDirsOrBundled(parser, "study");
        request.run.maxPlayers = intValue(parser, "max-players", 1, 24);
        request.run.players = intValue(parser, "players", 1, request.run.maxPlayers);
        request.run.seed = static_cast<std::uint32_t>(intValue(parser, "seed", 0, 2147483647));
        request.run.baseline = parser.value("baseline").toStdString();
        request.run.mode = parseSparsifyMode(parser.value("mode").toStdString());
        request.run.plainScoring = parser.isSet("plain");
        request.run.scoreAll = parser.isSet("score-all");
        request.run.device =
            chooseDevice(parser.value("device").toStdString(), parser.value("dtype").toStdString());
        request.aggregate = aggregateOptions(parser);
        request.run.top1 = request.aggregate.top1;
        request.shard =
            parser.isSet("shard") ? parseShard(parser.value("shard").toStdString()) : shardFromEnvironment();
        if (parser.isSet("threads"))
            request.threads = intValue(parser, "threads", 1, 1024);
        else if (const char* cpus = std::getenv("SLURM_CPUS_PER_TASK"); cpus && std::atoi(cpus) > 0)
            request.threads = std::atoi(cpus);
        request.keepParts = parser.isSet("keep-parts");
        if (parser.isSet("v-cache")) {
            request.useCache = true;
            request.cachePath = parser.value("v-cache").toStdString();
            VCache(request.cachePath)
                .checkPath(); // a typo naming a study or a folder: refuse before any work
        }
        if (parser.isSet("limit"))
            request.limit = intValue(parser, "limit", 0, 2147483647);

        ProgressBar progress(ProgressBar::styleFor(parser.isSet("quiet")));
        StudyControl control;
        control.cancel = Interrupt::install();
        control.log = [&progress](const std::string& line) { progress.message("study: " + line); };
        control.progress = [&progress](const ProgressEvent& event) {
            progress.fractionOnTerminal(event.overall, progressText(event));
        };
        try {
            runStudy(request, control);
        } catch (const CancelledError&) {
            progress.finish();
            std::cerr
                << "study: interrupted; the finished prompts are written, run the same command again to "
                   "continue\n";
            return Interrupt::exitCode();
        }
        progress.finish();
        const Study study = loadStudy(request.outPath, false);
        printSummary(study, request.outPath);
        if (parser.isSet("json"))
            printJson(summaryJson(study, request.outPath));
        return 0;
    });
}

// interlens merge study-*.h5 --out study.h5 [--allow-partial] [aggregation options]
int runMerge(const QStringList& args)
{
    return guarded([&]() -> int {
        QCommandLineParser parser;
        parser.setApplicationDescription("Combines the files of one study (the shards of `interlens study "
                                         "--shard i/N`) into one study file "
                                         "with all per-prompt records and the aggregates. Also re-aggregates "
                                         "one file with other settings.");
        parser.addPositionalArgument("FILES", "study files to merge", "FILE...");
        parser.addOption({"out", "the merged study file", "FILE"});
        parser.addOption({"allow-partial", "write the result even when some prompts have no record"});
        parser.addOption({"threads", "threads for the joint pass (default: libtorch's count)", "T"});
        parser.addOption({"json", "print a JSON summary on stdout"});
        addAggregateOptions(parser);
        parseOrThrow(parser, "merge", args);
        MergeRequest request;
        for (const QString& file : parser.positionalArguments())
            request.inputs.push_back(file.toStdString());
        request.outPath = requiredValue(parser, "out").toStdString();
        request.allowPartial = parser.isSet("allow-partial");
        if (parser.isSet("threads"))
            request.threads = intValue(parser, "threads", 1, 1024);
        if (anyAggregateOptionSet(parser))
            request.aggregate = aggregateOptions(parser);
        const Study study = mergeStudies(request);
        printSummary(study, request.outPath);
        if (parser.isSet("json"))
            printJson(summaryJson(study, request.outPath));
        return 0;
    });
}

} // namespace interlens::cli
