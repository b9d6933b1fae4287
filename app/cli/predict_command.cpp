#include "cli/cli_support.h"
#include "cli/commands.h"

#include "common/error.h"
#include "explain/next_tokens.h"
#include "model/hub_cache.h"
#include "model/model_facts.h"
#include "model/runtime.h"
#include "tokenize/tokenizer.h"

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
        const int topCount = parser.value("top").toInt(&ok);
        if (!ok || topCount < 1)
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
        const auto model = loadSharedCausalLM(
            dir, chooseDevice(parser.value("device").toStdString(), parser.value("dtype").toStdString()));
        std::vector<PredictedToken> top;
        try {
            top = predictNextTokens(*model, tokenizer, text, topCount);
        } catch (const InputError& e) {
            throw InputError(std::string("predict: ") + e.what());
        }
        nlohmann::json list = nlohmann::json::array();
        for (const PredictedToken& p : top)
            list.push_back({{"id", p.id}, {"token", p.token}, {"text", p.text}, {"prob", p.prob}});
        printJson({{"top", list}});
        return 0;
    });
}

} // namespace interlens::cli
