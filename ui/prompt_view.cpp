#include "prompt_view.h"

#include "explain/players.h"
#include "figure_caption.h"
#include "session_controller.h"
#include "view_style.h"

#include "qcp.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace interlens::ui {

namespace {
constexpr int kMargin = 10;
constexpr int kLabelWidth = 150;
constexpr int kValueWidth = 90;
constexpr int kWordGap = 6;
constexpr int kLineGap = 6;
constexpr int kRowGap = 10;
constexpr int kPadX = 4;
constexpr int kPadY = 2;
// The labels, a line of 100 px for the words, and the values.
constexpr int kMinimumWidth = kMargin + kLabelWidth + 100 + kValueWidth + kMargin;
} // namespace

PromptView::PromptView(SessionController* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller)
{
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    connect(controller, &SessionController::sessionChanged, this, &PromptView::rebuild);
    connect(controller, &SessionController::currentCoalitionChanged, this, [this] { update(); });
    rebuild();
}

void PromptView::rebuild()
{
    m_words.clear();
    m_rows.clear();
    m_header.clear();
    const SessionData& data = m_controller->data();
    if (data.session) {
        const SessionMeta& meta = data.session->meta;
        try {
            for (const PromptWord& w : splitPromptWords(meta.prompt)) {
                Word word{QString::fromStdString(w.text), -1};
                for (size_t p = 0; p < meta.players.size(); ++p)
                    if (meta.players[p].begin >= w.span.start && meta.players[p].begin < w.span.end)
                        word.player = static_cast<int>(p);
                m_words.push_back(word);
            }
        } catch (const std::exception&) {
            m_words.push_back({QString::fromStdString(meta.prompt), -1});
        }
        m_header = tr("Target: %1    Players: %2    Baseline: %3")
                       .arg(meta.targetWord.empty() ? tr("each model's top-1")
                                                    : QString::fromStdString(meta.targetWord))
                       .arg(meta.players.size())
                       .arg(QString::fromStdString(meta.baseline));
        const auto& models = data.session->models;
        for (size_t i = 0; i < models.size(); ++i) {
            const ModelResult& m = models[i];
            const auto it = std::find(data.shown.begin(), data.shown.end(), static_cast<int>(i));
            if (data.extraction != kSingleModel && it == data.shown.end())
                continue; // a pair's joint extraction: only its two models
            Row row;
            row.label = QString::fromStdString(m.id);
            if (m.failed()) {
                row.error = QString::fromStdString(m.error);
            } else if (it != data.shown.end()) {
                row.shownIndex = static_cast<int>(it - data.shown.begin());
                row.detail = std::isnan(m.pTarget)
                                 ? QString()
                                 : tr("p=%1 · rank %2").arg(m.pTarget, 0, 'f', 3).arg(m.targetRank + 1);
            } else {
                row.error = tr("inconsistent result vectors");
            }
            m_rows.push_back(row);
        }
    }
    updateGeometry();
    update();
}

QSize PromptView::sizeHint() const
{
    return {800, std::max(120, heightForWidth(800))};
}

QSize PromptView::minimumSizeHint() const
{
    return {400, 80};
}

int PromptView::heightForWidth(int width) const
{
    return layout(width).height;
}

PromptView::Layout PromptView::layout(int width) const
{
    Layout out;
    const QFontMetricsF fm(font());
    const double lineHeight = fm.height() + 2 * kPadY;
    double y = kMargin + fm.height() + kRowGap; // header line
    const double left = kMargin + kLabelWidth;
    const double right = std::max(left + 100.0, double(width - kMargin - kValueWidth));
    for (const Row& row : m_rows) {
        std::vector<QRectF> rects;
        double x = left;
        const double top = y;
        if (row.error.isEmpty()) {
            for (const Word& w : m_words) {
                const double wWidth = fm.horizontalAdvance(w.text) + 2 * kPadX;
                if (x + wWidth > right && x > left) {
                    x = left;
                    y += lineHeight + kLineGap;
                }
                rects.emplace_back(x, y, wWidth, lineHeight);
                x += wWidth + kWordGap;
            }
        }
        y = std::max(y + lineHeight, top + 2 * fm.height() + 2 * kPadY); // room for the label's two lines
        out.rowRects.emplace_back(kMargin, top, width - 2 * kMargin, y - top);
        out.wordRects.push_back(std::move(rects));
        y += kRowGap;
    }
    y += fm.height() + kMargin; // legend
    out.height = static_cast<int>(std::ceil(y));
    return out;
}

QStringList PromptView::highlightedWords(int row) const
{
    QStringList out;
    const Coalition* c = m_controller->currentCoalition();
    if (!c || row < 0 || row >= rowCount() || m_rows[row].shownIndex < 0)
        return out;
    for (const Word& w : m_words)
        if (w.player >= 0 && (c->mask >> w.player) & 1u)
            out << w.text;
    return out;
}

