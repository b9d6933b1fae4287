#include "interactive_plot.h"

#include "plot_legend.h"
#include "plot_palette.h"
#include "view_export.h"

#include "qcp.h"

#include <QFontMetricsF>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

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
    connect(m_plot, &QCustomPlot::beforeReplot, this, [this] {
        fitToWidth(m_plot->width());
        fitValueTicks();
    });
}

void InteractivePlot::placeLegendBelow(int columns)
{
    m_legendColumns = columns;
    interlens::ui::placeLegendBelow(m_plot, font(), columns);
    fitLegendColumns(m_plot, m_plot->width(), m_legendColumns);
}

void InteractivePlot::fitToWidth(double width)
{
    // Narrower than a journal column: a compact legend (smaller text, tighter spacing), so that the data keep
    // their height.
    compactLegend(m_plot, font(), width < kSingleColumnMm / 25.4 * 96.0);
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

bool InteractivePlot::fitValueTicks()
{
    bool changed = false;
    for (QCPAxis* axis : {m_plot->yAxis, m_plot->yAxis2}) {
        if (!axis->visible())
            continue;
        const QFontMetricsF metrics(axis->tickLabelFont());
        // A power of ten ("10" with a raised exponent) is taller than a line of text.
        const double label = metrics.height() * (axis->scaleType() == QCPAxis::stLogarithmic ? 1.6 : 1.0);
        const int ticks = std::clamp(static_cast<int>(m_plot->axisRect()->height() / (2.0 * label)), 2, 5);
        if (axis->ticker()->tickCount() != ticks) {
            axis->ticker()->setTickCount(ticks);
            changed = true;
        }
    }
    return changed;
}

void InteractivePlot::layOutAt(const QSize& size)
{
    fitToWidth(size.width());
    m_plot->setViewport(QRect(QPoint(0, 0), size));
    const auto layOut = [this] {
        for (const auto phase :
             {QCPLayoutElement::upPreparation, QCPLayoutElement::upMargins, QCPLayoutElement::upLayout})
            m_plot->plotLayout()->update(phase);
    };
    layOut();
    if (fitValueTicks()) // the value ticks follow the data area's height, known only now
        layOut();
}

void InteractivePlot::layOutOnScreen()
{
    fitToWidth(m_plot->width());
    m_plot->setViewport(m_plot->rect());
    // Hover and clicks map pixels through the layout: the screen's again at the next replot.
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

namespace {

// Neighbouring tick labels of `axis` that overlap, as "a and b"; "" when none do.
QString collidingTickLabels(const QCPAxis* axis)
{
    const QVector<double> ticks = axis->tickVector();
    const QVector<QString> labels = axis->tickVectorLabels();
    const QFontMetricsF metrics(axis->tickLabelFont());
    const bool horizontal = axis->orientation() == Qt::Horizontal;
    const double angle = std::abs(axis->tickLabelRotation()) * M_PI / 180.0;
    const double line = metrics.height() * (axis->scaleType() == QCPAxis::stLogarithmic ? 1.3 : 1.0);
    for (int i = 0; i + 1 < ticks.size() && i + 1 < labels.size(); ++i) {
        const double apart = std::abs(axis->coordToPixel(ticks[i + 1]) - axis->coordToPixel(ticks[i]));
        const double needs =
            !horizontal || angle > 0
                ? line
                : (metrics.horizontalAdvance(labels[i]) + metrics.horizontalAdvance(labels[i + 1])) / 2 + 2;
        if ((horizontal && angle > 0 ? apart * std::sin(angle) : apart) < needs)
            return QStringLiteral("%1 and %2").arg(labels[i], labels[i + 1]);
    }
    return {};
}

} // namespace

QString InteractivePlot::textProblem() const
{
    if (m_plot->plottableCount() == 0)
        return {}; // an empty plot (no session or study yet: a note says so) has nothing to fit
    constexpr double kPxPerMm = 96.0 / 25.4;
    const QRect data = m_plot->axisRect()->rect();
    // Room for a few ticks and marks: about 13 × 10 mm.
    if (data.width() < 50 || data.height() < 40)
        return tr("the data area would be only %1 × %2 mm")
            .arg(std::max(0.0, data.width() / kPxPerMm), 0, 'f', 0)
            .arg(std::max(0.0, data.height() / kPxPerMm), 0, 'f', 0);
    // An axis label is centred on its axis and may reach into the axis rect's margins (beside the tick
    // labels) on both sides of that centre, never past them into the title, the legend or off the figure.
    const QRect outer = m_plot->axisRect()->outerRect();
    const QPointF centre = QRectF(data).center();
    const QCPLegend* legend = m_plot->legend;
    if (legend->visible() && legend->layout() == m_plot->plotLayout() &&
        (legend->outerRect().height() + 1 < legend->minimumOuterSizeHint().height() ||
         legend->outerRect().bottom() > m_plot->viewport().bottom() + 1))
        return tr("the legend does not fit");
    for (const QCPAxis* axis : {m_plot->xAxis, m_plot->yAxis, m_plot->yAxis2})
        if (axis->visible() && !axis->label().isEmpty()) {
            const double half = QFontMetricsF(axis->labelFont()).horizontalAdvance(axis->label()) / 2;
            const bool horizontal = axis->orientation() == Qt::Horizontal;
            const double at = horizontal ? centre.x() : centre.y();
            const double room = horizontal ? std::min(at - outer.left(), outer.right() + 1 - at)
                                           : std::min(at - outer.top(), outer.bottom() + 1 - at);
            if (half > room)
                return tr("the axis label “%1” is longer than its axis").arg(axis->label());
        }
    for (const QCPAxis* axis : {m_plot->xAxis, m_plot->yAxis, m_plot->yAxis2})
        if (axis->visible() && axis->tickLabels())
            if (const QString labels = collidingTickLabels(axis); !labels.isEmpty())
                return tr("the tick labels %1 overlap").arg(labels);
    return {};
}

bool InteractivePlot::fitsAt(const QSize& size, QString* why)
{
    layOutAt(size);
    const QString problem = textProblem();
    layOutOnScreen();
    if (why)
        *why = problem;
    return problem.isEmpty();
}

void InteractivePlot::renderExport(QCPPainter& painter, const QSize& size)
{
    painter.save();
    layOutAt(size); // the legend, ticks and titles as the export's size allows
    m_plot->toPainter(&painter, size.width(), size.height());
    painter.restore();
    layOutOnScreen();
}

} // namespace interlens::ui
