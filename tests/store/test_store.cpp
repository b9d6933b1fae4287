// Session files round-trip every field bit for bit, saves are atomic, and the v cache hits, misses and keys
// on every input that determines v.
#include "common/error.h"
#include "common/fixtures.h"
#include "store/session_file.h"
#include "store/session_summary.h"
#include "store/v_cache.h"
#include "store_test_util.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTest>

#include <functional>
#include <set>

using namespace interlens;
using namespace interlens::test;

class TestStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTripFullSession();
    void roundTripKeepsModelOrder();
    void roundTripEmptySession();
    void roundTripFillsVersionAndTime();
    void largeVectorsCompress();
    void overwriteReplacesFile();
    void failedSaveKeepsOldFile();
    void unwritableDirectoryFails();
    void invalidContentIsRefused();
    void topByMagnitudeRanks();
    void cacheKeyIsDeterministic();
    void cacheKeyChangesWithEachField();
    void cacheHitAndMiss();
    void cacheReplaceAndPersist();
    void cacheDefaultPathOverride();
};

void TestStore::roundTripFullSession()
{
    const QString dir = scratchDir("roundtrip");
    const std::string path = (dir + "/session é.h5").toStdString();
    const Session s = makeSession(5);
    saveSession(s, path);
    const Session loaded = loadSession(path);
    compareSessions(s, loaded);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(loaded.meta.schemaVersion, kSessionSchemaVersion);
    QVERIFY(loaded.models[2].failed());
    QCOMPARE(QString::fromStdString(loaded.models[2].error),
             QStringLiteral("config.json: unsupported architecture 'mamba' — skipped"));
    QVERIFY(std::isnan(loaded.models[2].pTarget));
    QVERIFY(loaded.models[2].v.empty());
    QVERIFY(!loaded.models[0].failed());
    QCOMPARE(strayFiles(dir, {"session é.h5"}), QStringList());
}

void TestStore::roundTripKeepsModelOrder()
{
    const std::string path = (scratchDir("order") + "/s.h5").toStdString();
    Session s;
    s.meta.players = {Player{"a", 0, 1}, Player{"b", 2, 3}};
    for (const char* id : {"zeta", "alpha", "mid", "Beta"})
        s.models.push_back(makeModel(id, 2, 3));
    saveSession(s, path);
    const Session loaded = loadSession(path);
    QCOMPARE(loaded.models.size(), size_t(4));
    QCOMPARE(QString::fromStdString(loaded.models[0].id), QStringLiteral("zeta"));
    QCOMPARE(QString::fromStdString(loaded.models[1].id), QStringLiteral("alpha"));
    QCOMPARE(QString::fromStdString(loaded.models[3].id), QStringLiteral("Beta"));
    QVERIFY(loaded.findModel("mid") != nullptr);
    QVERIFY(loaded.findModel("nope") == nullptr);
}

void TestStore::roundTripEmptySession()
{
    const std::string path = (scratchDir("empty") + "/s.h5").toStdString();
    Session s;
    s.meta.appVersion = "x";
    s.meta.createdUtc = "y";
    saveSession(s, path);
    const Session loaded = loadSession(path);
    compareSessions(s, loaded);
}

void TestStore::roundTripFillsVersionAndTime()
{
    const std::string path = (scratchDir("fill") + "/s.h5").toStdString();
    saveSession(Session{}, path);
    const Session loaded = loadSession(path);
    QCOMPARE(QString::fromStdString(loaded.meta.appVersion), QString::fromStdString(interlensVersion()));
    QVERIFY2(QDateTime::fromString(QString::fromStdString(loaded.meta.createdUtc), Qt::ISODate).isValid(),
             loaded.meta.createdUtc.c_str());
}

