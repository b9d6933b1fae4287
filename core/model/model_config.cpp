#include "model/model_config.h"

#include "common/error.h"
#include "common/json_file.h"
#include "model/config_limits.h"

#include <nlohmann/json.hpp>

#include <algorithm>

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

void readGptNeoxKeys(const ConfigReader& r, ModelConfig& c);
// Which of the layers attend locally: config.json's "layer_types" ("sliding_attention" / "full_attention")
// where present, else `fallback(i)` (the rule of the transformers version that introduced the family).
std::vector<bool> slidingLayerList(const ConfigReader& r, const ModelConfig& c,
                                   bool (*fallback)(int64_t, int64_t), int64_t pattern)
{
    std::vector<bool> out;
    if (r.has("layer_types")) {
        const nlohmann::json& types = r.raw("layer_types");
        if (!types.is_array() || static_cast<int64_t>(types.size()) != c.numLayers)
            r.fail("layer_types", "must list one type per layer (" + std::to_string(c.numLayers) + ")");
        for (const auto& t : types) {
            if (t != "sliding_attention" && t != "full_attention")
                r.fail("layer_types", "entries must be \"sliding_attention\" or \"full_attention\"");
            out.push_back(t == "sliding_attention");
        }
        return out;
    }
    for (int64_t i = 0; i < c.numLayers; ++i)
        out.push_back(fallback(i, pattern));
    return out;
}

// Gemma-2 and Gemma-3 (model_type gemma3_text): soft-capping, query_pre_attn_scalar, local/global layers.
// Defaults are those of transformers' Gemma2Config / Gemma3TextConfig.
void readGemma2Keys(const ConfigReader& r, ModelConfig& c)
{
    const bool gemma3 = c.modelType == "gemma3_text";
    c.tieWordEmbeddings = r.boolean("tie_word_embeddings", true);
    c.queryPreAttnScalar = r.number("query_pre_attn_scalar", 256);
    c.attnLogitSoftcap = r.number("attn_logit_softcapping", gemma3 ? 0.0 : 50.0);
    c.finalLogitSoftcap = r.number("final_logit_softcapping", gemma3 ? 0.0 : 30.0);
    c.slidingWindow = r.integer("sliding_window", 4096);
    if (gemma3) {
        c.ropeLocalTheta = r.number("rope_local_base_freq", 10000.0);
        // Gemma-3: layer i is local unless (i + 1) is a multiple of sliding_window_pattern.
        c.slidingLayers = slidingLayerList(
            r, c, [](int64_t i, int64_t p) { return (i + 1) % p != 0; },
            r.integer("sliding_window_pattern", 6));
    } else {
        // Gemma-2: even layers are local.
        c.slidingLayers = slidingLayerList(
            r, c, [](int64_t i, int64_t) { return i % 2 == 0; }, 2);
    }
    if (c.queryPreAttnScalar <= 0)
        r.fail("query_pre_attn_scalar", "must be positive");
    if (c.attnLogitSoftcap < 0 || c.finalLogitSoftcap < 0)
        r.fail(c.attnLogitSoftcap < 0 ? "attn_logit_softcapping" : "final_logit_softcapping",
               "must not be negative");
}

