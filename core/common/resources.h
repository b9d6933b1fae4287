#pragma once

#include <filesystem>
#include <vector>

namespace interlens {

// Where the app's shipped data lives (bundled models, demo and study prompts, stop words):
// $INTERLENS_RESOURCES when set; else <prefix>/share/interlens next to an installed binary
// (<prefix>/bin/interlens, found relative to the running executable, so a copied prefix keeps working); else,
// only for a binary inside this project's build tree (development and tests), the source tree's resources/.
std::filesystem::path resourcesDir();

// The documentation (README.md, LICENSE, docs/): <prefix>/share/doc/interlens for an installed binary, the
// source tree for one in the build tree.
std::filesystem::path docsDir();

// The bundled model folders: resourcesDir()/models/*/ that hold a config.json, sorted by folder name.
std::vector<std::filesystem::path> bundledModelDirs();

} // namespace interlens
