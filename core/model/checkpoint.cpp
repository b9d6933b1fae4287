#include "model/checkpoint.h"

#include "common/error.h"

#include <QFile>
#include <QFileInfo>

#include <nlohmann/json.hpp>

namespace interlens {

namespace {

nlohmann::json readIndex(const std::string& path)
{
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::ReadOnly))
        throw InputError(fileMessage(path, "cannot open: " + file.errorString().toStdString()));
    const QByteArray bytes = file.readAll();
    try {
        return nlohmann::json::parse(bytes.constData(), bytes.constData() + bytes.size());
    } catch (const nlohmann::json::exception& e) {
        throw InputError(fileMessage(path, std::string("malformed JSON: ") + e.what()));
    }
}

} // namespace

Checkpoint::Checkpoint(const std::string& directory)
    : m_directory(directory)
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
                throw InputError(fileMessage(indexPath, "weight_map entry '" + name + "' is not a file name"));
            const std::string shard = fileName.get<std::string>();
            // Shards live beside the index; a path component could point anywhere on disk.
            if (shard.empty() || shard.find('/') != std::string::npos || shard.find('\\') != std::string::npos)
                throw InputError(fileMessage(indexPath, "shard name '" + shard + "' is not a plain file name"));
            auto it = shards.find(shard);
            if (it == shards.end()) {
                m_files.push_back(std::make_unique<SafetensorsFile>(directory + "/" + shard));
                it = shards.emplace(shard, m_files.back().get()).first;
            }
            if (!it->second->contains(name))
                throw InputError(fileMessage(it->second->path(), "tensor '" + name
                                                                     + "' listed in the index is missing"));
            m_owner[name] = it->second;
        }
    } else if (QFileInfo::exists(QString::fromStdString(single))) {
        m_files.push_back(std::make_unique<SafetensorsFile>(single));
        for (const std::string& name : m_files.back()->names())
            m_owner[name] = m_files.back().get();
    } else {
        throw InputError(fileMessage(directory, "no model.safetensors or model.safetensors.index.json"));
    }
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
