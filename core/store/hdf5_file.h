#pragma once

#include <string>

namespace interlens {

// True if `path` starts with the HDF5 signature (a cheap check before opening).
bool looksLikeHdf5(const std::string& path);

} // namespace interlens
