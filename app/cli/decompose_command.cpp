// `interlens decompose --game FILE.json [--mode exact|reference|solver] [options]`: AND/OR interactions of
// given v vectors (method.md §3-§4). FILE.json is {"n": N, "v": [2^N numbers]} or {"n": N, "models": {"A":
// [...], ...}}. Prints one JSON object; every vector is in bitmask order (player j <-> bit j). "I_and"/"I_or"
// are the order <= 1 merged interactions (what statistics use), "I_and_raw"/"I_or_raw" the ones before the
// merge.
#include "cli/cli_support.h"
#include "cli/commands.h"

#include "common/error.h"
#include "common/json_file.h"
#include "common/regular_file.h"
#include "interactions/metrics_json.h"
#include "interactions/metrics_kappa.h"
#include "interactions/sparsify.h"

#include <QFile>

#include <cmath>
#include <string>

namespace interlens::cli {

namespace {

using ordered_json = nlohmann::ordered_json;

struct Game
{
    int n = 0;
    std::vector<std::string> names; // empty for a single "v"
    std::vector<std::vector<double>> vs;
};

std::vector<double> readVector(const ordered_json& value, const std::string& file, const std::string& field,
                               int n)
{
    if (!value.is_array())
        throw InputError(fileMessage(file, field + " must be an array of numbers"));
    const std::size_t expected = std::size_t{1} << n;
    if (value.size() != expected)
        throw InputError(fileMessage(file, field + " has " + std::to_string(value.size()) +
                                               " values, expected 2^n = " + std::to_string(expected)));
    std::vector<double> out;
    out.reserve(expected);
    for (std::size_t s = 0; s < value.size(); ++s) {
        if (!value[s].is_number())
            throw InputError(fileMessage(file, field + "[" + std::to_string(s) + "] is not a number"));
        const double x = value[s].get<double>();
        if (!std::isfinite(x))
            throw InputError(fileMessage(file, field + "[" + std::to_string(s) + "] is not finite"));
        out.push_back(x);
    }
    return out;
}

Game readGame(const QString& path)
{
    const std::string file = path.toStdString();
    const std::string bytes = readRegularFile(file, kMaxTextInputBytes, "a game file (JSON)");
    ordered_json root;
    try {
        root = ordered_json::parse(bytes);
    } catch (const nlohmann::json::exception& e) {
        throw InputError(fileMessage(file, "not valid JSON: " + jsonErrorWithoutContent(e)));
    }
    if (!root.is_object())
        throw InputError(fileMessage(file, "expected a JSON object with \"n\" and \"v\" or \"models\""));
    if (!root.contains("n") || !root.at("n").is_number_integer())
        throw InputError(fileMessage(file, "missing integer field \"n\" (the number of players)"));
    Game game;
    const long long n = root.at("n").get<long long>();
    if (n < 1 || n > 20)
        throw InputError(fileMessage(file, "n = " + std::to_string(n) + " is out of range (1 <= n <= 20)"));
    game.n = static_cast<int>(n);
    const bool hasV = root.contains("v");
    const bool hasModels = root.contains("models");
    if (hasV == hasModels)
        throw InputError(fileMessage(file, "give exactly one of \"v\" (one model) and \"models\" (several)"));
    if (hasV) {
        game.vs.push_back(readVector(root.at("v"), file, "v", game.n));
        return game;
    }
    const ordered_json& models = root.at("models");
    if (!models.is_object() || models.empty())
        throw InputError(fileMessage(file, "\"models\" must be a non-empty object {name: [2^n numbers]}"));
    for (const auto& [name, values] : models.items()) {
        game.names.push_back(name);
        game.vs.push_back(readVector(values, file, "models." + name, game.n));
    }
    return game;
}

double numberOption(const QCommandLineParser& parser, const QString& name, double fallback)
{
    if (!parser.isSet(name))
        return fallback;
    bool ok = false;
    const double value = parser.value(name).toDouble(&ok);
    if (!ok || !std::isfinite(value))
        throw InputError("--" + name.toStdString() + ": '" + parser.value(name).toStdString() +
                         "' is not a number");
    return value;
}

int intOption(const QCommandLineParser& parser, const QString& name, int fallback, int minimum)
{
    if (!parser.isSet(name))
        return fallback;
    bool ok = false;
    const int value = parser.value(name).toInt(&ok);
    if (!ok || value < minimum)
        throw InputError("--" + name.toStdString() + ": expected an integer >= " + std::to_string(minimum) +
                         ", got '" + parser.value(name).toStdString() + "'");
    return value;
}

nlohmann::json finiteOrNull(double x)
{
    return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr);
}

nlohmann::json modelJson(const AndOrResult& r)
{
    return {{"I_and", r.iAnd},  {"I_or", r.iOr}, {"I_and_raw", r.iAndRaw}, {"I_or_raw", r.iOrRaw},
            {"gamma", r.gamma}, {"q", r.q},      {"q_bound", r.qBound},    {"l1", r.loss}};
}

nlohmann::json singleJson(const SingleResult& r, const char* mode)
{
    nlohmann::json out = modelJson(r);
    out["mode"] = mode;
    out["loss"] = r.loss;
    out["lower_bound"] = finiteOrNull(r.lowerBound);
    out["gap"] = finiteOrNull(r.gap);
    out["converged"] = r.converged;
    out["iterations"] = r.iterations;
    return out;
}

nlohmann::json jointJson(const JointResult& r, const std::vector<std::string>& names)
{
    nlohmann::json results = nlohmann::json::object();
    for (std::size_t i = 0; i < names.size(); ++i) {
        nlohmann::json m = modelJson(r.models[i]);
        m["gamma_own"] = r.gammaOwn.size() > i ? nlohmann::json(r.gammaOwn[i]) : nlohmann::json(nullptr);
        m["p_bound"] = r.pBound[i];
        results[names[i]] = std::move(m);
    }
    return {{"models", names},
            {"loss", r.loss},
            {"lower_bound", finiteOrNull(r.lowerBound)},
            {"gap", finiteOrNull(r.gap)},
            {"converged", r.converged},
            {"alpha", r.alpha},
            {"iterations", r.iterations},
            {"gamma_shared", r.gammaShared},
            {"results", std::move(results)}};
}

// Shared interactions (salient in both, same type and coalition; method.md §5 defaults) and κ with its
// variants (§6.6) of two models' results on this game.
nlohmann::json sharingJson(const AndOrResult& a, const AndOrResult& b, const std::vector<double>& va,
                           const std::vector<double>& vb)
{
    const std::vector<ModelPrompt> pa{{a.iAnd, a.iOr, va}};
    const std::vector<ModelPrompt> pb{{b.iAnd, b.iOr, vb}};
    const PairSharing sharing = sharePair(pa, pb, SharedOptions{});
    return {{"shared", toJson(sharing.shared.front())}, {"kappa", toJson(kappaOf(pa, pb, sharing))}};
}

nlohmann::json allPairsSharing(const std::vector<AndOrResult>& results, const Game& game)
{
    nlohmann::json list = nlohmann::json::array();
    for (std::size_t i = 0; i < results.size(); ++i)
        for (std::size_t j = i + 1; j < results.size(); ++j) {
            nlohmann::json entry = sharingJson(results[i], results[j], game.vs[i], game.vs[j]);
            entry["models"] = {game.names[i], game.names[j]};
            list.push_back(std::move(entry));
        }
    return list;
}

} // namespace

