#include "train/tiny_lm.h"

#include "common/error.h"
#include "model/checkpoint.h"
#include "model/safetensors.h"
#include "model/safetensors_writer.h"
#include "train/text_file.h"

#include <QCryptographicHash>

#include <cmath>
#include <filesystem>

namespace interlens::train {

int64_t ModelSpec::ffn() const
{
    if (intermediate > 0)
        return intermediate;
    if (arch == "gpt2")
        return 4 * hidden;
    return ((8 * hidden / 3) + 31) / 32 * 32;
}

nlohmann::json hfConfig(const ModelSpec& s, at::ScalarType dtype)
{
    nlohmann::json c;
    const std::string dtypeName = dtype == at::kHalf       ? "float16"
                                  : dtype == at::kBFloat16 ? "bfloat16"
                                                           : "float32";
    if (s.arch == "gpt2") {
        c = {{"architectures", {"GPT2LMHeadModel"}},
             {"model_type", "gpt2"},
             {"vocab_size", s.vocab},
             {"n_embd", s.hidden},
             {"n_layer", s.layers},
             {"n_head", s.heads},
             {"n_inner", s.ffn()},
             {"n_positions", s.context},
             {"n_ctx", s.context},
             {"activation_function", "gelu_new"},
             {"layer_norm_epsilon", s.normEps},
             {"resid_pdrop", 0.0},
             {"embd_pdrop", 0.0},
             {"attn_pdrop", 0.0},
             {"scale_attn_weights", true},
             {"initializer_range", 0.02},
             {"tie_word_embeddings", true}};
    } else {
        c = {{"architectures", {"LlamaForCausalLM"}},
             {"model_type", "llama"},
             {"vocab_size", s.vocab},
             {"hidden_size", s.hidden},
             {"intermediate_size", s.ffn()},
             {"num_hidden_layers", s.layers},
             {"num_attention_heads", s.heads},
             {"num_key_value_heads", s.heads},
             {"head_dim", s.hidden / s.heads},
             {"max_position_embeddings", s.context},
             {"rms_norm_eps", s.normEps},
             {"rope_theta", s.ropeTheta},
             {"hidden_act", "silu"},
             {"attention_bias", false},
             {"mlp_bias", false},
             {"initializer_range", 0.02},
             {"tie_word_embeddings", true}};
    }
    if (s.bosTokenId >= 0)
        c["bos_token_id"] = s.bosTokenId;
    if (s.eosTokenId >= 0)
        c["eos_token_id"] = s.eosTokenId;
    c["torch_dtype"] = dtypeName;
    return c;
}

TinyLM::TinyLM(ModelSpec spec, uint64_t seed) : m_spec(std::move(spec))
{
    const ModelSpec& s = m_spec;
    if (s.arch != "gpt2" && s.arch != "llama")
        throw InputError("unknown architecture '" + s.arch + "' (expected gpt2 or llama)");
    if (s.vocab <= 0 || s.hidden <= 0 || s.layers <= 0 || s.heads <= 0 || s.hidden % s.heads != 0 ||
        s.context <= 1)
        throw InputError("invalid model shape: hidden " + std::to_string(s.hidden) +
                         " must be a multiple of heads " + std::to_string(s.heads) +
                         ", and vocab, layers, context must be positive");
    at::Generator gen = at::detail::createCPUGenerator(seed);
    const double residualStd = 0.02 / std::sqrt(2.0 * double(s.layers));
    auto normal = [&](const std::string& name, std::vector<int64_t> shape, double std) {
        m_params.emplace_back(name, at::empty(shape, at::kFloat).normal_(0.0, std, gen));
    };
    auto fill = [&](const std::string& name, int64_t n, double value) {
        m_params.emplace_back(name, at::full({n}, value, at::kFloat));
    };
    const int64_t h = s.hidden;
    const int64_t f = s.ffn();
    if (s.arch == "gpt2") {
        normal("transformer.wte.weight", {s.vocab, h}, 0.02);
        normal("transformer.wpe.weight", {s.context, h}, 0.01);
        for (int64_t i = 0; i < s.layers; ++i) {
            const std::string p = "transformer.h." + std::to_string(i);
            fill(p + ".ln_1.weight", h, 1.0);
            fill(p + ".ln_1.bias", h, 0.0);
            normal(p + ".attn.c_attn.weight", {h, 3 * h}, 0.02);
            fill(p + ".attn.c_attn.bias", 3 * h, 0.0);
            normal(p + ".attn.c_proj.weight", {h, h}, residualStd);
            fill(p + ".attn.c_proj.bias", h, 0.0);
            fill(p + ".ln_2.weight", h, 1.0);
            fill(p + ".ln_2.bias", h, 0.0);
            normal(p + ".mlp.c_fc.weight", {h, f}, 0.02);
            fill(p + ".mlp.c_fc.bias", f, 0.0);
            normal(p + ".mlp.c_proj.weight", {f, h}, residualStd);
            fill(p + ".mlp.c_proj.bias", h, 0.0);
        }
        fill("transformer.ln_f.weight", h, 1.0);
        fill("transformer.ln_f.bias", h, 0.0);
    } else {
        normal("model.embed_tokens.weight", {s.vocab, h}, 0.02);
        for (int64_t i = 0; i < s.layers; ++i) {
            const std::string p = "model.layers." + std::to_string(i);
            fill(p + ".input_layernorm.weight", h, 1.0);
            normal(p + ".self_attn.q_proj.weight", {h, h}, 0.02);
            normal(p + ".self_attn.k_proj.weight", {h, h}, 0.02);
            normal(p + ".self_attn.v_proj.weight", {h, h}, 0.02);
            normal(p + ".self_attn.o_proj.weight", {h, h}, residualStd);
            fill(p + ".post_attention_layernorm.weight", h, 1.0);
            normal(p + ".mlp.gate_proj.weight", {f, h}, 0.02);
            normal(p + ".mlp.up_proj.weight", {f, h}, 0.02);
            normal(p + ".mlp.down_proj.weight", {h, f}, residualStd);
        }
        fill("model.norm.weight", h, 1.0);
    }
    for (size_t i = 0; i < m_params.size(); ++i) {
        m_params[i].second.set_requires_grad(true);
        m_index[m_params[i].first] = i;
    }
}

std::vector<at::Tensor> TinyLM::parameters() const
{
    std::vector<at::Tensor> out;
    for (const auto& [name, t] : m_params)
        out.push_back(t);
    return out;
}

int64_t TinyLM::parameterCount() const
{
    int64_t n = 0;
    for (const auto& [name, t] : m_params)
        n += t.numel();
    return n;
}

const at::Tensor& TinyLM::p(const std::string& name) const
{
    return m_params[m_index.at(name)].second;
}

at::Tensor TinyLM::attention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v) const
{
    // q, k, v: [B, heads, T, d]
    const int64_t t = q.size(2);
    const double scale = 1.0 / std::sqrt(double(q.size(3)));
    const at::Tensor blocked = at::ones({t, t}, at::kBool).triu(1);
    at::Tensor scores = at::matmul(q, k.transpose(-1, -2)) * scale;
    scores = scores.masked_fill(blocked, -std::numeric_limits<double>::infinity());
    return at::matmul(at::softmax(scores, -1), v);
}

