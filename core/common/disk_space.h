#pragma once

#include <string>

namespace interlens {

// Why a file could not be created or written, in words a user can act on: "the disk is full (12 KB free on
// /data)" when the file system holding `path` has (almost) no space or no inodes left, "the directory /data
// is not writable" when it is not, else "". Libraries such as HDF5 do not keep errno, so the file system is
// asked after the failure.
std::string writeFailureCause(const std::string& path);

} // namespace interlens
