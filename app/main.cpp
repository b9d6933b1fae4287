// interlens: the GUI when started with no sub-command, the headless CLI with one (`interlens --help` lists them).

#include "cli/commands.h"

#include "main_window.h"

#include <QApplication>
#include <QCoreApplication>

#include <cstring>
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

} // namespace

int main(int argc, char** argv)
{
    if (argc > 1) {
        const QString first = QString::fromLocal8Bit(argv[1]);
        if (first == QLatin1String("--help") || first == QLatin1String("-h") || first == QLatin1String("help")) {
            printUsage();
            return 0;
        }
        if (const auto* command = interlens::cli::findCommand(first)) {
            QCoreApplication app(argc, argv);
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
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Interlens"));
    QApplication::setOrganizationName(QStringLiteral("Interlens"));
    interlens::ui::MainWindow window;
    window.show();
    return QApplication::exec();
}
