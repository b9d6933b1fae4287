#include "kappa_graph_view.h"

#include "figure_caption.h"
#include "session_controller.h"
#include "view_style.h"

#include "qcp.h"
#include "store/result_fields.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace interlens::ui {

namespace {

double distanceToSegment(const QPointF& p, const QPointF& a, const QPointF& b)
{
    const QPointF ab = b - a;
    const double len2 = QPointF::dotProduct(ab, ab);
    const double t = len2 > 0 ? std::clamp(QPointF::dotProduct(p - a, ab) / len2, 0.0, 1.0) : 0.0;
    const QPointF d = p - (a + t * ab);
    return std::sqrt(QPointF::dotProduct(d, d));
}

bool pairShares(const PairResult& pair, const Coalition& c)
{
    const auto& list = c.type == InteractionType::And ? pair.sharedAnd : pair.sharedOr;
    return std::find(list.begin(), list.end(), c.mask) != list.end();
}

} // namespace

KappaGraphView::KappaGraphView(SessionController* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller)
{
    setMouseTracking(true);
    setMinimumSize(220, 180);
    connect(controller, &SessionController::sessionChanged, this, [this] { update(); });
    connect(controller, &SessionController::currentCoalitionChanged, this, [this] { update(); });
}

int KappaGraphView::nodeCount() const
{
    const auto& s = m_controller->data().session;
    return s ? static_cast<int>(s->models.size()) : 0;
}

int KappaGraphView::edgeCount() const
{
    const auto& s = m_controller->data().session;
    return s ? static_cast<int>(s->pairs.size()) : 0;
}

QString KappaGraphView::edgeLabel(int pairIndex) const
{
    const PairResult& pair = m_controller->data().session->pairs.at(pairIndex);
    const double k = pair.primaryKappa();
    const QString label =
        std::isnan(k) ? QStringLiteral("κ = ?") : QStringLiteral("κ = %1").arg(k, 0, 'f', 3);
    // The joint extraction stopped above its gap tolerance: κ is not certified.
    return pair.solverConverged() ? label : label + QStringLiteral(" ⚠ not converged");
}

QStringList KappaGraphView::edgeLabels() const
{
    QStringList out;
    for (int i = 0; i < edgeCount(); ++i)
        out << edgeLabel(i);
    return out;
}

int KappaGraphView::modelIndexOf(const std::string& id) const
{
    const auto& models = m_controller->data().session->models;
    for (size_t i = 0; i < models.size(); ++i)
        if (models[i].id == id)
            return static_cast<int>(i);
    return -1;
}

QString KappaGraphView::exportCaption() const
{
    return sessionCaption(m_controller->data(), true);
}

KappaLayout KappaGraphView::layoutFor(const QSizeF& size) const
{
    return layoutFor(size, QFontMetricsF(font()), nullptr);
}

bool KappaGraphView::fitsAt(const QSize& size, QString* why)
{
    const KappaLayout g = layoutFor(size);
    const QRectF area(QPointF(0, 0), QSizeF(size));
    bool inside = true;
    for (const std::vector<QRectF>* rects : {&g.names, &g.labels})
        for (const QRectF& rect : *rects)
            inside = inside && area.contains(rect);
    const QString problem = !g.complete || !inside
                                ? tr("the κ labels and model names do not all find a free spot")
                            : g.radius < 10 ? tr("the nodes would be too small")
                                            : QString();
    if (why)
        *why = problem;
    return problem.isEmpty();
}

QStringList KappaGraphView::nodeNames(const QSizeF& size) const
{
    return nodeNames(size, QFontMetricsF(font()));
}

QStringList KappaGraphView::nodeNames(const QSizeF& size, const QFontMetricsF& fm) const
{
    QStringList names;
    if (!m_controller->data().session)
        return names;
    // Whole names unless one is longer than a third of the view (half with two models side by side): a
    // long hub id is elided in the middle, whole in the tooltip.
    const double most = std::max(60.0, size.width() * (nodeCount() <= 2 ? 0.45 : 0.32));
    for (const ModelResult& m : m_controller->data().session->models) {
        QString name = QString::fromStdString(m.id);
        if (m.failed())
            name += tr(" (failed)");
        else if (!m.solverConverged())
            name += QStringLiteral(" ⚠"); // its own extraction stopped above the gap tolerance
        names << fm.elidedText(name, Qt::ElideMiddle, most);
    }
    return names;
}

