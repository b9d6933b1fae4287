#pragma once

// A dataset study as plain C++ data (no HDF5 types): the prompts, what each prompt produced, and the
// aggregates of method.md §6 over the prompts that pass the filters of §2.1 and §9. study_file.h saves and
// loads it; the layout is documented in README.md ("Study files").

#include "store/session.h"

#include <array>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <vector>

namespace interlens {

// Version of the study file layout written by this build; readers refuse larger numbers. Schema 2: strings
// are variable-length UTF-8, and the root carries format = "interlens-study", format_version and text_digest.
// Schema 1 (fixed-length strings, no root attributes) is still read.
inline constexpr std::int64_t kStudySchemaVersion = 2;

// One line of a prompt file (JSONL): {"text", "target", "players" (optional), "id" (optional)}.
struct StudyPrompt
{
    std::int64_t index = 0; // 0-based line number among the prompts (blank lines skipped)
    std::string id;         // the line's "id", or "p<index>" when absent
    std::string text;       // the prompt (UTF-8)
    std::string target;     // the next word (method.md §2.1)
    std::vector<std::string>
        players; // player words (word#k for a later occurrence); empty = auto:n with the seed

    bool operator==(const StudyPrompt&) const = default;
};

// What each prompt's status means.
//   done:    scored by every model (its vectors are in the record); the aggregation filters still apply
//   skipped: a filter removed it before scoring (`filter` says which: stop_word_target, top1, players)
//   failed:  a model or the run failed on it (`reason` has the error)
enum class PromptStatus { Done, Skipped, Failed };
const char* promptStatusName(PromptStatus status);
PromptStatus parsePromptStatus(const std::string& name); // InputError on an unknown name

// One prompt of a study: the prompt, what became of it, and its result in the same types as a session's
// (store/session.h): one ModelResult per model (the study fields of store/result_fields.h) and one PairResult
// per pair (the joint extraction of method.md §4 with κ of this prompt alone, and the study's β).
struct PromptRecord
{
    StudyPrompt prompt;
    PromptStatus status = PromptStatus::Failed;
    std::string filter; // skipped: stop_word_target | top1 | players; failed: model_error | error
    std::string reason; // human-readable
    std::vector<std::string> playerWords; // the players actually used, in bitmask order
    // Their [begin, end) spans in code points of the prompt (empty in files from before they were recorded:
    // then they are found again from the prompt, study_session.h).
    std::vector<std::array<std::int64_t, 2>> playerSpans;
    std::vector<ModelResult> models; // in the study's model order
    std::vector<PairResult> pairs;   // i < j in model order
    double seconds = 0.0;            // wall time spent on it (not compared by equality)

    // False when any of its extractions (a model's own or a pair's joint one) stopped above the solver's gap
    // tolerance.
    bool solverConverged() const
    {
        for (const ModelResult& m : models)
            if (!m.solverConverged())
                return false;
        for (const PairResult& p : pairs)
            if (!p.solverConverged())
                return false;
        return true;
    }

    bool operator==(const PromptRecord& o) const
    {
        return prompt == o.prompt && status == o.status && filter == o.filter && reason == o.reason &&
               playerWords == o.playerWords && playerSpans == o.playerSpans && models == o.models &&
               pairs == o.pairs;
    }
};

// A model of the study, identified by what determines its outputs.
struct StudyModel
{
    std::string id;
    std::string path;
    std::string architecture;
    std::string configHash;
    std::string weightsFingerprint;
    std::string tokenizerHash;

    bool operator==(const StudyModel&) const = default;
};

// A tree of named numbers: the aggregates (and any future per-study result) in one generic shape that maps
// one to one onto HDF5 groups (scalars -> float64 attributes, vectors -> float64 datasets, texts -> string
// attributes) and onto JSON.
struct AggNode
{
    std::map<std::string, double> scalars;
    std::map<std::string, std::vector<double>> vectors;
    std::map<std::string, std::string> texts;
    std::map<std::string, std::vector<std::string>> textLists;
    std::map<std::string, AggNode> children;

    bool operator==(const AggNode&) const = default;
};

struct StudyMeta
{
    std::int64_t schemaVersion = kStudySchemaVersion;
    std::string appVersion;
    std::string createdUtc;
    std::string promptsFile;      // as given
    std::string promptsSha256;    // of the prompt records (text, target, players, id), see promptsDigest()
    std::int64_t promptCount = 0; // prompts in the prompt file (all shards)
    std::int64_t shardIndex = 0;  // 0-based; a single-process run or a merge is 0 of 1
    std::int64_t shardCount = 1;
    bool complete = false;        // every prompt of this shard has a record
    std::string runOptions;       // canonical JSON of everything that determines the per-prompt records
    std::string aggregateOptions; // canonical JSON of the aggregation settings (filters, salient rule)
    std::vector<StudyModel> models;

    bool operator==(const StudyMeta&) const = default;
};

struct Study
{
    StudyMeta meta;
    std::vector<PromptRecord> prompts; // sorted by prompt index
    AggNode aggregate;
};

} // namespace interlens
