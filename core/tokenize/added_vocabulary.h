#pragma once

#include "tokenize/bpe_model.h"
#include "tokenize/normalizers.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace interlens {

// One entry of tokenizer.json "added_tokens".
struct AddedToken
{
    std::string content;
    uint32_t id = 0;
    bool special = false;
    bool lstrip = false;
    bool rstrip = false;
    bool singleWord = false;
    bool normalized = false;
};

// A part of a text after splitting on added tokens: a byte range and, when it is an added token, its id.
struct AddedTokenSegment
{
    size_t start;
    size_t end;
    std::optional<uint32_t> id;
};

// HF AddedVocabulary: the added and special tokens, recognised in the text before the model runs.
// Tokens with normalized=false are matched on the raw text, the others on the normalized text; matching is
// leftmost-longest (aho-corasick LeftmostLongest in HF), then single_word, lstrip and rstrip apply.
class AddedVocabulary
{
public:
    AddedVocabulary() = default;
    // Throws InputError for a malformed "added_tokens" array. Tokens with normalized=true are looked for in
    // their normalized form, so `normalizer` (may be null) runs over their content, as in HF.
    AddedVocabulary(const nlohmann::json& addedTokens, const Normalizer* normalizer);

    // `text` cut into added tokens and the text between them; `normalizedTokens` picks which tokens to look
    // for.
    std::vector<AddedTokenSegment> split(std::string_view text, bool normalizedTokens) const;

    const AddedToken* byId(uint32_t id) const;
    const AddedToken* byContent(std::string_view content) const;
    bool isSpecial(uint32_t id) const;
    const std::vector<AddedToken>& tokens() const { return m_tokens; }

private:
    // Byte trie of the token contents, for longest-match lookups at each text position.
    struct Trie
    {
        std::unordered_map<uint64_t, uint32_t> edges; // (node << 8 | byte) -> child node
        std::vector<int> tokenAtNode{-1};             // index into m_tokens, or -1
        bool firstByte[256] = {};
        void add(std::string_view content, int tokenIndex);
        // Index of the longest token that starts at `pos`, and its length; -1 when none.
        std::pair<int, size_t> longestAt(std::string_view text, size_t pos) const;
    };

    std::vector<AddedToken> m_tokens;
    std::unordered_map<uint32_t, size_t> m_indexById;
    TokenIdMap m_idByContent;
    Trie m_rawTrie;
    Trie m_normalizedTrie;
};

} // namespace interlens
