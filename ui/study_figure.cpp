#include "study_figure.h"

#include "figure_caption.h"
#include "study_controller.h"
#include "text_fit.h"

#include "qcp.h"

#include <QFontMetricsF>

#include <algorithm>
#include <cmath>

namespace interlens::ui {

StudyFigure::StudyFigure(StudyController* controller, QWidget* parent)
    : InteractivePlot(QSize(240, 180), parent), m_controller(controller), m_title(nullptr)
{
    plot()->plotLayout()->insertRow(0);
    m_title = new QCPTextElement(plot(), QString(), QFont(font().family(), font().pointSize(), QFont::Bold));
    plot()->plotLayout()->addElement(0, 0, m_title);
    const auto redraw = [this] {
        m_boxes.clear();
        rebuild();
    };
    connect(controller, &StudyController::studyChanged, this, redraw);
    connect(controller, &StudyController::settingsChanged, this, redraw);
    connect(controller, &StudyController::currentPairChanged, this, redraw);
}

void StudyFigure::reset(const QString& title)
{
    plot()->clearPlottables();
    plot()->clearItems();
    plot()->legend->setVisible(false);
    plot()->yAxis2->setVisible(false);
    plot()->xAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
    plot()->yAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
    plot()->xAxis->setLabel(QString());
    plot()->yAxis->setLabel(QString());
    m_boxes.clear();
    m_titleText = title;
    m_title->setText(title);
}

void StudyFigure::fitToWidth(double width)
{
    // The pair's model names make a title line wider than a figure at 1280×800 or in an 89-mm export.
    m_title->setText(fitTextToWidth(m_titleText, m_title->font(), width - 8));
    InteractivePlot::fitToWidth(width);
}

void StudyFigure::turnTickLabels(const QStringList& labels, double apart)
{
    const QFontMetricsF metrics(plot()->xAxis->tickLabelFont());
    double widest = 0.0;
    for (const QString& label : labels)
        widest = std::max(widest, metrics.horizontalAdvance(label));
    // Turned labels stand apart by `apart` × sin(angle): they need a line's height and a little more.
    const double line = metrics.height() * 1.15;
    plot()->xAxis->setTickLabelRotation(widest <= 0.9 * apart            ? 0.0
                                        : apart * std::sqrt(0.5) >= line ? 45.0
                                                                         : 90.0);
}

void StudyFigure::showNote(const QString& text)
{
    auto* note = new QCPItemText(plot());
    note->position->setType(QCPItemPosition::ptAxisRectRatio);
    note->position->setCoords(0.5, 0.5);
    note->setText(text);
    note->setColor(QColor(110, 110, 110));
}

bool StudyFigure::showNoteUnlessPairShown()
{
    const int pair = m_controller->currentPair();
    if (m_controller->hasStudy() && pair >= 0 && m_controller->pairRole(pair, 0))
        return false;
    showNote(!m_controller->hasStudy() ? tr("Open a study file (File ▸ Open Study…)")
             : pair < 0                ? tr("The study has one model: no pairs to compare")
                                       : tr("No prompt passed the filters"));
    plot()->replot();
    return true;
}

QPointF StudyFigure::centreOf(const HitBox& box) const
{
    const QPointF c = box.rect.center();
    return {box.keyAxis->coordToPixel(c.x()), box.valueAxis->coordToPixel(c.y())};
}

const StudyFigure::HitBox* StudyFigure::boxAt(const QPointF& position) const
{
    for (const HitBox& box : m_boxes) {
        const double x0 = box.keyAxis->coordToPixel(box.rect.left());
        const double x1 = box.keyAxis->coordToPixel(box.rect.right());
        const double y0 = box.valueAxis->coordToPixel(box.rect.top());
        const double y1 = box.valueAxis->coordToPixel(box.rect.bottom());
        // At least 6 pixels tall, so that a tiny bar can still be pointed at.
        QRectF pixels = QRectF(QPointF(x0, y0), QPointF(x1, y1)).normalized();
        if (pixels.height() < 6)
            pixels.adjust(0, -3, 0, 3);
        if (pixels.contains(position))
            return &box;
    }
    return nullptr;
}

bool StudyFigure::clickAt(const QPointF& position)
{
    const HitBox* box = boxAt(position);
    if (!box || box->pair < 0)
        return false;
    m_controller->selectPair(box->pair);
    return true;
}

QString StudyFigure::tooltipAt(const QPointF& position) const
{
    const HitBox* box = boxAt(position);
    return box ? box->tooltip : QString();
}

QString StudyFigure::exportCaption() const
{
    return studyCaption(*m_controller);
}

} // namespace interlens::ui
