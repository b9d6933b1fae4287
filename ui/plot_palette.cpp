#include "plot_palette.h"

#include "qcp.h"

#include <QEvent>

namespace interlens::ui {

namespace {

class PaletteFollower : public QObject
{
public:
    explicit PaletteFollower(QCustomPlot* plot) : QObject(plot), m_plot(plot) {}

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (watched == m_plot && event->type() == QEvent::PaletteChange)
            m_plot->replot(QCustomPlot::rpQueuedReplot); // beforeReplot applies the new palette
        return false;
    }

private:
    QCustomPlot* m_plot;
};

void styleAxis(QCPAxis* axis, const QColor& text, const QColor& grid)
{
    const QPen pen(text);
    axis->setBasePen(pen);
    axis->setTickPen(pen);
    axis->setSubTickPen(pen);
    axis->setLabelColor(text);
    axis->setTickLabelColor(text);
    QPen gridPen(grid, 0, Qt::DotLine);
    axis->grid()->setPen(gridPen);
}

} // namespace

void applyPalette(QCustomPlot* plot, const QPalette& palette)
{
    const QColor base = palette.color(QPalette::Base);
    const QColor text = palette.color(QPalette::Text);
    // The grid a quarter of the way from the background to the text: visible on light and dark alike.
    const QColor grid = QColor::fromRgbF(0.75f * base.redF() + 0.25f * text.redF(),
                                         0.75f * base.greenF() + 0.25f * text.greenF(),
                                         0.75f * base.blueF() + 0.25f * text.blueF());
    plot->setBackground(base);
    for (QCPAxisRect* rect : plot->axisRects()) {
        rect->setBackground(Qt::NoBrush);
        for (QCPAxis* axis : rect->axes())
            styleAxis(axis, text, grid);
    }
    if (plot->legend) {
        QColor legendBackground = base;
        legendBackground.setAlpha(210); // the data stays faintly visible behind the legend
        // A legend under the plot (plot_legend.h) stands on the background without a frame.
        const bool below = plot->legend->layout() == plot->plotLayout();
        plot->legend->setBrush(below ? QBrush(Qt::NoBrush) : QBrush(legendBackground));
        plot->legend->setBorderPen(below ? QPen(Qt::NoPen) : QPen(grid));
        plot->legend->setTextColor(text);
    }
    for (int i = 0; i < plot->plotLayout()->elementCount(); ++i)
        if (auto* title = qobject_cast<QCPTextElement*>(plot->plotLayout()->elementAt(i)))
            title->setTextColor(text);
}

void followPalette(QCustomPlot* plot)
{
    // Before every replot, so axes, legends and titles the views add while rebuilding follow too.
    QObject::connect(plot, &QCustomPlot::beforeReplot, plot, [plot] { applyPalette(plot, plot->palette()); });
    plot->installEventFilter(new PaletteFollower(plot));
    applyPalette(plot, plot->palette());
}

} // namespace interlens::ui
