// Damaged, foreign and newer files: every one gives an InputError that names the file, never a crash (this
// test also runs under AddressSanitizer), and a damaged v cache is moved aside with a warning.
#include "common/error.h"
#include "common/fixtures.h"
#include "store/hdf5_file.h"
#include "store/hdf5_io.h"
#include "store/session_file.h"
#include "store/v_cache.h"
#include "store_test_util.h"

#include <hdf5.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTest>

#include <sys/stat.h>

#include <functional>
#include <random>

using namespace interlens;
using namespace interlens::test;

namespace {

QByteArray readAll(const QString& path)
{
    QFile f(path);
    f.open(QIODevice::ReadOnly);
    return f.readAll();
}

void writeAll(const QString& path, const QByteArray& data)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(data);
}

// Loads `path` and expects an InputError naming the file and containing every one of `needles`.
void expectLoadError(const QString& path, const QStringList& needles)
{
    try {
        loadSession(path.toStdString());
        QFAIL(qPrintable("loading " + path + " must fail"));
    } catch (const InputError& e) {
        const QString message = QString::fromUtf8(e.what());
        QVERIFY2(message.startsWith(path + ": "), e.what());
        for (const QString& needle : needles)
            QVERIFY2(message.contains(needle), qPrintable(message + "  (expected: " + needle + ")"));
    }
}

// Saves a good session and then edits it with the raw HDF5 API.
QString editedSession(const QString& dir, const std::function<void(hid_t file)>& edit)
{
    const QString path = dir + "/edited.h5";
    QFile::remove(path);
    saveSession(makeSession(3), path.toStdString());
    store::FileHandle file = store::openHdf5(path.toStdString(), true);
    const store::ErrorSilencer silence;
    edit(file.get());
    store::closeHdf5(file, path.toStdString());
    return path;
}

} // namespace

class TestStoreBadInput : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void missingFile();
    void emptyFile();
    void randomBytes();
    void directory();
    void truncatedFile();
    void flippedBytesNeverCrash();
    void damagedGlobalHeapSize();
    void newerSchema();
    void foreignHdf5File();
    void missingAttribute();
    void missingDataset();
    void missingGroup();
    void wrongTypes();
    void corruptCacheIsMovedAside();
    void foreignFileAsCache();
    void variableLengthStringsRead();
};

void TestStoreBadInput::missingFile()
{
    expectLoadError(scratchDir("missing") + "/nope.h5", {"no such file"});
}

void TestStoreBadInput::emptyFile()
{
    const QString path = scratchDir("emptyfile") + "/empty.h5";
    writeAll(path, {});
    expectLoadError(path, {"empty"});
}

void TestStoreBadInput::randomBytes()
{
    const QString path = scratchDir("random") + "/random.h5";
    std::mt19937 rng(7);
    QByteArray data(4096, '\0');
    for (char& c : data)
        c = char(rng());
    writeAll(path, data);
    expectLoadError(path, {"not an HDF5 file"});
    writeAll(path, "{\"json\": \"not hdf5\"}");
    expectLoadError(path, {"not an HDF5 file"});
}

void TestStoreBadInput::directory()
{
    const QString dir = scratchDir("dirasfile");
    expectLoadError(dir, {"directory"});
}

void TestStoreBadInput::truncatedFile()
{
    const QString dir = scratchDir("truncated");
    const QString good = dir + "/good.h5";
    saveSession(makeSession(6), good.toStdString());
    const QByteArray full = readAll(good);
    QVERIFY(full.size() > 1000);
    for (double fraction : {0.02, 0.1, 0.5, 0.9, 0.99}) {
        const QString path = dir + "/cut.h5";
        writeAll(path, full.left(qsizetype(double(full.size()) * fraction)));
        try {
            loadSession(path.toStdString());
            QFAIL(qPrintable(QStringLiteral("a file cut at %1 must not load").arg(fraction)));
        } catch (const InputError& e) {
            const QString message = QString::fromUtf8(e.what());
            QVERIFY2(message.startsWith(path + ": "), e.what());
            QVERIFY2(message.contains("truncated") || message.contains("not an HDF5"), e.what());
        }
    }
    writeAll(dir + "/cut.h5", full.left(full.size() - 1));
    expectLoadError(dir + "/cut.h5", {"truncated"});
}

