#pragma once

// View (2): interaction order |S| against effect I(S). Each model's salient interactions are points (filled =
// shared with another model, hollow = its own), over the paper's per-order bars: Σ of positive and of
// negative salient effects at each order, stacked shared (dark) + non-shared (light), one bar group per
// model.

#include "plot_view.h"

class QCPGraph;

namespace interlens::ui {

class OrderEffectPlot : public PlotView
{
    Q_OBJECT
public:
    explicit OrderEffectPlot(SessionController* controller, QWidget* parent = nullptr);

    QString exportName() const override { return QStringLiteral("order-effect"); }
    QString exportTitle() const override { return tr("Interaction order vs effect"); }
    QSizeF defaultSizeMm() const override { return {89.0, 80.0}; }

    // Sum of the bars of model `shownIndex` at order `k` (positive + negative parts), for tests.
    double barSum(int shownIndex, int order) const;

protected:
    void rebuild() override;
    void showCurrent(int row) override;

private:
    QCPGraph* m_selected = nullptr;
    std::vector<std::vector<double>> m_barSums; // [model][order]
};

} // namespace interlens::ui
