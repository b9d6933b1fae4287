#include "interactive_plot.h"

#include "plot_legend.h"
#include "plot_palette.h"

#include "qcp.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QResizeEvent>
#include <QToolTip>
#include <QVBoxLayout>

namespace interlens::ui {

InteractivePlot::InteractivePlot(const QSize& minimumSize, QWidget* parent)
    : QWidget(parent), m_plot(new QCustomPlot(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->setMouseTracking(true);
    m_plot->installEventFilter(this);
    m_plot->setMinimumSize(minimumSize);
    followPalette(m_plot); // a dark desktop palette gives dark plots
}

void InteractivePlot::placeLegendBelow(int columns)
{
    m_legendColumns = columns;
    interlens::ui::placeLegendBelow(m_plot, font(), columns);
    fitLegendColumns(m_plot, m_plot->width(), m_legendColumns);
}

bool InteractivePlot::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_plot) {
        if (event->type() == QEvent::Resize) // fewer legend columns in a narrow plot, before it replots
            fitLegendColumns(m_plot, static_cast<QResizeEvent*>(event)->size().width(), m_legendColumns);
        if (event->type() == QEvent::ToolTip) {
            auto* help = static_cast<QHelpEvent*>(event);
            if (const QString tip = tooltipAt(help->pos()); !tip.isEmpty())
                QToolTip::showText(help->globalPos(), tip, m_plot);
            else
                QToolTip::hideText();
            return true;
        }
        if (event->type() == QEvent::MouseButtonPress)
            m_pressPosition = static_cast<QMouseEvent*>(event)->position();
        if (event->type() == QEvent::MouseButtonRelease) {
            auto* mouse = static_cast<QMouseEvent*>(event);
            // A click, not the end of a drag that moved the plot.
            if (mouse->button() == Qt::LeftButton &&
                (mouse->position() - m_pressPosition).manhattanLength() < 5)
                clickAt(mouse->position());
        }
    }
    return QWidget::eventFilter(watched, event);
}

void InteractivePlot::renderExport(QCPPainter& painter, const QSize& size)
{
    painter.save();
    fitLegendColumns(m_plot, size.width(), m_legendColumns); // the legend as the export's width allows
    m_plot->toPainter(&painter, size.width(), size.height());
    fitLegendColumns(m_plot, m_plot->width(), m_legendColumns);
    painter.restore();
}

} // namespace interlens::ui
