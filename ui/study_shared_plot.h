#pragma once

// Study Fig. 4 (method.md §6.5): for each model of the selected pair, the number of shared and non-shared
// salient interactions per prompt (left axis) and their mean strength, pooled mean |I| (right axis).

#include "study_figure.h"

namespace interlens::ui {

class StudySharedPlot : public StudyFigure
{
    Q_OBJECT
public:
    explicit StudySharedPlot(StudyController* controller, QWidget* parent = nullptr);

    QString exportName() const override { return QStringLiteral("study-shared"); }
    QString exportTitle() const override { return tr("Study: shared vs non-shared (Fig. 4)"); }
    QSizeF defaultSizeMm() const override { return {89.0, 80.0}; }

protected:
    void rebuild() override;
    // The model names under the bars turned only when they would overlap.
    void fitToWidth(double width) override;
};

} // namespace interlens::ui
