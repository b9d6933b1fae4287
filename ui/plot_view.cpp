#include "plot_view.h"

#include "figure_caption.h"
#include "session_controller.h"

#include "qcp.h"

namespace interlens::ui {

PlotView::PlotView(SessionController* controller, QWidget* parent)
    : InteractivePlot(QSize(200, 150), parent), m_controller(controller)
{
    connect(controller, &SessionController::sessionChanged, this, [this] {
        m_points.clear();
        rebuild();
        showCurrent(m_controller->currentRow());
    });
    connect(controller, &SessionController::currentCoalitionChanged, this,
            [this](int row) { showCurrent(row); });
}

const PlotView::Point* PlotView::pointAt(const QPointF& pos) const
{
    const Point* best = nullptr;
    double bestDistance = 8.0 * 8.0; // pixels²
    for (const Point& p : m_points) {
        const double px = plot()->xAxis->coordToPixel(p.x);
        const double py = plot()->yAxis->coordToPixel(p.y);
        const double d = (px - pos.x()) * (px - pos.x()) + (py - pos.y()) * (py - pos.y());
        if (d < bestDistance) {
            bestDistance = d;
            best = &p;
        }
    }
    return best;
}

QString PlotView::tooltipAt(const QPointF& position) const
{
    const Point* p = pointAt(position);
    return p ? p->tooltip : QString();
}

bool PlotView::clickAt(const QPointF& position)
{
    const Point* p = pointAt(position);
    if (!p || p->row < 0)
        return false;
    m_controller->selectRow(p->row);
    return true;
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

} // namespace interlens::ui
