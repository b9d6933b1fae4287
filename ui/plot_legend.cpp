#include "plot_legend.h"

#include "text_fit.h"

#include "qcp.h"

#include <QFontMetricsF>

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
    compactLegend(plot, font, false);
}

void compactLegend(QCustomPlot* plot, const QFont& font, bool compact)
{
    QCPLegend* legend = plot->legend;
    QFont small = font;
    small.setPointSizeF(compact ? std::max(6.0, font.pointSizeF() * 0.75) : font.pointSizeF() * 0.85);
    if (legend->font() != small)
        legend->setFont(small);
    legend->setMargins(compact ? QMargins(4, 1, 4, 1)
                               : QMargins(7, 5, 7, 4)); // QCustomPlot's own: 7, 5, 7, 4
    legend->setRowSpacing(compact ? 0 : 3);             // its own: 3
}

namespace {

// The whole name of a legend entry's plottable: fitLegendColumns may have shortened the name it shows; a
// name set since (a rebuild) is whole again.
QString wholeName(const QCPAbstractPlottable& plottable)
{
    const QVariant fitted = plottable.property("interlensFittedName");
    return fitted.isValid() && fitted.toString() == plottable.name()
               ? plottable.property("interlensWholeName").toString()
               : plottable.name();
}

double textWidth(const QFont& font, const QString& text)
{
    return QFontMetricsF(font).boundingRect(QRectF(), Qt::TextDontClip, text).width();
}

} // namespace

void fitLegendColumns(QCustomPlot* plot, double width, int most)
{
    QCPLegend* legend = plot->legend;
    // Entry widths with whole names: the icon, its padding and the margins, plus the text.
    double widest = 0.0, widestExtra = 0.0;
    for (int i = 0; i < legend->itemCount(); ++i)
        if (auto* item = qobject_cast<QCPPlottableLegendItem*>(legend->item(i))) { // empty cells are null
            const QCPAbstractPlottable& plottable = *item->plottable();
            const double extra = legend->iconSize().width() + legend->iconTextPadding() +
                                 item->margins().left() + item->margins().right();
            widestExtra = std::max(widestExtra, extra);
            widest = std::max(widest, extra + textWidth(legend->font(), wholeName(plottable)));
        }
    const double room = width - legend->margins().left() - legend->margins().right();
    const int fit =
        widest > 0 ? static_cast<int>((room + legend->columnSpacing()) / (widest + legend->columnSpacing()))
                   : most;
    const int columns = std::clamp(fit, 1, std::max(1, most));
    // Even one entry per line is too wide: the names break into lines (a name never runs past the edge).
    const bool wrap = widest > room;
    for (int i = 0; i < legend->itemCount(); ++i)
        if (auto* item = qobject_cast<QCPPlottableLegendItem*>(legend->item(i))) {
            QCPAbstractPlottable& plottable = *item->plottable();
            const QString whole = wholeName(plottable);
            const QString shown =
                wrap ? fitTextToWidth(whole, legend->font(), std::max(20.0, room - widestExtra)) : whole;
            plottable.setProperty("interlensWholeName", whole);
            plottable.setProperty("interlensFittedName", shown);
            plottable.setName(shown);
        }
    if (columns == legend->wrap())
        return;
    legend->setWrap(columns);
    legend->setFillOrder(QCPLegend::foColumnsFirst, true); // rearranges the entries by the new wrap
}

} // namespace interlens::ui
