#pragma once

#include "study/study_types.h"

#include <cstdint>
#include <string>
#include <vector>

namespace interlens {

// Prompt files: JSONL, one JSON object per line: {"text": "...", "target": "word", "players": ["w1", ...],
// "id": "..."}. "text" and "target" are required; "players" (words of the text; "word#2" names a second
// occurrence) and "id" are optional. Blank lines are skipped. Throws InputError naming the file, the line and
// the field for anything malformed (also a target with whitespace, an empty file, duplicate ids).
std::vector<StudyPrompt> readPromptFile(const std::string& path);

// Writes prompts as JSONL (atomically: temporary file then rename). "players" is left out when empty.
void writePromptFile(const std::vector<StudyPrompt>& prompts, const std::string& path);

// One JSONL line (no newline) and its parser; `where` names the line in messages.
std::string promptToJsonLine(const StudyPrompt& prompt);
StudyPrompt promptFromJsonLine(const std::string& line, const std::string& where);

// SHA-256 (hex) of the canonical form of all prompts (id, text, target, players, in order): what a study file
// records so that shards and resumed runs are known to use the same prompts.
std::string promptsDigest(const std::vector<StudyPrompt>& prompts);

// The players spec for runExplain: "w1,w2,..." from the prompt's list, or "auto:n".
std::string playersSpecOf(const StudyPrompt& prompt, int n);

// Building prompts from plain text the way method.md §2.1 describes: each paragraph (blank-line separated;
// with `linePerParagraph` every non-empty line) is truncated just before a target word that is not a stop
// word (nor a number or punctuation), chosen at random with `seed` among the positions that leave at least
// `minWords` words before it and at least n eligible player words; the context keeps at most `maxWords`
// words. n players are drawn at random (not stop words, not punctuation) with the same seed, so the file
// fixes them.
struct MakePromptsOptions
{
    int players = 10;
    std::uint32_t seed = 0;
    int minWords = 20;
    int maxWords = 100;
    bool linePerParagraph = false;
    std::string idPrefix = "p";
};

// Paragraphs too short for a prompt are left out; `skipped` (if given) receives their count.
std::vector<StudyPrompt> makePromptsFromText(const std::string& text, const MakePromptsOptions& options,
                                             std::size_t* skipped = nullptr);

} // namespace interlens
