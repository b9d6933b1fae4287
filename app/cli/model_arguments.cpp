#include "cli/model_arguments.h"

#include "common/error.h"
#include "common/resources.h"
#include "model/hub_cache.h"

namespace interlens::cli {

std::string modelFolder(const std::string& folderOrHubId)
{
    return resolveModelLocation(folderOrHubId, HubFiles::ModelAndTokenizer);
}

std::vector<std::string> modelDirsOrBundled(const QCommandLineParser& parser, const std::string& command)
{
    std::vector<std::string> dirs;
    for (const QString& dir : parser.values("model"))
        dirs.push_back(modelFolder(dir.toStdString()));
    if (dirs.empty())
        for (const auto& dir : bundledModelDirs())
            dirs.push_back(dir.string());
    if (dirs.empty())
        throw InputError(command + ": no --model given and no bundled models in " +
                         (resourcesDir() / "models").string());
    return dirs;
}

} // namespace interlens::cli
