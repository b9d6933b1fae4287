#pragma once

// Typed reads of a study's aggregate tree (AggNode, written by study_aggregate.h; layout in README.md, "Study
// files" → /aggregate): the filters' counts, the κ matrices, the aggregate without the top-1 filter and a
// pair's per-model node. The Study tab and `interlens study` read the aggregate through these, so the node
// names live here and in study_aggregate.cpp only.

#include "study/study_types.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace interlens {

// /aggregate/filters: how many prompts each filter removed, and the totals.
struct FilterCounts
{
    double pending = 0.0; // prompts without a record yet
    double stopWordTarget = 0.0;
    double players = 0.0;
    double top1 = 0.0;
    double smallU = 0.0;
    double modelError = 0.0;
    double error = 0.0;
    double kept = 0.0;
    double notConverged = 0.0;     // scored prompts with an extraction above the solver's tolerance
    double notConvergedKept = 0.0; // of them, kept
    double records = 0.0;
    double prompts = 0.0;
    std::vector<std::pair<std::string, double>> top1ByModel; // prompts whose target is the model's top-1
};

struct FilterCountField
{
    const char* name; // the attribute of /aggregate/filters
    double FilterCounts::*member;
    bool removes; // a filter that removes prompts (the rest are totals)
};
// The table of FilterCounts, removing filters first, in the order the Study tab lists them.
const std::vector<FilterCountField>& filterCountFields();

// nullopt when the aggregate has no filters node (an empty study).
std::optional<FilterCounts> filterCounts(const AggNode& aggregate);

// /aggregate/kappa: the M×M matrices (row i, column j at i·M + j; diagonal NaN) by variant name ("kappa",
// "kappa_directed", "signed_utility", ..., "independent_kappa").
struct KappaMatrices
{
    std::vector<std::string> models;
    std::vector<std::pair<std::string, std::vector<double>>> variants;

    // nullptr when the variant is absent or not M×M.
    const std::vector<double>* variant(const std::string& name) const;
};
std::optional<KappaMatrices> kappaMatrices(const AggNode& aggregate);

// The same aggregates without the top-1 filter (method.md §2.1), when the study scored such prompts.
const AggNode* withoutTop1Filter(const AggNode& aggregate);
// The per-model node (role 0 = a, 1 = b) of the pair `pairName` ("<a>__<b>") of the joint extraction.
const AggNode* pairRoleNode(const AggNode& aggregate, const std::string& pairName, int role);
// A scalar of a node, `otherwise` when absent.
double scalarOr(const AggNode& node, const std::string& name, double otherwise);

} // namespace interlens