// Mixtral and Qwen2-MoE routing; Qwen3's and Qwen2-MoE's unsupported sliding-window option.
void readMoeAndQwenKeys(const ConfigReader& r, ModelConfig& c)
{
    if ((c.modelType == "qwen3" || c.modelType == "qwen2_moe") && r.boolean("use_sliding_window", false))
        r.fail("use_sliding_window", "true is not supported");
    if (c.modelType == "mixtral") {
        c.slidingWindow = r.integer("sliding_window", 0);
        c.numExperts = r.integer("num_local_experts");
        c.moeIntermediateSize = c.intermediateSize;
        c.normTopkProb = true;
    } else if (c.modelType == "qwen2_moe") {
        c.numExperts = r.integer("num_experts");
        c.moeIntermediateSize = r.integer("moe_intermediate_size");
        c.sharedExpertIntermediateSize = r.integer("shared_expert_intermediate_size", 0);
        c.normTopkProb = r.boolean("norm_topk_prob", false);
        // transformers: layer i is sparse iff i is not in mlp_only_layers and (i + 1) % decoder_sparse_step
        // == 0.
        const int64_t step = r.integer("decoder_sparse_step", 1);
        if (step < 1)
            r.fail("decoder_sparse_step", "must be positive");
        c.denseLayers.assign(static_cast<size_t>(std::max<int64_t>(c.numLayers, 0)), false);
        for (int64_t i = 0; i < c.numLayers; ++i)
            c.denseLayers[static_cast<size_t>(i)] = (i + 1) % step != 0;
        if (r.has("mlp_only_layers")) {
            const nlohmann::json& dense = r.raw("mlp_only_layers");
            if (!dense.is_array())
                r.fail("mlp_only_layers", "is not a list of layer indices");
            for (const auto& i : dense) {
                if (!i.is_number_integer() || i.get<int64_t>() < 0 || i.get<int64_t>() >= c.numLayers)
                    r.fail("mlp_only_layers", "entries must be layer indices below num_hidden_layers");
                c.denseLayers[i.get<size_t>()] = true;
            }
        }
    } else {
        return;
    }
    c.numExpertsPerToken = r.integer("num_experts_per_tok");
    if (c.numExperts < 1)
        r.fail(c.modelType == "mixtral" ? "num_local_experts" : "num_experts", "must be positive");
    if (c.numExpertsPerToken < 1 || c.numExpertsPerToken > c.numExperts)
        r.fail("num_experts_per_tok", "must lie in 1 .. the number of experts");
    if (c.moeIntermediateSize < 1 || c.sharedExpertIntermediateSize < 0)
        r.fail("moe_intermediate_size", "must be positive");
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
    const bool layerNorm = c.modelType == "phi" || c.modelType == "gpt_neox" || c.modelType == "stablelm";
    if (c.modelType == "olmo")
        c.normEps = 1e-5; // OLMo's non-parametric LayerNorm: fixed, not in config.json
    else
        c.normEps = layerNorm ? r.number("layer_norm_eps", 1e-5) : r.number("rms_norm_eps");
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
    if (c.modelType == "gpt_neox")
        readGptNeoxKeys(r, c);
    if (c.modelType == "stablelm") {
        c.partialRotaryFactor = r.number("partial_rotary_factor", 0.25);
        c.parallelResidual = r.boolean("use_parallel_residual", false);
        c.qkvBias = r.boolean("use_qkv_bias", false);
        c.qkNorm = r.boolean("qk_layernorm", false);
    }
    if (c.modelType == "olmo") {
        c.clipQkv = r.has("clip_qkv") ? r.number("clip_qkv") : 0.0;
        if (r.has("clip_qkv") && c.clipQkv <= 0)
            r.fail("clip_qkv", "must be positive");
    }
    if (c.modelType == "gemma2" || c.modelType == "gemma3_text")
        readGemma2Keys(r, c);
    readMoeAndQwenKeys(r, c);
}

// GPT-NeoX (Pythia): rotary_pct and rotary_emb_base (HF's own names; partial_rotary_factor and rope_theta are
// later aliases), parallel residual and attention biases on by default, untied embed_out.
void readGptNeoxKeys(const ConfigReader& r, ModelConfig& c)
{
    c.partialRotaryFactor = r.number("rotary_pct", r.number("partial_rotary_factor", 0.25));
    c.ropeTheta = r.number("rotary_emb_base", r.number("rope_theta", 10000.0));
    c.parallelResidual = r.boolean("use_parallel_residual", true);
    c.attentionBias = r.boolean("attention_bias", true);
}

// Falcon's own key names (older configs: n_layer, n_head). ALiBi models are refused; every RoPE variant
// loads: the new decoder architecture (grouped QKV, ln_attn/ln_mlp) and the older multi-query or per-head
// layouts.
void readFalconKeys(const ConfigReader& r, ModelConfig& c)
{
    c.hiddenSize = r.integer("hidden_size");
    c.numLayers = r.has("num_hidden_layers") ? r.integer("num_hidden_layers") : r.integer("n_layer");
    c.numHeads = r.has("num_attention_heads") ? r.integer("num_attention_heads") : r.integer("n_head");
    c.falconNewDecoder = r.boolean("new_decoder_architecture", false);
    if (c.falconNewDecoder)
        c.numKvHeads = r.integer("num_kv_heads", c.numHeads);
    else
        c.numKvHeads = r.boolean("multi_query", true) ? 1 : c.numHeads;
    c.headDim = c.numHeads > 0 ? c.hiddenSize / c.numHeads : 0;
    c.intermediateSize = r.integer("ffn_hidden_size", 4 * c.hiddenSize);
    c.maxPositions = r.integer("max_position_embeddings", 0);
    c.normEps = r.number("layer_norm_epsilon", 1e-5);
    c.activation = r.string("activation", "gelu");
    c.attentionBias = r.boolean("bias", false);
    c.mlpBias = c.attentionBias;
    c.tieWordEmbeddings = r.boolean("tie_word_embeddings", true);
    c.parallelResidual = r.boolean("parallel_attn", true);
    c.parallelNorms = c.falconNewDecoder ? r.integer("num_ln_in_parallel_attn", 2) : 1;
    c.ropeTheta = r.number("rope_theta", 10000.0);
    readRopeScaling(r, c);
    if (r.boolean("alibi", false))
        r.fail("alibi", "true is not supported (ALiBi positions); Interlens runs Falcon's RoPE models");
    if (c.falconNewDecoder && !c.parallelResidual)
        r.fail("parallel_attn", "false is not supported with new_decoder_architecture");
    if (c.parallelNorms != 1 && c.parallelNorms != 2)
        r.fail("num_ln_in_parallel_attn", "must be 1 or 2");
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
    else if (c.modelType == "falcon")
        readFalconKeys(r, c);
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
