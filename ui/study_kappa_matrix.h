#pragma once

// Study Fig. 5 (method.md §6.6): κ between every pair of models pooled over the kept prompts, as a matrix
// with the value in each cell (the chosen variant; row ← column for the directed one). Clicking a cell
// selects that pair for Fig. 3 and Fig. 4 and the prompt table; the selected pair is outlined.

#include "study_figure.h"

#include <vector>

class QCPColorScale;
class QCPItemText;

namespace interlens::ui {

class StudyKappaMatrix : public StudyFigure
{
    Q_OBJECT
public:
    explicit StudyKappaMatrix(StudyController* controller, QWidget* parent = nullptr);

    QString exportName() const override { return QStringLiteral("study-kappa"); }
    QString exportTitle() const override { return tr("Study: κ between models (Fig. 5)"); }
    QSizeF defaultSizeMm() const override { return {89.0, 85.0}; }

    // The cells' numbers (tests: none may overlap another or a model name).
    const std::vector<QCPItemText*>& cellTexts() const { return m_cells; }

protected:
    void rebuild() override;
    // The column names turned as far as the estimated cell width needs (0, 45 or 90 degrees).
    void fitToWidth(double width) override;

private:
    // After each layout: the cells' numbers in the largest font that fits a cell, hidden when none does
    // (the tooltips and the colour scale still give the values).
    void fitCellTexts();

    QCPColorScale* m_scale;
    std::vector<QCPItemText*> m_cells;
};

} // namespace interlens::ui
