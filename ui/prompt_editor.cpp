#include "prompt_editor.h"

#include "explain/players.h"
#include "word_picker.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <map>

namespace interlens::ui {

PromptEditor::PromptEditor(QWidget* parent)
    : QWidget(parent), m_edit(new QPlainTextEdit(this)), m_picker(new WordPicker(this)),
      m_autoCount(new QSpinBox(this)), m_summary(new QLabel(this))
{
    m_edit->setPlaceholderText(tr("Type a prompt; the models predict the word that comes next."));
    m_edit->setTabChangesFocus(true);
    m_edit->setFixedHeight(fontMetrics().lineSpacing() * 3 + 12);
    // A wide range, so that typing "17" arrives as 17 and is clamped with a message (a range of 1..16 would
    // silently keep the "1").
    m_autoCount->setRange(1, 99);
    m_autoCount->setValue(6);
    m_autoCount->setToolTip(tr("Number of players to draw (2^n masked forward passes per model)"));
    auto* autoButton = new QPushButton(tr("Auto-pick"), this);
    autoButton->setToolTip(tr("Draw this many players among the words that are not stop words"));
    auto* clearButton = new QPushButton(tr("Clear"), this);

    // The summary (and the clamp message) wraps on its own line, so the panel never needs to be wider than
    // the buttons.
    m_summary->setWordWrap(true);
    auto* row = new QHBoxLayout;
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_autoCount);
    row->addWidget(autoButton);
    row->addWidget(clearButton);
    row->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_edit);
    layout->addWidget(m_picker);
    layout->addWidget(m_summary);
    layout->addLayout(row);

    connect(m_edit, &QPlainTextEdit::textChanged, this, &PromptEditor::onTextChanged);
    connect(m_picker, &WordPicker::wordClicked, this, &PromptEditor::toggleWord);
    connect(autoButton, &QPushButton::clicked, this, [this] {
        QString error;
        if (!autoPick(m_autoCount->value(), 0, &error))
            m_summary->setText(error);
    });
    connect(clearButton, &QPushButton::clicked, this, [this] { setPlayersFromList({}); });
    connect(m_autoCount, &QSpinBox::valueChanged, this, [this](int value) {
        if (value <= m_limit)
            return;
        const QSignalBlocker block(m_autoCount);
        m_autoCount->setValue(m_limit);
        m_summary->setText(
            tr("At most %1 players (the player limit, under Settings): set to %1.").arg(m_limit));
    });
    onTextChanged();
}

QString PromptEditor::text() const
{
    return m_edit->toPlainText();
}

void PromptEditor::setText(const QString& text)
{
    m_edit->setPlainText(text);
}

void PromptEditor::onTextChanged()
{
    // Keep the players whose (core, occurrence) still exists in the new text.
    std::set<std::pair<QString, int>> kept;
    {
        std::map<QString, int> seen;
        for (const auto& w : m_picker->words()) {
            const int occurrence = ++seen[w.core];
            if (w.player)
                kept.insert({w.core, occurrence});
        }
    }
    std::vector<WordPicker::Word> words;
    try {
        std::map<QString, int> seen;
        for (const PromptWord& w : splitPromptWords(text().toStdString())) {
            WordPicker::Word word;
            word.text = QString::fromStdString(w.text);
            word.core = QString::fromStdString(w.core);
            word.start = w.span.start;
            const int occurrence = ++seen[word.core];
            word.player = !word.core.isEmpty() && kept.count({word.core, occurrence});
            words.push_back(word);
        }
    } catch (const std::exception&) {
        // Invalid UTF-8 cannot come from a QString; nothing to pick in that case.
    }
    m_picker->setWords(std::move(words));
    m_summary->setText(tr("%n player(s): click words to choose", nullptr, playerCount()));
    Q_EMIT textChanged();
    Q_EMIT playersChanged();
}

void PromptEditor::setPlayerLimit(int limit)
{
    m_limit = std::max(1, limit);
    if (m_autoCount->value() > m_limit)
        m_autoCount->setValue(m_limit);
}

void PromptEditor::setPlayersFromSpans(const std::vector<Player>& players)
{
    const auto& words = m_picker->words();
    for (size_t i = 0; i < words.size(); ++i) {
        const qint64 begin = words[i].start;
        const qint64 end = begin + static_cast<qint64>(words[i].text.toUcs4().size());
        bool wanted = false;
        for (const Player& p : players)
            wanted = wanted || (p.begin >= begin && p.begin < end);
        m_picker->setPlayer(static_cast<int>(i), wanted && !words[i].core.isEmpty());
    }
    m_summary->setText(tr("%n player(s): click words to choose", nullptr, playerCount()));
    Q_EMIT playersChanged();
}

void PromptEditor::toggleWord(int wordIndex)
{
    const auto& words = m_picker->words();
    if (wordIndex < 0 || wordIndex >= static_cast<int>(words.size()) || words[wordIndex].core.isEmpty())
        return;
    m_picker->setPlayer(wordIndex, !words[wordIndex].player);
    m_summary->setText(tr("%n player(s): click words to choose", nullptr, playerCount()));
    Q_EMIT playersChanged();
}

int PromptEditor::playerCount() const
{
    int n = 0;
    for (const auto& w : m_picker->words())
        n += w.player ? 1 : 0;
    return n;
}

QStringList PromptEditor::words() const
{
    QStringList out;
    for (const auto& w : m_picker->words())
        out << w.text;
    return out;
}

QString PromptEditor::playersSpec() const
{
    QStringList parts;
    std::map<QString, int> seen;
    for (const auto& w : m_picker->words()) {
        const int occurrence = ++seen[w.core];
        if (w.player)
            parts << (occurrence > 1 ? QStringLiteral("%1#%2").arg(w.core).arg(occurrence) : w.core);
    }
    return parts.join(QLatin1Char(','));
}

void PromptEditor::setPlayersFromList(const QStringList& list)
{
    const auto& words = m_picker->words();
    std::map<QString, int> seen;
    for (size_t i = 0; i < words.size(); ++i) {
        const int occurrence = ++seen[words[i].core];
        const QString id =
            occurrence > 1 ? QStringLiteral("%1#%2").arg(words[i].core).arg(occurrence) : words[i].core;
        const bool wanted = !words[i].core.isEmpty() &&
                            (list.contains(id) || (occurrence == 1 && list.contains(words[i].text)));
        m_picker->setPlayer(static_cast<int>(i), wanted);
    }
    m_summary->setText(tr("%n player(s): click words to choose", nullptr, playerCount()));
    Q_EMIT playersChanged();
}

bool PromptEditor::autoPick(int n, unsigned seed, QString* error)
{
    try {
        const std::vector<PromptWord> chosen =
            choosePlayers(text().toStdString(), "auto:" + std::to_string(n), seed, englishStopWords());
        const auto& words = m_picker->words();
        for (size_t i = 0; i < words.size(); ++i) {
            bool wanted = false;
            for (const PromptWord& c : chosen)
                wanted = wanted || c.span.start == words[i].start;
            m_picker->setPlayer(static_cast<int>(i), wanted);
        }
        m_summary->setText(tr("%n player(s): click words to choose", nullptr, playerCount()));
        Q_EMIT playersChanged();
        return true;
    } catch (const std::exception& e) {
        if (error)
            *error = QString::fromStdString(e.what());
        return false;
    }
}

} // namespace interlens::ui
