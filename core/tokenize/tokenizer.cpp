#include "tokenize/tokenizer.h"

#include "common/error.h"
#include "common/json_file.h"
#include "common/regular_file.h"
#include "tokenize/added_vocabulary.h"
#include "tokenize/bpe_model.h"
#include "tokenize/byte_level.h"
#include "tokenize/decoders.h"
#include "tokenize/json_fields.h"
#include "tokenize/normalized_string.h"
#include "tokenize/normalizers.h"
#include "tokenize/post_processors.h"
#include "tokenize/pre_tokenizers.h"
#include "tokenize/tokenizer_config.h"
#include "tokenize/utf8.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

namespace interlens {

namespace {

const nlohmann::json kNull;

const nlohmann::json& optionalField(const nlohmann::json& object, const char* key)
{
    const auto it = object.find(key);
    return it == object.end() ? kNull : *it;
}

std::unique_ptr<BpeModel> makeModel(const nlohmann::json& tokenizerJson)
{
    const auto& model = requiredField(tokenizerJson, "model", "tokenizer.json");
    if (!model.is_object())
        throw InputError("tokenizer.json: 'model' must be an object");
    const auto type = model.find("type");
    // Old files leave out the type; HF then recognises a BPE model by its merges.
    const bool isBpe = type == model.end() ? model.contains("merges")
                                           : type->is_string() && type->get<std::string>() == "BPE";
    if (!isBpe)
        throw InputError("tokenizer.json: unsupported model type '" +
                         (type == model.end() ? std::string("(none)")
                          : type->is_string() ? type->get<std::string>()
                                              : type->dump()) +
                         "' (supported: BPE)");
    return std::make_unique<BpeModel>(model);
}

// Looks for the first special added token named like a common BOS/EOS/PAD token (used when no
// tokenizer_config.json names them and the post-processor does not add them).
std::optional<TokenId> firstSpecial(const AddedVocabulary& added, std::initializer_list<const char*> names)
{
    for (const char* name : names)
        if (const AddedToken* token = added.byContent(name); token && token->special)
            return static_cast<TokenId>(token->id);
    return std::nullopt;
}

} // namespace

Tokenizer Tokenizer::load(const std::string& path)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    std::string jsonPath = path;
    std::optional<std::string> configPath;
    if (fs::is_directory(path, ec)) {
        const fs::path dir(path);
        jsonPath = (dir / "tokenizer.json").string();
        if (!fs::exists(jsonPath, ec) && fs::exists(dir / "tokenizer.json.gz", ec))
            jsonPath = (dir / "tokenizer.json.gz").string();
        if (!fs::exists(jsonPath, ec))
            throw InputError(fileMessage(path, "folder has no tokenizer.json"));
        if (fs::exists(dir / "tokenizer_config.json", ec))
            configPath = (dir / "tokenizer_config.json").string();
    }
    std::string contentHash;
    const nlohmann::json tokenizerJson = readJsonFile(jsonPath, &contentHash, kMaxTokenizerBytes);
    nlohmann::json config;
    if (configPath)
        config = readJsonFile(*configPath);
    try {
        Tokenizer tokenizer(tokenizerJson, configPath ? &config : nullptr);
        tokenizer.m_contentHash = std::move(contentHash);
        return tokenizer;
    } catch (const InputError& e) {
        std::string message = e.what();
        if (message.rfind("tokenizer.json: ", 0) == 0) // the path names the file already
            message.erase(0, 16);
        throw InputError(fileMessage(jsonPath, message));
    }
}

