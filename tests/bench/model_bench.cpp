// Model forward throughput (BENCHMARKS.md, section "model"): tokens/s over a batch × sequence grid for a
// GPT-2-small-shaped model with random weights (124M parameters, written to a temporary folder by this
// program) and stories260K (from ../shared/fixtures when present), against the float32 GEMM peak (at::mm on
// square matrices) measured in the same run. Prints a markdown section on stdout.
//
//   interlens_model_bench [--quick] [--threads N]   (--quick: a smaller grid, for a smoke test)
#include "random_checkpoint.h"

#include "model/causal_lm.h"
#include "model/model_loader.h"
#include "model/runtime.h"

#include <ATen/Parallel.h>
#include <torch/version.h>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

using namespace interlens;

namespace {

double now()
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Seconds per call of `f`. A first call that already takes `minSeconds` is the measurement (large forwards:
// the one-time allocations are negligible against seconds); otherwise it was the warm-up and calls repeat
// until `minSeconds` have passed.
template <class F> double timeIt(F&& f, double minSeconds)
{
    const double first = now();
    f();
    if (now() - first >= minSeconds)
        return now() - first;
    int calls = 0;
    const double start = now();
    double elapsed = 0;
    do {
        f();
        ++calls;
        elapsed = now() - start;
    } while (elapsed < minSeconds);
    return elapsed / calls;
}

struct GemmPeak
{
    double gflops = 0;
    int64_t size = 0;
};

GemmPeak measureGemmPeak()
{
    GemmPeak best;
    for (const int64_t n : {512, 1024, 2048}) {
        const at::Tensor a = at::randn({n, n});
        const at::Tensor b = at::randn({n, n});
        at::Tensor c = at::empty({n, n});
        const double seconds = timeIt([&] { at::mm_out(c, a, b); }, 1.0);
        const double gflops = 2.0 * n * n * n / seconds / 1e9;
        std::printf("| GEMM %lld³ | %.1f GFLOP/s |\n", static_cast<long long>(n), gflops);
        if (gflops > best.gflops)
            best = {gflops, n};
    }
    return best;
}

// FLOPs of one forward with last-position logits, as executed: every projection GEMM for every token, the LM
// head for the last position of each row, and the full T×T attention products (QKᵀ and PV; the causal mask is
// applied to full score matrices).
double forwardFlops(const ModelConfig& c, int64_t batch, int64_t steps)
{
    const double h = double(c.hiddenSize), d = double(c.headDim);
    const double q = double(c.numHeads) * d, kv = double(c.numKvHeads) * d;
    const double ffn = double(c.intermediateSize);
    const bool gated = c.modelType != "gpt2" && c.modelType != "phi";
    const double perTokenLayer = h * (q + 2 * kv) + q * h + (gated ? 3 : 2) * h * ffn;
    const double tokens = double(batch * steps);
    const double projections = 2.0 * perTokenLayer * double(c.numLayers) * tokens;
    const double head = 2.0 * h * double(c.vocabSize) * double(batch);
    const double attention = 4.0 * double(c.numLayers) * double(batch) * double(steps) * double(steps) * q;
    return projections + head + attention;
}

struct GridPoint
{
    int64_t batch;
    int64_t steps;
};

void runGrid(const CausalLM& model, const std::string& name, const std::vector<GridPoint>& grid, double peak,
             double minSeconds)
{
    std::printf("\n### %s (%lld parameters)\n\n", name.c_str(),
                static_cast<long long>(model.parameterCount()));
    std::printf(
        "| batch | seq | tokens/s | ms/forward | GFLOP/s | of peak |\n|---:|---:|---:|---:|---:|---:|\n");
    for (const GridPoint& p : grid) {
        const at::Tensor ids = at::randint(3, model.vocabSize(), {p.batch, p.steps}, at::kLong);
        const double seconds = timeIt([&] { model.forwardIds(ids); }, minSeconds);
        const double gflops = forwardFlops(model.config(), p.batch, p.steps) / seconds / 1e9;
        std::printf("| %lld | %lld | %.0f | %.1f | %.1f | %.0f%% |\n", static_cast<long long>(p.batch),
                    static_cast<long long>(p.steps), double(p.batch * p.steps) / seconds, seconds * 1e3,
                    gflops, 100.0 * gflops / peak);
        std::fflush(stdout);
    }
}

// Where the time of one forward goes: the same projection GEMMs run alone (at::linear on the model's shapes)
// against the whole forward.
void breakdown(const CausalLM& model, int64_t batch, int64_t steps)
{
    const ModelConfig& c = model.config();
    const int64_t tokens = batch * steps;
    const at::Tensor x = at::randn({tokens, c.hiddenSize});
    const at::Tensor wide = at::randn({tokens, c.intermediateSize});
    const at::Tensor wQkv = at::randn({3 * c.hiddenSize, c.hiddenSize}), bQkv = at::randn({3 * c.hiddenSize});
    const at::Tensor wOut = at::randn({c.hiddenSize, c.hiddenSize}), bOut = at::randn({c.hiddenSize});
    const at::Tensor wUp = at::randn({c.intermediateSize, c.hiddenSize}),
                     bUp = at::randn({c.intermediateSize});
    const at::Tensor wDown = at::randn({c.hiddenSize, c.intermediateSize}), bDown = at::randn({c.hiddenSize});
    const double gemms = timeIt(
                             [&] {
                                 at::linear(x, wQkv, bQkv);
                                 at::linear(x, wOut, bOut);
                                 at::linear(x, wUp, bUp);
                                 at::linear(wide, wDown, bDown);
                             },
                             1.0) *
                         double(c.numLayers);
    const at::Tensor ids = at::randint(3, model.vocabSize(), {batch, steps}, at::kLong);
    const double total = timeIt([&] { model.forwardIds(ids); }, 1.0);
    const double gemmFlops = 2.0 * double(tokens) *
                             (4.0 * c.hiddenSize * c.hiddenSize + 2.0 * c.hiddenSize * c.intermediateSize) *
                             c.numLayers;
    std::printf("\nBreakdown at batch %lld × seq %lld: whole forward %.0f ms; its projection GEMMs alone "
                "(at::linear, "
                "same shapes) %.0f ms = %.0f%% of the forward, running at %.1f GFLOP/s; the rest (attention "
                "products, softmax, norms, GELU, residuals, LM head) %.0f ms.\n",
                static_cast<long long>(batch), static_cast<long long>(steps), total * 1e3, gemms * 1e3,
                100.0 * gemms / total, gemmFlops / gemms / 1e9, (total - gemms) * 1e3);
}

// The machine's 1-minute load average: other processes competing for the cores distort every figure.
std::string loadAverage()
{
    QFile f(QStringLiteral("/proc/loadavg"));
    if (!f.open(QIODevice::ReadOnly))
        return "unknown";
    return f.readAll().split(' ').value(0).toStdString();
}

} // namespace

int main(int argc, char** argv)
{
    interlens::reexecWithPassiveOpenMp(argv);
    QCoreApplication app(argc, argv);
    const bool quick = app.arguments().contains(QStringLiteral("--quick"));
    initRuntime();
    const qsizetype threadsAt = app.arguments().indexOf(QStringLiteral("--threads"));
    if (threadsAt > 0 && threadsAt + 1 < app.arguments().size())
        at::set_num_threads(app.arguments().at(threadsAt + 1).toInt());
    const double minSeconds = quick ? 0.2 : 1.0;

    std::printf("<!-- section: model -->\n## Model forward throughput\n\n");
    std::printf(
        "Machine: %s; libtorch %s CPU (OpenBLAS), %d intra-op threads; float32; load average at start "
        "%s. Command: `%s`.\n\n",
        "2-core Debian 12 VM (AMD EPYC, AVX2/FMA), no GPU", TORCH_VERSION, at::get_num_threads(),
        loadAverage().c_str(), qPrintable(app.arguments().join(QLatin1Char(' '))));
    std::printf("| float32 GEMM peak (at::mm, square) | |\n|---|---:|\n");
    const GemmPeak peak = measureGemmPeak();
    std::printf("\nPeak used below: %.1f GFLOP/s (%lld³).\n", peak.gflops, static_cast<long long>(peak.size));

    QTemporaryDir tmp;
    const test::RandomModelSpec spec = test::gpt2SmallSpec();
    const double writeStart = now();
    test::writeRandomModel((tmp.path() + QStringLiteral("/gpt2-small")).toStdString(), spec);
    const double loadStart = now();
    const auto gpt2 = loadCausalLM((tmp.path() + QStringLiteral("/gpt2-small")).toStdString());
    std::printf("\nGPT-2-small random checkpoint: written in %.1f s, loaded in %.2f s.\n",
                loadStart - writeStart, now() - loadStart);

    const std::vector<GridPoint> gpt2Grid =
        quick ? std::vector<GridPoint>{{1, 16}, {32, 16}}
              : std::vector<GridPoint>{{1, 16},  {1, 128},  {8, 16},  {8, 128},  {32, 16},
                                       {32, 64}, {32, 128}, {64, 64}, {128, 32}, {256, 16}};
    runGrid(*gpt2, "GPT-2 small shape, random weights", gpt2Grid, peak.gflops, minSeconds);
    breakdown(*gpt2, 32, quick ? 16 : 128);

    const QByteArray fixtures = qgetenv("INTERLENS_FIXTURES");
    const QString stories =
        (fixtures.isEmpty() ? QStringLiteral(INTERLENS_DEFAULT_FIXTURES) : QString::fromLocal8Bit(fixtures)) +
        QStringLiteral("/models/stories260K");
    if (QDir(stories).exists()) {
        const auto model = loadCausalLM(stories.toStdString());
        std::vector<GridPoint> grid;
        for (const int64_t b : {1, 8, 32, 64, 128, 256})
            for (const int64_t t : {16, 32, 64, 128})
                if (!quick || (b <= 8 && t <= 32))
                    grid.push_back({b, t});
        runGrid(*model, "stories260K", grid, peak.gflops, minSeconds / 2);
    } else {
        std::printf("\nstories260K: not found at %s (set INTERLENS_FIXTURES).\n", qPrintable(stories));
    }
    std::printf("\nLoad average at the end: %s.\n\n<!-- end: model -->\n", loadAverage().c_str());
    return 0;
}
