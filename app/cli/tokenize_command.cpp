#include "cli/cli_support.h"
#include "cli/commands.h"

#include "common/error.h"
#include "model/hub_cache.h"
#include "tokenize/tokenizer.h"

namespace interlens::cli {

// interlens tokenize DIR --text T [--no-special]
// -> {"ids": [...], "offsets": [[start, end], ...], "tokens": [...]}, offsets in code points of T (HF's
// offsets).
int runTokenize(const QStringList& args)
{
    return guarded([&]() -> int {
        QCommandLineParser parser;
        parser.setApplicationDescription(
            "Tokenizes text with a Hugging Face tokenizer.json (DIR holds it, or is the file itself).");
        parser.addPositionalArgument(
            "DIR", "folder with tokenizer.json (and tokenizer_config.json), the file, or a hub "
                   "id org/name[@revision] in the local Hugging Face cache");
        parser.addOption({"text", "the text to tokenize (UTF-8)", "T"});
        parser.addOption({"no-special", "do not add special tokens (BOS/EOS) from the post-processor"});
        parseOrThrow(parser, "tokenize", args);
        const QStringList positional = parser.positionalArguments();
        if (positional.size() != 1)
            throw InputError("tokenize: expected exactly one DIR argument");
        const std::string text = requiredValue(parser, "text").toStdString();

        const Tokenizer tokenizer =
            Tokenizer::load(resolveModelLocation(positional.front().toStdString(), HubFiles::Tokenizer));
        const Encoding encoding = tokenizer.encode(text, !parser.isSet("no-special"));
        nlohmann::json offsets = nlohmann::json::array();
        for (const CharSpan& span : encoding.offsets)
            offsets.push_back({span.start, span.end});
        printJson({{"ids", encoding.ids}, {"offsets", offsets}, {"tokens", encoding.tokens}});
        return 0;
    });
}

} // namespace interlens::cli
