#include "tokenize/normalizers.h"

#include "common/error.h"
#include "tokenize/json_fields.h"
#include "tokenize/unicode_nfc.h"

#include <nlohmann/json.hpp>

namespace interlens {

namespace {

class SequenceNormalizer final : public Normalizer
{
public:
    explicit SequenceNormalizer(std::vector<std::unique_ptr<Normalizer>> steps) : m_steps(std::move(steps)) {}
    void normalize(NormalizedString& text) const override
    {
        for (const auto& step : m_steps)
            step->normalize(text);
    }

private:
    std::vector<std::unique_ptr<Normalizer>> m_steps;
};

class PrependNormalizer final : public Normalizer
{
public:
    explicit PrependNormalizer(std::string prefix) : m_prefix(std::move(prefix)) {}
    void normalize(NormalizedString& text) const override { text.prepend(m_prefix); }

private:
    std::string m_prefix;
};

class ReplaceNormalizer final : public Normalizer
{
public:
    ReplaceNormalizer(Pattern pattern, std::string content)
        : m_pattern(std::move(pattern)), m_content(std::move(content))
    {
    }
    void normalize(NormalizedString& text) const override { text.replace(m_pattern, m_content); }

private:
    Pattern m_pattern;
    std::string m_content;
};

class NfcNormalizer final : public Normalizer
{
public:
    void normalize(NormalizedString& text) const override
    {
        const auto composed = nfcWithSources(text.text());
        if (!composed.empty())
            text.rebuild(composed);
    }
};

} // namespace

std::unique_ptr<Normalizer> makeNormalizer(const nlohmann::json& config)
{
    if (config.is_null())
        return nullptr;
    const std::string type = requiredString(config, "type", "normalizer");
    const std::string context = "normalizer " + type;
    if (type == "Sequence") {
        const NestingGuard guard(context);
        std::vector<std::unique_ptr<Normalizer>> steps;
        for (const auto& step : requiredArray(config, "normalizers", context))
            if (auto normalizer = makeNormalizer(step))
                steps.push_back(std::move(normalizer));
        return std::make_unique<SequenceNormalizer>(std::move(steps));
    }
    if (type == "Prepend")
        return std::make_unique<PrependNormalizer>(requiredString(config, "prepend", context));
    if (type == "Replace")
        return std::make_unique<ReplaceNormalizer>(
            Pattern::fromJson(requiredField(config, "pattern", context), context),
            requiredString(config, "content", context));
    if (type == "NFC")
        return std::make_unique<NfcNormalizer>();
    throw InputError("unsupported normalizer type '" + type + "'");
}

} // namespace interlens
