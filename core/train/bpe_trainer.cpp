#include "train/bpe_trainer.h"

#include <map>
#include <queue>
#include <set>
#include <unordered_map>

namespace interlens::train {

namespace {

using Pair = std::pair<int, int>;

struct PairHash
{
    size_t operator()(const Pair& p) const
    {
        return std::hash<int64_t>()((int64_t(p.first) << 32) ^ int64_t(uint32_t(p.second)));
    }
};

struct Candidate
{
    int64_t count;
    std::string merged;
    Pair pair;
    // Highest count first; ties: smallest merged string, then smallest ids.
    bool operator<(const Candidate& o) const
    {
        if (count != o.count)
            return count < o.count;
        if (merged != o.merged)
            return merged > o.merged;
        return pair > o.pair;
    }
};

} // namespace

std::vector<std::pair<std::string, std::string>> learnBpeMerges(std::vector<WordCount> words, int numMerges,
                                                                int64_t minFrequency)
{
    // Symbols as ids.
    std::vector<std::string> symbols;
    std::unordered_map<std::string, int> symbolId;
    auto idOf = [&](const std::string& s) {
        auto it = symbolId.find(s);
        if (it != symbolId.end())
            return it->second;
        symbols.push_back(s);
        return symbolId[s] = int(symbols.size() - 1);
    };
    std::vector<std::vector<int>> seqs;
    std::vector<int64_t> counts;
    for (const WordCount& w : words) {
        std::vector<int> seq;
        for (const std::string& s : w.symbols)
            seq.push_back(idOf(s));
        seqs.push_back(std::move(seq));
        counts.push_back(w.count);
    }

    std::unordered_map<Pair, int64_t, PairHash> pairCount;
    std::unordered_map<Pair, std::set<int>, PairHash> where;
    for (size_t w = 0; w < seqs.size(); ++w)
        for (size_t i = 0; i + 1 < seqs[w].size(); ++i) {
            const Pair p{seqs[w][i], seqs[w][i + 1]};
            pairCount[p] += counts[w];
            where[p].insert(int(w));
        }
    std::priority_queue<Candidate> queue;
    for (const auto& [p, c] : pairCount)
        queue.push({c, symbols[p.first] + symbols[p.second], p});

    std::vector<std::pair<std::string, std::string>> merges;
    while (int(merges.size()) < numMerges && !queue.empty()) {
        Candidate top = queue.top();
        queue.pop();
        auto it = pairCount.find(top.pair);
        if (it == pairCount.end() || it->second != top.count)
            continue; // stale entry
        if (top.count < minFrequency)
            break;
        const Pair p = top.pair;
        const int merged = idOf(top.merged);
        merges.emplace_back(symbols[p.first], symbols[p.second]);
        std::map<Pair, int64_t> changed; // ordered: deterministic queue pushes
        const std::set<int> affected = where[p];
        for (int w : affected) {
            std::vector<int>& seq = seqs[w];
            const int64_t c = counts[w];
            for (size_t i = 0; i + 1 < seq.size(); ++i) {
                const Pair q{seq[i], seq[i + 1]};
                pairCount[q] -= c;
                changed[q];
            }
            std::vector<int> out;
            out.reserve(seq.size());
            for (size_t i = 0; i < seq.size(); ++i) {
                if (i + 1 < seq.size() && seq[i] == p.first && seq[i + 1] == p.second) {
                    out.push_back(merged);
                    ++i;
                } else {
                    out.push_back(seq[i]);
                }
            }
            seq = std::move(out);
            for (size_t i = 0; i + 1 < seq.size(); ++i) {
                const Pair q{seq[i], seq[i + 1]};
                pairCount[q] += c;
                where[q].insert(w);
                changed[q];
            }
        }
        pairCount.erase(p);
        where.erase(p);
        for (const auto& [q, unused] : changed) {
            auto found = pairCount.find(q);
            if (found == pairCount.end())
                continue;
            if (found->second <= 0) {
                pairCount.erase(found);
                continue;
            }
            queue.push({found->second, symbols[q.first] + symbols[q.second], q});
        }
    }
    return merges;
}

} // namespace interlens::train
