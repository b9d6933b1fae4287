#pragma once

// The top-k next-token predictor shared by `interlens predict` and the GUI's target picker.

#include <cstdint>
#include <string>
#include <vector>

namespace interlens {

class CausalLM;
class Tokenizer;

struct PredictedToken
{
    int64_t id = 0;
    std::string token;    // vocabulary entry ("Ġpark")
    std::string text;     // decoded text (" park")
    float logProb = 0.0f; // float32 log-softmax of the last position's float32 logits
    float prob = 0.0f;    // float32 softmax of the same logits
};

// The k most likely next tokens after `prompt` (encoded with special tokens, as the model saw text in
// training), most likely first. InputError when the prompt encodes to no tokens or the tokenizer produces an
// id outside the model's vocabulary.
std::vector<PredictedToken> predictNextTokens(const CausalLM& model, const Tokenizer& tokenizer,
                                              const std::string& prompt, int k);

} // namespace interlens
