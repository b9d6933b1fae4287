// Malformed tokenizer.json files and invalid input text must give a clear InputError, never a crash (the lead
// runs this under AddressSanitizer: LABELS badinput).
#include "common/fixtures.h"
#include "mini_tokenizers.h"

#include "common/error.h"
#include "tokenize/tokenizer.h"

#include <QTest>

#include <functional>
#include <random>

using namespace interlens;
using namespace interlens::test;

class TestTokenizeBadInput : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void missingFiles();
    void notJson();
    void malformedComponents_data();
    void malformedComponents();
    void badConfig();
    void invalidUtf8Text();
    void hostileIdsAndDecode();
    void mutatedFiles();
};

namespace {

// Runs `body`; fails unless it throws InputError whose message contains `expected`. Returns the message.
QString expectInputError(const std::function<void()>& body, const QString& expected)
{
    try {
        body();
    } catch (const InputError& e) {
        const QString message = QString::fromUtf8(e.what());
        if (!message.contains(expected))
            qWarning("message '%s' does not contain '%s'", qPrintable(message), qPrintable(expected));
        return message.contains(expected) ? message : QString();
    } catch (const std::exception& e) {
        qWarning("expected InputError, got another exception: %s", e.what());
        return QString();
    }
    qWarning("expected InputError('%s'), nothing was thrown", qPrintable(expected));
    return QString();
}

QString loadError(const QByteArray& content, const QString& expected)
{
    const QString dir = scratchDir("bad");
    const QString path = writeFile(dir, "tokenizer.json", content);
    return expectInputError([&] { Tokenizer::load(path.toStdString()); }, expected);
}

QByteArray dump(const nlohmann::json& json)
{
    const std::string s = json.dump();
    return QByteArray(s.data(), static_cast<qsizetype>(s.size()));
}

const std::vector<std::string> kMerges = {"h e", "l l", "he ll", "hell o"};

} // namespace

#define VERIFY_ERROR(call, expected)                                                                         \
    do {                                                                                                     \
        const QString message_ = (call);                                                                     \
        QVERIFY2(!message_.isEmpty(),                                                                        \
                 qPrintable(QStringLiteral("no clear InputError containing '%1'").arg(expected)));           \
        qInfo("%s", qPrintable(message_));                                                                   \
    } while (0)

void TestTokenizeBadInput::missingFiles()
{
    const QString dir = scratchDir("empty");
    VERIFY_ERROR(expectInputError([&] { Tokenizer::load(dir.toStdString()); }, "no tokenizer.json"),
                 "no tokenizer.json");
    VERIFY_ERROR(
        expectInputError([&] { Tokenizer::load((dir + "/absent.json").toStdString()); }, "cannot open"),
        "cannot open");
}

void TestTokenizeBadInput::notJson()
{
    VERIFY_ERROR(loadError("this is not JSON", "malformed JSON"), "malformed JSON");
    VERIFY_ERROR(loadError("", "malformed JSON"), "malformed JSON");
    // A valid file cut in half.
    const QByteArray full = dump(byteLevelTokenizer(kMerges));
    VERIFY_ERROR(loadError(full.left(full.size() / 2), "malformed JSON"), "malformed JSON");
    // A truncated and a corrupt gzip file.
    const QByteArray gzipHeader("\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03", 10);
    VERIFY_ERROR(loadError(gzipHeader, "truncated gzip"), "truncated gzip");
    VERIFY_ERROR(loadError(gzipHeader + QByteArray(64, '\xff'), "gzip"), "gzip");
    VERIFY_ERROR(loadError("[1, 2, 3]", "top level"), "top level");
    VERIFY_ERROR(loadError("\"\xff\"", "malformed JSON"), "malformed JSON"); // invalid UTF-8 inside JSON
}

