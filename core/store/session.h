#pragma once

// One explanation session as plain C++ data: what session_file.h saves to and loads from HDF5, what the GUI
// shows and `interlens inspect` summarises. No HDF5 types here. Vectors indexed by coalition are 2^n long in
// bitmask order: entry S has bit i set when player i is in the coalition (player 0 = lowest bit).

#include <cstdint>
#include <limits>
#include <map>
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

// Everything one model contributed. When `error` is not empty the model failed and the numeric fields may be
// empty.
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
    std::vector<double> v;
    std::vector<double> iAnd;
    std::vector<double> iOr;
    std::vector<double> gamma;
    std::vector<double> q;
    std::string error;
    // Room for per-model results the schema does not name yet (saved under /models/<id>/extra).
    std::map<std::string, double> extraScalars;
    std::map<std::string, std::vector<double>> extraVectors;

    bool failed() const { return !error.empty(); }
    // The solver's certificate of this model's extraction (extraScalars "sparsify_loss",
    // "sparsify_lower_bound", "sparsify_gap", "sparsify_converged" = 1/0): false only when it says it stopped
    // above its tolerance (or ran in reference mode); files from before the flag count as converged.
    bool solverConverged() const
    {
        const auto it = extraScalars.find("sparsify_converged");
        return it == extraScalars.end() || it->second == 1.0;
    }
};

// Joint extraction between two models (ids a and b).
struct PairResult
{
    std::string a;
    std::string b;
    std::vector<std::uint64_t> sharedAnd; // coalition masks shared by both models
    std::vector<std::uint64_t> sharedOr;
    std::map<std::string, double> kappa; // "kappa" and its variants ("kappa_and", "kappa_or", ...)
    std::map<std::string, std::vector<double>> joint; // joint-extraction vectors by name

    bool operator==(const PairResult&) const = default;
    // As ModelResult::solverConverged, from kappa's "joint_loss", "joint_lower_bound", "joint_gap",
    // "joint_converged".
    bool solverConverged() const
    {
        const auto it = kappa.find("joint_converged");
        return it == kappa.end() || it->second == 1.0;
    }
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
