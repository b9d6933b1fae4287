#pragma once

// Variable-length strings (every text attribute of schema 2) live in HDF5 global heap collections, which
// carry no checksum; HDF5 1.10 loads a collection without checking the object sizes inside it against the
// collection, and a damaged size then makes H5Aread copy past the end of it (a crash, not an error). This
// walks every collection of a file the way HDF5 will and refuses the file when an object does not fit. Plain
// C++ over the file's bytes: no HDF5 call.

#include <string>

namespace interlens::store {

// Throws InputError naming `path` ("damaged: a global heap object ... does not fit its collection") when a
// collection's objects overrun it. Collections whose header is itself implausible are left to HDF5, which
// reports them as errors.
void checkGlobalHeaps(const std::string& path);

} // namespace interlens::store