void TestTokenizeBadInput::malformedComponents_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("expected");
    const nlohmann::json good = byteLevelTokenizer(kMerges);
    auto edit = [&](const std::function<void(nlohmann::json&)>& change) {
        nlohmann::json j = good;
        change(j);
        return dump(j);
    };
    QTest::newRow("missing model") << edit([](auto& j) { j.erase("model"); }) << "missing field 'model'";
    QTest::newRow("model not object") << edit([](auto& j) { j["model"] = 3; }) << "'model' must be an object";
    QTest::newRow("unknown model") << edit([](auto& j) { j["model"]["type"] = "WordPiece"; })
                                   << "unsupported model type 'WordPiece'";
    QTest::newRow("no vocab") << edit([](auto& j) { j["model"].erase("vocab"); }) << "missing field 'vocab'";
    QTest::newRow("vocab array") << edit([](auto& j) {
        j["model"]["vocab"] = {1, 2};
    }) << "'vocab' must be an object";
    QTest::newRow("vocab id string") << edit([](auto& j) { j["model"]["vocab"]["h"] = "x"; })
                                     << "vocab entry 'h'";
    QTest::newRow("vocab id negative")
        << edit([](auto& j) { j["model"]["vocab"]["h"] = -4; }) << "vocab entry 'h'";
    QTest::newRow("vocab id huge") << edit([](auto& j) { j["model"]["vocab"]["h"] = 4000000000u; })
                                   << "vocab entry 'h'";
    QTest::newRow("no merges") << edit([](auto& j) { j["model"].erase("merges"); })
                               << "missing field 'merges'";
    QTest::newRow("merge unknown token")
        << edit([](auto& j) { j["model"]["merges"].push_back("q \u00e7\u00e7"); }) << "not in the vocabulary";
    QTest::newRow("merge result unknown") << edit([](auto& j) { j["model"]["merges"].push_back("o l"); })
                                          << "'ol', which is not in the vocabulary";
    QTest::newRow("merge no space") << edit([](auto& j) { j["model"]["merges"].push_back("hello"); })
                                    << "merge #4 'hello' is not of the form";
    QTest::newRow("merge two spaces")
        << edit([](auto& j) { j["model"]["merges"].push_back("h e l"); }) << "is not of the form";
    QTest::newRow("merge list of 3") << edit([](auto& j) {
        j["model"]["merges"].push_back({"h", "e", "l"});
    }) << "merge #4 must be";
    QTest::newRow("merge numbers") << edit([](auto& j) {
        j["model"]["merges"].push_back({1, 2});
    }) << "merge #4 must be";
    QTest::newRow("unk not in vocab") << edit([](auto& j) { j["model"]["unk_token"] = "<unk>"; })
                                      << "unk_token '<unk>' is not in the vocabulary";
    QTest::newRow("dropout") << edit([](auto& j) { j["model"]["dropout"] = 0.1; }) << "dropout";
    QTest::newRow("byte_fallback type") << edit([](auto& j) { j["model"]["byte_fallback"] = "yes"; })
                                        << "'byte_fallback' must be true or false";
    QTest::newRow("unknown normalizer") << edit([](auto& j) {
        j["normalizer"] = {{"type", "Frobnicate"}};
    }) << "unsupported normalizer type 'Frobnicate'";
    QTest::newRow("normalizer no type") << edit([](auto& j) {
        j["normalizer"] = {{"prepend", "x"}};
    }) << "normalizer: missing field 'type'";
    QTest::newRow("replace bad pattern") << edit([](auto& j) {
        j["normalizer"] = {{"type", "Replace"}, {"pattern", {{"Glob", "*"}}}, {"content", ""}};
    }) << "pattern must be";
    QTest::newRow("unknown pre-tokenizer") << edit([](auto& j) {
        j["pre_tokenizer"] = {{"type", "Whitespacey"}};
    }) << "unsupported pre_tokenizer type 'Whitespacey'";
    QTest::newRow("bad regex") << edit([](auto& j) {
        j["pre_tokenizer"] = {
            {"type", "Split"}, {"pattern", {{"Regex", "(\\p{L}+"}}}, {"behavior", "Isolated"}};
    }) << "invalid regex";
    QTest::newRow("bad behavior") << edit([](auto& j) {
        j["pre_tokenizer"] = {{"type", "Split"}, {"pattern", {{"String", " "}}}, {"behavior", "Sideways"}};
    }) << "unknown split behavior 'Sideways'";
    QTest::newRow("unknown post-processor") << edit([](auto& j) {
        j["post_processor"] = {{"type", "BertProcessing"}};
    }) << "unsupported post_processor type 'BertProcessing'";
    QTest::newRow("template unknown special") << edit([](auto& j) {
        j["post_processor"] = {
            {"type", "TemplateProcessing"},
            {"single", nlohmann::json::array({nlohmann::json{{"SpecialToken", {{"id", "<s>"}}}}})},
            {"special_tokens", nlohmann::json::object()}};
    }) << "special token '<s>' is used but not in special_tokens";
    QTest::newRow("unknown decoder") << edit([](auto& j) {
        j["decoder"] = {{"type", "WordPiece"}};
    }) << "unsupported decoder type 'WordPiece'";
    QTest::newRow("strip no count") << edit([](auto& j) {
        j["decoder"] = {{"type", "Strip"}, {"content", " "}};
    }) << "decoder Strip: missing field";
    QTest::newRow("added no content") << edit([](auto& j) { j["added_tokens"][0].erase("content"); })
                                      << "added_tokens[0]: missing field 'content'";
    QTest::newRow("added bad id") << edit([](auto& j) { j["added_tokens"][0]["id"] = -1; })
                                  << "added_tokens[0]";
    QTest::newRow("added not array") << edit([](auto& j) {
        j["added_tokens"] = {{"a", 1}};
    }) << "added_tokens must be an array";
    // Sequences nested beyond any real file.
    nlohmann::json deep = {{"type", "Prepend"}, {"prepend", "x"}};
    for (int i = 0; i < 200; ++i)
        deep = {{"type", "Sequence"}, {"normalizers", nlohmann::json::array({deep})}};
    QTest::newRow("nested too deeply")
        << edit([&](auto& j) { j["normalizer"] = deep; }) << "nested too deeply";
}

