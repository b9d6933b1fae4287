#pragma once

#include "model/safetensors.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace interlens {

// The weights of a Hugging Face model folder: either model.safetensors, or the shards listed by the
// weight_map of model.safetensors.index.json. Every shard is opened (and its header validated) up front, and
// every tensor named in the index must exist in its shard.
class Checkpoint
{
public:
    explicit Checkpoint(const std::string& directory);

    const std::string& directory() const { return m_directory; }
    bool contains(const std::string& name) const { return m_owner.count(name) != 0; }
    // CPU copy in the stored dtype; InputError naming the folder when the tensor is absent.
    at::Tensor read(const std::string& name) const;
    // SafetensorsFile::readRowsInto() on the shard that holds `name`.
    void readRowsInto(const std::string& name, int64_t firstRow, const at::Tensor& destination,
                      const std::function<void(const at::Tensor&)>& inspect = {}) const;
    const SafetensorsEntry& entry(const std::string& name) const;
    // The file that holds `name`, for messages.
    const std::string& fileOf(const std::string& name) const;
    // SHA-256 (hex) over every weight file's name, size, header and a sample of its data (the whole file up
    // to 1 MiB, else 16 evenly spaced 64 KiB chunks), in file-name order: identifies the weights in
    // milliseconds without reading them all (two fine-tunes of one architecture share headers but not data).
    const std::string& fingerprint() const { return m_fingerprint; }

    // The floating-point tensors: their elements, their stored bytes and the dtype most elements are stored
    // in (what loading allocates; see memory_budget.h).
    struct Contents
    {
        int64_t elements = 0;
        int64_t storedBytes = 0;
        at::ScalarType mainDtype = at::kFloat;
    };
    Contents contents() const;

private:
    const SafetensorsFile& owner(const std::string& name) const;

    std::string m_directory;
    std::vector<std::unique_ptr<SafetensorsFile>> m_files;
    std::map<std::string, const SafetensorsFile*> m_owner;
    std::string m_fingerprint;
};

} // namespace interlens
