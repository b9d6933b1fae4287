#include "cli/cli_support.h"
#include "cli/commands.h"
#include "cli/interrupt.h"
#include "cli/model_arguments.h"
#include "cli/progress.h"

#include "common/error.h"
#include "explain/explain_run.h"
#include "store/result_fields.h"
#include "store/session_file.h"

#include <QTextStream>

#include <iostream>

namespace interlens::cli {

namespace {

// The run statistics and the extraction's certificate, by the names the files use.
std::map<std::string, double> statsOf(const ModelResult& m)
{
    std::map<std::string, double> stats = m.extraScalars;
    stats.merge(certificateValues(m.certificate, "sparsify_"));
    return stats;
}

nlohmann::json sessionJson(const Session& session)
{
    nlohmann::json players = nlohmann::json::array();
    for (const Player& p : session.meta.players)
        players.push_back({{"word", p.word}, {"span", {p.begin, p.end}}});
    nlohmann::json models = nlohmann::json::array();
    for (const ModelResult& m : session.models) {
        nlohmann::json model = {{"id", m.id}, {"path", m.path}, {"status", m.failed() ? "failed" : "ok"}};
        if (m.failed()) {
            model["error"] = m.error;
        } else {
            model.update({{"architecture", m.architecture},
                          {"tokens", m.tokenStrings},
                          {"token_ids", m.tokenIds},
                          {"player_token_spans", m.playerTokenSpans},
                          {"target_token_id", m.targetTokenId},
                          {"p_target", m.pTarget},
                          {"target_rank", m.targetRank},
                          {"v", m.v},
                          {"I_and", m.iAnd},
                          {"I_or", m.iOr},
                          {"gamma", m.gamma},
                          {"q", m.q},
                          {"stats", statsOf(m)},
                          {"converged", m.solverConverged()}});
        }
        models.push_back(model);
    }
    const bool allTop1 = std::all_of(session.models.begin(), session.models.end(),
                                     [](const ModelResult& m) { return !m.failed() && m.targetRank == 0; });
    nlohmann::json pairs = nlohmann::json::array();
    for (const PairResult& p : session.pairs)
        pairs.push_back({{"a", p.a},
                         {"b", p.b},
                         {"shared_and", p.sharedAnd},
                         {"shared_or", p.sharedOr},
                         {"kappa", kappaGroupValues(p)},
                         {"converged", p.solverConverged()}});
    return {{"prompt", session.meta.prompt},
            {"target", session.meta.targetWord},
            {"players", players},
            {"baseline", session.meta.baseline},
            {"target_is_every_models_top1", allTop1},
            {"models", models},
            {"pairs", pairs}};
}

} // namespace

// interlens explain --model DIR [--model DIR ...] --prompt T --players "w1,w2"|auto:N [--target WORD] ...
int runExplain(const QStringList& args)
{
    return guarded([&]() -> int {
        QCommandLineParser parser;
        parser.setApplicationDescription("Shared AND/OR interactions of several models on one prompt.");
        parser.addOption({"model",
                          "model folder (config.json, safetensors, tokenizer.json) or hub id "
                          "org/name[@revision] in the local Hugging Face cache; repeat for several "
                          "(default: the bundled models)",
                          "DIR"});
        parser.addOption({"prompt", "the prompt (UTF-8)", "T"});
        parser.addOption({"players",
                          "comma-separated words of the prompt (word#2: second occurrence) or auto:N "
                          "(default auto:8)",
                          "W", "auto:8"});
        parser.addOption({"seed", "seed for auto:N (default 0)", "S", "0"});
        parser.addOption({"target", "target word (default: each model's own top-1 next token)", "WORD"});
        parser.addOption(
            {"baseline", "zero, mean, pad, unk, eos, learned or FILE.f32 (default mean)", "B", "mean"});
        parser.addOption(
            {"baseline-epochs", "epochs of the learned baseline's training (default 100)", "E", "100"});
        parser.addOption({"mode", "sparsification: solver or reference (default solver)", "M", "solver"});
        parser.addOption({"max-players", "the exact limit on n (default 16)", "N", "16"});
        parser.addOption({"plain", "score every mask as a full sequence instead of the KV-cache trie"});
        parser.addOption({"no-cache", "neither read nor write the v cache"});
        parser.addOption({"device", "auto, cpu or cuda[:N] (default auto)", "D", "auto"});
        parser.addOption({"dtype", "auto, float32, bfloat16 or float16 (default auto)", "P", "auto"});
        parser.addOption({"out", "save the session to this HDF5 file", "S.h5"});
        parser.addOption({"json", "print the results as JSON on stdout"});
        parser.addOption({"quiet", "no progress on stderr"});
        parseOrThrow(parser, "explain", args);

        ExplainRequest request;
        request.modelDirs = modelDirsOrBundled(parser, "explain");
        request.prompt = requiredValue(parser, "prompt").toStdString();
        request.players = parser.value("players").toStdString();
        request.targetWord = parser.value("target").toStdString();
        request.baseline = parser.value("baseline").toStdString();
        bool ok = false;
        request.seed = parser.value("seed").toUInt(&ok);
        if (!ok)
            throw InputError("explain: --seed must be a non-negative integer");
        request.maxPlayers = parser.value("max-players").toInt(&ok);
        if (!ok || request.maxPlayers < 1 || request.maxPlayers > 24)
            throw InputError("explain: --max-players must be an integer from 1 to 24");
        request.learnedBaseline.epochs = parser.value("baseline-epochs").toInt(&ok);
        if (!ok || request.learnedBaseline.epochs < 1)
            throw InputError("explain: --baseline-epochs must be a positive integer");
        request.single.mode = request.joint.mode = parseSparsifyMode(parser.value("mode").toStdString());
        request.plainScoring = parser.isSet("plain");
        request.useCache = !parser.isSet("no-cache");
        request.device =
            chooseDevice(parser.value("device").toStdString(), parser.value("dtype").toStdString());

        ProgressBar progress(ProgressBar::styleFor(parser.isSet("quiet")));
        RunControl control;
        control.progress = [&progress](const ProgressEvent& event) {
            progress.fraction(event.overall, progressText(event));
        };
        control.cancel = Interrupt::install();
        Session session;
        try {
            session = runExplain(request, control);
        } catch (const CancelledError&) {
            progress.finish();
            std::cerr << "explain: interrupted before any result was complete; nothing written\n";
            return Interrupt::exitCode();
        }
        progress.finish();
        if (parser.isSet("out"))
            saveSession(session, parser.value("out").toStdString());
        if (parser.isSet("json")) {
            printJson(sessionJson(session));
        } else {
            QTextStream out(stdout);
            for (const ModelResult& m : session.models)
                if (m.failed())
                    out << QString::fromStdString(m.id) << ": failed: " << QString::fromStdString(m.error)
                        << "\n";
                else
                    out << QString::fromStdString(m.id) << ": p(target) " << m.pTarget << ", rank "
                        << m.targetRank << (m.solverConverged() ? "" : ", NOT CONVERGED") << "\n";
            for (const PairResult& p : session.pairs)
                out << QString::fromStdString(p.a) << " / " << QString::fromStdString(p.b) << ": kappa "
                    << p.primaryKappa() << ", shared AND " << p.sharedAnd.size() << ", shared OR "
                    << p.sharedOr.size() << (p.solverConverged() ? "" : ", joint extraction NOT CONVERGED")
                    << "\n";
        }
        const bool anyFailed = std::any_of(session.models.begin(), session.models.end(),
                                           [](const ModelResult& m) { return m.failed(); });
        return anyFailed ? 2 : 0;
    });
}

} // namespace interlens::cli
