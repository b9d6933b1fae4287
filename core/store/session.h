#pragma once

// One explanation session as plain C++ data: what session_file.h saves to and loads from HDF5, what the GUI
// shows and `interlens inspect` summarises. No HDF5 types here. Vectors indexed by coalition are 2^n long in
// bitmask order: entry S has bit i set when player i is in the coalition (player 0 = lowest bit).

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace interlens {

// Version of the HDF5 layout written by this build. Bump it when the meaning or the required content of the
// file changes; readers refuse files with a larger number (see session_file.h).
// Schema 2 (this build): strings are variable-length UTF-8, and the root carries format = kSessionFormat,
// format_version and text_digest. Schema 1: fixed-length strings, no root attributes; still read.
inline constexpr std::int64_t kSessionSchemaVersion = 2;
// The root `format` attribute of session files (also what their MIME type's magic matches).
inline constexpr const char* kSessionFormat = "interlens-session";

// A player: one word of the prompt, with its [begin, end) span in Unicode code points of the prompt.
struct Player
{
    std::string word;
    std::int64_t begin = 0;
    std::int64_t end = 0;

    bool operator==(const Player&) const = default;
};

struct SessionMeta
{
    std::int64_t schemaVersion = kSessionSchemaVersion; // as read; always kSessionSchemaVersion when written
    std::string appVersion;
    std::string createdUtc;       // ISO 8601, e.g. "2026-11-23T07:15:00Z"
    std::string prompt;           // UTF-8
    std::string targetWord;       // the word asked for ("" when each model's own top-1 was used)
    std::vector<Player> players;  // in bitmask order
    std::string baseline;         // "mean", "pad", "zero", "learned", ...
    std::string rewardDefinition; // e.g. "log-odds of the target at the last position"
    std::map<std::string, std::string> solverSettings;
    std::string notes;

    bool operator==(const SessionMeta&) const = default;
};

inline constexpr double kNotRecorded = std::numeric_limits<double>::quiet_NaN();

// The certificate of one extraction (method.md §3.3 single model, §4 joint): the objective reached, a
// certified lower bound on the optimum (NaN in reference mode), their gap, and whether the gap met the
// solver's tolerance. Files store it as sparsify_* (a model's, in /extra or a study record's /solver) and
// joint_* (a pair's, beside κ); a value missing from an older file reads as NaN, a missing flag as converged.
struct SolverCertificate
{
    double loss = kNotRecorded;
    double lowerBound = kNotRecorded;
    double gap = kNotRecorded;
    bool converged = true;

    bool operator==(const SolverCertificate&) const = default;
};

// κ of one pair on one prompt, from its joint extraction (method.md §6; interactions/metrics_kappa.h).
struct PairKappa
{
    double kappa = kNotRecorded;              // the primary κ
    double aFromB = kNotRecorded;             // directed: a's salient coalitions matched in b
    double bFromA = kNotRecorded;             // directed: b's in a
    double signedUtility = kNotRecorded;      // variant: signed utilities
    double salientDenominator = kNotRecorded; // variant: over salient coalitions only
    double perPromptMean = kNotRecorded;      // variant: mean of per-prompt κ
    double overlap = kNotRecorded;            // shared / union count

    bool operator==(const PairKappa&) const = default;
};

// A study's joint extraction of a pair uses β = pThreshold · the mean u over the prompts the pair keeps
// (method.md §4, two passes): what it used, recorded with the pair.
struct JointBeta
{
    double meanUA = 0.0;
    double meanUB = 0.0;
    double betaA = 0.0;
    double betaB = 0.0;
    double prompts = 0.0; // how many prompts the means are over

    bool operator==(const JointBeta&) const = default;
};

// Everything one model contributed on one prompt: a model of a session, or of a study's prompt record (which
// stores the fields marked "study" in store/result_fields.h: no tokens, no γ and q). When `error` is not
// empty the model failed and the numeric fields may be empty.
struct ModelResult
{
    std::string id; // unique within the session; a group name in the file (no '/', not "." or "..")
    std::string path;
    std::string architecture;
    std::string configHash;
    std::string weightsFingerprint;
    std::string dtype;
    std::string tokenizerHash;
    std::int64_t targetTokenId = -1;
    double pTarget = std::numeric_limits<double>::quiet_NaN();
    std::int64_t targetRank = -1;                            // 0 = the model's top-1
    std::vector<std::vector<std::int64_t>> playerTokenSpans; // per player, the token indices masked together
    std::vector<std::int64_t> tokenIds;
    std::vector<std::string> tokenStrings;
    // v(N) - v(∅): what a study's filters and β use without loading v (study records store it; NaN when not
    // scored or not recorded).
    double u = std::numeric_limits<double>::quiet_NaN();
    std::vector<double> v;
    std::vector<double> iAnd;
    std::vector<double> iOr;
    std::vector<double> gamma;
    std::vector<double> q;
    std::string error;
    // The single-model extraction's certificate; absent in files from before it was recorded.
    std::optional<SolverCertificate> certificate;
    // Room for per-model run statistics the schema does not name (saved under /models/<id>/extra): cache
    // hits, forward counts, the learned baseline's losses and vector.
    std::map<std::string, double> extraScalars;
    std::map<std::string, std::vector<double>> extraVectors;

    bool failed() const { return !error.empty(); }
    bool top1() const { return targetRank == 0; }
    // False only when the certificate says the solver stopped above its tolerance (or ran in reference
    // mode); results from before the certificate count as converged.
    bool solverConverged() const { return !certificate || certificate->converged; }
    bool operator==(const ModelResult&) const = default;
};

// Joint extraction between two models (ids a and b) on one prompt.
struct PairResult
{
    std::string a;
    std::string b;
    // Each model's interactions in the joint extraction (method.md §4), its own part of γ, and the shared γ̄.
    std::vector<double> iAndA, iOrA, iAndB, iOrB;
    std::vector<double> gammaOwnA, gammaOwnB, gammaShared;
    std::vector<std::uint64_t> sharedAnd; // coalition masks shared by both models
    std::vector<std::uint64_t> sharedOr;
    std::optional<PairKappa> kappa;               // absent until the pair is extracted
    std::optional<SolverCertificate> certificate; // of the joint extraction
    std::optional<JointBeta> beta;                // a study's β (absent: this prompt's own u)

    bool operator==(const PairResult&) const = default;
    // Whether the joint extraction ran (a study leaves pairs that do not keep the prompt empty).
    bool extracted() const { return !iAndA.empty() || !iOrA.empty() || kappa.has_value(); }
    // The primary κ, NaN when not extracted.
    double primaryKappa() const { return kappa ? kappa->kappa : kNotRecorded; }
    bool solverConverged() const { return !certificate || certificate->converged; }
};

struct Metrics
{
    std::map<std::string, double> scalars;
    std::map<std::string, std::vector<double>> vectors;

    bool operator==(const Metrics&) const = default;
};

struct Session
{
    SessionMeta meta;
    std::vector<ModelResult> models;
    std::vector<PairResult> pairs;
    Metrics metrics;

    const ModelResult* findModel(const std::string& id) const
    {
        for (const ModelResult& m : models)
            if (m.id == id)
                return &m;
        return nullptr;
    }
};

} // namespace interlens
