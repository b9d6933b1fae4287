#include "cli/cli_support.h"
#include "cli/commands.h"

#include "common/error.h"
#include "model/cpu_threads.h"
#include "model/hub_cache.h"
#include "model/runtime.h"
#include "train/trainer.h"

#include <cmath>
#include <iostream>

namespace interlens::cli {

namespace {

int64_t intOption(const QCommandLineParser& parser, const QString& name, int64_t min)
{
    bool ok = false;
    const qlonglong v = parser.value(name).toLongLong(&ok);
    if (!ok || v < min)
        throw InputError("train: --" + name.toStdString() + " must be an integer >= " + std::to_string(min) +
                         ", got '" + parser.value(name).toStdString() + "'");
    return v;
}

double doubleOption(const QCommandLineParser& parser, const QString& name)
{
    bool ok = false;
    const double v = parser.value(name).toDouble(&ok);
    if (!ok || !(v >= 0.0) || !std::isfinite(v))
        throw InputError("train: --" + name.toStdString() + " must be a non-negative number, got '" +
                         parser.value(name).toStdString() + "'");
    return v;
}

} // namespace

// interlens train --corpus FILE --out DIR [--arch gpt2|llama] [--tokenizer bytelevel|sentencepiece] ...
// Trains a BPE tokenizer and a small causal LM on a text file (one document per line) and writes a Hugging
// Face folder; progress on stderr, a JSON summary on stdout.
int runTrain(const QStringList& args)
{
    return guarded([&]() -> int {
        QCommandLineParser parser;
        parser.setApplicationDescription(
            "Train a BPE tokenizer and a small GPT-2 or Llama model on a text file.");
        parser.addOption({"corpus", "training text, UTF-8, one document per line", "FILE"});
        parser.addOption(
            {"heldout", "held-out text (default: every --heldout-every-th corpus line)", "FILE"});
        parser.addOption(
            {"heldout-every", "held-out split when --heldout is absent (default 100)", "N", "100"});
        parser.addOption({"out", "output Hugging Face folder", "DIR"});
        parser.addOption({"work-dir", "checkpoints and tokenizer (default OUT.work)", "DIR"});
        parser.addOption({"arch", "gpt2 or llama (default gpt2)", "A", "gpt2"});
        parser.addOption({"tokenizer",
                          "bytelevel or sentencepiece (default: bytelevel for gpt2, sentencepiece "
                          "for llama)",
                          "KIND"});
        parser.addOption(
            {"tokenizer-from", "reuse the tokenizer of this folder (or hub id org/name[@revision])", "DIR"});
        parser.addOption({"vocab", "tokenizer vocabulary size (default 4096)", "N", "4096"});
        parser.addOption({"hidden", "width (default 128)", "N", "128"});
        parser.addOption({"layers", "decoder blocks (default 2)", "N", "2"});
        parser.addOption({"heads", "attention heads (default 4)", "N", "4"});
        parser.addOption(
            {"intermediate", "MLP width (default 0: 4*hidden gpt2, 8/3*hidden llama)", "N", "0"});
        parser.addOption({"context", "training context length (default 128)", "N", "128"});
        parser.addOption({"steps", "optimizer steps (default 1000)", "N", "1000"});
        parser.addOption({"batch", "sequences per step (default 16)", "N", "16"});
        parser.addOption({"lr", "peak learning rate (default 0.003)", "X", "0.003"});
        parser.addOption(
            {"min-lr", "final learning rate of the cosine decay (default 0.0003)", "X", "0.0003"});
        parser.addOption({"warmup", "linear warm-up steps (default 50)", "N", "50"});
        parser.addOption({"weight-decay", "AdamW weight decay (default 0.1)", "X", "0.1"});
        parser.addOption({"seed", "random seed (default 1)", "N", "1"});
        parser.addOption({"threads", "intra-op CPU threads (default 2)", "N", "2"});
        parser.addOption({"log-every", "steps between progress lines (default 25)", "N", "25"});
        parser.addOption({"eval-every", "steps between held-out evaluations (default 250)", "N", "250"});
        parser.addOption({"checkpoint-every", "steps between checkpoints (default 250)", "N", "250"});
        parser.addOption({"snapshot", "also write a folder after STEP steps (repeatable)", "STEP:DIR"});
        parser.addOption({"save-dtype", "float32, float16 or bfloat16 (default float32)", "T", "float32"});
        parser.addOption({"corpus-note", "source and licence recorded in training.json", "TEXT"});
        parser.addOption({"resume", "continue from the checkpoint in the work folder"});
        parseOrThrow(parser, "train", args);
        if (!parser.positionalArguments().isEmpty())
            throw InputError("train: unexpected argument '" +
                             parser.positionalArguments().front().toStdString() + "'");

        train::TrainOptions o;
        o.corpus = requiredValue(parser, "corpus").toStdString();
        o.out = requiredValue(parser, "out").toStdString();
        o.heldOut = parser.value("heldout").toStdString();
        o.heldOutEvery = int(intOption(parser, "heldout-every", 2));
        o.workDir = parser.value("work-dir").toStdString();
        o.model.arch = parser.value("arch").toStdString();
        if (o.model.arch != "gpt2" && o.model.arch != "llama")
            throw InputError("train: --arch must be gpt2 or llama, got '" + o.model.arch + "'");
        o.tokenizer = train::tokenizerKindFromName(
            parser.isSet("tokenizer") ? parser.value("tokenizer").toStdString()
                                      : (o.model.arch == "gpt2" ? "bytelevel" : "sentencepiece"));
        if (parser.isSet("tokenizer-from"))
            o.tokenizerFrom =
                resolveModelLocation(parser.value("tokenizer-from").toStdString(), HubFiles::Tokenizer);
        o.vocab = int(intOption(parser, "vocab", 300));
        o.model.hidden = intOption(parser, "hidden", 8);
        o.model.layers = intOption(parser, "layers", 1);
        o.model.heads = intOption(parser, "heads", 1);
        o.model.intermediate = intOption(parser, "intermediate", 0);
        o.model.context = intOption(parser, "context", 2);
        o.steps = intOption(parser, "steps", 1);
        o.batch = intOption(parser, "batch", 1);
        o.lr = doubleOption(parser, "lr");
        o.minLr = doubleOption(parser, "min-lr");
        o.warmup = intOption(parser, "warmup", 1);
        o.weightDecay = doubleOption(parser, "weight-decay");
        o.seed = uint64_t(intOption(parser, "seed", 0));
        o.logEvery = intOption(parser, "log-every", 1);
        o.evalEvery = intOption(parser, "eval-every", 0);
        o.checkpointEvery = intOption(parser, "checkpoint-every", 0);
        o.resume = parser.isSet("resume");
        o.corpusNote = parser.value("corpus-note").toStdString();
        const QString dtype = parser.value("save-dtype");
        if (dtype == "float32")
            o.savePrecision = Precision::Float32;
        else if (dtype == "float16")
            o.savePrecision = Precision::Float16;
        else if (dtype == "bfloat16")
            o.savePrecision = Precision::BFloat16;
        else
            throw InputError("train: --save-dtype must be float32, float16 or bfloat16, got '" +
                             dtype.toStdString() + "'");
        for (const QString& s : parser.values("snapshot")) {
            const int colon = s.indexOf(':');
            bool ok = false;
            const qlonglong step = colon > 0 ? s.left(colon).toLongLong(&ok) : 0;
            if (!ok || step < 1 || colon + 1 >= s.size())
                throw InputError("train: --snapshot must be STEP:DIR, got '" + s.toStdString() + "'");
            o.snapshots.emplace_back(step, s.mid(colon + 1).toStdString());
        }
        QStringList words{"interlens", "train"};
        words += args;
        o.command = words.join(' ').toStdString();

        initRuntime();
        setLibtorchThreads(int(intOption(parser, "threads", 1)));
        const train::TrainReport r =
            train::trainModel(o, [](const std::string& line) { std::cerr << line << std::endl; });
        printJson({{"out", o.out},
                   {"parameters", r.parameters},
                   {"steps", r.steps},
                   {"tokens_seen", r.tokensSeen},
                   {"train_loss", r.trainLoss},
                   {"heldout_loss", r.heldOutLoss},
                   {"heldout_perplexity", std::exp(r.heldOutLoss)},
                   {"seconds", r.seconds},
                   {"weights_sha256", r.weightsHash}});
        return 0;
    });
}

} // namespace interlens::cli
