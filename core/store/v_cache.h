#pragma once

// A persistent cache of v vectors (the 2^n masked-scoring results, the expensive part of a run), so that a
// repeated run with the same inputs skips the forward passes. One HDF5 file; each entry is the dataset
// /v/<key> (float64, bitmask order) with the key's canonical text as an attribute for debugging.

#include "store/session.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace interlens {

// Everything that determines v. Add a field here (and to its table, vCacheKeyTable in v_cache.cpp) whenever
// a new input changes v; old entries then simply stop matching.
struct VCacheKeyFields
{
    std::string weightsFingerprint;
    std::string tokenizerHash;
    std::string prompt;
    std::vector<std::vector<std::int64_t>> playerTokenSpans; // per player, its token indices
    std::string baseline; // name plus anything that identifies a learned one
    std::int64_t targetTokenId = -1;
    std::string dtype;
    std::string rewardDefinition;
    // Anything else that changes v (e.g. {"scoring", "trie"} if it ever mattered): sorted before hashing.
    std::vector<std::pair<std::string, std::string>> extra;
};

// The canonical serialisation hashed by vCacheKey: one "name=<byte length>:<bytes>\n" line per field in a
// fixed order, so no two different field sets give the same text.
std::string canonicalKeyText(const VCacheKeyFields& fields);

// The fields as a session records them (meta.prompt, meta.baseline, meta.rewardDefinition and the model's
// fingerprint, tokenizer hash, player token spans, target id, dtype). For a learned baseline, put something
// that identifies the trained baseline (its hash) into `extra` or the baseline name.
VCacheKeyFields vCacheKeyFields(const SessionMeta& meta, const ModelResult& model);

// Lower-case hex SHA-256 of canonicalKeyText (64 characters).
std::string vCacheKey(const VCacheKeyFields& fields);

class VCache
{
public:
    // `path` empty: defaultPath().
    explicit VCache(std::string path = {});

    // $INTERLENS_V_CACHE if set, else <QStandardPaths::GenericCacheLocation>/interlens/v_cache.h5
    // (~/.cache/interlens/v_cache.h5 on Linux).
    static std::string defaultPath();

    const std::string& path() const { return m_path; }

    // Called with a human-readable message when the cache file is damaged and moved aside (default:
    // qWarning).
    void setWarningHandler(std::function<void(const std::string&)> handler) { m_warn = std::move(handler); }

    // The stored vector for `key`, or nullopt when absent. A damaged cache file (one that carries the cache's
    // signature) is moved aside (warning) and counts as a miss. A path that is not a v cache at all (a
    // directory, a FIFO, a session or study file, any other file) throws InputError and is left untouched.
    std::optional<std::vector<double>> lookup(const std::string& key);

    // Throws InputError when the path names something that is not a v cache (see lookup); a missing or
    // damaged cache passes. For callers that want to refuse a wrong --v-cache before any work starts.
    void checkPath() const;

    // Adds or replaces the entry atomically (copy, modify, rename; serialised between processes by a lock
    // file). `description` (e.g. canonicalKeyText) is stored next to it. Throws InputError naming the file
    // when the cache directory cannot be written.
    void store(const std::string& key, const std::vector<double>& v, const std::string& description = {});

    // Number of entries (0 for a missing or damaged file).
    size_t size();

private:
    void moveAside(const std::string& reason);

    std::string m_path;
    std::function<void(const std::string&)> m_warn;
};

} // namespace interlens
