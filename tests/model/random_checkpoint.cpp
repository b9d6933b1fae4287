#include "random_checkpoint.h"

#include "model/safetensors_writer.h"

#include <QDir>
#include <QFile>

#include <stdexcept>

namespace interlens::test {

namespace {

class WeightMaker
{
public:
    WeightMaker(const RandomModelSpec& spec)
        : m_spec(spec), m_generator(at::detail::createCPUGenerator(spec.seed))
    {
    }

    void matrix(const std::string& name, int64_t rows, int64_t cols)
    {
        add(name, at::randn({rows, cols}, m_generator, at::kFloat) * m_spec.weightScale);
    }
    void gain(const std::string& name, int64_t n)
    {
        add(name, 1.0 + 0.1 * at::randn({n}, m_generator, at::kFloat));
    }
    void offset(const std::string& name, int64_t n)
    {
        add(name, 0.1 * at::randn({n}, m_generator, at::kFloat));
    }
    void linear(const std::string& prefix, int64_t out, int64_t in, bool bias)
    {
        matrix(prefix + ".weight", out, in);
        if (bias)
            offset(prefix + ".bias", out);
    }
    // GPT-2's Conv1D: weight [in, out], bias [out].
    void conv1d(const std::string& prefix, int64_t in, int64_t out)
    {
        matrix(prefix + ".weight", in, out);
        offset(prefix + ".bias", out);
    }
    void layerNorm(const std::string& prefix, int64_t n)
    {
        gain(prefix + ".weight", n);
        offset(prefix + ".bias", n);
    }

    std::vector<std::pair<std::string, at::Tensor>> take() { return std::move(m_out); }

private:
    void add(const std::string& name, const at::Tensor& t) { m_out.emplace_back(name, t.to(m_spec.dtype)); }

