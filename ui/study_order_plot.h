#pragma once

// Study Fig. 3 (method.md §6.3): for the selected model pair, per interaction order k the mean over the kept
// prompts of Σ positive and Σ negative salient effects (or counts, +1/−1) from the pair's joint extraction,
// shared (dark) and non-shared (light) stacked, one bar group per model of the pair.

#include "study_figure.h"

namespace interlens::ui {

class StudyOrderPlot : public StudyFigure
{
    Q_OBJECT
public:
    explicit StudyOrderPlot(StudyController* controller, QWidget* parent = nullptr);

    QString exportName() const override { return QStringLiteral("study-order"); }
    QString exportTitle() const override { return tr("Study: interactions by order (Fig. 3)"); }
    QSizeF defaultSizeMm() const override { return {183.0, 90.0}; }

protected:
    void rebuild() override;
};

} // namespace interlens::ui
