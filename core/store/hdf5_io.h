#pragma once

// Typed reads and writes of HDF5 attributes and datasets on top of hdf5_handle.h. Every failure throws
// Hdf5Failure with a message naming the object path and the attribute or dataset ("/models/a: missing
// attribute 'dtype'"); callers add the file name. Strings are UTF-8, fixed length (NUL-padded to the
// longest); datasets are chunked with shuffle + gzip + Fletcher-32 (never LZF, which needs a plugin outside
// HDF5). Readers also accept variable-length strings (h5py's default) so hand-made files load.

#include "store/hdf5_handle.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace interlens::store {

// Largest dataset or attribute we read (elements). A corrupt header must not make us allocate terabytes.
inline constexpr hsize_t kMaxElements = hsize_t(1) << 28;

// The object's path inside its file ("/models/gpt2"), for messages.
std::string objectPath(hid_t obj);

bool hasLink(hid_t parent, const std::string& name);
bool hasAttribute(hid_t obj, const std::string& name);

// New group whose children remember their creation order (so models and pairs load in the order they were
// saved).
GroupHandle createGroup(hid_t parent, const std::string& name);
// Throws "<parent>: missing group '<name>'" when absent.
GroupHandle openGroup(hid_t parent, const std::string& name);
// Names of the direct children, in creation order when the group tracks it (ours do), else in name order.
std::vector<std::string> childNames(hid_t group);
std::vector<std::string> attributeNames(hid_t obj);

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
