#pragma once

#include <QString>
#include <QStringList>

#include <ostream>

namespace interlens::cli {

// `interlens --help`: the sub-commands, the desktop application's options and the exit codes.
void printUsage(std::ostream& out);
// `interlens --version`: app version, git revision, libtorch/Qt/HDF5 versions and the devices found.
void printVersion(std::ostream& out);
// What to do instead when the desktop application cannot open for lack of a display.
void printHeadlessHint(std::ostream& out);

// True when a window system is reachable in principle: DISPLAY or WAYLAND_DISPLAY set, or QT_QPA_PLATFORM
// chosen.
bool hasDisplay();

// The desktop application's command line: interlens [FILE.h5 | MODEL_DIR ...] [--run] [--screenshot FILE],
// plus Qt's own options (-platform, -style, ...). Checked before any window system is touched, so that a typo
// never opens (or, headless, aborts in) the GUI.
struct GuiArguments
{
    QStringList files;      // session/study files and model folders (hub ids resolved to their folders)
    bool run = false;       // start the demo run at once
    QString screenshotPath; // grab the window into this file after the first result, then quit
    QString error;          // non-empty: what is wrong (exit 2)
};
GuiArguments parseGuiArguments(const QStringList& args);

} // namespace interlens::cli
