#pragma once

#include <filesystem>
#include <vector>

namespace interlens {

// Where the app's shipped data lives (bundled models, demo and study prompts): $INTERLENS_RESOURCES when set,
// else share/interlens/resources next to an installed binary, else the source tree's resources/ (a build).
std::filesystem::path resourcesDir();

// The bundled model folders: resourcesDir()/models/*/ that hold a config.json, sorted by folder name.
std::vector<std::filesystem::path> bundledModelDirs();

} // namespace interlens
