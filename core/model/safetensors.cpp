#include "model/safetensors.h"

#include "common/error.h"
#include "common/json_file.h"
#include "common/regular_file.h"

#include <nlohmann/json.hpp>

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <limits>

namespace interlens {

namespace {

struct DtypeName
{
    const char* name;
    at::ScalarType type;
};

// Float types are what weights use; the integer and bool types appear in reference files (ids, masks).
constexpr DtypeName kDtypes[] = {
    {"F64", at::kDouble}, {"F32", at::kFloat}, {"F16", at::kHalf},  {"BF16", at::kBFloat16},
    {"I64", at::kLong},   {"I32", at::kInt},   {"I16", at::kShort}, {"I8", at::kChar},
    {"U8", at::kByte},    {"BOOL", at::kBool},
};

at::ScalarType dtypeFromName(const std::string& name, const std::string& path, const std::string& tensor)
{
    for (const DtypeName& d : kDtypes)
        if (name == d.name)
            return d.type;
    throw InputError(fileMessage(path, "tensor '" + tensor + "' has unsupported dtype '" + name + "'"));
}

uint64_t readLittleEndian64(const uchar* p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; --i)
        v = (v << 8) | p[i];
    return v;
}

SafetensorsEntry parseEntry(const std::string& name, const nlohmann::json& j, uint64_t dataSize,
                            const std::string& path)
{
    auto fail = [&](const std::string& what) {
        throw InputError(fileMessage(path, "tensor '" + name + "': " + what));
    };
    if (!j.is_object() || !j.contains("dtype") || !j.contains("shape") || !j.contains("data_offsets"))
        fail("header entry must be an object with dtype, shape and data_offsets");
    const auto& dtype = j["dtype"];
    const auto& shape = j["shape"];
    const auto& offsets = j["data_offsets"];
    if (!dtype.is_string())
        fail("dtype is not a string");
    if (!shape.is_array())
        fail("shape is not an array");
    if (!offsets.is_array() || offsets.size() != 2 || !offsets[0].is_number_unsigned() ||
        !offsets[1].is_number_unsigned())
        fail("data_offsets must be two non-negative integers");

    SafetensorsEntry e;
    e.dtype = dtypeFromName(dtype.get<std::string>(), path, name);
    uint64_t elements = 1;
    for (const auto& d : shape) {
        if (!d.is_number_unsigned())
            fail("shape entries must be non-negative integers");
        const uint64_t n = d.get<uint64_t>();
        if (n > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) ||
            (n != 0 && elements > UINT64_MAX / n))
            fail("shape is too large");
        elements *= n;
        e.shape.push_back(static_cast<int64_t>(n));
    }
    e.begin = offsets[0].get<uint64_t>();
    e.end = offsets[1].get<uint64_t>();
    if (e.begin > e.end || e.end > dataSize)
        fail("data_offsets [" + std::to_string(e.begin) + ", " + std::to_string(e.end) +
             ") lie outside the data area of " + std::to_string(dataSize) + " bytes");
    const uint64_t itemSize = c10::elementSize(e.dtype);
    if (elements > UINT64_MAX / itemSize || elements * itemSize != e.end - e.begin)
        fail("byte length " + std::to_string(e.end - e.begin) + " does not match shape × dtype size");
    return e;
}

// Drops the whole pages of [begin, begin + length) from this process's mapping once copied: they stay in the
// page cache, but no longer count against the process, so loading a checkpoint never holds the mapped file
// and the loaded weights at once (the mapping would otherwise grow to the file's size). Partial pages at
// either end may hold a neighbour's bytes and are kept.
void releasePages(const uchar* begin, uint64_t length)
{
    static const auto page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
    const auto first = (reinterpret_cast<uintptr_t>(begin) + page - 1) / page * page;
    const auto last = (reinterpret_cast<uintptr_t>(begin) + length) / page * page;
    if (last > first)
        madvise(reinterpret_cast<void*>(first), last - first, MADV_DONTNEED);
}

} // namespace

std::string safetensorsDtypeName(at::ScalarType dtype)
{
    for (const DtypeName& d : kDtypes)
        if (d.type == dtype)
            return d.name;
    throw InputError(std::string("dtype ") + c10::toString(dtype) + " cannot be stored in safetensors");
}

