#include "train/tokenizer_trainer.h"

#include "common/error.h"
#include "tokenize/byte_level.h"
#include "train/bpe_trainer.h"
#include "train/text_file.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <map>

namespace interlens::train {

namespace {

const char* const kMeta = "\xE2\x96\x81"; // U+2581 "▁"

enum class CharClass { Letter, Digit, Space, Other };

CharClass classify(unsigned char c)
{
    if (c >= 0x80 || std::isalpha(c))
        return CharClass::Letter; // non-ASCII counted as letters: close enough for learning merges
    if (std::isdigit(c))
        return CharClass::Digit;
    if (std::isspace(c))
        return CharClass::Space;
    return CharClass::Other;
}

// GPT-2's pre-tokenization ('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+),
// approximated on bytes. Only used to count words for learning merges; encoding uses the real regex.
std::vector<std::string> gpt2Words(const std::string& text)
{
    static const char* const contractions[] = {"'s", "'t", "'re", "'ve", "'m", "'ll", "'d"};
    std::vector<std::string> out;
    size_t i = 0;
    const size_t n = text.size();
    while (i < n) {
        bool matched = false;
        for (const char* c : contractions) {
            const size_t len = std::strlen(c);
            if (text.compare(i, len, c) == 0) {
                out.push_back(text.substr(i, len));
                i += len;
                matched = true;
                break;
            }
        }
        if (matched)
            continue;
        size_t start = i;
        size_t j = i;
        if (text[j] == ' ' && j + 1 < n && classify(text[j + 1]) != CharClass::Space)
            ++j;
        const CharClass cls = classify(text[j]);
        if (cls == CharClass::Space) {
            while (j < n && classify(text[j]) == CharClass::Space)
                ++j;
            if (j < n && j - start > 1)
                --j; // \s+(?!\S): leave the last space to the next word
            out.push_back(text.substr(start, j - start));
            i = j;
            continue;
        }
        while (j < n && classify(text[j]) == cls)
            ++j;
        out.push_back(text.substr(start, j - start));
        i = j;
    }
    return out;
}

// UTF-8 characters of `s`.
std::vector<std::string> characters(const std::string& s)
{
    std::vector<std::string> out;
    for (size_t i = 0; i < s.size();) {
        const unsigned char c = s[i];
        const size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        out.push_back(s.substr(i, len));
        i += len;
    }
    return out;
}

std::vector<WordCount> toWordCounts(const std::map<std::string, int64_t>& counts,
                                    const std::function<std::vector<std::string>(const std::string&)>& split)
{
    std::vector<WordCount> words;
    for (const auto& [word, count] : counts)
        words.push_back({split(word), count});
    return words;
}

nlohmann::json mergesJson(const std::vector<std::pair<std::string, std::string>>& merges)
{
    nlohmann::json out = nlohmann::json::array();
    for (const auto& [a, b] : merges)
        out.push_back(a + " " + b);
    return out;
}

nlohmann::json addedToken(int id, const std::string& content, bool normalized)
{
    return {{"id", id},        {"content", content},       {"single_word", false}, {"lstrip", false},
            {"rstrip", false}, {"normalized", normalized}, {"special", true}};
}

TrainedTokenizer byteLevel(const std::vector<std::string>& lines, int vocabSize, int maxLength)
{
    const auto& alphabet = ByteLevelAlphabet::instance().byteStrings(); // GPT-2's bytes_to_unicode()
    std::map<std::string, int64_t> counts;
    for (const std::string& line : lines)
        for (const std::string& w : gpt2Words(line))
            ++counts[w];
    auto split = [&](const std::string& w) {
        std::vector<std::string> s;
        for (unsigned char c : w)
            s.push_back(alphabet[c]);
        return s;
    };
    const int numMerges = std::max(0, vocabSize - 256 - 1);
    const auto merges = learnBpeMerges(toWordCounts(counts, split), numMerges);

    nlohmann::ordered_json vocab;
    int next = 0;
    // GPT-2 order: bytes_to_unicode's order of bytes.
    std::vector<int> order;
    for (int b = '!'; b <= '~'; ++b)
        order.push_back(b);
    for (int b = 0xA1; b <= 0xAC; ++b)
        order.push_back(b);
    for (int b = 0xAE; b <= 0xFF; ++b)
        order.push_back(b);
    for (int b = 0; b < 256; ++b)
        if (std::find(order.begin(), order.end(), b) == order.end())
            order.push_back(b);
    for (int b : order)
        vocab[alphabet[b]] = next++;
    for (const auto& [a, b] : merges)
        if (!vocab.contains(a + b))
            vocab[a + b] = next++;
    const std::string eos = "<|endoftext|>";
    const int eosId = next++;
    vocab[eos] = eosId;

    const nlohmann::json byteLevelPart = {
        {"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", true}, {"use_regex", true}};
    TrainedTokenizer t;
    t.tokenizerJson = {
        {"version", "1.0"},
        {"truncation", nullptr},
        {"padding", nullptr},
        {"added_tokens", nlohmann::json::array({addedToken(eosId, eos, true)})},
        {"normalizer", nullptr},
        {"pre_tokenizer", byteLevelPart},
        {"post_processor",
         {{"type", "ByteLevel"}, {"add_prefix_space", true}, {"trim_offsets", false}, {"use_regex", true}}},
        {"decoder",
         {{"type", "ByteLevel"}, {"add_prefix_space", true}, {"trim_offsets", true}, {"use_regex", true}}},
        {"model",
         {{"type", "BPE"},
          {"dropout", nullptr},
          {"unk_token", nullptr},
          {"continuing_subword_prefix", ""},
          {"end_of_word_suffix", ""},
          {"fuse_unk", false},
          {"byte_fallback", false},
          {"vocab", nlohmann::json::parse(vocab.dump())},
          {"merges", mergesJson(merges)}}}};
    t.tokenizerConfig = {{"tokenizer_class", "GPT2Tokenizer"},
                         {"model_max_length", maxLength},
                         {"add_prefix_space", false},
                         {"bos_token", eos},
                         {"eos_token", eos},
                         {"unk_token", eos}};
    return t;
}

std::string byteToken(int b)
{
    char buf[8];
    std::snprintf(buf, sizeof buf, "<0x%02X>", b);
    return buf;
}

TrainedTokenizer sentencePiece(const std::vector<std::string>& lines, int vocabSize, int maxLength)
{
    // Normalized as the tokenizer will: "▁" prepended, spaces replaced; words start at each "▁".
    std::map<std::string, int64_t> counts;
    std::map<std::string, int64_t> charCounts;
    for (const std::string& line : lines) {
        std::string word = kMeta;
        for (char c : line) {
            if (c == ' ') {
                ++counts[word];
                word = kMeta;
            } else {
                word += c;
            }
        }
        ++counts[word];
    }
    for (const auto& [word, count] : counts)
        for (const std::string& c : characters(word))
            charCounts[c] += count;
    // Characters seen fewer than 2 times are left to byte fallback, as SentencePiece's character coverage
    // does for rare characters.
    std::vector<std::string> alphabet;
    for (const auto& [c, n] : charCounts)
        if (n >= 2)
            alphabet.push_back(c);
    const int reserved = 3 + 256;
    const int numMerges = std::max(0, vocabSize - reserved - int(alphabet.size()));
    const auto merges = learnBpeMerges(toWordCounts(counts, characters), numMerges);

    nlohmann::ordered_json vocab;
    int next = 0;
    for (const char* s : {"<unk>", "<s>", "</s>"})
        vocab[s] = next++;
    for (int b = 0; b < 256; ++b)
        vocab[byteToken(b)] = next++;
    for (const auto& [a, b] : merges)
        if (!vocab.contains(a + b))
            vocab[a + b] = next++;
    for (const std::string& c : alphabet)
        if (!vocab.contains(c))
            vocab[c] = next++;
    // A merge may use a rare character that was left out of the alphabet: add it so every merge is valid.
    for (const auto& [a, b] : merges)
        for (const std::string* part : {&a, &b})
            if (!vocab.contains(*part))
                vocab[*part] = next++;

    const nlohmann::json bosSeq = {{"SpecialToken", {{"id", "<s>"}, {"type_id", 0}}}};
    TrainedTokenizer t;
    t.tokenizerJson = {
        {"version", "1.0"},
        {"truncation", nullptr},
        {"padding", nullptr},
        {"added_tokens", nlohmann::json::array({addedToken(0, "<unk>", false), addedToken(1, "<s>", false),
                                                addedToken(2, "</s>", false)})},
        {"normalizer",
         {{"type", "Sequence"},
          {"normalizers", nlohmann::json::array(
                              {{{"type", "Prepend"}, {"prepend", kMeta}},
                               {{"type", "Replace"}, {"pattern", {{"String", " "}}}, {"content", kMeta}}})}}},
        {"pre_tokenizer", nullptr},
        {"post_processor",
         {{"type", "TemplateProcessing"},
          {"single", nlohmann::json::array({bosSeq, {{"Sequence", {{"id", "A"}, {"type_id", 0}}}}})},
          {"pair", nlohmann::json::array({bosSeq,
                                          {{"Sequence", {{"id", "A"}, {"type_id", 0}}}},
                                          {{"SpecialToken", {{"id", "<s>"}, {"type_id", 1}}}},
                                          {{"Sequence", {{"id", "B"}, {"type_id", 1}}}}})},
          {"special_tokens", {{"<s>", {{"id", "<s>"}, {"ids", {1}}, {"tokens", {"<s>"}}}}}}}},
        {"decoder",
         {{"type", "Sequence"},
          {"decoders",
           nlohmann::json::array({{{"type", "Replace"}, {"pattern", {{"String", kMeta}}}, {"content", " "}},
                                  {{"type", "ByteFallback"}},
                                  {{"type", "Fuse"}},
                                  {{"type", "Strip"}, {"content", " "}, {"start", 1}, {"stop", 0}}})}}},
        {"model",
         {{"type", "BPE"},
          {"dropout", nullptr},
          {"unk_token", "<unk>"},
          {"continuing_subword_prefix", nullptr},
          {"end_of_word_suffix", nullptr},
          {"fuse_unk", true},
          {"byte_fallback", true},
          {"vocab", nlohmann::json::parse(vocab.dump())},
          {"merges", mergesJson(merges)}}}};
    t.tokenizerConfig = {{"tokenizer_class", "LlamaTokenizer"},
                         {"model_max_length", maxLength},
                         {"add_bos_token", true},
                         {"add_eos_token", false},
                         {"legacy", false},
                         {"bos_token", "<s>"},
                         {"eos_token", "</s>"},
                         {"unk_token", "<unk>"}};
    return t;
}

} // namespace

TokenizerKind tokenizerKindFromName(const std::string& name)
{
    if (name == "bytelevel")
        return TokenizerKind::ByteLevel;
    if (name == "sentencepiece")
        return TokenizerKind::SentencePiece;
    throw InputError("unknown tokenizer kind '" + name + "' (expected bytelevel or sentencepiece)");
}

std::string tokenizerKindName(TokenizerKind kind)
{
    return kind == TokenizerKind::ByteLevel ? "bytelevel" : "sentencepiece";
}

TrainedTokenizer trainTokenizer(TokenizerKind kind, const std::vector<std::string>& lines, int vocabSize,
                                int modelMaxLength)
{
    if (vocabSize < 300)
        throw InputError("tokenizer vocabulary size " + std::to_string(vocabSize) + " is too small (>= 300)");
    return kind == TokenizerKind::ByteLevel ? byteLevel(lines, vocabSize, modelMaxLength)
                                            : sentencePiece(lines, vocabSize, modelMaxLength);
}

void writeTokenizer(const TrainedTokenizer& tokenizer, const std::string& directory)
{
    std::filesystem::create_directories(directory);
    writeTextFile(directory + "/tokenizer.json", tokenizer.tokenizerJson.dump(2) + "\n");
    writeTextFile(directory + "/tokenizer_config.json", tokenizer.tokenizerConfig.dump(2) + "\n");
}

} // namespace interlens::train
