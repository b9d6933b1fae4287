// interlens: the GUI when started with no sub-command, the headless CLI with one (`interlens --help` lists them).

#include "cli/commands.h"
#include "model/runtime.h"

#include "main_window.h"
#include "store/session_file.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QTimer>

#include <cstring>
#include <memory>
#include <iostream>

namespace {

void printUsage()
{
    std::cout << "usage: interlens [SUBCOMMAND] [OPTIONS]\n"
                 "With no sub-command the desktop application opens.\n\nSub-commands:\n";
    for (const auto& c : interlens::cli::commands())
        std::cout << "  " << c.name << std::string(12 - std::min<size_t>(11, std::strlen(c.name)), ' ')
                  << c.summary << '\n';
    std::cout << "\n`interlens SUBCOMMAND --help` describes one. Exit codes: 0 success, 2 bad input, 1 internal error.\n";
}


// interlens [SESSION.h5 | MODEL_DIR ...] [--run] [--screenshot FILE]: the desktop application. Session files are
// opened, folders added to the model list; --run starts the demo run at once; --screenshot (for the README and
// CI) grabs the window into FILE once the first result or session is on screen, then exits.
int runGui(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Interlens"));
    QApplication::setOrganizationName(QStringLiteral("Interlens"));
    QApplication::setApplicationVersion(QString::fromStdString(interlens::interlensVersion()));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Interlens: shared AND/OR coalitions of several language models."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("FILES"), QStringLiteral("session or study files (.h5) to open, model folders to add"));
    QCommandLineOption runOption(QStringLiteral("run"), QStringLiteral("start a run with the demo prompt at once"));
    QCommandLineOption screenshotOption(QStringLiteral("screenshot"),
                                       QStringLiteral("grab the window into FILE after the first result, then exit"),
                                       QStringLiteral("FILE"));
    screenshotOption.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(runOption);
    parser.addOption(screenshotOption);
    parser.process(app);

    interlens::ui::MainWindow window;
    if (parser.isSet(screenshotOption)) {
        window.setScreenshotPath(parser.value(screenshotOption));
        window.setQuietErrors(true);
    }
    window.show();
    bool opened = false;
    for (const QString& arg : parser.positionalArguments()) {
        if (QFileInfo(arg).isDir())
            window.addModelFolder(arg);
        else
            opened = window.openFile(arg, parser.isSet(screenshotOption)) || opened;
    }
    if (parser.isSet(runOption) && !opened)
        QTimer::singleShot(0, &window, [&window] { window.startRun(); });
    return QApplication::exec();
}

} // namespace

int main(int argc, char** argv)
{
    interlens::reexecWithPassiveOpenMp(argv); // before anything else: see runtime.h
    if (argc > 1) {
        const QString first = QString::fromLocal8Bit(argv[1]);
        if (first == QLatin1String("--help") || first == QLatin1String("-h") || first == QLatin1String("help")) {
            printUsage();
            return 0;
        }
        if (const auto* command = interlens::cli::findCommand(first)) {
            // `figure` draws the GUI's widgets: a QApplication, on the offscreen platform (no display needed).
            const bool widgets = first == QLatin1String("figure");
            if (widgets)
                qputenv("QT_QPA_PLATFORM", "offscreen");
            std::unique_ptr<QCoreApplication> app = widgets ? std::make_unique<QApplication>(argc, argv)
                                                            : std::make_unique<QCoreApplication>(argc, argv);
            QCoreApplication::setApplicationName(QStringLiteral("interlens"));
            QStringList args = QCoreApplication::arguments().mid(2);
            return command->run(args);
        }
        if (!first.startsWith(QLatin1Char('-')) && !first.contains(QLatin1Char('/')) && !first.contains('.')) {
            std::cerr << "interlens: unknown sub-command '" << argv[1] << "'\n";
            printUsage();
            return 2;
        }
    }
    return runGui(argc, argv);
}
