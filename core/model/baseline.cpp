#include "model/baseline.h"

#include "common/error.h"
#include "common/json_file.h"
#include "common/regular_file.h"

#include <nlohmann/json.hpp>

#include <cstring>

#include <unistd.h>

namespace interlens {

namespace {

at::Tensor tokenRow(const CausalLM& model, int64_t id, const std::string& what)
{
    if (id < 0 || id >= model.vocabSize())
        throw InputError("baseline '" + what + "': token id " + std::to_string(id) +
                         " is outside the vocabulary");
    return model.embedTokens(at::tensor({id}, at::kLong))[0];
}

at::Tensor readVectorFile(const CausalLM& model, const std::string& path)
{
    const int64_t expected = model.hiddenSize() * static_cast<int64_t>(sizeof(float));
    std::string bytes;
    try {
        // One byte over the expected size is enough to tell a wrong file, without reading a large one.
        bytes = readRegularFile(path, static_cast<std::uint64_t>(expected), "a baseline file");
    } catch (const InputError& e) {
        std::string why = e.what();
        if (why.rfind(path + ": ", 0) == 0)
            why.erase(0, path.size() + 2);
        throw InputError(
            fileMessage(path, "cannot open baseline file: " + why +
                                  " (baselines: zero, mean, pad, unk, eos, learned or a FILE.f32 path)"));
    }
    if (static_cast<int64_t>(bytes.size()) != expected)
        throw InputError(fileMessage(path, "baseline file has " + std::to_string(bytes.size()) +
                                               " bytes; expected " + std::to_string(expected) + " (" +
                                               std::to_string(model.hiddenSize()) +
                                               " little-endian float32 values)"));
    at::Tensor v = at::empty({model.hiddenSize()}, at::kFloat);
    std::memcpy(v.data_ptr<float>(), bytes.data(), static_cast<size_t>(expected));
    if (!at::isfinite(v).all().item<bool>())
        throw InputError(fileMessage(path, "baseline file holds NaN or infinite values"));
    return v;
}

} // namespace

std::optional<int64_t> specialTokenId(const std::string& directory, const std::vector<std::string>& spellings)
{
    const std::string path = directory + "/tokenizer.json";
    if (::access(path.c_str(), F_OK) != 0)
        return std::nullopt;
    const nlohmann::json json = readJsonFile(path, nullptr, kMaxTokenizerBytes);
    if (!json.is_object())
        throw InputError(fileMessage(directory + "/tokenizer.json", "malformed JSON"));
    if (json.contains("added_tokens") && json["added_tokens"].is_array())
        for (const auto& token : json["added_tokens"])
            for (const std::string& s : spellings)
                if (token.is_object() && token.contains("content") && token["content"] == s &&
                    token.contains("id") && token["id"].is_number_integer())
                    return token["id"].get<int64_t>();
    if (json.contains("model") && json["model"].is_object() && json["model"].contains("vocab") &&
        json["model"]["vocab"].is_object()) {
        const auto& vocab = json["model"]["vocab"];
        for (const std::string& s : spellings)
            if (vocab.contains(s) && vocab[s].is_number_integer())
                return vocab[s].get<int64_t>();
    }
    return std::nullopt;
}

at::Tensor baselineEmbedding(const CausalLM& model, const std::string& spec)
{
    const auto options = at::TensorOptions().dtype(atDtype(model.device())).device(atDevice(model.device()));
    const ModelConfig& config = model.config();
    if (spec == "zero")
        return at::zeros({model.hiddenSize()}, options);
    if (spec == "mean")
        return model.meanTokenEmbedding().to(options.dtype());
    if (spec == "pad") {
        std::optional<int64_t> id = config.padTokenId;
        if (!id)
            id = specialTokenId(config.directory, {"<pad>", "[PAD]", "<|pad|>"});
        if (!id)
            throw InputError(fileMessage(config.directory,
                                         "baseline 'pad': the model has no pad token (no "
                                         "pad_token_id in config.json, no <pad> in tokenizer.json)"));
        return tokenRow(model, *id, spec);
    }
    if (spec == "unk") {
        const std::optional<int64_t> id = specialTokenId(config.directory, {"<unk>", "[UNK]", "<|unk|>"});
        if (!id)
            throw InputError(fileMessage(config.directory,
                                         "baseline 'unk': the model has no unknown token (no "
                                         "<unk> in tokenizer.json)"));
        return tokenRow(model, *id, spec);
    }
    if (spec == "eos") {
        std::optional<int64_t> id = config.eosTokenId;
        if (!id)
            id = specialTokenId(config.directory, {"</s>", "<|endoftext|>", "<eos>", "<|end_of_text|>"});
        if (!id)
            throw InputError(fileMessage(config.directory,
                                         "baseline 'eos': the model has no end-of-sequence token (no "
                                         "eos_token_id in config.json, no </s> in tokenizer.json)"));
        return tokenRow(model, *id, spec);
    }
    return readVectorFile(model, spec).to(options);
}

} // namespace interlens
