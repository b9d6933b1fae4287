#include "sparsity_plot.h"

#include "session_controller.h"
#include "view_style.h"

#include "qcp.h"

#include <cmath>

namespace interlens::ui {

namespace {
constexpr double kFloor = 1e-12; // |I| below this is drawn at the floor of the log axis
constexpr double kRatio = 0.05;  // GEN's "> 1/20 * max I"
} // namespace

SparsityPlot::SparsityPlot(SessionController* controller, QWidget* parent) : PlotView(controller, parent)
{
    rebuild();
}

int SparsityPlot::countAbove(int shownIndex) const
{
    return shownIndex >= 0 && shownIndex < static_cast<int>(m_countAbove.size()) ? m_countAbove[shownIndex]
                                                                                 : 0;
}

void SparsityPlot::rebuild()
{
    QCustomPlot* p = plot();
    p->clearPlottables();
    p->clearItems();
    m_selected = nullptr;
    m_countAbove.clear();
    m_rank.clear();
    m_sorted.clear();
    points().clear();
    p->xAxis->setLabel(tr("rank (AND+OR, |S| ≥ 1)"));
    p->yAxis->setLabel(tr("|I(S)|"));
    p->yAxis->setScaleType(QCPAxis::stLogarithmic);
    p->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
    p->yAxis->setNumberFormat(QStringLiteral("eb"));
    p->yAxis->setNumberPrecision(0);
    p->legend->setVisible(false);
    const SessionData& data = controller()->data();
    if (!data.session) {
        p->replot();
        return;
    }
    const int models = data.shownCount();
    const size_t size = size_t{1} << data.playerCount;
    double top = kFloor, bottom = 1e300;
    int ranks = 0;
    for (int m = 0; m < models; ++m) {
        const ModelResult& model = data.model(m);
        const std::vector<RankedEntry> ranked = rankedInteractions(data, m);
        std::vector<int> rank(2 * size, -1);
        std::vector<double> sorted;
        auto* g = p->addGraph();
        g->setName(QString::fromStdString(model.id));
        g->setPen(QPen(style::modelColor(data, m), 1.8));
        const double maxAbs = ranked.empty() ? 0.0 : std::abs(ranked.front().value);
        int above = 0;
        for (size_t i = 0; i < ranked.size(); ++i) {
            const double a = std::abs(ranked[i].value);
            rank[static_cast<size_t>(ranked[i].type) * size + ranked[i].mask] = static_cast<int>(i);
            sorted.push_back(a);
            g->addData(static_cast<double>(i + 1), std::max(a, kFloor));
            if (a > kRatio * maxAbs)
                ++above;
            if (a > kFloor)
                bottom = std::min(bottom, a);
            top = std::max(top, a);
            const int row = data.find(ranked[i].type, ranked[i].mask);
            if (i < 400 || row >= 0) { // hover/click targets: the head of the curve and every table row
                Point pt;
                pt.x = static_cast<double>(i + 1);
                pt.y = std::max(a, kFloor);
                pt.row = row;
                pt.shownIndex = m;
                pt.tooltip = QStringLiteral("%1: rank %2<br><b>%3</b> {%4}<br>I = %5")
                                 .arg(QString::fromStdString(model.id).toHtmlEscaped())
                                 .arg(i + 1)
                                 .arg(ranked[i].type == InteractionType::And ? QStringLiteral("AND")
                                                                             : QStringLiteral("OR"))
                                 .arg(QString::fromStdString(data.words(ranked[i].mask)).toHtmlEscaped())
                                 .arg(ranked[i].value, 0, 'g', 17);
                points().push_back(pt);
            }
        }
        g->setName(tr("%1: %2 > 5 % of max").arg(QString::fromStdString(model.id)).arg(above));
        ranks = std::max(ranks, static_cast<int>(ranked.size()));
        m_countAbove.push_back(above);
        m_rank.push_back(std::move(rank));
        m_sorted.push_back(std::move(sorted));
        auto* line = new QCPItemStraightLine(p);
        line->point1->setCoords(0, std::max(kRatio * maxAbs, kFloor));
        line->point2->setCoords(1, std::max(kRatio * maxAbs, kFloor));
        QColor c = style::modelColor(data, m);
        c.setAlpha(120);
        line->setPen(QPen(c, 1, Qt::DashLine));
    }
    m_selected = p->addGraph();
    m_selected->setLineStyle(QCPGraph::lsNone);
    m_selected->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(Qt::black, 2.0), Qt::NoBrush, 12));
    m_selected->removeFromLegend();
    if (bottom > top)
        bottom = top / 10;
    p->yAxis->setRange(std::max(kFloor, bottom / 2), top * 2);
    p->xAxis->setRange(0, std::max(2, ranks + 1));
    placeLegendBelow(2);
    p->replot();
}

void SparsityPlot::showCurrent(int row)
{
    if (!m_selected)
        return;
    m_selected->data()->clear();
    const SessionData& data = controller()->data();
    if (row >= 0 && row < static_cast<int>(data.coalitions.size())) {
        const Coalition& c = data.coalitions[row];
        const size_t size = size_t{1} << data.playerCount;
        for (size_t m = 0; m < m_rank.size(); ++m) {
            const int r = m_rank[m][static_cast<size_t>(c.type) * size + c.mask];
            if (r >= 0)
                m_selected->addData(r + 1, std::max(m_sorted[m][r], kFloor));
        }
    }
    plot()->replot();
}

} // namespace interlens::ui