void TestStoreBadInput::damagedGlobalHeapSize()
{
    // The text of schema 2 lives in global heap collections, which HDF5 1.10 reads without checking the sizes
    // inside them: a grown object size must be an error naming the file, not a read past the collection.
    const QString dir = scratchDir("heap");
    const QString good = dir + "/good.h5";
    saveSession(makeSession(3), good.toStdString());
    QByteArray data = readAll(good);
    const qsizetype collection = data.indexOf("GCOL");
    QVERIFY(collection > 0);
    const qsizetype firstObjectSize = collection + 16 + 8; // after the collection and object headers
    data[firstObjectSize + 3] = char(0x7f);                // the size grows by about 2 GB
    const QString path = dir + "/damaged.h5";
    writeAll(path, data);
    expectLoadError(path, {"global heap"});
}

void TestStoreBadInput::flippedBytesNeverCrash()
{
    // Random damage inside a valid file: the load either throws InputError naming the file or succeeds with
    // exactly the saved content (the damage hit unused bytes). Never a crash, a hang, another exception type,
    // or silently changed numbers (metadata is checksummed, data chunks carry Fletcher-32).
    const QString dir = scratchDir("flipped");
    const QString good = dir + "/good.h5";
    const Session original = makeSession(4);
    saveSession(original, good.toStdString());
    const QByteArray full = readAll(good);
    std::mt19937 rng(11);
    int failures = 0;
    for (int round = 0; round < 100; ++round) {
        QByteArray data = full;
        for (int k = 0; k < 1 + round % 4; ++k)
            data[qsizetype(rng() % quint32(data.size()))] ^= char(1 + rng() % 255);
        const QString path = dir + "/damaged.h5";
        writeAll(path, data);
        try {
            const Session loaded = loadSession(path.toStdString());
            compareSessions(original, loaded);
            if (QTest::currentTestFailed())
                QFAIL(qPrintable(QStringLiteral("round %1 loaded different content").arg(round)));
        } catch (const InputError& e) {
            ++failures;
            QVERIFY2(QString::fromUtf8(e.what()).startsWith(path + ": "), e.what());
        }
        // Every handle is closed again, also after a failure halfway through the file.
        const ssize_t open = H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL);
        QVERIFY2(open == 0,
                 qPrintable(QStringLiteral("round %1: %2 HDF5 objects still open").arg(round).arg(open)));
    }
    qInfo("100 damaged files: %d refused with InputError, %d loaded unchanged", failures, 100 - failures);
}

void TestStoreBadInput::newerSchema()
{
    const QString path = editedSession(scratchDir("newer"), [](hid_t file) {
        const store::GroupHandle g = store::openGroup(file, "session");
        H5Adelete(g.get(), "schema_version");
        store::writeAttribute(g.get(), "schema_version", std::int64_t(kSessionSchemaVersion + 1));
        H5Adelete(g.get(), "prompt"); // a newer schema may drop anything: the version check comes first
    });
    expectLoadError(path, {QStringLiteral("written by a newer Interlens, schema %1 > %2")
                               .arg(kSessionSchemaVersion + 1)
                               .arg(kSessionSchemaVersion)});
}

void TestStoreBadInput::foreignHdf5File()
{
    const QString path = scratchDir("foreign") + "/other.h5";
    {
        store::FileHandle file = store::createHdf5(path.toStdString());
        const store::ErrorSilencer silence;
        store::writeDataset(file.get(), "data", std::vector<double>{1, 2, 3});
        store::closeHdf5(file, path.toStdString());
    }
    expectLoadError(path, {"not an Interlens session", "/session"});
}

