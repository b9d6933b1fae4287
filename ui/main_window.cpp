#include "main_window.h"

#include <QLabel>

namespace interlens::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent)
{
    setWindowTitle(QStringLiteral("Interlens"));
    auto* label = new QLabel(tr("Interlens: the linked views arrive with the desktop-application issue.\n"
                                "The headless CLI works today: run `interlens --help`."),
                             this);
    label->setAlignment(Qt::AlignCenter);
    setCentralWidget(label);
    resize(900, 600);
}

} // namespace interlens::ui
