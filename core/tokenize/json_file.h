#pragma once

#include <nlohmann/json_fwd.hpp>

#include <string>

namespace interlens {

// Reads and parses a JSON file, gunzipping it first when it is gzip-compressed (recognised by its magic
// bytes, so "tokenizer.json.gz" and a compressed file under any name both work). Throws InputError naming the
// path for a missing, unreadable, truncated or corrupt file and for invalid JSON.
nlohmann::json readJsonFile(const std::string& path);

} // namespace interlens
