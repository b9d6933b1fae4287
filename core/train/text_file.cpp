#include "train/text_file.h"

#include "common/error.h"
#include "common/regular_file.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace interlens::train {

std::vector<std::string> readTextLines(const std::string& path)
{
    std::istringstream in(readRegularFile(path, kMaxTextInputBytes, "a corpus file (plain text)"));
    std::vector<std::string> lines;
    std::string line;
    while (std::getline(in, line)) {
        const size_t first = line.find_first_not_of(" \t\r");
        if (first == std::string::npos)
            continue;
        const size_t last = line.find_last_not_of(" \t\r");
        lines.push_back(line.substr(first, last - first + 1));
    }
    if (lines.empty())
        throw InputError("corpus file '" + path + "' holds no text");
    return lines;
}

CorpusSplit splitHeldOut(const std::vector<std::string>& lines, int every)
{
    if (every < 2)
        throw InputError("--heldout-every must be at least 2, got " + std::to_string(every));
    CorpusSplit split;
    for (size_t i = 0; i < lines.size(); ++i)
        (int(i % every) == every - 1 ? split.heldOut : split.train).push_back(lines[i]);
    return split;
}

void writeTextFile(const std::string& path, const std::string& text)
{
    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out.write(text.data(), std::streamsize(text.size()));
        if (!out)
            throw Error("cannot write '" + tmp + "'");
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec)
        throw Error("cannot rename '" + tmp + "' to '" + path + "': " + ec.message());
}

} // namespace interlens::train
