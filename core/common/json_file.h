#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <exception>
#include <string>

namespace interlens {

// Reads and parses a JSON file (config.json, tokenizer.json, tokenizer_config.json), gunzipping it first when
// it is gzip-compressed (recognised by its magic bytes, so "tokenizer.json.gz" and a compressed file under
// any name both work). When `sha256` is given it receives the hex SHA-256 of the file's bytes as stored,
// which identifies the file in caches and sessions. Throws InputError naming the path for a missing,
// unreadable, truncated or corrupt file and for malformed JSON, and for anything but a regular file or a file
// (or its gunzipped content) larger than `maxBytes` (common/regular_file.h).
nlohmann::json readJsonFile(const std::string& path, std::string* sha256 = nullptr,
                            std::uint64_t maxBytes = 16ull << 20 /* kMaxConfigBytes */);

// A parse error's message without nlohmann's "last read: '...'" excerpt: the bytes of a file that is not JSON
// at all (a binary, a symlink to a secret) are never echoed into an error message.
std::string jsonErrorWithoutContent(const std::exception& e);

} // namespace interlens
