// Self-contained tokenizer tests: small tokenizer.json files written by the test, expected results worked out
// by hand from the HF tokenizers algorithms.
#include "common/fixtures.h"
#include "mini_tokenizers.h"

#include "tokenize/pattern.h"
#include "tokenize/tokenizer.h"
#include "tokenize/word_map.h"

#include <QTest>

#include <thread>

using namespace interlens;
using namespace interlens::test;

using Ids = std::vector<TokenId>;
using Spans = std::vector<CharSpan>;

class TestTokenizeUnits : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void byteLevelBpe();
    void mergeRankOrder();
    void mergeListForm();
    void ignoreMerges();
    void sentencePieceByteFallback();
    void longSentencePieceWord();
    void tokenizerConfigBosEos();
    void addedTokenFlags();
    void normalizedAddedToken();
    void metaspacePreTokenizer();
    void splitBehaviors();
    void wordMapLookup();
    void concurrentEncode();
};

namespace {

const std::vector<std::string> kHelloMerges = {"h e", "l l",        "he ll", "hell o",      "\u0120 w",
                                               "o r", "\u0120w or", "l d",   "\u0120wor ld"};
const std::vector<std::string> kAbcMerges = {"\u2581 a", "b c", "\u2581a bc"};

Tokenizer loadFrom(const nlohmann::json& json, const QString& name, const nlohmann::json* config = nullptr)
{
    const QString dir = scratchDir(name);
    writeJson(dir, "tokenizer.json", json);
    if (config)
        writeJson(dir, "tokenizer_config.json", *config);
    return Tokenizer::load(dir.toStdString());
}

nlohmann::json addedToken(int id, const char* content, bool lstrip, bool rstrip, bool normalized,
                          bool special, bool singleWord = false)
{
    return {{"id", id},         {"content", content},       {"single_word", singleWord}, {"lstrip", lstrip},
            {"rstrip", rstrip}, {"normalized", normalized}, {"special", special}};
}

} // namespace

void TestTokenizeUnits::byteLevelBpe()
{
    const Tokenizer tok = loadFrom(byteLevelTokenizer(kHelloMerges), "bytelevel");
    // Merge results get ids 256.. in order: he ll hell hello Ġw or Ġwor ld Ġworld, then <|endoftext|> = 265.
    Encoding e = tok.encode("hello world", true);
    QCOMPARE(e.ids, (Ids{259, 264}));
    QCOMPARE(e.tokens, (std::vector<std::string>{"hello", "\u0120world"}));
    QCOMPARE(e.offsets, (Spans{{0, 5}, {5, 11}})); // the Ġ's space belongs to the token
    QCOMPARE(tok.decode(e.ids), std::string("hello world"));

    // A special added token (normalized=true) typed in the text; decode drops it only when asked.
    e = tok.encode("hello<|endoftext|>", false);
    QCOMPARE(e.ids, (Ids{259, 265}));
    QCOMPARE(e.offsets, (Spans{{0, 5}, {5, 18}}));
    QCOMPARE(tok.decode(e.ids, true), std::string("hello"));
    QCOMPARE(tok.decode(e.ids, false), std::string("hello<|endoftext|>"));

    // Multi-byte characters: one token per byte, each spanning the whole character (code point offsets).
    e = tok.encode("\u00e9!\U0001F600", false);
    QCOMPARE(e.ids, (Ids{0xC3, 0xA9, '!', 0xF0, 0x9F, 0x98, 0x80}));
    QCOMPARE(e.offsets, (Spans{{0, 1}, {0, 1}, {1, 2}, {2, 3}, {2, 3}, {2, 3}, {2, 3}}));
    QCOMPARE(tok.decode(e.ids), std::string("\u00e9!\U0001F600"));
    QCOMPARE(tok.decode({0xC3}), std::string("\uFFFD")); // a lone lead byte decodes lossily, as Rust does

    QCOMPARE(tok.encode("", true).size(), size_t(0));
    QCOMPARE(tok.decode({-5, 1000000, 259}), std::string("hello")); // unknown ids are skipped, as HF does
    QCOMPARE(tok.tokenToId("hello").value_or(-1), 259);
    QCOMPARE(tok.idToToken(264).value_or(""), std::string("\u0120world"));
    QCOMPARE(tok.vocabSize(), 266);
    QCOMPARE(tok.eosId().value_or(-1), 265);
    QVERIFY(!tok.addsBos());
    QVERIFY(tok.isSpecial(265));
    QVERIFY(!tok.isSpecial(259));
}

