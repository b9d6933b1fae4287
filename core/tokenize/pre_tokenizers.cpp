#include "tokenize/pre_tokenizers.h"

#include "common/error.h"
#include "tokenize/byte_level.h"
#include "tokenize/json_fields.h"

#include <nlohmann/json.hpp>

namespace interlens {

namespace {

// GPT-2's pre-tokenization regex, used by ByteLevel(use_regex=true).
constexpr const char* kGpt2Regex =
    R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";

class SequencePreTokenizer final : public PreTokenizer
{
public:
    explicit SequencePreTokenizer(std::vector<std::unique_ptr<PreTokenizer>> steps)
        : m_steps(std::move(steps))
    {
    }
    void split(NormalizedString piece, std::vector<NormalizedString>& out) const override
    {
        std::vector<NormalizedString> current;
        current.push_back(std::move(piece));
        std::vector<NormalizedString> next;
        for (const auto& step : m_steps) {
            next.clear();
            for (auto& p : current)
                step->split(std::move(p), next);
            std::swap(current, next);
        }
        for (auto& p : current)
            out.push_back(std::move(p));
    }
    const Pattern* byteLevelSplitPattern() const override
    {
        if (m_steps.size() == 1)
            return m_steps[0]->byteLevelSplitPattern();
        if (m_steps.size() == 2 && m_steps[1]->isPlainByteLevelMap())
            return m_steps[0]->isolatedSplitPattern();
        return nullptr;
    }

private:
    std::vector<std::unique_ptr<PreTokenizer>> m_steps;
};

class ByteLevelPreTokenizer final : public PreTokenizer
{
public:
    ByteLevelPreTokenizer(bool addPrefixSpace, bool useRegex)
        : m_addPrefixSpace(addPrefixSpace), m_useRegex(useRegex),
          m_regex(Pattern::regex(kGpt2Regex, "ByteLevel pre-tokenizer"))
    {
    }
    void split(NormalizedString piece, std::vector<NormalizedString>& out) const override
    {
        if (m_addPrefixSpace && piece.text().rfind(' ', 0) != 0)
            piece.prepend(" ");
        const auto& bytes = ByteLevelAlphabet::instance().byteStrings();
        if (!m_useRegex) {
            piece.mapBytes(bytes);
            out.push_back(std::move(piece));
            return;
        }
        for (auto& word : piece.split(m_regex, SplitBehavior::Isolated)) {
            word.mapBytes(bytes);
            out.push_back(std::move(word));
        }
    }

    const Pattern* byteLevelSplitPattern() const override
    {
        return m_useRegex && !m_addPrefixSpace ? &m_regex : nullptr;
    }
    bool isPlainByteLevelMap() const override { return !m_useRegex && !m_addPrefixSpace; }

private:
    bool m_addPrefixSpace;
    bool m_useRegex;
    Pattern m_regex;
};

class SplitPreTokenizer final : public PreTokenizer
{
public:
    SplitPreTokenizer(Pattern pattern, SplitBehavior behavior, bool invert)
        : m_pattern(std::move(pattern)), m_behavior(behavior), m_invert(invert)
    {
    }
    void split(NormalizedString piece, std::vector<NormalizedString>& out) const override
    {
        for (auto& p : piece.split(m_pattern, m_behavior, m_invert))
            out.push_back(std::move(p));
    }