int PromptView::paintAll(QPainter& p, int width) const
{
    const Layout lay = layout(width);
    const QFontMetricsF fm(font());
    p.setRenderHint(QPainter::Antialiasing);
    p.setFont(font());
    const SessionData& data = m_controller->data();
    if (!data.session) {
        p.setPen(QColor(110, 110, 110));
        p.drawText(QRectF(0, 0, width, lay.height + 40), Qt::AlignCenter,
                   tr("No session yet: choose models and players on the left and press Run, or open a "
                      "session file."));
        return std::max(lay.height, 60);
    }
    const Coalition* c = m_controller->currentCoalition();
    QFont bold = font();
    bold.setBold(true);
    p.setPen(palette().color(QPalette::WindowText));
    p.drawText(QPointF(kMargin, kMargin + fm.ascent()), m_header);
    if (c) {
        const QString what = tr("Selected: %1 {%2}, order %3, shared by %4")
                                 .arg(c->type == InteractionType::And ? tr("AND") : tr("OR"))
                                 .arg(QString::fromStdString(data.words(c->mask)))
                                 .arg(c->order)
                                 .arg(c->sharedCount >= 2 ? tr("%1 models").arg(c->sharedCount) : tr("none"));
        p.setFont(bold);
        p.drawText(QRectF(kMargin, kMargin, width - 2 * kMargin, fm.height()), Qt::AlignRight, what);
        p.setFont(font());
    }
    const QColor shareColor = c ? style::sharedColor(c->sharedCount, data.shownCount()) : QColor();
    for (size_t r = 0; r < m_rows.size(); ++r) {
        const Row& row = m_rows[r];
        const QRectF rowRect = lay.rowRects[r];
        if (r % 2 == 1)
            p.fillRect(rowRect.adjusted(-4, -4, 4, 4), QColor(0, 0, 0, 10));
        const QColor modelColor =
            row.shownIndex >= 0 ? style::modelColor(data, row.shownIndex) : QColor(176, 0, 0);
        p.fillRect(QRectF(rowRect.left(), rowRect.top() + 3, 4, fm.height()), modelColor);
        p.setFont(bold);
        p.setPen(palette().color(QPalette::WindowText));
        p.drawText(QRectF(rowRect.left() + 8, rowRect.top() + kPadY, kLabelWidth - 12, fm.height()),
                   Qt::AlignLeft | Qt::AlignVCenter,
                   fm.elidedText(row.label, Qt::ElideRight, kLabelWidth - 12));
        p.setFont(font());
        if (!row.error.isEmpty()) {
            p.setPen(QColor(176, 0, 0));
            p.drawText(QRectF(kMargin + kLabelWidth, rowRect.top() + kPadY, width - 2 * kMargin - kLabelWidth,
                              fm.height()),
                       Qt::AlignLeft | Qt::AlignVCenter,
                       fm.elidedText(tr("failed: %1").arg(row.error), Qt::ElideRight,
                                     width - 2 * kMargin - kLabelWidth));
            continue;
        }
        QFont small = font();
        small.setPointSizeF(font().pointSizeF() * 0.85);
        p.setFont(small);
        p.setPen(QColor(100, 100, 100));
        p.drawText(
            QRectF(rowRect.left() + 8, rowRect.top() + fm.height() + kPadY, kLabelWidth - 12, fm.height()),
            Qt::AlignLeft | Qt::AlignVCenter, row.detail);
        p.setFont(font());
        const int k = row.shownIndex;
        const bool active = c && (c->salient[k] || c->shared[k]);
        for (size_t w = 0; w < m_words.size(); ++w) {
            const Word& word = m_words[w];
            const QRectF rect = lay.wordRects[r][w];
            const bool inCoalition = c && word.player >= 0 && ((c->mask >> word.player) & 1u);
            QColor textColor = palette().color(QPalette::WindowText);
            if (inCoalition) {
                QPainterPath path;
                path.addRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
                if (!active) {
                    p.setPen(QPen(QColor(150, 150, 150), 1.2, Qt::DashLine));
                    p.setBrush(Qt::NoBrush);
                    textColor = QColor(130, 130, 130);
                } else if (c->type == InteractionType::And) {
                    p.setPen(QPen(shareColor.darker(120), 1.2));
                    p.setBrush(shareColor);
                    textColor = Qt::white;
                } else {
                    p.setPen(QPen(shareColor, 2.4));
                    p.setBrush(Qt::NoBrush);
                }
                p.drawPath(path);
            } else if (word.player >= 0) {
                p.setPen(QPen(QColor(160, 160, 160), 1, Qt::DotLine));
                p.drawLine(QPointF(rect.left() + kPadX, rect.bottom() - 1),
                           QPointF(rect.right() - kPadX, rect.bottom() - 1));
            }
            p.setPen(textColor);
            p.drawText(rect, Qt::AlignCenter, word.text);
        }
        if (c) {
            const double value = c->values[k];
            p.setPen(active ? palette().color(QPalette::WindowText) : QColor(150, 150, 150));
            p.drawText(QRectF(width - kMargin - kValueWidth, rowRect.top() + kPadY, kValueWidth, fm.height()),
                       Qt::AlignRight | Qt::AlignVCenter,
                       QStringLiteral("I = %1").arg(style::signedNumber(value)));
        }
    }
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.85);
    p.setFont(small);
    p.setPen(QColor(100, 100, 100));
    p.drawText(QRectF(kMargin, lay.height - kMargin - fm.height(), width - 2 * kMargin, fm.height()),
               Qt::AlignLeft | Qt::AlignVCenter,
               style::legendText() + tr("; dashed grey = not salient in that model"));
    return lay.height;
}