void TestTokenizeUnits::mergeRankOrder()
{
    // The lowest-ranked pair merges first wherever it is; ties go to the leftmost pair.
    const Tokenizer bcFirst = loadFrom(byteLevelTokenizer({"b c", "a b"}), "rank1");
    QCOMPARE(bcFirst.encode("abc", false).tokens, (std::vector<std::string>{"a", "bc"}));
    const Tokenizer abFirst = loadFrom(byteLevelTokenizer({"a b", "b c"}), "rank2");
    QCOMPARE(abFirst.encode("abc", false).tokens, (std::vector<std::string>{"ab", "c"}));
    const Tokenizer aa = loadFrom(byteLevelTokenizer({"a a", "aa aa"}), "rank3");
    QCOMPARE(aa.encode("aaa", false).tokens, (std::vector<std::string>{"aa", "a"}));
    QCOMPARE(aa.encode("aaaaa", false).tokens, (std::vector<std::string>{"aaaa", "a"}));
    const Encoding e = aa.encode("aaaaa", false);
    QCOMPARE(e.offsets, (Spans{{0, 4}, {4, 5}}));
    // A long word (no cache: over 256 bytes) merges the same way as a short one.
    const std::string longWord(1001, 'a');
    const Encoding longE = aa.encode(longWord, false);
    QCOMPARE(longE.size(), size_t(251));
    QCOMPARE(longE.tokens.back(), std::string("a"));
    QCOMPARE(longE.offsets.back(), (CharSpan{1000, 1001}));
}

void TestTokenizeUnits::mergeListForm()
{
    // ["a", "b"] pairs (newer tokenizer.json files) mean the same as "a b" strings.
    const Tokenizer strings = loadFrom(byteLevelTokenizer(kHelloMerges, false), "mergestr");
    const Tokenizer lists = loadFrom(byteLevelTokenizer(kHelloMerges, true), "mergelist");
    for (const char* text : {"hello world", "hell or low world", "ollehdlrow", " world  hello\n"}) {
        const Encoding a = strings.encode(text, true);
        const Encoding b = lists.encode(text, true);
        QCOMPARE(a.ids, b.ids);
        QCOMPARE(a.offsets, b.offsets);
    }
    // A merge whose parts contain a space only works in list form.
    nlohmann::json json = byteLevelTokenizer({"a b"}, true);
    json["model"]["vocab"]["x y"] = 1000;
    json["model"]["vocab"]["x yz"] = 1001;
    json["model"]["vocab"]["z"] = 1002;
    json["model"]["merges"].push_back({"x y", "z"});
    QCOMPARE(loadFrom(json, "mergespace").tokenToId("x yz").value_or(-1), 1001);
}

void TestTokenizeUnits::ignoreMerges()
{
    // "abc" is in the vocabulary but no merge builds it: ignore_merges (Llama 3) takes the whole word.
    nlohmann::json json = byteLevelTokenizer({"a b"});
    json["model"]["vocab"]["abc"] = 500;
    json["model"]["ignore_merges"] = false;
    QCOMPARE(loadFrom(json, "ignore0").encode("abc", false).tokens, (std::vector<std::string>{"ab", "c"}));
    json["model"]["ignore_merges"] = true;
    const Tokenizer tok = loadFrom(json, "ignore1");
    QCOMPARE(tok.encode("abc", false).ids, (Ids{500}));
    QCOMPARE(tok.encode("abcd", false).tokens, (std::vector<std::string>{"ab", "c", "d"}));
}

