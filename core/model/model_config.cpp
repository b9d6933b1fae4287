#include "model/model_config.h"

#include "common/error.h"
#include "common/json_file.h"
#include "model/config_limits.h"


#include <nlohmann/json.hpp>

namespace interlens {

namespace {

// Typed access to config.json keys with messages that name the key and the file.
class ConfigReader
{
public:
    ConfigReader(const nlohmann::json& json, std::string path) : m_json(json), m_path(std::move(path)) {}

    bool has(const std::string& key) const { return m_json.contains(key) && !m_json[key].is_null(); }

    int64_t integer(const std::string& key) const
    {
        require(key);
        return integerValue(key);
    }
    int64_t integer(const std::string& key, int64_t fallback) const
    {
        return has(key) ? integerValue(key) : fallback;
    }
    double number(const std::string& key) const
    {
        require(key);
        return numberValue(key);
    }
    double number(const std::string& key, double fallback) const
    {
        return has(key) ? numberValue(key) : fallback;
    }
    bool boolean(const std::string& key, bool fallback) const
    {
        if (!has(key))
            return fallback;
        if (!m_json[key].is_boolean())
            fail(key, "is not true/false");
        return m_json[key].get<bool>();
    }
    std::string string(const std::string& key) const
    {
        require(key);
        return stringValue(key);
    }
    std::string string(const std::string& key, const std::string& fallback) const
    {
        return has(key) ? stringValue(key) : fallback;
    }
    std::optional<int64_t> optionalId(const std::string& key) const
    {
        // eos_token_id may be a list in some configs; the first entry is the one we report.
        if (has(key) && m_json[key].is_array() && !m_json[key].empty() && m_json[key][0].is_number_integer())
            return m_json[key][0].get<int64_t>();
        return has(key) ? std::optional<int64_t>(integerValue(key)) : std::nullopt;
    }
    const nlohmann::json& raw(const std::string& key) const { return m_json[key]; }
    [[noreturn]] void fail(const std::string& key, const std::string& what) const
    {
        throw InputError(fileMessage(m_path, "key \"" + key + "\" " + what));
    }

private:
    void require(const std::string& key) const
    {
        if (!has(key))
            throw InputError(fileMessage(m_path, "missing required key \"" + key + "\""));
    }
    int64_t integerValue(const std::string& key) const
    {
        if (!m_json[key].is_number_integer())
            fail(key, "is not an integer");
        return m_json[key].get<int64_t>();
    }
    double numberValue(const std::string& key) const
    {
        if (!m_json[key].is_number())
            fail(key, "is not a number");
        return m_json[key].get<double>();
    }
    std::string stringValue(const std::string& key) const
    {
        if (!m_json[key].is_string())
            fail(key, "is not a string");
        return m_json[key].get<std::string>();
    }