int runDecompose(const QStringList& args)
{
    return guarded([&]() -> int {
        QCommandLineParser parser;
        parser.setApplicationDescription(QStringLiteral(
            "AND/OR (Harsanyi) interactions of v vectors over all 2^n subsets (bitmask order, player j <-> "
            "bit j). "
            "FILE.json: {\"n\":N,\"v\":[...]} or {\"n\":N,\"models\":{\"A\":[...],\"B\":[...]}}."));
        parser.addOptions({
            {QStringLiteral("game"), QStringLiteral("JSON file with the game(s)."), QStringLiteral("FILE")},
            {QStringLiteral("mode"),
             QStringLiteral(
                 "exact (no split: I_and = M v, I_or = M_or v), reference (the lab's SGD, step for step) "
                 "or solver (optimal, with duality gap; default)."),
             QStringLiteral("MODE"), QStringLiteral("solver")},
            {QStringLiteral("pairing"),
             QStringLiteral("several models: pairwise (default), all (one joint problem) or independent."),
             QStringLiteral("P"), QStringLiteral("pairwise")},
            {QStringLiteral("qthres"),
             QStringLiteral("|q| <= qthres·|v(N) - v(∅)| (default 0.04 single/independent, 0.02 joint)."),
             QStringLiteral("X")},
            {QStringLiteral("alpha"), QStringLiteral("joint loss weight α (default 0.1)."),
             QStringLiteral("X")},
            {QStringLiteral("pthres"), QStringLiteral("joint |γ̂_i| <= pthres·average output (default 0.5)."),
             QStringLiteral("X")},
            {QStringLiteral("average-output"),
             QStringLiteral(
                 "joint: per-model mean signed v(N) - v(∅) over the prompt batch, comma-separated in "
                 "model order (default: this game's own)."),
             QStringLiteral("A,B,...")},
            {QStringLiteral("lr"),
             QStringLiteral("reference: learning rate (default 1e-6 single, decayed to lr/10; 1e-7 joint, "
                            "constant)."),
             QStringLiteral("X")},
            {QStringLiteral("iterations"),
             QStringLiteral("reference: iterations (default 50000 single, 20000 joint)."),
             QStringLiteral("K")},
            {QStringLiteral("tolerance"),
             QStringLiteral("solver: relative duality gap to stop at (default 1e-6)."), QStringLiteral("X")},
            {QStringLiteral("max-iterations"),
             QStringLiteral("solver: step budget (simplex pivots of the exact method, then primal-dual steps "
                            "of its fallback; default 50000)."),
             QStringLiteral("K")},
        });
        parseOrThrow(parser, QStringLiteral("decompose"), args);
        const QString path = requiredValue(parser, QStringLiteral("game"));
        const std::string modeText = parser.value(QStringLiteral("mode")).toStdString();
        const bool exact = modeText == "exact";
        const SparsifyMode mode = exact ? SparsifyMode::Solver : parseSparsifyMode(modeText);
        const PairingMode pairing = parsePairingMode(parser.value(QStringLiteral("pairing")).toStdString());
        const Game game = readGame(path);

        SparsifyOptions single;
        single.mode = mode;
        single.qThreshold = numberOption(parser, QStringLiteral("qthres"), 0.04);
        single.learningRate = numberOption(parser, QStringLiteral("lr"), single.learningRate);
        single.iterations = intOption(parser, QStringLiteral("iterations"), single.iterations, 1);
        single.tolerance = numberOption(parser, QStringLiteral("tolerance"), single.tolerance);
        single.maxIterations = intOption(parser, QStringLiteral("max-iterations"), single.maxIterations, 1);
        single.recording = LossRecording::None;
        JointOptions joint;
        joint.mode = mode;
        joint.qThreshold = numberOption(parser, QStringLiteral("qthres"), 0.02);
        joint.alpha = numberOption(parser, QStringLiteral("alpha"), joint.alpha);
        joint.pThreshold = numberOption(parser, QStringLiteral("pthres"), joint.pThreshold);
        joint.learningRate = numberOption(parser, QStringLiteral("lr"), joint.learningRate);
        joint.iterations = intOption(parser, QStringLiteral("iterations"), joint.iterations, 1);
        joint.tolerance = single.tolerance;
        joint.maxIterations = single.maxIterations;
        joint.recording = LossRecording::None;
        if (parser.isSet(QStringLiteral("average-output"))) {
            for (const QString& part :
                 parser.value(QStringLiteral("average-output")).split(QLatin1Char(','))) {
                bool ok = false;
                joint.averageOutput.push_back(part.trimmed().toDouble(&ok));
                if (!ok)
                    throw InputError("--average-output: '" + part.toStdString() + "' is not a number");
            }
            if (joint.averageOutput.size() != game.vs.size())
                throw InputError("--average-output: " + std::to_string(joint.averageOutput.size()) +
                                 " values for " + std::to_string(game.vs.size()) + " models");
        }
        if (single.qThreshold < 0.0 || joint.qThreshold < 0.0)
            throw InputError("--qthres must be >= 0");

        nlohmann::json out = {{"n", game.n}, {"mode", exact ? "exact" : sparsifyModeName(mode)}};
        if (game.names.empty()) {
            const SingleResult r = exact ? decomposeExact(game.vs[0]) : sparsify(game.vs[0], single);
            nlohmann::json body = singleJson(r, exact ? "exact" : sparsifyModeName(mode));
            body["n"] = game.n;
            printJson(body);
            return 0;
        }
        out["models"] = game.names;
        if (exact || pairing == PairingMode::Independent || game.vs.size() == 1) {
            out["pairing"] = "independent";
            nlohmann::json results = nlohmann::json::object();
            std::vector<AndOrResult> perModel;
            for (std::size_t i = 0; i < game.vs.size(); ++i) {
                const SingleResult r = exact ? decomposeExact(game.vs[i]) : sparsify(game.vs[i], single);
                results[game.names[i]] = singleJson(r, exact ? "exact" : sparsifyModeName(mode));
                perModel.push_back(r);
            }
            out["results"] = std::move(results);
            out["sharing"] = allPairsSharing(perModel, game);
            printJson(out);
            return 0;
        }
        out["pairing"] = pairingModeName(pairing);
        const MultiModelResult r = sparsifyModels(game.vs, pairing, joint, single);
        if (pairing == PairingMode::AllModels) {
            out["joint"] = jointJson(r.all, game.names);
            out["sharing"] = allPairsSharing(r.all.models, game);
        } else {
            nlohmann::json pairs = nlohmann::json::array();
            for (const PairJointResult& p : r.pairs) {
                const auto a = static_cast<std::size_t>(p.first);
                const auto b = static_cast<std::size_t>(p.second);
                pairs.push_back(jointJson(p.joint, {game.names[a], game.names[b]}));
                pairs.back()["sharing"] =
                    sharingJson(p.joint.models[0], p.joint.models[1], game.vs[a], game.vs[b]);
            }
            out["pairs"] = std::move(pairs);
        }
        printJson(out);
        return 0;
    });
}

} // namespace interlens::cli
