#include "model/checkpoint.h"

#include "common/error.h"
#include "common/json_file.h"
#include "common/regular_file.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>

#include <algorithm>

#include <nlohmann/json.hpp>

namespace interlens {

namespace {

nlohmann::json readIndex(const std::string& path)
{
    return readJsonFile(path, nullptr, kMaxConfigBytes);
}

} // namespace

Checkpoint::Checkpoint(const std::string& directory) : m_directory(directory)
{
    const std::string single = directory + "/model.safetensors";
    const std::string indexPath = directory + "/model.safetensors.index.json";
    if (QFileInfo::exists(QString::fromStdString(indexPath))) {
        const nlohmann::json index = readIndex(indexPath);
        if (!index.is_object() || !index.contains("weight_map") || !index["weight_map"].is_object())
            throw InputError(fileMessage(indexPath, "no \"weight_map\" object"));
        std::map<std::string, const SafetensorsFile*> shards;
        for (const auto& [name, fileName] : index["weight_map"].items()) {
            if (!fileName.is_string())
                throw InputError(
                    fileMessage(indexPath, "weight_map entry '" + name + "' is not a file name"));
            const std::string shard = fileName.get<std::string>();
            // Shards live beside the index; a path component could point anywhere on disk.
            if (shard.empty() || shard.find('/') != std::string::npos ||
                shard.find('\\') != std::string::npos)
                throw InputError(
                    fileMessage(indexPath, "shard name '" + shard + "' is not a plain file name"));
            auto it = shards.find(shard);
            if (it == shards.end()) {
                m_files.push_back(std::make_unique<SafetensorsFile>(directory + "/" + shard));
                it = shards.emplace(shard, m_files.back().get()).first;
            }
            if (!it->second->contains(name))
                throw InputError(
                    fileMessage(it->second->path(), "tensor '" + name + "' listed in the index is missing"));
            m_owner[name] = it->second;
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

const SafetensorsEntry& Checkpoint::entry(const std::string& name) const
{
    return owner(name).entry(name);
}

const std::string& Checkpoint::fileOf(const std::string& name) const
{
    return owner(name).path();
}

} // namespace interlens