void TestTokenizeBadInput::malformedComponents()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, expected);
    const QString message = loadError(content, expected);
    QVERIFY2(!message.isEmpty(), qPrintable("no InputError containing: " + expected));
    // Messages from a file name the file.
    QVERIFY2(message.contains("tokenizer.json"), qPrintable(message));
}

void TestTokenizeBadInput::badConfig()
{
    const QString dir = scratchDir("badconfig");
    writeJson(dir, "tokenizer.json", sentencePieceTokenizer({}));
    auto withConfig = [&](const QByteArray& config, const QString& expected) {
        writeFile(dir, "tokenizer_config.json", config);
        return expectInputError([&] { Tokenizer::load(dir.toStdString()); }, expected);
    };
    VERIFY_ERROR(withConfig("{\"add_bos_token\": true}", "bos_token is not set"), "bos_token is not set");
    VERIFY_ERROR(withConfig("{\"add_eos_token\": true, \"eos_token\": \"<end>\"}", "'<end>' is not a token"),
                 "'<end>' is not a token");
    VERIFY_ERROR(withConfig("{\"add_bos_token\": \"yes\"}", "must be true or false"),
                 "must be true or false");
    VERIFY_ERROR(withConfig("{\"bos_token\": 7}", "'bos_token' must be"), "'bos_token' must be");
    VERIFY_ERROR(withConfig("{\"bos_token\": ", "tokenizer_config.json"), "tokenizer_config.json");
}

void TestTokenizeBadInput::invalidUtf8Text()
{
    const QString dir = scratchDir("utf8");
    writeJson(dir, "tokenizer.json", byteLevelTokenizer(kMerges));
    const Tokenizer tok = Tokenizer::load(dir.toStdString());
    const char* const bad[] = {
        "\xff",             // never valid
        "abc\xe6\x97",      // truncated sequence at the end
        "\xe6\x97x",        // truncated sequence before ASCII
        "\xc0\xaf",         // overlong '/'
        "\xed\xa0\x80",     // UTF-16 surrogate
        "\xf4\x90\x80\x80", // above U+10FFFF
        "\x80 continuation",
    };
    for (const char* text : bad)
        VERIFY_ERROR(expectInputError([&] { tok.encode(text, true); }, "not valid UTF-8"), "not valid UTF-8");
    // Embedded NUL is valid UTF-8 and becomes its byte token.
    QCOMPARE(tok.encode(std::string_view("a\0b", 3), false).size(), size_t(3));
}

void TestTokenizeBadInput::hostileIdsAndDecode()
{
    const QString dir = scratchDir("ids");
    writeJson(dir, "tokenizer.json", sentencePieceTokenizer({"\u2581 a"}));
    const Tokenizer tok = Tokenizer::load(dir.toStdString());
    // Unknown ids are skipped, stray byte tokens decode lossily: no throw, no crash.
    QCOMPARE(tok.decode({-1, INT32_MIN, INT32_MAX, 1 << 24}), std::string());
    // A byte run that is not valid UTF-8 becomes one U+FFFD per byte (HF ByteFallback), a valid one its text.
    QCOMPARE(tok.decode({4, 4, 5, 5}), std::string("\uFFFD\uFFFD\uFFFD\uFFFD"));
    QCOMPARE(tok.decode({4, 5}), std::string("\u00e9"));
    QVERIFY(!tok.idToToken(INT32_MAX));
    QVERIFY(!tok.tokenToId(std::string("\xff", 1)));
}

void TestTokenizeBadInput::mutatedFiles()
{
    // Random byte edits of a valid file: each either loads (then encodes and decodes without crashing) or
    // throws InputError. Anything else fails.
    const QByteArray original = dump(sentencePieceTokenizer({"\u2581 a", "b c", "\u2581a bc"}));
    std::mt19937 rng(12345);
    const QString dir = scratchDir("mutated");
    int loaded = 0, rejected = 0;
    for (int round = 0; round < 300; ++round) {
        QByteArray content = original;
        const int edits = 1 + static_cast<int>(rng() % 4);
        for (int k = 0; k < edits; ++k) {
            const int pos = static_cast<int>(rng() % content.size());
            switch (rng() % 3) {
            case 0:
                content[pos] = static_cast<char>(rng() % 256);
                break;
            case 1:
                content.remove(pos, 1 + static_cast<int>(rng() % 8));
                break;
            default:
                content.insert(pos, "{}[]\",:01"[rng() % 9]);
                break;
            }
        }
        const QString path = writeFile(dir, "tokenizer.json", content);
        try {
            const Tokenizer tok = Tokenizer::load(path.toStdString());
            const Encoding e = tok.encode("abc d\u00e9 </s>\n", true);
            tok.decode(e.ids, false);
            ++loaded;
        } catch (const InputError&) {
            ++rejected;
        } catch (const std::exception& e) {
            QFAIL(qPrintable(QStringLiteral("round %1: not an InputError: %2").arg(round).arg(e.what())));
        }
    }
    qInfo("mutated files: %d loaded, %d rejected with InputError", loaded, rejected);
    QVERIFY(rejected > 0);
}

QTEST_GUILESS_MAIN(TestTokenizeBadInput)
#include "test_tokenize_badinput.moc"