void TestStore::largeVectorsCompress()
{
    // n = 16: 65536 doubles per vector, several chunks; zeros must compress (gzip+shuffle on).
    const std::string path = (scratchDir("large") + "/s.h5").toStdString();
    Session s;
    s.meta.appVersion = "v";
    s.meta.createdUtc = "t";
    for (int i = 0; i < 16; ++i)
        s.meta.players.push_back(Player{"w" + std::to_string(i), i, i + 1});
    ModelResult m = makeModel("big", 16, 5);
    std::fill(m.iAnd.begin(), m.iAnd.end(), 0.0);
    std::fill(m.iOr.begin(), m.iOr.end(), 0.0);
    std::fill(m.gamma.begin(), m.gamma.end(), 0.0);
    std::fill(m.q.begin(), m.q.end(), 0.0);
    m.iAnd[12345] = 3.5;
    s.models.push_back(m);
    QElapsedTimer timer;
    timer.start();
    saveSession(s, path);
    const Session loaded = loadSession(path);
    qInfo("n=16 save+load: %lld ms, file %lld bytes (raw vectors %d bytes)", timer.elapsed(),
          QFileInfo(QString::fromStdString(path)).size(), 5 * 65536 * 8);
    compareSessions(s, loaded);
    QVERIFY(QFileInfo(QString::fromStdString(path)).size() < 2 * 65536 * 8);
}

void TestStore::overwriteReplacesFile()
{
    const QString dir = scratchDir("overwrite");
    const std::string path = (dir + "/s.h5").toStdString();
    Session first = makeSession(3);
    saveSession(first, path);
    Session second = makeSession(4);
    second.meta.prompt = "second";
    saveSession(second, path);
    const Session loaded = loadSession(path);
    compareSessions(second, loaded);
    QCOMPARE(strayFiles(dir, {"s.h5"}), QStringList());
}

void TestStore::failedSaveKeepsOldFile()
{
    const QString dir = scratchDir("atomic");
    const std::string path = (dir + "/s.h5").toStdString();
    const Session good = makeSession(4);
    saveSession(good, path);
    const QByteArray before = [&] {
        QFile f(QString::fromStdString(path));
        f.open(QIODevice::ReadOnly);
        return f.readAll();
    }();

    // Fails after /session and every model were written: the pair names a model that is not in the session.
    Session bad = makeSession(4);
    bad.meta.prompt = "must never reach the file";
    bad.pairs.back().b = "ghost";
    try {
        saveSession(bad, path);
        QFAIL("saving a pair with an unknown model must throw");
    } catch (const InputError& e) {
        const QString message = QString::fromUtf8(e.what());
        QVERIFY2(message.contains("ghost") && message.contains(QString::fromStdString(path)), e.what());
    }
    QFile f(QString::fromStdString(path));
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY(f.readAll() == before);
    compareSessions(good, loadSession(path));
    QCOMPARE(strayFiles(dir, {"s.h5"}), QStringList());

    // A leftover temporary from a killed run does not disturb the next save or load.
    QFile stray(dir + "/.s.h5.tmp-1-deadbeef");
    QVERIFY(stray.open(QIODevice::WriteOnly));
    stray.write("half-written");
    stray.close();
    saveSession(good, path);
    compareSessions(good, loadSession(path));
}

void TestStore::unwritableDirectoryFails()
{
    const QString dir = scratchDir("unwritable");
    for (const QString& target : {dir + "/no/such/dir/s.h5", dir + "/plainfile/s.h5"}) {
        QFile plain(dir + "/plainfile");
        QVERIFY(plain.open(QIODevice::WriteOnly));
        plain.close();
        try {
            saveSession(makeSession(2), target.toStdString());
            QFAIL("saving into a missing directory must throw");
        } catch (const InputError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(target), e.what());
        }
    }
    QCOMPARE(strayFiles(dir, {"plainfile"}), QStringList());
}

