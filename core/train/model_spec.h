#pragma once

#include <cstdint>
#include <string>

namespace interlens::train {

// Shape of a small causal LM in one of the two architectures the trainer writes.
struct ModelSpec
{
    std::string arch = "gpt2"; // "gpt2" (GPT2LMHeadModel) or "llama" (LlamaForCausalLM); tied LM head
    int64_t vocab = 0;
    int64_t hidden = 128;
    int64_t layers = 2;
    int64_t heads = 4;
    int64_t intermediate = 0; // 0: 4 * hidden (gpt2), 8/3 * hidden rounded to 32 (llama)
    int64_t context = 128;
    double normEps = 1e-5;
    double ropeTheta = 10000.0;
    int64_t bosTokenId = -1; // -1: not stated
    int64_t eosTokenId = -1;

    int64_t ffn() const;
};

} // namespace interlens::train
