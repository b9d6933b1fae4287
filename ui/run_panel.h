#pragma once

// The left side of the window: which models run (model list with "Add model folder…" and the Hugging Face
// cache's models), the prompt and its
// players, the target word with each model's top-k predictions, baseline, device and seed, Run and Cancel.
// It builds the ExplainRequest; MainWindow hands it to the RunController.

#include "explain/explain_run.h"
#include "model_list_model.h"

#include <QWidget>

class QComboBox;
class QPushButton;
class QSpinBox;
class QTableView;
class QTimer;

namespace interlens::ui {

class PredictionController;
class PromptEditor;
class TargetPicker;
struct DemoPrompt;

class RunPanel : public QWidget
{
    Q_OBJECT
public:
    explicit RunPanel(QWidget* parent = nullptr);

    ModelListModel* models() { return m_models; }
    PromptEditor* promptEditor() const { return m_prompt; }
    TargetPicker* targetPicker() const { return m_target; }
    QPushButton* runButton() const { return m_run; }
    QPushButton* cancelButton() const { return m_cancel; }

    void addBundledModels();
    void setDemo(const DemoPrompt& demo);
    // Asks for a folder; adds it. Public for the File menu.
    void addModelFolderInteractively();
    // Adds a model of the local Hugging Face cache ("org/name@revision"); a message box says why it cannot.
    void addHubModel(const QString& hubId);

    // The request for the current settings; false with a message when it cannot run (no model, no player).
    bool buildRequest(ExplainRequest* request, QString* error) const;
    // The device runs use ("auto" resolves to CUDA when libtorch has a GPU).
    ComputeDevice device() const;

    void setRunning(bool running);
    void refreshPredictions();

Q_SIGNALS:
    void runRequested();
    void cancelRequested();

private:
    void updateDeviceText();

    ModelListModel* m_models;
    QTableView* m_modelView;
    PromptEditor* m_prompt;
    TargetPicker* m_target;
    QComboBox* m_baseline;
    QComboBox* m_device;
    QSpinBox* m_seed;
    QPushButton* m_run;
    QPushButton* m_cancel;
    PredictionController* m_predictions;
    QTimer* m_predictTimer;
    QString m_baselineFile;
};

} // namespace interlens::ui
