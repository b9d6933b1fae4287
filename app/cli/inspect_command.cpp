#include "cli/cli_support.h"
#include "cli/commands.h"

#include "common/error.h"
#include "store/result_fields.h"
#include "store/session_file.h"
#include "store/session_summary.h"

#include <cmath>
#include <cstdio>
#include <iostream>
#include <sstream>

// `interlens inspect S.h5 [--json] [--top K]`: what a session file holds, without the GUI. Text by default,
// one JSON object with --json (field names in README.md, next to the HDF5 schema).

namespace interlens::cli {

namespace {

nlohmann::json finiteOrNull(double x)
{
    return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr);
}

nlohmann::json coalitionsJson(const std::vector<double>& values, size_t top,
                              const std::vector<Player>& players)
{
    nlohmann::json out = nlohmann::json::array();
    for (const RankedCoalition& c : topByMagnitude(values, top))
        out.push_back(
            {{"mask", c.mask}, {"players", playerWords(c.mask, players)}, {"value", finiteOrNull(c.value)}});
    return out;
}

nlohmann::json sessionJson(const Session& s, const std::string& path, size_t top)
{
    nlohmann::json players = nlohmann::json::array();
    for (const Player& p : s.meta.players)
        players.push_back({{"word", p.word}, {"span", {p.begin, p.end}}});
    nlohmann::json models = nlohmann::json::array();
    for (const ModelResult& m : s.models) {
        nlohmann::json model = {{"id", m.id},
                                {"status", m.failed() ? "failed" : "ok"},
                                {"path", m.path},
                                {"architecture", m.architecture},
                                {"dtype", m.dtype},
                                {"target_token_id", m.targetTokenId},
                                {"p_target", finiteOrNull(m.pTarget)},
                                {"target_rank", m.targetRank},
                                {"player_token_spans", m.playerTokenSpans},
                                {"top_and", coalitionsJson(m.iAnd, top, s.meta.players)},
                                {"top_or", coalitionsJson(m.iOr, top, s.meta.players)}};
        if (m.failed())
            model["error"] = m.error;
        models.push_back(std::move(model));
    }
    nlohmann::json pairs = nlohmann::json::array();
    for (const PairResult& p : s.pairs) {
        nlohmann::json kappa = nlohmann::json::object();
        for (const auto& [name, value] : kappaGroupValues(p))
            kappa[name] = finiteOrNull(value);
        pairs.push_back({{"a", p.a},
                         {"b", p.b},
                         {"kappa", kappa},
                         {"shared_and", p.sharedAnd},
                         {"shared_or", p.sharedOr}});
    }
    nlohmann::json metrics = nlohmann::json::object();
    for (const auto& [name, value] : s.metrics.scalars)
        metrics[name] = finiteOrNull(value);
    return {{"file", path},
            {"schema_version", s.meta.schemaVersion},
            {"app_version", s.meta.appVersion},
            {"created_utc", s.meta.createdUtc},
            {"prompt", s.meta.prompt},
            {"target", s.meta.targetWord},
            {"players", players},
            {"baseline", s.meta.baseline},
            {"reward_definition", s.meta.rewardDefinition},
            {"solver_settings", s.meta.solverSettings},
            {"models", models},
            {"pairs", pairs},
            {"metrics", metrics}};
}

std::string number(double x, int precision = 4)
{
    if (std::isnan(x))
        return "n/a";
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*g", precision, x);
    return buffer;
}

std::string coalitionText(std::uint64_t mask, const std::vector<Player>& players)
{
    std::string out = "{";
    const std::vector<std::string> words = playerWords(mask, players);
    for (size_t i = 0; i < words.size(); ++i)
        out += (i ? ", " : "") + words[i];
    return out + "}";
}

void printTop(std::ostream& out, const char* label, const std::vector<double>& values, size_t top,
              const std::vector<Player>& players)
{
    const auto ranked = topByMagnitude(values, top);
    if (ranked.empty())
        return;
    out << "    top " << label << ":";
    for (const RankedCoalition& c : ranked)
        out << "  " << coalitionText(c.mask, players) << " " << (c.value >= 0 ? "+" : "") << number(c.value);
    out << '\n';
}

void printText(std::ostream& out, const Session& s, const std::string& path, size_t top)
{
    const SessionMeta& m = s.meta;
    out << "Interlens session " << path << "\n";
    out << "  schema " << m.schemaVersion << ", written by Interlens " << m.appVersion << " at "
        << m.createdUtc << "\n";
    out << "Prompt:   \"" << m.prompt << "\"\n";
    out << "Target:   " << (m.targetWord.empty() ? "(each model's top-1)" : m.targetWord) << "\n";
    out << "Players:  " << m.players.size() << "\n";
    for (size_t i = 0; i < m.players.size(); ++i)
        out << "  " << i << "  " << m.players[i].word << "  [" << m.players[i].begin << ", "
            << m.players[i].end << ")\n";
    out << "Baseline: " << m.baseline << "\n";
    out << "Reward:   " << m.rewardDefinition << "\n";
    if (!m.solverSettings.empty()) {
        out << "Solver:  ";
        for (const auto& [key, value] : m.solverSettings)
            out << " " << key << "=" << value;
        out << "\n";
    }
    if (!m.notes.empty())
        out << "Notes:    " << m.notes << "\n";
    out << "Models:   " << s.models.size() << "\n";
    for (const ModelResult& model : s.models) {
        if (model.failed()) {
            out << "  " << model.id << "  FAILED: " << model.error << "\n";
            continue;
        }
        out << "  " << model.id << "  ok  " << model.architecture << " " << model.dtype << "  target id "
            << model.targetTokenId << "  p(target) " << number(model.pTarget) << "  rank " << model.targetRank
            << "\n";
        printTop(out, "AND", model.iAnd, top, m.players);
        printTop(out, "OR ", model.iOr, top, m.players);
    }
    out << "Pairs:    " << s.pairs.size() << "\n";
    for (const PairResult& p : s.pairs) {
        out << "  " << p.a << " x " << p.b << " ";
        for (const auto& [name, value] : kappaGroupValues(p))
            out << " " << name << "=" << number(value);
        out << "  shared AND " << p.sharedAnd.size() << ", OR " << p.sharedOr.size() << "\n";
    }
    if (!s.metrics.scalars.empty() || !s.metrics.vectors.empty()) {
        out << "Metrics: ";
        for (const auto& [name, value] : s.metrics.scalars)
            out << " " << name << "=" << number(value);
        for (const auto& [name, values] : s.metrics.vectors)
            out << " " << name << "[" << values.size() << "]";
        out << "\n";
    }
}

} // namespace

