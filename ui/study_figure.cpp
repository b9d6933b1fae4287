#include "study_figure.h"

#include "figure_caption.h"
#include "plot_legend.h"
#include "plot_palette.h"
#include "study_controller.h"

#include "qcp.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QResizeEvent>
#include <QToolTip>
#include <QVBoxLayout>

namespace interlens::ui {

StudyFigure::StudyFigure(StudyController* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller), m_plot(new QCustomPlot(this)), m_title(nullptr)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->setMouseTracking(true);
    m_plot->installEventFilter(this);
    m_plot->setMinimumSize(240, 180);
    followPalette(m_plot); // a dark desktop palette gives dark plots
    m_plot->plotLayout()->insertRow(0);
    m_title = new QCPTextElement(m_plot, QString(), QFont(font().family(), font().pointSize(), QFont::Bold));
    m_plot->plotLayout()->addElement(0, 0, m_title);
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
    m_plot->clearPlottables();
    m_plot->clearItems();
    m_plot->legend->setVisible(false);
    m_plot->yAxis2->setVisible(false);
    m_plot->xAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
    m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
    m_plot->xAxis->setLabel(QString());
    m_plot->yAxis->setLabel(QString());
    m_boxes.clear();
    m_title->setText(title);
}

void StudyFigure::placeLegendBelow(int columns)
{
    m_legendColumns = columns;
    interlens::ui::placeLegendBelow(m_plot, font(), columns);
    fitLegendColumns(m_plot, m_plot->width(), m_legendColumns);
}

void StudyFigure::showNote(const QString& text)
{
    auto* note = new QCPItemText(m_plot);
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
    m_plot->replot();
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

bool StudyFigure::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_plot) {
        if (event->type() == QEvent::Resize) // fewer legend columns in a narrow plot, before it replots
            fitLegendColumns(m_plot, static_cast<QResizeEvent*>(event)->size().width(), m_legendColumns);
        if (event->type() == QEvent::ToolTip) {
            auto* help = static_cast<QHelpEvent*>(event);
            if (const HitBox* box = boxAt(help->pos()))
                QToolTip::showText(help->globalPos(), box->tooltip, m_plot);
            else
                QToolTip::hideText();
            return true;
        }
        if (event->type() == QEvent::MouseButtonPress)
            m_pressPosition = static_cast<QMouseEvent*>(event)->position();
        if (event->type() == QEvent::MouseButtonRelease) {
            auto* mouse = static_cast<QMouseEvent*>(event);
            // A click, not the end of a drag that moved the plot.
            if (mouse->button() == Qt::LeftButton &&
                (mouse->position() - m_pressPosition).manhattanLength() < 5)
                clickAt(mouse->position());
        }
    }
    return QWidget::eventFilter(watched, event);
}

QString StudyFigure::exportCaption() const
{
    return studyCaption(*m_controller);
}

void StudyFigure::renderExport(QCPPainter& painter, const QSize& size)
{
    painter.save();
    fitLegendColumns(m_plot, size.width(), m_legendColumns); // the legend as the export's width allows
    m_plot->toPainter(&painter, size.width(), size.height());
    fitLegendColumns(m_plot, m_plot->width(), m_legendColumns);
    painter.restore();
}

} // namespace interlens::ui
