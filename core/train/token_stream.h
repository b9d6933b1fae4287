#pragma once

#include <ATen/ATen.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace interlens {
class CausalLM;
class Tokenizer;
} // namespace interlens

namespace interlens::train {

// The lines (documents) of a corpus as one token stream, each line marked the way the model will see text at
// inference: [BOS] + ids when the tokenizer adds BOS (SentencePiece style), else ids + [EOS] (GPT-2 style,
// <|endoftext|> between documents).
std::vector<int64_t> encodeLines(const Tokenizer& tokenizer, const std::vector<std::string>& lines);

// The fixed evaluation protocol: non-overlapping windows of context + 1 tokens starting at 0, context + 1 ...
// (a trailing partial window is dropped), at most `maxWindows` of them (0 = all), as [N, context + 1].
at::Tensor evaluationWindows(const std::vector<int64_t>& stream, int64_t context, int64_t maxWindows = 0);

// Mean next-token cross-entropy (nats) over every target position of the windows, given a function from
// ids [B, T] to logits [B, T, V]. Batches of `batch` windows.
double meanCrossEntropy(const std::function<at::Tensor(const at::Tensor&)>& logits, const at::Tensor& windows,
                        int64_t batch = 16);

// The same through the runtime model (what the app loads), all logits computed.
double heldOutLoss(const CausalLM& model, const at::Tensor& windows, int64_t batch = 16);

} // namespace interlens::train
