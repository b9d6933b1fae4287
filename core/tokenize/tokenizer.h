#pragma once

#include "tokenize/encoding.h"

#include <nlohmann/json_fwd.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace interlens {

class AddedVocabulary;
class BpeModel;
class Decoder;
class Normalizer;
class Pattern;
class PostProcessor;
class PreTokenizer;
struct OriginalSpan;

// A Hugging Face tokenizer.json (BPE models: byte-level as in GPT-2 / Qwen2 / Llama 3, SentencePiece-style
// with byte_fallback as in Llama 2 / Mistral / Gemma), reproducing the `tokenizers` library's encode and
// decode exactly, with offsets in Unicode code points of the input text. Encoding and decoding are const and
// thread-safe.
class Tokenizer
{
public:
    // `path` is a folder (tokenizer.json or tokenizer.json.gz, plus tokenizer_config.json when present) or
    // the tokenizer.json file itself (gzip-compressed files are recognised by content). Throws InputError
    // naming the file and the field for missing, unreadable or malformed files and unsupported components.
    static Tokenizer load(const std::string& path);

    // From parsed JSON. `config` (tokenizer_config.json, may be null) decides BOS/EOS like transformers does:
    // explicit add_bos_token / add_eos_token replace the template of the post-processor, and bos_token,
    // eos_token, pad_token, unk_token name the special ids.
    explicit Tokenizer(const nlohmann::json& tokenizerJson, const nlohmann::json* config = nullptr);

    Tokenizer(Tokenizer&&) noexcept;
    Tokenizer& operator=(Tokenizer&&) noexcept;
    ~Tokenizer();

    // HF encode(text, add_special_tokens): added tokens typed in the text are always recognised; with
    // `addSpecialTokens` the post-processor may add BOS/EOS. Throws InputError when `text` is not valid
    // UTF-8.
    Encoding encode(std::string_view text, bool addSpecialTokens = true) const;

    // HF decode(ids, skip_special_tokens). Ids the tokenizer does not know are skipped, as HF does.
    std::string decode(const std::vector<TokenId>& ids, bool skipSpecialTokens = true) const;

    // Added tokens first, then the model vocabulary (as HF). nullopt / empty when unknown.
    std::optional<TokenId> tokenToId(std::string_view token) const;
    std::optional<std::string> idToToken(TokenId id) const;
    bool isSpecial(TokenId id) const;

    // One more than the largest id the tokenizer knows (model vocabulary and added tokens). The model's
    // embedding matrix may be larger (padded); it is never smaller for a matching model.
    int vocabSize() const;

    std::optional<TokenId> bosId() const { return m_bosId; }
    std::optional<TokenId> eosId() const { return m_eosId; }
    std::optional<TokenId> padId() const { return m_padId; }
    std::optional<TokenId> unkId() const { return m_unkId; }
    // Whether encode(text, true) puts BOS first / EOS last.
    bool addsBos() const { return m_addsBos; }
    bool addsEos() const { return m_addsEos; }

    // SHA-256 of the tokenizer.json bytes load() read ("" for a tokenizer built from parsed JSON): what
    // identifies the tokenizer in the v cache and in sessions.
    const std::string& contentHash() const { return m_contentHash; }

private:
    // Normalizes, pre-tokenizes and runs the model on text[start, end) (a part between raw added tokens),
    // appending ids, tokens and original byte spans.
    void tokenizeSegment(std::string_view text, size_t start, size_t end, Encoding& out,
                         std::vector<OriginalSpan>& spans) const;

    // The byte-level fast path: text[start, end) split on `pattern` (Isolated), each piece mapped to the byte
    // alphabet and tokenized, with no NormalizedString per piece. Gives exactly what the general path gives
    // for a segment the normalizer left unchanged.
    void tokenizeByteLevel(std::string_view text, size_t start, size_t end, Encoding& out,
                           std::vector<OriginalSpan>& spans) const;

    std::unique_ptr<BpeModel> m_model;
    std::unique_ptr<Normalizer> m_normalizer;
    std::unique_ptr<PreTokenizer> m_preTokenizer;
    std::unique_ptr<PostProcessor> m_postProcessor;
    std::unique_ptr<Decoder> m_decoder;
    std::unique_ptr<AddedVocabulary> m_added;
    const Pattern* m_byteLevelSplit = nullptr; // owned by m_preTokenizer; null: general path only
    std::optional<TokenId> m_bosId;
    std::optional<TokenId> m_eosId;
    std::optional<TokenId> m_padId;
    std::optional<TokenId> m_unkId;
    bool m_addsBos = false;
    bool m_addsEos = false;
    std::string m_contentHash;
    int m_vocabSize = 0;
};

} // namespace interlens
