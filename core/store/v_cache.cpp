#include "store/v_cache.h"

#include "common/error.h"
#include "common/regular_file.h"
#include "store/atomic_file.h"
#include "store/hdf5_file.h"
#include "store/hdf5_io.h"
#include "store/key_text.h"

#include <hdf5.h>

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QStandardPaths>
#include <QtDebug>

#include <algorithm>
#include <fstream>
#include <mutex>

namespace interlens {

using namespace store;

namespace {

constexpr std::int64_t kCacheVersion = 1;
constexpr const char* kFormat = "interlens-v-cache";

// Opens the cache read-only and checks that it is one; throws InputError/Hdf5Failure when damaged or foreign.
FileHandle openCache(const std::string& path, bool writable = false)
{
    FileHandle file = openHdf5(path, writable);
    const ErrorSilencer silence;
    if (!hasAttribute(file.get(), "format") || readStringAttribute(file.get(), "format") != kFormat)
        throw Hdf5Failure("not an Interlens v cache (root attribute format != '" + std::string(kFormat) +
                          "')");
    if (!hasLink(file.get(), "v"))
        throw Hdf5Failure("missing group /v");
    return file;
}

// The path names something that is not a v cache: a directory, a FIFO, a study or session file, a text file
// (a typo in --v-cache). Such a file is user data: it is neither used nor moved aside.
class ForeignCacheFile : public InputError
{
public:
    using InputError::InputError;
};

// Whether a file carries the cache's signature, the root attribute value "interlens-v-cache". It sits in the
// root object header in the first kilobytes, so a cache that HDF5 can no longer open (truncated, bytes
// flipped) still shows it; a session, a study or any other file does not.
bool hasCacheSignature(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::string head(1 << 20, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<size_t>(in.gcount()));
    return head.find(kFormat) != std::string::npos;
}

// openCache for a file that exists: a damaged cache throws (and may be moved aside by the caller), anything
// that is not a cache throws ForeignCacheFile.
FileHandle openExistingCache(const std::string& path, bool writable = false)
{
    try {
        checkRegularFile(path, UINT64_MAX, "a v cache file (HDF5)");
    } catch (const InputError& e) {
        throw ForeignCacheFile(std::string(e.what()) +
                               "; not using it as the v cache (give another --v-cache)");
    }
    try {
        return openCache(path, writable);
    } catch (const std::exception& e) {
        if (hasCacheSignature(path))
            throw;
        throw ForeignCacheFile(
            fileMessage(path, std::string("is not an Interlens v cache (") + e.what() +
                                  "); it is left untouched: give another --v-cache or remove it"));
    }
}

bool newerCache(hid_t file)
{
    return readIntAttribute(file, "cache_version") > kCacheVersion;
}

// Per player, its token indices: "[1][2,3]".
std::string spansText(const std::vector<std::vector<std::int64_t>>& spans)
{
    std::string text;
    for (const auto& span : spans) {
        text += '[';
        for (size_t i = 0; i < span.size(); ++i)
            text += (i ? "," : "") + std::to_string(span[i]);
        text += ']';
    }
    return text;
}

// The key's fields in their fixed order (the extras follow, sorted).
const std::vector<OptionField<VCacheKeyFields>>& vCacheKeyTable()
{
    using F = VCacheKeyFields;
    static const std::vector<OptionField<F>> fields = {
        {"weights_fingerprint", [](const F& f) { return f.weightsFingerprint; }},
        {"tokenizer_hash", [](const F& f) { return f.tokenizerHash; }},
        {"prompt", [](const F& f) { return f.prompt; }},
        {"player_token_spans", [](const F& f) { return spansText(f.playerTokenSpans); }},
        {"baseline", [](const F& f) { return f.baseline; }},
        {"target_token_id", [](const F& f) { return f.targetTokenId; }},
        {"dtype", [](const F& f) { return f.dtype; }},
        {"reward_definition", [](const F& f) { return f.rewardDefinition; }},
    };
    return fields;
}

} // namespace

std::string canonicalKeyText(const VCacheKeyFields& f)
{
    KeyText key("interlens-v-cache-key/1");
    for (const OptionField<VCacheKeyFields>& field : vCacheKeyTable())
        key.add(field.name, optionText(field.value(f)));
    auto extra = f.extra;
    std::sort(extra.begin(), extra.end());
    for (const auto& [name, value] : extra)
        key.add("extra.name", name).add("extra.value", value);
    return key.text();
}

VCacheKeyFields vCacheKeyFields(const SessionMeta& meta, const ModelResult& model)
{
    VCacheKeyFields f;
    f.weightsFingerprint = model.weightsFingerprint;
    f.tokenizerHash = model.tokenizerHash;
    f.prompt = meta.prompt;
    f.playerTokenSpans = model.playerTokenSpans;
    f.baseline = meta.baseline;
    f.targetTokenId = model.targetTokenId;
    f.dtype = model.dtype;
    f.rewardDefinition = meta.rewardDefinition;
    return f;
}

std::string vCacheKey(const VCacheKeyFields& fields)
{
    return sha256Hex(canonicalKeyText(fields));
}

VCache::VCache(std::string path) : m_path(path.empty() ? defaultPath() : std::move(path))
{
    m_warn = [](const std::string& message) { qWarning("%s", message.c_str()); };
}

std::string VCache::defaultPath()
{
    const QByteArray env = qgetenv("INTERLENS_V_CACHE");
    if (!env.isEmpty())
        return QString::fromLocal8Bit(env).toStdString();
    return (QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation) +
            QStringLiteral("/interlens/v_cache.h5"))
        .toStdString();
}

