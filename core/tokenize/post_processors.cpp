#include "tokenize/post_processors.h"

#include "common/error.h"
#include "tokenize/json_fields.h"
#include "tokenize/utf8.h"

#include <nlohmann/json.hpp>

namespace interlens {

namespace {

class TemplateProcessor final : public PostProcessor
{
public:
    // One element of the "single" template: the input sequence, or the ids/tokens of a special token.
    struct Item
    {
        bool isSequence = false;
        std::vector<TokenId> ids;
        std::vector<std::string> tokens;
    };

    explicit TemplateProcessor(std::vector<Item> items) : m_items(std::move(items)) {}

    void process(Encoding& encoding, bool addSpecialTokens) const override
    {
        if (!addSpecialTokens)
            return;
        Encoding result;
        for (const Item& item : m_items) {
            if (item.isSequence) {
                result.ids.insert(result.ids.end(), encoding.ids.begin(), encoding.ids.end());
                result.offsets.insert(result.offsets.end(), encoding.offsets.begin(), encoding.offsets.end());
                result.tokens.insert(result.tokens.end(), encoding.tokens.begin(), encoding.tokens.end());
                result.specialTokensMask.insert(result.specialTokensMask.end(),
                                                encoding.specialTokensMask.begin(),
                                                encoding.specialTokensMask.end());
                continue;
            }
            result.ids.insert(result.ids.end(), item.ids.begin(), item.ids.end());
            result.tokens.insert(result.tokens.end(), item.tokens.begin(), item.tokens.end());
            result.offsets.insert(result.offsets.end(), item.ids.size(), CharSpan{});
            result.specialTokensMask.insert(result.specialTokensMask.end(), item.ids.size(), true);
        }
        encoding = std::move(result);
    }

    std::optional<TokenId> leadingSpecialId() const override
    {
        if (m_items.empty() || m_items.front().isSequence || m_items.front().ids.empty())
            return std::nullopt;
        return m_items.front().ids.front();
    }
    std::optional<TokenId> trailingSpecialId() const override
    {
        if (m_items.empty() || m_items.back().isSequence || m_items.back().ids.empty())
            return std::nullopt;
        return m_items.back().ids.back();
    }

private:
    std::vector<Item> m_items;
};

class ByteLevelProcessor final : public PostProcessor
{
public:
    ByteLevelProcessor(bool trimOffsets, bool addPrefixSpace)
        : m_trimOffsets(trimOffsets), m_addPrefixSpace(addPrefixSpace)
    {
    }

    // HF byte_level::process_offsets: offsets leave out the leading and trailing spaces ('Ġ') of a token.
    void process(Encoding& encoding, bool) const override
    {
        if (!m_trimOffsets)
            return;
        for (size_t i = 0; i < encoding.size(); ++i) {
            const std::u32string token = decodeUtf8(encoding.tokens[i]);
            auto isSpace = [](char32_t c) { return c == U'\u0120' || isUnicodeWhiteSpace(c); };
            size_t leading = 0;
            while (leading < token.size() && isSpace(token[leading]))
                ++leading;
            size_t trailing = 0;
            while (trailing < token.size() && isSpace(token[token.size() - 1 - trailing]))
                ++trailing;
            CharSpan& span = encoding.offsets[i];
            if (leading > 0) {
                const bool isFirst = i == 0 || span.start == 0;
                if (!(isFirst && m_addPrefixSpace && leading == 1))
                    span.start = std::min(span.start + static_cast<int>(leading), span.end);
            }
            if (trailing > 0 && span.end >= static_cast<int>(trailing))
                span.end = std::max(span.end - static_cast<int>(trailing), span.start);
        }
    }

private:
    bool m_trimOffsets;
    bool m_addPrefixSpace;
};

class SequenceProcessor final : public PostProcessor
{
public:
    explicit SequenceProcessor(std::vector<std::unique_ptr<PostProcessor>> steps) : m_steps(std::move(steps))
    {
    }
    void process(Encoding& encoding, bool addSpecialTokens) const override
    {
        for (const auto& step : m_steps)
            step->process(encoding, addSpecialTokens);
    }
    std::optional<TokenId> leadingSpecialId() const override
    {
        for (const auto& step : m_steps)
            if (auto id = step->leadingSpecialId())
                return id;
        return std::nullopt;
    }
    std::optional<TokenId> trailingSpecialId() const override
    {
        for (const auto& step : m_steps)
            if (auto id = step->trailingSpecialId())
                return id;
        return std::nullopt;
    }

private:
    std::vector<std::unique_ptr<PostProcessor>> m_steps;
};

std::unique_ptr<PostProcessor> makeTemplate(const nlohmann::json& config, const std::string& context)
{
    const auto& specialTokens = requiredField(config, "special_tokens", context);
    std::vector<TemplateProcessor::Item> items;
    for (const auto& element : requiredArray(config, "single", context)) {
        TemplateProcessor::Item item;
        if (element.is_object() && element.contains("Sequence")) {
            item.isSequence = true;
        } else if (element.is_object() && element.contains("SpecialToken")) {
            const std::string name = requiredString(element["SpecialToken"], "id", context + " single");
            if (!specialTokens.is_object() || !specialTokens.contains(name))
                throw InputError(context + ": special token '" + name +
                                 "' is used but not in special_tokens");
            const auto& entry = specialTokens[name];
            for (const auto& id : requiredArray(entry, "ids", context + " special_tokens." + name)) {
                if (!id.is_number_integer() || id.get<int64_t>() < 0 || id.get<int64_t>() > INT32_MAX)
                    throw InputError(context + ": special_tokens." + name + " has an invalid id");
                item.ids.push_back(id.get<TokenId>());
            }
            for (const auto& token : requiredArray(entry, "tokens", context + " special_tokens." + name))
                item.tokens.push_back(token.is_string() ? token.get<std::string>() : std::string());
            if (item.tokens.size() != item.ids.size())
                throw InputError(context + ": special_tokens." + name +
                                 " has different numbers of ids and tokens");
        } else {
            throw InputError(context +
                             ": template elements must be {\"Sequence\": ...} or {\"SpecialToken\": ...}");
        }
        items.push_back(std::move(item));
    }
    return std::make_unique<TemplateProcessor>(std::move(items));
}

} // namespace

std::unique_ptr<PostProcessor> makePostProcessor(const nlohmann::json& config)
{
    if (config.is_null())
        return nullptr;
    const std::string type = requiredString(config, "type", "post_processor");
    const std::string context = "post_processor " + type;
    if (type == "TemplateProcessing")
        return makeTemplate(config, context);
    if (type == "ByteLevel")
        return std::make_unique<ByteLevelProcessor>(optionalBool(config, "trim_offsets", true, context),
                                                    optionalBool(config, "add_prefix_space", true, context));
    if (type == "Sequence") {
        const NestingGuard guard(context);
        std::vector<std::unique_ptr<PostProcessor>> steps;
        for (const auto& step : requiredArray(config, "processors", context))
            if (auto processor = makePostProcessor(step))
                steps.push_back(std::move(processor));
        return std::make_unique<SequenceProcessor>(std::move(steps));
    }
    throw InputError("unsupported post_processor type '" + type + "'");
}

} // namespace interlens
