#include "model/checkpoint.h"

#include "common/error.h"
#include "common/json_file.h"
#include "common/regular_file.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

namespace interlens {

namespace {

nlohmann::json readIndex(const std::string& path)
{
    return readJsonFile(path, nullptr, kMaxConfigBytes);
}

// The index's weight_map: tensor name -> shard file name (a plain name beside the index).
std::map<std::string, std::string> readWeightMap(const std::string& indexPath)
{
    const nlohmann::json index = readIndex(indexPath);
    if (!index.is_object() || !index.contains("weight_map") || !index["weight_map"].is_object())
        throw InputError(fileMessage(indexPath, "no \"weight_map\" object"));
    std::map<std::string, std::string> out;
    for (const auto& [name, fileName] : index["weight_map"].items()) {
        if (!fileName.is_string())
            throw InputError(fileMessage(indexPath, "weight_map entry '" + name + "' is not a file name"));
        const std::string shard = fileName.get<std::string>();
        // Shards live beside the index; a path component could point anywhere on disk.
        if (shard.empty() || shard.find('/') != std::string::npos || shard.find('\\') != std::string::npos)
            throw InputError(fileMessage(indexPath, "shard name '" + shard + "' is not a plain file name"));
        out[name] = shard;
    }
    return out;
}

std::string joined(const std::vector<std::string>& names)
{
    std::string out;
    for (const std::string& n : names)
        out += (out.empty() ? "" : ", ") + n;
    return out;
}

// Every shard the index names exists, and where the names follow transformers' PREFIX-0000k-of-0000N pattern
// the index names all N of them: a shard left out of the index would silently drop its weights.
void checkShardSet(const std::string& directory, const std::string& indexPath,
                   const std::set<std::string>& shards)
{
    std::vector<std::string> absent;
    for (const std::string& shard : shards)
        if (!QFileInfo::exists(QString::fromStdString(directory + "/" + shard)))
            absent.push_back(shard);
    if (!absent.empty())
        throw InputError(fileMessage(indexPath, std::to_string(absent.size()) + " of the " +
                                                    std::to_string(shards.size()) +
                                                    " shard files it lists are missing: " + joined(absent)));
    static const QRegularExpression pattern(QStringLiteral("^(.+)-(\\d+)-of-(\\d+)\\.safetensors$"));
    std::vector<std::string> unlisted;
    for (const std::string& shard : shards) {
        const QRegularExpressionMatch m = pattern.match(QString::fromStdString(shard));
        if (!m.hasMatch())
            continue;
        const int width = static_cast<int>(m.capturedLength(2));
        const int total = m.captured(3).toInt();
        for (int k = 1; k <= total && k <= 100000; ++k) {
            const std::string expected = QStringLiteral("%1-%2-of-%3.safetensors")
                                             .arg(m.captured(1))
                                             .arg(k, width, 10, QLatin1Char('0'))
                                             .arg(m.captured(3))
                                             .toStdString();
            if (shards.count(expected) == 0 &&
                std::find(unlisted.begin(), unlisted.end(), expected) == unlisted.end())
                unlisted.push_back(expected);
        }
    }
    if (!unlisted.empty()) {
        std::vector<std::string> described;
        for (const std::string& shard : unlisted)
            described.push_back(shard + (QFileInfo::exists(QString::fromStdString(directory + "/" + shard))
                                             ? " (in the folder)"
                                             : " (not in the folder either)"));
        throw InputError(
            fileMessage(indexPath, "shards missing from the index's weight_map: " + joined(described)));
    }
}

} // namespace

Checkpoint::Checkpoint(const std::string& directory) : m_directory(directory)
{
    const std::string single = directory + "/model.safetensors";
    const std::string indexPath = directory + "/model.safetensors.index.json";
    if (QFileInfo::exists(QString::fromStdString(indexPath))) {
        const std::map<std::string, std::string> weightMap = readWeightMap(indexPath);
        std::set<std::string> shardNames;
        for (const auto& [name, shard] : weightMap)
            shardNames.insert(shard);
        checkShardSet(directory, indexPath, shardNames);
        std::map<std::string, const SafetensorsFile*> shards;
        for (const std::string& shard : shardNames) {
            m_files.push_back(std::make_unique<SafetensorsFile>(directory + "/" + shard));
            shards.emplace(shard, m_files.back().get());
        }
        for (const auto& [name, shard] : weightMap) {
            const SafetensorsFile* file = shards.at(shard);
            if (!file->contains(name))
                throw InputError(
                    fileMessage(file->path(), "tensor '" + name + "' listed in the index is missing"));
            m_owner[name] = file;
        }
    } else if (QFileInfo::exists(QString::fromStdString(single))) {
        m_files.push_back(std::make_unique<SafetensorsFile>(single));
        for (const std::string& name : m_files.back()->names())
            m_owner[name] = m_files.back().get();
    } else {
        throw InputError(fileMessage(directory, "no model.safetensors or model.safetensors.index.json"));
    }

    std::vector<const SafetensorsFile*> files;
    for (const auto& f : m_files)
        files.push_back(f.get());
    std::sort(files.begin(), files.end(), [](const auto* a, const auto* b) { return a->path() < b->path(); });
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const SafetensorsFile* f : files) {
        const std::string name = QFileInfo(QString::fromStdString(f->path())).fileName().toStdString();
        const std::string sizeText = std::to_string(f->fileSize());
        hash.addData(QByteArrayView(name.data(), qsizetype(name.size() + 1))); // with the terminating NUL
        hash.addData(QByteArrayView(sizeText.data(), qsizetype(sizeText.size() + 1)));
        hash.addData(QByteArrayView(f->headerText().data(), qsizetype(f->headerText().size())));
        constexpr uint64_t kChunk = 64 * 1024;
        constexpr uint64_t kChunks = 16;
        const uint64_t size = f->fileSize();
        for (uint64_t i = 0; i < (size <= kChunk * kChunks ? 1 : kChunks); ++i) {
            const uint64_t offset = size <= kChunk * kChunks ? 0 : i * ((size - kChunk) / (kChunks - 1));
            const std::string_view bytes = f->rawBytes(offset, size <= kChunk * kChunks ? size : kChunk);
            hash.addData(QByteArrayView(bytes.data(), qsizetype(bytes.size())));
        }
    }
    m_fingerprint = hash.result().toHex().toStdString();
}