void TestStore::invalidContentIsRefused()
{
    const QString dir = scratchDir("invalid");
    const std::string path = (dir + "/s.h5").toStdString();
    const auto expectError = [&](const Session& s, const char* needle) {
        try {
            saveSession(s, path);
            QFAIL(qPrintable(QStringLiteral("expected an error mentioning %1").arg(needle)));
        } catch (const InputError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QString::fromUtf8(needle)), e.what());
        }
    };
    Session s = makeSession(3);
    s.models[0].id = "a/b";
    expectError(s, "a/b");
    s = makeSession(3);
    s.models[1].id = s.models[0].id;
    expectError(s, "appears twice");
    s = makeSession(3);
    s.models[0].v.pop_back();
    expectError(s, "length 7, expected 2^3 = 8");
    s = makeSession(3);
    s.metrics.vectors["bad/name"] = {1.0};
    expectError(s, "bad/name");
    // The certificate is typed: a run statistic may not take one of its names.
    s = makeSession(3);
    s.models[0].extraScalars["sparsify_gap"] = 1.0;
    expectError(s, "certificate field");
    QVERIFY(!QFileInfo::exists(QString::fromStdString(path)));
    QCOMPARE(strayFiles(dir, {}), QStringList());
}

void TestStore::topByMagnitudeRanks()
{
    const std::vector<double> v = {100.0, -3.0, 2.0, 3.0, std::nan(""), -7.5, 0.0, 1.0};
    const auto top = topByMagnitude(v, 3);
    QCOMPARE(top.size(), size_t(3));
    QCOMPARE(top[0].mask, std::uint64_t(5));
    QCOMPARE(top[1].mask, std::uint64_t(1)); // |-3| ties with |3|: smaller mask first
    QCOMPARE(top[2].mask, std::uint64_t(3));
    QCOMPARE(topByMagnitude(v, 1, true)[0].mask, std::uint64_t(0));
    QCOMPARE(topByMagnitude(v, 100).size(), size_t(6)); // mask 0 and the NaN left out
    const std::vector<Player> players = {{"a", 0, 1}, {"b", 2, 3}, {"c", 4, 5}};
    QVERIFY((playerWords(5, players) == std::vector<std::string>{"a", "c"}));
}

namespace {

VCacheKeyFields baseKey()
{
    VCacheKeyFields f;
    f.weightsFingerprint = "sha256:abc";
    f.tokenizerHash = "tok:def";
    f.prompt = "The capital of France is";
    f.playerTokenSpans = {{1}, {2, 3}, {5}};
    f.baseline = "mean";
    f.targetTokenId = 6342;
    f.dtype = "float32";
    f.rewardDefinition = "log-odds";
    f.extra = {{"b", "2"}, {"a", "1"}};
    return f;
}

} // namespace

void TestStore::cacheKeyIsDeterministic()
{
    const std::string key = vCacheKey(baseKey());
    QCOMPARE(key.size(), size_t(64));
    QCOMPARE(vCacheKey(baseKey()), key);
    VCacheKeyFields reordered = baseKey();
    std::swap(reordered.extra[0], reordered.extra[1]);
    QCOMPARE(vCacheKey(reordered), key); // extra is a set, not a list
}

