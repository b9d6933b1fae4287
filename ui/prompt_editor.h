#pragma once

// The prompt and its players: a text box, and below it the prompt's words as chips; clicking a word toggles
// it as a player, "Auto-pick" draws N eligible words (not stop words, not punctuation) as `interlens explain
// --players auto:N` does. playersSpec() is what ExplainRequest::players takes ("w1,w2#2").

#include "store/session.h"

#include <QWidget>

#include <vector>

#include <set>
#include <vector>

class QPlainTextEdit;
class QSpinBox;
class QLabel;

namespace interlens::ui {

class WordPicker;

class PromptEditor : public QWidget
{
    Q_OBJECT
public:
    explicit PromptEditor(QWidget* parent = nullptr);

    QString text() const;
    void setText(const QString& text);
    // Selects players by word ("w1,w2"; "w#2" for a second occurrence); unknown words are ignored.
    void setPlayersFromList(const QStringList& words);
    // Selects exactly the words where a session's players begin (code point offsets into the prompt).
    void setPlayersFromSpans(const std::vector<Player>& players);
    // The Auto-pick count box goes up to `limit`; a larger number typed is clamped with a message.
    void setPlayerLimit(int limit);
    QString playersSpec() const;
    int playerCount() const;
    QStringList words() const;      // the prompt's words (whole, with punctuation)
    void toggleWord(int wordIndex); // as a click does
    // Draws N players with `seed`; false with a message when the prompt has fewer eligible words.
    bool autoPick(int n, unsigned seed, QString* error);

Q_SIGNALS:
    void textChanged();
    void playersChanged();

private:
    void onTextChanged();

    QPlainTextEdit* m_edit;
    WordPicker* m_picker;
    QSpinBox* m_autoCount;
    QLabel* m_summary;
    int m_limit = 16;
};

} // namespace interlens::ui
