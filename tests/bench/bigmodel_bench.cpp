// Big checkpoints on the CPU (BENCHMARKS.md, section "bigmodel"). Writes two random sharded bf16 checkpoints
// of Llama shape (HF names, model-0000k-of-0000n.safetensors + index) and measures, each in a fresh child
// process so that nothing the writer allocated is counted:
//   * a 1B shape (16 layers × 2048, 16 query / 4 KV heads, MLP 8192, 32000-token vocabulary, untied): loaded
//   in
//     bfloat16, n = 10 masked scoring with the KV-cache trie; peak RSS / stored size, seconds, and the
//     executed GEMM FLOPs against the bf16 GEMM peak (at::mm) measured in the same child;
//   * a 7B shape (Mistral-7B: 32 layers × 4096, 32 / 8 heads, MLP 14336): loaded with the dtype left
//   automatic
//     (float32 does not fit in 24 GB, so it computes in bf16) and run once on 16 tokens; peak RSS / stored
//     size.
// The weights are a random N(0, 0.02) block tiled through every tensor (writing 14 GB of fresh randn would
// cost minutes and change nothing measured). The folders are deleted afterwards.
//
//   interlens_bigmodel_bench [--dir DIR] [--skip-1b] [--skip-large] [--device cuda]
// (DIR: where to write, default the temp folder; --device: where the 1B shape runs, for the GPU row). The 7B
// shape runs only when the memory it needs is available, and each child is killed when the machine's
// available memory falls under 2 GiB (the machine is shared).
#include "random_checkpoint.h"

#include "model/aten_device.h"
#include "model/baseline.h"
#include "model/causal_lm.h"
#include "model/masked_scoring.h"
#include "model/memory_budget.h"
#include "model/model_loader.h"
#include "model/runtime.h"
#include "model/safetensors_writer.h"

#include "common/error.h"

#include <ATen/Parallel.h>
#include <torch/version.h>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStorageInfo>
#include <QTemporaryDir>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <malloc.h>
#include <map>
#include <string>

using namespace interlens;

