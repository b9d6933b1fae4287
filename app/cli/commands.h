#pragma once

#include <QStringList>

#include <span>

namespace interlens::cli {

// One headless sub-command: `interlens NAME ARGS...`. run() gets the arguments after NAME and returns the
// process exit code: 0 success, 2 bad input (message on stderr), 1 internal failure. JSON goes to stdout.
struct Command
{
    const char* name;
    const char* summary;
    int (*run)(const QStringList& args);
};

std::span<const Command> commands();
const Command* findCommand(const QString& name);

// One function per sub-command, each in its own file.
int runLogits(const QStringList& args);
int runTokenize(const QStringList& args);
int runPredict(const QStringList& args);
int runDecompose(const QStringList& args);
int runInspect(const QStringList& args);
int runExplain(const QStringList& args);
int runTrain(const QStringList& args);
int runStudy(const QStringList& args);
int runMerge(const QStringList& args);
int runFindings(const QStringList& args);
int runFigure(const QStringList& args);

} // namespace interlens::cli