void TestTokenizeUnits::sentencePieceByteFallback()
{
    const Tokenizer tok = loadFrom(sentencePieceTokenizer(kAbcMerges), "sentencepiece");
    // Vocabulary: <unk>=0 <s>=1 </s>=2 <0x0A>=3 <0xC3>=4 <0xA9>=5 ▁=6 a..e=7..11, then ▁a=12 bc=13 ▁abc=14.
    QVERIFY(tok.addsBos());
    QCOMPARE(tok.bosId().value_or(-1), 1);
    QCOMPARE(tok.unkId().value_or(-1), 0);

    Encoding e = tok.encode("abc", true);
    QCOMPARE(e.ids, (Ids{1, 14}));
    QCOMPARE(e.offsets, (Spans{{0, 0}, {0, 3}})); // BOS spans nothing; the prepended ▁ aligns to 'a'
    QCOMPARE(e.specialTokensMask, (std::vector<bool>{true, false}));
    QCOMPARE(tok.encode("", true).ids, (Ids{1}));
    QCOMPARE(tok.encode("", false).ids, (Ids{}));

    // Byte fallback for characters outside the vocabulary whose bytes are pieces.
    e = tok.encode("ab\n\u00e9", false);
    QCOMPARE(e.ids, (Ids{12, 8, 3, 4, 5}));
    QCOMPARE(e.offsets, (Spans{{0, 1}, {1, 2}, {2, 3}, {3, 4}, {3, 4}}));
    QCOMPARE(tok.decode(e.ids), std::string("ab\n\u00e9"));
    QCOMPARE(tok.decode({6, 4}), std::string("\uFFFD")); // an incomplete byte run becomes U+FFFD per byte

    // fuse_unk: consecutive unknown characters (bytes not in the vocabulary either) become one <unk>.
    e = tok.encode("\u65e5\u672c", false);
    QCOMPARE(e.ids, (Ids{6, 0}));
    QCOMPARE(e.offsets, (Spans{{0, 1}, {0, 2}}));
    e = tok.encode("x y", false);
    QCOMPARE(e.ids, (Ids{6, 0, 6, 0}));
    QCOMPARE(e.offsets, (Spans{{0, 1}, {0, 1}, {1, 2}, {2, 3}}));
    QCOMPARE(tok.decode(e.ids, false), std::string("<unk> <unk>"));
    QCOMPARE(tok.decode(e.ids, true), std::string(" "));

    // Special tokens typed in the text split it; Prepend runs again on the next segment.
    e = tok.encode("a</s>b", true);
    QCOMPARE(e.ids, (Ids{1, 12, 2, 6, 8}));
    QCOMPARE(e.offsets, (Spans{{0, 0}, {0, 1}, {1, 5}, {5, 6}, {5, 6}}));
    QCOMPARE(tok.decode(e.ids, true), std::string("a b"));
    QCOMPARE(tok.decode(e.ids, false), std::string("<s> a</s> b"));
}

void TestTokenizeUnits::longSentencePieceWord()
{
    // Without a pre-tokenizer a whole segment is one BPE word; long ones are cut where no merge can join the
    // sides, which must not change the result: here every "abc" keeps merging into ▁abc, and the unknown
    // characters stay fused into one <unk> per run.
    const Tokenizer tok = loadFrom(sentencePieceTokenizer(kAbcMerges), "longword");
    std::string text;
    Ids expected;
    Spans spans;
    for (int i = 0; i < 120; ++i) {
        const int at = static_cast<int>(text.size());
        // The ▁ of a word is the space before it (the prepended one aligns to the first character).
        const int space = i == 0 ? 0 : at - 1;
        text += i % 10 == 9 ? "xyz " : "abc ";
        if (i % 10 == 9) {
            expected.insert(expected.end(), {6, 0});
            spans.insert(spans.end(), {{space, space + 1}, {at, at + 3}});
        } else {
            expected.push_back(14);
            spans.push_back({space, at + 3});
        }
    }
    expected.push_back(6); // the trailing space
    spans.push_back({static_cast<int>(text.size()) - 1, static_cast<int>(text.size())});
    const Encoding e = tok.encode(text, false);
    QCOMPARE(e.ids, expected);
    QCOMPARE(e.offsets, spans);
}

void TestTokenizeUnits::tokenizerConfigBosEos()
{
    // transformers semantics: explicit add_bos_token / add_eos_token rebuild the template.
    const nlohmann::json config = {
        {"add_bos_token", false}, {"add_eos_token", true},
        {"bos_token", "<s>"},     {"eos_token", {{"content", "</s>"}, {"lstrip", false}}},
        {"pad_token", nullptr},   {"unk_token", "<unk>"}};
    const Tokenizer tok = loadFrom(sentencePieceTokenizer(kAbcMerges), "config", &config);
    QVERIFY(!tok.addsBos());
    QVERIFY(tok.addsEos());
    QCOMPARE(tok.eosId().value_or(-1), 2);
    QCOMPARE(tok.bosId().value_or(-1), 1);
    QVERIFY(!tok.padId());
    const Encoding e = tok.encode("abc", true);
    QCOMPARE(e.ids, (Ids{14, 2}));
    QCOMPARE(e.offsets, (Spans{{0, 3}, {0, 0}}));
    QCOMPARE(e.specialTokensMask, (std::vector<bool>{false, true}));

    // A config without the flags leaves the tokenizer.json post-processor alone.
    const nlohmann::json plain = {{"bos_token", "<s>"}};
    QCOMPARE(loadFrom(sentencePieceTokenizer(kAbcMerges), "config2", &plain).encode("abc", true).ids,
             (Ids{1, 14}));

    // On a byte-level tokenizer the ByteLevel step is kept and BOS added.
    const nlohmann::json bos = {{"add_bos_token", true}, {"bos_token", "<|endoftext|>"}};
    const Tokenizer bl = loadFrom(byteLevelTokenizer(kHelloMerges), "config3", &bos);
    QCOMPARE(bl.encode("hello", true).ids, (Ids{265, 259}));
    QCOMPARE(bl.encode("hello", false).ids, (Ids{259}));
}

