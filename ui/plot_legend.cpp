#include "plot_legend.h"

#include "qcp.h"

namespace interlens::ui {

void placeLegendBelow(QCustomPlot* plot, const QFont& font, int columns)
{
    QCPLegend* legend = plot->legend;
    QCPLayoutGrid* grid = plot->plotLayout();
    if (legend->layout() != grid) {
        plot->axisRect()->insetLayout()->take(legend);
        grid->addElement(grid->rowCount(), 0, legend);
        // As tall as its entries need, the axis rect takes the rest.
        grid->setRowStretchFactor(grid->rowCount() - 1, 0.001);
    }
    legend->setVisible(true);
    legend->setWrap(columns); // before the fill order, which rearranges the entries by it
    legend->setFillOrder(QCPLegend::foColumnsFirst, true);
    legend->setBorderPen(Qt::NoPen);
    legend->setBrush(Qt::NoBrush);
    QFont small = font;
    small.setPointSizeF(font.pointSizeF() * 0.85);
    legend->setFont(small);
}

} // namespace interlens::ui
