#pragma once

// The solver's certificate over a study's extractions (issue 14, "non-convergence is visible"; issue 16): how
// many single-model and joint extractions the study file holds, how many stopped above the solver's gap
// tolerance, and the largest relative gap, so that `interlens study` / `merge` summaries and `interlens
// findings` state what their numbers rest on. Reference mode (the lab's SGD) has no certificate: its
// extractions are counted as uncertified, never as converged or not.

#include "study/study_types.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace interlens {

// Extractions counted by their certificates.
struct ExtractionTally
{
    std::size_t extractions = 0;
    std::size_t notConverged = 0; // certified gap above the tolerance (or a solver that gave no finite gap)
    std::size_t uncertified = 0;  // no certificate: reference mode, or a file from before certificates
    // The largest gap / max(1, |objective|) (the solver's own convergence test), NaN when no gap was finite.
    double maxRelativeGap = kNotRecorded;

    // `reference`: the study ran in reference mode, whose extractions carry no certificate.
    void add(const std::optional<SolverCertificate>& certificate, bool reference);
    void add(const ExtractionTally& other);
};

struct StudyCertificate
{
    std::string mode;                      // "solver", "reference", "" when the run options do not say
    std::string baseline;                  // as the run options name it, "" when they do not
    double singleTolerance = kNotRecorded; // relative gap tolerance of the single-model extractions
    double jointTolerance = kNotRecorded;  // ... and of the joint ones
    ExtractionTally single;                // every model of every scored prompt
    ExtractionTally joint;                 // every pair extracted on a scored prompt

    bool reference() const { return mode == "reference"; }
    std::size_t notConverged() const { return single.notConverged + joint.notConverged; }
    double maxRelativeGap() const;
};

// Over every scored prompt of the study (what `interlens study` ran).
StudyCertificate studyCertificate(const Study& study);

// The joint extractions of pair (a, b) on the prompts with these indices (a pair's per-prompt terms, the
// inputs of its κ); the ids of the prompts whose extraction did not converge are appended to
// `notConvergedIds`.
ExtractionTally pairTally(const Study& study, const StudyCertificate& certificate, const std::string& a,
                          const std::string& b, const std::vector<double>& promptIndices,
                          std::vector<std::string>* notConvergedIds);

// "3 of 66 joint extractions did not converge (max gap 0.1)"; "" when all converged.
std::string notConvergedText(const ExtractionTally& tally, const std::string& what);

// The addition to a study summary line: "N extractions did not converge (max gap G)", "no certificate:
// reference mode", or "" when every extraction converged.
std::string certificateSummaryText(const StudyCertificate& certificate);

// {"extractions", "not_converged", "uncertified", "max_relative_gap"} (nulls for what is not known).
nlohmann::json tallyJson(const ExtractionTally& tally, bool reference);

// {"mode", "baseline", "tolerance": {"single", "joint"}, "relative_gap", "single": tally, "joint": tally}.
nlohmann::json certificateJson(const StudyCertificate& certificate);

// What `interlens findings` reports: certificateJson() plus which extraction each quantity uses
// ("extraction"), per pair its joint extractions on the prompts its κ is over with the ids of those that did
// not converge ("pairs"), and a "statement" in words; `pairs` holds the same per-pair tallies, in the order
// of `pairPrompts` (a, b and the prompt indices of each pair's per-prompt terms; empty when it keeps none).
struct PairPrompts
{
    std::string a, b;
    std::vector<double> indices;
};
struct FindingsCertificate
{
    nlohmann::json json;
    std::vector<ExtractionTally> pairs;
};
FindingsCertificate findingsCertificate(const Study& study, const std::vector<PairPrompts>& pairPrompts);

// "; 3 of 66 joint extractions did not converge (max gap 0.1); they are included" for a finding over these
// joint extractions, "" when they all converged (or carry no certificate).
std::string findingCertificateNote(const ExtractionTally& inputs);

} // namespace interlens
