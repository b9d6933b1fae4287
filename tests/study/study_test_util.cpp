#include "study_test_util.h"

#include "random_checkpoint.h"
#include "tokenize/byte_level.h"

#include <QDir>
#include <QFile>

#include <nlohmann/json.hpp>

#include <map>
#include <set>
#include <stdexcept>

namespace interlens::test {

namespace {

const std::vector<std::string>& words()
{
    static const std::vector<std::string> list = {
        "the",     "of",      "and",    "a",       "in",     "was",     "to",        "is",       "by",
        "on",      "at",      "with",   "river",   "city",   "bank",    "market",    "price",    "shares",
        "company", "quarter", "profit", "north",   "old",    "bridge",  "built",     "stone",    "trade",
        "grew",    "after",   "war",    "capital", "rose",   "percent", "investors", "reported", "strong",
        "sales",   "little",  "girl",   "named",   "Lily",   "loved",   "play",      "ball",     "park",
        "red",     "dog",     "ran",    "fast",    "garden", "sun",     "bright",    "morning",  "library",
        "books",   "read",    "quiet",  "town"};
    return list;
}

} // namespace

std::string writeTinyStudyModel(const QString& dir, std::uint64_t seed)
{
    QDir().mkpath(dir);
    const auto& symbols = ByteLevelAlphabet::instance().byteStrings(); // GPT-2's bytes_to_unicode()
    nlohmann::ordered_json vocab;
    int next = 0;
    for (int b = 0; b < 256; ++b)
        vocab[symbols[static_cast<std::size_t>(b)]] = next++;
    std::vector<std::string> merges;
    std::set<std::string> seen;
    for (const std::string& word : words())
        for (const std::string& text : {word, " " + word}) {
            std::string prefix = symbols[static_cast<unsigned char>(text[0])];
            for (std::size_t i = 1; i < text.size(); ++i) {
                const std::string next_symbol = symbols[static_cast<unsigned char>(text[i])];
                const std::string merged = prefix + next_symbol;
                if (seen.insert(prefix + " " + next_symbol).second)
                    merges.push_back(prefix + " " + next_symbol);
                if (!vocab.contains(merged))
                    vocab[merged] = next++;
                prefix = merged;
            }
        }
    const int eos = next++;
    const nlohmann::json tokenizer = {
        {"version", "1.0"},
        {"truncation", nullptr},
        {"padding", nullptr},
        {"added_tokens",
         {{{"id", eos},
           {"content", "<|endoftext|>"},
           {"single_word", false},
           {"lstrip", false},
           {"rstrip", false},
           {"normalized", true},
           {"special", true}}}},
        {"normalizer", nullptr},
        {"pre_tokenizer",
         {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", true}, {"use_regex", true}}},
        {"post_processor", nullptr},
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
          {"merges", merges}}}};
    QFile file(dir + "/tokenizer.json");
    file.open(QIODevice::WriteOnly);
    file.write(QByteArray::fromStdString(tokenizer.dump()));
    file.close();

    // The tiny llama of RandomModelSpec's defaults, with this tokenizer's vocabulary.
    return writeRandomModel(dir.toStdString(),
                            {.vocab = next, .maxPositions = 256, .weightScale = 0.3, .seed = seed});
}

std::vector<std::string> tinyStudyPromptLines()
{
    return {
        R"({"id": "river", "text": "The old stone bridge was built on the river in the north of the city", "target": "market"})",
        R"({"id": "shares", "text": "The company reported strong sales and shares rose after the quarter profit", "target": "percent"})",
        R"({"id": "lily", "text": "The little girl named Lily loved to play with the red ball in the", "target": "park", "players": ["little", "girl", "Lily", "play", "ball"]})",
        R"({"id": "town", "text": "The quiet town had a library with old books to read in the bright morning", "target": "sun"})",
        R"({"id": "stop", "text": "The dog ran fast to the garden in the bright morning sun", "target": "the"})",
    };
}

void writeLines(const QString& path, const std::vector<std::string>& lines)
{
    QFile file(path);
    file.open(QIODevice::WriteOnly);
    for (const std::string& line : lines)
        file.write(QByteArray::fromStdString(line + "\n"));
}

StudyRequest runTinyStudy(const QString& dir)
{
    StudyRequest request;
    request.promptsFile = (dir + "/prompts.jsonl").toStdString();
    writeLines(QString::fromStdString(request.promptsFile), tinyStudyPromptLines());
    for (int i = 0; i < 3; ++i)
        request.run.modelDirs.push_back(writeTinyStudyModel(dir + QStringLiteral("/m%1").arg(i), 21 + i));
    request.run.players = 5;
    request.run.scoreAll = true; // random models rarely predict the target: score everything
    request.aggregate.minUtility = 0.0;
    request.aggregate.requireTop1 = false;
    request.outPath = (dir + "/study.h5").toStdString();
    if (!runStudy(request).complete)
        throw std::runtime_error("the tiny study did not complete");
    return request;
}

} // namespace interlens::test
