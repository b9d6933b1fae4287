#pragma once

// Models named on the command line: a folder, or a hub id org/name[@revision] in the local Hugging Face cache
// (model/hub_cache.h). The one place the CLI's --model options and the desktop application's arguments turn
// such a name into a folder.

#include <QCommandLineParser>

#include <string>
#include <vector>

namespace interlens::cli {

// The folder of a model given as a folder or a hub id, checked to hold the weights and the tokenizer (a
// folder as given, a hub id resolved in the cache). Throws InputError naming what was looked for.
std::string modelFolder(const std::string& folderOrHubId);

// The --model values as folders (modelFolder), or the bundled models (resources.h) when none is given; throws
// InputError when neither exists. `command` names the sub-command in the message.
std::vector<std::string> modelDirsOrBundled(const QCommandLineParser& parser, const std::string& command);

} // namespace interlens::cli