void TestStoreBadInput::missingAttribute()
{
    const QString dir = scratchDir("missingattr");
    QString path = editedSession(dir, [](hid_t file) {
        const store::GroupHandle g = store::openGroup(file, "session");
        H5Adelete(g.get(), "prompt");
    });
    expectLoadError(path, {"/session", "missing attribute 'prompt'"});
    path = editedSession(dir, [](hid_t file) {
        H5Adelete_by_name(file, "/models/stories260K", "weights_fingerprint", H5P_DEFAULT);
    });
    expectLoadError(path, {"/models/stories260K", "missing attribute 'weights_fingerprint'"});
}

void TestStoreBadInput::missingDataset()
{
    const QString path = editedSession(scratchDir("missingds"),
                                       [](hid_t file) { H5Ldelete(file, "/models/gpt2/I_or", H5P_DEFAULT); });
    expectLoadError(path, {"/models/gpt2", "missing dataset 'I_or'"});
}

void TestStoreBadInput::missingGroup()
{
    const QString path = editedSession(scratchDir("missinggroup"),
                                       [](hid_t file) { H5Ldelete(file, "/metrics", H5P_DEFAULT); });
    expectLoadError(path, {"missing group 'metrics'"});
}

void TestStoreBadInput::wrongTypes()
{
    const QString dir = scratchDir("wrongtype");
    QString path = editedSession(dir, [](hid_t file) {
        const store::GroupHandle g = store::openGroup(file, "session");
        H5Adelete(g.get(), "prompt");
        store::writeAttribute(g.get(), "prompt", 3.0);
    });
    expectLoadError(path, {"/session attribute 'prompt'", "expected text"});
    path = editedSession(dir, [](hid_t file) {
        H5Ldelete(file, "/models/gpt2/v", H5P_DEFAULT);
        const store::GroupHandle g = store::openGroup(file, "models");
        const store::GroupHandle m = store::openGroup(g.get(), "gpt2");
        store::writeDataset(m.get(), "v", std::vector<std::string>{"a", "b"});
    });
    expectLoadError(path, {"/models/gpt2/v", "expected numbers"});
    path = editedSession(dir, [](hid_t file) {
        H5Ldelete(file, "/models/gpt2/q", H5P_DEFAULT);
        const store::GroupHandle g = store::openGroup(file, "models");
        const store::GroupHandle m = store::openGroup(g.get(), "gpt2");
        store::writeDataset(m.get(), "q", std::vector<double>(5, 1.0));
    });
    expectLoadError(path, {"/models/gpt2/q", "length 5, expected 2^3 = 8"});
}

void TestStoreBadInput::corruptCacheIsMovedAside()
{
    const QString dir = scratchDir("badcache");
    const QString path = dir + "/v_cache.h5";
    VCache cache(path.toStdString());
    std::vector<std::string> warnings;
    cache.setWarningHandler([&](const std::string& w) { warnings.push_back(w); });
    cache.store("k1", {1.0, 2.0});
    const QByteArray full = readAll(path);
    writeAll(path, full.left(full.size() / 2)); // truncated

    QVERIFY(!cache.lookup("k1").has_value());
    QCOMPARE(warnings.size(), size_t(1));
    QVERIFY2(QString::fromStdString(warnings[0]).contains("damaged"), warnings[0].c_str());
    QVERIFY(!QFileInfo::exists(path));
    const QStringList aside = QDir(dir).entryList({"v_cache.h5.corrupt-*"}, QDir::Files);
    QCOMPARE(aside.size(), 1);
    QCOMPARE(readAll(dir + "/" + aside[0]), full.left(full.size() / 2)); // kept as it was, for inspection

    // The next store starts a fresh cache; the damaged copy is untouched.
    cache.store("k2", {3.0});
    QVERIFY(cache.lookup("k2").has_value());
    QVERIFY(!cache.lookup("k1").has_value());

    // Damage found by store() itself: moved aside too, never overwritten in place.
    cache.store("k3", {4.0});
    const QByteArray second = readAll(path);
    writeAll(path, second.left(second.size() / 3));
    warnings.clear();
    cache.store("k4", {5.0});
    QCOMPARE(warnings.size(), size_t(1));
    QCOMPARE(QDir(dir).entryList({"v_cache.h5.corrupt-*"}, QDir::Files).size(), 2);
    QCOMPARE(cache.size(), size_t(1));
}

