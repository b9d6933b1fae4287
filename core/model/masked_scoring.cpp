#include "model/masked_scoring.h"

#include "common/error.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace interlens {

namespace {

// Shared state of one scoring run.
class Scorer
{
public:
    Scorer(const CausalLM& model, const MaskedGame& game, const ScoringOptions& options, ScoringStats& stats)
        : m_model(model), m_game(game), m_options(options), m_stats(stats),
          m_n(static_cast<int>(game.playerTokens.size())), m_logOdds(size_t{1} << m_n, 0.0)
    {
        const auto length = static_cast<int64_t>(game.ids.size());
        m_ids = at::tensor(game.ids, at::kLong);
        m_ownerOf.assign(static_cast<size_t>(length), -1);
        for (int j = 0; j < m_n; ++j)
            for (int64_t position : game.playerTokens[static_cast<size_t>(j)])
                m_ownerOf[static_cast<size_t>(position)] = j;
        // Segment k (0..n) covers [start_k, start_{k+1}): start_0 = 0, start_k = first token of player k−1,
        // start_{n+1} = length. Its state depends on players 0..k−1 only.
        m_segmentStart.push_back(0);
        for (const auto& tokens : game.playerTokens)
            m_segmentStart.push_back(*std::min_element(tokens.begin(), tokens.end()));
        m_segmentStart.push_back(length);
    }

    std::vector<double> runTrie()
    {
        std::vector<KVCache> segments;
        if (m_segmentStart[1] > 0) {
            checkCancelled();
            ForwardOptions options;
            options.output = LogitsOutput::None;
            options.returnCache = true;
            segments.push_back(forward({0}, 0, options).cache);
        }
        expand(0, {0}, segments);
        return std::move(m_logOdds);
    }

    std::vector<double> runPlain()
    {
        const int64_t total = int64_t{1} << m_n;
        const int64_t batch = std::max<int64_t>(1, m_options.maxBatch);
        for (int64_t first = 0; first < total; first += batch) {
            checkCancelled();
            std::vector<uint32_t> masks(static_cast<size_t>(std::min(batch, total - first)));
            std::iota(masks.begin(), masks.end(), static_cast<uint32_t>(first));
            const ForwardResult result = forward(masks, 0, {});
            storeLogOdds(masks, result.logits);
        }
        return std::move(m_logOdds);
    }

private:
    // `rows` are masks over bits 0..level−1. `segments` hold the keys and values of segments 0..level, each
    // kept once: segment s has R_s rows and row j of `rows` continues its row j / (|rows| / R_s)
    // (attention.h). Runs segment level+1 for both children of every row (child 2j + b sets bit `level` to b,
    // so the rule holds again one level down), then recurses.
    void expand(int level, const std::vector<uint32_t>& rows, const std::vector<KVCache>& segments)
    {
        const auto count = static_cast<int64_t>(rows.size());
        if (2 * count > m_options.maxBatch && count > 1) {
            // Depth-first halves keep the batch and the segments below it bounded; each half's past is a
            // contiguous slice of every segment (or its one shared row), so nothing is copied.
            const int64_t half = count / 2;
            for (int64_t h = 0; h < 2; ++h) {
                std::vector<KVCache> part;
                for (const KVCache& segment : segments) {
                    const int64_t r = segment.batchSize();
                    part.push_back(r == 1 ? segment : segment.narrowRows(h * r / 2, r / 2));
                }
                expand(level, std::vector<uint32_t>(rows.begin() + h * half, rows.begin() + (h + 1) * half),
                       part);
            }
            return;
        }
        std::vector<uint32_t> children;
        children.reserve(2 * rows.size());
        for (uint32_t mask : rows) {
            children.push_back(mask);
            children.push_back(mask | (uint32_t{1} << level));
        }

        checkCancelled();
        ForwardOptions options;
        options.segments = &segments;
        const bool last = level + 1 == m_n;
        options.output = last ? LogitsOutput::Last : LogitsOutput::None;
        options.returnCache = !last;
        ForwardResult result = forward(children, level + 1, options);
        if (last) {
            storeLogOdds(children, result.logits);
            return;
        }
        std::vector<KVCache> deeper(segments);
        deeper.push_back(std::move(result.cache));
        expand(level + 1, children, deeper);
    }