KappaLayout KappaGraphView::layoutFor(const QSizeF& size, const QFontMetricsF& fm, QStringList* labels) const
{
    const double top = fm.height() + 8; // the title line
    std::vector<QSizeF> nameSizes;
    for (const QString& name : nodeNames(size, fm))
        nameSizes.emplace_back(fm.horizontalAdvance(name) + 6, fm.height() + 2);
    KappaLayout layout = placeKappaNodes(size, nameSizes, top);
    if (!m_controller->data().session)
        return layout;
    const auto& pairs = m_controller->data().session->pairs;
    std::vector<std::pair<int, int>> edges;
    std::vector<int> pairOfEdge;
    for (size_t i = 0; i < pairs.size(); ++i) {
        const int a = modelIndexOf(pairs[i].a);
        const int b = modelIndexOf(pairs[i].b);
        if (a >= 0 && b >= 0) {
            edges.emplace_back(a, b);
            pairOfEdge.push_back(static_cast<int>(i));
        }
    }
    for (bool shortLabels : {false, true}) {
        QStringList texts;
        std::vector<QSizeF> sizes;
        for (int pair : pairOfEdge) {
            const double k = pairs[static_cast<size_t>(pair)].primaryKappa();
            const QString text = !shortLabels    ? edgeLabel(pair)
                                 : std::isnan(k) ? QStringLiteral("?")
                                                 : QString::number(k, 'f', 2);
            texts << text;
            sizes.emplace_back(fm.horizontalAdvance(text) + 8, fm.height() + 2);
        }
        layout = placeKappaNodes(size, nameSizes, top);
        placeKappaLabels(layout, size, top, edges, sizes);
        if (labels)
            *labels = texts;
        if (layout.complete)
            break;
    }
    // Labels per pair index (the painter walks pairs in session order).
    std::vector<QRectF> byPair(pairs.size());
    std::vector<bool> onEdge(pairs.size(), true);
    QStringList textByPair;
    for (size_t i = 0; i < pairs.size(); ++i)
        textByPair << QString();
    for (size_t e = 0; e < pairOfEdge.size(); ++e) {
        byPair[static_cast<size_t>(pairOfEdge[e])] = layout.labels[e];
        onEdge[static_cast<size_t>(pairOfEdge[e])] = layout.onEdge[e];
        if (labels)
            textByPair[pairOfEdge[e]] = labels->at(static_cast<int>(e));
    }
    layout.labels = std::move(byPair);
    layout.onEdge = std::move(onEdge);
    if (labels)
        *labels = textByPair;
    return layout;
}

