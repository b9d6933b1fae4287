// Bad input for core/model: broken safetensors files, broken or incomplete checkpoints and configs, and
// invalid forward arguments. Each must give an interlens::InputError whose message names the
// file/field/value, never a crash (this executable is also run under AddressSanitizer:
// -DINTERLENS_SANITIZE=ON, label badinput).
#include "model_test_util.h"
#include "random_checkpoint.h"

#include "common/error.h"
#include "common/fixtures.h"

#include "model/baseline.h"
#include "model/causal_lm.h"
#include "model/model_loader.h"
#include "model/runtime.h"
#include "model/safetensors.h"
#include "model/safetensors_writer.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QTest>

using namespace interlens;
using interlens::test::RandomModelSpec;

// Runs `expr`, requires an InputError whose message contains `needle`, and prints the message.
#define EXPECT_INPUT_ERROR(expr, needle)                                                                     \
    do {                                                                                                     \
        QString message_;                                                                                    \
        try {                                                                                                \
            expr;                                                                                            \
        } catch (const InputError& e) {                                                                      \
            message_ = QString::fromStdString(e.what());                                                     \
        } catch (const std::exception& e) {                                                                  \
            QFAIL(qPrintable(QStringLiteral("not an InputError: ") + QString::fromStdString(e.what())));     \
        }                                                                                                    \
        QVERIFY2(!message_.isEmpty(), "no InputError from: " #expr);                                         \
        qInfo("%s", qPrintable(message_));                                                                   \
        QVERIFY2(message_.contains(QStringLiteral(needle)), qPrintable(message_));                           \
    } while (0)

namespace {

void writeBytes(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QCOMPARE(f.write(bytes), bytes.size());
}

// A safetensors file from a header text and a data area; `declaredLength` overrides the 8-byte length field.
QByteArray safetensorsBytes(const std::string& header, const QByteArray& data, int64_t declaredLength = -1)
{
    QByteArray out(8, '\0');
    uint64_t n = declaredLength >= 0 ? uint64_t(declaredLength) : header.size();
    for (int i = 0; i < 8; ++i, n >>= 8)
        out[i] = char(n & 0xff);
    out += QByteArray::fromStdString(header);
    out += data;
    return out;
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

nlohmann::json readJson(const std::string& path)
{
    return nlohmann::json::parse(readAll(QString::fromStdString(path)).toStdString());
}

void writeJson(const std::string& path, const nlohmann::json& j)
{
    writeBytes(QString::fromStdString(path), QByteArray::fromStdString(j.dump(2)));
}

} // namespace

class TestModelBadInput : public QObject
{
    Q_OBJECT

    QString m_root;
    QString m_good; // a valid small llama folder
    QString m_gpt2;

    QString copyOfGood(const QString& name)
    {
        const QString dir = m_root + QLatin1Char('/') + name;
        QDir().mkpath(dir);
        for (const QString& f : {QStringLiteral("config.json"), QStringLiteral("model.safetensors")}) {
            QFile::remove(dir + QLatin1Char('/') + f);
            QFile::copy(m_good + QLatin1Char('/') + f, dir + QLatin1Char('/') + f);
            QFile(dir + QLatin1Char('/') + f)
                .setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        }
        return dir;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_root = interlens::test::scratchDir(QStringLiteral("badinput"));
        RandomModelSpec spec;
        spec.layers = 1;
        m_good = m_root + QStringLiteral("/good");
        interlens::test::writeRandomModel(m_good.toStdString(), spec);
        spec.modelType = "gpt2";
        spec.kvHeads = spec.heads;
        spec.maxPositions = 8;
        m_gpt2 = m_root + QStringLiteral("/gpt2");
        interlens::test::writeRandomModel(m_gpt2.toStdString(), spec);
        QVERIFY(loadCausalLM(m_good.toStdString()) != nullptr);
    }

    // ---- safetensors files ----

    void safetensorsHeaderErrors_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("needle");
        const QByteArray eight(8, '\0');
        const std::string ok = R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
        QTest::newRow("empty file") << QByteArray() << "truncated";
        QTest::newRow("5 bytes") << QByteArray("\x01\x02\x03\x04\x05", 5) << "truncated";
        QTest::newRow("header beyond file") << safetensorsBytes(ok, eight, 4096) << "beyond the end";
        QTest::newRow("header length huge")
            << safetensorsBytes(ok, eight, int64_t(1) << 62) << "exceeds the limit";
        QTest::newRow("header length max")
            << safetensorsBytes(ok, eight, -1).replace(0, 8, QByteArray(8, '\xff')) << "exceeds the limit";
        QTest::newRow("malformed JSON") << safetensorsBytes(R"({"a":{"dtype":"F32",)", eight) << "malformed";
        QTest::newRow("JSON not object") << safetensorsBytes("[1,2,3]", eight) << "not a JSON object";
        QTest::newRow("binary garbage header")
            << safetensorsBytes(std::string("\xff\xfe\x00\x01", 4), eight) << "malformed";
        QTest::newRow("offsets out of range")
            << safetensorsBytes(R"({"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}})", eight)
            << "outside the data area";
        QTest::newRow("offsets reversed")
            << safetensorsBytes(R"({"a":{"dtype":"F32","shape":[0],"data_offsets":[8,0]}})", eight)
            << "outside the data area";
        QTest::newRow("negative offset")
            << safetensorsBytes(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[-8,0]}})", eight)
            << "data_offsets";
        QTest::newRow("wrong byte length")
            << safetensorsBytes(R"({"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", eight)
            << "does not match";
        QTest::newRow("overlapping tensors")
            << safetensorsBytes(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                                R"("b":{"dtype":"F16","shape":[2],"data_offsets":[4,8]}})",
                                eight)
            << "overlap";
        QTest::newRow("unknown dtype")
            << safetensorsBytes(R"({"a":{"dtype":"Q4_K","shape":[2],"data_offsets":[0,8]}})", eight)
            << "Q4_K";
        QTest::newRow("dtype not string")
            << safetensorsBytes(R"({"a":{"dtype":7,"shape":[2],"data_offsets":[0,8]}})", eight) << "dtype";
        QTest::newRow("missing fields")
            << safetensorsBytes(R"({"a":{"dtype":"F32"}})", eight) << "data_offsets";
        QTest::newRow("negative dim")
            << safetensorsBytes(R"({"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}})", eight)
            << "shape";
        QTest::newRow("shape overflow")
            << safetensorsBytes(R"({"a":{"dtype":"F32","shape":[4611686018427387904,4611686018427387904],)"
                                R"("data_offsets":[0,8]}})",
                                eight)
            << "too large";
        QTest::newRow("bytes overflow")
            << safetensorsBytes(R"({"a":{"dtype":"F64","shape":[4611686018427387904],"data_offsets":[0,8]}})",
                                eight)
            << "does not match";
        QTest::newRow("entry not object") << safetensorsBytes(R"({"a":[1,2]})", eight) << "header entry";
    }
    void safetensorsHeaderErrors()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, needle);
        const QString path = m_root + QStringLiteral("/bad.safetensors");
        writeBytes(path, bytes);
        QString message;
        try {
            SafetensorsFile file(path.toStdString());
        } catch (const InputError& e) {
            message = QString::fromStdString(e.what());
        }
        qInfo("%s", qPrintable(message));
        QVERIFY2(message.contains(needle), qPrintable(message));
        QVERIFY2(message.contains(path), "the message must name the file");
    }

    void missingTensorInFile()
    {
        const QString path = m_root + QStringLiteral("/one.safetensors");
        writeSafetensors(path.toStdString(), {{"x", at::ones({2}, at::kFloat)}});
        SafetensorsFile file(path.toStdString());
        QVERIFY(at::equal(file.read("x"), at::ones({2}, at::kFloat)));
        EXPECT_INPUT_ERROR(file.read("y"), "'y' is missing");
        EXPECT_INPUT_ERROR(
            SafetensorsFile((m_root + QStringLiteral("/nonexistent.safetensors")).toStdString()),
            "cannot open");
    }

    // Every truncation of a valid file and random byte flips in its header: an error or a successful load,
    // never a crash or an out-of-bounds read (ASan checks the latter).
    void truncationsAndCorruptions()
    {
        const QByteArray good = readAll(m_good + QStringLiteral("/model.safetensors"));
        QVERIFY(good.size() > 100);
        const QString path = m_root + QStringLiteral("/fuzz.safetensors");
        int errors = 0, loads = 0;
        auto attempt = [&](const QByteArray& bytes) {
            writeBytes(path, bytes);
            try {
                SafetensorsFile file(path.toStdString());
                for (const std::string& name : file.names())
                    file.read(name);
                ++loads;
            } catch (const InputError&) {
                ++errors;
            }
        };
        for (qsizetype n = 0; n < good.size(); n += 1 + good.size() / 300)
            attempt(good.left(n));
        const uint64_t headerLength = uint64_t(uchar(good[0])) | uint64_t(uchar(good[1])) << 8;
        QRandomGenerator rng(1234);
        for (int i = 0; i < 400; ++i) {
            QByteArray bytes = good;
            for (int k = 0; k < 1 + i % 3; ++k)
                bytes[qsizetype(rng.bounded(quint64(8 + headerLength)))] = char(rng.bounded(256));
            attempt(bytes);
        }
        qInfo("truncations and corruptions: %d rejected with InputError, %d loaded", errors, loads);
        QVERIFY(errors > 300);
    }

    // ---- checkpoints and configs ----

    void checkpointErrors()
    {
        const std::string good = m_good.toStdString();

        QString dir = copyOfGood(QStringLiteral("no-weights"));
        QFile::remove(dir + QStringLiteral("/model.safetensors"));
        EXPECT_INPUT_ERROR(loadCausalLM(dir.toStdString()), "no model.safetensors");

        // Missing tensor: drop one layer weight.
        SafetensorsFile file(good + "/model.safetensors");
        NamedTensors all;
        for (const std::string& name : file.names())
            all.emplace_back(name, file.read(name));
        auto without = [&](const std::string& drop) {
            NamedTensors out;
            for (const auto& [n, t] : all)
                if (n != drop)
                    out.emplace_back(n, t);
            return out;
        };
        dir = copyOfGood(QStringLiteral("missing-tensor"));
        writeSafetensors(dir.toStdString() + "/model.safetensors",
                         without("model.layers.0.mlp.up_proj.weight"));
        EXPECT_INPUT_ERROR(loadCausalLM(dir.toStdString()), "model.layers.0.mlp.up_proj.weight");

        // Wrong shape.
        NamedTensors reshaped = all;
        for (auto& [n, t] : reshaped)
            if (n == "model.layers.0.self_attn.k_proj.weight")
                t = at::zeros({t.size(0) + 1, t.size(1)}, t.options());
        dir = copyOfGood(QStringLiteral("wrong-shape"));
        writeSafetensors(dir.toStdString() + "/model.safetensors", reshaped);
        EXPECT_INPUT_ERROR(loadCausalLM(dir.toStdString()),
                           "k_proj.weight' has shape [17, 32], expected [16, 32]");

        // Integer weights.
        NamedTensors integer = all;
        for (auto& [n, t] : integer)
            if (n == "model.norm.weight")
                t = t.to(at::kLong);
        dir = copyOfGood(QStringLiteral("int-weight"));
        writeSafetensors(dir.toStdString() + "/model.safetensors", integer);
        EXPECT_INPUT_ERROR(loadCausalLM(dir.toStdString()), "non-float dtype I64");

        // Sharded index problems.
        dir = copyOfGood(QStringLiteral("index"));
        const std::string index = dir.toStdString() + "/model.safetensors.index.json";
        writeBytes(QString::fromStdString(index), "{\"weight_map\": ");
        EXPECT_INPUT_ERROR(loadCausalLM(dir.toStdString()), "malformed JSON");
        writeJson(index, {{"metadata", {}}});
        EXPECT_INPUT_ERROR(loadCausalLM(dir.toStdString()), "weight_map");
        writeJson(index, {{"weight_map", {{"model.norm.weight", "model-00002-of-00002.safetensors"}}}});
        EXPECT_INPUT_ERROR(loadCausalLM(dir.toStdString()),
                           "1 of the 1 shard files it lists are missing: model-00002-of-00002.safetensors");
        writeJson(index, {{"weight_map", {{"model.norm.weight", "../good/model.safetensors"}}}});
        EXPECT_INPUT_ERROR(loadCausalLM(dir.toStdString()), "not a plain file name");
        writeJson(index, {{"weight_map", {{"not.a.weight", "model.safetensors"}}}});
        EXPECT_INPUT_ERROR(loadCausalLM(dir.toStdString()), "'not.a.weight' listed in the index is missing");
        writeJson(index, {{"weight_map", {{"model.norm.weight", "model.safetensors"}}}});
        EXPECT_INPUT_ERROR(loadCausalLM(dir.toStdString()), "is missing from the checkpoint");
    }

    // A sharded checkpoint whose index leaves out a shard, or lists shards that are not there: the message
    // names every one of them.
    void shardedIndexErrors()
    {
        RandomModelSpec spec;
        spec.layers = 2;
        spec.shards = 3;
        const std::string dir = (m_root + QStringLiteral("/sharded")).toStdString();
        interlens::test::writeRandomModel(dir, spec);
        QVERIFY(loadCausalLM(dir) != nullptr);
        const std::string index = dir + "/model.safetensors.index.json";
        const nlohmann::json good = readJson(index);

        nlohmann::json dropped = good;
        for (auto it = dropped["weight_map"].begin(); it != dropped["weight_map"].end();)
            it = it.value() == "model-00002-of-00003.safetensors" ? dropped["weight_map"].erase(it)
                                                                  : std::next(it);
        writeJson(index, dropped);
        EXPECT_INPUT_ERROR(
            loadCausalLM(dir),
            "shards missing from the index's weight_map: model-00002-of-00003.safetensors (in the "
            "folder)");

        QVERIFY(QFile::rename(QString::fromStdString(dir + "/model-00001-of-00003.safetensors"),
                              QString::fromStdString(dir + "/moved-1")));
        QVERIFY(QFile::rename(QString::fromStdString(dir + "/model-00003-of-00003.safetensors"),
                              QString::fromStdString(dir + "/moved-3")));
        writeJson(index, good);
        EXPECT_INPUT_ERROR(loadCausalLM(dir),
                           "2 of the 3 shard files it lists are missing: "
                           "model-00001-of-00003.safetensors, model-00003-of-00003.safetensors");
    }

    // A model that cannot fit in the memory available is refused before any weight is read, with the numbers;
    // with the dtype left automatic, a bf16 checkpoint that fits only in bf16 computes in bf16.
    void memoryBudget()
    {
        RandomModelSpec spec;
        spec.vocab = 4096;
        spec.hidden = 256;
        spec.intermediate = 512;
        spec.heads = 4;
        spec.kvHeads = 2;
        spec.dtype = at::kBFloat16;
        const std::string dir = (m_root + QStringLiteral("/budget")).toStdString();
        interlens::test::writeRandomModel(dir, spec);
        // 3278080 parameters: 6.25 MiB in bf16, 12.5 MiB in float32, each + the 512 MiB working margin
        qputenv("INTERLENS_MEMORY_LIMIT", "100M");
        EXPECT_INPUT_ERROR(loadCausalLM(dir), "the model does not fit in memory: it needs ");
        EXPECT_INPUT_ERROR(loadCausalLM(dir), "; the weights are stored as bfloat16 (6 MiB)");
        qputenv("INTERLENS_MEMORY_LIMIT", "521M");
        ComputeDevice automatic; // dtype left to Interlens
        QCOMPARE(loadCausalLM(dir, automatic)->device().precision, Precision::BFloat16);
        ComputeDevice float32;
        float32.dtypeChosen = true;
        EXPECT_INPUT_ERROR(loadCausalLM(dir, float32), "does not fit in memory");
        qputenv("INTERLENS_MEMORY_LIMIT", "lots");
        EXPECT_INPUT_ERROR(loadCausalLM(dir), "INTERLENS_MEMORY_LIMIT=\"lots\" is not a byte count");
        // The message names the limit that applied.
        qputenv("INTERLENS_MEMORY_LIMIT", "100M");
        EXPECT_INPUT_ERROR(loadCausalLM(dir),
                           "or 518 MiB in bfloat16 (6 MiB of weights + 512 MiB working margin), but "
                           "100 MiB is available (INTERLENS_MEMORY_LIMIT)");
        qunsetenv("INTERLENS_MEMORY_LIMIT");
        QCOMPARE(loadCausalLM(dir, automatic)->device().precision, Precision::Float32);
    }

    void configErrors_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value"); // JSON text, or "" to remove the key
        QTest::addColumn<QString>("needle");
        QTest::newRow("no model_type") << "model_type"
                                       << ""
                                       << "missing required key \"model_type\"";
        QTest::newRow("no hidden_size") << "hidden_size"
                                        << ""
                                        << "missing required key \"hidden_size\"";
        QTest::newRow("no vocab_size") << "vocab_size"
                                       << ""
                                       << "missing required key \"vocab_size\"";
        QTest::newRow("no num_hidden_layers") << "num_hidden_layers"
                                              << ""
                                              << "\"num_hidden_layers\"";
        QTest::newRow("no rms_norm_eps") << "rms_norm_eps"
                                         << ""
                                         << "\"rms_norm_eps\"";
        QTest::newRow("no hidden_act") << "hidden_act"
                                       << ""
                                       << "\"hidden_act\"";
        QTest::newRow("string hidden_size") << "hidden_size"
                                            << "\"64\""
                                            << "is not an integer";
        QTest::newRow("zero layers") << "num_hidden_layers"
                                     << "0"
                                     << "must be positive";
        QTest::newRow("kv heads not dividing") << "num_key_value_heads"
                                               << "3"
                                               << "must divide";
        QTest::newRow("unsupported model_type")
            << "model_type"
            << "\"mamba\""
            << "unsupported model_type \"mamba\" (supported: falcon, gemma, "; // the list grows with families
        QTest::newRow("unsupported activation") << "hidden_act"
                                                << "\"relu6\""
                                                << "unsupported activation \"relu6\"";
        QTest::newRow("unsupported rope_scaling") << "rope_scaling"
                                                  << R"({"rope_type":"yarn","factor":4})"
                                                  << "rope_type \"yarn\"";
        QTest::newRow("llama3 rope without factors") << "rope_scaling"
                                                     << R"({"rope_type":"llama3","factor":8})"
                                                     << "low_freq_factor";
        QTest::newRow("odd rotary dim") << "partial_rotary_factor"
                                        << "0.375"
                                        << "partial_rotary_factor";
        QTest::newRow("zero rotary dim") << "partial_rotary_factor"
                                         << "0.1"
                                         << "partial_rotary_factor";
        QTest::newRow("hidden_size mismatch with weights") << "hidden_size"
                                                           << "48"
                                                           << "has shape";
    }
    void configErrors()
    {
        QFETCH(QString, key);
        QFETCH(QString, value);
        QFETCH(QString, needle);
        const QString dir = copyOfGood(QStringLiteral("config"));
        const std::string path = dir.toStdString() + "/config.json";
        nlohmann::json config = readJson(path);
        if (value.isEmpty())
            config.erase(key.toStdString());
        else
            config[key.toStdString()] = nlohmann::json::parse(value.toStdString());
        writeJson(path, config);
        QString message;
        try {
            loadCausalLM(dir.toStdString());
        } catch (const InputError& e) {
            message = QString::fromStdString(e.what());
        }
        qInfo("%s", qPrintable(message));
        QVERIFY2(message.contains(needle), qPrintable(message));
        QVERIFY2(message.contains(dir), "the message must name the folder or file");
    }

    void configFileErrors()
    {
        const QString dir = copyOfGood(QStringLiteral("config-file"));
        writeBytes(dir + QStringLiteral("/config.json"), "{\"model_type\": \"llama\",");
        EXPECT_INPUT_ERROR(loadCausalLM(dir.toStdString()), "malformed JSON");
        // A number outside double's range is nlohmann's out_of_range, not a parse_error (found by
        // fuzz_config).
        writeBytes(dir + QStringLiteral("/config.json"),
                   "{\"model_type\": \"llama\", \"rms_norm_eps\": 1e362}");
        EXPECT_INPUT_ERROR(loadCausalLM(dir.toStdString()), "malformed JSON");
        writeBytes(dir + QStringLiteral("/config.json"), "[1]");
        EXPECT_INPUT_ERROR(loadCausalLM(dir.toStdString()), "is not a JSON object");
        // A real config of an unsupported architecture lacks our keys: the type is what gets reported.
        writeJson(dir.toStdString() + "/config.json",
                  {{"model_type", "mamba"}, {"vocab_size", 50280}, {"d_model", 768}});
        EXPECT_INPUT_ERROR(loadCausalLM(dir.toStdString()),
                           "unsupported model_type \"mamba\" (supported: falcon, gemma,");
        QFile::remove(dir + QStringLiteral("/config.json"));
        EXPECT_INPUT_ERROR(loadCausalLM(dir.toStdString()), "config.json: cannot open");
        EXPECT_INPUT_ERROR(loadCausalLM((m_root + QStringLiteral("/no-such-folder")).toStdString()),
                           "cannot open");
    }

    // ---- forward arguments, masks and baselines ----

    void forwardErrors()
    {
        const auto model = loadCausalLM(m_good.toStdString());
        const int64_t vocab = model->vocabSize();
        EXPECT_INPUT_ERROR(model->forwardIds(at::tensor({1, int(vocab)}, at::kLong).unsqueeze(0)),
                           "outside the vocabulary");
        EXPECT_INPUT_ERROR(model->forwardIds(at::tensor({-1, 2}, at::kLong).unsqueeze(0)),
                           "outside the vocabulary");
        EXPECT_INPUT_ERROR(model->forwardIds(at::tensor({1.0, 2.0}).unsqueeze(0)), "must be integers");
        EXPECT_INPUT_ERROR(model->forwardIds(at::tensor({1, 2}, at::kLong)), "[batch, length]");
        EXPECT_INPUT_ERROR(model->forwardIds(at::zeros({2, 0}, at::kLong)), "empty sequence");
        EXPECT_INPUT_ERROR(model->forwardEmbeds(at::zeros({1, 3, 7})), "input embeddings must be");

        ForwardOptions cacheOnly;
        cacheOnly.returnCache = true;
        const KVCache cache = model->forwardIds(at::ones({2, 3}, at::kLong), cacheOnly).cache;
        ForwardOptions continued;
        continued.past = &cache;
        EXPECT_INPUT_ERROR(model->forwardIds(at::ones({3, 1}, at::kLong), continued), "does not match");
        EXPECT_INPUT_ERROR(cache.gather(at::tensor({0, 2}, at::kLong)), "outside the cached batch");
        EXPECT_INPUT_ERROR(cache.expand(4), "batch-1");

        const at::Tensor ids = at::tensor({3, 4, 5}, at::kLong);
        const at::Tensor zero = baselineEmbedding(*model, "zero");
        EXPECT_INPUT_ERROR(model->maskedEmbeddings(ids, at::tensor({1, 0}, at::kLong), zero),
                           "one entry per token");
        EXPECT_INPUT_ERROR(model->maskedEmbeddings(ids, at::tensor({1, 0, 1}, at::kLong), at::zeros({5})),
                           "embedding width");

        const auto gpt2 = loadCausalLM(m_gpt2.toStdString());
        EXPECT_INPUT_ERROR(gpt2->forwardIds(at::ones({1, 9}, at::kLong)), "exceeds the model's 8 positions");
    }

    void baselineErrors()
    {
        const auto model = loadCausalLM(m_good.toStdString());
        EXPECT_INPUT_ERROR(baselineEmbedding(*model, "pad"), "no pad token");
        EXPECT_INPUT_ERROR(baselineEmbedding(*model, "unk"), "no unknown token");
        const QString file = m_root + QStringLiteral("/short.f32");
        writeBytes(file, QByteArray(12, '\0'));
        EXPECT_INPUT_ERROR(baselineEmbedding(*model, file.toStdString()), "has 12 bytes; expected 128");
        EXPECT_INPUT_ERROR(baselineEmbedding(*model, (m_root + QStringLiteral("/missing.f32")).toStdString()),
                           "cannot open baseline file");
        EXPECT_INPUT_ERROR(chooseDevice("tpu"), "unknown device 'tpu'");
        EXPECT_INPUT_ERROR(chooseDevice("cpu", "float8"), "unknown dtype 'float8'");
    }
};

QTEST_GUILESS_MAIN(TestModelBadInput)
#include "test_model_badinput.moc"
