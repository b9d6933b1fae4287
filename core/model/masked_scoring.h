#pragma once

#include "model/causal_lm.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace interlens {

// One model's masking game on one prompt: which token positions each player owns, what replaces them, and
// which token's log-odds is the output. Players are ordered by their first token position (player j <-> bit
// j); their position sets are disjoint and never include a position the caller wants kept (BOS, context).
struct MaskedGame
{
    std::vector<int64_t> ids;                       // the prompt's tokens, special tokens included
    std::vector<std::vector<int64_t>> playerTokens; // per player, the token positions it masks
    at::Tensor baseline; // [hidden] raw-embedding-space vector for masked positions
    int64_t targetId = 0;
};

struct ScoringOptions
{
    // Compute every mask as a full sequence (the straightforward batched method) instead of the KV-cache
    // trie.
    bool plain = false;
    // Most sequences in one forward call; the trie splits deeper levels depth-first to respect it, which also
    // bounds the memory its caches take.
    int64_t maxBatch = 128;
    // Called after each forward with (masks finished, 2^n).
    std::function<void(int64_t, int64_t)> progress;
    // Polled before each forward; returning true throws CancelledError.
    std::function<bool()> cancelled;
};

struct ScoringStats
{
    int64_t tokenForwards = 0; // sequence positions run through the transformer, summed over all forwards
    int64_t forwardCalls = 0;
};

// The "gt-log-odds" of method.md §2.5 for every mask S in bitmask order: log(p/(1 − p + 1e-7) + 1e-7) with
// p = softmax(logits at the last position)[target], log-softmax in float32, the rest in float64. v(S) is this
// minus its entry 0 (see rewardFromLogOdds()).
//
// The trie (default) exploits causality: positions before the first player are computed once, and the segment
// between player k's first token and player k+1's depends only on players 0..k, so it is computed for 2^(k+1)
// variants continuing from the cached keys/values of the 2^k variants before it. Only the last position goes
// through the LM head. Work: Σ_k 2^k·|segment_k| token-forwards instead of 2^n·L.
std::vector<double> maskedLogOdds(const CausalLM& model, const MaskedGame& game,
                                  const ScoringOptions& options = {}, ScoringStats* stats = nullptr);

// v(S) = logOdds(S) − logOdds(∅).
std::vector<double> rewardFromLogOdds(const std::vector<double>& logOdds);

// log(p/(1 − p + 1e-7) + 1e-7) of method.md §2.5 from log p.
double logOddsFromLogProb(double logProb);

// Checks a game before any forward: positions inside the prompt, players non-empty and disjoint, ordered by
// first position, n within 1..30, a target inside the vocabulary. Throws InputError naming the problem.
void validateGame(const MaskedGame& game, int64_t vocabSize);

} // namespace interlens
