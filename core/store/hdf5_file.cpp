#include "store/hdf5_file.h"

#include <hdf5.h>

namespace interlens {

bool looksLikeHdf5(const std::string& path)
{
    return H5Fis_hdf5(path.c_str()) > 0;
}

} // namespace interlens
