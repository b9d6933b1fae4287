#pragma once

// Base of the QCustomPlot views: owns the plot, follows the session controller, finds the data point under
// the mouse (tooltip with exact values, click selects its coalition) and exports through
// QCustomPlot::toPainter.

#include "exportable_view.h"

#include <QWidget>

#include <vector>

class QCustomPlot;

namespace interlens::ui {

class SessionController;

class PlotView : public QWidget, public ExportableView
{
    Q_OBJECT
public:
    explicit PlotView(SessionController* controller, QWidget* parent = nullptr);

    QCustomPlot* plot() const { return m_plot; }
    void renderExport(QCPPainter& painter, const QSize& size) override;
    QString exportCaption() const override;
    QWidget* exportWidget() override { return this; }

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
    // The legend both plots share: under the plot (see plot_legend.h), at most `columns` entries per line.
    void showLegendBelow(int columns);
    std::vector<Point>& points() { return m_points; }
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    const Point* pointAt(const QPointF& pos) const;

    SessionController* m_controller;
    QCustomPlot* m_plot;
    std::vector<Point> m_points;
    int m_legendColumns = 2; // at most; fewer when the plot is narrow
};

} // namespace interlens::ui
