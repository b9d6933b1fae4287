#include "word_picker.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

#include <cmath>

namespace interlens::ui {

namespace {
constexpr int kPadX = 5;
constexpr int kPadY = 2;
constexpr int kGap = 4;
} // namespace

WordPicker::WordPicker(QWidget* parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    setCursor(Qt::PointingHandCursor);
    setToolTip(tr("Click a word to make it a player (or to drop it)"));
}

void WordPicker::setWords(std::vector<Word> words)
{
    m_words = std::move(words);
    updateGeometry();
    update();
}

void WordPicker::setPlayer(int index, bool player)
{
    if (index < 0 || index >= static_cast<int>(m_words.size()))
        return;
    m_words[index].player = player;
    update();
}

std::vector<QRectF> WordPicker::layout(int width, int* height) const
{
    std::vector<QRectF> rects;
    const QFontMetricsF fm(font());
    const double h = fm.height() + 2 * kPadY;
    double x = 0, y = 0;
    for (const Word& w : m_words) {
        const double wWidth = fm.horizontalAdvance(w.text) + 2 * kPadX;
        if (x + wWidth > width && x > 0) {
            x = 0;
            y += h + kGap;
        }
        rects.emplace_back(x, y, wWidth, h);
        x += wWidth + kGap;
    }
    if (height)
        *height = static_cast<int>(std::ceil(y + h)) + 2;
    return rects;
}

int WordPicker::heightForWidth(int width) const
{
    int h = 0;
    layout(width, &h);
    return h;
}

QSize WordPicker::sizeHint() const
{
    return {300, heightForWidth(300)};
}

QSize WordPicker::minimumSizeHint() const
{
    return {100, fontMetrics().height() + 6};
}

void WordPicker::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    if (height() != heightForWidth(width()))
        updateGeometry();
}

void WordPicker::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const std::vector<QRectF> rects = layout(width(), nullptr);
    const QColor accent(44, 110, 190);
    for (size_t i = 0; i < m_words.size(); ++i) {
        const Word& w = m_words[i];
        QPainterPath path;
        path.addRoundedRect(rects[i].adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
        if (w.player) {
            p.setPen(QPen(accent.darker(120), 1));
            p.setBrush(accent);
            p.drawPath(path);
            p.setPen(Qt::white);
        } else if (!w.core.isEmpty()) {
            p.setPen(QPen(QColor(170, 180, 195), 1));
            p.setBrush(palette().color(QPalette::Base));
            p.drawPath(path);
            p.setPen(palette().color(QPalette::Text));
        } else {
            p.setPen(QColor(160, 160, 160));
        }
        p.drawText(rects[i], Qt::AlignCenter, w.text);
    }
}

void WordPicker::mousePressEvent(QMouseEvent* event)
{
    const std::vector<QRectF> rects = layout(width(), nullptr);
    for (size_t i = 0; i < rects.size(); ++i)
        if (rects[i].contains(event->position()) && !m_words[i].core.isEmpty()) {
            Q_EMIT wordClicked(static_cast<int>(i));
            return;
        }
    QWidget::mousePressEvent(event);
}

} // namespace interlens::ui