void PromptView::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Base));
    paintAll(p, width());
}

QString PromptView::exportCaption() const
{
    return sessionCaption(m_controller->data());
}

double PromptView::exportScale(const QSize& size) const
{
    return std::min(1.0, double(size.height()) / layout(size.width()).height);
}

bool PromptView::fitsAt(const QSize& size, QString* why)
{
    constexpr double kSmallestScale = 0.75;
    const double s = exportScale(size);
    const QString problem =
        s < kSmallestScale ? tr("the rows would be drawn at %1 % of their size").arg(std::lround(100 * s))
        : size.width() / s < kMinimumWidth ? tr("the words would run into the model names and values")
                                           : QString();
    if (why)
        *why = problem;
    return problem.isEmpty();
}

void PromptView::renderExport(QCPPainter& painter, const QSize& size)
{
    painter.save();
    painter.fillRect(QRect(QPoint(0, 0), size), Qt::white);
    if (const double s = exportScale(size); s < 1.0) {
        painter.scale(s, s);
        paintAll(painter, static_cast<int>(size.width() / s));
    } else {
        paintAll(painter, size.width());
    }
    painter.restore();
}

std::pair<int, int> PromptView::hit(const QPointF& pos) const
{
    const Layout lay = layout(width());
    for (size_t r = 0; r < lay.wordRects.size(); ++r)
        for (size_t w = 0; w < lay.wordRects[r].size(); ++w)
            if (lay.wordRects[r][w].contains(pos))
                return {static_cast<int>(r), static_cast<int>(w)};
    return {-1, -1};
}

void PromptView::mousePressEvent(QMouseEvent* event)
{
    const auto [r, w] = hit(event->position());
    if (r < 0 || m_words[w].player < 0 || m_rows[r].shownIndex < 0)
        return QWidget::mousePressEvent(event);
    const int k = m_rows[r].shownIndex;
    const std::uint32_t bit = 1u << m_words[w].player;
    const SessionData& data = m_controller->data();
    int best = -1;
    double bestValue = -1.0;
    for (size_t i = 0; i < data.coalitions.size(); ++i) {
        const Coalition& c = data.coalitions[i];
        if (!(c.mask & bit))
            continue;
        // Prefer coalitions salient in this model, then by |I| in this model.
        const double score = std::abs(c.values[k]) + (c.salient[k] ? 1e9 : 0.0);
        if (score > bestValue) {
            bestValue = score;
            best = static_cast<int>(i);
        }
    }
    if (best >= 0)
        m_controller->selectRow(best);
}

bool PromptView::event(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const auto [r, w] = hit(help->pos());
        const Coalition* c = m_controller->currentCoalition();
        if (r >= 0 && m_rows[r].shownIndex >= 0) {
            const int k = m_rows[r].shownIndex;
            const ModelResult& m = m_controller->data().model(k);
            QString tip = QStringLiteral("<b>%1</b> — %2")
                              .arg(m_words[w].text.toHtmlEscaped(), QString::fromStdString(m.id));
            if (m_words[w].player >= 0)
                tip += tr("<br>player %1").arg(m_words[w].player);
            if (c && m_words[w].player >= 0 && ((c->mask >> m_words[w].player) & 1u))
                tip += tr("<br>%1 {%2}: I = %3%4")
                           .arg(c->type == InteractionType::And ? tr("AND") : tr("OR"))
                           .arg(QString::fromStdString(m_controller->data().words(c->mask)).toHtmlEscaped())
                           .arg(c->values[k], 0, 'g', 17)
                           .arg(c->salient[k] ? tr(" (salient)") : tr(" (not salient)"));
            QToolTip::showText(help->globalPos(), tip, this);
        } else if (r >= 0) {
            QToolTip::showText(help->globalPos(), m_rows[r].error.toHtmlEscaped(), this);
        } else {
            QToolTip::hideText();
        }
        return true;
    }
    return QWidget::event(event);
}

} // namespace interlens::ui
