#pragma once

// View (1): the prompt, one row per model, with the current coalition's words highlighted in each row. AND
// coalitions are filled, OR coalitions outlined; the colour says how many models share the coalition; a
// model in which it is not salient shows the words dashed and grey. Clicking a player word selects the
// strongest coalition with that word in that model.

#include "exportable_view.h"

#include <QWidget>

#include <vector>

namespace interlens::ui {

class SessionController;

class PromptView : public QWidget, public ExportableView
{
    Q_OBJECT
public:
    explicit PromptView(SessionController* controller, QWidget* parent = nullptr);

    QString exportName() const override { return QStringLiteral("prompt"); }
    QString exportTitle() const override { return tr("Prompt with coalitions"); }
    QString exportCaption() const override;
    QSizeF defaultSizeMm() const override { return {183.0, 60.0}; }
    void renderExport(QCPPainter& painter, const QSize& size) override;
    QWidget* exportWidget() override { return this; }
    // The words keep clear of the labels and values, and are shrunk (to fit the height) to 3/4 at most.
    bool fitsAt(const QSize& size, QString* why) override;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;

    // Text of each row (model id and words) as laid out, for tests.
    int rowCount() const { return static_cast<int>(m_rows.size()); }
    // Words highlighted in row `row` for the current coalition.
    QStringList highlightedWords(int row) const;

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    bool event(QEvent* event) override;

private:
    struct Word
    {
        QString text;
        int player = -1; // player index, -1 for a non-player word
    };
    struct Row
    {
        QString label;  // model id
        QString detail; // p(target), rank
        QString error;  // non-empty for a failed model
        int shownIndex = -1;
    };
    struct Layout
    {
        std::vector<std::vector<QRectF>> wordRects; // per row, per word
        std::vector<QRectF> rowRects;
        int height = 0;
    };

    void rebuild();
    Layout layout(int width) const;
    // How much an export of `size` shrinks the rows so that they fit its height (1: not at all).
    double exportScale(const QSize& size) const;
    int paintAll(QPainter& painter, int width) const;
    // (row, word) under a point, or (-1, -1).
    std::pair<int, int> hit(const QPointF& pos) const;

    SessionController* m_controller;
    std::vector<Word> m_words;
    std::vector<Row> m_rows;
    QString m_header;
};

} // namespace interlens::ui