void TestStore::cacheKeyChangesWithEachField()
{
    const std::string base = vCacheKey(baseKey());
    const std::vector<std::pair<const char*, std::function<void(VCacheKeyFields&)>>> changes = {
        {"weights", [](VCacheKeyFields& f) { f.weightsFingerprint += "0"; }},
        {"tokenizer", [](VCacheKeyFields& f) { f.tokenizerHash += "0"; }},
        {"prompt", [](VCacheKeyFields& f) { f.prompt += " "; }},
        {"spans: move",
         [](VCacheKeyFields& f) {
             f.playerTokenSpans[1] = {2, 4};
         }},
        {"spans: regroup",
         [](VCacheKeyFields& f) {
             f.playerTokenSpans = {{1, 2}, {3}, {5}};
         }},
        {"spans: drop", [](VCacheKeyFields& f) { f.playerTokenSpans.pop_back(); }},
        {"baseline", [](VCacheKeyFields& f) { f.baseline = "zero"; }},
        {"target", [](VCacheKeyFields& f) { f.targetTokenId += 1; }},
        {"dtype", [](VCacheKeyFields& f) { f.dtype = "bfloat16"; }},
        {"reward", [](VCacheKeyFields& f) { f.rewardDefinition = "log-prob"; }},
        {"extra", [](VCacheKeyFields& f) { f.extra[0].second = "3"; }},
        // Field boundaries are length-prefixed: moving text from one field to the next changes the key.
        {"boundary",
         [](VCacheKeyFields& f) {
             f.weightsFingerprint += "t";
             f.tokenizerHash.erase(0, 1);
         }},
    };
    std::set<std::string> seen = {base};
    // Built from a session, the key covers the same fields.
    Session s = makeSession(3);
    const std::string fromSession = vCacheKey(vCacheKeyFields(s.meta, s.models[0]));
    s.models[0].playerTokenSpans[2].push_back(99);
    const std::string withSpan = vCacheKey(vCacheKeyFields(s.meta, s.models[0]));
    QVERIFY(withSpan != fromSession);
    s.models[0].path = "elsewhere"; // the folder does not change v; the weights fingerprint does
    s.meta.notes = "notes neither";
    QCOMPARE(vCacheKey(vCacheKeyFields(s.meta, s.models[0])), withSpan);
    for (const auto& [name, change] : changes) {
        VCacheKeyFields f = baseKey();
        change(f);
        const std::string key = vCacheKey(f);
        QVERIFY2(seen.insert(key).second, name);
    }
}

void TestStore::cacheHitAndMiss()
{
    const QString dir = scratchDir("cache");
    VCache cache((dir + "/sub/v_cache.h5").toStdString());
    std::vector<std::string> warnings;
    cache.setWarningHandler([&](const std::string& w) { warnings.push_back(w); });
    const std::string key = vCacheKey(baseKey());
    QVERIFY(!cache.lookup(key).has_value()); // no file yet
    QCOMPARE(cache.size(), size_t(0));
    const std::vector<double> v = randomVector(1024, 3);
    cache.store(key, v, canonicalKeyText(baseKey()));
    const auto hit = cache.lookup(key);
    QVERIFY(hit.has_value());
    QVERIFY(bitwiseEqual(*hit, v));
    VCacheKeyFields other = baseKey();
    other.baseline = "pad";
    QVERIFY(!cache.lookup(vCacheKey(other)).has_value());
    cache.store(vCacheKey(other), {1.0, 2.0});
    QCOMPARE(cache.size(), size_t(2));
    QVERIFY(bitwiseEqual(*cache.lookup(key), v));
    QVERIFY(warnings.empty());
    QCOMPARE(strayFiles(dir + "/sub", {"v_cache.h5", "v_cache.h5.lock"}), QStringList());
}

void TestStore::cacheReplaceAndPersist()
{
    const std::string path = (scratchDir("cache2") + "/v_cache.h5").toStdString();
    const std::string key = vCacheKey(baseKey());
    {
        VCache cache(path);
        cache.store(key, {1.0, 2.0, 3.0, 4.0});
        cache.store(key, {5.0, 6.0});
        QCOMPARE(cache.size(), size_t(1));
    }
    VCache reopened(path);
    const auto hit = reopened.lookup(key);
    QVERIFY(hit.has_value());
    QVERIFY((*hit == std::vector<double>{5.0, 6.0}));
}

void TestStore::cacheDefaultPathOverride()
{
    qputenv("INTERLENS_V_CACHE", "/tmp/somewhere/v.h5");
    QCOMPARE(QString::fromStdString(VCache::defaultPath()), QStringLiteral("/tmp/somewhere/v.h5"));
    QCOMPARE(QString::fromStdString(VCache().path()), QStringLiteral("/tmp/somewhere/v.h5"));
    qunsetenv("INTERLENS_V_CACHE");
    QVERIFY(QString::fromStdString(VCache::defaultPath()).endsWith(QStringLiteral("interlens/v_cache.h5")));
}

QTEST_GUILESS_MAIN(TestStore)
#include "test_store.moc"
