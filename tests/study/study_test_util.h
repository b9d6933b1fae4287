#pragma once

#include "common/error.h"
#include "study/study_runner.h"

#include <QString>

#include <cstdint>
#include <string>
#include <vector>

// Self-contained models and prompts for the study tests: a tiny byte-level BPE tokenizer.json whose merges
// spell out a word list, beside a random Llama checkpoint of the tokenizer's vocabulary size (tests/model
// testkit).
namespace interlens::test {

// Writes tokenizer.json + config.json + model.safetensors into `dir`; returns `dir`.
std::string writeTinyStudyModel(const QString& dir, std::uint64_t seed);

// A few short prompts over the tokenizer's words, as JSONL lines.
std::vector<std::string> tinyStudyPromptLines();

// Writes `lines` to `path` (one per line).
void writeLines(const QString& path, const std::vector<std::string>& lines);

// The message of the InputError that `f` throws ("" when it throws none), for tests of refusals.
template <typename F> std::string inputErrorOf(F&& f)
{
    try {
        f();
    } catch (const InputError& e) {
        return e.what();
    }
    return {};
}

// The study the GUI tests open: the tiny prompts x three tiny models (dir/m0..m2) at n = 5, every scored
// prompt kept (scoreAll, no top-1 filter, |u| >= 0), run into dir/study.h5. Returns the request it ran.
StudyRequest runTinyStudy(const QString& dir);

} // namespace interlens::test
