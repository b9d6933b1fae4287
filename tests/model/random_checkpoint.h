#pragma once

#include <ATen/ATen.h>

#include <nlohmann/json.hpp>

#include <string>

// Writes small Hugging Face model folders with random weights (config.json + safetensors, HF parameter
// names), so the model tests and the benchmark need no downloaded checkpoint. One spec covers every supported
// architecture.
namespace interlens::test {

// The defaults are the tests' tiny llama: a test that needs another vocabulary, context or seed names only
// those (designated initializers, `{.vocab = 256, .seed = 2}`).
struct RandomModelSpec
{
    std::string modelType = "llama"; // gpt2, llama, mistral, qwen2, gemma, phi, phi3
    int64_t vocab = 96;
    int64_t hidden = 32;
    int64_t layers = 2;
    int64_t heads = 4;
    int64_t kvHeads = 2;
    int64_t headDim = 0; // 0 = hidden / heads (written to config.json only when set)
    int64_t intermediate = 48;
    int64_t maxPositions = 64;
    bool tied = false;
    at::ScalarType dtype = at::kFloat; // stored weight dtype: float32, float16 or bfloat16
    int shards = 1;                    // > 1: model-0000k-of-0000n.safetensors + model.safetensors.index.json
    double weightScale = 0.15;         // std of matrix entries; large enough that attention is not uniform
    uint64_t seed = 1;
    nlohmann::json extraConfig = nlohmann::json::object(); // merged into config.json last (rope_scaling, ...)
};

// GPT-2 small's shape (12 layers, 768 wide, 12 heads, 3072 MLP, 50257 vocabulary, 1024 positions, tied head;
// 124M parameters) with small random weights: the benchmarks' stand-in for a real mid-sized model.
RandomModelSpec gpt2SmallSpec();

// The config.json a spec describes.
nlohmann::json randomModelConfig(const RandomModelSpec& spec);

// HF-named random weights for `spec`, in `spec.dtype`, deterministic in spec.seed.
std::vector<std::pair<std::string, at::Tensor>> randomModelWeights(const RandomModelSpec& spec);

// Writes config.json and the weights into `dir` (created). Returns `dir`.
std::string writeRandomModel(const std::string& dir, const RandomModelSpec& spec);

// Writes config.json with the given weights (already named and typed) into `dir`.
void writeModelFolder(const std::string& dir, const nlohmann::json& config,
                      const std::vector<std::pair<std::string, at::Tensor>>& weights, int shards = 1);

} // namespace interlens::test
