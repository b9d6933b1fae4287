#include "tokenize/json_fields.h"

#include "common/error.h"

namespace interlens {

const nlohmann::json& requiredField(const nlohmann::json& object, const char* key, const std::string& context)
{
    if (!object.is_object())
        throw InputError(context + ": expected a JSON object");
    const auto it = object.find(key);
    if (it == object.end() || it->is_null())
        throw InputError(context + ": missing field '" + key + "'");
    return *it;
}

std::string requiredString(const nlohmann::json& object, const char* key, const std::string& context)
{
    const auto& value = requiredField(object, key, context);
    if (!value.is_string())
        throw InputError(context + ": field '" + key + "' must be a string");
    return value.get<std::string>();
}

const nlohmann::json& requiredArray(const nlohmann::json& object, const char* key, const std::string& context)
{
    const auto& value = requiredField(object, key, context);
    if (!value.is_array())
        throw InputError(context + ": field '" + key + "' must be an array");
    return value;
}

bool optionalBool(const nlohmann::json& object, const char* key, bool fallback, const std::string& context)
{
    const auto it = object.find(key);
    if (it == object.end() || it->is_null())
        return fallback;
    if (!it->is_boolean())
        throw InputError(context + ": field '" + key + "' must be true or false");
    return it->get<bool>();
}

namespace {
thread_local int nestingDepth = 0;
constexpr int kMaxNesting = 64;
} // namespace

NestingGuard::NestingGuard(const std::string& context)
{
    if (nestingDepth >= kMaxNesting)
        throw InputError(context + ": components nested too deeply (more than " +
                         std::to_string(kMaxNesting) + ")");
    ++nestingDepth;
}

NestingGuard::~NestingGuard()
{
    --nestingDepth;
}

} // namespace interlens