Tokenizer::Tokenizer(const nlohmann::json& tokenizerJson, const nlohmann::json* config)
{
    if (!tokenizerJson.is_object())
        throw InputError("tokenizer.json: expected a JSON object at the top level");
    m_model = makeModel(tokenizerJson);
    m_normalizer = makeNormalizer(optionalField(tokenizerJson, "normalizer"));
    m_preTokenizer = makePreTokenizer(optionalField(tokenizerJson, "pre_tokenizer"));
    m_decoder = makeDecoder(optionalField(tokenizerJson, "decoder"));
    // INTERLENS_TOKENIZE_GENERIC=1 turns the byte-level fast path off (tests compare both paths).
    if (m_preTokenizer && !std::getenv("INTERLENS_TOKENIZE_GENERIC"))
        m_byteLevelSplit = m_preTokenizer->byteLevelSplitPattern();
    const auto& addedTokens = optionalField(tokenizerJson, "added_tokens");
    m_added = std::make_unique<AddedVocabulary>(addedTokens.is_null() ? nlohmann::json::array() : addedTokens,
                                                m_normalizer.get());

    m_vocabSize = static_cast<int>(m_model->idLimit());
    for (const AddedToken& token : m_added->tokens())
        m_vocabSize = std::max(m_vocabSize, static_cast<int>(token.id) + 1);

    const auto lookup = [this](const std::string& token) { return tokenToId(token); };
    const SpecialTokensConfig special = config ? readSpecialTokensConfig(*config) : SpecialTokensConfig{};
    nlohmann::json postProcessor = optionalField(tokenizerJson, "post_processor");
    if (special.addBos.has_value() || special.addEos.has_value())
        postProcessor = withBosEosTemplate(postProcessor, special, lookup);
    m_postProcessor = makePostProcessor(postProcessor);

    const auto idOf = [&](const std::optional<std::string>& name,
                          const char* field) -> std::optional<TokenId> {
        if (!name)
            return std::nullopt;
        const auto id = tokenToId(*name);
        if (!id)
            throw InputError(std::string("tokenizer_config.json: ") + field + " '" + *name +
                             "' is not a token of tokenizer.json");
        return id;
    };
    const auto leading = m_postProcessor ? m_postProcessor->leadingSpecialId() : std::nullopt;
    const auto trailing = m_postProcessor ? m_postProcessor->trailingSpecialId() : std::nullopt;
    m_addsBos = leading.has_value();
    m_addsEos = trailing.has_value();
    m_bosId = idOf(special.bosToken, "bos_token");
    m_eosId = idOf(special.eosToken, "eos_token");
    m_padId = idOf(special.padToken, "pad_token");
    m_unkId = idOf(special.unkToken, "unk_token");
    if (!m_bosId && !(config && special.bosNull))
        m_bosId = leading ? leading
                          : firstSpecial(*m_added, {"<s>", "<bos>", "<|begin_of_text|>", "<|startoftext|>"});
    if (!m_eosId && !(config && special.eosNull))
        m_eosId = trailing ? trailing
                           : firstSpecial(*m_added, {"</s>", "<eos>", "<|end_of_text|>", "<|endoftext|>"});
    if (!m_padId && !config)
        m_padId = firstSpecial(*m_added, {"<pad>", "<|pad|>", "[PAD]"});
    if (!m_unkId && m_model->unkId())
        m_unkId = static_cast<TokenId>(*m_model->unkId());
}

Tokenizer::Tokenizer(Tokenizer&&) noexcept = default;
Tokenizer& Tokenizer::operator=(Tokenizer&&) noexcept = default;
Tokenizer::~Tokenizer() = default;

void Tokenizer::tokenizeSegment(std::string_view text, size_t start, size_t end, Encoding& out,
                                std::vector<OriginalSpan>& spans) const
{
    NormalizedString normalized(text.substr(start, end - start), static_cast<uint32_t>(start));
    if (m_normalizer)
        m_normalizer->normalize(normalized);
    std::vector<NormalizedString> pieces;
    std::vector<ModelToken> modelTokens;
    for (const AddedTokenSegment& part : m_added->split(normalized.text(), true)) {
        if (part.id) {
            out.ids.push_back(static_cast<TokenId>(*part.id));
            out.tokens.push_back(m_added->byId(*part.id)->content);
            spans.push_back(normalized.originalSpan(part.start, part.end));
            continue;
        }
        if (m_byteLevelSplit && normalized.isIdentity()) {
            tokenizeByteLevel(text, start + part.start, start + part.end, out, spans);
            continue;
        }
        pieces.clear();
        NormalizedString piece =
            part.start == 0 && part.end == normalized.text().size()
                ? std::move(normalized) // the common case: no normalized added token in the segment
                : normalized.slice(part.start, part.end);
        if (m_preTokenizer)
            m_preTokenizer->split(std::move(piece), pieces);
        else
            pieces.push_back(std::move(piece));
        for (const NormalizedString& word : pieces) {
            modelTokens.clear();
            m_model->tokenize(word.text(), modelTokens);
            for (const ModelToken& token : modelTokens) {
                out.ids.push_back(static_cast<TokenId>(token.id));
                out.tokens.push_back(*m_model->idToToken(token.id));
                spans.push_back(word.originalSpan(token.start, token.end));
            }
        }
    }
}

namespace {

// The code point containing byte `b` of valid UTF-8 text: its first byte, and one past its last byte.
size_t characterStart(std::string_view text, size_t b)
{
    while (b > 0 && (static_cast<unsigned char>(text[b]) & 0xC0) == 0x80)
        --b;
    return b;
}

size_t characterEnd(std::string_view text, size_t b)
{
    const size_t start = characterStart(text, b);
    return start + utf8SequenceLength(static_cast<unsigned char>(text[start]));
}

} // namespace

