#include "study_shared_plot.h"

#include "study_controller.h"
#include "view_style.h"

#include "qcp.h"

#include <cmath>

namespace interlens::ui {

namespace {

double scalarOf(const AggNode& node, const std::string& name)
{
    const auto it = node.scalars.find(name);
    return it == node.scalars.end() ? std::nan("") : it->second;
}

} // namespace

StudySharedPlot::StudySharedPlot(StudyController* controller, QWidget* parent)
    : StudyFigure(controller, parent)
{
    placeLegendBelow(2);
    rebuild();
}

void StudySharedPlot::fitToWidth(double width)
{
    const int pair = controller()->currentPair();
    if (pair >= 0 && pair < static_cast<int>(controller()->pairs().size())) {
        const QStringList ids = controller()->modelIds();
        const StudyPair& p = controller()->pairs()[static_cast<std::size_t>(pair)];
        // Ticks one key apart on a range of 5.4 keys; the two value axes and the margins take about 110 px.
        turnTickLabels({ids[p.a], ids[p.b]}, (width - 110.0) / 5.4);
    }
    StudyFigure::fitToWidth(width);
}

void StudySharedPlot::rebuild()
{
    StudyController* c = controller();
    const int pair = c->currentPair();
    const QStringList ids = c->modelIds();
    reset(tr("Shared vs non-shared\n%1\n%2 prompts").arg(c->pairTitle(pair)).arg(c->keptCount()));
    QCustomPlot* p = plot();
    p->yAxis->setLabel(tr("salient per prompt"));
    if (showNoteUnlessPairShown())
        return;
    p->yAxis2->setVisible(true);
    p->yAxis2->setLabel(tr("mean |I| (log-odds)"));

    // Keys: 1, 2 = number for model a, b (left axis); 4, 5 = mean strength for a, b (right axis).
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    const double width = 0.36;
    for (const bool shared : {true, false}) {
        const QColor colour = shared ? style::sharedColor(2, 2) : style::sharedColor(0, 2);
        const QString set = shared ? tr("shared") : tr("non-shared");
        const std::string prefix = shared ? "shared" : "non_shared";
        auto* number = new QCPBars(p->xAxis, p->yAxis);
        auto* strength = new QCPBars(p->xAxis, p->yAxis2);
        for (QCPBars* bars : {number, strength}) {
            bars->setWidth(width);
            bars->setPen(QPen(colour.darker(130), 0.6));
            bars->setBrush(colour);
            bars->setSelectable(QCP::stNone);
        }
        number->setName(set);
        strength->removeFromLegend();
        const double offset = shared ? -0.19 : 0.19;
        for (int role = 0; role < 2; ++role) {
            const AggNode& node = *c->pairRole(pair, role);
            const QString id = ids[role == 0 ? c->pairs()[pair].a : c->pairs()[pair].b];
            const double count = scalarOf(node, prefix + "_count_mean");
            const double mean = scalarOf(node, prefix + "_strength_mean");
            const double total = scalarOf(node, prefix + "_total");
            const struct
            {
                QCPBars* bars;
                double key;
                double value;
                QString what;
            } entries[] = {
                {number, 1.0 + role, count, tr("%1 salient interactions per prompt").arg(count, 0, 'g', 8)},
                {strength, 4.0 + role, mean, tr("mean |I| %1").arg(mean, 0, 'g', 8)},
            };
            for (const auto& e : entries) {
                const double value = std::isnan(e.value) ? 0.0 : e.value;
                e.bars->addData(e.key + offset, value);
                HitBox box;
                box.keyAxis = p->xAxis;
                box.valueAxis = e.bars->valueAxis();
                box.rect = QRectF(QPointF(e.key + offset - width / 2, 0.0),
                                  QPointF(e.key + offset + width / 2, value))
                               .normalized();
                box.value = e.value;
                box.tooltip = tr("%1, %2: %3 (%4 in all)").arg(id, set, e.what).arg(total, 0, 'g', 8);
                addHitBox(box);
            }
            ticker->addTick(1.0 + role, id);
            ticker->addTick(4.0 + role, id);
        }
    }
    p->xAxis->setTicker(ticker);
    p->xAxis->setRange(0.3, 5.7);
    for (QCPAxis* axis : {p->yAxis, p->yAxis2}) {
        axis->rescale();
        axis->setRange(0.0, std::max(1e-9, axis->range().upper * 1.3)); // room for the headings and legend
    }
    for (const auto& [key, text] : {std::pair{1.5, tr("number")}, std::pair{4.5, tr("mean |I|")}}) {
        auto* heading = new QCPItemText(p);
        heading->position->setTypeX(QCPItemPosition::ptPlotCoords);
        heading->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
        heading->position->setCoords(key, 0.02);
        heading->setPositionAlignment(Qt::AlignTop | Qt::AlignHCenter);
        heading->setText(text);
    }
    p->legend->setVisible(true);
    p->replot();
}

} // namespace interlens::ui
