#pragma once

// Base of the study figures (Fig. 3, 4, 5 over a study file): owns the plot's title, redraws when the study,
// the pair or a setting changes, and keeps "hit boxes" (a bar, a matrix cell) for exact-value tooltips and
// clicks (a click on a box that names a model pair selects that pair). The plot, the mouse and the export are
// InteractivePlot's.

#include "interactive_plot.h"

#include <QRectF>

#include <vector>

class QCPAxis;
class QCPTextElement;

namespace interlens::ui {

class StudyController;

class StudyFigure : public InteractivePlot
{
    Q_OBJECT
public:
    struct HitBox
    {
        QCPAxis* keyAxis = nullptr;
        QCPAxis* valueAxis = nullptr;
        QRectF rect; // in plot coordinates (key, value), normalised
        QString tooltip;
        int pair = -1;      // a click selects this model pair (-1: none)
        double value = 0.0; // the number the box shows (tests compare it with the file)
    };

    explicit StudyFigure(StudyController* controller, QWidget* parent = nullptr);

    QString exportCaption() const override;

    const std::vector<HitBox>& hitBoxes() const { return m_boxes; }
    // The widget position at the middle of a box, and what a click there does (tests; mouse clicks use it
    // too).
    QPointF centreOf(const HitBox& box) const;
    bool clickAt(const QPointF& position) override;

protected:
    virtual void rebuild() = 0;
    StudyController* controller() const { return m_controller; }
    // Clears plottables, items, hit boxes, the legend and the second axes; sets the title line.
    void reset(const QString& title);
    // The title broken into lines that fit the width, then the legend and ticks (InteractivePlot).
    void fitToWidth(double width) override;
    // Turns the x tick labels as far as they need so as not to overlap, their ticks `apart` pixels apart
    // (estimated before the layout): level when the widest fits, else 45 degrees, else upright.
    void turnTickLabels(const QStringList& labels, double apart);
    void addHitBox(const HitBox& box) { m_boxes.push_back(box); }
    // A note in the middle of the plot ("no prompt passed the filters").
    void showNote(const QString& text);
    // For the figures of one pair: when there is no study, no pair or no aggregate of it, shows why and
    // replots; true then.
    bool showNoteUnlessPairShown();
    QString tooltipAt(const QPointF& position) const override;

private:
    const HitBox* boxAt(const QPointF& position) const;

    StudyController* m_controller;
    QCPTextElement* m_title;
    QString m_titleText; // whole; m_title shows it fitted to the width
    std::vector<HitBox> m_boxes;
};

} // namespace interlens::ui