void KappaGraphView::paintAll(QPainter& p, const QSizeF& size) const
{
    p.setRenderHint(QPainter::Antialiasing);
    p.setFont(font());
    const SessionData& data = m_controller->data();
    const QFontMetricsF fm(font(), p.device());
    p.setPen(QColor(30, 30, 30));
    p.drawText(QRectF(6, 4, size.width() - 12, fm.height()), Qt::AlignLeft,
               fm.elidedText(tr("κ between models (share of |I| explained by shared interactions)"),
                             Qt::ElideRight, size.width() - 12));
    if (!data.session) {
        p.setPen(QColor(120, 120, 120));
        p.drawText(QRectF(QPointF(0, 0), size), Qt::AlignCenter, tr("no session"));
        return;
    }
    const Session& s = *data.session;
    QStringList labels;
    const KappaLayout g = layoutFor(size, fm, &labels);
    const QStringList names = nodeNames(size, fm);
    const Coalition* c = m_controller->currentCoalition();
    const QColor share = c ? style::sharedColor(c->sharedCount, data.shownCount()) : QColor();
    const auto shownIndexOf = [&](int modelIndex) {
        const auto it = std::find(data.shown.begin(), data.shown.end(), modelIndex);
        return it == data.shown.end() ? -1 : static_cast<int>(it - data.shown.begin());
    };
    // A pair's shared marks exist only in its own joint extraction: mark the edge of the pair shown.
    const auto edgeMarked = [&](int pair) {
        return c && pair == data.extraction && pairShares(s.pairs[pair], *c);
    };
    for (size_t i = 0; i < s.pairs.size(); ++i) {
        const int a = modelIndexOf(s.pairs[i].a);
        const int b = modelIndexOf(s.pairs[i].b);
        if (a < 0 || b < 0)
            continue;
        const double k = s.pairs[i].primaryKappa();
        const double width = 1.5 + 7.0 * (std::isnan(k) ? 0.0 : std::clamp(k, 0.0, 1.0));
        const bool marked = edgeMarked(static_cast<int>(i));
        QColor color = marked ? share : QColor(110, 120, 135);
        if (c && !marked)
            color.setAlpha(120);
        p.setPen(QPen(color, width, Qt::SolidLine, Qt::RoundCap));
        p.drawLine(g.nodes[a], g.nodes[b]);
    }
    for (size_t i = 0; i < s.pairs.size(); ++i) {
        const int a = modelIndexOf(s.pairs[i].a);
        const int b = modelIndexOf(s.pairs[i].b);
        if (a < 0 || b < 0)
            continue;
        const QRectF box = g.labels[i];
        if (!g.onEdge[i]) { // a leader from the label to the edge's middle
            p.setPen(QPen(QColor(150, 150, 150), 0.8, Qt::DotLine));
            p.drawLine(box.center(), (g.nodes[a] + g.nodes[b]) / 2);
        }
        p.setPen(QPen(QColor(180, 180, 180), 1));
        p.setBrush(QColor(255, 255, 255, 240));
        p.drawRoundedRect(box, 3, 3);
        p.setPen(Qt::black);
        p.drawText(box, Qt::AlignCenter, labels.value(static_cast<int>(i)));
    }
    for (size_t i = 0; i < s.models.size(); ++i) {
        const ModelResult& m = s.models[i];
        const int shownIndex = shownIndexOf(static_cast<int>(i));
        const QPointF centre = g.nodes[i];
        const QColor fill = m.failed() ? QColor(200, 60, 60) : style::modelColor(s, m.id);
        const bool marked = c && shownIndex >= 0 && (c->salient[shownIndex] || c->shared[shownIndex]);
        p.setPen(marked ? QPen(share, 4) : QPen(fill.darker(140), 1.5));
        // A light tint of the model's colour (mixed with white), so black text reads on every colour, black
        // too.
        const auto tint = [](const QColor& c, double share) {
            return QColor::fromRgbF(1 - share * (1 - c.redF()), 1 - share * (1 - c.greenF()),
                                    1 - share * (1 - c.blueF()));
        };
        p.setBrush(tint(fill, 0.45));
        p.drawEllipse(centre, g.radius, g.radius);
        // The name outside the node, on a light box where an edge passes under it.
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(255, 255, 255, 215));
        p.drawRoundedRect(g.names[i], 3, 3);
        p.setPen(m.failed() ? QColor(150, 0, 0) : QColor(Qt::black));
        p.drawText(g.names[i], Qt::AlignCenter, names.value(static_cast<int>(i)));
        // Inside the node: the selected coalition's effect in that model, in a smaller font when needed
        // (left out when even that does not fit; the prompt view and the tooltip have it).
        if (!m.failed() && c && shownIndex >= 0) {
            const QString detail = style::signedNumber(c->values[shownIndex], 2);
            QFont small = p.font();
            const double fit = (2 * g.radius - 4) / std::max(1.0, fm.horizontalAdvance(detail));
            if (fit >= 0.6) {
                if (fit < 1.0)
                    small.setPointSizeF(small.pointSizeF() * fit);
                p.save();
                p.setFont(small);
                p.setPen(QColor(40, 40, 40));
                p.drawText(QRectF(centre.x() - g.radius, centre.y() - g.radius, 2 * g.radius, 2 * g.radius),
                           Qt::AlignCenter, detail);
                p.restore();
            }
        }
    }
}

void KappaGraphView::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.fillRect(rect(), Qt::white); // the figure's colours are chosen on white, on screen as in print
    paintAll(p, size());
}

void KappaGraphView::renderExport(QCPPainter& painter, const QSize& size)
{
    painter.save();
    painter.fillRect(QRect(QPoint(0, 0), size), Qt::white);
    paintAll(painter, size);
    painter.restore();
}

