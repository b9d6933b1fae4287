#pragma once

// View (5): the sparsity curve (method.md §6.7): each model's |I| of all non-empty AND and OR coalitions,
// sorted in descending order, on a log axis, with the 5 %-of-max line; the current coalition is marked at its
// rank in every model.

#include "plot_view.h"

class QCPGraph;

namespace interlens::ui {

class SparsityPlot : public PlotView
{
    Q_OBJECT
public:
    explicit SparsityPlot(SessionController* controller, QWidget* parent = nullptr);

    QString exportName() const override { return QStringLiteral("sparsity"); }
    QString exportTitle() const override { return tr("Sparsity curve"); }
    QSizeF defaultSizeMm() const override { return {89.0, 75.0}; }

    // Number of |I| entries above 5 % of the max for a model (for tests and the legend).
    int countAbove(int shownIndex) const;

protected:
    void rebuild() override;
    void showCurrent(int row) override;

private:
    QCPGraph* m_selected = nullptr;
    std::vector<int> m_countAbove;
    // Per model: rank of each (type, mask): index = type * 2^n + mask.
    std::vector<std::vector<int>> m_rank;
    std::vector<std::vector<double>> m_sorted;
};

} // namespace interlens::ui
