#pragma once

// Study Fig. 5 (method.md §6.6): κ between every pair of models pooled over the kept prompts, as a matrix
// with the value in each cell (the chosen variant; row ← column for the directed one). Clicking a cell
// selects that pair for Fig. 3 and Fig. 4 and the prompt table; the selected pair is outlined.

#include "study_figure.h"

class QCPColorScale;

namespace interlens::ui {

class StudyKappaMatrix : public StudyFigure
{
    Q_OBJECT
public:
    explicit StudyKappaMatrix(StudyController* controller, QWidget* parent = nullptr);

    QString exportName() const override { return QStringLiteral("study-kappa"); }
    QString exportTitle() const override { return tr("Study: κ between models (Fig. 5)"); }
    QSizeF defaultSizeMm() const override { return {89.0, 85.0}; }

protected:
    void rebuild() override;

private:
    QCPColorScale* m_scale;
};

} // namespace interlens::ui
