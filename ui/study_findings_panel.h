#pragma once

// The findings table of the Study tab: the same numbers as `interlens findings` (study_findings.h) for the
// open study, i.e. F1-F3 with their verdicts and every pair's κ with its bootstrap CI, recomputed when the
// study or the model groups change, and exported as the same self-contained Markdown / HTML report (or JSON).

#include <QWidget>

#include <nlohmann/json.hpp>

class QLabel;
class QLineEdit;
class QTableWidget;

namespace interlens::ui {

class StudyController;

class StudyFindingsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit StudyFindingsPanel(StudyController* controller, QWidget* parent = nullptr);

    // The findings shown (null when there are none), and the tables (for tests).
    const nlohmann::json& findings() const { return m_findings; }
    QTableWidget* findingsTable() const { return m_table; }
    QTableWidget* pairTable() const { return m_pairs; }
    QLineEdit* groupsEdit() const { return m_groups; }

    // Writes the report to `path` (.md, .html or .json); false with `error` set when it cannot.
    bool exportTo(const QString& path, QString* error);

Q_SIGNALS:
    void failed(const QString& title, const QString& message);

private:
    void recompute();
    void exportReport();

    StudyController* m_controller;
    QLineEdit* m_groups;
    QLabel* m_message;
    QTableWidget* m_table;
    QTableWidget* m_pairs;
    nlohmann::json m_findings;
};

} // namespace interlens::ui
