#pragma once

// Small tokenizer.json documents written by the self-contained tests: a GPT-2-style byte-level BPE and a
// Llama-2-style SentencePiece BPE with byte fallback. Each test edits the JSON to exercise one feature.

#include "common/fixtures.h"

#include <QFile>
#include <QString>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace interlens::test {

// GPT-2's byte -> character alphabet, computed independently of core/tokenize/byte_level.cpp.
inline std::vector<std::string> byteAlphabet()
{
    std::vector<std::string> chars(256);
    int next = 256;
    for (int b = 0; b < 256; ++b) {
        const bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
        const char32_t cp = printable ? b : next++;
        std::string s;
        if (cp < 0x80) {
            s += static_cast<char>(cp);
        } else {
            s += static_cast<char>(0xC0 | (cp >> 6));
            s += static_cast<char>(0x80 | (cp & 0x3F));
        }
        chars[b] = s;
    }
    return chars;
}

// Byte-level BPE: ids 0..255 are the byte characters, then the merge results in order; <|endoftext|> is
// special. `merges` are "left right" strings; `listForm` writes them as ["left", "right"] instead.
inline nlohmann::json byteLevelTokenizer(const std::vector<std::string>& merges, bool listForm = false)
{
    nlohmann::json vocab = nlohmann::json::object();
    const auto alphabet = byteAlphabet();
    for (int b = 0; b < 256; ++b)
        vocab[alphabet[b]] = b;
    nlohmann::json mergeList = nlohmann::json::array();
    for (const std::string& m : merges) {
        const size_t space = m.find(' ');
        const std::string left = m.substr(0, space), right = m.substr(space + 1);
        if (!vocab.contains(left + right))
            vocab[left + right] = static_cast<int>(vocab.size());
        if (listForm)
            mergeList.push_back({left, right});
        else
            mergeList.push_back(m);
    }
    const int eot = static_cast<int>(vocab.size());
    vocab["<|endoftext|>"] = eot;
    return {
        {"version", "1.0"},
        {"truncation", nullptr},
        {"padding", nullptr},
        {"added_tokens",
         {{{"id", eot},
           {"content", "<|endoftext|>"},
           {"single_word", false},
           {"lstrip", false},
           {"rstrip", false},
           {"normalized", true},
           {"special", true}}}},
        {"normalizer", nullptr},
        {"pre_tokenizer",
         {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", true}, {"use_regex", true}}},
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
          {"vocab", vocab},
          {"merges", mergeList}}},
    };
}

// The Llama-2 "legacy" pipeline: Prepend("▁") + Replace(" " -> "▁"), no pre-tokenizer, BPE with byte_fallback
// and fuse_unk, TemplateProcessing "<s> $A", decoder Replace/ByteFallback/Fuse/Strip. The vocabulary: <unk>,
// <s>, </s>, the bytes <0x0A> <0xC3> <0xA9> (newline, é), "▁" and the letters a-e plus the merge results.
inline nlohmann::json sentencePieceTokenizer(const std::vector<std::string>& merges)
{
    nlohmann::json vocab = {{"<unk>", 0},  {"<s>", 1},    {"</s>", 2},   {"<0x0A>", 3},
                            {"<0xC3>", 4}, {"<0xA9>", 5}, {"\u2581", 6}, {"a", 7},
                            {"b", 8},      {"c", 9},      {"d", 10},     {"e", 11}};
    for (const std::string& m : merges) {
        const size_t space = m.find(' ');
        const std::string merged = m.substr(0, space) + m.substr(space + 1);
        if (!vocab.contains(merged))
            vocab[merged] = static_cast<int>(vocab.size());
    }
    auto added = [](int id, const char* content) {
        return nlohmann::json{{"id", id},        {"content", content}, {"single_word", false},
                              {"lstrip", false}, {"rstrip", false},    {"normalized", false},
                              {"special", true}};
    };
    return {
        {"version", "1.0"},
        {"added_tokens", {added(0, "<unk>"), added(1, "<s>"), added(2, "</s>")}},
        {"normalizer",
         {{"type", "Sequence"},
          {"normalizers",
           {{{"type", "Prepend"}, {"prepend", "\u2581"}},
            {{"type", "Replace"}, {"pattern", {{"String", " "}}}, {"content", "\u2581"}}}}}},
        {"pre_tokenizer", nullptr},
        {"post_processor",
         {{"type", "TemplateProcessing"},
          {"single",
           {{{"SpecialToken", {{"id", "<s>"}, {"type_id", 0}}}},
            {{"Sequence", {{"id", "A"}, {"type_id", 0}}}}}},
          {"pair", nlohmann::json::array()},
          {"special_tokens", {{"<s>", {{"id", "<s>"}, {"ids", {1}}, {"tokens", {"<s>"}}}}}}}},
        {"decoder",
         {{"type", "Sequence"},
          {"decoders",
           {{{"type", "Replace"}, {"pattern", {{"String", "\u2581"}}}, {"content", " "}},
            {{"type", "ByteFallback"}},
            {{"type", "Fuse"}},
            {{"type", "Strip"}, {"content", " "}, {"start", 1}, {"stop", 0}}}}}},
        {"model",
         {{"type", "BPE"},
          {"dropout", nullptr},
          {"unk_token", "<unk>"},
          {"continuing_subword_prefix", nullptr},
          {"end_of_word_suffix", nullptr},
          {"fuse_unk", true},
          {"byte_fallback", true},
          {"vocab", vocab},
          {"merges", merges}}},
    };
}

// Writes `content` to `dir`/`name` and returns the path.
inline QString writeFile(const QString& dir, const QString& name, const QByteArray& content)
{
    const QString path = dir + "/" + name;
    QFile file(path);
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        file.write(content);
    return path;
}

inline QString writeJson(const QString& dir, const QString& name, const nlohmann::json& json)
{
    const std::string text = json.dump();
    return writeFile(dir, name, QByteArray(text.data(), static_cast<qsizetype>(text.size())));
}

} // namespace interlens::test
