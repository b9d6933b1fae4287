#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace interlens::cli {

// Progress of a long CLI run, on stderr. On a terminal: one line redrawn in place, a bar with the rate and
// the time left ("[#####.....]  48%  1.9 %/s  ~0:27 left  gpt2-kjv-late: scoring"). Otherwise (a log file,
// Slurm's output): plain lines, one per change of step or of whole percent ("[ 48%] gpt2-kjv-late: scoring").
// Quiet: none.
class ProgressBar
{
public:
    enum class Style { Bar, Lines, Quiet };
    // Bar when stderr is a terminal, Lines when not, Quiet when `quiet`.
    static Style styleFor(bool quiet);

    explicit ProgressBar(Style style);
    ~ProgressBar();

    // Fraction of the whole run done, in [0, 1]; the rate is shown in percent per second.
    void fraction(double done, const std::string& what);
    // Like fraction(), but drawn on a terminal only: in plain-line mode the caller's message() per step says
    // the same (a study logs every prompt).
    void fractionOnTerminal(double done, const std::string& what);
    // A line that stays (above the bar on a terminal); shown in every style but Quiet.
    void message(const std::string& line);
    // Removes the bar from the terminal (also done by the destructor).
    void finish();

    // "~1:05 left" from the elapsed seconds and the fraction done; "" while too early to say. Exposed for
    // tests.
    static std::string timeLeft(double elapsedSeconds, double fraction);

private:
    void draw(double fraction, const std::string& what);
    void clearLine();

    Style m_style;
    std::chrono::steady_clock::time_point m_start;
    std::chrono::steady_clock::time_point m_lastDraw;
    std::string m_lastLine;
    double m_lastFraction = 0.0;
    bool m_barShown = false;
};

} // namespace interlens::cli