namespace {

double now()
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

struct Shape
{
    int64_t layers, hidden, heads, kvHeads, intermediate, vocab;
    int64_t headDim() const { return hidden / heads; }
    int64_t parameters() const
    {
        const int64_t kv = kvHeads * headDim();
        return 2 * vocab * hidden + hidden +
               layers * (2 * hidden * hidden + 2 * kv * hidden + 3 * hidden * intermediate + 2 * hidden);
    }
};

constexpr Shape kOneB{16, 2048, 16, 4, 8192, 32000};
constexpr Shape kSevenB{32, 4096, 32, 8, 14336, 32000};

// Writes `shape` as bf16 shards (the embeddings, one shard per layer, then norm and head), generating each
// shard only when it is written, so the writer never holds more than one layer.
int64_t writeCheckpoint(const std::string& dir, const Shape& s)
{
    QDir().mkpath(QString::fromStdString(dir));
    test::RandomModelSpec spec;
    spec.vocab = s.vocab;
    spec.hidden = s.hidden;
    spec.layers = s.layers;
    spec.heads = s.heads;
    spec.kvHeads = s.kvHeads;
    spec.intermediate = s.intermediate;
    spec.maxPositions = 4096;
    spec.dtype = at::kBFloat16;
    nlohmann::json config = test::randomModelConfig(spec);
    QFile configFile(QString::fromStdString(dir + "/config.json"));
    if (!configFile.open(QIODevice::WriteOnly) ||
        configFile.write(QByteArray::fromStdString(config.dump(2))) < 0)
        throw Error("cannot write " + dir + "/config.json");
    configFile.close();

    at::Generator g = at::detail::createCPUGenerator(7);
    const at::Tensor block = (at::randn({int64_t{1} << 24}, g) * 0.02).to(at::kBFloat16);
    int64_t calls = 0;
    auto tensor = [&](std::vector<int64_t> shape) {
        const int64_t n = c10::multiply_integers(shape);
        const int64_t offset = (++calls * 7919 * 131) % block.numel();
        const int64_t reps = (offset + n) / block.numel() + 1;
        return block.repeat({reps}).narrow(0, offset, n).view(shape).clone();
    };
    const int64_t shards = s.layers + 2, h = s.hidden, kv = s.kvHeads * s.headDim();
    nlohmann::json index;
    int64_t bytes = 0;
    for (int64_t k = 0; k < shards; ++k) {
        NamedTensors part;
        if (k == 0) {
            part.emplace_back("model.embed_tokens.weight", tensor({s.vocab, h}));
        } else if (k == shards - 1) {
            part.emplace_back("model.norm.weight", at::ones({h}, at::kBFloat16));
            part.emplace_back("lm_head.weight", tensor({s.vocab, h}));
        } else {
            const std::string p = "model.layers." + std::to_string(k - 1);
            part.emplace_back(p + ".input_layernorm.weight", at::ones({h}, at::kBFloat16));
            part.emplace_back(p + ".self_attn.q_proj.weight", tensor({h, h}));
            part.emplace_back(p + ".self_attn.k_proj.weight", tensor({kv, h}));
            part.emplace_back(p + ".self_attn.v_proj.weight", tensor({kv, h}));
            part.emplace_back(p + ".self_attn.o_proj.weight", tensor({h, h}));
            part.emplace_back(p + ".post_attention_layernorm.weight", at::ones({h}, at::kBFloat16));
            part.emplace_back(p + ".mlp.gate_proj.weight", tensor({s.intermediate, h}));
            part.emplace_back(p + ".mlp.up_proj.weight", tensor({s.intermediate, h}));
            part.emplace_back(p + ".mlp.down_proj.weight", tensor({h, s.intermediate}));
        }
        char name[64];
        std::snprintf(name, sizeof name, "model-%05lld-of-%05lld.safetensors", static_cast<long long>(k + 1),
                      static_cast<long long>(shards));
        for (const auto& [tensorName, t] : part)
            index["weight_map"][tensorName] = name;
        writeSafetensors(dir + "/" + name, part);
        bytes += QFileInfo(QString::fromStdString(dir + "/" + name)).size();
    }
    index["metadata"] = {{"total_size", bytes}};
    QFile indexFile(QString::fromStdString(dir + "/model.safetensors.index.json"));
    if (!indexFile.open(QIODevice::WriteOnly) ||
        indexFile.write(QByteArray::fromStdString(index.dump(2))) < 0)
        throw Error("cannot write the index in " + dir);
    return bytes;
}

int64_t peakRssBytes()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : f.readAll().split('\n'))
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong() * 1024;
    return -1;
}

double gemmPeakGflops(at::Device device, at::ScalarType dtype)
{
    double best = 0;
    for (const int64_t n : {1024, 2048}) {
        const at::Tensor a = at::randn({n, n}).to(device, dtype), b = at::randn({n, n}).to(device, dtype);
        at::Tensor c = at::empty({n, n}, a.options());
        at::mm_out(c, a, b).sum().item<float>(); // warm-up; item() waits for a GPU
        int calls = 0;
        const double start = now();
        do {
            at::mm_out(c, a, b);
            if (++calls % 8 == 0)
                c.sum().item<float>();
        } while (now() - start < 1.5);
        c.sum().item<float>();
        best = std::max(best, 2.0 * double(n * n * n) * calls / (now() - start) / 1e9);
    }
    return best;
}

