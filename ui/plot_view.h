#pragma once

// Base of the single-prompt QCustomPlot views: follows the session controller and finds the data point under
// the mouse (tooltip with exact values, click selects its coalition); the plot, the mouse and the export are
// InteractivePlot's.

#include "interactive_plot.h"

#include <vector>

namespace interlens::ui {

class SessionController;

class PlotView : public InteractivePlot
{
    Q_OBJECT
public:
    explicit PlotView(SessionController* controller, QWidget* parent = nullptr);

    QString exportCaption() const override;

    // Number of data points that can be hovered/clicked, and the one at a coalition row (for tests).
    int pointCount() const { return static_cast<int>(m_points.size()); }
    // Simulates a click at the point of coalition `row` in model `shownIndex`; false when there is none.
    bool clickPointOf(int row, int shownIndex);

protected:
    struct Point
    {
        double x = 0.0, y = 0.0;
        int row = -1;        // coalition row, -1 when the point is not a table row
        int shownIndex = -1; // model
        QString tooltip;
    };

    // Rebuild everything from the session / mark the current coalition.
    virtual void rebuild() = 0;
    virtual void showCurrent(int row) = 0;

    SessionController* controller() const { return m_controller; }
    std::vector<Point>& points() { return m_points; }
    QString tooltipAt(const QPointF& position) const override;
    bool clickAt(const QPointF& position) override;

private:
    const Point* pointAt(const QPointF& pos) const;

    SessionController* m_controller;
    std::vector<Point> m_points;
};

} // namespace interlens::ui
