#pragma once

// The target word: a line edit (empty = each model's own top-1) over a table of the models' top-k next words
// and their probabilities, one column per model; clicking a row takes that word as the target.

#include "prediction_worker.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QTableWidget;

namespace interlens::ui {

class TargetPicker : public QWidget
{
    Q_OBJECT
public:
    explicit TargetPicker(QWidget* parent = nullptr);

    QString target() const;
    void setTarget(const QString& word);
    void setPredictions(const QVector<ModelPredictions>& predictions);
    void setBusy(const QString& message);
    int candidateCount() const;
    QTableWidget* table() const { return m_table; }

Q_SIGNALS:
    void targetChanged();

private:
    QLineEdit* m_target;
    QTableWidget* m_table;
    QLabel* m_status;
};

} // namespace interlens::ui
