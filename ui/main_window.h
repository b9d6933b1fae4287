#pragma once

#include <QMainWindow>

namespace interlens::ui {

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
};

} // namespace interlens::ui
