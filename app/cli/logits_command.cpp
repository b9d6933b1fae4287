#include "cli/cli_support.h"
#include "cli/commands.h"

#include "common/error.h"
#include "model/hub_cache.h"
#include "model/model_facts.h"
#include "model/next_token.h"
#include "model/runtime.h"

#include <vector>

// interlens logits DIR --ids 1,2,3 [--keep 1,0,1 --baseline zero|mean|pad|unk|FILE.f32] [--device D --dtype
// T] prints {"logits":[...]}: the float32 logits at the last position. Positions with keep=0 get the baseline
// vector in place of their token's embedding (the masked-embedding case of the model fixtures; Gemma's
// sqrt(H) scaling is applied inside the model to both).
namespace interlens::cli {

namespace {

std::vector<int64_t> checkedIds(const std::vector<long long>& ids, int64_t vocab)
{
    for (size_t i = 0; i < ids.size(); ++i)
        if (ids[i] < 0 || ids[i] >= vocab)
            throw InputError("--ids: id " + std::to_string(ids[i]) + " at position " + std::to_string(i) +
                             " is outside the vocabulary [0, " + std::to_string(vocab) + ")");
    return std::vector<int64_t>(ids.begin(), ids.end());
}

std::vector<int64_t> checkedKeep(const std::vector<long long>& keep, size_t length)
{
    if (keep.size() != length)
        throw InputError("--keep: " + std::to_string(keep.size()) + " entries for " + std::to_string(length) +
                         " ids (need one 0/1 per id)");
    for (size_t i = 0; i < keep.size(); ++i)
        if (keep[i] != 0 && keep[i] != 1)
            throw InputError("--keep: entry " + std::to_string(i) + " is " + std::to_string(keep[i]) +
                             " (must be 0 or 1)");
    return std::vector<int64_t>(keep.begin(), keep.end());
}

} // namespace

int runLogits(const QStringList& args)
{
    return guarded([&]() -> int {
        QCommandLineParser parser;
        parser.setApplicationDescription(
            QStringLiteral("Last-position float32 logits of a Hugging Face causal LM."));
        parser.addPositionalArgument(
            QStringLiteral("DIR"),
            QStringLiteral(
                "model folder (config.json, weights) or hub id org/name[@revision] (local cache)"));
        parser.addOption(
            {QStringLiteral("ids"), QStringLiteral("comma-separated token ids"), QStringLiteral("IDS")});
        parser.addOption({QStringLiteral("keep"),
                          QStringLiteral("per id: 1 keeps its embedding, 0 replaces it by "
                                         "the baseline"),
                          QStringLiteral("MASK")});
        parser.addOption({QStringLiteral("baseline"),
                          QStringLiteral("zero|mean|pad|unk|eos|FILE.f32 (default zero)"),
                          QStringLiteral("B"), QStringLiteral("zero")});
        parser.addOption({QStringLiteral("device"), QStringLiteral("auto|cpu|cuda[:N] (default cpu)"),
                          QStringLiteral("D"), QStringLiteral("cpu")});
        parser.addOption({QStringLiteral("dtype"),
                          QStringLiteral("auto|float32|bfloat16|float16 (default float32)"),
                          QStringLiteral("T"), QStringLiteral("float32")});
        parseOrThrow(parser, QStringLiteral("logits"), args);
        const QStringList positional = parser.positionalArguments();
        if (positional.size() != 1)
            throw InputError("logits: expected one model folder DIR, got " +
                             std::to_string(positional.size()) + " positional arguments");
        const std::vector<long long> ids =
            parseIntList(requiredValue(parser, QStringLiteral("ids")), QStringLiteral("--ids"));
        std::vector<long long> keep;
        if (parser.isSet(QStringLiteral("keep")))
            keep = parseIntList(parser.value(QStringLiteral("keep")), QStringLiteral("--keep"));

        const ComputeDevice device = chooseDevice(parser.value(QStringLiteral("device")).toStdString(),
                                                  parser.value(QStringLiteral("dtype")).toStdString());
        const auto model = loadSharedCausalLM(resolveModelLocation(positional.front().toStdString()), device);
        const std::vector<int64_t> idRow = checkedIds(ids, causalLMFacts(*model).vocabSize);
        const std::vector<int64_t> keepRow =
            keep.empty() ? std::vector<int64_t>{} : checkedKeep(keep, ids.size());
        printJson({{"logits", lastLogits(*model, idRow, keepRow,
                                         parser.value(QStringLiteral("baseline")).toStdString())}});
        return 0;
    });
}

} // namespace interlens::cli
