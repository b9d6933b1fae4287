#pragma once

// Opening and creating HDF5 files with clear errors (without hdf5.h, see hdf5_handle.h).

#include "store/hdf5_handle.h"

#include <string>

namespace interlens::store {

// True if `path` starts with the HDF5 signature (a cheap check before opening).
bool looksLikeHdf5(const std::string& path);

// Opens `path` read-only or read-write. Throws InputError naming the file when it is missing, unreadable,
// empty, not HDF5, or truncated/corrupt (HDF5's own reason appended).
FileHandle openHdf5(const std::string& path, bool writable = false);

// Creates a new file at `path` (fails if it exists), in the HDF5 1.10 file format (checksummed metadata;
// readable by HDF5 >= 1.10 and any current h5py); throws InputError naming `reportAs` (default: `path`; a
// temporary file reports its final name).
FileHandle createHdf5(const std::string& path, const std::string& reportAs = {});

// Flushes and closes `file`; throws InputError naming `path` when HDF5 reports a failure (disk full, ...).
void closeHdf5(FileHandle& file, const std::string& path);

// Throws the InputError for a failed write of `path`: "PATH: WHAT: the disk is full (N free on DIR)" in one
// line when the file system is full (HDF5's detail says nothing more a user can act on), else WHAT followed
// by the cause or HDF5's `detail`.
[[noreturn]] void throwWriteFailure(const std::string& path, const std::string& what,
                                    const std::string& detail);

} // namespace interlens::store
