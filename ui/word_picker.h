#pragma once

// The prompt's words as clickable chips (PromptEditor): players are filled, other eligible words outlined,
// punctuation-only words greyed and not clickable. Wraps to the widget's width.

#include <QWidget>

#include <vector>

namespace interlens::ui {

class WordPicker : public QWidget
{
    Q_OBJECT
public:
    struct Word
    {
        QString text;
        QString core;  // without surrounding punctuation; empty = not eligible
        int start = 0; // code point offset in the prompt
        bool player = false;
    };

    explicit WordPicker(QWidget* parent = nullptr);

    void setWords(std::vector<Word> words);
    const std::vector<Word>& words() const { return m_words; }
    void setPlayer(int index, bool player);

    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void wordClicked(int index);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    std::vector<QRectF> layout(int width, int* height) const;

    std::vector<Word> m_words;
};

} // namespace interlens::ui
