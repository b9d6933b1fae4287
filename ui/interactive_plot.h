#pragma once

// The common base of the QCustomPlot views (PlotView: the single-prompt plots; StudyFigure: the study
// figures): owns the plot, shows a tooltip for what is under the mouse, passes left clicks (not the end of a
// drag that moved the plot) to the view, and exports through QCustomPlot::toPainter. What is under a position
// is the derived view's business (points within a few pixels, bars and cells).

#include "exportable_view.h"

#include <QPointF>
#include <QWidget>

class QCustomPlot;

namespace interlens::ui {

class InteractivePlot : public QWidget, public ExportableView
{
    Q_OBJECT
public:
    // `minimumSize`: the plot's smallest size on screen.
    InteractivePlot(const QSize& minimumSize, QWidget* parent);

    QCustomPlot* plot() const { return m_plot; }
    void renderExport(QCPPainter& painter, const QSize& size) override;
    QWidget* exportWidget() override { return this; }
    // The data area keeps a useful size, the legend its entries, and neighbouring tick labels keep apart.
    bool fitsAt(const QSize& size, QString* why) override;
    // Lays the plot out at `size` as an export draws it (legend, ticks and titles fitted; tests look at the
    // result), and back to the layout on screen.
    void layOutAt(const QSize& size);
    void layOutOnScreen();

protected:
    // The tooltip for what is at `position` (plot widget pixels); empty when nothing is there.
    virtual QString tooltipAt(const QPointF& position) const = 0;
    // A left click at `position` (plot widget pixels); true when it selected something.
    virtual bool clickAt(const QPointF& position) = 0;
    // Moves the legend under the plot, at most `columns` entries per line: fewer when the plot or the export
    // is narrow (see plot_legend.h).
    void placeLegendBelow(int columns);
    // Fits what QCustomPlot does not fit by itself to a plot `width` pixels wide: the legend's columns and
    // names, the number of x ticks; derived figures add their titles. Before every replot on screen, and for
    // an export at the export's width.
    virtual void fitToWidth(double width);
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    // Fewer value-axis ticks in a low plot (at its last layout), so that their labels keep apart; true when
    // the count changed.
    bool fitValueTicks();
    // What does not fit in the current layout ("" when everything does).
    QString textProblem() const;
    QCustomPlot* m_plot;
    QPointF m_pressPosition;
    int m_legendColumns = 2; // at most; fewer when the plot is narrow
};

} // namespace interlens::ui
