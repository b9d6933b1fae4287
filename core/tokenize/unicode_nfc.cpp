#include "tokenize/unicode_nfc.h"

#include "tokenize/utf8.h"

#include <QChar>
#include <QList>
#include <QString>

#include <algorithm>
#include <string>
#include <unordered_map>

namespace interlens {

namespace {

constexpr char32_t kHangulSBase = 0xAC00, kHangulLBase = 0x1100, kHangulVBase = 0x1161, kHangulTBase = 0x11A7;
constexpr char32_t kHangulLCount = 19, kHangulVCount = 21, kHangulTCount = 28;
constexpr char32_t kHangulNCount = kHangulVCount * kHangulTCount,
                   kHangulSCount = kHangulLCount * kHangulNCount;

// Below U+0300 no character changes under NFC or combines with a neighbour.
constexpr char32_t kFirstNfcSensitive = 0x300;
// Latin-1 letters are the first characters with canonical decompositions.
constexpr char32_t kFirstDecomposable = 0xC0;

struct NfcTables
{
    std::unordered_map<char32_t, std::u32string> decomposition; // full canonical decomposition
    std::unordered_map<uint64_t, char32_t> composition;         // (first << 32 | second) -> primary composite
};

std::u32string toUcs4(const QString& s)
{
    std::u32string out;
    for (char32_t c : s.toUcs4())
        out.push_back(c);
    return out;
}

NfcTables buildTables()
{
    NfcTables tables;
    // Canonical decompositions live below U+30000 (CJK compatibility ideographs end at U+2FA1D).
    for (char32_t cp = kFirstDecomposable; cp < 0x30000; ++cp) {
        if ((cp >= kHangulSBase && cp < kHangulSBase + kHangulSCount) || (cp >= 0xD800 && cp <= 0xDFFF))
            continue;
        if (QChar::decompositionTag(cp) != QChar::Canonical)
            continue;
        const QString self = QString::fromUcs4(&cp, 1);
        // Full canonical decomposition: NFD of the character itself.
        tables.decomposition.emplace(cp, toUcs4(self.normalized(QString::NormalizationForm_D)));
        // A primary composite: its one-level decomposition is a pair, and NFC keeps the character (this
        // excludes singletons, non-starter decompositions and the composition exclusion table).
        const std::u32string direct = toUcs4(QChar::decomposition(cp));
        if (direct.size() == 2 && self.normalized(QString::NormalizationForm_C) == self)
            tables.composition.emplace((uint64_t(direct[0]) << 32) | direct[1], cp);
    }
    return tables;
}

const NfcTables& tables()
{
    static const NfcTables instance = buildTables();
    return instance;
}

int combiningClass(char32_t cp)
{
    return cp < kFirstNfcSensitive ? 0 : QChar::combiningClass(cp);
}

char32_t compose(char32_t first, char32_t second)
{
    if (first >= kHangulLBase && first < kHangulLBase + kHangulLCount && second >= kHangulVBase &&
        second < kHangulVBase + kHangulVCount)
        return kHangulSBase +
               ((first - kHangulLBase) * kHangulVCount + (second - kHangulVBase)) * kHangulTCount;
    if (first >= kHangulSBase && first < kHangulSBase + kHangulSCount &&
        (first - kHangulSBase) % kHangulTCount == 0 && second > kHangulTBase &&
        second < kHangulTBase + kHangulTCount)
        return first + (second - kHangulTBase);
    const auto& composition = tables().composition;
    const auto it = composition.find((uint64_t(first) << 32) | second);
    return it == composition.end() ? 0 : it->second;
}

struct SourcedChar
{
    char32_t cp;
    uint32_t source;
};

void appendDecomposition(std::vector<SourcedChar>& out, char32_t cp, uint32_t source)
{
    if (cp >= kHangulSBase && cp < kHangulSBase + kHangulSCount) {
        const char32_t index = cp - kHangulSBase;
        out.push_back({kHangulLBase + index / kHangulNCount, source});
        out.push_back({kHangulVBase + (index % kHangulNCount) / kHangulTCount, source});
        if (index % kHangulTCount != 0)
            out.push_back({kHangulTBase + index % kHangulTCount, source});
        return;
    }
    if (cp >= kFirstDecomposable) {
        const auto& decomposition = tables().decomposition;
        const auto it = decomposition.find(cp);
        if (it != decomposition.end()) {
            for (char32_t c : it->second)
                out.push_back({c, source});
            return;
        }
    }
    out.push_back({cp, source});
}

} // namespace

std::vector<std::pair<char32_t, uint32_t>> nfcWithSources(std::string_view text)
{
    std::vector<std::pair<char32_t, uint32_t>> result;
    if (std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0xCC; }))
        return result; // only code points below U+0300

    // 1. Canonical decomposition.
    std::vector<SourcedChar> chars;
    chars.reserve(text.size());
    size_t pos = 0;
    while (pos < text.size()) {
        const auto source = static_cast<uint32_t>(pos);
        appendDecomposition(chars, nextCodePoint(text, pos), source);
    }
    // 2. Canonical ordering: stable sort of every run of non-starters by combining class.
    for (size_t i = 0; i < chars.size();) {
        if (combiningClass(chars[i].cp) == 0) {
            ++i;
            continue;
        }
        size_t j = i;
        while (j < chars.size() && combiningClass(chars[j].cp) != 0)
            ++j;
        std::stable_sort(chars.begin() + i, chars.begin() + j,
                         [](const SourcedChar& a, const SourcedChar& b) {
                             return combiningClass(a.cp) < combiningClass(b.cp);
                         });
        i = j;
    }
    // 3. Canonical composition (the algorithm of UAX #15): a character joins the last starter unless a
    // character in between has a combining class of zero or at least its own.
    std::vector<SourcedChar> composed;
    composed.reserve(chars.size());
    long starter = -1;
    int lastClass = 0;
    for (const SourcedChar& c : chars) {
        const int cls = combiningClass(c.cp);
        if (starter >= 0) {
            const bool blocked = !(lastClass < cls || lastClass == 0) ||
                                 (lastClass == 0 && static_cast<size_t>(starter) + 1 != composed.size());
            if (!blocked) {
                if (const char32_t combined = compose(composed[starter].cp, c.cp)) {
                    composed[starter].cp = combined;
                    continue;
                }
            }
        }
        if (cls == 0) {
            starter = static_cast<long>(composed.size());
            lastClass = 0;
        } else {
            lastClass = cls;
        }
        composed.push_back(c);
    }

    // Unchanged text needs no new alignment.
    size_t check = 0;
    bool same = true;
    for (const SourcedChar& c : composed) {
        if (check >= text.size() || nextCodePoint(text, check) != c.cp) {
            same = false;
            break;
        }
    }
    if (same && check == text.size())
        return result;
    result.reserve(composed.size());
    for (const SourcedChar& c : composed)
        result.emplace_back(c.cp, c.source);
    return result;
}

} // namespace interlens
