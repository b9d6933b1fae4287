#include "kappa_layout.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>

namespace interlens::ui {

namespace {

constexpr double kGap = 2.0; // pixels kept free around every label

bool isFree(const QRectF& rect, const KappaLayout& layout, const std::vector<QRectF>& placed,
            const QRectF& bounds)
{
    if (!bounds.contains(rect))
        return false;
    for (const QPointF& node : layout.nodes)
        if (rectTouchesDisc(rect.adjusted(-kGap, -kGap, kGap, kGap), node, layout.radius))
            return false;
    for (const QRectF& other : placed)
        if (rect.adjusted(-kGap, -kGap, kGap, kGap).intersects(other))
            return false;
    return true;
}

} // namespace

bool rectTouchesDisc(const QRectF& rect, const QPointF& centre, double radius)
{
    const double x = std::clamp(centre.x(), rect.left(), rect.right());
    const double y = std::clamp(centre.y(), rect.top(), rect.bottom());
    const double dx = centre.x() - x, dy = centre.y() - y;
    return dx * dx + dy * dy < radius * radius;
}

KappaLayout placeKappaNodes(const QSizeF& area, const std::vector<QSizeF>& nameSizes, double top)
{
    KappaLayout g;
    const int nodeCount = static_cast<int>(nameSizes.size());
    const double height = std::max(1.0, area.height() - top);
    const QPointF centre(area.width() / 2, top + height / 2);
    QSizeF name(0, 0); // the largest name
    for (const QSizeF& s : nameSizes)
        name = name.expandedTo(s);
    // Smaller nodes when there are many, so that the ring leaves room for the labels between them.
    const double divisor = nodeCount > 5 ? 14.0 : 11.0;
    g.radius = std::clamp(std::min(area.width(), height) / divisor, 10.0, 34.0);
    // The names of the top and bottom nodes sit above and below them, those of the side nodes below them:
    // the ring leaves a name's height at the top and bottom and half a name's width at the sides.
    const double ringY = std::max(10.0, height / 2 - g.radius - name.height() - 2 * kGap - 2);
    const double ringX = std::max(10.0, area.width() / 2 - std::max(g.radius, name.width() / 2) - 2 * kGap);
    std::vector<double> angles;
    for (int i = 0; i < nodeCount; ++i) {
        if (nodeCount == 1) {
            g.nodes.push_back(centre);
            angles.push_back(std::numbers::pi / 2);
            continue;
        }
        // Two models side by side; more on an ellipse starting at the left.
        const double angle = std::numbers::pi + 2 * std::numbers::pi * i / nodeCount;
        g.nodes.emplace_back(centre.x() + std::min(ringX, ringY * 1.6) * std::cos(angle),
                             centre.y() + ringY * std::sin(angle));
        angles.push_back(angle);
    }

    // Each name at the first free spot: outward (above an upper node, else below; centred, then shifted
    // outwards), outward to the side, the other vertical side, inward to the side.
    const QRectF bounds(0, top, area.width(), height);
    g.names.assign(static_cast<size_t>(nodeCount), QRectF());
    std::vector<QRectF> placed;
    for (int i = 0; i < nodeCount; ++i) {
        const QPointF c = g.nodes[static_cast<size_t>(i)];
        const QSizeF s = nameSizes[static_cast<size_t>(i)];
        const double off = g.radius + kGap + 1;
        const QRectF above(c.x() - s.width() / 2, c.y() - off - s.height(), s.width(), s.height());
        const QRectF below(c.x() - s.width() / 2, c.y() + off, s.width(), s.height());
        const QRectF left(c.x() - off - s.width(), c.y() - s.height() / 2, s.width(), s.height());
        const QRectF right(c.x() + off, c.y() - s.height() / 2, s.width(), s.height());
        const bool upper = std::sin(angles[static_cast<size_t>(i)]) < -0.2;
        const bool leftSide = std::cos(angles[static_cast<size_t>(i)]) < 0;
        const QRectF outwardSide = leftSide ? left : right;
        const QRectF inwardSide = leftSide ? right : left;
        // Above or below but shifted outwards (the name's inner end over the node), clear of a neighbour's
        // name.
        const double shift =
            leftSide ? c.x() + g.radius - s.width() - above.left() : c.x() - g.radius - above.left();
        const QRectF aboveOut = above.translated(shift, 0), belowOut = below.translated(shift, 0);
        const std::vector<QRectF> candidates =
            upper ? std::vector<QRectF>{above, aboveOut, outwardSide, below, belowOut, inwardSide}
                  : std::vector<QRectF>{below, belowOut, outwardSide, above, aboveOut, inwardSide};
        QRectF chosen;
        for (const QRectF& r : candidates)
            if (isFree(r, g, placed, bounds)) {
                chosen = r;
                break;
            }
        if (chosen.isNull()) {
            chosen = candidates.front();
            g.complete = false;
        }
        g.names[static_cast<size_t>(i)] = chosen;
        placed.push_back(chosen);
    }
    return g;
}

void placeKappaLabels(KappaLayout& layout, const QSizeF& area, double top,
                      const std::vector<std::pair<int, int>>& edges, const std::vector<QSizeF>& labelSizes)
{
    const size_t count = edges.size();
    layout.labels.assign(count, QRectF());
    layout.onEdge.assign(count, true);
    const QRectF bounds(0, top, area.width(), area.height() - top);
    std::vector<size_t> order(count);
    std::iota(order.begin(), order.end(), size_t{0});
    const auto length = [&](size_t e) {
        const QPointF d = layout.nodes[edges[e].first] - layout.nodes[edges[e].second];
        return std::hypot(d.x(), d.y());
    };
    std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) { return length(x) < length(y); });

    std::vector<QRectF> placed = layout.names; // labels keep clear of the names too
    for (size_t e : order) {
        const QPointF a = layout.nodes[edges[e].first];
        const QPointF b = layout.nodes[edges[e].second];
        const QSizeF size = labelSizes[e];
        const auto rectAt = [&](const QPointF& c) {
            return QRectF(c.x() - size.width() / 2, c.y() - size.height() / 2, size.width(), size.height());
        };
        QPointF normal(-(b - a).y(), (b - a).x());
        const double norm = std::hypot(normal.x(), normal.y());
        normal = norm > 0 ? normal / norm : QPointF(0, 1);
        bool found = false;
        // Along the edge: middle first, then outwards; on the line, then beside it.
        for (double side : {0.0, 0.6, -0.6, 1.2, -1.2}) {
            for (double t : {0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74, 0.18, 0.82}) {
                const QRectF r = rectAt(a + t * (b - a) + side * size.height() * normal);
                if (isFree(r, layout, placed, bounds)) {
                    layout.labels[e] = r;
                    layout.onEdge[e] = side == 0.0;
                    found = true;
                    break;
                }
            }
            if (found)
                break;
        }
        if (!found) {
            // Anywhere free, nearest the edge's middle (a grid of half a label's height).
            const QPointF mid = (a + b) / 2;
            double best = 1e300;
            const double step = std::max(2.0, size.height() / 2);
            for (double y = bounds.top() + size.height() / 2; y <= bounds.bottom() - size.height() / 2;
                 y += step)
                for (double x = bounds.left() + size.width() / 2; x <= bounds.right() - size.width() / 2;
                     x += step) {
                    const double d = std::hypot(x - mid.x(), y - mid.y());
                    if (d < best && isFree(rectAt({x, y}), layout, placed, bounds)) {
                        best = d;
                        layout.labels[e] = rectAt({x, y});
                        found = true;
                    }
                }
            layout.onEdge[e] = false;
        }
        if (!found) {
            layout.labels[e] = rectAt((a + b) / 2);
            layout.complete = false;
        }
        placed.push_back(layout.labels[e]);
    }
}

} // namespace interlens::ui
