// interlens: the GUI when started with no sub-command, the headless CLI with one (`interlens --help` lists
// them).

#include "cli/commands.h"
#include "cli/usage.h"
#include "model/runtime.h"

#include "main_window.h"
#include "store/session_file.h"

#include <QApplication>
#include <QCoreApplication>
#include <QFileInfo>
#include <QIcon>
#include <QTimer>

#include <cstring>
#include <iostream>
#include <memory>

namespace {

// The desktop application. Session and study files are opened, folders added to the model list; --run starts
// the demo run at once; --screenshot (for the README and CI) grabs the window into FILE once the first result
// or session is on screen, then exits.
int runGui(int argc, char** argv, const interlens::cli::GuiArguments& arguments)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Interlens"));
    QApplication::setOrganizationName(QStringLiteral("Interlens"));
    QApplication::setApplicationVersion(QString::fromStdString(interlens::interlensVersion()));
    // The installed theme icon when there is one (the desktop's own sizes), else the SVG built into the
    // binary.
    QApplication::setWindowIcon(
        QIcon::fromTheme(QStringLiteral("io.github.interlens.Interlens"),
                         QIcon(QStringLiteral(":/interlens/io.github.interlens.Interlens.svg"))));
    QApplication::setDesktopFileName(QStringLiteral("io.github.interlens.Interlens"));

    interlens::ui::MainWindow window;
    const bool screenshot = !arguments.screenshotPath.isEmpty();
    if (screenshot) {
        window.setScreenshotPath(arguments.screenshotPath);
        window.setQuietErrors(true);
    }
    window.show();
    bool opened = false;
    for (const QString& arg : arguments.files) {
        if (QFileInfo(arg).isDir())
            window.addModelFolder(arg);
        else
            opened = window.openFile(arg, screenshot) || opened;
    }
    if (arguments.run && !opened)
        QTimer::singleShot(0, &window, [&window] { window.startRun(); });
    return QApplication::exec();
}

} // namespace

int main(int argc, char** argv)
{
    interlens::reexecWithPassiveOpenMp(argv); // before anything else: see runtime.h
    QStringList args;
    for (int i = 1; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);
    if (!args.isEmpty()) {
        const QString& first = args.front();
        if (first == QLatin1String("--help") || first == QLatin1String("-h") ||
            first == QLatin1String("help")) {
            interlens::cli::printUsage(std::cout);
            return 0;
        }
        if (first == QLatin1String("--version") || first == QLatin1String("version")) {
            interlens::cli::printVersion(std::cout);
            return 0;
        }
        if (const auto* command = interlens::cli::findCommand(first)) {
            // `figure` draws the GUI's widgets: a QApplication, on the offscreen platform (no display
            // needed).
            const bool widgets = first == QLatin1String("figure");
            if (widgets)
                qputenv("QT_QPA_PLATFORM", "offscreen");
            std::unique_ptr<QCoreApplication> app = widgets ? std::make_unique<QApplication>(argc, argv)
                                                            : std::make_unique<QCoreApplication>(argc, argv);
            QCoreApplication::setApplicationName(QStringLiteral("interlens"));
            return command->run(args.mid(1));
        }
    }
    // The desktop application: its arguments are checked before any window system is touched.
    const interlens::cli::GuiArguments gui = interlens::cli::parseGuiArguments(args);
    if (!gui.error.isEmpty()) {
        std::cerr << "interlens: " << gui.error.toStdString()
                  << "\n`interlens --help` lists the sub-commands and "
                  << "options.\n";
        return 2;
    }
    if (!interlens::cli::hasDisplay()) {
        interlens::cli::printHeadlessHint(std::cerr);
        return 2;
    }
    return runGui(argc, argv, gui);
}
