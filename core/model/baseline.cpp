#include "model/baseline.h"

#include "common/error.h"

#include <QFile>

#include <nlohmann/json.hpp>

#include <cstring>

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
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::ReadOnly))
        throw InputError(fileMessage(path, "cannot open baseline file: " + file.errorString().toStdString() +
                                               " (baselines: zero, mean, pad, unk, eos or a FILE.f32 path)"));
    const QByteArray bytes = file.readAll();
    const int64_t expected = model.hiddenSize() * static_cast<int64_t>(sizeof(float));
    if (bytes.size() != expected)
        throw InputError(fileMessage(path, "baseline file has " + std::to_string(bytes.size()) +
                                               " bytes; expected " + std::to_string(expected) + " (" +
                                               std::to_string(model.hiddenSize()) +
                                               " little-endian float32 values)"));
    at::Tensor v = at::empty({model.hiddenSize()}, at::kFloat);
    std::memcpy(v.data_ptr<float>(), bytes.constData(), static_cast<size_t>(expected));
    return v;
}

} // namespace

std::optional<int64_t> specialTokenId(const std::string& directory, const std::vector<std::string>& spellings)
{
    QFile file(QString::fromStdString(directory + "/tokenizer.json"));
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QByteArray bytes = file.readAll();
    const nlohmann::json json =
        nlohmann::json::parse(bytes.constData(), bytes.constData() + bytes.size(), nullptr, false);
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
    const auto options = at::TensorOptions().dtype(model.device().dtype).device(model.device().device);
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