// Child: the 1B shape in bf16 on `device` (cpu, or cuda for the GPU row), n = 10 trie scoring. Prints KEY
// VALUE lines.
int childOneB(const std::string& dir, const std::string& device)
{
    const ComputeDevice bf16 = chooseDevice(device, "bfloat16");
    const double peakBf16 = gemmPeakGflops(atDevice(bf16), at::kBFloat16);
    const double peakF32 = gemmPeakGflops(atDevice(bf16), at::kFloat);
    const double loadStart = now();
    const auto model = loadCausalLM(dir, bf16);
    const double loadSeconds = now() - loadStart;
    std::printf("rss_load %lld\n", static_cast<long long>(peakRssBytes()));
    // 13 tokens, players = the single tokens at positions 2 .. 11 (two context tokens before, one after).
    MaskedGame game;
    for (int64_t t = 0; t < 13; ++t)
        game.ids.push_back(3 + (t * 7919) % (model->vocabSize() - 3));
    for (int64_t p = 2; p < 12; ++p)
        game.playerTokens.push_back({p});
    game.baseline = baselineEmbedding(*model, "zero");
    game.targetId = 42;
    ScoringStats stats;
    const double start = now();
    const std::vector<double> logOdds = maskedLogOdds(*model, game, {}, &stats);
    const double seconds = now() - start;
    const ModelConfig& c = model->config();
    const double nonEmbedding = double(model->parameterCount() - 2 * c.vocabSize * c.hiddenSize);
    const double flops = 2.0 * nonEmbedding * double(stats.tokenForwards) +
                         2.0 * double(c.vocabSize * c.hiddenSize) * double(logOdds.size());
    std::printf("peak_bf16 %.1f\npeak_f32 %.1f\nload_s %.2f\nscore_s %.2f\ntoken_forwards %lld\ncalls %lld\n"
                "gflops %.1f\nrss %lld\nparams %lld\nfinite %d\n",
                peakBf16, peakF32, loadSeconds, seconds, static_cast<long long>(stats.tokenForwards),
                static_cast<long long>(stats.forwardCalls), flops / seconds / 1e9,
                static_cast<long long>(peakRssBytes()), static_cast<long long>(model->parameterCount()),
                std::isfinite(logOdds.back()) ? 1 : 0);
    return 0;
}

// Child: the 7B shape with the dtype left automatic, loaded and run once on 16 tokens.
int childLarge(const std::string& dir)
{
    std::printf("available %lld\n", static_cast<long long>(availableMemoryBytes()));
    try {
        const double loadStart = now();
        const auto model = loadCausalLM(dir);
        std::printf("load_s %.2f\ndtype %s\nrss_load %lld\n", now() - loadStart,
                    model->device().describe().c_str(), static_cast<long long>(peakRssBytes()));
        const double start = now();
        const at::Tensor logits = model->forwardIds(at::arange(3, 19, at::kLong).unsqueeze(0)).logits;
        std::printf("forward_s %.2f\nfinite %d\nrss %lld\nparams %lld\n", now() - start,
                    at::isfinite(logits).all().item<bool>() ? 1 : 0, static_cast<long long>(peakRssBytes()),
                    static_cast<long long>(model->parameterCount()));
    } catch (const InputError& e) {
        std::printf("refused %s\nrss %lld\n", e.what(), static_cast<long long>(peakRssBytes()));
    }
    return 0;
}

double gib(int64_t bytes)
{
    return double(bytes) / double(int64_t{1} << 30);
}

// The machine is shared: a child is killed, rather than letting the kernel's OOM killer pick a victim, when
// the memory available to the system falls under this while it runs.
constexpr int64_t kMemoryFloor = int64_t{2} << 30;

// Runs this executable in child mode `arguments` and returns its KEY VALUE lines, plus "min_available" (the
// least MemAvailable seen while it ran, polled every 100 ms).
std::map<std::string, std::string> runChild(const QStringList& arguments)
{
    const QString mode = arguments.front();
    QProcess child;
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    child.start(QCoreApplication::applicationFilePath(), arguments);
    int64_t lowest = availableMemoryBytes();
    while (!child.waitForFinished(100) && child.state() != QProcess::NotRunning) {
        const int64_t available = availableMemoryBytes();
        lowest = std::min(lowest, available);
        if (available >= 0 && available < kMemoryFloor) {
            child.kill();
            child.waitForFinished(-1);
            throw Error("benchmark child " + mode.toStdString() +
                        " stopped: the machine's available memory fell to " + formatBytes(available) +
                        ", under the " + formatBytes(kMemoryFloor) + " floor");
        }
    }
    std::map<std::string, std::string> out;
    for (const QByteArray& line : child.readAllStandardOutput().split('\n')) {
        const qsizetype space = line.indexOf(' ');
        if (space > 0)
            out[line.left(space).toStdString()] = line.mid(space + 1).toStdString();
    }
    if (child.exitStatus() != QProcess::NormalExit || child.exitCode() != 0 || out.empty())
        throw Error("benchmark child " + mode.toStdString() + " failed (exit " +
                    std::to_string(child.exitCode()) + ")");
    out["min_available"] = std::to_string(lowest);
    return out;
}

