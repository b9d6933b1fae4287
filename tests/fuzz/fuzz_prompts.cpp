// libFuzzer target: study prompt files (JSONL), then each prompt's players resolved against its text as a
// study does (word, word#k, auto:n).
#include "fuzz_support.h"

#include "common/error.h"
#include "explain/players.h"
#include "study/study_prompts.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string path = interlens::fuzz::writeScratch("prompts.jsonl", data, size);
    try {
        for (const interlens::StudyPrompt& prompt : interlens::readPromptFile(path)) {
            std::string spec;
            for (const std::string& word : prompt.players)
                spec += (spec.empty() ? "" : ",") + word;
            try {
                (void)interlens::choosePlayers(prompt.text, spec.empty() ? "auto:3" : spec, 0,
                                               interlens::englishStopWords());
            } catch (const interlens::InputError&) {
            }
        }
    } catch (const interlens::InputError&) {
    }
    return 0;
}
