// Players (words of the prompt, manual or auto:N), their token spans under real tokenizers, and target
// tokens.
#include "common/error.h"
#include "common/fixtures.h"
#include "explain/players.h"
#include "explain/target.h"

#include <QTest>

using namespace interlens;

namespace {
const std::string kPrompt =
    "Super Bowl 50 was an American football game to determine the champion of the National "
    "Football League for the 2015 season. The American Football Conference champion Denver Broncos";

std::vector<std::string> coresOf(const std::vector<PromptWord>& words)
{
    std::vector<std::string> cores;
    for (const PromptWord& w : words)
        cores.push_back(w.core);
    return cores;
}
} // namespace

class TestPlayers : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void wordsHaveCoresWithoutPunctuation()
    {
        const auto words = splitPromptWords("Hello, \"world\" — ok.");
        QCOMPARE(words.size(), size_t{4});
        QCOMPARE(words[0].core, std::string("Hello"));
        QCOMPARE(words[0].coreSpan, (CharSpan{0, 5}));
        QCOMPARE(words[1].core, std::string("world"));
        QCOMPARE(words[1].coreSpan, (CharSpan{8, 13}));
        QCOMPARE(words[2].core, std::string(""));
        QCOMPARE(words[3].coreSpan, (CharSpan{17, 19}));
    }

    void manualChoiceIsOrderedByPosition()
    {
        const auto players = choosePlayers(kPrompt, "Broncos, season,American#2", 0, englishStopWords());
        QCOMPARE(coresOf(players), (std::vector<std::string>{"season", "American", "Broncos"}));
        QVERIFY(players[1].span.start > players[0].span.start); // the second "American"
    }

    void badChoicesAreRejected()
    {
        QVERIFY_THROWS_EXCEPTION(InputError, choosePlayers(kPrompt, "Paris", 0, englishStopWords()));
        QVERIFY_THROWS_EXCEPTION(InputError, choosePlayers(kPrompt, "Denver,Denver", 0, englishStopWords()));
        QVERIFY_THROWS_EXCEPTION(InputError, choosePlayers(kPrompt, "American#3", 0, englishStopWords()));
        QVERIFY_THROWS_EXCEPTION(InputError, choosePlayers(kPrompt, "auto:40", 0, englishStopWords()));
        QVERIFY_THROWS_EXCEPTION(InputError, choosePlayers(kPrompt, "auto:x", 0, englishStopWords()));
        QVERIFY_THROWS_EXCEPTION(InputError, choosePlayers(kPrompt, " , ", 0, englishStopWords()));
    }

    void autoChoiceSkipsStopWordsAndIsSeeded()
    {
        const auto a = choosePlayers(kPrompt, "auto:8", 42, englishStopWords());
        const auto b = choosePlayers(kPrompt, "auto:8", 42, englishStopWords());
        const auto c = choosePlayers(kPrompt, "auto:8", 43, englishStopWords());
        QCOMPARE(coresOf(a), coresOf(b));
        QVERIFY(coresOf(a) != coresOf(c));
        QCOMPARE(a.size(), size_t{8});
        for (const PromptWord& w : a) {
            QVERIFY2(!englishStopWords().contains(w.core), w.core.c_str());
            QVERIFY(!w.core.empty());
        }
        for (size_t i = 1; i < a.size(); ++i)
            QVERIFY(a[i].span.start > a[i - 1].span.start);
    }

    void tokenSpansAndTargets_data()
    {
        QTest::addColumn<QString>("tokenizer");
        QTest::addColumn<QString>("targetToken");
        QTest::newRow("gpt2") << "gpt2" << QString::fromUtf8("Ġdefeated");
        QTest::newRow("mistral") << "mistral" << QString::fromUtf8("▁defeated");
    }

    void tokenSpansAndTargets()
    {
        QFETCH(QString, tokenizer);
        QFETCH(QString, targetToken);
        const QString dir = test::fixturePath("tokenizers/" + tokenizer);
        INTERLENS_REQUIRE_FIXTURE(dir);
        const Tokenizer tok = Tokenizer::load(dir.toStdString());
        const Encoding encoding = tok.encode(kPrompt, true);
        const auto players = choosePlayers(kPrompt, "2015,season,Broncos", 0, englishStopWords());
        const auto spans = playerTokenSpans(encoding, players);
        QCOMPARE(spans.size(), size_t{3});
        for (size_t j = 0; j < spans.size(); ++j) {
            QVERIFY(!spans[j].empty());
            std::string covered;
            for (int64_t t : spans[j])
                covered += tok.decode({encoding.ids[static_cast<size_t>(t)]}, false);
            QVERIFY2(covered.find(players[j].core) != std::string::npos || players[j].core == "2015",
                     covered.c_str());
        }
        // "season." masks "season" but keeps the full stop.
        const auto last = static_cast<size_t>(spans[1].back());
        QVERIFY(tok.decode({encoding.ids[last + 1]}, false).find('.') != std::string::npos);

        const TargetToken target = targetTokenForWord(tok, kPrompt, "defeated");
        QCOMPARE(QString::fromStdString(target.token).left(targetToken.size()), targetToken);
        QVERIFY_THROWS_EXCEPTION(InputError, targetTokenForWord(tok, kPrompt, "two words"));
        QVERIFY_THROWS_EXCEPTION(InputError, targetTokenForWord(tok, kPrompt, ""));
    }
};

QTEST_GUILESS_MAIN(TestPlayers)
#include "test_players.moc"
