#pragma once

// View (4): the κ graph. Nodes are the session's models (failed ones in red), edges the model pairs labelled
// with κ (method.md §6.6: the share of interaction strength the two models explain by shared interactions);
// edge width grows with κ. The current coalition marks the models in which it is salient and the pairs that
// share it. Clicking an edge selects the strongest coalition that pair shares; clicking a node the model's
// strongest salient coalition.

#include "exportable_view.h"
#include "kappa_layout.h"

#include <QFontMetricsF>
#include <QWidget>

#include <vector>

namespace interlens::ui {

class SessionController;

class KappaGraphView : public QWidget, public ExportableView
{
    Q_OBJECT
public:
    explicit KappaGraphView(SessionController* controller, QWidget* parent = nullptr);

    QString exportName() const override { return QStringLiteral("kappa-graph"); }
    QString exportTitle() const override { return tr("κ graph"); }
    void renderExport(QCPPainter& painter, const QSize& size) override;
    QWidget* exportWidget() override { return this; }
    QString exportCaption() const override;
    QSizeF defaultSizeMm() const override { return {89.0, 75.0}; }
    QSize sizeHint() const override { return {360, 300}; }
    // Every name and κ label finds a free spot inside the figure, and the nodes keep a useful size.
    bool fitsAt(const QSize& size, QString* why) override;

    // Node, name and label geometry at `size` with the widget's font (tests check that none collide).
    KappaLayout layoutFor(const QSizeF& size) const;
    // Node names as drawn (the model id, whole unless longer than a third of the view), for tests.
    QStringList nodeNames(const QSizeF& size) const;

    int nodeCount() const;
    int edgeCount() const;
    // Edge labels as drawn ("κ = 0.412"), for tests.
    QStringList edgeLabels() const;
    // Simulates a click on the edge of pair `pairIndex` (session order); false when it has no shared
    // coalition.
    bool clickEdge(int pairIndex);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    bool event(QEvent* event) override;

private:
    // The layout and the labels it placed (long "κ = 0.412", or short "0.41" when the long ones find no
    // room).
    KappaLayout layoutFor(const QSizeF& size, const QFontMetricsF& metrics, QStringList* labels) const;
    QStringList nodeNames(const QSizeF& size, const QFontMetricsF& metrics) const;
    void paintAll(QPainter& painter, const QSizeF& size) const;
    int nodeAt(const QPointF& pos) const;
    int edgeAt(const QPointF& pos) const;
    int modelIndexOf(const std::string& id) const;
    QString edgeLabel(int pairIndex) const;

    SessionController* m_controller;
};

} // namespace interlens::ui