at::Tensor TinyLM::gpt2Forward(const at::Tensor& ids) const
{
    const ModelSpec& s = m_spec;
    const int64_t b = ids.size(0), t = ids.size(1), h = s.hidden, d = h / s.heads;
    at::Tensor x =
        at::embedding(p("transformer.wte.weight"), ids) + p("transformer.wpe.weight").narrow(0, 0, t);
    auto heads = [&](const at::Tensor& y) { return y.reshape({b, t, s.heads, d}).transpose(1, 2); };
    for (int64_t i = 0; i < s.layers; ++i) {
        const std::string pre = "transformer.h." + std::to_string(i);
        at::Tensor n = at::layer_norm(x, {h}, p(pre + ".ln_1.weight"), p(pre + ".ln_1.bias"), s.normEps);
        const at::Tensor qkv =
            at::addmm(p(pre + ".attn.c_attn.bias"), n.reshape({b * t, h}), p(pre + ".attn.c_attn.weight"));
        const auto parts = qkv.reshape({b, t, 3 * h}).split(h, -1);
        at::Tensor o = attention(heads(parts[0]), heads(parts[1]), heads(parts[2]));
        o = o.transpose(1, 2).reshape({b * t, h});
        x = x + at::addmm(p(pre + ".attn.c_proj.bias"), o, p(pre + ".attn.c_proj.weight")).view({b, t, h});
        n = at::layer_norm(x, {h}, p(pre + ".ln_2.weight"), p(pre + ".ln_2.bias"), s.normEps);
        at::Tensor m = at::gelu(
            at::addmm(p(pre + ".mlp.c_fc.bias"), n.reshape({b * t, h}), p(pre + ".mlp.c_fc.weight")), "tanh");
        x = x + at::addmm(p(pre + ".mlp.c_proj.bias"), m, p(pre + ".mlp.c_proj.weight")).view({b, t, h});
    }
    x = at::layer_norm(x, {h}, p("transformer.ln_f.weight"), p("transformer.ln_f.bias"), s.normEps);
    return at::matmul(x, p("transformer.wte.weight").t());
}

