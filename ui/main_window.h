#pragma once

// The Interlens window: the run panel on the left, the five linked views on the right (prompt rows, order vs
// effect, κ graph, interaction table, sparsity curve), menus for sessions and export, and a status bar with
// the run's progress. All views follow SessionController's selection; runs go through RunController.

#include "explain_worker.h"

#include <QMainWindow>

#include <vector>

class QLabel;
class QMenu;
class QProgressBar;
class QSplitter;
class QTabWidget;

namespace interlens::ui {

class CoalitionTableView;
class ExportableView;
class KappaGraphView;
class OrderEffectPlot;
class PromptView;
class RunController;
class FileLoader;
struct OpenedFile;
using OpenedFilePtr = std::shared_ptr<OpenedFile>;
class RunPanel;
class SessionController;
class SparsityPlot;
class StudyView;
class ViewsHeader;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    // `function` runs explanations (runExplain by default; tests pass a stand-in).
    explicit MainWindow(QWidget* parent = nullptr, ExplainFunction function = {});
    ~MainWindow() override;

    SessionController* sessionController() const { return m_session; }
    RunController* runController() const { return m_runs; }
    RunPanel* runPanel() const { return m_panel; }
    PromptView* promptView() const { return m_promptView; }
    OrderEffectPlot* orderPlot() const { return m_orderPlot; }
    KappaGraphView* kappaView() const { return m_kappaView; }
    CoalitionTableView* tableView() const { return m_tableView; }
    SparsityPlot* sparsityPlot() const { return m_sparsityPlot; }
    StudyView* studyView() const { return m_studyView; }
    ViewsHeader* viewsHeader() const { return m_viewsHeader; }
    // The single-prompt views, then the study figures.
    std::vector<ExportableView*> exportableViews() const;
    // The tab on top: 0 = the single-prompt views, 1 = the study.
    int currentTab() const;

    // Opens a session file or a study file (whichever `path` is) on this thread, through the reader
    // FileLoader runs (readOpenedFile); shows an error dialog (unless `quiet`) and returns false on failure.
    bool openFile(const QString& path, bool quiet = false);
    bool openSession(const QString& path, bool quiet = false);
    bool openStudy(const QString& path, bool quiet = false);
    // The same on FileLoader's thread (the File menu, recent files and drops use it): returns at once with
    // the job's generation; the file appears, or the error dialog opens, when it has been read. A newer open
    // supersedes this one.
    quint64 openFileInBackground(const QString& path);
    FileLoader* fileLoader() const { return m_files; }
    void addModelFolder(const QString& dir);
    // Starts a run with the current settings (as the Run button does).
    void startRun();
    // After the next result or opened session is on screen, grab the window into `path` and quit.
    void setScreenshotPath(const QString& path) { m_screenshotPath = path; }
    // Errors go to the status bar instead of modal dialogs (tests, screenshots).
    void setQuietErrors(bool quiet) { m_quietErrors = quiet; }
    QString lastError() const { return m_lastError; }
    // True after a run whose result has not been saved yet (closing asks first).
    bool hasUnsavedResult() const;

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void buildMenus();
    QWidget* framed(const QString& title, QWidget* view, ExportableView* exportable);
    void showError(const QString& title, const QString& message);
    // The left panel shows the settings `session` was made with (one truth on screen); the views are current
    // unless some setting could not be restored (returned, in plain words; "" when all were).
    QString showPromptOf(const Session& session);
    // The status bar says what the views show (figure_caption.h) after `prefix`, then `note` and whether the
    // views are out of date.
    void showCaptionInStatus(const QString& prefix, const QString& note = {});
    void onStudyPromptOpened(std::shared_ptr<const Session> session, const QString& description);
    void rebuildRecentMenu();
    void updateTitle();
    void exportViewInteractively(ExportableView* view);
    void exportCsvInteractively();
    void saveAs();
    void maybeScreenshot();
    // Asks whether to save, discard or keep the window when there is an unsaved result; false = keep it open.
    bool confirmDiscardUnsaved();
    // The custom views' accessible description: the selected coalition as text (accessible_text.h).
    void updateAccessibleSelection();

    void showOpenedSession(const QString& path);
    void showOpenedStudy(const QString& path);
    // Shows what readOpenedFile read, or its error (a dialog unless `quiet`): the blocking opens and
    // FileLoader's results end here.
    bool showOpenedFile(OpenedFile& file, bool quiet);
    void onRunStarted(quint64 generation, int models);
    void onRunProgress(quint64 generation, const ProgressEvent& event);
    void onRunFinished(quint64 generation, SessionPtr session, bool fromCache);
    void onRunFailed(quint64 generation, const QString& message);
    void onRunCancelled(quint64 generation);

    SessionController* m_session;
    RunController* m_runs;
    RunPanel* m_panel;
    PromptView* m_promptView;
    OrderEffectPlot* m_orderPlot;
    KappaGraphView* m_kappaView;
    CoalitionTableView* m_tableView;
    SparsityPlot* m_sparsityPlot;
    StudyView* m_studyView;
    ViewsHeader* m_viewsHeader;
    bool m_changedSinceRun = false; // a setting changed after the run on screen started
    QTabWidget* m_tabs = nullptr;
    QSplitter* m_mainSplitter = nullptr;
    QSplitter* m_viewSplitter = nullptr;
    QMenu* m_recentMenu = nullptr;
    QLabel* m_statusText;
    QProgressBar* m_progress;
    std::vector<int> m_runRows; // model-list rows of the running request, by model index
    qint64 m_runStartMs = 0;
    QString m_screenshotPath;
    bool m_quietErrors = false;
    bool m_unsavedResult = false; // a run's result is on screen and has not been saved
    QString m_lastError;
    FileLoader* m_files = nullptr;
};

} // namespace interlens::ui
