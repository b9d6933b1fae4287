// Every golden of ../shared/fixtures/tokenizers (HF tokenizers 0.22.2): ids with and without special tokens,
// code-point offsets, token strings and decoded text must match exactly.
#include "common/fixtures.h"
#include "tokenize_test_util.h"

#include "tokenize/word_map.h"

#include <QTest>

using namespace interlens;
using namespace interlens::test;

class TestTokenizeFixtures : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void goldens_data();
    void goldens();
    void genericPath_data();
    void genericPath();
    void words_data();
    void words();
    void modelFolderWithConfig();
    void specialIds_data();
    void specialIds();
};

namespace {

const char* const kTokenizers[] = {"gpt2", "qwen2", "llama3", "mistral", "stories260K", "gemma3"};

} // namespace

void TestTokenizeFixtures::goldens_data()
{
    QTest::addColumn<QString>("name");
    for (const char* name : kTokenizers)
        QTest::newRow(name) << QString::fromLatin1(name);
}

namespace {

// Number of goldens `tokenizer` gets wrong (the first few are printed).
int checkGoldens(const Tokenizer& tokenizer, const QString& name, const std::vector<nlohmann::json>& goldens)
{
    int failures = 0;
    auto fail = [&](size_t line, const std::string& what, const std::string& expected,
                    const std::string& actual) {
        if (++failures <= 8)
            qWarning("%s line %zu %s\n  text     %s\n  expected %s\n  actual   %s", qPrintable(name),
                     line + 1, what.c_str(), goldens[line]["text"].dump().c_str(), expected.c_str(),
                     actual.c_str());
    };
    size_t tokens = 0;
    for (size_t i = 0; i < goldens.size(); ++i) {
        const auto& g = goldens[i];
        const std::string text = g["text"].get<std::string>();
        const Encoding plain = tokenizer.encode(text, false);
        const Encoding special = tokenizer.encode(text, true);
        const auto expectedPlain = g["ids_no_special"].get<std::vector<TokenId>>();
        const auto expectedSpecial = g["ids_with_special"].get<std::vector<TokenId>>();
        const auto expectedOffsets = spansFromJson(g["offsets"]);
        const auto expectedTokens = g["tokens"].get<std::vector<std::string>>();
        tokens += plain.size();
        if (plain.ids != expectedPlain)
            fail(i, "ids_no_special", listToString(expectedPlain), listToString(plain.ids));
        if (special.ids != expectedSpecial)
            fail(i, "ids_with_special", listToString(expectedSpecial), listToString(special.ids));
        if (plain.offsets != expectedOffsets)
            fail(i, "offsets", spansToString(expectedOffsets), spansToString(plain.offsets));
        if (plain.tokens != expectedTokens)
            fail(i, "tokens", nlohmann::json(expectedTokens).dump(), nlohmann::json(plain.tokens).dump());
        // Added tokens span [0, 0) and are flagged; the rest of the encoding is the plain one.
        const size_t added = special.size() - plain.size();
        for (size_t k = 0; k < special.size(); ++k) {
            const bool isAdded = k < added;
            if (special.specialTokensMask[k] != isAdded || (isAdded && special.offsets[k] != CharSpan{}))
                fail(i, "special mask/offset at " + std::to_string(k), "", "");
        }
        const std::string decoded = tokenizer.decode(expectedPlain, true);
        if (decoded != g["decoded"].get<std::string>())
            fail(i, "decoded", g["decoded"].dump(), nlohmann::json(decoded).dump());
    }
    qInfo("%s: %zu texts, %zu tokens, %d mismatches", qPrintable(name), goldens.size(), tokens, failures);
    return failures;
}

} // namespace

void TestTokenizeFixtures::goldens()
{
    QFETCH(QString, name);
    const QString dir = fixturePath("tokenizers/" + name);
    INTERLENS_REQUIRE_FIXTURE(dir + "/goldens.jsonl");
    const auto goldens = readJsonLines(dir + "/goldens.jsonl");
    QVERIFY(goldens.size() >= 100);
    QCOMPARE(checkGoldens(fixtureTokenizer(dir), name, goldens), 0);
}

void TestTokenizeFixtures::genericPath_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("gpt2") << QStringLiteral("gpt2");
    QTest::newRow("llama3") << QStringLiteral("llama3");
}

// The byte-level tokenizers take a fast path; the general NormalizedString path must give the same goldens.
void TestTokenizeFixtures::genericPath()
{
    QFETCH(QString, name);
    const QString dir = fixturePath("tokenizers/" + name);
    INTERLENS_REQUIRE_FIXTURE(dir + "/goldens.jsonl");
    qputenv("INTERLENS_TOKENIZE_GENERIC", "1");
    const Tokenizer generic = Tokenizer::load(dir.toStdString());
    qunsetenv("INTERLENS_TOKENIZE_GENERIC");
    QCOMPARE(checkGoldens(generic, name + " (general path)", readJsonLines(dir + "/goldens.jsonl")), 0);
}

void TestTokenizeFixtures::words_data()
{
    goldens_data();
}

