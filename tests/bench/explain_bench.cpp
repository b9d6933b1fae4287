// Time to compute v(S) for all 2^n masks of a 48-token prompt with players spread through it, three ways, on
// the same threads in one run:
//   (a) lab-style: batches of 16 full masked sequences with full-vocabulary logits at every position (what
//   the
//       lab's scripts do),
//   (b) --plain: every mask as a full sequence, but only the last position through the LM head,
//   (c) the KV-cache trie (the default).
// Usage: interlens_explain_bench [--quick] [--no-gpt2] [--gpt2-n 8,10]  (--quick: n = 8 only)
#include "model/baseline.h"
#include "model/masked_scoring.h"
#include "model/model_loader.h"
#include "random_checkpoint.h"

#include <ATen/Parallel.h>
#include <torch/version.h>

#include <QCoreApplication>
#include <QDir>
#include <QTemporaryDir>

#include <chrono>
#include <cstdio>

using namespace interlens;

namespace {

double now()
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

double gemmPeakGflops()
{
    const at::Tensor a = at::randn({1536, 1536});
    const at::Tensor b = at::randn({1536, 1536});
    at::mm(a, b);
    double best = 0;
    for (int i = 0; i < 5; ++i) {
        const double start = now();
        at::mm(a, b);
        best = std::max(best, 2.0 * 1536 * 1536 * 1536 / (now() - start) / 1e9);
    }
    return best;
}

MaskedGame spreadGame(const CausalLM& model, int64_t length, int n)
{
    MaskedGame game;
    for (int64_t t = 0; t < length; ++t)
        game.ids.push_back((t * 7919 + 13) % model.vocabSize());
    // Players of one or two tokens at evenly spaced positions after a 4-token context.
    const int64_t stride = (length - 4) / n;
    for (int j = 0; j < n; ++j) {
        const int64_t first = 4 + j * stride;
        game.playerTokens.push_back(j % 3 == 0 ? std::vector<int64_t>{first, first + 1}
                                               : std::vector<int64_t>{first});
    }
    game.baseline = baselineEmbedding(model, "mean");
    game.targetId = 11;
    return game;
}

// The lab's way: 16 sequences per batch, logits at every position, log-softmax of the last one.
void labStyle(const CausalLM& model, const MaskedGame& game, int64_t& tokenForwards)
{
    const int n = static_cast<int>(game.playerTokens.size());
    const auto length = static_cast<int64_t>(game.ids.size());
    const at::Tensor ids = at::tensor(game.ids, at::kLong);
    for (int64_t first = 0; first < (int64_t{1} << n); first += 16) {
        const int64_t rows = std::min<int64_t>(16, (int64_t{1} << n) - first);
        at::Tensor keep = at::ones({rows, length}, at::kBool);
        for (int64_t r = 0; r < rows; ++r)
            for (int j = 0; j < n; ++j)
                if (!((first + r) >> j & 1))
                    for (int64_t t : game.playerTokens[static_cast<size_t>(j)])
                        keep[r][t] = false;
        ForwardOptions options;
        options.output = LogitsOutput::All;
        const at::Tensor logits =
            model.forwardEmbeds(model.maskedEmbeddings(ids, keep, game.baseline), options).logits;
        at::log_softmax(logits.select(1, length - 1), -1);
        tokenForwards += rows * length;
    }
}

void benchModel(const CausalLM& model, const char* name, const std::vector<int>& ns, int maxLabN, double peak)
{
    const int64_t length = 48;
    const double bodyFlopsPerToken =
        2.0 * static_cast<double>(model.parameterCount() - model.vocabSize() * model.hiddenSize());
    const double headFlopsPerRow = 2.0 * static_cast<double>(model.vocabSize() * model.hiddenSize());
    std::printf("\n### %s (%lld parameters), %lld-token prompt\n\n", name,
                static_cast<long long>(model.parameterCount()), static_cast<long long>(length));
    std::printf("| n | method | wall s | token-forwards | speed-up vs (a) | GFLOP/s | %% of peak |\n");
    std::printf("|---:|---|---:|---:|---:|---:|---:|\n");
    for (int n : ns) {
        const MaskedGame game = spreadGame(model, length, n);
        const double masks = static_cast<double>(int64_t{1} << n);
        double labSeconds = 0;
        if (n <= maxLabN) {
            int64_t tokens = 0;
            const double start = now();
            labStyle(model, game, tokens);
            labSeconds = now() - start;
            const double flops = bodyFlopsPerToken * static_cast<double>(tokens) +
                                 headFlopsPerRow * static_cast<double>(tokens);
            std::printf(
                "| %d | (a) lab-style, batches of 16, all logits | %.2f | %lld | 1.0 | %.1f | %.0f |\n", n,
                labSeconds, static_cast<long long>(tokens), flops / labSeconds / 1e9,
                100 * flops / labSeconds / 1e9 / peak);
        }
        for (const bool plain : {true, false}) {
            ScoringOptions options;
            options.plain = plain;
            ScoringStats stats;
            const double start = now();
            maskedLogOdds(model, game, options, &stats);
            const double seconds = now() - start;
            const double flops =
                bodyFlopsPerToken * static_cast<double>(stats.tokenForwards) + headFlopsPerRow * masks;
            char speedup[32] = "–";
            if (labSeconds > 0)
                std::snprintf(speedup, sizeof speedup, "%.1f", labSeconds / seconds);
            std::printf("| %d | %s | %.2f | %lld | %s | %.1f | %.0f |\n", n,
                        plain ? "(b) --plain" : "(c) trie", seconds,
                        static_cast<long long>(stats.tokenForwards), speedup, flops / seconds / 1e9,
                        100 * flops / seconds / 1e9 / peak);
        }
        std::fflush(stdout);
    }
}

} // namespace

