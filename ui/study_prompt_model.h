#pragma once

// The prompts of a study as a table: one row per record with its status, whether it counts in the aggregates
// (or which filter removed it), the target, κ of the selected model pair on this prompt alone, the players
// and the text. Activating a row opens the prompt in the single-prompt views (StudyView).

#include <QAbstractTableModel>

namespace interlens::ui {

class StudyController;

class StudyPromptModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        IndexColumn = 0,
        IdColumn,
        OutcomeColumn,
        TargetColumn,
        KappaColumn,
        SecondsColumn,
        PlayersColumn,
        TextColumn,
        ColumnCount
    };
    enum Role { SortRole = Qt::UserRole + 1, KeptRole };

    explicit StudyPromptModel(StudyController* controller, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void refresh();

    StudyController* m_controller;
    std::vector<QString> m_outcome; // per row: "kept" or the filter that removed it
    std::vector<bool> m_kept;
};

} // namespace interlens::ui
