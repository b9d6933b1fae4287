#pragma once

#include "model/causal_lm.h"

#include <optional>
#include <string>

namespace interlens {

// The vector that replaces masked tokens' embeddings, in the raw embedding space (before any model scaling):
//   "zero"  all zeros
//   "mean"  the mean of the token-embedding matrix over the vocabulary (as the lookup returns rows: times
//   sqrt(H)
//           for Gemma-3, whose lookup scales)
//   "pad"   the embedding of the pad token (config.json pad_token_id, else tokenizer.json's <pad>/[PAD])
//   "unk"   the embedding of the unknown token (tokenizer.json's <unk>/[UNK])
//   "eos"   the embedding of the end-of-sequence token (config.json eos_token_id, else tokenizer.json's </s>,
//   ...) a path  a raw little-endian float32 vector of the embedding width (e.g. FILE.f32)
// Returns [H] in the model's compute dtype on its device. InputError when the token does not exist or the
// file has the wrong size.
at::Tensor baselineEmbedding(const CausalLM& model, const std::string& spec);

// Id of a special token spelled one of `spellings` in DIR/tokenizer.json (added_tokens, then model.vocab);
// nullopt when there is no tokenizer.json or no such token.
std::optional<int64_t> specialTokenId(const std::string& directory,
                                      const std::vector<std::string>& spellings);

} // namespace interlens
