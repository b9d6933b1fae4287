// libFuzzer target: game JSON files of `interlens decompose --game` (one model's v or several models), run
// through the command itself in exact mode (the transforms, no solver iterations), output discarded.
#include "fuzz_support.h"

#include "cli/commands.h"

#include <QStringList>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string path = interlens::fuzz::writeScratch("game.json", data, size);
    // runDecompose turns InputError into exit code 2 and prints JSON on success; libFuzzer's -close_fd_mask=3
    // keeps the terminal quiet. Any other exception escapes guarded() as exit 1 and is a finding.
    const int rc = interlens::cli::runDecompose({QStringLiteral("--game"), QString::fromStdString(path),
                                                 QStringLiteral("--mode"), QStringLiteral("exact")});
    if (rc == 1)
        __builtin_trap();
    return 0;
}
