#include "plot_legend.h"

#include "qcp.h"

#include <algorithm>

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

void fitLegendColumns(QCustomPlot* plot, double width, int most)
{
    QCPLegend* legend = plot->legend;
    int widest = 0;
    for (int i = 0; i < legend->itemCount(); ++i)
        if (QCPLayoutElement* item = legend->item(i)) // an empty cell of the grid is null
            widest = std::max(widest, item->minimumOuterSizeHint().width());
    const double room = width - legend->margins().left() - legend->margins().right();
    const int fit =
        widest > 0 ? static_cast<int>((room + legend->columnSpacing()) / (widest + legend->columnSpacing()))
                   : most;
    const int columns = std::clamp(fit, 1, std::max(1, most));
    if (columns == legend->wrap())
        return;
    legend->setWrap(columns);
    legend->setFillOrder(QCPLegend::foColumnsFirst, true); // rearranges the entries by the new wrap
}

} // namespace interlens::ui
