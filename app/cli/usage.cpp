#include "cli/usage.h"

#include "cli/build_info.h"
#include "cli/cli_support.h"
#include "cli/commands.h"
#include "cli/model_arguments.h"
#include "common/error.h"
#include "model/hub_cache.h"
#include "model/runtime_info.h"
#include "store/hdf5_version.h"
#include "store/session_file.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QtGlobal>

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace interlens::cli {

void printUsage(std::ostream& out)
{
    out << "usage: interlens SUBCOMMAND [OPTIONS]          headless (scripts, clusters)\n"
           "       interlens [FILE.h5 | MODEL_DIR ...] [--run]  the desktop application\n"
           "       interlens --version | --help\n\nSub-commands:\n";
    for (const auto& c : commands())
        out << "  " << c.name << std::string(12 - std::min<size_t>(11, std::strlen(c.name)), ' ') << c.summary
            << '\n';
    out << "\n`interlens SUBCOMMAND --help` describes one. Long runs (explain, study) show a progress bar on "
           "a\n"
           "terminal and plain lines otherwise; --quiet silences them.\n\n"
           "Desktop application: session and study files are opened (each in its tab), model folders added "
           "to the\n"
           "model list; --run starts a run on the demo prompt at once. It needs a display; headless, use a\n"
           "sub-command (or xvfb-run -a interlens).\n\n"
        << kExitCodesHelp;
}

void printVersion(std::ostream& out)
{
    out << "interlens " << interlensVersion() << " (git " << gitRevision() << ")\n"
        << "libtorch " << libtorchVersion() << ", Qt " << qVersion() << " (built with " << QT_VERSION_STR
        << "), HDF5 " << hdf5Version() << "\n"
        << "devices:";
    for (const std::string& device : availableDevices())
        out << ' ' << device;
    out << '\n';
}

void printHeadlessHint(std::ostream& out)
{
    out << "interlens: no display (neither DISPLAY nor WAYLAND_DISPLAY is set), so the desktop application "
           "cannot\n"
           "open. Headless, use a sub-command, for example:\n"
           "  interlens explain --prompt \"And God said, Let there be\" --out session.h5   (bundled models)\n"
           "  interlens study --prompts prompts.jsonl --out study.h5\n"
           "  interlens inspect session.h5\n"
           "`interlens --help` lists them all. The desktop application without a screen: xvfb-run -a "
           "interlens\n";
}

bool hasDisplay()
{
    for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
        if (const char* value = std::getenv(name); value && *value)
            return true;
    return false;
}

GuiArguments parseGuiArguments(const QStringList& args)
{
    QCommandLineParser parser;
    // Qt's own options are single-dash words (-platform offscreen); accept them so QApplication gets them.
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption run(QStringLiteral("run"));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"), QString(), QStringLiteral("FILE"));
    parser.addOption(run);
    parser.addOption(screenshot);
    for (const char* qtOption : {"platform", "style", "stylesheet", "display", "qwindowgeometry",
                                 "qwindowtitle", "qwindowicon", "platformtheme", "plugin"})
        parser.addOption(
            QCommandLineOption(QString::fromLatin1(qtOption), QString(), QStringLiteral("VALUE")));
    parser.addOption(QCommandLineOption(QStringLiteral("reverse")));

    GuiArguments out;
    if (!parser.parse(QStringList{QStringLiteral("interlens")} + args)) {
        out.error = parser.errorText();
        return out;
    }
    for (const QString& arg : parser.positionalArguments()) {
        if (QFileInfo::exists(arg)) {
            out.files << arg;
            continue;
        }
        // org/name[@revision]: a model in the local Hugging Face cache. A bare word stays a mistyped
        // sub-command, although legacy hub ids ("gpt2") have no org.
        if (arg.contains(QLatin1Char('/')) && parseHubModelId(arg.toStdString(), nullptr)) {
            try {
                out.files << QString::fromStdString(modelFolder(arg.toStdString()));
                continue;
            } catch (const InputError& e) {
                out.error = arg + QStringLiteral(": no such file or folder; as a hub id: ") +
                            QString::fromStdString(e.what());
                return out;
            }
        }
        // A bare word is a mistyped sub-command far more often than a file name.
        const bool looksLikePath = arg.contains(QLatin1Char('/')) || arg.contains(QLatin1Char('.'));
        out.error = looksLikePath ? arg + QStringLiteral(": no such file or folder")
                                  : QStringLiteral("unknown sub-command '") + arg + QStringLiteral("'");
        return out;
    }
    out.run = parser.isSet(run);
    out.screenshotPath = parser.value(screenshot);
    return out;
}

} // namespace interlens::cli
