#pragma once

#include <atomic>

namespace interlens::cli {

// SIGINT (Ctrl+C) and SIGTERM (kill, Slurm's time limit) during a long run: the first one sets the flag the
// run polls (RunControl/StudyControl::cancel), so it stops at the next check and writes what is done; a
// second one kills the process at once. Exit codes by the shell convention 128 + signal: 130 for SIGINT, 143
// for SIGTERM.
class Interrupt
{
public:
    // Installs the handlers; returns the flag to pass as `cancel`.
    static const std::atomic<bool>* install();
    // 128 + the signal: 130 after SIGINT (also when cancelled otherwise), 143 after SIGTERM.
    static int exitCode();
};

} // namespace interlens::cli
