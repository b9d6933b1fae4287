#pragma once

// The findings of a study (study_findings.h) as a self-contained report: Markdown or HTML with two SVG
// figures drawn here (κ per pair with its CI beside the paper's range; F3's per-prompt shared vs non-shared
// values), embedded inline (HTML) or as data: URIs (Markdown), so the one file travels alone.

#include <nlohmann/json.hpp>

#include <string>

namespace interlens {

std::string findingsMarkdown(const nlohmann::json& findings);
std::string findingsHtml(const nlohmann::json& findings);

// Figure 1: every pair's κ with its bootstrap CI, the paper's range shaded. Figure 2: F3 per prompt.
std::string kappaFigureSvg(const nlohmann::json& findings);
std::string f3FigureSvg(const nlohmann::json& findings);

// Writes the report chosen by the extension of `path` (.md, .html/.htm, .json); InputError naming the file
// when the extension is another or the file cannot be written.
void writeFindingsReport(const nlohmann::json& findings, const std::string& path);

} // namespace interlens