void TestTokenizeUnits::addedTokenFlags()
{
    nlohmann::json json = byteLevelTokenizer({});
    auto& added = json["added_tokens"];
    added.push_back(addedToken(1000, "<mask>", true, true, false, true));
    added.push_back(addedToken(1001, "<cls>", false, false, false, true));
    added.push_back(addedToken(1004, "ab", false, false, false, false, /*singleWord=*/true));
    const Tokenizer tok = loadFrom(json, "added");

    // lstrip/rstrip: the token swallows the whitespace around it.
    Encoding e = tok.encode("a <mask> b", false);
    QCOMPARE(e.ids, (Ids{'a', 1000, 'b'}));
    QCOMPARE(e.offsets, (Spans{{0, 1}, {1, 9}, {9, 10}}));
    e = tok.encode("a <cls> b", false);
    QCOMPARE(e.ids, (Ids{'a', 32, 1001, 32, 'b'}));
    QCOMPARE(e.offsets, (Spans{{0, 1}, {1, 2}, {2, 7}, {7, 8}, {8, 9}}));
    // single_word: only where no word character touches the match.
    e = tok.encode("ab cab ab.", false);
    QCOMPARE(e.ids, (Ids{1004, 32, 'c', 'a', 'b', 32, 1004, '.'}));
    // Leftmost-longest: "<mask>" wins over nothing shorter; an unknown near-miss stays text.
    QCOMPARE(tok.encode("<mas>", false).size(), size_t(5));
    QCOMPARE(tok.decode({1004, 1000}, true), std::string("ab")); // non-special added tokens are kept
}

void TestTokenizeUnits::normalizedAddedToken()
{
    // normalized=true tokens are matched in the normalized text, normalized=false ones in the raw text.
    nlohmann::json json = byteLevelTokenizer({"q z"});
    json["normalizer"] = {{"type", "Replace"}, {"pattern", {{"String", "Q"}}}, {"content", "q"}};
    json["added_tokens"].push_back(addedToken(1002, "Qz", false, false, true, false));
    json["added_tokens"].push_back(addedToken(1003, "Wz", false, false, false, false));
    const Tokenizer tok = loadFrom(json, "normalized");
    Encoding e = tok.encode("Qz qz", false);
    QCOMPARE(e.ids, (Ids{1002, 32, 1002}));
    QCOMPARE(e.offsets, (Spans{{0, 2}, {2, 3}, {3, 5}}));
    e = tok.encode("Wz wz", false);
    QCOMPARE(e.ids, (Ids{1003, 32, 'w', 'z'}));
}

void TestTokenizeUnits::metaspacePreTokenizer()
{
    nlohmann::json json = sentencePieceTokenizer(kAbcMerges);
    json["normalizer"] = nullptr;
    const nlohmann::json metaspace = {
        {"type", "Metaspace"}, {"replacement", "\u2581"}, {"prepend_scheme", "first"}, {"split", false}};
    json["pre_tokenizer"] = metaspace;
    json["decoder"] = metaspace;
    const Tokenizer tok = loadFrom(json, "metaspace");
    QCOMPARE(tok.encode("abc", false).ids, (Ids{14}));
    // prepend_scheme "first": only the segment at the start of the text gets a ▁.
    const Encoding e = tok.encode("a</s>abc", false);
    QCOMPARE(e.ids, (Ids{12, 2, 7, 13}));
    QCOMPARE(tok.decode(e.ids, true), std::string("aabc"));
    QCOMPARE(tok.decode(e.ids, false), std::string("a</s>abc"));
    QCOMPARE(tok.encode("abc abc", false).ids, (Ids{14, 14}));
}

