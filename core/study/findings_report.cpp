#include "study/findings_report.h"

#include "common/error.h"
#include "store/atomic_file.h"
#include "study/study_findings.h"

#include <QByteArray>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace interlens {

namespace {

double valueOf(const nlohmann::json& x)
{
    return x.is_number() ? x.get<double>() : std::nan("");
}

std::string escaped(const std::string& text)
{
    std::string out;
    for (char c : text) {
        if (c == '<')
            out += "&lt;";
        else if (c == '>')
            out += "&gt;";
        else if (c == '&')
            out += "&amp;";
        else if (c == '"')
            out += "&quot;";
        else
            out += c;
    }
    return out;
}

std::string ciOf(const nlohmann::json& value, const nlohmann::json& ci)
{
    if (!value.is_number())
        return "n/a";
    return fixedText(valueOf(value)) + " [" + fixedText(valueOf(ci[0])) + ", " + fixedText(valueOf(ci[1])) +
           "]";
}

std::string svgText(double x, double y, const std::string& text, const char* anchor = "start", int size = 12)
{
    std::ostringstream s;
    s << "<text x=\"" << x << "\" y=\"" << y << "\" font-size=\"" << size << "\" text-anchor=\"" << anchor
      << "\" font-family=\"sans-serif\">" << escaped(text) << "</text>";
    return s.str();
}

// A table of rows (first row the header), in Markdown or HTML.
std::string table(const std::vector<std::vector<std::string>>& rows, bool html)
{
    std::ostringstream s;
    if (html) {
        s << "<table>\n";
        for (std::size_t r = 0; r < rows.size(); ++r) {
            s << "<tr>";
            for (const std::string& cell : rows[r])
                s << (r == 0 ? "<th>" : "<td>") << escaped(cell) << (r == 0 ? "</th>" : "</td>");
            s << "</tr>\n";
        }
        s << "</table>\n";
        return s.str();
    }
    for (std::size_t r = 0; r < rows.size(); ++r) {
        s << "|";
        for (const std::string& cell : rows[r])
            s << " " << cell << " |";
        s << "\n";
        if (r == 0) {
            s << "|";
            for (std::size_t c = 0; c < rows[r].size(); ++c)
                s << "---|";
            s << "\n";
        }
    }
    return s.str();
}

std::vector<std::vector<std::string>> findingRows(const nlohmann::json& f)
{
    std::vector<std::vector<std::string>> rows = {{"finding", "claim", "verdict", "numbers"}};
    for (const nlohmann::json& x : f["findings"])
        rows.push_back({x["id"].get<std::string>(), x["claim"].get<std::string>(),
                        x["verdict"].get<std::string>(), x["statement"].get<std::string>()});
    return rows;
}

std::vector<std::vector<std::string>> pairRows(const nlohmann::json& f)
{
    std::vector<std::vector<std::string>> rows = {{"pair", "prompts", "κ [95 % CI]", "κ A←B", "κ B←A",
                                                   "signed utility", "salient denominator", "per-prompt mean",
                                                   "overlap", "independent κ"}};
    for (const nlohmann::json& p : f["pairs"]) {
        std::vector<std::string> row = {p["a"].get<std::string>() + " / " + p["b"].get<std::string>(),
                                        std::to_string(p["prompts"].get<std::size_t>()),
                                        ciOf(p["kappa"], p["kappa_ci"]),
                                        fixedText(valueOf(p.value("kappa_a_from_b", nlohmann::json()))),
                                        fixedText(valueOf(p.value("kappa_b_from_a", nlohmann::json())))};
        for (const char* v : {"signed_utility", "salient_denominator", "per_prompt_mean", "overlap"})
            row.push_back(p.contains("variants") ? ciOf(p["variants"][v]["value"], p["variants"][v]["ci"])
                                                 : "n/a");
        row.push_back(fixedText(valueOf(p.value("independent_kappa", nlohmann::json()))));
        rows.push_back(row);
    }
    return rows;
}

std::string protocolText(const nlohmann::json& f)
{
    return "Run options: `" + f["protocol"]["run"].dump() + "`; aggregation: `" +
           f["protocol"]["aggregate"].dump() + "`; bootstrap " +
           std::to_string(f["options"]["bootstrap"].get<int>()) + " resamples of the prompts, seed " +
           std::to_string(f["options"]["seed"].get<std::uint64_t>()) + ".";
}

// The solver's certificate in words (study_certificate.h), "" for findings computed without one.
std::string certificateText(const nlohmann::json& f)
{
    const nlohmann::json* c = nullptr;
    if (f.contains("protocol") && f["protocol"].contains("certificate"))
        c = &f["protocol"]["certificate"];
    return c && c->contains("statement") ? (*c)["statement"].get<std::string>() : std::string();
}

std::string dataUri(const std::string& svg)
{
    return "data:image/svg+xml;base64," + QByteArray::fromStdString(svg).toBase64().toStdString();
}

} // namespace