    const RandomModelSpec& m_spec;
    at::Generator m_generator;
    std::vector<std::pair<std::string, at::Tensor>> m_out;
};

int64_t headDimOf(const RandomModelSpec& s)
{
    return s.headDim > 0 ? s.headDim : s.hidden / s.heads;
}

std::string dtypeName(at::ScalarType t)
{
    return t == at::kHalf ? "float16" : t == at::kBFloat16 ? "bfloat16" : "float32";
}

void gpt2Weights(const RandomModelSpec& s, WeightMaker& w)
{
    const int64_t h = s.hidden;
    w.matrix("transformer.wte.weight", s.vocab, h);
    w.matrix("transformer.wpe.weight", s.maxPositions, h);
    for (int64_t i = 0; i < s.layers; ++i) {
        const std::string p = "transformer.h." + std::to_string(i);
        w.layerNorm(p + ".ln_1", h);
        w.conv1d(p + ".attn.c_attn", h, 3 * h);
        w.conv1d(p + ".attn.c_proj", h, h);
        w.layerNorm(p + ".ln_2", h);
        w.conv1d(p + ".mlp.c_fc", h, s.intermediate);
        w.conv1d(p + ".mlp.c_proj", s.intermediate, h);
    }
    w.layerNorm("transformer.ln_f", h);
    if (!s.tied)
        w.matrix("lm_head.weight", s.vocab, h);
}

// Gemma-2/3 (sandwich norms; Gemma-3 adds per-head q/k norms), Qwen3 (per-head q/k norms), Mixtral and
// Qwen2-MoE (4 experts; Qwen2-MoE with q/k/v biases and a gated shared expert).
bool laterFamily(const std::string& type)
{
    return type == "gemma2" || type == "gemma3_text" || type == "qwen3" || type == "mixtral" ||
           type == "qwen2_moe";
}

constexpr int64_t kRandomExperts = 4;

void laterFamilyWeights(const RandomModelSpec& s, WeightMaker& w)
{
    const int64_t h = s.hidden;
    const int64_t d = headDimOf(s);
    const bool gemma = s.modelType == "gemma2" || s.modelType == "gemma3_text";
    const bool qwenMoe = s.modelType == "qwen2_moe";
    auto norm = [&](const std::string& name, int64_t n) {
        if (gemma)
            w.offset(name + ".weight", n);
        else
            w.gain(name + ".weight", n);
    };
    w.matrix("model.embed_tokens.weight", s.vocab, h);
    for (int64_t i = 0; i < s.layers; ++i) {
        const std::string p = "model.layers." + std::to_string(i);
        norm(p + ".input_layernorm", h);
        w.linear(p + ".self_attn.q_proj", s.heads * d, h, qwenMoe);
        w.linear(p + ".self_attn.k_proj", s.kvHeads * d, h, qwenMoe);
        w.linear(p + ".self_attn.v_proj", s.kvHeads * d, h, qwenMoe);
        w.linear(p + ".self_attn.o_proj", h, s.heads * d, false);
        if (s.modelType == "gemma3_text" || s.modelType == "qwen3") {
            norm(p + ".self_attn.q_norm", d);
            norm(p + ".self_attn.k_norm", d);
        }
        norm(p + ".post_attention_layernorm", h);
        if (gemma) {
            norm(p + ".pre_feedforward_layernorm", h);
            norm(p + ".post_feedforward_layernorm", h);
        }
        auto swiglu = [&](const std::string& q, const std::string& gate, const std::string& up,
                          const std::string& down, int64_t width) {
            w.linear(q + gate, width, h, false);
            w.linear(q + up, width, h, false);
            w.linear(q + down, h, width, false);
        };
        if (s.modelType == "mixtral") {
            w.linear(p + ".block_sparse_moe.gate", kRandomExperts, h, false);
            for (int64_t e = 0; e < kRandomExperts; ++e)
                swiglu(p + ".block_sparse_moe.experts." + std::to_string(e), ".w1", ".w3", ".w2",
                       s.intermediate);
        } else if (qwenMoe) {
            w.linear(p + ".mlp.gate", kRandomExperts, h, false);
            for (int64_t e = 0; e < kRandomExperts; ++e)
                swiglu(p + ".mlp.experts." + std::to_string(e), ".gate_proj", ".up_proj", ".down_proj",
                       s.intermediate);
            swiglu(p + ".mlp.shared_expert", ".gate_proj", ".up_proj", ".down_proj", 2 * s.intermediate);
            w.linear(p + ".mlp.shared_expert_gate", 1, h, false);
        } else {
            swiglu(p + ".mlp", ".gate_proj", ".up_proj", ".down_proj", s.intermediate);
        }
    }
    norm("model.norm", h);
    if (!s.tied)
        w.linear("lm_head", s.vocab, h, false);
}

// config.json keys of those families (transformers' names).
void laterFamilyConfig(const RandomModelSpec& s, nlohmann::json& c)
{
    if (s.modelType == "gemma2" || s.modelType == "gemma3_text") {
        c["hidden_activation"] = "gelu_pytorch_tanh";
        c["query_pre_attn_scalar"] = 24;
        c["sliding_window"] = 5;
        if (s.modelType == "gemma2") {
            c["attn_logit_softcapping"] = 20.0;
            c["final_logit_softcapping"] = 10.0;
        } else {
            c["sliding_window_pattern"] = 2;
            c["rope_local_base_freq"] = 10000.0;
            c["rope_theta"] = 1000000.0;
            c["rope_scaling"] = {{"rope_type", "linear"}, {"factor", 4.0}};
        }
    } else if (s.modelType == "mixtral") {
        c["num_local_experts"] = kRandomExperts;
        c["num_experts_per_tok"] = 2;
    } else if (s.modelType == "qwen2_moe") {
        c["num_experts"] = kRandomExperts;
        c["num_experts_per_tok"] = 2;
        c["moe_intermediate_size"] = s.intermediate;
        c["shared_expert_intermediate_size"] = 2 * s.intermediate;
        c["norm_topk_prob"] = false;
    }
}

void decoderWeights(const RandomModelSpec& s, WeightMaker& w)
{
    if (laterFamily(s.modelType))
        return laterFamilyWeights(s, w);
    const int64_t h = s.hidden;
    const int64_t d = headDimOf(s);
    const bool phi = s.modelType == "phi";
    const bool phi3 = s.modelType == "phi3";
    const bool qkvBias = s.modelType == "qwen2" || phi;
    w.matrix("model.embed_tokens.weight", s.vocab, h);
    for (int64_t i = 0; i < s.layers; ++i) {
        const std::string p = "model.layers." + std::to_string(i);
        if (phi)
            w.layerNorm(p + ".input_layernorm", h);
        else if (s.modelType == "gemma")
            w.offset(p + ".input_layernorm.weight", h);
        else
            w.gain(p + ".input_layernorm.weight", h);
        if (phi3) {
            w.linear(p + ".self_attn.qkv_proj", (s.heads + 2 * s.kvHeads) * d, h, false);
        } else {
            w.linear(p + ".self_attn.q_proj", s.heads * d, h, qkvBias);
            w.linear(p + ".self_attn.k_proj", s.kvHeads * d, h, qkvBias);
            w.linear(p + ".self_attn.v_proj", s.kvHeads * d, h, qkvBias);
        }
        w.linear(p + (phi ? ".self_attn.dense" : ".self_attn.o_proj"), h, s.heads * d, phi);
        if (phi) {
            w.linear(p + ".mlp.fc1", s.intermediate, h, true);
            w.linear(p + ".mlp.fc2", h, s.intermediate, true);
            continue; // parallel block: one norm
        }
        if (s.modelType == "gemma")
            w.offset(p + ".post_attention_layernorm.weight", h);
        else
            w.gain(p + ".post_attention_layernorm.weight", h);
        if (phi3) {
            w.linear(p + ".mlp.gate_up_proj", 2 * s.intermediate, h, false);
        } else {
            w.linear(p + ".mlp.gate_proj", s.intermediate, h, false);
            w.linear(p + ".mlp.up_proj", s.intermediate, h, false);
        }
        w.linear(p + ".mlp.down_proj", h, s.intermediate, false);
    }
    if (phi)
        w.layerNorm("model.final_layernorm", h);
    else if (s.modelType == "gemma")
        w.offset("model.norm.weight", h);
    else
        w.gain("model.norm.weight", h);
    if (!s.tied)
        w.linear("lm_head", s.vocab, h, phi);
}

void writeText(const std::string& path, const std::string& text)
{
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(text.data(), qint64(text.size())) != qint64(text.size()))
        throw std::runtime_error("cannot write " + path);
}

} // namespace