void Tokenizer::tokenizeByteLevel(std::string_view text, size_t start, size_t end, Encoding& out,
                                  std::vector<OriginalSpan>& spans) const
{
    const std::string_view segment = text.substr(start, end - start);
    const auto ranges =
        splitPieces(segment.size(), m_byteLevelSplit->findAll(segment), SplitBehavior::Isolated);
    const auto& byteStrings = ByteLevelAlphabet::instance().byteStrings();
    std::string mapped;
    std::vector<uint32_t> source; // for every byte of `mapped`, the byte of `text` it stands for
    std::vector<ModelToken> modelTokens;
    for (const ByteRange& range : ranges) {
        mapped.clear();
        source.clear();
        for (size_t i = range.start; i < range.end; ++i) {
            const std::string& m = byteStrings[static_cast<unsigned char>(segment[i])];
            mapped += m;
            source.insert(source.end(), m.size(), static_cast<uint32_t>(start + i));
        }
        modelTokens.clear();
        m_model->tokenize(mapped, modelTokens);
        for (const ModelToken& token : modelTokens) {
            out.ids.push_back(static_cast<TokenId>(token.id));
            out.tokens.push_back(*m_model->idToToken(token.id));
            // As in the general path: every byte aligns to its whole character.
            spans.push_back({static_cast<uint32_t>(characterStart(text, source[token.start])),
                             static_cast<uint32_t>(characterEnd(text, source[token.end - 1]))});
        }
    }
}

Encoding Tokenizer::encode(std::string_view text, bool addSpecialTokens) const
{
    requireValidUtf8(text, "text to tokenize");
    Encoding encoding;
    std::vector<OriginalSpan> spans;
    for (const AddedTokenSegment& segment : m_added->split(text, false)) {
        if (segment.id) {
            encoding.ids.push_back(static_cast<TokenId>(*segment.id));
            encoding.tokens.push_back(m_added->byId(*segment.id)->content);
            spans.push_back({static_cast<uint32_t>(segment.start), static_cast<uint32_t>(segment.end)});
        } else {
            tokenizeSegment(text, segment.start, segment.end, encoding, spans);
        }
    }
    // Byte spans -> code point spans (HF encode_char_offsets).
    const std::vector<int> codePoint = codePointIndexOfBytes(text);
    encoding.offsets.reserve(spans.size());
    for (const OriginalSpan& span : spans)
        encoding.offsets.push_back({codePoint[span.start], codePoint[span.end]});
    encoding.specialTokensMask.assign(encoding.ids.size(), false);
    if (m_postProcessor)
        m_postProcessor->process(encoding, addSpecialTokens);
    return encoding;
}

std::string Tokenizer::decode(const std::vector<TokenId>& ids, bool skipSpecialTokens) const
{
    std::vector<std::string> tokens;
    tokens.reserve(ids.size());
    for (const TokenId id : ids) {
        if (id < 0)
            continue;
        std::string token;
        if (const AddedToken* added = m_added->byId(static_cast<uint32_t>(id)))
            token = added->content;
        else if (const std::string* piece = m_model->idToToken(static_cast<uint32_t>(id)))
            token = *piece;
        else
            continue;
        // HF decides by content: a model token spelled like a special token is skipped too.
        if (skipSpecialTokens) {
            const AddedToken* special = m_added->byContent(token);
            if (special && special->special)
                continue;
        }
        tokens.push_back(std::move(token));
    }
    if (m_decoder)
        tokens = m_decoder->decodeChain(std::move(tokens));
    std::string text;
    for (size_t i = 0; i < tokens.size(); ++i) {
        if (!m_decoder && i > 0)
            text += ' ';
        text += tokens[i];
    }
    return text;
}

std::optional<TokenId> Tokenizer::tokenToId(std::string_view token) const
{
    if (const AddedToken* added = m_added->byContent(token))
        return static_cast<TokenId>(added->id);
    if (const auto id = m_model->tokenToId(token))
        return static_cast<TokenId>(*id);
    return std::nullopt;
}

std::optional<std::string> Tokenizer::idToToken(TokenId id) const
{
    if (id < 0)
        return std::nullopt;
    if (const AddedToken* added = m_added->byId(static_cast<uint32_t>(id)))
        return added->content;
    if (const std::string* piece = m_model->idToToken(static_cast<uint32_t>(id)))
        return *piece;
    return std::nullopt;
}

bool Tokenizer::isSpecial(TokenId id) const
{
    return id >= 0 && m_added->isSpecial(static_cast<uint32_t>(id));
}

int Tokenizer::vocabSize() const
{
    return m_vocabSize;
}

} // namespace interlens
