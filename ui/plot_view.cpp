#include "plot_view.h"

#include "figure_caption.h"
#include "plot_legend.h"
#include "plot_palette.h"
#include "session_controller.h"

#include "qcp.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QResizeEvent>
#include <QToolTip>
#include <QVBoxLayout>

namespace interlens::ui {

PlotView::PlotView(SessionController* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller), m_plot(new QCustomPlot(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->setMouseTracking(true);
    m_plot->installEventFilter(this);
    m_plot->setMinimumSize(200, 150);
    followPalette(m_plot); // a dark desktop palette gives dark plots
    connect(controller, &SessionController::sessionChanged, this, [this] {
        m_points.clear();
        rebuild();
        showCurrent(m_controller->currentRow());
    });
    connect(controller, &SessionController::currentCoalitionChanged, this,
            [this](int row) { showCurrent(row); });
}

void PlotView::showLegendBelow(int columns)
{
    m_legendColumns = columns;
    placeLegendBelow(m_plot, font(), columns);
    fitLegendColumns(m_plot, m_plot->width(), m_legendColumns);
}

const PlotView::Point* PlotView::pointAt(const QPointF& pos) const
{
    const Point* best = nullptr;
    double bestDistance = 8.0 * 8.0; // pixels²
    for (const Point& p : m_points) {
        const double px = m_plot->xAxis->coordToPixel(p.x);
        const double py = m_plot->yAxis->coordToPixel(p.y);
        const double d = (px - pos.x()) * (px - pos.x()) + (py - pos.y()) * (py - pos.y());
        if (d < bestDistance) {
            bestDistance = d;
            best = &p;
        }
    }
    return best;
}

bool PlotView::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_plot) {
        if (event->type() == QEvent::Resize) // fewer legend columns in a narrow plot, before it replots
            fitLegendColumns(m_plot, static_cast<QResizeEvent*>(event)->size().width(), m_legendColumns);
        if (event->type() == QEvent::ToolTip) {
            auto* help = static_cast<QHelpEvent*>(event);
            if (const Point* p = pointAt(help->pos()))
                QToolTip::showText(help->globalPos(), p->tooltip, m_plot);
            else
                QToolTip::hideText();
            return true;
        }
        if (event->type() == QEvent::MouseButtonRelease) {
            auto* mouse = static_cast<QMouseEvent*>(event);
            if (mouse->button() == Qt::LeftButton) {
                if (const Point* p = pointAt(mouse->position()); p && p->row >= 0)
                    m_controller->selectRow(p->row);
            }
        }
    }
    return QWidget::eventFilter(watched, event);
}

bool PlotView::clickPointOf(int row, int shownIndex)
{
    for (const Point& p : m_points)
        if (p.row == row && p.shownIndex == shownIndex) {
            m_controller->selectRow(p.row);
            return true;
        }
    return false;
}

QString PlotView::exportCaption() const
{
    return sessionCaption(m_controller->data());
}

void PlotView::renderExport(QCPPainter& painter, const QSize& size)
{
    painter.save();
    fitLegendColumns(m_plot, size.width(), m_legendColumns); // the legend as the export's width allows
    m_plot->toPainter(&painter, size.width(), size.height());
    fitLegendColumns(m_plot, m_plot->width(), m_legendColumns);
    painter.restore();
}

} // namespace interlens::ui
