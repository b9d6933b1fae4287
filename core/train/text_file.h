#pragma once

#include <string>
#include <vector>

namespace interlens::train {

// The non-empty lines of a UTF-8 text file (one document, e.g. one verse, per line), trailing "\r" and
// surrounding spaces removed. InputError when the file cannot be read or holds no text.
std::vector<std::string> readTextLines(const std::string& path);

// Line i goes to the held-out part when i % every == every - 1 (every >= 2), else to training: a fixed,
// spread-out split that needs no random numbers.
struct CorpusSplit
{
    std::vector<std::string> train;
    std::vector<std::string> heldOut;
};
CorpusSplit splitHeldOut(const std::vector<std::string>& lines, int every);

// Writes `text` to `path` through a temporary file and a rename; Error when it cannot.
void writeTextFile(const std::string& path, const std::string& text);

} // namespace interlens::train
