#include "view_frame.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>
#include <QVBoxLayout>

namespace interlens::ui {

ViewFrame::ViewFrame(const QString& title, QWidget* view, QWidget* parent)
    : QFrame(parent), m_header(new QHBoxLayout)
{
    setFrameShape(QFrame::StyledPanel);
    m_header->setContentsMargins(4, 2, 2, 0);
    m_header->addWidget(new QLabel(QStringLiteral("<b>%1</b>").arg(title.toHtmlEscaped()), this), 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->setSpacing(2);
    layout->addLayout(m_header);
    layout->addWidget(view, 1);
}

QToolButton* ViewFrame::addButton(const QString& text, const QString& toolTip)
{
    auto* button = new QToolButton(this);
    button->setText(text);
    button->setAutoRaise(true);
    button->setToolTip(toolTip);
    m_header->addWidget(button);
    return button;
}

} // namespace interlens::ui
