#include "explain/next_tokens.h"

#include "common/error.h"
#include "model/model_facts.h"
#include "model/next_token.h"
#include "tokenize/tokenizer.h"

namespace interlens {

std::vector<PredictedToken> predictNextTokens(const CausalLM& model, const Tokenizer& tokenizer,
                                              const std::string& prompt, int k)
{
    const Encoding encoding = tokenizer.encode(prompt, true);
    if (encoding.ids.empty())
        throw InputError("the prompt encodes to no tokens");
    const int64_t vocabSize = causalLMFacts(model).vocabSize;
    const std::vector<int64_t> ids(encoding.ids.begin(), encoding.ids.end());
    for (int64_t id : ids)
        if (id >= vocabSize)
            throw InputError("the tokenizer produced id " + std::to_string(id) +
                             " outside the model's vocabulary of " + std::to_string(vocabSize) +
                             ": tokenizer and model do not match");
    std::vector<PredictedToken> out;
    for (const TokenScore& score : topNextTokens(model, ids, k)) {
        PredictedToken p;
        p.id = score.id;
        const auto id = static_cast<TokenId>(score.id);
        p.token = tokenizer.idToToken(id).value_or("");
        p.text = tokenizer.decode({id}, false);
        p.logProb = score.logProb;
        p.prob = score.prob;
        out.push_back(std::move(p));
    }
    return out;
}

} // namespace interlens
