#include "cli/interrupt.h"

#include <csignal>

namespace interlens::cli {

namespace {

std::atomic<bool> g_interrupted{false};
volatile std::sig_atomic_t g_signal = 0;

extern "C" void onSignal(int signal)
{
    g_signal = signal;
    g_interrupted = true;
    std::signal(signal, SIG_DFL); // the second one ends the process at once
}

} // namespace

const std::atomic<bool>* Interrupt::install()
{
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    return &g_interrupted;
}

int Interrupt::exitCode()
{
    return g_signal ? 128 + int(g_signal) : 130;
}

} // namespace interlens::cli