void VCache::moveAside(const std::string& reason)
{
    const QString from = QString::fromStdString(m_path);
    const QString stem = from + QStringLiteral(".corrupt-") +
                         QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss-zzz"));
    QString to = stem;
    for (int i = 1; QFileInfo::exists(to); ++i)
        to = stem + QStringLiteral("-%1").arg(i);
    const bool moved = QFile::rename(from, to);
    m_warn("interlens: the v cache " + m_path + " is damaged (" + reason + "); " +
           (moved ? "moved it to " + to.toStdString() + " and starting a fresh cache"
                  : std::string("could not move it aside, not using the cache")));
}

void VCache::checkPath() const
{
    if (!QFileInfo::exists(QString::fromStdString(m_path)))
        return;
    try {
        openExistingCache(m_path);
    } catch (const ForeignCacheFile&) {
        throw;
    } catch (const std::exception&) {
        // damaged: lookup() and store() move it aside
    }
}

std::optional<std::vector<double>> VCache::lookup(const std::string& key)
{
    if (!QFileInfo::exists(QString::fromStdString(m_path)))
        return std::nullopt;
    std::string problem;
    try {
        FileHandle file = openExistingCache(m_path);
        const ErrorSilencer silence;
        if (newerCache(file.get()))
            return std::nullopt; // written by a newer Interlens: leave it alone
        const GroupHandle group = openGroup(file.get(), "v");
        if (!hasLink(group.get(), key))
            return std::nullopt;
        return readDoubleDataset(group.get(), key);
    } catch (const ForeignCacheFile&) {
        throw;
    } catch (const std::exception& e) {
        problem = e.what();
    }
    moveAside(problem);
    return std::nullopt;
}

size_t VCache::size()
{
    if (!QFileInfo::exists(QString::fromStdString(m_path)))
        return 0;
    try {
        FileHandle file = openCache(m_path);
        const ErrorSilencer silence;
        const GroupHandle group = openGroup(file.get(), "v");
        return childNames(group.get()).size();
    } catch (const std::exception&) {
        return 0;
    }
}

void VCache::store(const std::string& key, const std::vector<double>& v, const std::string& description)
{
    if (key.empty() || key.find('/') != std::string::npos || key == "." || key == "..")
        throw InputError(fileMessage(m_path, "invalid cache key '" + key + "'"));
    const QFileInfo info(QString::fromStdString(m_path));
    if (!QDir().mkpath(info.absolutePath()))
        throw InputError(fileMessage(m_path, "cannot create the cache directory"));
    // Several Interlens processes (and threads) may share the cache: serialise the copy-modify-rename so none
    // loses an entry.
    static std::mutex threads;
    const std::lock_guard<std::mutex> threadLock(threads);
    QLockFile lock(info.absoluteFilePath() + QStringLiteral(".lock"));
    lock.setStaleLockTime(60000);
    if (!lock.tryLock(10000)) {
        m_warn("interlens: the v cache " + m_path + " is locked by another process; not storing this result");
        return;
    }

    bool reuse = false;
    if (info.exists()) {
        try {
            FileHandle file = openExistingCache(m_path);
            const ErrorSilencer silence;
            if (newerCache(file.get())) {
                m_warn("interlens: the v cache " + m_path + " was written by a newer Interlens; not storing");
                return;
            }
            reuse = true;
        } catch (const ForeignCacheFile&) {
            throw;
        } catch (const std::exception& e) {
            moveAside(e.what());
        }
    }

    writeAtomically(m_path, [&](const std::string& temp) {
        FileHandle file;
        if (reuse) {
            if (!QFile::copy(info.absoluteFilePath(), QString::fromStdString(temp)))
                throw InputError(
                    fileMessage(m_path, "cannot copy the cache to a temporary file (disk full?)"));
            file = openHdf5(temp, true);
        } else {
            file = createHdf5(temp, m_path);
        }
        const ErrorSilencer silence;
        try {
            if (!reuse) {
                writeAttribute(file.get(), "format", std::string(kFormat));
                writeAttribute(file.get(), "cache_version", kCacheVersion);
                createGroup(file.get(), "v");
            }
            const GroupHandle group = openGroup(file.get(), "v");
            if (hasLink(group.get(), key))
                checkStatus(H5Ldelete(group.get(), key.c_str(), H5P_DEFAULT), "cannot replace entry " + key);
            writeDataset(group.get(), key, v);
            const DatasetHandle ds(
                check(H5Dopen2(group.get(), key.c_str(), H5P_DEFAULT), "cannot reopen " + key));
            writeAttribute(ds.get(), "key_text", description);
            writeAttribute(ds.get(), "created_utc",
                           QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString());
        } catch (const Hdf5Failure& e) {
            throwWriteFailure(m_path, "cannot update the cache", e.what());
        }
        closeHdf5(file, m_path);
    });
}

} // namespace interlens
