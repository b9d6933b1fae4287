#include "explain/target.h"

#include "common/error.h"
#include "tokenize/utf8.h"

#include <algorithm>

namespace interlens {

TargetToken targetTokenForWord(const Tokenizer& tokenizer, const std::string& prompt, const std::string& word)
{
    if (word.empty())
        throw InputError("target: the target word is empty");
    if (std::any_of(word.begin(), word.end(), [](unsigned char c) { return std::isspace(c); }))
        throw InputError("target: \"" + word + "\" is not one word (it contains whitespace)");
    const Encoding alone = tokenizer.encode(prompt, false);
    const Encoding continued = tokenizer.encode(prompt + " " + word, false);
    const int promptLength = static_cast<int>(decodeUtf8(prompt).size());
    for (size_t t = 0; t < continued.size(); ++t) {
        if (continued.offsets[t].end <= promptLength)
            continue;
        // Every earlier token must be the prompt's own: otherwise the word merged with the prompt's last
        // token.
        if (t != alone.size() || !std::equal(continued.ids.begin(),
                                             continued.ids.begin() + static_cast<long>(t), alone.ids.begin()))
            throw InputError("target: \"" + word +
                             "\" merges with the end of the prompt under this tokenizer");
        return {continued.ids[t], continued.tokens[t]};
    }
    throw InputError("target: \"" + word + "\" produced no token after the prompt");
}

} // namespace interlens
