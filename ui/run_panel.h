#pragma once

// The left side of the window: which models run (model list with "Add folder…" and the Hugging Face
// cache's models; each model's status and error in its row), the prompt and its players, the target word with
// each model's top-k predictions, baseline, solver mode, player limit, device and seed, and Run and Cancel
// (always visible, under the scrolling settings). It builds the ExplainRequest; MainWindow hands it to the
// RunController. restoreFrom() puts back the settings a session was made with; settingsChanged() fires on any
// change the user makes.

#include "explain/explain_run.h"
#include "model_list_model.h"

#include <QWidget>

class QComboBox;
class QLabel;
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

    // The settings `session` was made with: its models checked (a folder not listed yet is added when it
    // exists), prompt, players, target, baseline, mode and seed. Returns what could not be restored ("" when
    // everything was), in plain words. Emits settingsChanged once.
    QString restoreFrom(const Session& session);
    // The exact limit on players (2^n forward passes per model), settable here.
    int playerLimit() const;
    void setPlayerLimit(int limit);
    QComboBox* baselineBox() const { return m_baseline; }
    QComboBox* modeBox() const { return m_mode; }
    // Notes about the current inputs that the user should see before a run (one player; a target several
    // tokens long or unknown to a model); "" when none. Also shown under the target.
    QString inputNotes() const;
    // What a run should be confirmed for (unknown target word, one player); "" when nothing.
    QString runWarning() const;
    // Shows the message box for a failed model row (as a click on the row does); false when the row has none.
    bool showModelError(int row);

    void setRunning(bool running);
    void refreshPredictions();

Q_SIGNALS:
    void runRequested();
    void cancelRequested();
    // Any setting that changes what Run computes.
    void settingsChanged();

private:
    void updateDeviceText();
    void updateNotes();

    ModelListModel* m_models;
    QTableView* m_modelView;
    PromptEditor* m_prompt;
    TargetPicker* m_target;
    QComboBox* m_baseline;
    QComboBox* m_mode;
    QSpinBox* m_limit;
    QLabel* m_notes;
    QComboBox* m_device;
    QSpinBox* m_seed;
    QPushButton* m_run;
    QPushButton* m_cancel;
    PredictionController* m_predictions;
    QTimer* m_predictTimer;
    QString m_baselineFile;
    // Target word -> how each checked model tokenizes it (from the predictor): notes for inputNotes().
    QStringList m_targetNotes;
    QString m_targetWarning;
};

} // namespace interlens::ui