    const nlohmann::json& m_json;
    std::string m_path;
};

void readGpt2Keys(const ConfigReader& r, ModelConfig& c)
{
    c.hiddenSize = r.integer("n_embd");
    c.numLayers = r.integer("n_layer");
    c.numHeads = r.integer("n_head");
    c.numKvHeads = c.numHeads;
    c.intermediateSize = r.integer("n_inner", 4 * c.hiddenSize);
    c.maxPositions = r.integer("n_positions");
    c.normEps = r.number("layer_norm_epsilon", 1e-5);
    c.activation = r.string("activation_function", "gelu_new");
    c.tieWordEmbeddings = r.boolean("tie_word_embeddings", true);
    c.scaleAttnByInverseLayerIdx = r.boolean("scale_attn_by_inverse_layer_idx", false);
    if (!r.boolean("scale_attn_weights", true))
        r.fail("scale_attn_weights", "false is not supported");
}

void readRopeScaling(const ConfigReader& r, ModelConfig& c)
{
    if (!r.has("rope_scaling"))
        return;
    const nlohmann::json& s = r.raw("rope_scaling");
    if (!s.is_object())
        r.fail("rope_scaling", "is not an object");
    const ConfigReader sr(s, c.directory + "/config.json (rope_scaling)");
    c.ropeScaling.type = sr.has("rope_type") ? sr.string("rope_type") : sr.string("type");
    if (c.ropeScaling.type == "default")
        return;
    c.ropeScaling.factor = sr.number("factor");
    if (c.ropeScaling.type == "llama3") {
        c.ropeScaling.lowFreqFactor = sr.number("low_freq_factor");
        c.ropeScaling.highFreqFactor = sr.number("high_freq_factor");
        c.ropeScaling.originalMaxPositions = sr.integer("original_max_position_embeddings");
    } else if (c.ropeScaling.type != "linear") {
        r.fail("rope_scaling",
               "has rope_type \"" + c.ropeScaling.type + "\"; supported: default, linear, llama3");
    }
}

void readDecoderKeys(const ConfigReader& r, ModelConfig& c)
{
    c.hiddenSize = r.integer("hidden_size");
    c.numLayers = r.integer("num_hidden_layers");
    c.numHeads = r.integer("num_attention_heads");
    c.numKvHeads = r.integer("num_key_value_heads", c.numHeads);
    c.intermediateSize = r.integer("intermediate_size");
    c.maxPositions = r.integer("max_position_embeddings", 0);
    if (c.numHeads > 0)
        c.headDim = r.integer("head_dim", c.hiddenSize / c.numHeads);
    const bool layerNorm = c.modelType == "phi";
    c.normEps = layerNorm ? r.number("layer_norm_eps") : r.number("rms_norm_eps");
    // Gemma names its activation hidden_activation (hidden_act is the legacy key).
    c.activation = r.has("hidden_activation") ? r.string("hidden_activation") : r.string("hidden_act");
    const bool tiedByDefault = c.modelType == "gemma";
    c.tieWordEmbeddings = r.boolean("tie_word_embeddings", tiedByDefault);
    c.attentionBias = r.boolean("attention_bias", false);
    c.mlpBias = r.boolean("mlp_bias", false);
    c.ropeTheta = r.number("rope_theta", 10000.0);
    c.partialRotaryFactor = r.number("partial_rotary_factor", 1.0);
    readRopeScaling(r, c);
    if (c.modelType == "mistral" || c.modelType == "phi3")
        c.slidingWindow = r.integer("sliding_window", 0);
    if (c.modelType == "qwen2" && r.boolean("use_sliding_window", false))
        r.fail("use_sliding_window", "true is not supported");
    if (c.modelType == "phi" && r.boolean("qk_layernorm", false))
        r.fail("qk_layernorm", "true is not supported");
}

} // namespace

ModelConfig readModelConfig(const std::string& directory)
{
    const std::string path = directory + "/config.json";
    std::string configHash;
    const nlohmann::json json = readJsonFile(path, &configHash);
    if (!json.is_object())
        throw InputError(fileMessage(path, "is not a JSON object"));
    const ConfigReader r(json, path);

    ModelConfig c;
    c.directory = directory;
    c.configHash = configHash;
    c.modelType = r.string("model_type");
    c.architecture = c.modelType;
    if (r.has("architectures") && r.raw("architectures").is_array() && !r.raw("architectures").empty() &&
        r.raw("architectures")[0].is_string())
        c.architecture = r.raw("architectures")[0].get<std::string>();
    c.vocabSize = r.integer("vocab_size");
    if (c.modelType == "gpt2")
        readGpt2Keys(r, c);
    else
        readDecoderKeys(r, c);
    if (c.headDim == 0 && c.numHeads > 0)
        c.headDim = c.hiddenSize / c.numHeads;
    c.bosTokenId = r.optionalId("bos_token_id");
    c.eosTokenId = r.optionalId("eos_token_id");
    c.padTokenId = r.optionalId("pad_token_id");
    c.torchDtype = r.string("torch_dtype", "float32");

    auto positive = [&](const char* key, int64_t v) {
        if (v <= 0)
            r.fail(key, "must be positive (got " + std::to_string(v) + ")");
    };
    positive("vocab_size", c.vocabSize);
    positive("hidden_size", c.hiddenSize);
    positive("num_hidden_layers", c.numLayers);
    positive("num_attention_heads", c.numHeads);
    positive("num_key_value_heads", c.numKvHeads);
    positive("head_dim", c.headDim);
    positive("intermediate_size", c.intermediateSize);
    if (c.numHeads % c.numKvHeads != 0)
        r.fail("num_key_value_heads", "must divide num_attention_heads");
    if (c.partialRotaryFactor <= 0 || c.partialRotaryFactor > 1 || c.rotaryDim() < 2 ||
        c.rotaryDim() % 2 != 0)
        r.fail("partial_rotary_factor", "must give an even rotary dimension in (0, head_dim]");
    if (c.slidingWindow < 0)
        r.fail("sliding_window", "must not be negative");
    checkConfigValues(c, path);
    return c;
}

} // namespace interlens