void TestStoreBadInput::foreignFileAsCache()
{
    // A session, a text file, a folder or a FIFO named as the cache (a typo in --v-cache) is user data:
    // refused with InputError naming it, never used, moved aside or overwritten (issue 19).
    const QString dir = scratchDir("foreigncache");
    const QString session = dir + "/session.h5";
    saveSession(makeSession(2), session.toStdString());
    const QString text = dir + "/notes.txt";
    writeAll(text, "garbage");
    const QString folder = dir + "/folder";
    QDir().mkpath(folder);
    const QString fifo = dir + "/fifo";
    QCOMPARE(::mkfifo(fifo.toLocal8Bit().constData(), 0600), 0);
    for (const QString& path : {session, text, folder, fifo}) {
        const QByteArray before = QFileInfo(path).isFile() ? readAll(path) : QByteArray();
        VCache cache(path.toStdString());
        std::vector<std::string> warnings;
        cache.setWarningHandler([&](const std::string& w) { warnings.push_back(w); });
        for (int attempt = 0; attempt < 3; ++attempt) {
            QString message;
            try {
                if (attempt == 0)
                    cache.lookup("k");
                else if (attempt == 1)
                    cache.store("k", {1.0});
                else
                    cache.checkPath();
            } catch (const InputError& e) {
                message = e.what();
            }
            QVERIFY2(message.contains(path), qPrintable(path + ": " + message));
        }
        QVERIFY(warnings.empty());
        QCOMPARE(QFileInfo(path).isFile() ? readAll(path) : QByteArray(), before);
    }
    QCOMPARE(QDir(dir).entryList({"*.corrupt-*"}, QDir::AllEntries).size(), 0);
    QVERIFY(QFileInfo(folder).isDir());
    QVERIFY(QFileInfo(fifo).exists() && !QFileInfo(fifo).isFile());
}

void TestStoreBadInput::variableLengthStringsRead()
{
    // We write fixed-length strings, but h5py writes variable-length ones by default: hand-made files must
    // read.
    const QString path = scratchDir("vlen") + "/vlen.h5";
    const std::vector<std::string> words = {"café", "", "東京 🚀"};
    {
        store::FileHandle file = store::createHdf5(path.toStdString());
        const store::ErrorSilencer silence;
        store::DatatypeHandle type(H5Tcopy(H5T_C_S1));
        H5Tset_size(type.get(), H5T_VARIABLE);
        H5Tset_cset(type.get(), H5T_CSET_UTF8);
        const hsize_t dims[1] = {words.size()};
        store::DataspaceHandle space(H5Screate_simple(1, dims, nullptr));
        std::vector<const char*> data;
        for (const std::string& w : words)
            data.push_back(w.c_str());
        store::DatasetHandle ds(
            H5Dcreate2(file.get(), "words", type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
        QVERIFY(H5Dwrite(ds.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()) >= 0);
        store::DataspaceHandle scalar(H5Screate(H5S_SCALAR));
        store::AttributeHandle attr(
            H5Acreate2(file.get(), "title", type.get(), scalar.get(), H5P_DEFAULT, H5P_DEFAULT));
        QVERIFY(H5Awrite(attr.get(), type.get(), &data[2]) >= 0);
        attr.close();
        ds.close();
        store::closeHdf5(file, path.toStdString());
    }
    store::FileHandle file = store::openHdf5(path.toStdString());
    const store::ErrorSilencer silence;
    QVERIFY(store::readStringDataset(file.get(), "words") == words);
    QCOMPARE(QString::fromStdString(store::readStringAttribute(file.get(), "title")),
             QStringLiteral("東京 🚀"));
    QVERIFY(store::isStringAttribute(file.get(), "title"));
    QCOMPARE(H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL), ssize_t(1)); // only the file itself
}

QTEST_GUILESS_MAIN(TestStoreBadInput)
#include "test_store_badinput.moc"
