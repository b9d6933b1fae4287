#pragma once

#include <ATen/ATen.h>

#include <QFile>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace interlens {

// One tensor as described by a safetensors header: its dtype, shape and byte range inside the data area.
struct SafetensorsEntry
{
    at::ScalarType dtype = at::kFloat;
    std::vector<int64_t> shape;
    uint64_t begin = 0; // byte offsets relative to the start of the data area
    uint64_t end = 0;
};

// A memory-mapped .safetensors file (https://github.com/huggingface/safetensors, format: 8-byte little-endian
// header length, JSON header, data area). The constructor validates the whole header, so that every later
// read is within the file: header length within the file and below kMaxHeaderBytes, valid JSON, known dtypes,
// shape × dtype size equal to the byte length, offsets inside the data area, no overlapping tensors. Any
// violation is an InputError naming the file. "__metadata__" is ignored.
class SafetensorsFile
{
public:
    static constexpr uint64_t kMaxHeaderBytes = 100ull * 1024 * 1024;

    explicit SafetensorsFile(const std::string& path);
    ~SafetensorsFile();
    SafetensorsFile(const SafetensorsFile&) = delete;
    SafetensorsFile& operator=(const SafetensorsFile&) = delete;

    const std::string& path() const { return m_path; }
    uint64_t fileSize() const { return m_fileSize; }
    // The JSON header exactly as stored (cheap identity of the file's layout, used by
    // Checkpoint::fingerprint()).
    const std::string& headerText() const { return m_headerText; }
    // `length` bytes of the file from `offset` (clamped to the file), straight from the mapping.
    std::string_view rawBytes(uint64_t offset, uint64_t length) const;
    std::vector<std::string> names() const;
    bool contains(const std::string& name) const { return m_entries.count(name) != 0; }
    // Throws InputError naming the file when the tensor is absent.
    const SafetensorsEntry& entry(const std::string& name) const;
    // A CPU tensor holding a copy of the stored bytes, in the stored dtype (so the mapping may go away).
    at::Tensor read(const std::string& name) const;
    // Copies rows [firstRow, firstRow + destination.size(0)) of `name` (rows along dimension 0; a 0-d or
    // 1-d tensor's rows are its elements) into `destination`, a contiguous tensor of any dtype and device
    // with the same elements per row: straight into it when it is a CPU tensor of the stored dtype, else
    // through a staging buffer of one chunk that is converted into its slice. Works in chunks of at most
    // kChunkBytes and releases each chunk's mapped pages once copied, so a caller that reads every part of a
    // fused projection into its slice never holds a second copy of a tensor, nor more than a chunk of the
    // mapping. `inspect` (may be empty) sees every chunk as stored (a flat CPU tensor) before it is
    // converted.
    static constexpr uint64_t kChunkBytes = 1ull << 20;
    void readRowsInto(const std::string& name, int64_t firstRow, const at::Tensor& destination,
                      const std::function<void(const at::Tensor&)>& inspect = {}) const;

private:
    std::string m_path;
    QFile m_file;
    const uchar* m_map = nullptr;  // the whole file
    const uchar* m_data = nullptr; // start of the data area inside the mapping
    uint64_t m_fileSize = 0;
    std::string m_headerText;
    std::map<std::string, SafetensorsEntry> m_entries;
};

// Name of a dtype in safetensors spelling ("F32", "BF16", ...), for messages and for the writer.
std::string safetensorsDtypeName(at::ScalarType dtype);

} // namespace interlens
