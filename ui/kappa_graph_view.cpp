#include "kappa_graph_view.h"

#include "session_controller.h"
#include "view_style.h"

#include "qcp.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <cmath>
#include <numbers>

namespace interlens::ui {

namespace {

double kappaOf(const PairResult& pair)
{
    const auto it = pair.kappa.find("kappa");
    return it == pair.kappa.end() ? std::nan("") : it->second;
}

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

KappaGraphView::KappaGraphView(SessionController* controller, QWidget* parent) : QWidget(parent), m_controller(controller)
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
    const double k = kappaOf(pair);
    const QString label = std::isnan(k) ? QStringLiteral("κ = ?") : QStringLiteral("κ = %1").arg(k, 0, 'f', 3);
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

KappaGraphView::Geometry KappaGraphView::geometry(const QSizeF& size) const
{
    Geometry g;
    const int n = nodeCount();
    const QPointF centre(size.width() / 2, size.height() / 2 + 8);
    g.radius = std::clamp(std::min(size.width(), size.height()) / 9.0, 18.0, 42.0);
    const double ring = std::max(10.0, std::min(size.width(), size.height() - 16) / 2 - g.radius - 18);
    for (int i = 0; i < n; ++i) {
        if (n == 1) {
            g.nodes.push_back(centre);
            continue;
        }
        // Two models side by side; more on a circle starting at the left.
        const double angle = std::numbers::pi + 2 * std::numbers::pi * i / n;
        g.nodes.emplace_back(centre.x() + ring * 1.25 * std::cos(angle), centre.y() + ring * std::sin(angle));
    }
    return g;
}

void KappaGraphView::paintAll(QPainter& p, const QSizeF& size) const
{
    p.setRenderHint(QPainter::Antialiasing);
    p.setFont(font());
    const SessionData& data = m_controller->data();
    const QFontMetricsF fm(font());
    p.setPen(palette().color(QPalette::WindowText));
    p.drawText(QRectF(6, 4, size.width() - 12, fm.height()), Qt::AlignLeft,
               tr("κ between models (share of |I| explained by shared interactions)"));
    if (!data.session) {
        p.setPen(QColor(120, 120, 120));
        p.drawText(QRectF(QPointF(0, 0), size), Qt::AlignCenter, tr("no session"));
        return;
    }
    const Session& s = *data.session;
    const Geometry g = geometry(size);
    const Coalition* c = m_controller->currentCoalition();
    const QColor share = c ? style::sharedColor(c->sharedCount, data.shownCount()) : QColor();
    for (size_t i = 0; i < s.pairs.size(); ++i) {
        const int a = modelIndexOf(s.pairs[i].a);
        const int b = modelIndexOf(s.pairs[i].b);
        if (a < 0 || b < 0)
            continue;
        const double k = kappaOf(s.pairs[i]);
        const double width = 1.5 + 9.0 * (std::isnan(k) ? 0.0 : std::clamp(k, 0.0, 1.0));
        const bool marked = c && pairShares(s.pairs[i], *c);
        QColor color = marked ? share : QColor(110, 120, 135);
        if (c && !marked)
            color.setAlpha(120);
        p.setPen(QPen(color, width, Qt::SolidLine, Qt::RoundCap));
        p.drawLine(g.nodes[a], g.nodes[b]);
        const QString label = edgeLabel(static_cast<int>(i));
        const QPointF mid = (g.nodes[a] + g.nodes[b]) / 2;
        const QRectF box(mid.x() - fm.horizontalAdvance(label) / 2 - 4, mid.y() - fm.height() / 2 - 1,
                         fm.horizontalAdvance(label) + 8, fm.height() + 2);
        p.setPen(QPen(QColor(180, 180, 180), 1));
        p.setBrush(QColor(255, 255, 255, 235));
        p.drawRoundedRect(box, 3, 3);
        p.setPen(Qt::black);
        p.drawText(box, Qt::AlignCenter, label);
    }
    int shown = 0;
    for (size_t i = 0; i < s.models.size(); ++i) {
        const ModelResult& m = s.models[i];
        int shownIndex = -1;
        if (shown < data.shownCount() && &data.model(shown) == &m)
            shownIndex = shown++;
        const QPointF centre = g.nodes[i];
        const QColor fill = shownIndex >= 0 ? style::modelColor(shownIndex) : QColor(200, 60, 60);
        const bool marked = c && shownIndex >= 0 && (c->salient[shownIndex] || c->shared[shownIndex]);
        p.setPen(marked ? QPen(share, 5) : QPen(fill.darker(140), 1.5));
        p.setBrush(fill.lighter(shownIndex >= 0 ? 160 : 130));
        p.drawEllipse(centre, g.radius, g.radius);
        p.setPen(Qt::black);
        const QString name = fm.elidedText(QString::fromStdString(m.id), Qt::ElideRight, g.radius * 2.6);
        p.drawText(QRectF(centre.x() - g.radius * 1.4, centre.y() - fm.height(), g.radius * 2.8, fm.height()),
                   Qt::AlignCenter, name);
        QString detail = m.failed() ? tr("failed")
                       : c && shownIndex >= 0 ? QStringLiteral("I=%1").arg(style::signedNumber(c->values[shownIndex], 2))
                                              : QString();
        if (!m.failed() && !m.solverConverged())
            detail += QStringLiteral(" ⚠"); // its own extraction stopped above the gap tolerance
        p.setPen(m.failed() ? QColor(150, 0, 0) : QColor(60, 60, 60));
        p.drawText(QRectF(centre.x() - g.radius * 1.4, centre.y(), g.radius * 2.8, fm.height()), Qt::AlignCenter, detail);
    }
}

void KappaGraphView::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Base));
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
    const Geometry g = geometry(size());
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
    const Geometry g = geometry(size());
    const auto& pairs = m_controller->data().session->pairs;
    for (size_t i = 0; i < pairs.size(); ++i) {
        const int a = modelIndexOf(pairs[i].a);
        const int b = modelIndexOf(pairs[i].b);
        if (a >= 0 && b >= 0 && distanceToSegment(pos, g.nodes[a], g.nodes[b]) < 7)
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
        QString tip = QStringLiteral("<b>%1</b><br>%2").arg(QString::fromStdString(m.id).toHtmlEscaped(),
                                                          QString::fromStdString(m.path).toHtmlEscaped());
        if (m.failed())
            tip += tr("<br><span style='color:#b00'>failed: %1</span>").arg(QString::fromStdString(m.error).toHtmlEscaped());
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
                          .arg(QString::fromStdString(pair.a).toHtmlEscaped(), QString::fromStdString(pair.b).toHtmlEscaped())
                          .arg(pair.sharedAnd.size())
                          .arg(pair.sharedOr.size());
        for (const auto& [name, value] : pair.kappa)
            tip += QStringLiteral("<br>%1 = %2").arg(QString::fromStdString(name)).arg(value, 0, 'g', 17);
        QToolTip::showText(help->globalPos(), tip, this);
        return true;
    }
    QToolTip::hideText();
    return true;
}

} // namespace interlens::ui
