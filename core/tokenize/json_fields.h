#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace interlens {

// Typed access to tokenizer.json fields; each throws InputError "<context>: ..." when the field is missing or
// has the wrong type, so a malformed file is reported by the component it breaks.
const nlohmann::json& requiredField(const nlohmann::json& object, const char* key,
                                    const std::string& context);
std::string requiredString(const nlohmann::json& object, const char* key, const std::string& context);
const nlohmann::json& requiredArray(const nlohmann::json& object, const char* key,
                                    const std::string& context);
// A boolean field that may be absent (or null): `fallback` then.
bool optionalBool(const nlohmann::json& object, const char* key, bool fallback, const std::string& context);

// Counts nested Sequence components while they are built; throws InputError "<context>: nested too deeply"
// beyond 64 levels, so a hostile file cannot exhaust the stack.
class NestingGuard
{
public:
    explicit NestingGuard(const std::string& context);
    ~NestingGuard();
    NestingGuard(const NestingGuard&) = delete;
    NestingGuard& operator=(const NestingGuard&) = delete;
};

} // namespace interlens
