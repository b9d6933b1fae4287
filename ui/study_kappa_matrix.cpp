#include "study_kappa_matrix.h"

#include "study_controller.h"

#include "qcp.h"

#include <QFontMetricsF>

#include <algorithm>
#include <cmath>

namespace interlens::ui {

StudyKappaMatrix::StudyKappaMatrix(StudyController* controller, QWidget* parent)
    : StudyFigure(controller, parent), m_scale(new QCPColorScale(plot()))
{
    // The colour scale beside the matrix, its top and bottom aligned with the matrix's.
    plot()->plotLayout()->addElement(1, 1, m_scale);
    m_scale->setBarWidth(10);
    auto* margins = new QCPMarginGroup(plot());
    plot()->axisRect()->setMarginGroup(QCP::msTop | QCP::msBottom, margins);
    m_scale->setMarginGroup(QCP::msTop | QCP::msBottom, margins);
    connect(plot(), &QCustomPlot::afterLayout, this, &StudyKappaMatrix::fitCellTexts);
    rebuild();
}

void StudyKappaMatrix::fitToWidth(double width)
{
    const QStringList ids = controller()->modelIds();
    if (!ids.isEmpty()) {
        const QFontMetricsF metrics(plot()->yAxis->tickLabelFont());
        double rowNames = 0.0;
        for (const QString& id : ids)
            rowNames = std::max(rowNames, metrics.horizontalAdvance(id));
        // The matrix gets the width less the row names, the colour scale and the margins.
        turnTickLabels(ids, (width - rowNames - 80.0) / static_cast<double>(ids.size()));
    }
    StudyFigure::fitToWidth(width);
}

void StudyKappaMatrix::fitCellTexts()
{
    if (m_cells.empty())
        return;
    QCustomPlot* p = plot();
    const double cellWidth = std::abs(p->xAxis->coordToPixel(1) - p->xAxis->coordToPixel(0));
    const double cellHeight = std::abs(p->yAxis->coordToPixel(1) - p->yAxis->coordToPixel(0));
    QString widest;
    for (const QCPItemText* text : m_cells)
        if (text->text().size() > widest.size())
            widest = text->text();
    QFont cellFont = font();
    double size = font().pointSizeF();
    const auto fits = [&] {
        cellFont.setPointSizeF(size);
        const QFontMetricsF metrics(cellFont);
        return metrics.horizontalAdvance(widest) <= 0.9 * cellWidth && metrics.height() <= 0.9 * cellHeight;
    };
    while (size > 5.0 && !fits())
        size -= 0.5;
    const bool visible = fits();
    for (QCPItemText* text : m_cells) {
        text->setFont(cellFont);
        text->setVisible(visible);
    }
}

void StudyKappaMatrix::rebuild()
{
    StudyController* c = controller();
    const QString variant = c->kappaVariant();
    m_cells.clear(); // reset() deletes the items
    reset(tr("%1 between models\n%2 prompts")
              .arg(StudyController::kappaVariantTitle(variant))
              .arg(c->keptCount()));
    QCustomPlot* p = plot();
    const QStringList ids = c->modelIds();
    const int models = static_cast<int>(ids.size());
    m_scale->setVisible(c->hasStudy() && models >= 2);
    if (!c->hasStudy() || models < 2) {
        showNote(!c->hasStudy() ? tr("Open a study file (File ▸ Open Study…)")
                                : tr("The study has one model: no pairs to compare"));
        p->replot();
        return;
    }
    const std::vector<double> matrix = c->kappaMatrix();
    double lo = 0.0, hi = 1.0;
    for (double v : matrix)
        if (std::isfinite(v)) {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }

    auto* map = new QCPColorMap(p->xAxis, p->yAxis);
    map->data()->setSize(models, models);
    map->data()->setRange(QCPRange(0, models - 1), QCPRange(0, models - 1));
    QCPColorGradient
        gradient; // viridis (QCustomPlot 2.1 has no preset): readable in grey and by the colour-blind
    gradient.clearColorStops();
    gradient.setColorStopAt(0.0, QColor(68, 1, 84));
    gradient.setColorStopAt(0.25, QColor(59, 82, 139));
    gradient.setColorStopAt(0.5, QColor(33, 145, 140));
    gradient.setColorStopAt(0.75, QColor(94, 201, 98));
    gradient.setColorStopAt(1.0, QColor(253, 231, 37));
    gradient.setNanHandling(QCPColorGradient::nhTransparent);
    map->setColorScale(m_scale);
    map->setGradient(gradient);
    map->setDataRange(QCPRange(lo, hi));
    map->setInterpolate(false);
    map->setSelectable(QCP::stNone);
    for (int i = 0; i < models; ++i)
        for (int j = 0; j < models; ++j) {
            const double value = matrix[static_cast<std::size_t>(i * models + j)];
            map->data()->setCell(j, i, value); // x = column j, y = row i
            if (!std::isfinite(value))
                continue;
            auto* text = new QCPItemText(p);
            text->position->setCoords(j, i);
            text->setText(variant == QLatin1String("shared_count") ? QString::number(value, 'f', 0)
                                                                   : QString::number(value, 'f', 3));
            m_cells.push_back(text); // its font: fitCellTexts
            text->setColor((value - lo) / std::max(1e-12, hi - lo) > 0.6 ? Qt::black : Qt::white);
            HitBox box;
            box.keyAxis = p->xAxis;
            box.valueAxis = p->yAxis;
            box.rect = QRectF(QPointF(j - 0.5, i - 0.5), QPointF(j + 0.5, i + 0.5));
            box.value = value;
            box.pair = c->pairIndex(i, j);
            box.tooltip =
                tr("%1: %2 (row) and %3 (column): %4\nClick to show this pair in the other figures.")
                    .arg(StudyController::kappaVariantTitle(variant), ids[i], ids[j])
                    .arg(value, 0, 'g', 8);
            addHitBox(box);
        }

    const int pair = c->currentPair();
    if (pair >= 0) {
        const StudyPair& sp = c->pairs()[static_cast<std::size_t>(pair)];
        for (const auto& [row, column] : {std::pair{sp.a, sp.b}, std::pair{sp.b, sp.a}}) {
            auto* outline = new QCPItemRect(p);
            outline->topLeft->setCoords(column - 0.5, row - 0.5);
            outline->bottomRight->setCoords(column + 0.5, row + 0.5);
            outline->setPen(QPen(QColor(230, 40, 40), 2.5));
            outline->setBrush(Qt::NoBrush);
        }
    }

    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    for (int i = 0; i < models; ++i)
        ticker->addTick(i, ids[i]);
    p->xAxis->setTicker(ticker);
    p->yAxis->setTicker(ticker);
    p->xAxis->setRange(-0.5, models - 0.5);
    p->yAxis->setRange(-0.5, models - 0.5);
    p->yAxis->setRangeReversed(true); // the first model in the top row, as a matrix is read
    p->xAxis->grid()->setVisible(false);
    p->yAxis->grid()->setVisible(false);
    p->replot();
}

} // namespace interlens::ui
