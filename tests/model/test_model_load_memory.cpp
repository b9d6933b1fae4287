// The loader never holds two copies of the weights (issue 18, big checkpoints on the CPU). Two checks:
//  * the slice-reading path itself: rows of a stored tensor, read chunk by chunk into a slice of a larger
//    tensor of the same dtype (straight copy) or of another dtype (through the staging chunk), equal the
//    stored rows, across chunk boundaries, and every stored element is inspected once;
//  * a whole load, measured: a sharded Llama checkpoint whose q/k/v and gate/up parts are fused at load time
//    (one layer with a wide MLP, so the fused gate|up projection is most of the model) is loaded in this
//    process with its peak RSS reset just before (/proc/self/clear_refs); the growth of the peak must stay
//    under the size of the loaded weights plus half the fused gate|up projection. Assembling that projection
//    from separately read parts (at::cat), or a full-size staging or dtype-conversion copy of any weight,
//    holds at least one more copy of it and fails the bound. Linux only; skips where the peak cannot be
//    reset.
#include "random_checkpoint.h"

#include "common/error.h"
#include "common/fixtures.h"

#include "model/causal_lm.h"
#include "model/checkpoint.h"
#include "model/model_loader.h"
#include "model/runtime.h"
#include "model/safetensors.h"
#include "model/safetensors_writer.h"

#include <QFile>
#include <QTest>

#include <malloc.h>

using namespace interlens;

namespace {

// A /proc/self/status field in bytes (VmRSS, VmHWM), or -1.
int64_t statusBytes(const QByteArray& key)
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : f.readAll().split('\n'))
        if (line.startsWith(key + ':'))
            return line.mid(key.size() + 1).trimmed().split(' ').value(0).toLongLong() * 1024;
    return -1;
}

// Sets VmHWM back to the current RSS (Linux >= 4.0); false where that is not possible.
bool resetPeakRss()
{
    QFile f(QStringLiteral("/proc/self/clear_refs"));
    return f.open(QIODevice::WriteOnly) && f.write("5") == 1;
}

double mib(int64_t bytes)
{
    return double(bytes) / double(1 << 20);
}

} // namespace

class TestModelLoadMemory : public QObject
{
    Q_OBJECT

    // One layer with a wide MLP, sharded: 54 MiB in bf16, of which the fused gate|up projection is 32 MiB.
    static interlens::test::RandomModelSpec wideMlpSpec()
    {
        return {.vocab = 256,
                .hidden = 1024,
                .layers = 1,
                .heads = 8,
                .intermediate = 8192,
                .dtype = at::kBFloat16,
                .shards = 3,
                .weightScale = 0.02};
    }

private Q_SLOTS:
    void sliceReadsMatchStoredRows()
    {
        // 9000 × 1000 bf16 = 17 MiB: 17 chunks of 524 rows, the last one partial; the bias holds more
        // elements than one chunk.
        const int64_t rows = 9000, width = 1000;
        at::Generator g = at::detail::createCPUGenerator(3);
        const at::Tensor matrix = at::randn({rows, width}, g).to(at::kBFloat16);
        const at::Tensor bias = at::randn({int64_t(SafetensorsFile::kChunkBytes)}, g).to(at::kBFloat16);
        const std::string path =
            (interlens::test::scratchDir(QStringLiteral("load-memory-slices")) + "/t.safetensors")
                .toStdString();
        writeSafetensors(path, {{"matrix", matrix}, {"bias", bias}});
        const SafetensorsFile file(path);

        const int64_t first = 37, count = 8000;
        at::Tensor sameDtype = at::zeros({count + 5, width}, at::kBFloat16);
        int64_t inspected = 0;
        file.readRowsInto("matrix", first, sameDtype.narrow(0, 3, count),
                          [&](const at::Tensor& chunk) { inspected += chunk.numel(); });
        QCOMPARE(inspected, count * width);
        QVERIFY(at::equal(sameDtype.narrow(0, 3, count), matrix.narrow(0, first, count)));
        QVERIFY(at::equal(sameDtype.narrow(0, 0, 3), at::zeros({3, width}, at::kBFloat16))); // untouched
        QVERIFY(at::equal(sameDtype.narrow(0, 3 + count, 2), at::zeros({2, width}, at::kBFloat16)));

        at::Tensor converted = at::empty({rows, width}, at::kFloat);
        file.readRowsInto("matrix", 0, converted);
        QVERIFY(at::equal(converted, matrix.to(at::kFloat)));

        at::Tensor biasSlice = at::empty({bias.numel() - 11}, at::kFloat);
        file.readRowsInto("bias", 11, biasSlice);
        QVERIFY(at::equal(biasSlice, bias.narrow(0, 11, bias.numel() - 11).to(at::kFloat)));

        // Rows beyond the tensor are a programming error, reported rather than read out of bounds.
        at::Tensor tooMany = at::empty({10, width}, at::kBFloat16);
        QVERIFY_THROWS_EXCEPTION(Error, file.readRowsInto("matrix", rows - 5, tooMany));
    }

    void loadHoldsOneCopy_data()
    {
        QTest::addColumn<QString>("dtype");
        QTest::addColumn<int>("bytesPerElement");
        QTest::newRow("bf16 stored, bf16 compute (read in place)") << QStringLiteral("bfloat16") << 2;
        QTest::newRow("bf16 stored, float32 compute (converted per chunk)") << QStringLiteral("float32") << 4;
    }

    void loadHoldsOneCopy()
    {
        QFETCH(QString, dtype);
        QFETCH(int, bytesPerElement);
        const interlens::test::RandomModelSpec spec = wideMlpSpec();
        static const std::string dir = interlens::test::writeRandomModel( // written once for both rows
            interlens::test::scratchDir(QStringLiteral("load-memory-model")).toStdString(), spec);
        const int64_t elements = Checkpoint(dir).contents().elements;
        const ComputeDevice device = chooseDevice("cpu", dtype.toStdString());
        loadCausalLM(dir, device); // warm-up: libtorch's kernels and thread pool, the page cache

        malloc_trim(0); // freed heap pages would otherwise be reused without counting
        if (!resetPeakRss())
            QSKIP("cannot reset the peak RSS (/proc/self/clear_refs): not measurable here");
        const int64_t before = statusBytes("VmRSS");
        const auto model = loadCausalLM(dir, device);
        const int64_t growth = statusBytes("VmHWM") - before;

        const int64_t weights = elements * bytesPerElement;
        const int64_t fusedGateUp = 2 * spec.intermediate * spec.hidden * bytesPerElement;
        const int64_t bound = weights + fusedGateUp / 2;
        qInfo("peak RSS growth %.1f MiB for %.1f MiB of loaded weights (bound %.1f MiB, fused gate|up %.1f "
              "MiB)",
              mib(growth), mib(weights), mib(bound), mib(fusedGateUp));
        QCOMPARE(model->parameterCount(), elements);
        QVERIFY2(growth >= weights * 9 / 10, "the measurement does not see the weights"); // the check is live
        QVERIFY2(growth <= bound, qPrintable(QStringLiteral("loading held %1 MiB beyond the weights")
                                                 .arg(mib(growth - weights), 0, 'f', 1)));
    }
};

QTEST_GUILESS_MAIN(TestModelLoadMemory)
#include "test_model_load_memory.moc"
