// The models shipped in resources/models (issue 6): every folder loads in the runtime and the tokenizer,
// reproduces the held-out loss recorded in its training.json on the shipped held-out slice, and the set is
// what the issue asks for (GPT-2 and Llama with different tokenizers, early and late, <= 20 MB in all).
#include "common/fixtures.h"
#include "train_test_util.h"

#include "common/resources.h"
#include "model/model_loader.h"
#include "tokenize/tokenizer.h"
#include "train/text_file.h"
#include "train/token_stream.h"

#include <ATen/Parallel.h>
#include <nlohmann/json.hpp>

#include <QTest>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>

using namespace interlens;
namespace fs = std::filesystem;

namespace {

nlohmann::json readJson(const fs::path& path)
{
    std::ifstream in(path);
    return nlohmann::json::parse(in);
}

const char* const kExpected[] = {"gpt2-kjv-early", "gpt2-kjv-late", "llama-kjv-early", "llama-kjv-late"};

} // namespace

class TestTrainBundled : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { at::set_num_threads(2); }

    void theFourFoldersAreThere()
    {
        std::vector<std::string> names;
        for (const fs::path& dir : bundledModelDirs())
            names.push_back(dir.filename().string());
        for (const char* name : kExpected)
            QVERIFY2(
                std::find(names.begin(), names.end(), name) != names.end(),
                qPrintable(QString("missing bundled model %1 in %2 (run packaging/train-bundled-models.sh)")
                               .arg(name, QString::fromStdString((resourcesDir() / "models").string()))));
        uintmax_t bytes = 0;
        for (const auto& entry : fs::recursive_directory_iterator(resourcesDir() / "models"))
            if (entry.is_regular_file())
                bytes += entry.file_size();
        qInfo("resources/models: %.2f MB", double(bytes) / 1e6);
        QVERIFY(bytes <= 20u * 1000u * 1000u);
    }

    void heldOutLossReproduces_data()
    {
        QTest::addColumn<QString>("name");
        for (const char* name : kExpected)
            QTest::newRow(name) << QString(name);
    }

    void heldOutLossReproduces()
    {
        QFETCH(QString, name);
        const fs::path dir = resourcesDir() / "models" / name.toStdString();
        QVERIFY2(fs::exists(dir / "training.json"),
                 qPrintable("missing " + QString::fromStdString(dir.string())));
        const nlohmann::json info = readJson(dir / "training.json");
        const auto model = loadCausalLM(dir.string());
        const Tokenizer tokenizer = Tokenizer::load(dir.string());
        QCOMPARE(int64_t(tokenizer.vocabSize()), model->vocabSize());
        QCOMPARE(model->parameterCount(), info.at("parameters").get<int64_t>());

        // Tokenize: round trip and a sensible compression on held-out text.
        const std::string verse = "In the beginning God created the heaven and the earth.";
        const Encoding e = tokenizer.encode(verse, false);
        QCOMPARE(QString::fromStdString(tokenizer.decode(e.ids)), QString::fromStdString(verse));
        QVERIFY(e.ids.size() <= 14);

        const auto lines = train::readTextLines(test::corpusFile("kjv_heldout.txt"));
        const at::Tensor windows =
            train::evaluationWindows(train::encodeLines(tokenizer, lines), info.at("context").get<int64_t>());
        QCOMPARE(windows.size(0), info.at("heldout").at("windows").get<int64_t>());
        const double loss = train::heldOutLoss(*model, windows);
        const double recorded = info.at("heldout").at("loss").get<double>();
        qInfo("%s: held-out loss %.5f (recorded %.5f, |diff| %.2g), perplexity %.2f", qPrintable(name), loss,
              recorded, std::abs(loss - recorded), std::exp(loss));
        QVERIFY(std::abs(loss - recorded) < 1e-3);
        // Far below the vocabulary size (a uniform guess): even the early models have learnt the text.
        QVERIFY(std::exp(loss) < 0.1 * double(model->vocabSize()));
    }

    void lateModelsAreBetterAndTokenizersDiffer()
    {
        std::map<std::string, nlohmann::json> info;
        for (const char* name : kExpected) {
            const fs::path dir = resourcesDir() / "models" / name;
            QVERIFY2(fs::exists(dir / "training.json"), name);
            info[name] = readJson(dir / "training.json");
        }
        for (const char* arch : {"gpt2", "llama"}) {
            const std::string a(arch);
            QVERIFY(info[a + "-kjv-late"]["heldout"]["loss"].get<double>() <
                    info[a + "-kjv-early"]["heldout"]["loss"].get<double>() - 0.3);
            QVERIFY(info[a + "-kjv-late"]["steps"].get<int64_t>() >
                    info[a + "-kjv-early"]["steps"].get<int64_t>());
        }
        const Tokenizer gpt2 = Tokenizer::load((resourcesDir() / "models" / "gpt2-kjv-late").string());
        const Tokenizer llama = Tokenizer::load((resourcesDir() / "models" / "llama-kjv-late").string());
        QVERIFY(gpt2.contentHash() != llama.contentHash());
        QVERIFY(!gpt2.addsBos());
        QVERIFY(llama.addsBos());
        QCOMPARE(QString::fromStdString(
                     loadCausalLM((resourcesDir() / "models" / "gpt2-kjv-late").string())->modelType()),
                 QString("gpt2"));
        QCOMPARE(QString::fromStdString(
                     loadCausalLM((resourcesDir() / "models" / "llama-kjv-late").string())->modelType()),
                 QString("llama"));
    }
};

QTEST_GUILESS_MAIN(TestTrainBundled)
#include "test_train_bundled.moc"
