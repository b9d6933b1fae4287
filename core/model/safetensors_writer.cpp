#include "model/safetensors_writer.h"

#include "model/safetensors.h"

#include "common/error.h"

#include <QSaveFile>

#include <nlohmann/json.hpp>

namespace interlens {

void writeSafetensors(const std::string& path, const NamedTensors& tensors,
                      const std::vector<std::pair<std::string, std::string>>& metadata)
{
    nlohmann::json header = nlohmann::json::object();
    std::vector<at::Tensor> cpu;
    uint64_t offset = 0;
    for (const auto& [name, tensor] : tensors) {
        at::Tensor t = tensor.detach().to(at::kCPU).contiguous();
        const uint64_t bytes = t.numel() * t.element_size();
        header[name] = {{"dtype", safetensorsDtypeName(t.scalar_type())},
                        {"shape", t.sizes().vec()},
                        {"data_offsets", {offset, offset + bytes}}};
        offset += bytes;
        cpu.push_back(std::move(t));
    }
    if (!metadata.empty()) {
        nlohmann::json meta = nlohmann::json::object();
        for (const auto& [key, value] : metadata)
            meta[key] = value;
        header["__metadata__"] = meta;
    }
    std::string text = header.dump();
    text.append((8 - text.size() % 8) % 8, ' ');

    char length[8];
    uint64_t n = text.size();
    for (char& c : length) {
        c = static_cast<char>(n & 0xff);
        n >>= 8;
    }
    QSaveFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::WriteOnly))
        throw Error(fileMessage(path, "cannot write: " + file.errorString().toStdString()));
    file.write(length, 8);
    file.write(text.data(), static_cast<qint64>(text.size()));
    for (const at::Tensor& t : cpu)
        file.write(static_cast<const char*>(t.data_ptr()), static_cast<qint64>(t.numel() * t.element_size()));
    if (!file.commit())
        throw Error(fileMessage(path, "cannot write: " + file.errorString().toStdString()));
}

} // namespace interlens
