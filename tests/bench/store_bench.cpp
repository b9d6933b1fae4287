// Save/load time and file size of session files (4 models, n players, every vector filled), and v cache
// store/lookup time as the cache grows. Prints the BENCHMARKS.md "store" section.
#include "store/session_file.h"
#include "store/v_cache.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>

#include <cmath>
#include <cstdio>
#include <random>

using namespace interlens;

namespace {

std::vector<double> noise(size_t n, std::mt19937_64& rng)
{
    // Interaction vectors are mostly near zero after sparsification: a realistic mix for compression.
    std::normal_distribution<double> normal;
    std::vector<double> v(n);
    for (size_t i = 0; i < n; ++i)
        v[i] = (rng() % 10 == 0) ? normal(rng) : 0.0;
    return v;
}

Session makeSession(int n, std::mt19937_64& rng)
{
    Session s;
    s.meta.prompt = "a prompt of about fifty tokens";
    for (int i = 0; i < n; ++i)
        s.meta.players.push_back(Player{"w" + std::to_string(i), 2 * i, 2 * i + 1});
    const size_t size = size_t(1) << n;
    for (int m = 0; m < 4; ++m) {
        ModelResult r;
        r.id = "model" + std::to_string(m);
        std::normal_distribution<double> normal;
        for (size_t i = 0; i < size; ++i)
            r.v.push_back(normal(rng)); // v itself is dense
        r.iAnd = noise(size, rng);
        r.iOr = noise(size, rng);
        r.gamma = noise(size, rng);
        r.q = noise(size, rng);
        s.models.push_back(std::move(r));
    }
    return s;
}

double msSince(const QElapsedTimer& t)
{
    return double(t.nsecsElapsed()) / 1e6;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QString dir = QDir::tempPath() + QStringLiteral("/interlens-store-bench");
    QDir(dir).removeRecursively();
    QDir().mkpath(dir);
    std::mt19937_64 rng(1);

    std::printf("### Session files (4 models, 5 float64 vectors of 2^n each)\n\n");
    std::printf("| n | raw vectors | file size | save | load |\n|---|---|---|---|---|\n");
    for (int n : {10, 12, 16, 18}) {
        const Session s = makeSession(n, rng);
        const std::string path = (dir + QStringLiteral("/s%1.h5").arg(n)).toStdString();
        QElapsedTimer t;
        t.start();
        saveSession(s, path);
        const double save = msSince(t);
        t.start();
        const Session loaded = loadSession(path);
        const double load = msSince(t);
        const double raw = 4.0 * 5 * double(size_t(1) << n) * 8 / 1e6;
        const double file = double(QFileInfo(QString::fromStdString(path)).size()) / 1e6;
        std::printf("| %d | %.2f MB | %.2f MB | %.1f ms | %.1f ms |\n", n, raw, file, save, load);
    }

    std::printf("\n### v cache (entries of 2^12 float64, one file)\n\n");
    std::printf(
        "| entries already in the cache | cache file | store one | lookup one |\n|---|---|---|---|\n");
    VCache cache((dir + QStringLiteral("/v_cache.h5")).toStdString());
    int stored = 0;
    for (int target : {0, 50, 200}) {
        for (; stored < target; ++stored)
            cache.store("k" + std::to_string(stored), noise(4096, rng));
        QElapsedTimer t;
        t.start();
        cache.store("probe" + std::to_string(target), noise(4096, rng));
        const double store = msSince(t);
        t.start();
        const auto hit = cache.lookup("probe" + std::to_string(target));
        const double lookup = msSince(t);
        if (!hit)
            return 1;
        std::printf("| %d | %.2f MB | %.1f ms | %.2f ms |\n", target,
                    double(QFileInfo(QString::fromStdString(cache.path())).size()) / 1e6, store, lookup);
    }
    QDir(dir).removeRecursively();
    return 0;
}
