#pragma once

#include <cstdint>
#include <string>

namespace interlens {

// Every file reader goes through these two, so that no input can hang or exhaust memory before it is parsed:
// only regular files are read (a FIFO, a device, a socket or a directory would block forever, never end, or
// mean a typo), and a file larger than what its kind can sensibly be is refused before a byte is read. The
// file is opened without blocking and checked on the open descriptor, so a path swapped for a FIFO in between
// cannot block either. Messages name the path and `what` the file was supposed to be ("config.json", "prompt
// file").

// Size limits of the kinds of text file Interlens reads whole (generous: ten times the largest real ones).
inline constexpr std::uint64_t kMaxConfigBytes = 16ull << 20;   // config.json, tokenizer_config.json, index
inline constexpr std::uint64_t kMaxTokenizerBytes = 1ull << 30; // tokenizer.json (also after gunzip)
inline constexpr std::uint64_t kMaxTextInputBytes = 4ull << 30; // prompt files, games, corpora

// Checks that `path` is a readable regular file of at most `maxBytes` bytes and returns its size. Throws
// InputError naming the path otherwise.
std::uint64_t checkRegularFile(const std::string& path, std::uint64_t maxBytes, const std::string& what);

// The bytes of `path` after the same checks. A file that grows past `maxBytes` while it is read is refused
// too.
std::string readRegularFile(const std::string& path, std::uint64_t maxBytes, const std::string& what);

// "1.5 GB": a byte count for messages.
std::string describeBytes(double bytes);

} // namespace interlens