int runInspect(const QStringList& args)
{
    return guarded([&]() -> int {
        QCommandLineParser parser;
        parser.setApplicationDescription(QStringLiteral("Summary of an Interlens session file."));
        parser.addPositionalArgument(QStringLiteral("file"), QStringLiteral("Session file (.h5)."));
        parser.addOption({QStringLiteral("json"), QStringLiteral("Print one JSON object instead of text.")});
        parser.addOption({QStringLiteral("top"), QStringLiteral("Interactions listed per model (default 5)."),
                          QStringLiteral("K"), QStringLiteral("5")});
        parseOrThrow(parser, QStringLiteral("inspect"), args);
        const QStringList files = parser.positionalArguments();
        if (files.size() != 1)
            throw InputError("inspect: expected exactly one session file, got " +
                             std::to_string(files.size()));
        bool ok = false;
        const int top = parser.value(QStringLiteral("top")).toInt(&ok);
        if (!ok || top < 0)
            throw InputError("inspect: --top: '" + parser.value(QStringLiteral("top")).toStdString() +
                             "' is not a non-negative integer");
        const std::string path = files.front().toStdString();
        const Session session = loadSession(path);
        if (parser.isSet(QStringLiteral("json"))) {
            // Not printJson: a hand-made file may hold invalid UTF-8, which must not turn into an internal
            // error.
            std::cout << sessionJson(session, path, size_t(top))
                             .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                      << '\n';
        } else {
            std::ostringstream text;
            printText(text, session, path, size_t(top));
            std::cout << text.str();
        }
        return 0;
    });
}

} // namespace interlens::cli
