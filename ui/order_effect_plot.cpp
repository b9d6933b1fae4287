#include "order_effect_plot.h"

#include "session_controller.h"
#include "view_style.h"

#include "qcp.h"

namespace interlens::ui {

namespace {

double slotOffset(int model, int models)
{
    const double width = 0.8 / std::max(1, models);
    return (model - (models - 1) / 2.0) * width;
}

// A small deterministic spread so that points of one order do not all sit on one vertical line.
double jitter(std::uint32_t mask, int models)
{
    const double width = 0.8 / std::max(1, models);
    const std::uint32_t h = mask * 2654435761u;
    return ((h >> 24) / 255.0 - 0.5) * width * 0.6;
}

} // namespace

OrderEffectPlot::OrderEffectPlot(SessionController* controller, QWidget* parent)
    : PlotView(controller, parent)
{
    rebuild();
}

double OrderEffectPlot::barSum(int shownIndex, int order) const
{
    if (shownIndex < 0 || shownIndex >= static_cast<int>(m_barSums.size()) || order < 0 ||
        order >= static_cast<int>(m_barSums[shownIndex].size()))
        return 0.0;
    return m_barSums[shownIndex][order];
}

void OrderEffectPlot::rebuild()
{
    QCustomPlot* p = plot();
    p->clearPlottables();
    p->clearItems();
    m_selected = nullptr;
    m_barSums.clear();
    points().clear();
    p->xAxis->setLabel(tr("interaction order |S|"));
    p->yAxis->setLabel(tr("effect I(S) (log-odds)"));
    p->legend->setVisible(false);
    const SessionData& data = controller()->data();
    if (!data.session) {
        p->replot();
        return;
    }
    const int models = data.shownCount();
    const int n = data.playerCount;
    auto ticker = QSharedPointer<QCPAxisTickerFixed>::create();
    ticker->setTickStep(1.0);
    ticker->setScaleStrategy(QCPAxisTickerFixed::ssNone);
    p->xAxis->setTicker(ticker);
    p->xAxis->setRange(0.4, n + 0.6);

    double lo = 0.0, hi = 0.0;
    for (int m = 0; m < models; ++m) {
        const QColor color = style::modelColor(data, m);
        const QString id = QString::fromStdString(data.model(m).id);
        // Bars: Σ positive / Σ negative salient effects per order, shared and non-shared stacked.
        std::vector<double> posShared(n + 1), posOwn(n + 1), negShared(n + 1), negOwn(n + 1);
        auto* shared = p->addGraph();
        auto* own = p->addGraph();
        for (QCPGraph* g : {shared, own}) {
            g->setLineStyle(QCPGraph::lsNone);
            g->setSelectable(QCP::stNone);
        }
        shared->setName(tr("%1 shared").arg(id));
        own->setName(tr("%1 own").arg(id));
        shared->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, color, color, 6));
        own->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(color, 1.4), Qt::NoBrush, 6));
        for (size_t row = 0; row < data.coalitions.size(); ++row) {
            const Coalition& c = data.coalitions[row];
            if (!c.salient[m])
                continue;
            const double value = c.values[m];
            const bool isShared = c.shared[m];
            auto& bucket = value > 0 ? (isShared ? posShared : posOwn) : (isShared ? negShared : negOwn);
            bucket[c.order] += value;
            const double x = c.order + slotOffset(m, models) + jitter(c.mask, models);
            (isShared ? shared : own)->addData(x, value);
            lo = std::min(lo, value);
            hi = std::max(hi, value);
            Point pt;
            pt.x = x;
            pt.y = value;
            pt.row = static_cast<int>(row);
            pt.shownIndex = m;
            pt.tooltip =
                QStringLiteral("<b>%1</b> {%2}<br>%3: I = %4<br>order %5, %6")
                    .arg(c.type == InteractionType::And ? QStringLiteral("AND") : QStringLiteral("OR"))
                    .arg(QString::fromStdString(data.words(c.mask)).toHtmlEscaped())
                    .arg(id.toHtmlEscaped())
                    .arg(value, 0, 'g', 17)
                    .arg(c.order)
                    .arg(isShared ? tr("shared by %1 models").arg(c.sharedCount) : tr("not shared"));
            points().push_back(pt);
        }
        const double width = 0.8 / std::max(1, models) * 0.9;
        const auto addBars = [&](const std::vector<double>& values, const QColor& fill, QCPBars* below) {
            auto* bars = new QCPBars(p->xAxis, p->yAxis);
            bars->setWidth(width);
            bars->setPen(Qt::NoPen);
            bars->setBrush(fill);
            bars->setSelectable(QCP::stNone);
            bars->removeFromLegend();
            if (below)
                bars->moveAbove(below);
            for (int k = 0; k <= n; ++k)
                bars->addData(k + slotOffset(m, models), values[k]);
            return bars;
        };
        QColor dark = color;
        dark.setAlpha(110);
        QColor light = color;
        light.setAlpha(45);
        QCPBars* ps = addBars(posShared, dark, nullptr);
        addBars(posOwn, light, ps);
        QCPBars* ns = addBars(negShared, dark, nullptr);
        addBars(negOwn, light, ns);
        std::vector<double> sums(n + 1);
        for (int k = 0; k <= n; ++k) {
            sums[k] = posShared[k] + posOwn[k] + negShared[k] + negOwn[k];
            hi = std::max(hi, posShared[k] + posOwn[k]);
            lo = std::min(lo, negShared[k] + negOwn[k]);
        }
        m_barSums.push_back(std::move(sums));
        // Points in front of the bars.
        shared->setLayer(QStringLiteral("main"));
        own->setLayer(QStringLiteral("main"));
    }
    // Keep points above bars: move graphs to a layer above "main".
    if (!p->layer(QStringLiteral("points")))
        p->addLayer(QStringLiteral("points"), p->layer(QStringLiteral("main")), QCustomPlot::limAbove);
    for (int i = 0; i < p->graphCount(); ++i)
        p->graph(i)->setLayer(QStringLiteral("points"));

    m_selected = p->addGraph();
    m_selected->setLayer(QStringLiteral("points"));
    m_selected->setLineStyle(QCPGraph::lsNone);
    m_selected->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(Qt::black, 2.2), Qt::NoBrush, 15));
    m_selected->setName(tr("selected"));

    auto* zero = new QCPItemStraightLine(p);
    zero->point1->setCoords(0, 0);
    zero->point2->setCoords(1, 0);
    zero->setPen(QPen(QColor(120, 120, 120), 1, Qt::DashLine));

    const double pad = std::max(1e-6, (hi - lo) * 0.08);
    p->yAxis->setRange(lo - pad, hi + pad);

    // Legend: one entry per model (filled = shared, hollow = own).
    p->legend->clearItems();
    for (int i = 0; i + 1 < p->graphCount(); ++i)
        p->graph(i)->addToLegend();
    placeLegendBelow(2); // a model per line: shared, own
    p->replot();
}

void OrderEffectPlot::showCurrent(int row)
{
    if (!m_selected)
        return;
    m_selected->data()->clear();
    const SessionData& data = controller()->data();
    if (row >= 0 && row < static_cast<int>(data.coalitions.size())) {
        const Coalition& c = data.coalitions[row];
        for (int m = 0; m < data.shownCount(); ++m)
            if (c.salient[m])
                m_selected->addData(c.order + slotOffset(m, data.shownCount()) +
                                        jitter(c.mask, data.shownCount()),
                                    c.values[m]);
    }
    plot()->replot();
}

} // namespace interlens::ui