    const Pattern* isolatedSplitPattern() const override
    {
        return m_behavior == SplitBehavior::Isolated && !m_invert ? &m_pattern : nullptr;
    }

private:
    Pattern m_pattern;
    SplitBehavior m_behavior;
    bool m_invert;
};

enum class PrependScheme { Always, First, Never };

class MetaspacePreTokenizer final : public PreTokenizer
{
public:
    MetaspacePreTokenizer(std::string replacement, PrependScheme scheme, bool splitOnReplacement)
        : m_replacement(std::move(replacement)), m_scheme(scheme), m_split(splitOnReplacement),
          m_space(Pattern::literal(" ")), m_replacementPattern(Pattern::literal(m_replacement))
    {
    }
    void split(NormalizedString piece, std::vector<NormalizedString>& out) const override
    {
        piece.replace(m_space, m_replacement);
        const bool startsWithReplacement = piece.text().rfind(m_replacement, 0) == 0;
        if (!startsWithReplacement && (m_scheme == PrependScheme::Always ||
                                       (m_scheme == PrependScheme::First && piece.originalStart() == 0)))
            piece.prepend(m_replacement);
        if (!m_split) {
            if (!piece.empty())
                out.push_back(std::move(piece));
            return;
        }
        for (auto& p : piece.split(m_replacementPattern, SplitBehavior::MergedWithNext))
            out.push_back(std::move(p));
    }

private:
    std::string m_replacement;
    PrependScheme m_scheme;
    bool m_split;
    Pattern m_space;
    Pattern m_replacementPattern;
};

class DigitsPreTokenizer final : public PreTokenizer
{
public:
    explicit DigitsPreTokenizer(bool individual)
        : m_behavior(individual ? SplitBehavior::Isolated : SplitBehavior::Contiguous),
          m_digit(Pattern::regex("[0-9]", "Digits pre-tokenizer"))
    {
    }
    void split(NormalizedString piece, std::vector<NormalizedString>& out) const override
    {
        for (auto& p : piece.split(m_digit, m_behavior))
            out.push_back(std::move(p));
    }

private:
    SplitBehavior m_behavior;
    Pattern m_digit; // one match per digit, as HF's char predicate gives
};

PrependScheme prependScheme(const nlohmann::json& config, const std::string& context)
{
    const auto it = config.find("prepend_scheme");
    if (it == config.end() || it->is_null())
        return optionalBool(config, "add_prefix_space", true, context) ? PrependScheme::Always
                                                                       : PrependScheme::Never;
    const std::string name = it->is_string() ? it->get<std::string>() : std::string();
    if (name == "always")
        return PrependScheme::Always;
    if (name == "first")
        return PrependScheme::First;
    if (name == "never")
        return PrependScheme::Never;
    throw InputError(context + ": unknown prepend_scheme '" + name + "'");
}

} // namespace

std::unique_ptr<PreTokenizer> makePreTokenizer(const nlohmann::json& config)
{
    if (config.is_null())
        return nullptr;
    const std::string type = requiredString(config, "type", "pre_tokenizer");
    const std::string context = "pre_tokenizer " + type;
    if (type == "Sequence") {
        const NestingGuard guard(context);
        std::vector<std::unique_ptr<PreTokenizer>> steps;
        for (const auto& step : requiredArray(config, "pretokenizers", context))
            if (auto preTokenizer = makePreTokenizer(step))
                steps.push_back(std::move(preTokenizer));
        return std::make_unique<SequencePreTokenizer>(std::move(steps));
    }
    if (type == "ByteLevel")
        return std::make_unique<ByteLevelPreTokenizer>(
            optionalBool(config, "add_prefix_space", true, context),
            optionalBool(config, "use_regex", true, context));
    if (type == "Split")
        return std::make_unique<SplitPreTokenizer>(
            Pattern::fromJson(requiredField(config, "pattern", context), context),
            splitBehaviorFromName(requiredString(config, "behavior", context), context),
            optionalBool(config, "invert", false, context));
    if (type == "Metaspace")
        return std::make_unique<MetaspacePreTokenizer>(requiredString(config, "replacement", context),
                                                       prependScheme(config, context),
                                                       optionalBool(config, "split", true, context));
    if (type == "Digits")
        return std::make_unique<DigitsPreTokenizer>(
            optionalBool(config, "individual_digits", false, context));
    throw InputError("unsupported pre_tokenizer type '" + type + "'");
}

} // namespace interlens
