#pragma once

#include <nlohmann/json_fwd.hpp>

#include <string>

namespace interlens {

// Reads and parses a JSON file (config.json, tokenizer.json, tokenizer_config.json), gunzipping it first when
// it is gzip-compressed (recognised by its magic bytes, so "tokenizer.json.gz" and a compressed file under any
// name both work). When `sha256` is given it receives the hex SHA-256 of the file's bytes as stored, which
// identifies the file in caches and sessions. Throws InputError naming the path for a missing, unreadable,
// truncated or corrupt file and for malformed JSON.
nlohmann::json readJsonFile(const std::string& path, std::string* sha256 = nullptr);

} // namespace interlens
