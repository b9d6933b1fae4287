#include "store/hdf5_global_heap.h"

#include "common/error.h"

#include <QFile>

#include <cstdint>
#include <cstring>
#include <string_view>

namespace interlens::store {

namespace {

// The layout of a collection (HDF5 file format specification, "Global Heap Collection"), with the 8-byte
// lengths our files use: "GCOL", version 1, 3 reserved bytes, the collection size (header included); then
// objects of index (2), reference count (2), reserved (4), size (8) and the data padded to 8 bytes. Index 0
// is the free space, whose size counts its header and is not padded.
constexpr std::size_t kHeader = 16;
constexpr std::size_t kObjectHeader = 16;

std::uint64_t little(const unsigned char* p, int bytes)
{
    std::uint64_t value = 0;
    for (int i = bytes - 1; i >= 0; --i)
        value = (value << 8) | p[i];
    return value;
}

// The first object that does not fit the collection at `at`, as text; "" when all fit.
std::string overrun(const unsigned char* data, std::uint64_t at, std::uint64_t size)
{
    const std::uint64_t end = at + size;
    std::uint64_t p = at + kHeader;
    while (p < end) {
        if (p + kObjectHeader > end)
            return {}; // too small for an object header: free space
        const std::uint64_t index = little(data + p, 2);
        const std::uint64_t objectSize = little(data + p + 8, 8);
        if (objectSize > size)
            return "object " + std::to_string(index) + " claims " + std::to_string(objectSize) + " bytes";
        const std::uint64_t need = index > 0 ? kObjectHeader + ((objectSize + 7) / 8) * 8 : objectSize;
        if (need == 0 || p + need > end)
            return "object " + std::to_string(index) + " (" + std::to_string(objectSize) +
                   " bytes) runs past the collection";
        p += need;
    }
    return {};
}

} // namespace

void checkGlobalHeaps(const std::string& path)
{
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::ReadOnly) || file.size() <= 0)
        return; // opening the file as HDF5 reports it
    const auto length = static_cast<std::uint64_t>(file.size());
    const unsigned char* data = file.map(0, file.size());
    if (!data)
        return;
    const std::string_view bytes(reinterpret_cast<const char*>(data), length);
    for (std::size_t at = bytes.find("GCOL"); at != std::string_view::npos; at = bytes.find("GCOL", at + 1)) {
        if (at + kHeader > length || data[at + 4] != 1 || data[at + 5] || data[at + 6] || data[at + 7])
            continue;
        const std::uint64_t size = little(data + at + 8, 8);
        if (size < kHeader || size > length - at)
            continue; // not a collection header we can trust; HDF5 refuses what it cannot read
        if (const std::string problem = overrun(data, at, size); !problem.empty())
            throw InputError(fileMessage(path, "damaged: in the global heap collection at byte " +
                                                   std::to_string(at) + ", " + problem +
                                                   " (variable-length text cannot be read)"));
        at += size - 1; // its objects are text, not collection headers
    }
}

} // namespace interlens::store
