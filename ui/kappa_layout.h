#pragma once

// Where the κ graph draws its nodes, their names and its edge labels, as plain geometry (no painting), so
// that a test can check the promise the view makes: no name or edge label overlaps another one or a node, for
// up to 8 models. Names sit outside the nodes (above the upper ones, below the lower ones, else beside),
// whole and readable; the ring of nodes leaves room for them.
//
// Labels are placed greedily, shortest edge first (it has the least room): at the first free spot along the
// edge (middle first, then further out, then beside the line), else at the free spot nearest the edge's
// middle anywhere in the area (the view then draws a thin leader line to the edge).

#include <QPointF>
#include <QRectF>
#include <QSizeF>

#include <utility>
#include <vector>

namespace interlens::ui {

struct KappaLayout
{
    std::vector<QPointF> nodes; // node centres
    double radius = 30.0;       // node radius
    std::vector<QRectF> names;  // per node, its name's rectangle (outside the node)
    std::vector<QRectF> labels; // per edge, its label's rectangle
    std::vector<bool> onEdge;   // per edge: the label sits on its line (false: moved away, needs a leader)
    bool complete = true;       // every name and label found a free spot (false: some overlap remains)
};

// Node centres on an ellipse (one node in the middle, two side by side) inside `area` below a title line of
// `top` pixels, with a free spot for each node's name of `nameSizes[i]` (one per node).
KappaLayout placeKappaNodes(const QSizeF& area, const std::vector<QSizeF>& nameSizes, double top);

// Places a label of `labelSizes[e]` for each edge `edges[e]` (node indices) of `layout`, clear of the nodes
// and their names; fills labels, onEdge and complete.
void placeKappaLabels(KappaLayout& layout, const QSizeF& area, double top,
                      const std::vector<std::pair<int, int>>& edges, const std::vector<QSizeF>& labelSizes);

// True when `rect` and the disc (centre, radius) share a point.
bool rectTouchesDisc(const QRectF& rect, const QPointF& centre, double radius);

} // namespace interlens::ui