std::string kappaFigureSvg(const nlohmann::json& f)
{
    const nlohmann::json& pairs = f["pairs"];
    const double left = 230, width = 420, top = 40, row = 26;
    const double height = top + row * static_cast<double>(pairs.size()) + 50;
    const auto x = [&](double k) { return left + width * std::clamp(k, 0.0, 1.0); };
    std::ostringstream s;
    s << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << left + width + 30 << "\" height=\"" << height
      << "\" viewBox=\"0 0 " << left + width + 30 << " " << height << "\">";
    s << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>";
    s << svgText(10, 20,
                 "κ per model pair, 95 % bootstrap CI over prompts; shaded: the paper's 60.99–77.46 %",
                 "start", 13);
    const double lo = f["paper_kappa_range"][0].get<double>(), hi = f["paper_kappa_range"][1].get<double>();
    const double bottom = top + row * static_cast<double>(pairs.size());
    s << "<rect x=\"" << x(lo) << "\" y=\"" << top - 8 << "\" width=\"" << x(hi) - x(lo) << "\" height=\""
      << bottom - top + 8 << "\" fill=\"#f4d58d\" opacity=\"0.6\"/>";
    for (int t = 0; t <= 10; t += 2) {
        const double k = t / 10.0;
        s << "<line x1=\"" << x(k) << "\" x2=\"" << x(k) << "\" y1=\"" << top - 8 << "\" y2=\"" << bottom
          << "\" stroke=\"#ddd\"/>";
        s << svgText(x(k), bottom + 16, fixedText(k, 1), "middle");
    }
    s << svgText(left + width / 2, bottom + 36, "κ", "middle");
    for (std::size_t r = 0; r < pairs.size(); ++r) {
        const nlohmann::json& p = pairs[r];
        const double y = top + row * static_cast<double>(r) + row / 2 - 4;
        s << svgText(left - 10, y + 4, p["a"].get<std::string>() + " / " + p["b"].get<std::string>(), "end");
        if (!p["kappa"].is_number())
            continue;
        const double c0 = valueOf(p["kappa_ci"][0]), c1 = valueOf(p["kappa_ci"][1]);
        if (std::isfinite(c0) && std::isfinite(c1))
            s << "<line x1=\"" << x(c0) << "\" x2=\"" << x(c1) << "\" y1=\"" << y << "\" y2=\"" << y
              << "\" stroke=\"#1f4e79\" stroke-width=\"2\"/>";
        s << "<circle cx=\"" << x(p["kappa"].get<double>()) << "\" cy=\"" << y
          << "\" r=\"5\" fill=\"#1f4e79\"/>";
    }
    s << "</svg>";
    return s.str();
}

