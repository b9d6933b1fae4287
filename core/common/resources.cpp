#include "common/resources.h"

#include <QCoreApplication>

#include <algorithm>
#include <cstdlib>
#include <system_error>

namespace interlens {

namespace fs = std::filesystem;

namespace {

// The folder of the running executable (QCoreApplication's when there is one, else /proc/self/exe).
fs::path executableDir()
{
    if (QCoreApplication::instance())
        return fs::path(QCoreApplication::applicationDirPath().toStdString());
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    return ec ? fs::path() : exe.parent_path();
}

// <prefix>/share/<sub> for an executable in <prefix>/bin, or empty when there is no such folder.
fs::path installedShareDir(const fs::path& sub)
{
    std::error_code ec;
    const fs::path dir = executableDir() / ".." / "share" / sub;
    return fs::is_directory(dir, ec) ? fs::weakly_canonical(dir, ec) : fs::path();
}

// True for an executable inside this project's build tree: only such a binary may use the source tree (an
// installed copy must never depend on where it was built).
bool inBuildTree()
{
    std::error_code ec;
    const fs::path build = fs::weakly_canonical(fs::path(INTERLENS_BUILD_DIR), ec);
    const fs::path exe = fs::weakly_canonical(executableDir(), ec);
    const auto [end, _] = std::mismatch(build.begin(), build.end(), exe.begin(), exe.end());
    return !build.empty() && end == build.end();
}

} // namespace

fs::path resourcesDir()
{
    if (const char* env = std::getenv("INTERLENS_RESOURCES"); env && *env)
        return fs::path(env);
    if (const fs::path installed = installedShareDir("interlens"); !installed.empty())
        return installed;
    if (inBuildTree())
        return fs::path(INTERLENS_SOURCE_DIR) / "resources";
    // Neither installed nor in the build tree: the expected installed place, so messages name it.
    return (executableDir() / ".." / "share" / "interlens").lexically_normal();
}

fs::path docsDir()
{
    if (const fs::path installed = installedShareDir(fs::path("doc") / "interlens"); !installed.empty())
        return installed;
    if (inBuildTree())
        return fs::path(INTERLENS_SOURCE_DIR);
    return (executableDir() / ".." / "share" / "doc" / "interlens").lexically_normal();
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
