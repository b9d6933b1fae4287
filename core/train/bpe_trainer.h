#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace interlens::train {

// A word of the training corpus as a sequence of initial symbols (bytes mapped to the byte-level alphabet, or
// characters), with how often it occurs.
struct WordCount
{
    std::vector<std::string> symbols;
    int64_t count = 0;
};

// Learns up to `numMerges` BPE merges, the most frequent adjacent pair first (ties: the pair whose merged
// string sorts first, so the result is deterministic). Pairs seen fewer than `minFrequency` times are never
// merged. Pair counts are updated incrementally, only for the words a merge touches.
std::vector<std::pair<std::string, std::string>> learnBpeMerges(std::vector<WordCount> words, int numMerges,
                                                                int64_t minFrequency = 2);

} // namespace interlens::train
