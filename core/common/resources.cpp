#include "common/resources.h"

#include <QCoreApplication>

#include <algorithm>
#include <cstdlib>
#include <system_error>

namespace interlens {

namespace fs = std::filesystem;

fs::path resourcesDir()
{
    if (const char* env = std::getenv("INTERLENS_RESOURCES"); env && *env)
        return fs::path(env);
    std::error_code ec;
    if (QCoreApplication::instance()) {
        const fs::path installed =
            fs::path(QCoreApplication::applicationDirPath().toStdString()) / ".." / "share" / "interlens" / "resources";
        if (fs::is_directory(installed, ec))
            return fs::weakly_canonical(installed, ec);
    }
    return fs::path(INTERLENS_SOURCE_RESOURCES);
}

std::vector<fs::path> bundledModelDirs()
{
    std::vector<fs::path> dirs;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(resourcesDir() / "models", ec))
        if (entry.is_directory(ec) && fs::exists(entry.path() / "config.json", ec))
            dirs.push_back(entry.path());
    std::sort(dirs.begin(), dirs.end());
    return dirs;
}

} // namespace interlens