at::Tensor TinyLM::llamaForward(const at::Tensor& ids) const
{
    const ModelSpec& s = m_spec;
    const int64_t b = ids.size(0), t = ids.size(1), h = s.hidden, d = h / s.heads;
    auto rms = [&](const at::Tensor& x, const std::string& name) {
        return p(name) * (x * at::rsqrt(x.pow(2).mean(-1, true) + s.normEps));
    };
    // RoPE as HF's rotate_half: angles cat(freqs, freqs).
    const at::Tensor invFreq =
        1.0 / at::pow(s.ropeTheta, at::arange(0, d, 2, at::kLong).to(at::kFloat) / double(d));
    const at::Tensor freqs = at::outer(at::arange(t, at::kLong).to(at::kFloat), invFreq);
    const at::Tensor angles = at::cat({freqs, freqs}, -1);
    const at::Tensor cos = angles.cos(), sin = angles.sin();
    auto rope = [&](const at::Tensor& y) {
        const at::Tensor rotated = at::cat({y.narrow(-1, d / 2, d / 2).neg(), y.narrow(-1, 0, d / 2)}, -1);
        return y * cos + rotated * sin;
    };
    auto heads = [&](const at::Tensor& y) { return y.reshape({b, t, s.heads, d}).transpose(1, 2); };
    at::Tensor x = at::embedding(p("model.embed_tokens.weight"), ids);
    for (int64_t i = 0; i < s.layers; ++i) {
        const std::string pre = "model.layers." + std::to_string(i);
        at::Tensor n = rms(x, pre + ".input_layernorm.weight");
        const at::Tensor q = rope(heads(at::linear(n, p(pre + ".self_attn.q_proj.weight"))));
        const at::Tensor k = rope(heads(at::linear(n, p(pre + ".self_attn.k_proj.weight"))));
        const at::Tensor v = heads(at::linear(n, p(pre + ".self_attn.v_proj.weight")));
        const at::Tensor o = attention(q, k, v).transpose(1, 2).reshape({b, t, h});
        x = x + at::linear(o, p(pre + ".self_attn.o_proj.weight"));
        n = rms(x, pre + ".post_attention_layernorm.weight");
        const at::Tensor g = at::silu(at::linear(n, p(pre + ".mlp.gate_proj.weight")));
        x = x +
            at::linear(g * at::linear(n, p(pre + ".mlp.up_proj.weight")), p(pre + ".mlp.down_proj.weight"));
    }
    x = rms(x, "model.norm.weight");
    return at::matmul(x, p("model.embed_tokens.weight").t());
}

at::Tensor TinyLM::forward(const at::Tensor& ids) const
{
    if (ids.dim() != 2 || ids.size(1) > m_spec.context)
        throw InputError("TinyLM::forward: ids must be [B, T] with T <= " + std::to_string(m_spec.context));
    return m_spec.arch == "gpt2" ? gpt2Forward(ids) : llamaForward(ids);
}

at::Tensor TinyLM::loss(const at::Tensor& ids) const
{
    const int64_t t = ids.size(1) - 1;
    const at::Tensor logits = forward(ids.narrow(1, 0, t));
    const at::Tensor logp = at::log_softmax(logits.reshape({-1, m_spec.vocab}), -1);
    return at::nll_loss(logp, ids.narrow(1, 1, t).reshape({-1}));
}

void TinyLM::saveHf(const std::string& directory, at::ScalarType dtype) const
{
    std::filesystem::create_directories(directory);
    NamedTensors tensors;
    for (const auto& [name, t] : m_params)
        tensors.emplace_back(name, t.detach().to(dtype).contiguous());
    writeSafetensors(directory + "/model.safetensors", tensors, {{"format", "pt"}});
    writeTextFile(directory + "/config.json", hfConfig(m_spec, dtype).dump(2) + "\n");
}

void TinyLM::loadWeights(const std::string& directory)
{
    const Checkpoint checkpoint(directory);
    at::NoGradGuard noGrad;
    for (auto& [name, t] : m_params) {
        const at::Tensor stored = checkpoint.read(name);
        if (stored.sizes() != t.sizes())
            throw InputError("weight " + name + " in " + directory + " has the wrong shape");
        t.copy_(stored.to(at::kFloat));
    }
}

std::string TinyLM::weightsHash() const
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const auto& [name, t] : m_params) {
        const at::Tensor c = t.detach().to(at::kFloat).contiguous();
        hash.addData(QByteArrayView(reinterpret_cast<const char*>(c.data_ptr()), qsizetype(c.nbytes())));
    }
    return hash.result().toHex().toStdString();
}

} // namespace interlens::train
