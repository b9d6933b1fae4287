#pragma once

#include <functional>
#include <string>

namespace interlens::store {

// Replaces `path` atomically: `write` fills a fresh temporary file in the same directory (so the rename
// cannot cross file systems), the temporary is flushed to disk and renamed over `path`. If `write` throws, or
// the process dies before the rename, `path` keeps its previous content; a failed attempt removes its
// temporary file. Throws InputError naming `path` when the directory cannot take a new file or the rename
// fails.
void writeAtomically(const std::string& path, const std::function<void(const std::string& tempPath)>& write);

// The name writeAtomically uses for its temporary: "<dir>/.<name>.tmp-<pid>-<random>" (hidden, same
// directory).
std::string temporarySibling(const std::string& path);

} // namespace interlens::store
