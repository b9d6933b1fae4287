#include "common/disk_space.h"

#include "common/regular_file.h"

#include <filesystem>

#include <sys/statvfs.h>
#include <unistd.h>

namespace interlens {

std::string writeFailureCause(const std::string& path)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::path dir = fs::absolute(fs::path(path), ec).parent_path();
    if (dir.empty())
        dir = ".";
    struct statvfs info
    {
    };
    if (::statvfs(dir.c_str(), &info) == 0) {
        const double freeBytes = double(info.f_bavail) * double(info.f_frsize);
        // Under 1 MB free: HDF5 writes in blocks of that order, so the write that failed was about the last
        // one.
        if (freeBytes < 1e6 || (info.f_files > 0 && info.f_favail == 0))
            return "the disk is full (" + describeBytes(freeBytes) + " free on " + dir.string() + ")";
    }
    if (::access(dir.c_str(), W_OK) != 0)
        return "the directory " + dir.string() + " is not writable";
    return {};
}

} // namespace interlens
