#pragma once

// Shared by the store tests: a deterministic, fully populated session and bitwise comparisons.

#include "store/result_fields.h"
#include "store/session.h"

#include <QDir>
#include <QTest>

#include <cmath>
#include <cstring>
#include <limits>

#define QCOMPARE_STR(a, b) QCOMPARE(QString::fromStdString(a), QString::fromStdString(b))

namespace interlens::test {

inline std::vector<double> randomVector(size_t n, std::uint64_t seed)
{
    std::vector<double> out(n);
    std::uint64_t state = seed * 6364136223846793005ull + 1442695040888963407ull;
    for (double& x : out) {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        x = (double(state >> 11) / double(1ull << 53) - 0.5) * 20.0;
    }
    // Values a lossy or converting writer would change: they must come back bit for bit.
    if (n >= 8) {
        out[1] = -0.0;
        out[2] = std::numeric_limits<double>::denorm_min();
        out[3] = std::numeric_limits<double>::infinity();
        out[4] = std::numeric_limits<double>::quiet_NaN();
        out[5] = 1e308;
        out[6] = 0.1;
    }
    return out;
}

inline bool bitwiseEqual(const std::vector<double>& a, const std::vector<double>& b)
{
    return a.size() == b.size() &&
           (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

inline ModelResult makeModel(const std::string& id, int players, std::uint64_t seed)
{
    const size_t size = size_t(1) << players;
    ModelResult m;
    m.id = id;
    m.path = "/models/" + id + "/ünïcode path";
    m.architecture = "llama";
    m.configHash = "cfg-" + id;
    m.weightsFingerprint = "sha256:" + std::to_string(seed * 977);
    m.dtype = "float32";
    m.tokenizerHash = "tok-" + id;
    m.targetTokenId = 1234 + std::int64_t(seed);
    m.pTarget = 0.25 + 0.01 * double(seed);
    m.targetRank = std::int64_t(seed % 3);
    for (int p = 0; p < players; ++p)
        m.playerTokenSpans.push_back(p % 2 ? std::vector<std::int64_t>{2 * p + 1}
                                           : std::vector<std::int64_t>{2 * p + 1, 2 * p + 2, 2 * p + 3});
    for (int t = 0; t < 2 * players + 4; ++t) {
        m.tokenIds.push_back(100 + t);
        m.tokenStrings.push_back(t % 3 ? "Ġtok" + std::to_string(t) : "▁日本" + std::to_string(t));
    }
    m.v = randomVector(size, seed * 10 + 1);
    m.iAnd = randomVector(size, seed * 10 + 2);
    m.iOr = randomVector(size, seed * 10 + 3);
    m.gamma = randomVector(size, seed * 10 + 4);
    m.q = randomVector(size, seed * 10 + 5);
    m.certificate = SolverCertificate{1.5 + double(seed), 1.25, 0.25, seed % 2 == 0};
    m.extraScalars = {{"sparsity", 0.125}, {"fit_error", 1e-9}};
    m.extraVectors = {{"sparsity_curve", randomVector(7, seed * 10 + 6)}};
    return m;
}

// Three models (the last one failed), three pairs, metrics; unicode everywhere text can be.
inline Session makeSession(int players = 5)
{
    Session s;
    s.meta.appVersion = "0.1.0-test";
    s.meta.createdUtc = "2026-11-23T07:15:00Z";
    s.meta.prompt = "Le café « naïve » à 東京 🚀 — Ελληνικά, then \"quotes\"\tand a tab";
    s.meta.targetWord = "Paris";
    const char* words[] = {"café", "naïve", "東京", "🚀", "Ελληνικά", "then", "quotes", "and", "a", "tab"};
    for (int i = 0; i < players; ++i)
        s.meta.players.push_back(Player{words[i % 10], 3 * i, 3 * i + 2});
    s.meta.baseline = "mean";
    s.meta.rewardDefinition = "log-odds of the target at the last position";
    s.meta.solverSettings = {{"lambda", "0.01"}, {"iterations", "2000"}, {"mode", "exact"}};
    s.meta.notes = "free-form notes ✓";
    s.models.push_back(makeModel("gpt2", players, 1));
    s.models.push_back(makeModel("stories260K", players, 2));
    ModelResult failed;
    failed.id = "broken.model";
    failed.path = "/nowhere";
    failed.error = "config.json: unsupported architecture 'mamba' — skipped";
    s.models.push_back(failed);
    for (auto [a, b] : {std::pair{"gpt2", "stories260K"}, std::pair{"gpt2", "broken.model"},
                        std::pair{"stories260K", "broken.model"}}) {
        PairResult p;
        p.a = a;
        p.b = b;
        p.sharedAnd = {1, 3, 0xffffffffffffffffull};
        p.sharedOr = {2};
        p.kappa = PairKappa{0.42, 0.5, -0.0, std::numeric_limits<double>::quiet_NaN(), 1.0, 0.25, 1e-300};
        p.certificate = SolverCertificate{2.0, 1.5, 0.5, false};
        p.iAndA = randomVector(size_t(1) << players, 90);
        p.iOrB = randomVector(size_t(1) << players, 91);
        p.gammaShared = randomVector(3, 92);
        s.pairs.push_back(p);
    }
    s.metrics.scalars = {{"mean_kappa", 0.3}, {"n_models_ok", 2}};
    s.metrics.vectors = {{"sparsity_curve", randomVector(11, 77)}};
    return s;
}

inline bool sameDouble(double a, double b)
{
    return std::memcmp(&a, &b, sizeof a) == 0;
}

// The same names with bitwise the same values (NaN equals NaN).
inline bool sameNumbers(const std::map<std::string, double>& a, const std::map<std::string, double>& b)
{
    if (a.size() != b.size())
        return false;
    for (const auto& [name, value] : a)
        if (!b.count(name) || !sameDouble(b.at(name), value))
            return false;
    return true;
}

// QVERIFY-style comparison of everything; reports the first differing field.
inline void compareSessions(const Session& a, const Session& b)
{
    QCOMPARE_STR(b.meta.prompt, a.meta.prompt);
    QVERIFY(a.meta == b.meta);
    QCOMPARE(a.models.size(), b.models.size());
    for (size_t i = 0; i < a.models.size(); ++i) {
        const ModelResult& x = a.models[i];
        const ModelResult& y = b.models[i];
        QCOMPARE_STR(y.id, x.id);
        QCOMPARE_STR(y.path, x.path);
        QCOMPARE_STR(y.architecture, x.architecture);
        QCOMPARE_STR(y.configHash, x.configHash);
        QCOMPARE_STR(y.weightsFingerprint, x.weightsFingerprint);
        QCOMPARE_STR(y.dtype, x.dtype);
        QCOMPARE_STR(y.tokenizerHash, x.tokenizerHash);
        QCOMPARE(y.targetTokenId, x.targetTokenId);
        QVERIFY(sameDouble(y.pTarget, x.pTarget));
        QCOMPARE(y.targetRank, x.targetRank);
        QVERIFY(y.playerTokenSpans == x.playerTokenSpans);
        QVERIFY(y.tokenIds == x.tokenIds);
        QVERIFY(y.tokenStrings == x.tokenStrings);
        QVERIFY(bitwiseEqual(y.v, x.v));
        QVERIFY(bitwiseEqual(y.iAnd, x.iAnd));
        QVERIFY(bitwiseEqual(y.iOr, x.iOr));
        QVERIFY(bitwiseEqual(y.gamma, x.gamma));
        QVERIFY(bitwiseEqual(y.q, x.q));
        QCOMPARE_STR(y.error, x.error);
        QVERIFY(sameNumbers(certificateValues(y.certificate, ""), certificateValues(x.certificate, "")));
        QVERIFY(y.extraScalars == x.extraScalars);
        QCOMPARE(y.extraVectors.size(), x.extraVectors.size());
        for (const auto& [name, v] : x.extraVectors)
            QVERIFY(bitwiseEqual(y.extraVectors.at(name), v));
    }
    QCOMPARE(a.pairs.size(), b.pairs.size());
    for (size_t i = 0; i < a.pairs.size(); ++i) {
        QCOMPARE_STR(b.pairs[i].a, a.pairs[i].a);
        QCOMPARE_STR(b.pairs[i].b, a.pairs[i].b);
        QVERIFY(b.pairs[i].sharedAnd == a.pairs[i].sharedAnd);
        QVERIFY(b.pairs[i].sharedOr == a.pairs[i].sharedOr);
        QVERIFY(sameNumbers(kappaGroupValues(b.pairs[i]), kappaGroupValues(a.pairs[i])));
        for (const Field<PairResult>& f : pairJointFields()) {
            const auto member = std::get<std::vector<double> PairResult::*>(f.member);
            QVERIFY2(bitwiseEqual(b.pairs[i].*member, a.pairs[i].*member), f.name);
        }
    }
    QVERIFY(a.metrics.scalars == b.metrics.scalars);
    QCOMPARE(b.metrics.vectors.size(), a.metrics.vectors.size());
    for (const auto& [name, v] : a.metrics.vectors)
        QVERIFY(bitwiseEqual(b.metrics.vectors.at(name), v));
}

// Files in `dir` (hidden included) other than `keep`: an atomic writer must leave no temporaries behind.
inline QStringList strayFiles(const QString& dir, const QStringList& keep)
{
    QStringList out;
    for (const QString& name : QDir(dir).entryList(QDir::Files | QDir::Hidden))
        if (!keep.contains(name))
            out << name;
    return out;
}

} // namespace interlens::test
