#include "store/hdf5_io.h"

#include <hdf5.h>

#include <algorithm>
#include <cstring>

namespace interlens::store {

namespace {

// An attribute or a dataset: both have a type, a dataspace and a whole-object read.
struct Item
{
    hid_t id;
    bool attribute;
    std::string what;

    DatatypeHandle type() const
    {
        return DatatypeHandle(
            check(attribute ? H5Aget_type(id) : H5Dget_type(id), what + ": cannot read its type"));
    }
    DataspaceHandle space() const
    {
        return DataspaceHandle(
            check(attribute ? H5Aget_space(id) : H5Dget_space(id), what + ": cannot read its shape"));
    }
    void read(hid_t memType, void* buffer) const
    {
        const herr_t status = attribute ? H5Aread(id, memType, buffer)
                                        : H5Dread(id, memType, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer);
        checkStatus(status, what + ": cannot read its data (file damaged?)");
    }
};

struct OpenAttribute
{
    AttributeHandle handle;
    Item item;
};

OpenAttribute openAttribute(hid_t obj, const std::string& name)
{
    const std::string what = objectPath(obj) + " attribute '" + name + "'";
    if (!hasAttribute(obj, name))
        throw Hdf5Failure(objectPath(obj) + ": missing attribute '" + name + "'");
    AttributeHandle handle(check(H5Aopen(obj, name.c_str(), H5P_DEFAULT), what + ": cannot open"));
    const hid_t id = handle.get();
    return {std::move(handle), Item{id, true, what}};
}

struct OpenDataset
{
    DatasetHandle handle;
    Item item;
};

OpenDataset openDataset(hid_t parent, const std::string& name)
{
    const std::string parentPath = objectPath(parent);
    const std::string what = (parentPath == "/" ? "" : parentPath) + "/" + name;
    if (!hasLink(parent, name))
        throw Hdf5Failure(parentPath + ": missing dataset '" + name + "'");
    DatasetHandle handle(check(H5Dopen2(parent, name.c_str(), H5P_DEFAULT), what + ": cannot open dataset"));
    const hid_t id = handle.get();
    return {std::move(handle), Item{id, false, what}};
}

hsize_t elementCount(hid_t space, const std::string& what, int maxRank = 1)
{
    const H5S_class_t cls = H5Sget_simple_extent_type(space);
    if (cls == H5S_NULL)
        return 0;
    if (cls == H5S_SCALAR)
        return 1;
    if (cls != H5S_SIMPLE)
        throw Hdf5Failure(what + ": unreadable shape");
    const int rank = H5Sget_simple_extent_ndims(space);
    if (rank < 0 || rank > maxRank)
        throw Hdf5Failure(what + ": has " + std::to_string(rank) + " dimensions, expected at most " +
                          std::to_string(maxRank));
    const hssize_t n = H5Sget_simple_extent_npoints(space);
    if (n < 0 || hsize_t(n) > kMaxElements)
        throw Hdf5Failure(what + ": implausible size " + std::to_string(n) + " (file damaged?)");
    return hsize_t(n);
}

// Fixed-length strings of `size` bytes, NUL-padded: schema 1's strings, string datasets (see writeDataset),
// and the root `format` attribute (whose text must sit inside the object header for the MIME magic).
DatatypeHandle fixedStringType(size_t size, H5T_cset_t cset)
{
    DatatypeHandle type(check(H5Tcopy(H5T_C_S1), "cannot create a string type"));
    checkStatus(H5Tset_size(type.get(), std::max<size_t>(size, 1)), "cannot create a string type");
    checkStatus(H5Tset_strpad(type.get(), H5T_STR_NULLPAD), "cannot create a string type");
    checkStatus(H5Tset_cset(type.get(), cset), "cannot create a string type");
    return type;
}

// Variable-length UTF-8 strings (schema 2). Their bytes live in HDF5's global heap, which has no checksum of
// its own: saveSession/saveStudy guard them with the root `text_digest` (see TextDigest in hdf5_io.h).
DatatypeHandle utf8StringType()
{
    DatatypeHandle type(check(H5Tcopy(H5T_C_S1), "cannot create a string type"));
    checkStatus(H5Tset_size(type.get(), H5T_VARIABLE), "cannot create a string type");
    checkStatus(H5Tset_cset(type.get(), H5T_CSET_UTF8), "cannot create a string type");
    return type;
}

// The C pointers HDF5 writes variable-length strings from.
std::vector<const char*> pointers(const std::vector<std::string>& values)
{
    std::vector<const char*> out;
    out.reserve(values.size());
    for (const std::string& v : values)
        out.push_back(v.c_str());
    return out;
}

// Frees the strings or sequences HDF5 allocated for a variable-length read, also when the read failed
// halfway.
struct VlenReclaim
{
    hid_t memType;
    hid_t space;
    void* buffer;
    ~VlenReclaim() { H5Dvlen_reclaim(memType, space, H5P_DEFAULT, buffer); }
};

thread_local TextDigest* t_digest = nullptr;

void digest(const std::string& where, const std::vector<std::string>& values)
{
    if (t_digest)
        for (size_t i = 0; i < values.size(); ++i)
            t_digest->add(where, i, values[i]);
}

std::vector<std::string> readStringsUndigested(const Item& item)
{
    const DatatypeHandle fileType = item.type();
    if (H5Tget_class(fileType.get()) != H5T_STRING)
        throw Hdf5Failure(item.what + ": expected text");
    const DataspaceHandle space = item.space();
    const hsize_t n = elementCount(space.get(), item.what);
    std::vector<std::string> out;
    if (n == 0)
        return out;
    DatatypeHandle memType(check(H5Tcopy(H5T_C_S1), item.what + ": cannot create a string type"));
    // HDF5 refuses to convert between ASCII and UTF-8 strings, so read in the file's character set.
    checkStatus(H5Tset_cset(memType.get(), H5Tget_cset(fileType.get())), item.what + ": string type");
    out.reserve(n);
    if (H5Tis_variable_str(fileType.get()) > 0) {
        checkStatus(H5Tset_size(memType.get(), H5T_VARIABLE), item.what + ": string type");
        std::vector<char*> buffer(n, nullptr);
        VlenReclaim reclaim{memType.get(), space.get(), buffer.data()};
        item.read(memType.get(), buffer.data());
        for (const char* s : buffer)
            out.emplace_back(s ? s : "");
        return out;
    }
    const size_t size = H5Tget_size(fileType.get());
    if (size == 0 || size > (size_t(1) << 24) || n * size > kMaxElements)
        throw Hdf5Failure(item.what + ": implausible string size (file damaged?)");
    checkStatus(H5Tset_size(memType.get(), size), item.what + ": string type");
    checkStatus(H5Tset_strpad(memType.get(), H5Tget_strpad(fileType.get())), item.what + ": string type");
    std::vector<char> buffer(n * size, '\0');
    item.read(memType.get(), buffer.data());
    for (hsize_t i = 0; i < n; ++i) {
        const char* s = buffer.data() + i * size;
        std::string value(s, strnlen(s, size));
        if (H5Tget_strpad(fileType.get()) == H5T_STR_SPACEPAD)
            value.erase(value.find_last_not_of(' ') + 1);
        out.push_back(std::move(value));
    }
    return out;
}

std::vector<std::string> readStrings(const Item& item)
{
    std::vector<std::string> values = readStringsUndigested(item);
    digest(item.what, values);
    return values;
}

template <typename T>
std::vector<T> readNumbers(const Item& item, hid_t memType, bool allowFloat, int maxRank = 1)
{
    const DatatypeHandle fileType = item.type();
    const H5T_class_t cls = H5Tget_class(fileType.get());
    if (cls != H5T_INTEGER && !(allowFloat && cls == H5T_FLOAT))
        throw Hdf5Failure(item.what + (allowFloat ? ": expected numbers" : ": expected integers"));
    const DataspaceHandle space = item.space();
    std::vector<T> out(elementCount(space.get(), item.what, maxRank));
    if (!out.empty())
        item.read(memType, out.data());
    return out;
}

DatasetHandle createDataset(hid_t parent, const std::string& name, hid_t fileType, hsize_t n,
                            size_t elementSize)
{
    const std::string what = objectPath(parent) + ": cannot create dataset '" + name + "'";
    const hsize_t dims[1] = {n};
    DataspaceHandle space(check(H5Screate_simple(1, dims, nullptr), what));
    PropertyHandle dcpl(check(H5Pcreate(H5P_DATASET_CREATE), what));
    if (n > 0) {
        // ~256 KiB chunks: whole 2^15-element vectors in one chunk, bigger ones split so reads stay cheap.
        const hsize_t chunk[1] = {std::min<hsize_t>(n, std::max<size_t>(1, (size_t(1) << 18) / elementSize))};
        checkStatus(H5Pset_chunk(dcpl.get(), 1, chunk), what);
        checkStatus(H5Pset_shuffle(dcpl.get()), what);
        checkStatus(H5Pset_deflate(dcpl.get(), 4), what);
        // Checksum per chunk: damaged data is reported, never returned as numbers.
        checkStatus(H5Pset_fletcher32(dcpl.get()), what);
    }
    return DatasetHandle(check(
        H5Dcreate2(parent, name.c_str(), fileType, space.get(), H5P_DEFAULT, dcpl.get(), H5P_DEFAULT), what));
}

template <typename T>
void writeNumbers(hid_t parent, const std::string& name, const std::vector<T>& values, hid_t fileType,
                  hid_t memType)
{
    const DatasetHandle ds = createDataset(parent, name, fileType, values.size(), sizeof(T));
    if (!values.empty())
        checkStatus(H5Dwrite(ds.get(), memType, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
                    objectPath(parent) + ": cannot write dataset '" + name + "'");
}

AttributeHandle createAttribute(hid_t obj, const std::string& name, hid_t type, hid_t space)
{
    return AttributeHandle(check(H5Acreate2(obj, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT),
                                 objectPath(obj) + ": cannot create attribute '" + name + "'"));
}

void writeAttributeData(hid_t obj, const std::string& name, hid_t fileType, hid_t memType, hid_t space,
                        const void* data)
{
    const AttributeHandle attr = createAttribute(obj, name, fileType, space);
    if (data)
        checkStatus(H5Awrite(attr.get(), memType, data),
                    objectPath(obj) + ": cannot write attribute '" + name + "'");
}

DataspaceHandle listSpace(hsize_t n, hsize_t columns = 0)
{
    // Empty lists get a null dataspace: zero-sized attributes are awkward for other readers.
    if (n == 0)
        return DataspaceHandle(check(H5Screate(H5S_NULL), "cannot create a dataspace"));
    const hsize_t dims[2] = {n, columns};
    return DataspaceHandle(
        check(H5Screate_simple(columns ? 2 : 1, dims, nullptr), "cannot create a dataspace"));
}

} // namespace

std::string objectPath(hid_t obj)
{
    const ssize_t size = H5Iget_name(obj, nullptr, 0);
    if (size <= 0)
        return "?";
    std::string name(size_t(size) + 1, '\0');
    H5Iget_name(obj, name.data(), name.size());
    name.resize(size_t(size));
    return name;
}

bool hasLink(hid_t parent, const std::string& name)
{
    if (name.empty())
        return false;
    const htri_t exists = H5Lexists(parent, name.c_str(), H5P_DEFAULT);
    if (exists < 0) // damaged link storage: say so rather than "missing"
        checkStatus(-1, objectPath(parent) + ": cannot look up '" + name + "'");
    return exists > 0;
}

bool hasAttribute(hid_t obj, const std::string& name)
{
    const htri_t exists = H5Aexists(obj, name.c_str());
    if (exists < 0)
        checkStatus(-1, objectPath(obj) + ": cannot look up attribute '" + name + "'");
    return exists > 0;
}

bool isGroup(hid_t parent, const std::string& name)
{
    H5O_info_t info;
#if H5_VERSION_GE(1, 12, 0)
    checkStatus(H5Oget_info_by_name3(parent, name.c_str(), &info, H5O_INFO_BASIC, H5P_DEFAULT), name);
#else
    checkStatus(H5Oget_info_by_name2(parent, name.c_str(), &info, H5O_INFO_BASIC, H5P_DEFAULT), name);
#endif
    return info.type == H5O_TYPE_GROUP;
}

GroupHandle createGroup(hid_t parent, const std::string& name)
{
    const std::string what = objectPath(parent) + ": cannot create group '" + name + "'";
    PropertyHandle gcpl(check(H5Pcreate(H5P_GROUP_CREATE), what));
    checkStatus(H5Pset_link_creation_order(gcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED), what);
    return GroupHandle(check(H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, gcpl.get(), H5P_DEFAULT), what));
}

GroupHandle openGroup(hid_t parent, const std::string& name)
{
    const std::string parentPath = objectPath(parent);
    if (!hasLink(parent, name))
        throw Hdf5Failure(parentPath + ": missing group '" + name + "'");
    return GroupHandle(check(H5Gopen2(parent, name.c_str(), H5P_DEFAULT),
                             parentPath + ": cannot open group '" + name + "'"));
}

std::vector<std::string> childNames(hid_t group)
{
    const std::string what = objectPath(group) + ": cannot list its members";
    H5G_info_t info;
    checkStatus(H5Gget_info(group, &info), what);
    if (info.nlinks > kMaxElements)
        throw Hdf5Failure(what + " (implausible count)");
    H5_index_t index = H5_INDEX_NAME;
    PropertyHandle gcpl(check(H5Gget_create_plist(group), what));
    unsigned flags = 0;
    if (H5Pget_link_creation_order(gcpl.get(), &flags) >= 0 && (flags & H5P_CRT_ORDER_INDEXED))
        index = H5_INDEX_CRT_ORDER;
    std::vector<std::string> names;
    for (hsize_t i = 0; i < info.nlinks; ++i) {
        const ssize_t size = H5Lget_name_by_idx(group, ".", index, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
        if (size < 0)
            check(H5I_INVALID_HID, what);
        std::string name(size_t(size) + 1, '\0');
        H5Lget_name_by_idx(group, ".", index, H5_ITER_INC, i, name.data(), name.size(), H5P_DEFAULT);
        name.resize(size_t(size));
        names.push_back(std::move(name));
    }
    return names;
}

namespace {
herr_t collectAttributeName(hid_t, const char* name, const H5A_info_t*, void* data)
{
    static_cast<std::vector<std::string>*>(data)->emplace_back(name);
    return 0;
}
} // namespace

std::vector<std::string> attributeNames(hid_t obj)
{
    std::vector<std::string> names;
    hsize_t index = 0;
    checkStatus(H5Aiterate2(obj, H5_INDEX_NAME, H5_ITER_INC, &index, collectAttributeName, &names),
                objectPath(obj) + ": cannot list its attributes");
    return names;
}

void writeAttribute(hid_t obj, const std::string& name, const std::string& value)
{
    const DatatypeHandle type = utf8StringType();
    const DataspaceHandle space(check(H5Screate(H5S_SCALAR), "cannot create a dataspace"));
    const char* data = value.c_str();
    writeAttributeData(obj, name, type.get(), type.get(), space.get(), &data);
    digest(objectPath(obj) + " attribute '" + name + "'", {value});
}

void writeAttribute(hid_t obj, const std::string& name, const std::vector<std::string>& values)
{
    const DatatypeHandle type = utf8StringType();
    const DataspaceHandle space = listSpace(values.size());
    const std::vector<const char*> data = pointers(values);
    writeAttributeData(obj, name, type.get(), type.get(), space.get(),
                       values.empty() ? nullptr : data.data());
    digest(objectPath(obj) + " attribute '" + name + "'", values);
}

void writeFileFormat(hid_t file, const std::string& format, std::int64_t version)
{
    const DatatypeHandle type = fixedStringType(format.size(), H5T_CSET_ASCII);
    const DataspaceHandle space(check(H5Screate(H5S_SCALAR), "cannot create a dataspace"));
    writeAttributeData(file, "format", type.get(), type.get(), space.get(), format.data());
    writeAttribute(file, "format_version", version);
}

std::string readFileFormat(hid_t file)
{
    if (!hasAttribute(file, "format"))
        return "";
    const std::vector<std::string> values = readStringsUndigested(openAttribute(file, "format").item);
    if (values.size() != 1)
        throw Hdf5Failure("/ attribute 'format': expected one text value");
    return values.front();
}

TextDigest::TextDigest() : m_outer(t_digest)
{
    t_digest = this;
}

TextDigest::~TextDigest()
{
    t_digest = m_outer;
}

void TextDigest::add(const std::string& where, size_t position, const std::string& text)
{
    // FNV-1a over where, position and text; summed, so the order of reads and writes does not matter.
    std::uint64_t h = 1469598103934665603ull;
    const auto mix = [&h](const char* bytes, size_t n) {
        for (size_t i = 0; i < n; ++i) {
            h ^= static_cast<unsigned char>(bytes[i]);
            h *= 1099511628211ull;
        }
    };
    mix(where.c_str(), where.size() + 1); // with the terminating NUL as a separator
    const std::uint64_t p = position;
    mix(reinterpret_cast<const char*>(&p), sizeof p);
    mix(text.data(), text.size());
    m_sum += h;
}

void writeTextDigest(hid_t file, const TextDigest& digest)
{
    writeAttribute(file, "text_digest", digest.value());
}

void checkTextDigest(hid_t file, const TextDigest& digest)
{
    if (hasAttribute(file, "text_digest") && readIntAttribute(file, "text_digest") != digest.value())
        throw Hdf5Failure("its text does not match its text_digest (file damaged?)");
}

void writeAttribute(hid_t obj, const std::string& name, std::int64_t value)
{
    const DataspaceHandle space(check(H5Screate(H5S_SCALAR), "cannot create a dataspace"));
    writeAttributeData(obj, name, H5T_STD_I64LE, H5T_NATIVE_INT64, space.get(), &value);
}

void writeAttribute(hid_t obj, const std::string& name, double value)
{
    const DataspaceHandle space(check(H5Screate(H5S_SCALAR), "cannot create a dataspace"));
    writeAttributeData(obj, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, space.get(), &value);
}

void writeAttribute(hid_t obj, const std::string& name, const std::vector<std::array<std::int64_t, 2>>& pairs)
{
    const DataspaceHandle space = listSpace(pairs.size(), 2);
    writeAttributeData(obj, name, H5T_STD_I64LE, H5T_NATIVE_INT64, space.get(),
                       pairs.empty() ? nullptr : pairs.data());
}

void writeAttribute(hid_t obj, const std::string& name, const std::vector<std::vector<std::int64_t>>& ragged)
{
    // Two flat attributes rather than a variable-length type: numbers stay out of the unchecksummed global
    // heap.
    std::vector<std::int64_t> flat;
    std::vector<std::int64_t> lengths;
    for (const auto& row : ragged) {
        flat.insert(flat.end(), row.begin(), row.end());
        lengths.push_back(std::int64_t(row.size()));
    }
    writeIntListAttribute(obj, name, flat);
    writeIntListAttribute(obj, name + "_lengths", lengths);
}

void writeIntListAttribute(hid_t obj, const std::string& name, const std::vector<std::int64_t>& values)
{
    const DataspaceHandle space = listSpace(values.size());
    writeAttributeData(obj, name, H5T_STD_I64LE, H5T_NATIVE_INT64, space.get(),
                       values.empty() ? nullptr : values.data());
}

std::string readStringAttribute(hid_t obj, const std::string& name)
{
    const OpenAttribute a = openAttribute(obj, name);
    std::vector<std::string> values = readStrings(a.item);
    if (values.size() != 1)
        throw Hdf5Failure(a.item.what + ": expected one text value, found " + std::to_string(values.size()));
    return std::move(values.front());
}

std::vector<std::string> readStringListAttribute(hid_t obj, const std::string& name)
{
    return readStrings(openAttribute(obj, name).item);
}

std::int64_t readIntAttribute(hid_t obj, const std::string& name)
{
    const OpenAttribute a = openAttribute(obj, name);
    const auto values = readNumbers<std::int64_t>(a.item, H5T_NATIVE_INT64, false);
    if (values.size() != 1)
        throw Hdf5Failure(a.item.what + ": expected one integer, found " + std::to_string(values.size()));
    return values.front();
}

double readDoubleAttribute(hid_t obj, const std::string& name)
{
    const OpenAttribute a = openAttribute(obj, name);
    const auto values = readNumbers<double>(a.item, H5T_NATIVE_DOUBLE, true);
    if (values.size() != 1)
        throw Hdf5Failure(a.item.what + ": expected one number, found " + std::to_string(values.size()));
    return values.front();
}

std::vector<std::array<std::int64_t, 2>> readPairsAttribute(hid_t obj, const std::string& name)
{
    const OpenAttribute a = openAttribute(obj, name);
    const auto flat = readNumbers<std::int64_t>(a.item, H5T_NATIVE_INT64, false, 2);
    if (flat.size() % 2 != 0)
        throw Hdf5Failure(a.item.what + ": expected [n][2] integers");
    std::vector<std::array<std::int64_t, 2>> out(flat.size() / 2);
    for (size_t i = 0; i < out.size(); ++i)
        out[i] = {flat[2 * i], flat[2 * i + 1]};
    return out;
}

std::vector<std::int64_t> readIntListAttribute(hid_t obj, const std::string& name)
{
    return readNumbers<std::int64_t>(openAttribute(obj, name).item, H5T_NATIVE_INT64, false);
}

std::vector<std::vector<std::int64_t>> readRaggedAttribute(hid_t obj, const std::string& name)
{
    const std::vector<std::int64_t> flat = readIntListAttribute(obj, name);
    const std::vector<std::int64_t> lengths = readIntListAttribute(obj, name + "_lengths");
    std::vector<std::vector<std::int64_t>> out;
    size_t at = 0;
    for (const std::int64_t length : lengths) {
        if (length < 0 || size_t(length) > flat.size() - at)
            throw Hdf5Failure(objectPath(obj) + ": attributes '" + name + "' and '" + name +
                              "_lengths' do not match");
        out.emplace_back(flat.begin() + std::ptrdiff_t(at),
                         flat.begin() + std::ptrdiff_t(at + size_t(length)));
        at += size_t(length);
    }
    if (at != flat.size())
        throw Hdf5Failure(objectPath(obj) + ": attributes '" + name + "' and '" + name +
                          "_lengths' do not match");
    return out;
}

bool isStringAttribute(hid_t obj, const std::string& name)
{
    const OpenAttribute a = openAttribute(obj, name);
    return H5Tget_class(a.item.type().get()) == H5T_STRING;
}

bool isScalarAttribute(hid_t obj, const std::string& name)
{
    const OpenAttribute a = openAttribute(obj, name);
    return H5Sget_simple_extent_type(a.item.space().get()) == H5S_SCALAR;
}

void writeDataset(hid_t parent, const std::string& name, const std::vector<double>& values)
{
    writeNumbers(parent, name, values, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE);
}

void writeDataset(hid_t parent, const std::string& name, const std::vector<std::int64_t>& values)
{
    writeNumbers(parent, name, values, H5T_STD_I64LE, H5T_NATIVE_INT64);
}

void writeDataset(hid_t parent, const std::string& name, const std::vector<std::uint64_t>& values)
{
    writeNumbers(parent, name, values, H5T_STD_U64LE, H5T_NATIVE_UINT64);
}

void writeDataset(hid_t parent, const std::string& name, const std::vector<std::string>& values)
{
    // Fixed-length (NUL-padded to the longest) in chunks guarded by Fletcher-32, unlike attributes: HDF5
    // cannot filter variable-length data, and HDF5 1.10 crashes reading a damaged unfiltered heap reference.
    size_t width = 1;
    for (const std::string& v : values)
        width = std::max(width, v.size());
    std::vector<char> packed(values.size() * width, '\0');
    for (size_t i = 0; i < values.size(); ++i)
        std::memcpy(packed.data() + i * width, values[i].data(), values[i].size());
    const DatatypeHandle type = fixedStringType(width, H5T_CSET_UTF8);
    const DatasetHandle ds = createDataset(parent, name, type.get(), values.size(), width);
    if (!values.empty())
        checkStatus(H5Dwrite(ds.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, packed.data()),
                    objectPath(parent) + ": cannot write dataset '" + name + "'");
    const std::string parentPath = objectPath(parent);
    digest((parentPath == "/" ? "" : parentPath) + "/" + name, values);
}

std::vector<double> readDoubleDataset(hid_t parent, const std::string& name)
{
    return readNumbers<double>(openDataset(parent, name).item, H5T_NATIVE_DOUBLE, true);
}

std::vector<std::int64_t> readIntDataset(hid_t parent, const std::string& name)
{
    return readNumbers<std::int64_t>(openDataset(parent, name).item, H5T_NATIVE_INT64, false);
}

std::vector<std::uint64_t> readUIntDataset(hid_t parent, const std::string& name)
{
    return readNumbers<std::uint64_t>(openDataset(parent, name).item, H5T_NATIVE_UINT64, false);
}

std::vector<std::string> readStringDataset(hid_t parent, const std::string& name)
{
    return readStrings(openDataset(parent, name).item);
}

} // namespace interlens::store
