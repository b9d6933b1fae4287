#include "study_order_plot.h"

#include "study_controller.h"
#include "view_style.h"

#include "qcp.h"

namespace interlens::ui {

namespace {

std::vector<double> vectorOf(const AggNode& node, const std::string& name)
{
    const auto it = node.vectors.find(name);
    return it == node.vectors.end() ? std::vector<double>{} : it->second;
}

} // namespace

StudyOrderPlot::StudyOrderPlot(StudyController* controller, QWidget* parent) : StudyFigure(controller, parent)
{
    placeLegendBelow(2);
    rebuild();
}

void StudyOrderPlot::rebuild()
{
    StudyController* c = controller();
    const bool counts = c->measure() == StudyController::Measure::Count;
    const int pair = c->currentPair();
    const QStringList ids = c->modelIds();
    reset(tr("Interactions by order\n%1\n%2 prompts").arg(c->pairTitle(pair)).arg(c->keptCount()));
    QCustomPlot* p = plot();
    p->xAxis->setLabel(tr("interaction order |S|"));
    p->yAxis->setLabel(counts ? tr("interactions per prompt (+1 positive, −1 negative)")
                              : tr("Σ I per prompt (log-odds)"));
    if (showNoteUnlessPairShown())
        return;
    const std::string prefix = counts ? "order_count_" : "order_value_";
    const double width = 0.38;
    int orders = 0;
    for (int role = 0; role < 2; ++role) {
        const AggNode& node = *c->pairRole(pair, role);
        const int model = role == 0 ? c->pairs()[pair].a : c->pairs()[pair].b;
        std::vector<std::string> allIds;
        for (const QString& id : ids)
            allIds.push_back(id.toStdString());
        const QColor dark = style::modelColor(allIds, ids[model].toStdString());
        const QColor light = dark.lighter(165);
        const double offset = role == 0 ? -0.2 : 0.2;
        for (const char* sign : {"pos", "neg"}) {
            QCPBars* below = nullptr;
            for (const char* set : {"shared", "non_shared"}) {
                const std::vector<double> values = vectorOf(node, prefix + set + "_" + sign);
                orders = std::max(orders, static_cast<int>(values.size()));
                auto* bars = new QCPBars(p->xAxis, p->yAxis);
                bars->setWidth(width);
                bars->setPen(QPen(dark.darker(120), 0.6));
                bars->setBrush(std::string(set) == "shared" ? dark : light);
                bars->setSelectable(QCP::stNone);
                bars->setName(QStringLiteral("%1 %2").arg(
                    ids[model], std::string(set) == "shared" ? tr("shared") : tr("non-shared")));
                if (std::string(sign) == "neg")
                    bars->removeFromLegend();
                if (below)
                    bars->moveAbove(below);
                for (std::size_t k = 0; k < values.size(); ++k) {
                    const double key = static_cast<double>(k) + offset;
                    bars->addData(key, values[k]);
                    const double base = below ? below->data()->at(static_cast<int>(k))->value : 0.0;
                    HitBox box;
                    box.keyAxis = p->xAxis;
                    box.valueAxis = p->yAxis;
                    box.rect =
                        QRectF(QPointF(key - width / 2, base), QPointF(key + width / 2, base + values[k]))
                            .normalized();
                    box.value = values[k];
                    box.tooltip = tr("%1, order %2, %3, %4: %5 per prompt")
                                      .arg(ids[model])
                                      .arg(k)
                                      .arg(std::string(set) == "shared" ? tr("shared") : tr("non-shared"),
                                           std::string(sign) == "pos" ? tr("positive") : tr("negative"))
                                      .arg(values[k], 0, 'g', 8);
                    addHitBox(box);
                }
                below = bars;
            }
        }
    }
    auto ticker = QSharedPointer<QCPAxisTickerFixed>::create();
    ticker->setTickStep(1.0);
    ticker->setScaleStrategy(QCPAxisTickerFixed::ssNone);
    p->xAxis->setTicker(ticker);
    p->xAxis->setRange(-0.6, std::max(1, orders) - 0.4);
    p->yAxis->rescale();
    const QCPRange range = p->yAxis->range();
    const double pad = std::max(1e-9, range.size() * 0.08);
    p->yAxis->setRange(std::min(0.0, range.lower) - pad, std::max(0.0, range.upper) + pad);
    p->legend->setVisible(true);
    p->replot();
}

} // namespace interlens::ui
