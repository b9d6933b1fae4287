#include "interactive_plot.h"

#include "plot_legend.h"
#include "plot_palette.h"

#include "qcp.h"

#include <QFontMetricsF>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>

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
    // Every replot on screen (a resize replots too) first fits the legend, ticks and titles to the width.
    connect(m_plot, &QCustomPlot::beforeReplot, this, [this] { fitToWidth(m_plot->width()); });
}

void InteractivePlot::placeLegendBelow(int columns)
{
    m_legendColumns = columns;
    interlens::ui::placeLegendBelow(m_plot, font(), columns);
    fitLegendColumns(m_plot, m_plot->width(), m_legendColumns);
}

void InteractivePlot::fitToWidth(double width)
{
    fitLegendColumns(m_plot, width, m_legendColumns);
    // Fewer x ticks in a narrow plot, so that their labels keep apart: one per 2.5 label widths at most (the
    // ticker's default of 5 in a wide one). The axis gets the width less the axis rect's margins.
    QCPAxis* axis = m_plot->xAxis;
    const QFontMetricsF metrics(axis->tickLabelFont());
    double label = metrics.horizontalAdvance(QStringLiteral("000"));
    for (const QString& text : axis->tickVectorLabels())
        label = std::max(label, metrics.horizontalAdvance(text));
    const QMargins axisMargins = m_plot->axisRect()->margins(); // the y axes' labels: not the width's
    const int margins = axisMargins.left() + axisMargins.right();
    const int ticks = std::clamp(static_cast<int>((width - margins) / (2.5 * label)), 2, 5);
    if (axis->ticker()->tickCount() != ticks)
        axis->ticker()->setTickCount(ticks);
}

bool InteractivePlot::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_plot) {
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
    fitToWidth(size.width()); // the legend, ticks and titles as the export's width allows
    m_plot->toPainter(&painter, size.width(), size.height());
    fitToWidth(m_plot->width());
    painter.restore();
}

} // namespace interlens::ui
