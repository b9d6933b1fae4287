#pragma once

#include <nlohmann/json.hpp>

#include <QString>

#include <string>
#include <vector>

namespace interlens::test {

// Reading the interactions goldens (../shared/fixtures/interactions, never copied into the repo).

// fixturePath("interactions/" + file); empty when absent (callers QSKIP through INTERLENS_REQUIRE_FIXTURE).
QString interactionsFixture(const QString& file);

// Parsed JSON of a fixture file (throws std::runtime_error when unreadable).
nlohmann::json loadJson(const QString& path);

// Ids of index.json cases of a given kind ("exact", "single_sparsify", "joint_sparsify").
std::vector<std::string> caseFiles(const std::string& kind);

std::vector<double> doubles(const nlohmann::json& array);

// max_s |a[s] - b[s]| (infinity when sizes differ).
double maxAbsDiff(const std::vector<double>& a, const std::vector<double>& b);

double relDiff(double a, double b);

} // namespace interlens::test