const SafetensorsFile& Checkpoint::owner(const std::string& name) const
{
    const auto it = m_owner.find(name);
    if (it == m_owner.end())
        throw InputError(fileMessage(m_directory, "weight '" + name + "' is missing from the checkpoint"));
    return *it->second;
}

at::Tensor Checkpoint::read(const std::string& name) const
{
    return owner(name).read(name);
}

void Checkpoint::readRowsInto(const std::string& name, int64_t firstRow, const at::Tensor& destination,
                              const std::function<void(const at::Tensor&)>& inspect) const
{
    owner(name).readRowsInto(name, firstRow, destination, inspect);
}

const SafetensorsEntry& Checkpoint::entry(const std::string& name) const
{
    return owner(name).entry(name);
}

const std::string& Checkpoint::fileOf(const std::string& name) const
{
    return owner(name).path();
}

Checkpoint::Contents Checkpoint::contents() const
{
    Contents out;
    std::map<at::ScalarType, int64_t> byDtype;
    for (const auto& [name, file] : m_owner) {
        const SafetensorsEntry& e = file->entry(name);
        if (!at::isFloatingType(e.dtype))
            continue;
        const auto elements = static_cast<int64_t>((e.end - e.begin) / c10::elementSize(e.dtype));
        out.elements += elements;
        out.storedBytes += static_cast<int64_t>(e.end - e.begin);
        byDtype[e.dtype] += elements;
    }
    int64_t most = -1;
    for (const auto& [dtype, elements] : byDtype)
        if (elements > most) {
            most = elements;
            out.mainDtype = dtype;
        }
    return out;
}

} // namespace interlens
