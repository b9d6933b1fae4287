#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace interlens {

// A token the model produced for one pre-tokenized piece: its id and the byte range of the piece it covers.
struct ModelToken
{
    uint32_t id;
    uint32_t start;
    uint32_t end;
};

// Hash for string-keyed maps that can be searched with a string_view without building a std::string.
struct StringViewHash
{
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// Token ids must stay below this (16.7M; real vocabularies stop near 1M), so a corrupt id cannot make the
// tables that are indexed by id allocate gigabytes.
constexpr uint64_t kMaxTokenId = 1u << 24;

using TokenIdMap = std::unordered_map<std::string, uint32_t, StringViewHash, std::equal_to<>>;

// HF's BPE model: vocabulary, ranked merges ("a b" strings or [a, b] pairs), unk handling with fuse_unk,
// byte_fallback to <0xNN> pieces, ignore_merges (Llama 3), continuing_subword_prefix / end_of_word_suffix.
// Merging is rank-ordered over a linked list with a priority queue (HF Word::merge_all), and results for
// pieces seen before come from a bounded cache.
class BpeModel
{
public:
    // Throws InputError naming the problem for a malformed "model" object (bad merges, unknown tokens...).
    explicit BpeModel(const nlohmann::json& config);

    // Appends the tokens for one piece (byte offsets relative to the piece). Thread-safe.
    void tokenize(std::string_view piece, std::vector<ModelToken>& out) const;

    std::optional<uint32_t> tokenToId(std::string_view token) const;
    // nullptr for an id the vocabulary lacks.
    const std::string* idToToken(uint32_t id) const;
    // One more than the largest id in the vocabulary.
    uint32_t idLimit() const { return static_cast<uint32_t>(m_idToToken.size()); }
    std::optional<uint32_t> unkId() const { return m_unkId; }

private:
    struct Symbol
    {
        uint32_t id;
        uint32_t length; // bytes of the piece; 0 once merged into its left neighbour
        int prev;
        int next;
    };
    struct MergeTarget
    {
        uint32_t rank;
        uint32_t newId;
    };
    using Piece = std::vector<std::pair<uint32_t, uint32_t>>; // (id, byte length) per token

    // BPE of one word with the cache; token offsets are shifted by `offset`.
    void tokenizeWord(std::string_view word, uint32_t offset, std::vector<ModelToken>& out) const;
    Piece initialSymbols(std::string_view piece) const;
    void mergeAll(std::vector<Symbol>& symbols) const;
    const MergeTarget* findMerge(uint32_t left, uint32_t right) const;

    TokenIdMap m_vocab;
    std::vector<std::string> m_idToToken;
    std::vector<bool> m_hasId;
    std::unordered_map<uint64_t, MergeTarget> m_merges;
    // (last code point of l) << 32 | (first code point of r) for every merge (l, r): where long words may not
    // be cut. Empty (no cutting) when subword prefixes or suffixes are in use.
    std::unordered_set<uint64_t> m_joinable;
    std::optional<uint32_t> m_unkId;
    std::string m_continuingSubwordPrefix;
    std::string m_endOfWordSuffix;
    bool m_fuseUnk = false;
    bool m_byteFallback = false;
    bool m_ignoreMerges = false;
    uint32_t m_byteTokenIds[256]; // ids of <0x00>..<0xFF>; UINT32_MAX where the vocabulary lacks one

    mutable std::mutex m_cacheMutex;
    mutable std::unordered_map<std::string, Piece, StringViewHash, std::equal_to<>> m_cache;
};

} // namespace interlens
