#include "target_picker.h"

#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QTableWidget>
#include <QVBoxLayout>

#include <map>

namespace interlens::ui {

TargetPicker::TargetPicker(QWidget* parent)
    : QWidget(parent), m_target(new QLineEdit(this)), m_table(new QTableWidget(this)),
      m_status(new QLabel(this))
{
    m_target->setPlaceholderText(tr("each model's own top-1"));
    m_target->setClearButtonEnabled(true);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->setVisible(false);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 4);
    // The columns share the panel's width (no horizontal scrolling): long model names are elided in the
    // middle of the header, whole in its tooltip.
    m_table->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_table->horizontalHeader()->setTextElideMode(Qt::ElideMiddle);
    m_table->horizontalHeader()->setMinimumSectionSize(
        fontMetrics().horizontalAdvance(QStringLiteral("00.0 %")) + 8);
    m_table->setMinimumHeight(90);
    m_status->setStyleSheet(QStringLiteral("color: #666"));
    m_status->setWordWrap(true);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_target);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_status);
    connect(m_target, &QLineEdit::textChanged, this, &TargetPicker::targetChanged);
    connect(m_table, &QTableWidget::cellClicked, this, [this](int row, int) {
        if (auto* item = m_table->item(row, 0))
            m_target->setText(item->text());
    });
}

QString TargetPicker::target() const
{
    return m_target->text().trimmed();
}

void TargetPicker::setTarget(const QString& word)
{
    m_target->setText(word);
}

int TargetPicker::candidateCount() const
{
    return m_table->rowCount();
}

void TargetPicker::setBusy(const QString& message)
{
    m_status->setText(message);
}

void TargetPicker::setPredictions(const QVector<ModelPredictions>& predictions)
{
    // Rows: the union of the models' top-k words (decoded, trimmed), by mean probability.
    struct Candidate
    {
        std::vector<double> probs;
        std::vector<QString> tips;
        double sum = 0.0;
    };
    std::map<QString, Candidate> candidates;
    QStringList errors;
    for (int m = 0; m < predictions.size(); ++m) {
        if (!predictions[m].error.isEmpty())
            errors << QStringLiteral("%1: %2").arg(predictions[m].name, predictions[m].error);
        for (int r = 0; r < predictions[m].top.size(); ++r) {
            const TokenPrediction& t = predictions[m].top[r];
            const QString word = t.text.trimmed();
            if (word.isEmpty() || word.contains(QLatin1Char(' ')))
                continue; // not usable as a target word
            Candidate& c = candidates[word];
            c.probs.resize(predictions.size(), -1.0);
            c.tips.resize(predictions.size());
            if (c.probs[m] >= 0)
                continue;
            c.probs[m] = t.prob;
            c.tips[m] = tr("%1: token %2 (%3), p = %4, rank %5")
                            .arg(predictions[m].name, t.token.toHtmlEscaped())
                            .arg(t.id)
                            .arg(t.prob, 0, 'g', 10)
                            .arg(r + 1);
            c.sum += t.prob;
        }
    }
    std::vector<std::pair<QString, Candidate>> rows(candidates.begin(), candidates.end());
    std::stable_sort(rows.begin(), rows.end(),
                     [](const auto& a, const auto& b) { return a.second.sum > b.second.sum; });
    m_table->clear();
    m_table->setColumnCount(1 + predictions.size());
    QStringList headers{tr("next word")};
    for (const ModelPredictions& p : predictions)
        headers << p.name;
    m_table->setHorizontalHeaderLabels(headers);
    for (int m = 0; m < predictions.size(); ++m)
        m_table->horizontalHeaderItem(1 + m)->setToolTip(predictions[m].name);
    m_table->setRowCount(static_cast<int>(rows.size()));
    for (int r = 0; r < static_cast<int>(rows.size()); ++r) {
        auto* word = new QTableWidgetItem(rows[r].first);
        m_table->setItem(r, 0, word);
        for (int m = 0; m < predictions.size(); ++m) {
            const double p =
                m < static_cast<int>(rows[r].second.probs.size()) ? rows[r].second.probs[m] : -1.0;
            auto* item =
                new QTableWidgetItem(p >= 0 ? QStringLiteral("%1 %").arg(100.0 * p, 0, 'f', 1) : QString());
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            if (p >= 0)
                item->setToolTip(rows[r].second.tips[m]);
            m_table->setItem(r, 1 + m, item);
        }
    }
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_status->setText(errors.isEmpty() ? tr("Click a word to predict it; leave empty for each model's top-1.")
                                       : errors.join(QLatin1Char('\n')));
}

} // namespace interlens::ui
