#pragma once

// The "Study" tab: a study file's three figures (Fig. 3 order bars, Fig. 4 shared vs non-shared, Fig. 5 κ
// matrix) with the pair and settings they show, and the table of its prompts; activating a scored prompt
// opens it in the single-prompt views (promptOpened).

#include <QWidget>

#include <memory>
#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace interlens {
struct Session;
}

namespace interlens::ui {

class ExportableView;
class StudyController;
class StudyKappaMatrix;
class StudyOrderPlot;
class StudyPromptModel;
class StudySharedPlot;

class StudyView : public QWidget
{
    Q_OBJECT
public:
    explicit StudyView(QWidget* parent = nullptr);

    StudyController* controller() const { return m_controller; }
    StudyOrderPlot* orderPlot() const { return m_order; }
    StudySharedPlot* sharedPlot() const { return m_shared; }
    StudyKappaMatrix* kappaMatrix() const { return m_kappa; }
    QTableView* promptTable() const { return m_table; }
    StudyPromptModel* promptModel() const { return m_prompts; }
    std::vector<ExportableView*> exportableViews() const;

    // Opens record `row` of the study (a row of promptModel()): emits promptOpened, or failed with the
    // reason.
    bool openPrompt(int row);

Q_SIGNALS:
    void promptOpened(std::shared_ptr<const interlens::Session> session, const QString& description);
    void failed(const QString& title, const QString& message);
    void exportRequested(interlens::ui::ExportableView* view);

private:
    void onStudyChanged();
    void exportPromptsCsv();

    StudyController* m_controller;
    StudyOrderPlot* m_order;
    StudySharedPlot* m_shared;
    StudyKappaMatrix* m_kappa;
    StudyPromptModel* m_prompts;
    QSortFilterProxyModel* m_proxy;
    QTableView* m_table;
    QLabel* m_summary;
    QComboBox* m_pair;
    QComboBox* m_measure;
    QComboBox* m_variant;
    QCheckBox* m_noTop1;
    QLineEdit* m_filter;
};

} // namespace interlens::ui