int KappaGraphView::nodeAt(const QPointF& pos) const
{
    if (!m_controller->data().session)
        return -1;
    const KappaLayout g = layoutFor(size());
    for (size_t i = 0; i < g.nodes.size(); ++i) {
        const QPointF d = pos - g.nodes[i];
        if (QPointF::dotProduct(d, d) <= g.radius * g.radius)
            return static_cast<int>(i);
    }
    return -1;
}

int KappaGraphView::edgeAt(const QPointF& pos) const
{
    if (!m_controller->data().session)
        return -1;
    const KappaLayout g = layoutFor(size());
    const auto& pairs = m_controller->data().session->pairs;
    for (size_t i = 0; i < pairs.size(); ++i) {
        const int a = modelIndexOf(pairs[i].a);
        const int b = modelIndexOf(pairs[i].b);
        if (a >= 0 && b >= 0 &&
            (distanceToSegment(pos, g.nodes[a], g.nodes[b]) < 7 || g.labels[i].contains(pos)))
            return static_cast<int>(i);
    }
    return -1;
}

bool KappaGraphView::clickEdge(int pairIndex)
{
    const SessionData& data = m_controller->data();
    if (!data.session || pairIndex < 0 || pairIndex >= edgeCount())
        return false;
    const PairResult& pair = data.session->pairs[pairIndex];
    for (size_t row = 0; row < data.coalitions.size(); ++row) // rows are sorted by max |I|
        if (pairShares(pair, data.coalitions[row])) {
            m_controller->selectRow(static_cast<int>(row));
            return true;
        }
    return false;
}

void KappaGraphView::mouseReleaseEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton)
        return QWidget::mouseReleaseEvent(event);
    const int node = nodeAt(event->position());
    if (node >= 0) {
        const SessionData& data = m_controller->data();
        for (int k = 0; k < data.shownCount(); ++k)
            if (data.shown[k] == node)
                for (size_t row = 0; row < data.coalitions.size(); ++row)
                    if (data.coalitions[row].salient[k]) {
                        m_controller->selectRow(static_cast<int>(row));
                        return;
                    }
        return;
    }
    const int edge = edgeAt(event->position());
    if (edge >= 0)
        clickEdge(edge);
}

bool KappaGraphView::event(QEvent* event)
{
    if (event->type() != QEvent::ToolTip)
        return QWidget::event(event);
    auto* help = static_cast<QHelpEvent*>(event);
    const int node = nodeAt(help->pos());
    const auto& session = m_controller->data().session;
    if (node >= 0) {
        const ModelResult& m = session->models[node];
        QString tip = QStringLiteral("<b>%1</b><br>%2")
                          .arg(QString::fromStdString(m.id).toHtmlEscaped(),
                               QString::fromStdString(m.path).toHtmlEscaped());
        if (m.failed())
            tip += tr("<br><span style='color:#b00'>failed: %1</span>")
                       .arg(QString::fromStdString(m.error).toHtmlEscaped());
        else
            tip += tr("<br>%1, %2<br>p(target) = %3, rank %4")
                       .arg(QString::fromStdString(m.architecture), QString::fromStdString(m.dtype))
                       .arg(m.pTarget, 0, 'g', 17)
                       .arg(m.targetRank + 1);
        QToolTip::showText(help->globalPos(), tip, this);
        return true;
    }
    const int edge = edgeAt(help->pos());
    if (edge >= 0) {
        const PairResult& pair = session->pairs[edge];
        QString tip = QStringLiteral("<b>%1 — %2</b><br>shared: %3 AND, %4 OR")
                          .arg(QString::fromStdString(pair.a).toHtmlEscaped(),
                               QString::fromStdString(pair.b).toHtmlEscaped())
                          .arg(pair.sharedAnd.size())
                          .arg(pair.sharedOr.size());
        for (const auto& [name, value] : kappaGroupValues(pair))
            tip += QStringLiteral("<br>%1 = %2").arg(QString::fromStdString(name)).arg(value, 0, 'g', 17);
        QToolTip::showText(help->globalPos(), tip, this);
        return true;
    }
    QToolTip::hideText();
    return true;
}

} // namespace interlens::ui