// words.jsonl: whitespace words, their code-point spans and the token indices overlapping them.
void TestTokenizeFixtures::words()
{
    QFETCH(QString, name);
    const QString dir = fixturePath("tokenizers/" + name);
    INTERLENS_REQUIRE_FIXTURE(dir + "/words.jsonl");
    const Tokenizer& tokenizer = fixtureTokenizer(dir);
    const auto prompts = readJsonLines(dir + "/words.jsonl");
    QVERIFY(prompts.size() >= 30);
    size_t words = 0;
    for (const auto& p : prompts) {
        const std::string text = p["text"].get<std::string>();
        const Encoding plain = tokenizer.encode(text, false);
        QCOMPARE(plain.ids, p["ids_no_special"].get<std::vector<TokenId>>());
        const WordMap map = buildWordMap(text, plain);
        const auto& expected = p["words"];
        QCOMPARE(map.words.size(), expected.size());
        for (size_t w = 0; w < map.words.size(); ++w) {
            const Word& word = map.words[w];
            const auto& e = expected[w];
            QCOMPARE(word.text, e["word"].get<std::string>());
            QCOMPARE(word.span, (CharSpan{e["start"].get<int>(), e["end"].get<int>()}));
            QCOMPARE(word.tokens, e["tokens"].get<std::vector<int>>());
            // The lookup by string finds this word among its (exact) occurrences.
            const auto found = map.find(word.text);
            QVERIFY(std::find(found.begin(), found.end(), static_cast<int>(w)) != found.end());
            QCOMPARE(map.wordAt(word.span.start), static_cast<int>(w));
        }
        words += map.words.size();
        QCOMPARE(map.unassignedTokens, p["unassigned_tokens"].get<std::vector<int>>());
        QCOMPARE(map.multiWordTokens, p["multi_word_tokens"].get<std::vector<int>>());

        // With special tokens the prefix (BOS) is unassigned and every index shifts by n_prefix_special.
        const int prefix = p["n_prefix_special"].get<int>();
        const WordMap withSpecial = buildWordMap(text, tokenizer.encode(text, true));
        for (size_t w = 0; w < map.words.size(); ++w)
            for (size_t k = 0; k < map.words[w].tokens.size(); ++k)
                QCOMPARE(withSpecial.words[w].tokens[k], map.words[w].tokens[k] + prefix);
        QCOMPARE(withSpecial.unassignedTokens.size(), map.unassignedTokens.size() + prefix);
    }
    qInfo("%s: %zu prompts, %zu words", qPrintable(name), prompts.size(), words);
}

void TestTokenizeFixtures::specialIds_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("bos");
    QTest::addColumn<bool>("addsBos");
    QTest::addColumn<int>("vocab");
    QTest::newRow("gpt2") << "gpt2" << -1 << false << 50257; // no tokenizer_config.json: no BOS guessed
    QTest::newRow("qwen2") << "qwen2" << -1 << false << 151669;
    QTest::newRow("llama3") << "llama3" << 128000 << false << 128256;
    QTest::newRow("mistral") << "mistral" << 1 << true << 32000;
    QTest::newRow("stories260K") << "stories260K" << 1 << true << 512;
    QTest::newRow("gemma3") << "gemma3" << 2 << true << 262144 + 0;
}

void TestTokenizeFixtures::specialIds()
{
    QFETCH(QString, name);
    QFETCH(int, bos);
    QFETCH(bool, addsBos);
    QFETCH(int, vocab);
    const QString dir = fixturePath("tokenizers/" + name);
    INTERLENS_REQUIRE_FIXTURE(dir);
    const Tokenizer& tokenizer = fixtureTokenizer(dir);
    QCOMPARE(tokenizer.bosId().value_or(-1), bos);
    QCOMPARE(tokenizer.addsBos(), addsBos);
    QCOMPARE(tokenizer.addsEos(), false);
    QVERIFY2(tokenizer.vocabSize() >= vocab, qPrintable(QString::number(tokenizer.vocabSize())));
    // Every id maps to a token and back (spot check over the whole range).
    for (TokenId id = 0; id < tokenizer.vocabSize(); id += 997) {
        const auto token = tokenizer.idToToken(id);
        QVERIFY2(token, qPrintable(QString::number(id)));
        QCOMPARE(tokenizer.tokenToId(*token).value_or(-1), id);
    }
    QVERIFY(!tokenizer.idToToken(-1));
    QVERIFY(!tokenizer.idToToken(tokenizer.vocabSize()));
}

// A model folder with tokenizer_config.json (add_bos_token true, add_eos_token false): the rebuilt template
// must encode exactly like the tokenizer.json's own one, and the config names BOS/EOS.
void TestTokenizeFixtures::modelFolderWithConfig()
{
    const QString dir = fixturePath("models/stories260K");
    INTERLENS_REQUIRE_FIXTURE(dir + "/tokenizer_config.json");
    const Tokenizer tokenizer = Tokenizer::load(dir.toStdString());
    QVERIFY(tokenizer.addsBos());
    QVERIFY(!tokenizer.addsEos());
    QCOMPARE(tokenizer.bosId().value_or(-1), 1);
    QCOMPARE(tokenizer.eosId().value_or(-1), 2);
    QCOMPARE(tokenizer.unkId().value_or(-1), 0);
    const QString goldenPath = fixturePath("tokenizers/stories260K/goldens.jsonl");
    INTERLENS_REQUIRE_FIXTURE(goldenPath);
    int checked = 0;
    for (const auto& g : readJsonLines(goldenPath)) {
        QCOMPARE(tokenizer.encode(g["text"].get<std::string>(), true).ids,
                 g["ids_with_special"].get<std::vector<TokenId>>());
        ++checked;
    }
    QVERIFY(checked > 100);
}

QTEST_GUILESS_MAIN(TestTokenizeFixtures)
#include "test_tokenize_fixtures.moc"