int main(int argc, char** argv)
{
    interlens::reexecWithPassiveOpenMp(argv);
    QCoreApplication app(argc, argv);
    const bool quick = app.arguments().contains(QStringLiteral("--quick"));
    initRuntime();
    const double peak = gemmPeakGflops();
    std::printf("<!-- section: explain -->\n## Masked scoring: lab-style vs --plain vs KV-cache trie\n\n");
    std::printf("Machine: 2-core Debian 12 VM, no GPU; libtorch %s CPU (OpenBLAS), %d threads, float32. "
                "Command: `%s`. "
                "Measured float32 GEMM peak (1536³ at::mm): %.1f GFLOP/s. GFLOP/s counts 2·(non-embedding "
                "parameters) "
                "per token-forward plus the LM head rows each method computes (attention scores excluded: "
                "small at 48 "
                "tokens).\n",
                TORCH_VERSION, at::get_num_threads(), qPrintable(app.arguments().join(QLatin1Char(' '))),
                peak);

    const QByteArray fixtures = qgetenv("INTERLENS_FIXTURES");
    const QString stories =
        (fixtures.isEmpty() ? QStringLiteral(INTERLENS_DEFAULT_FIXTURES) : QString::fromLocal8Bit(fixtures)) +
        QStringLiteral("/models/stories260K");
    if (QDir(stories).exists())
        benchModel(*loadCausalLM(stories.toStdString()), "stories260K",
                   quick ? std::vector<int>{8} : std::vector<int>{8, 10, 12}, 12, peak);

    if (!app.arguments().contains(QStringLiteral("--no-gpt2"))) {
        QTemporaryDir tmp;
        const std::string dir = (tmp.path() + QStringLiteral("/gpt2-small")).toStdString();
        test::writeRandomModel(dir, test::gpt2SmallSpec());
        std::vector<int> ns = quick ? std::vector<int>{8} : std::vector<int>{8, 10, 12};
        if (const qsizetype at = app.arguments().indexOf(QStringLiteral("--gpt2-n"));
            at >= 0 && at + 1 < app.arguments().size()) {
            ns.clear(); // GPT-2 small lab-style at n = 12 alone takes about 20 minutes here
            for (const QString& n : app.arguments().at(at + 1).split(QLatin1Char(',')))
                ns.push_back(n.toInt());
        }
        benchModel(*loadCausalLM(dir), "GPT-2-small shape, random weights", ns, 10, peak);
    }
    std::printf("\n<!-- end: explain -->\n");
    return 0;
}