std::string loadAverage()
{
    QFile f(QStringLiteral("/proc/loadavg"));
    return f.open(QIODevice::ReadOnly) ? f.readAll().split(' ').value(0).toStdString() : "unknown";
}

} // namespace

int main(int argc, char** argv)
{
    interlens::reexecWithPassiveOpenMp(argv);
    QCoreApplication app(argc, argv);
    initRuntime();
    const QStringList args = app.arguments();
    if (args.size() == 4 && args[1] == QStringLiteral("--child-1b"))
        return childOneB(args[2].toStdString(), args[3].toStdString());
    if (args.size() == 3 && args[1] == QStringLiteral("--child-large"))
        return childLarge(args[2].toStdString());
    const qsizetype dirAt = args.indexOf(QStringLiteral("--dir"));
    QTemporaryDir tmp(dirAt > 0 && dirAt + 1 < args.size()
                          ? args[dirAt + 1] + QStringLiteral("/bigmodel-XXXXXX")
                          : QDir::tempPath() + QStringLiteral("/bigmodel-XXXXXX"));

    std::printf("<!-- section: bigmodel -->\n## Big checkpoints on the CPU\n\n");
    std::printf(
        "Machine: 2-core Debian 12 VM (AMD EPYC, AVX-512 with BF16), 24 GB, no GPU, **shared with other "
        "engineers' builds while measured** (load average at start %s); libtorch %s CPU, %d threads. "
        "Command: `%s`. Random bf16 checkpoints in Llama layout, sharded with an index; each measured in a "
        "fresh child process (peak RSS = its VmHWM).\n\n",
        loadAverage().c_str(), TORCH_VERSION, at::get_num_threads(), qPrintable(args.join(QLatin1Char(' '))));

    const qsizetype deviceAt = args.indexOf(QStringLiteral("--device"));
    const QString device =
        deviceAt > 0 && deviceAt + 1 < args.size() ? args[deviceAt + 1] : QStringLiteral("cpu");
    const char* header =
        "| shape | parameters | stored (bf16) | compute | load | peak RSS after load | / stored | "
        "peak RSS at the end | / stored |\n|---|---:|---:|---|---:|---:|---:|---:|---:|\n";
    if (!args.contains(QStringLiteral("--skip-1b"))) {
        const std::string oneB = (tmp.path() + QStringLiteral("/1b")).toStdString();
        const double start = now();
        const int64_t oneBBytes = writeCheckpoint(oneB, kOneB);
        malloc_trim(0); // the writer's freed buffers would otherwise stay resident beside the children
        std::printf("1B shape written: %.2f GiB in %lld shards, %.0f s.\n", gib(oneBBytes),
                    static_cast<long long>(kOneB.layers + 2), now() - start);
        std::fflush(stdout);
        auto r = runChild({QStringLiteral("--child-1b"), QString::fromStdString(oneB), device});
        QDir(QString::fromStdString(oneB)).removeRecursively();
        const double rssLoad = std::stod(r["rss_load"]), rss = std::stod(r["rss"]);
        const double gflops = std::stod(r["gflops"]), peak = std::stod(r["peak_bf16"]);
        std::printf(
            "\n%s| 1B: 16 × 2048, 16/4 heads, MLP 8192 | %s | %.2f GiB | %s bfloat16 | %s s | %.2f GiB | "
            "%.3f | %.2f GiB | %.3f |\n",
            header, r["params"].c_str(), gib(oneBBytes), qPrintable(device), r["load_s"].c_str(),
            gib(int64_t(rssLoad)), rssLoad / double(oneBBytes), gib(int64_t(rss)), rss / double(oneBBytes));
        std::printf(
            "\n1B shape, n = 10 one-token players on a 13-token prompt, KV-cache trie (default maxBatch "
            "128), bf16 compute, log-softmax in float32: **%s s** for all 1024 masks (%s token-forwards "
            "in %s forward calls). Executed GEMM work %.1f GFLOP/s = **%.0f %% of the bf16 GEMM peak** "
            "(at::mm 1024³/2048³ in the same child: bf16 %.1f GFLOP/s, float32 %s GFLOP/s). Goals: RSS "
            "/ stored <= 1.15, >= 60 %% of peak. Least memory available while it ran: %s.\n",
            r["score_s"].c_str(), r["token_forwards"].c_str(), r["calls"].c_str(), gflops,
            100.0 * gflops / peak, peak, r["peak_f32"].c_str(),
            formatBytes(std::stoll(r["min_available"])).c_str());
        std::fflush(stdout);
    }
    if (!args.contains(QStringLiteral("--skip-large"))) {
        // Started only when the loaded model (at the 1.15 goal) fits above the floor, and the disk holds it.
        const int64_t storedEstimate = 2 * kSevenB.parameters();
        const int64_t needed = int64_t(1.15 * double(storedEstimate)) + kMemoryFloor;
        const int64_t available = availableMemoryBytes();
        const int64_t disk = QStorageInfo(tmp.path()).bytesAvailable();
        if (available < needed || disk < storedEstimate + (int64_t{1} << 30)) {
            std::printf("\n7B shape not run: %s of memory available (needs %s), %s free on %s (needs %s).\n",
                        formatBytes(available).c_str(), formatBytes(needed).c_str(),
                        formatBytes(disk).c_str(), qPrintable(tmp.path()),
                        formatBytes(storedEstimate + (int64_t{1} << 30)).c_str());
            return 1;
        }
        const std::string dir = (tmp.path() + QStringLiteral("/7b")).toStdString();
        const double start = now();
        const int64_t largeBytes = writeCheckpoint(dir, kSevenB);
        malloc_trim(0);
        const double written = now() - start;
        std::map<std::string, std::string> large;
        try {
            large = runChild({QStringLiteral("--child-large"), QString::fromStdString(dir)});
        } catch (const Error& e) {
            QDir(QString::fromStdString(dir)).removeRecursively();
            std::printf("\n7B shape (%.2f GiB): %s\n", gib(largeBytes), e.what());
            return 1;
        }
        QDir(QString::fromStdString(dir)).removeRecursively();
        const double rss = std::stod(large["rss"]);
        if (large.count("refused")) {
            std::printf("\n7B shape (%.2f GiB) refused: %s (peak RSS %.2f GiB)\n", gib(largeBytes),
                        large["refused"].c_str(), gib(int64_t(rss)));
            return 1;
        }
        const double rssLoad = std::stod(large["rss_load"]);
        std::printf(
            "\n%s| 7B: 32 × 4096, 32/8 heads, MLP 14336 | %s | %.2f GiB | %s (auto) | %s s | %.2f GiB | "
            "%.3f | %.2f GiB | %.3f |\n",
            header, large["params"].c_str(), gib(largeBytes), large["dtype"].c_str(), large["load_s"].c_str(),
            gib(int64_t(rssLoad)), rssLoad / double(largeBytes), gib(int64_t(rss)), rss / double(largeBytes));
        std::printf(
            "\n7B shape: written in %.0f s; memory available to the child at start %s, least while it "
            "ran %s; one forward of 16 tokens %s s (finite logits: %s).\n",
            written, formatBytes(std::stoll(large["available"])).c_str(),
            formatBytes(std::stoll(large["min_available"])).c_str(), large["forward_s"].c_str(),
            large["finite"] == "1" ? "yes" : "no");
    }
    return 0;
}
