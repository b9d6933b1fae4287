#pragma once

// Typed reads and writes of HDF5 attributes and datasets on top of hdf5_handle.h. Every failure throws
// Hdf5Failure with a message naming the object path and the attribute or dataset ("/models/a: missing
// attribute 'dtype'"); callers add the file name. String attributes are written as variable-length UTF-8
// (schema 2: what h5py reads as str without guesswork); string datasets stay fixed-length UTF-8 in
// Fletcher-32-checked chunks (HDF5 cannot filter variable-length data, and 1.10 crashes on a damaged
// unfiltered heap reference). Readers accept both kinds everywhere (schema 1 wrote every string fixed-length,
// NUL-padded). Datasets are chunked with shuffle + gzip + Fletcher-32 (never LZF, which needs a plugin
// outside HDF5).

#include "store/hdf5_handle.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace interlens::store {

// Largest dataset or attribute we read (elements). A corrupt header must not make us allocate terabytes.
inline constexpr std::uint64_t kMaxElements = std::uint64_t(1) << 28;

// The object's path inside its file ("/models/gpt2"), for messages.
std::string objectPath(hid_t obj);

bool hasLink(hid_t parent, const std::string& name);
bool hasAttribute(hid_t obj, const std::string& name);
// True when the child `name` of `parent` is a group (false: a dataset or another object).
bool isGroup(hid_t parent, const std::string& name);

// New group whose children remember their creation order (so models and pairs load in the order they were
// saved).
GroupHandle createGroup(hid_t parent, const std::string& name);
// Throws "<parent>: missing group '<name>'" when absent.
GroupHandle openGroup(hid_t parent, const std::string& name);
// Names of the direct children, in creation order when the group tracks it (ours do), else in name order.
std::vector<std::string> childNames(hid_t group);
std::vector<std::string> attributeNames(hid_t obj);

// File identity: the root attributes `format` ("interlens-session", "interlens-study") and `format_version`.
// Written first, right after the file is created, and `format` as fixed-length ASCII, so that its text sits
// in the root object header within the file's first few hundred bytes, where shared-mime-info's magic (and
// file(1)) find it without an HDF5 library.
void writeFileFormat(hid_t file, const std::string& format, std::int64_t version);
// The root `format` attribute, or "" when the file has none (schema 1 files, foreign files).
std::string readFileFormat(hid_t file);

// While one is alive on a thread, every string written or read through this file's functions (except the root
// `format`) is added to it: an order-independent sum of a hash of (object path, name, position, text). The
// writers of session and study files store it as the root attribute `text_digest` and their readers compare
// it, because variable-length strings live in HDF5's global heap, which (unlike object headers and our
// Fletcher-32 chunks) has no checksum: damaged text is reported instead of returned.
class TextDigest
{
public:
    TextDigest();
    ~TextDigest();
    TextDigest(const TextDigest&) = delete;
    TextDigest& operator=(const TextDigest&) = delete;

    std::int64_t value() const { return static_cast<std::int64_t>(m_sum); }
    void add(const std::string& where, size_t position, const std::string& text);

private:
    std::uint64_t m_sum = 0;
    TextDigest* m_outer;
};
// Stores `digest` as the root attribute `text_digest`.
void writeTextDigest(hid_t file, const TextDigest& digest);
// Throws Hdf5Failure when the file has a `text_digest` that differs from `digest` (files without one: schema
// 1).
void checkTextDigest(hid_t file, const TextDigest& digest);

// Attributes. Writers replace nothing: each name is written once per object.
void writeAttribute(hid_t obj, const std::string& name, const std::string& value);
void writeAttribute(hid_t obj, const std::string& name, const std::vector<std::string>& values);
void writeAttribute(hid_t obj, const std::string& name, std::int64_t value);
void writeAttribute(hid_t obj, const std::string& name, double value);
void writeAttribute(hid_t obj, const std::string& name,
                    const std::vector<std::array<std::int64_t, 2>>& pairs);
// Lists of integer lists: attribute `name` holds the rows concatenated, `name`_lengths the row lengths.
void writeAttribute(hid_t obj, const std::string& name, const std::vector<std::vector<std::int64_t>>& ragged);
void writeIntListAttribute(hid_t obj, const std::string& name, const std::vector<std::int64_t>& values);

// Readers throw "<obj>: missing attribute '<name>'" or "... has the wrong type" on mismatch.
std::string readStringAttribute(hid_t obj, const std::string& name);
std::vector<std::string> readStringListAttribute(hid_t obj, const std::string& name);
std::int64_t readIntAttribute(hid_t obj, const std::string& name);
double readDoubleAttribute(hid_t obj, const std::string& name);
std::vector<std::array<std::int64_t, 2>> readPairsAttribute(hid_t obj, const std::string& name);
std::vector<std::vector<std::int64_t>> readRaggedAttribute(hid_t obj, const std::string& name);
std::vector<std::int64_t> readIntListAttribute(hid_t obj, const std::string& name);
// True when the attribute holds a string (for name -> value groups whose values may be text or numbers).
bool isStringAttribute(hid_t obj, const std::string& name);
// True when the attribute holds one value (a scalar dataspace), false for a list.
bool isScalarAttribute(hid_t obj, const std::string& name);

// 1-D datasets (an empty vector is stored as a zero-length contiguous dataset: chunking needs a non-zero
// size).
void writeDataset(hid_t parent, const std::string& name, const std::vector<double>& values);
void writeDataset(hid_t parent, const std::string& name, const std::vector<std::int64_t>& values);
void writeDataset(hid_t parent, const std::string& name, const std::vector<std::uint64_t>& values);
void writeDataset(hid_t parent, const std::string& name, const std::vector<std::string>& values);

std::vector<double> readDoubleDataset(hid_t parent, const std::string& name);
std::vector<std::int64_t> readIntDataset(hid_t parent, const std::string& name);
std::vector<std::uint64_t> readUIntDataset(hid_t parent, const std::string& name);
std::vector<std::string> readStringDataset(hid_t parent, const std::string& name);

} // namespace interlens::store
