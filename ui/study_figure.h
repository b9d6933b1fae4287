#pragma once

// Base of the study figures (Fig. 3, 4, 5 over a study file): owns the plot and its title, redraws when the
// study, the pair or a setting changes, and keeps "hit boxes" (a bar, a matrix cell) for exact-value tooltips
// and clicks (a click on a box that names a model pair selects that pair). Exports like every other view.

#include "exportable_view.h"

#include <QRectF>
#include <QWidget>

#include <vector>

class QCPAxis;
class QCPTextElement;
class QCustomPlot;

namespace interlens::ui {

class StudyController;

class StudyFigure : public QWidget, public ExportableView
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

    QCustomPlot* plot() const { return m_plot; }
    void renderExport(QCPPainter& painter, const QSize& size) override;
    QString exportCaption() const override;
    QWidget* exportWidget() override { return this; }

    const std::vector<HitBox>& hitBoxes() const { return m_boxes; }
    // The widget position at the middle of a box, and what a click there does (tests; mouse clicks use it
    // too).
    QPointF centreOf(const HitBox& box) const;
    bool clickAt(const QPointF& position);

protected:
    virtual void rebuild() = 0;
    StudyController* controller() const { return m_controller; }
    // Clears plottables, items, hit boxes, the legend and the second axes; sets the title line.
    void reset(const QString& title);
    void addHitBox(const HitBox& box) { m_boxes.push_back(box); }
    // Moves the legend under the plot, `columns` entries per line (inside, it would cover bars).
    void placeLegendBelow(int columns);
    // A note in the middle of the plot ("no prompt passed the filters").
    void showNote(const QString& text);
    // For the figures of one pair: when there is no study, no pair or no aggregate of it, shows why and
    // replots; true then.
    bool showNoteUnlessPairShown();
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    const HitBox* boxAt(const QPointF& position) const;

    StudyController* m_controller;
    QCustomPlot* m_plot;
    QCPTextElement* m_title;
    std::vector<HitBox> m_boxes;
    QPointF m_pressPosition;
    int m_legendColumns = 2; // at most; fewer when the plot is narrow
};

} // namespace interlens::ui
