#pragma once

// A view in a titled frame with small tool buttons in its header ("CSV…", "Export…"): every view of the
// window and of the study tab sits in one.

#include <QFrame>

class QHBoxLayout;
class QToolButton;

namespace interlens::ui {

class ViewFrame : public QFrame
{
    Q_OBJECT
public:
    ViewFrame(const QString& title, QWidget* view, QWidget* parent = nullptr);

    // A button at the right end of the header.
    QToolButton* addButton(const QString& text, const QString& toolTip);

private:
    QHBoxLayout* m_header;
};

} // namespace interlens::ui