    // Forwards `masks` over segment `segment` (0..n): positions [start_segment, start_{segment+1}) for the
    // trie, or the whole sequence with plain scoring.
    ForwardResult forward(const std::vector<uint32_t>& masks, int segment, const ForwardOptions& options)
    {
        const bool whole = m_options.plain;
        const int64_t begin = whole ? 0 : m_segmentStart[static_cast<size_t>(segment)];
        const int64_t end = whole ? static_cast<int64_t>(m_game.ids.size())
                                  : m_segmentStart[static_cast<size_t>(segment) + 1];
        const auto rows = static_cast<int64_t>(masks.size());
        at::Tensor keep = at::ones({rows, end - begin}, at::kBool);
        auto keepAccess = keep.accessor<bool, 2>();
        for (int64_t r = 0; r < rows; ++r)
            for (int64_t t = begin; t < end; ++t) {
                const int owner = m_ownerOf[static_cast<size_t>(t)];
                if (owner >= 0 && !(masks[static_cast<size_t>(r)] >> owner & 1u))
                    keepAccess[r][t - begin] = false;
            }
        const at::Tensor embeds = m_model.maskedEmbeddings(m_ids.slice(0, begin, end), keep, m_game.baseline);
        m_stats.tokenForwards += rows * (end - begin);
        m_stats.forwardCalls += 1;
        return m_model.forwardEmbeds(embeds, options);
    }

    void storeLogOdds(const std::vector<uint32_t>& masks, const at::Tensor& logits)
    {
        const at::Tensor logProbs =
            at::log_softmax(logits.to(at::kFloat), -1).select(1, m_game.targetId).to(at::kCPU, at::kDouble);
        const auto values = logProbs.accessor<double, 1>();
        for (size_t i = 0; i < masks.size(); ++i)
            m_logOdds[masks[i]] = logOddsFromLogProb(values[static_cast<int64_t>(i)]);
        m_done += static_cast<int64_t>(masks.size());
        if (m_options.progress)
            m_options.progress(m_done, static_cast<int64_t>(m_logOdds.size()));
    }

    void checkCancelled() const
    {
        if (m_options.cancelled && m_options.cancelled())
            throw CancelledError();
    }

    const CausalLM& m_model;
    const MaskedGame& m_game;
    const ScoringOptions& m_options;
    ScoringStats& m_stats;
    const int m_n;
    at::Tensor m_ids;
    std::vector<int> m_ownerOf;          // per position: the player that masks it, or −1
    std::vector<int64_t> m_segmentStart; // n + 2 entries
    std::vector<double> m_logOdds;
    int64_t m_done = 0;
};

} // namespace

double logOddsFromLogProb(double logProb)
{
    const double p = std::exp(logProb);
    return std::log(p / (1.0 - p + 1e-7) + 1e-7);
}

std::vector<double> rewardFromLogOdds(const std::vector<double>& logOdds)
{
    std::vector<double> v(logOdds);
    const double empty = logOdds.empty() ? 0.0 : logOdds.front();
    for (double& value : v)
        value -= empty;
    return v;
}

void validateGame(const MaskedGame& game, int64_t vocabSize)
{
    const auto length = static_cast<int64_t>(game.ids.size());
    const auto n = static_cast<int64_t>(game.playerTokens.size());
    if (length == 0)
        throw InputError("masked scoring: the prompt has no tokens");
    if (n < 1 || n > 30)
        throw InputError("masked scoring: need 1 to 30 players, got " + std::to_string(n));
    if (game.targetId < 0 || game.targetId >= vocabSize)
        throw InputError("masked scoring: target id " + std::to_string(game.targetId) +
                         " is outside the vocabulary of " + std::to_string(vocabSize));
    std::vector<bool> used(static_cast<size_t>(length), false);
    int64_t previousFirst = -1;
    for (int64_t j = 0; j < n; ++j) {
        const auto& tokens = game.playerTokens[static_cast<size_t>(j)];
        if (tokens.empty())
            throw InputError("masked scoring: player " + std::to_string(j) + " covers no token");
        for (int64_t position : tokens) {
            if (position < 0 || position >= length)
                throw InputError("masked scoring: player " + std::to_string(j) + " has position " +
                                 std::to_string(position) + " outside the prompt's " +
                                 std::to_string(length) + " tokens");
            if (used[static_cast<size_t>(position)])
                throw InputError("masked scoring: token " + std::to_string(position) +
                                 " belongs to two players; choose words that are tokenized apart");
            used[static_cast<size_t>(position)] = true;
        }
        const int64_t first = *std::min_element(tokens.begin(), tokens.end());
        if (first <= previousFirst)
            throw InputError("masked scoring: players must be ordered by their position in the prompt");
        previousFirst = first;
    }
}

std::vector<double> maskedLogOdds(const CausalLM& model, const MaskedGame& game,
                                  const ScoringOptions& options, ScoringStats* stats)
{
    validateGame(game, model.vocabSize());
    ScoringStats local;
    Scorer scorer(model, game, options, stats ? *stats : local);
    return options.plain ? scorer.runPlain() : scorer.runTrie();
}

} // namespace interlens
