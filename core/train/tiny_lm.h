#pragma once

#include "train/model_spec.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace interlens::train {

// config.json of the Hugging Face folder for `spec` with weights stored as `dtype`.
nlohmann::json hfConfig(const ModelSpec& spec, at::ScalarType dtype);

// A trainable model whose parameters carry their Hugging Face names and layouts (GPT-2's Conv1D weights are
// [in, out]), so saving is a plain write and the runtime (loadCausalLM) computes the same function. Written
// with ATen operations that autograd differentiates: the runtime's forward runs under inference mode.
class TinyLM
{
public:
    // Random initialisation (GPT-2 style: N(0, 0.02), residual outputs scaled by 1/sqrt(2·layers)) from
    // `seed`.
    TinyLM(ModelSpec spec, uint64_t seed);

    const ModelSpec& spec() const { return m_spec; }
    const std::vector<std::pair<std::string, at::Tensor>>& named() const { return m_params; }
    std::vector<at::Tensor> parameters() const;
    int64_t parameterCount() const;

    // ids [B, T] (T <= context) -> logits [B, T, vocab], float32.
    at::Tensor forward(const at::Tensor& ids) const;
    // Mean next-token cross-entropy of ids [B, T + 1] (inputs ids[:, :-1], targets ids[:, 1:]).
    at::Tensor loss(const at::Tensor& ids) const;

    // Writes config.json and model.safetensors (weights converted to `dtype`) into `directory`.
    void saveHf(const std::string& directory, at::ScalarType dtype) const;
    // Copies the weights of a folder written by saveHf (any dtype) into this model's parameters.
    void loadWeights(const std::string& directory);
    // SHA-256 (hex) of every parameter's float32 bytes in order: equal iff the weights are bit-identical.
    std::string weightsHash() const;

private:
    const at::Tensor& p(const std::string& name) const;
    at::Tensor gpt2Forward(const at::Tensor& ids) const;
    at::Tensor llamaForward(const at::Tensor& ids) const;
    at::Tensor attention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v) const;

    ModelSpec m_spec;
    std::vector<std::pair<std::string, at::Tensor>> m_params;
    std::map<std::string, size_t> m_index;
};

} // namespace interlens::train