SafetensorsFile::SafetensorsFile(const std::string& path) : m_path(path), m_file(QString::fromStdString(path))
{
    checkRegularFile(path, UINT64_MAX, "a safetensors file");
    if (!m_file.open(QIODevice::ReadOnly))
        throw InputError(fileMessage(path, "cannot open: " + m_file.errorString().toStdString()));
    const uint64_t fileSize = static_cast<uint64_t>(m_file.size());
    if (fileSize < 8)
        throw InputError(fileMessage(path, "truncated safetensors file (" + std::to_string(fileSize) +
                                               " bytes, need at least the 8-byte header length)"));
    const uchar* map = m_file.map(0, static_cast<qint64>(fileSize));
    if (!map)
        throw InputError(fileMessage(path, "cannot map: " + m_file.errorString().toStdString()));

    const uint64_t headerSize = readLittleEndian64(map);
    if (headerSize > kMaxHeaderBytes)
        throw InputError(fileMessage(path, "header length " + std::to_string(headerSize) +
                                               " exceeds the limit of " + std::to_string(kMaxHeaderBytes) +
                                               " bytes"));
    if (headerSize > fileSize - 8)
        throw InputError(fileMessage(
            path, "header length " + std::to_string(headerSize) + " runs beyond the end of the file (" +
                      std::to_string(fileSize) + " bytes); the file is truncated or not safetensors"));
    const uint64_t dataSize = fileSize - 8 - headerSize;
    m_data = map + 8 + headerSize;
    m_fileSize = fileSize;
    m_map = map;
    m_headerText.assign(reinterpret_cast<const char*>(map + 8), headerSize);

    nlohmann::json header;
    try {
        header = nlohmann::json::parse(reinterpret_cast<const char*>(map + 8),
                                       reinterpret_cast<const char*>(map + 8 + headerSize));
    } catch (const nlohmann::json::exception& e) {
        throw InputError(fileMessage(path, "malformed safetensors header JSON (" +
                                               jsonErrorWithoutContent(e) + "); not a safetensors file?"));
    }
    if (!header.is_object())
        throw InputError(fileMessage(path, "safetensors header is not a JSON object"));

    std::vector<std::pair<const std::string*, const SafetensorsEntry*>> byOffset;
    for (const auto& [name, value] : header.items()) {
        if (name == "__metadata__")
            continue;
        m_entries[name] = parseEntry(name, value, dataSize, path);
    }
    for (const auto& [name, entry] : m_entries)
        if (entry.end > entry.begin) // empty tensors occupy no bytes and cannot overlap
            byOffset.emplace_back(&name, &entry);
    std::sort(byOffset.begin(), byOffset.end(),
              [](const auto& a, const auto& b) { return a.second->begin < b.second->begin; });
    for (size_t i = 1; i < byOffset.size(); ++i) {
        if (byOffset[i].second->begin < byOffset[i - 1].second->end)
            throw InputError(fileMessage(path, "tensors '" + *byOffset[i - 1].first + "' and '" +
                                                   *byOffset[i].first + "' overlap"));
    }
}

SafetensorsFile::~SafetensorsFile() = default; // QFile unmaps on close

std::vector<std::string> SafetensorsFile::names() const
{
    std::vector<std::string> out;
    for (const auto& [name, entry] : m_entries)
        out.push_back(name);
    return out;
}

std::string_view SafetensorsFile::rawBytes(uint64_t offset, uint64_t length) const
{
    if (offset >= m_fileSize)
        return {};
    length = std::min(length, m_fileSize - offset);
    return {reinterpret_cast<const char*>(m_map + offset), static_cast<size_t>(length)};
}

const SafetensorsEntry& SafetensorsFile::entry(const std::string& name) const
{
    const auto it = m_entries.find(name);
    if (it == m_entries.end())
        throw InputError(fileMessage(m_path, "tensor '" + name + "' is missing"));
    return it->second;
}

at::Tensor SafetensorsFile::read(const std::string& name) const
{
    at::Tensor out = at::empty(entry(name).shape, at::TensorOptions().dtype(entry(name).dtype));
    readRowsInto(name, 0, out.dim() == 0 ? out.view({1}) : out);
    return out;
}

void SafetensorsFile::readRowsInto(const std::string& name, int64_t firstRow, const at::Tensor& destination,
                                   const std::function<void(const at::Tensor&)>& inspect) const
{
    const SafetensorsEntry& e = entry(name);
    const uint64_t itemSize = c10::elementSize(e.dtype);
    const auto elements = static_cast<int64_t>((e.end - e.begin) / itemSize);
    const int64_t rows = e.shape.empty() ? 1 : e.shape[0];
    const int64_t rowElements = rows == 0 ? 0 : elements / rows;
    const int64_t count = destination.dim() == 0 ? 1 : destination.size(0);
    // Callers pass shapes they checked against the header: a mismatch is a bug, not bad input.
    if (!destination.is_contiguous() || firstRow < 0 || firstRow + count > rows ||
        destination.numel() != count * rowElements)
        throw Error("internal error: reading rows [" + std::to_string(firstRow) + ", " +
                    std::to_string(firstRow + count) + ") of '" + name + "' " +
                    c10::str(at::IntArrayRef(e.shape)) + " into a tensor of shape " +
                    c10::str(destination.sizes()));
    if (count == 0 || rowElements == 0)
        return;
    // memcpy rather than from_blob: the data area need not be aligned for the dtype, and the copy outlives
    // the map.
    const bool direct = destination.is_cpu() && destination.scalar_type() == e.dtype;
    const int64_t chunkRows = std::max<int64_t>(
        1, static_cast<int64_t>(kChunkBytes / (static_cast<uint64_t>(rowElements) * itemSize)));
    const at::Tensor flat = destination.view({-1});
    at::Tensor staging;
    if (!direct)
        staging = at::empty({std::min(chunkRows, count) * rowElements}, at::TensorOptions().dtype(e.dtype));
    for (int64_t row = 0; row < count; row += chunkRows) {
        const int64_t n = std::min(chunkRows, count - row) * rowElements;
        const uchar* source =
            m_data + e.begin + static_cast<uint64_t>((firstRow + row) * rowElements) * itemSize;
        const uint64_t bytes = static_cast<uint64_t>(n) * itemSize;
        const at::Tensor target = flat.narrow(0, row * rowElements, n);
        const at::Tensor chunk = direct ? target : staging.narrow(0, 0, n);
        std::memcpy(chunk.data_ptr(), source, bytes);
        releasePages(source, bytes);
        if (inspect)
            inspect(chunk);
        if (!direct)
            target.copy_(chunk);
    }
}

} // namespace interlens
