#include "tokenize/bpe_model.h"

#include "common/error.h"
#include "tokenize/json_fields.h"
#include "tokenize/utf8.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <queue>

namespace interlens {

namespace {

// As in HF: pieces of at most this many bytes are cached, and the cache stops growing at this many entries.
constexpr size_t kMaxCachedPieceBytes = 256;
constexpr size_t kCacheCapacity = 10000;
constexpr uint32_t kNoByteToken = UINT32_MAX;

std::optional<std::string> optionalString(const nlohmann::json& config, const char* key,
                                          const std::string& context)
{
    const auto it = config.find(key);
    if (it == config.end() || it->is_null())
        return std::nullopt;
    if (!it->is_string())
        throw InputError(context + ": field '" + key + "' must be a string");
    return it->get<std::string>();
}

// One merge rule as its two parts; accepts "a b" and ["a", "b"].
std::pair<std::string, std::string> mergeParts(const nlohmann::json& entry, size_t index)
{
    const std::string where = "BPE model: merge #" + std::to_string(index);
    if (entry.is_string()) {
        const auto& s = entry.get_ref<const std::string&>();
        const size_t space = s.find(' ');
        if (space == std::string::npos || s.find(' ', space + 1) != std::string::npos)
            throw InputError(where + " '" + s + "' is not of the form \"left right\"");
        return {s.substr(0, space), s.substr(space + 1)};
    }
    if (entry.is_array() && entry.size() == 2 && entry[0].is_string() && entry[1].is_string())
        return {entry[0].get<std::string>(), entry[1].get<std::string>()};
    throw InputError(where + " must be a \"left right\" string or a [left, right] pair");
}

uint64_t pairKey(uint32_t left, uint32_t right)
{
    return (uint64_t(left) << 32) | right;
}

} // namespace

BpeModel::BpeModel(const nlohmann::json& config)
{
    const std::string context = "BPE model";
    const auto& vocab = requiredField(config, "vocab", context);
    if (!vocab.is_object())
        throw InputError(context + ": 'vocab' must be an object of token -> id");
    m_vocab.reserve(vocab.size());
    for (const auto& [token, idValue] : vocab.items()) {
        // Ids index dense tables: anything beyond any real vocabulary is refused rather than allocated.
        if (!idValue.is_number_unsigned() || idValue.get<uint64_t>() >= kMaxTokenId)
            throw InputError(context + ": vocab entry '" + token + "' has no valid id (0.." +
                             std::to_string(kMaxTokenId - 1) + ")");
        requireValidUtf8(token, context + ": vocab entry"); // files are checked by the JSON parser already
        const auto id = idValue.get<uint32_t>();
        m_vocab.emplace(token, id);
        if (id >= m_idToToken.size()) {
            m_idToToken.resize(id + 1);
            m_hasId.resize(id + 1, false);
        }
        m_idToToken[id] = token;
        m_hasId[id] = true;
    }

    if (const auto dropout = config.find("dropout"); dropout != config.end() && !dropout->is_null() &&
                                                     !(dropout->is_number() && dropout->get<double>() == 0.0))
        throw InputError(context + ": dropout is not supported (it makes encoding random)");
    if (const auto unk = optionalString(config, "unk_token", context)) {
        m_unkId = tokenToId(*unk);
        if (!m_unkId)
            throw InputError(context + ": unk_token '" + *unk + "' is not in the vocabulary");
    }
    m_continuingSubwordPrefix = optionalString(config, "continuing_subword_prefix", context).value_or("");
    m_endOfWordSuffix = optionalString(config, "end_of_word_suffix", context).value_or("");
    m_fuseUnk = optionalBool(config, "fuse_unk", false, context);
    m_byteFallback = optionalBool(config, "byte_fallback", false, context);
    m_ignoreMerges = optionalBool(config, "ignore_merges", false, context);

    for (int b = 0; b < 256; ++b) {
        char name[8];
        std::snprintf(name, sizeof(name), "<0x%02X>", b);
        m_byteTokenIds[b] = tokenToId(name).value_or(kNoByteToken);
    }

    const auto& merges = requiredArray(config, "merges", context);
    m_merges.reserve(merges.size());
    for (size_t i = 0; i < merges.size(); ++i) {
        const auto [left, right] = mergeParts(merges[i], i);
        const auto leftId = tokenToId(left);
        const auto rightId = tokenToId(right);
        const std::string merged =
            left + right.substr(std::min(m_continuingSubwordPrefix.size(), right.size()));
        const auto mergedId = tokenToId(merged);
        if (!leftId || !rightId || !mergedId)
            throw InputError(context + ": merge #" + std::to_string(i) + " (" + left + " " + right +
                             ") uses '" +
                             (!leftId    ? left
                              : !rightId ? right
                                         : merged) +
                             "', which is not in the vocabulary");
        // Later duplicates win, as when HF collects the merges into its map.
        m_merges[pairKey(*leftId, *rightId)] = {static_cast<uint32_t>(i), *mergedId};
        if (!left.empty() && !right.empty()) {
            size_t last = left.size() - 1;
            while (last > 0 && (static_cast<unsigned char>(left[last]) & 0xC0) == 0x80)
                --last;
            size_t first = 0;
            const char32_t a = nextCodePoint(left, last);
            const char32_t b = nextCodePoint(right, first);
            m_joinable.insert((uint64_t(a) << 32) | b);
        }
    }
    if (!m_continuingSubwordPrefix.empty() || !m_endOfWordSuffix.empty())
        m_joinable.clear(); // cutting a word would change which symbols get the prefix / suffix
}

std::optional<uint32_t> BpeModel::tokenToId(std::string_view token) const
{
    const auto it = m_vocab.find(token);
    if (it == m_vocab.end())
        return std::nullopt;
    return it->second;
}

const std::string* BpeModel::idToToken(uint32_t id) const
{
    return id < m_idToToken.size() && m_hasId[id] ? &m_idToToken[id] : nullptr;
}

const BpeModel::MergeTarget* BpeModel::findMerge(uint32_t left, uint32_t right) const
{
    const auto it = m_merges.find(pairKey(left, right));
    return it == m_merges.end() ? nullptr : &it->second;
}

BpeModel::Piece BpeModel::initialSymbols(std::string_view piece) const
{
    // HF merge_word: one symbol per character; characters outside the vocabulary become byte tokens or unk.
    Piece symbols;
    std::optional<std::pair<uint32_t, uint32_t>> pendingUnk;
    std::string withAffixes;
    size_t pos = 0;
    while (pos < piece.size()) {
        const size_t start = pos;
        pos += utf8SequenceLength(static_cast<unsigned char>(piece[pos]));
        const auto length = static_cast<uint32_t>(pos - start);
        std::string_view symbol = piece.substr(start, length);
        if ((start > 0 && !m_continuingSubwordPrefix.empty()) ||
            (pos == piece.size() && !m_endOfWordSuffix.empty())) {
            withAffixes = (start > 0 ? m_continuingSubwordPrefix : std::string()) + std::string(symbol) +
                          (pos == piece.size() ? m_endOfWordSuffix : std::string());
            symbol = withAffixes;
        }
        if (const auto id = tokenToId(symbol)) {
            if (pendingUnk) {
                symbols.push_back(*pendingUnk);
                pendingUnk.reset();
            }
            symbols.emplace_back(*id, length);
            continue;
        }
        if (m_byteFallback && std::all_of(symbol.begin(), symbol.end(), [&](char b) {
                return m_byteTokenIds[static_cast<unsigned char>(b)] != kNoByteToken;
            })) {
            // HF adds the byte pieces without flushing a pending unk first; that order is kept on purpose.
            for (unsigned char b : symbol)
                symbols.emplace_back(m_byteTokenIds[b], 1);
            continue;
        }
        if (m_unkId) {
            if (pendingUnk && m_fuseUnk) {
                pendingUnk->second += length;
            } else {
                if (pendingUnk)
                    symbols.push_back(*pendingUnk);
                pendingUnk = std::make_pair(*m_unkId, length);
            }
        }
        // Without unk_token an unknown character is dropped, as in HF.
    }
    if (pendingUnk)
        symbols.push_back(*pendingUnk);
    return symbols;
}

void BpeModel::mergeAll(std::vector<Symbol>& symbols) const
{
    struct Candidate
    {
        uint32_t rank;
        int pos;
        uint32_t newId;
        // std::priority_queue pops the largest: invert so the lowest rank, then the leftmost, comes first.
        bool operator<(const Candidate& other) const
        {
            return rank != other.rank ? rank > other.rank : pos > other.pos;
        }
    };
    std::priority_queue<Candidate> queue;
    for (size_t i = 0; i + 1 < symbols.size(); ++i)
        if (const MergeTarget* m = findMerge(symbols[i].id, symbols[i + 1].id))
            queue.push({m->rank, static_cast<int>(i), m->newId});

    while (!queue.empty()) {
        const Candidate top = queue.top();
        queue.pop();
        Symbol& left = symbols[top.pos];
        if (left.length == 0 || left.next < 0)
            continue;
        const Symbol right = symbols[left.next];
        // Skip entries made stale by earlier merges.
        const MergeTarget* current = findMerge(left.id, right.id);
        if (!current || current->newId != top.newId)
            continue;
        left.id = top.newId;
        left.length += right.length;
        symbols[left.next].length = 0;
        left.next = right.next;
        if (right.next >= 0)
            symbols[right.next].prev = top.pos;
        if (left.prev >= 0)
            if (const MergeTarget* m = findMerge(symbols[left.prev].id, left.id))
                queue.push({m->rank, left.prev, m->newId});
        if (left.next >= 0)
            if (const MergeTarget* m = findMerge(left.id, symbols[left.next].id))
                queue.push({m->rank, top.pos, m->newId});
    }
}

void BpeModel::tokenize(std::string_view piece, std::vector<ModelToken>& out) const
{
    if (piece.empty())
        return;
    if (m_ignoreMerges) {
        if (const auto id = tokenToId(piece)) {
            out.push_back({*id, 0, static_cast<uint32_t>(piece.size())});
            return;
        }
    }
    if (piece.size() < kMaxCachedPieceBytes || m_joinable.empty()) {
        tokenizeWord(piece, 0, out);
        return;
    }
    // A long word (a whole SentencePiece segment has no pre-tokenizer to cut it): cut it where no merge can
    // ever join the two sides, i.e. between two characters that are vocabulary entries themselves (so unk
    // fusing and byte fallback cannot span the cut) and that no merge (l, r) has as l's last and r's first
    // character. BPE on the parts gives exactly the tokens of BPE on the whole word, and the parts are short
    // enough to cache.
    size_t partStart = 0;
    size_t pos = 0;
    char32_t previous = 0;
    bool previousKnown = false;
    while (pos < piece.size()) {
        const size_t start = pos;
        const char32_t cp = nextCodePoint(piece, pos);
        const bool known = tokenToId(piece.substr(start, pos - start)).has_value();
        if (start > partStart && previousKnown && known &&
            !m_joinable.count((uint64_t(previous) << 32) | cp)) {
            tokenizeWord(piece.substr(partStart, start - partStart), static_cast<uint32_t>(partStart), out);
            partStart = start;
        }
        previous = cp;
        previousKnown = known;
    }
    tokenizeWord(piece.substr(partStart), static_cast<uint32_t>(partStart), out);
}

void BpeModel::tokenizeWord(std::string_view word, uint32_t offset, std::vector<ModelToken>& out) const
{
    auto emit = [&](const Piece& tokens) {
        uint32_t at = offset;
        for (const auto& [id, length] : tokens) {
            out.push_back({id, at, at + length});
            at += length;
        }
    };
    {
        std::lock_guard lock(m_cacheMutex);
        if (const auto it = m_cache.find(word); it != m_cache.end()) {
            emit(it->second);
            return;
        }
    }

    const Piece initial = initialSymbols(word);
    std::vector<Symbol> symbols(initial.size());
    for (size_t i = 0; i < initial.size(); ++i)
        symbols[i] = {initial[i].first, initial[i].second, static_cast<int>(i) - 1,
                      i + 1 < initial.size() ? static_cast<int>(i + 1) : -1};
    mergeAll(symbols);
    Piece result;
    for (const Symbol& s : symbols)
        if (s.length > 0)
            result.emplace_back(s.id, s.length);
    emit(result);

    if (word.size() < kMaxCachedPieceBytes) {
        std::lock_guard lock(m_cacheMutex);
        if (m_cache.size() < kCacheCapacity)
            m_cache.emplace(std::string(word), std::move(result));
    }
}

} // namespace interlens