void TestTokenizeUnits::splitBehaviors()
{
    const auto matches = Pattern::literal("-").findAll("a-b--c-");
    QCOMPARE(matches.size(), size_t(4));
    auto ranges = [&](SplitBehavior behavior, bool invert = false) {
        std::vector<std::pair<size_t, size_t>> out;
        for (const ByteRange& r : splitPieces(7, matches, behavior, invert))
            out.emplace_back(r.start, r.end);
        return out;
    };
    using R = std::vector<std::pair<size_t, size_t>>;
    QCOMPARE(ranges(SplitBehavior::Removed), (R{{0, 1}, {2, 3}, {5, 6}}));
    QCOMPARE(ranges(SplitBehavior::Isolated), (R{{0, 1}, {1, 2}, {2, 3}, {3, 4}, {4, 5}, {5, 6}, {6, 7}}));
    QCOMPARE(ranges(SplitBehavior::MergedWithPrevious), (R{{0, 2}, {2, 4}, {4, 5}, {5, 7}}));
    QCOMPARE(ranges(SplitBehavior::MergedWithNext), (R{{0, 1}, {1, 3}, {3, 4}, {4, 6}, {6, 7}}));
    QCOMPARE(ranges(SplitBehavior::Contiguous), (R{{0, 1}, {1, 2}, {2, 3}, {3, 5}, {5, 6}, {6, 7}}));
    QCOMPARE(ranges(SplitBehavior::Removed, true), (R{{1, 2}, {3, 4}, {4, 5}, {6, 7}}));

    // Unicode classes work (PCRE2 with UCP): \p{L}+ takes whole non-ASCII words.
    const auto words = Pattern::regex("\\p{L}+", "test").findAll("Z\u00fcrich \u0141\u00f3d\u017a 42");
    QCOMPARE(words.size(), size_t(2));
    QCOMPARE(words[1].end - words[1].start, size_t(7));
}

void TestTokenizeUnits::wordMapLookup()
{
    const Tokenizer tok = loadFrom(byteLevelTokenizer(kHelloMerges), "words");
    const std::string text = "hello  world, hello\tw\u00f6rld";
    const WordMap map = buildWordMap(text, tok.encode(text, true));
    QCOMPARE(map.words.size(), size_t(4));
    QCOMPARE(map.words[1].text, std::string("world,"));
    QCOMPARE(map.words[1].span, (CharSpan{7, 13}));
    QCOMPARE(map.words[3].span, (CharSpan{20, 25}));
    QCOMPARE(map.find("hello"), (std::vector<int>{0, 2}));
    QCOMPARE(map.find("world"), (std::vector<int>{1})); // punctuation ignored when nothing matches exactly
    QCOMPARE(map.find("world,"), (std::vector<int>{1}));
    QCOMPARE(map.find("w\u00f6rld"), (std::vector<int>{3}));
    QVERIFY(map.find("absent").empty());
    QCOMPARE(map.wordAt(5), -1);
    QCOMPARE(map.wordAt(8), 1);
    // Every token is in exactly one word or unassigned (here: the first of the two spaces).
    size_t assigned = 0;
    for (const Word& w : map.words)
        assigned += w.tokens.size();
    QCOMPARE(assigned + map.unassignedTokens.size(), tok.encode(text, true).size());
    QVERIFY(map.multiWordTokens.empty());
    // A token spanning two words (a synthetic encoding) is reported, and belongs to both.
    Encoding synthetic;
    synthetic.ids = {1, 2};
    synthetic.offsets = {{0, 4}, {4, 5}};
    synthetic.specialTokensMask = {false, false};
    const WordMap joined = buildWordMap("ab cd", synthetic);
    QCOMPARE(joined.multiWordTokens, (std::vector<int>{0}));
    QCOMPARE(joined.words[0].tokens, (std::vector<int>{0}));
    QCOMPARE(joined.words[1].tokens, (std::vector<int>{0, 1}));
}

void TestTokenizeUnits::concurrentEncode()
{
    // Encoding is const and thread-safe (the BPE cache is shared).
    const Tokenizer tok = loadFrom(byteLevelTokenizer(kHelloMerges), "threads");
    std::vector<std::string> texts;
    for (int i = 0; i < 64; ++i)
        texts.push_back("hello world " + std::to_string(i * 7919) + " hold or row" + std::string(i % 5, 'l'));
    std::vector<Ids> expected;
    for (const auto& t : texts)
        expected.push_back(tok.encode(t, true).ids);
    std::vector<int> mismatches(4, 0);
    std::vector<std::thread> threads;
    for (int k = 0; k < 4; ++k)
        threads.emplace_back([&, k] {
            for (int round = 0; round < 50; ++round)
                for (size_t i = k; i < texts.size(); i += 3)
                    if (tok.encode(texts[i], true).ids != expected[i])
                        ++mismatches[k];
        });
    for (auto& t : threads)
        t.join();
    QCOMPARE(mismatches, (std::vector<int>{0, 0, 0, 0}));
}

QTEST_GUILESS_MAIN(TestTokenizeUnits)
#include "test_tokenize_units.moc"
