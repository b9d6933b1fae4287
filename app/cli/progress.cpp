#include "cli/progress.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace interlens::cli {

namespace {

constexpr int kBarWidth = 24;
// A terminal redraw at most this often: libtorch's callbacks can come thousands of times a second.
constexpr auto kRedrawInterval = std::chrono::milliseconds(100);

std::string formatDuration(double seconds)
{
    const long long s = std::llround(seconds);
    char text[32];
    if (s >= 3600)
        std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
    else
        std::snprintf(text, sizeof text, "%lld:%02lld", s / 60, s % 60);
    return text;
}

std::string formatRate(double perSecond, const std::string& unit)
{
    char text[48];
    if (perSecond >= 1.0 || perSecond == 0.0)
        std::snprintf(text, sizeof text, "%.1f %s/s", perSecond, unit.c_str());
    else
        std::snprintf(text, sizeof text, "%.1f %s/min", perSecond * 60.0, unit.c_str());
    return text;
}

} // namespace

ProgressBar::Style ProgressBar::styleFor(bool quiet)
{
    if (quiet)
        return Style::Quiet;
    return isatty(STDERR_FILENO) ? Style::Bar : Style::Lines;
}

ProgressBar::ProgressBar(Style style)
    : m_style(style), m_start(std::chrono::steady_clock::now()), m_lastDraw(m_start - kRedrawInterval)
{
}

ProgressBar::~ProgressBar()
{
    finish();
}

std::string ProgressBar::timeLeft(double elapsedSeconds, double fraction)
{
    // Too early for an estimate worth showing: under 1 % done or under a second elapsed.
    if (fraction < 0.01 || elapsedSeconds < 1.0 || fraction >= 1.0)
        return "";
    return "~" + formatDuration(elapsedSeconds * (1.0 - fraction) / fraction) + " left";
}

void ProgressBar::fraction(double done, const std::string& what)
{
    done = std::clamp(done, 0.0, 1.0);
    if (m_style == Style::Lines) {
        char line[32];
        std::snprintf(line, sizeof line, "[%3.0f%%] ", 100.0 * done);
        message(line + what);
        return;
    }
    draw(done, what);
}

void ProgressBar::fractionOnTerminal(double done, const std::string& what)
{
    draw(std::clamp(done, 0.0, 1.0), what);
}

void ProgressBar::draw(double f, const std::string& what)
{
    if (m_style != Style::Bar)
        return;
    const auto now = std::chrono::steady_clock::now();
    // Back at 0: a new stage (a study's joint pass after its prompts), whose rate and time left are measured
    // from now.
    if (f == 0.0 && m_lastFraction > 0.0)
        m_start = now;
    m_lastFraction = f;
    if (now - m_lastDraw < kRedrawInterval && f < 1.0)
        return;
    m_lastDraw = now;
    const double elapsed = std::chrono::duration<double>(now - m_start).count();
    const int filled = static_cast<int>(std::lround(f * kBarWidth));
    char percent[16];
    std::snprintf(percent, sizeof percent, "%3.0f%%", 100.0 * f);
    std::string line = "[" + std::string(filled, '#') + std::string(kBarWidth - filled, '.') + "] " + percent;
    if (elapsed > 0.0)
        line += "  " + formatRate(100.0 * f / elapsed, "%");
    if (const std::string left = timeLeft(elapsed, f); !left.empty())
        line += "  " + left;
    line += "  " + what;
    // Keep to one 100-column line: a wrapped line cannot be redrawn with \r.
    if (line.size() > 99)
        line.resize(99);
    std::fprintf(stderr, "\r%s\033[K", line.c_str());
    std::fflush(stderr);
    m_barShown = true;
}

void ProgressBar::message(const std::string& line)
{
    if (m_style == Style::Quiet || line == m_lastLine)
        return;
    m_lastLine = line;
    clearLine();
    std::fprintf(stderr, "%s\n", line.c_str());
    std::fflush(stderr);
}

void ProgressBar::clearLine()
{
    if (m_barShown) {
        std::fprintf(stderr, "\r\033[K");
        m_barShown = false;
        m_lastDraw = std::chrono::steady_clock::now() - kRedrawInterval;
    }
}

void ProgressBar::finish()
{
    clearLine();
    std::fflush(stderr);
}

} // namespace interlens::cli
