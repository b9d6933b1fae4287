#pragma once

#include <string>

namespace interlens {

// The HDF5 library's version ("1.10.8"), for `interlens --version` (hdf5.h stays private to core/store).
std::string hdf5Version();

} // namespace interlens
