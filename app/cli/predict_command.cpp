#include "cli/cli_support.h"
#include "cli/commands.h"

#include "common/error.h"
#include "model/hub_cache.h"
#include "model/model_loader.h"
#include "model/runtime.h"
#include "tokenize/tokenizer.h"

#include <ATen/ATen.h>

#include <algorithm>

namespace interlens::cli {

// interlens predict DIR --text T [--top K] [--tokenizer PATH] [--device D] [--dtype P]
// -> {"top": [{"id": .., "token": .., "text": .., "prob": ..}, ...]}: the model's next-token distribution
// after T (encoded with special tokens, as the model saw text in training), softmax of the last position's
// float32 logits. "token" is the vocabulary entry, "text" its decoded text.
int runPredict(const QStringList& args)
{
    return guarded([&]() -> int {
        QCommandLineParser parser;
        parser.setApplicationDescription("Top-K next tokens of a causal LM after a text.");
        parser.addPositionalArgument("DIR",
                                     "model folder (config.json, safetensors, tokenizer.json) or hub id "
                                     "org/name[@revision] in the local Hugging Face cache");
        parser.addOption({"text", "the prompt (UTF-8)", "T"});
        parser.addOption({"top", "number of tokens to list (default 10)", "K", "10"});
        parser.addOption({"tokenizer", "tokenizer folder or tokenizer.json (default: DIR)", "PATH"});
        parser.addOption({"device", "auto, cpu or cuda[:N] (default auto)", "D", "auto"});
        parser.addOption({"dtype", "auto, float32, bfloat16 or float16 (default auto)", "P", "auto"});
        parseOrThrow(parser, "predict", args);
        const QStringList positional = parser.positionalArguments();
        if (positional.size() != 1)
            throw InputError("predict: expected exactly one DIR argument");
        const std::string dir =
            resolveModelLocation(positional.front().toStdString(), HubFiles::ModelAndTokenizer);
        const std::string text = requiredValue(parser, "text").toStdString();
        bool ok = false;
        const int top = parser.value("top").toInt(&ok);
        if (!ok || top < 1)
            throw InputError("predict: --top must be a positive integer, got '" +
                             parser.value("top").toStdString() + "'");

        const Tokenizer tokenizer = Tokenizer::load(
            parser.isSet("tokenizer")
                ? resolveModelLocation(parser.value("tokenizer").toStdString(), HubFiles::Tokenizer)
                : dir);
        const Encoding encoding = tokenizer.encode(text, true);
        if (encoding.ids.empty())
            throw InputError("predict: the text encodes to no tokens (give a non-empty --text)");

        initRuntime();
        const auto model = loadCausalLM(
            dir, chooseDevice(parser.value("device").toStdString(), parser.value("dtype").toStdString()));
        const TokenId maxId = *std::max_element(encoding.ids.begin(), encoding.ids.end());
        if (maxId >= model->vocabSize())
            throw InputError("predict: the tokenizer produced id " + std::to_string(maxId) +
                             " but the model's vocabulary has " + std::to_string(model->vocabSize()) +
                             " entries: tokenizer and model do not match");
        const at::Tensor ids = at::tensor(std::vector<int64_t>(encoding.ids.begin(), encoding.ids.end()),
                                          at::TensorOptions().dtype(at::kLong))
                                   .unsqueeze(0);
        const ForwardResult result = model->forwardIds(ids);
        const at::Tensor probs = result.logits.reshape({-1}).to(at::kCPU, at::kFloat).softmax(0);
        const auto best = probs.topk(std::min<int64_t>(top, probs.size(0)));
        const at::Tensor values = std::get<0>(best).contiguous();
        const at::Tensor indices = std::get<1>(best).contiguous();
        nlohmann::json list = nlohmann::json::array();
        for (int64_t i = 0; i < values.size(0); ++i) {
            const auto id = static_cast<TokenId>(indices[i].item<int64_t>());
            list.push_back({{"id", id},
                            {"token", tokenizer.idToToken(id).value_or("")},
                            {"text", tokenizer.decode({id}, false)},
                            {"prob", values[i].item<float>()}});
        }
        printJson({{"top", list}});
        return 0;
    });
}

} // namespace interlens::cli