nlohmann::json randomModelConfig(const RandomModelSpec& s)
{
    nlohmann::json c;
    c["model_type"] = s.modelType;
    c["vocab_size"] = s.vocab;
    c["tie_word_embeddings"] = s.tied;
    c["torch_dtype"] = dtypeName(s.dtype);
    c["bos_token_id"] = 1;
    c["eos_token_id"] = 2;
    if (s.modelType == "gpt2") {
        c["n_embd"] = s.hidden;
        c["n_layer"] = s.layers;
        c["n_head"] = s.heads;
        c["n_inner"] = s.intermediate;
        c["n_positions"] = s.maxPositions;
        c["layer_norm_epsilon"] = 1e-5;
        c["activation_function"] = "gelu_new";
    } else {
        c["hidden_size"] = s.hidden;
        c["num_hidden_layers"] = s.layers;
        c["num_attention_heads"] = s.heads;
        c["num_key_value_heads"] = s.kvHeads;
        c["intermediate_size"] = s.intermediate;
        c["max_position_embeddings"] = s.maxPositions;
        c["rope_theta"] = 10000.0;
        if (s.headDim > 0)
            c["head_dim"] = s.headDim;
        if (s.modelType == "phi") {
            c["layer_norm_eps"] = 1e-5;
            c["hidden_act"] = "gelu_new";
            c["partial_rotary_factor"] = 0.5;
        } else {
            c["rms_norm_eps"] = 1e-6;
            c["hidden_act"] = s.modelType == "gemma" ? "gelu_pytorch_tanh" : "silu";
        }
    }
    laterFamilyConfig(s, c);
    for (const auto& [key, value] : s.extraConfig.items())
        c[key] = value;
    return c;
}

std::vector<std::pair<std::string, at::Tensor>> randomModelWeights(const RandomModelSpec& spec)
{
    WeightMaker maker(spec);
    if (spec.modelType == "gpt2")
        gpt2Weights(spec, maker);
    else
        decoderWeights(spec, maker);
    return maker.take();
}

void writeModelFolder(const std::string& dir, const nlohmann::json& config,
                      const std::vector<std::pair<std::string, at::Tensor>>& weights, int shards)
{
    QDir().mkpath(QString::fromStdString(dir));
    writeText(dir + "/config.json", config.dump(2));
    if (shards <= 1) {
        writeSafetensors(dir + "/model.safetensors", weights);
        return;
    }
    nlohmann::json index;
    index["metadata"] = {{"total_size", 0}};
    const size_t perShard = (weights.size() + shards - 1) / shards;
    for (int k = 0; k < shards; ++k) {
        char name[64];
        std::snprintf(name, sizeof name, "model-%05d-of-%05d.safetensors", k + 1, shards);
        std::vector<std::pair<std::string, at::Tensor>> part;
        for (size_t i = k * perShard; i < std::min(weights.size(), (k + 1) * perShard); ++i) {
            part.push_back(weights[i]);
            index["weight_map"][weights[i].first] = name;
        }
        writeSafetensors(dir + "/" + name, part);
    }
    writeText(dir + "/model.safetensors.index.json", index.dump(2));
}

std::string writeRandomModel(const std::string& dir, const RandomModelSpec& spec)
{
    writeModelFolder(dir, randomModelConfig(spec), randomModelWeights(spec), spec.shards);
    return dir;
}

RandomModelSpec gpt2SmallSpec()
{
    return {.modelType = "gpt2",
            .vocab = 50257,
            .hidden = 768,
            .layers = 12,
            .heads = 12,
            .kvHeads = 12,
            .intermediate = 3072,
            .maxPositions = 1024,
            .tied = true,
            .weightScale = 0.02};
}

} // namespace interlens::test