std::string f3FigureSvg(const nlohmann::json& f)
{
    const nlohmann::json* f3 = nullptr;
    for (const nlohmann::json& x : f["findings"])
        if (x["id"] == "F3")
            f3 = &x;
    const double panel = 300, top = 50, plot = 240;
    std::ostringstream s;
    s << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << 2 * panel + 40 << "\" height=\""
      << top + plot + 50 << "\" viewBox=\"0 0 " << 2 * panel + 40 << " " << top + plot + 50 << "\">";
    s << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>";
    s << svgText(10, 20, "F3 per prompt: shared vs non-shared salient interactions (one line per prompt)",
                 "start", 13);
    if (f3) {
        int k = 0;
        for (const char* part : {"order", "cancellation"}) {
            const nlohmann::json& j = (*f3)[part];
            const std::vector<double> shared = [&] {
                std::vector<double> v;
                for (const auto& e : j["per_prompt_shared"])
                    v.push_back(valueOf(e));
                return v;
            }();
            std::vector<double> nonShared;
            for (const auto& e : j["per_prompt_non_shared"])
                nonShared.push_back(valueOf(e));
            double lo = 0.0, hi = std::string(part) == "cancellation" ? 1.0 : 1.0;
            for (double v : shared)
                if (std::isfinite(v))
                    hi = std::max(hi, v);
            for (double v : nonShared)
                if (std::isfinite(v))
                    hi = std::max(hi, v);
            const double x0 = 20 + panel * k + 60, x1 = x0 + panel - 120;
            const auto y = [&](double v) { return top + plot - plot * (v - lo) / (hi - lo); };
            s << "<line x1=\"" << x0 - 20 << "\" x2=\"" << x0 - 20 << "\" y1=\"" << top << "\" y2=\""
              << top + plot << "\" stroke=\"#888\"/>";
            for (int t = 0; t <= 4; ++t) {
                const double v = lo + (hi - lo) * t / 4.0;
                s << svgText(x0 - 24, y(v) + 4, fixedText(v, 2), "end", 10);
            }
            for (std::size_t x = 0; x < shared.size() && x < nonShared.size(); ++x)
                if (std::isfinite(shared[x]) && std::isfinite(nonShared[x]))
                    s << "<line x1=\"" << x0 << "\" x2=\"" << x1 << "\" y1=\"" << y(shared[x]) << "\" y2=\""
                      << y(nonShared[x]) << "\" stroke=\"#1f4e79\" opacity=\"0.6\"/>"
                      << "<circle cx=\"" << x0 << "\" cy=\"" << y(shared[x])
                      << "\" r=\"3\" fill=\"#1f4e79\"/>"
                      << "<circle cx=\"" << x1 << "\" cy=\"" << y(nonShared[x])
                      << "\" r=\"3\" fill=\"#c55a11\"/>";
            s << svgText(x0, top + plot + 18, "shared", "middle")
              << svgText(x1, top + plot + 18, "non-shared", "middle");
            s << svgText((x0 + x1) / 2, top - 10,
                         std::string(part == std::string("order") ? "mean order" : "cancellation ratio") +
                             " (p = " + fixedText(valueOf(j["wilcoxon"]["p"])) + ")",
                         "middle");
            ++k;
        }
    }
    s << "</svg>";
    return s.str();
}

std::string findingsMarkdown(const nlohmann::json& f)
{
    std::ostringstream s;
    s << "# Findings: " << f["study"].get<std::string>() << "\n\n";
    s << "Models: " << f["models"].dump() << "; prompts kept: " << f["prompts_kept"]
      << ", tested: " << f["prompts_tested"] << ".\n\n";
    if (const std::string c = certificateText(f); !c.empty())
        s << c << "\n\n";
    s << table(findingRows(f), false) << "\n";
    s << "## κ per pair\n\n" << table(pairRows(f), false) << "\n";
    s << "![κ per pair](" << dataUri(kappaFigureSvg(f)) << ")\n\n";
    s << "![F3 per prompt](" << dataUri(f3FigureSvg(f)) << ")\n\n";
    s << "## Protocol\n\n" << protocolText(f) << "\n";
    return s.str();
}

std::string findingsHtml(const nlohmann::json& f)
{
    std::ostringstream s;
    s << "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Findings</title><style>"
      << "body{font-family:sans-serif;max-width:1100px;margin:2em "
         "auto}table{border-collapse:collapse;margin:1em 0}"
      << "td,th{border:1px solid #bbb;padding:4px "
         "8px;text-align:left;vertical-align:top}</style></head><body>\n";
    s << "<h1>Findings: " << escaped(f["study"].get<std::string>()) << "</h1>\n";
    s << "<p>Models: " << escaped(f["models"].dump()) << "; prompts kept: " << f["prompts_kept"]
      << ", tested: " << f["prompts_tested"] << ".</p>\n";
    if (const std::string c = certificateText(f); !c.empty())
        s << "<p>" << escaped(c) << "</p>\n";
    s << table(findingRows(f), true);
    s << "<h2>κ per pair</h2>\n" << table(pairRows(f), true);
    s << kappaFigureSvg(f) << "\n" << f3FigureSvg(f) << "\n";
    s << "<h2>Protocol</h2>\n<p>" << escaped(protocolText(f)) << "</p>\n</body></html>\n";
    return s.str();
}

void writeFindingsReport(const nlohmann::json& findings, const std::string& path)
{
    const auto endsWith = [&](const char* suffix) {
        const std::string s = suffix;
        return path.size() >= s.size() && path.compare(path.size() - s.size(), s.size(), s) == 0;
    };
    std::string text;
    if (endsWith(".md"))
        text = findingsMarkdown(findings);
    else if (endsWith(".html") || endsWith(".htm"))
        text = findingsHtml(findings);
    else if (endsWith(".json"))
        text = findings.dump(2) + "\n";
    else
        throw InputError(fileMessage(path, "is not a .md, .html or .json report name"));
    store::writeAtomically(path, [&](const std::string& temp) {
        std::ofstream out(temp, std::ios::binary);
        out << text;
        if (!out)
            throw InputError(fileMessage(path, "cannot be written"));
    });
}

} // namespace interlens
