#include "main_window.h"

#include "accessible_text.h"
#include "coalition_table_view.h"
#include "demo_prompt.h"
#include "export_dialog.h"
#include "file_loader.h"
#include "help_dialog.h"
#include "kappa_graph_view.h"
#include "model_list_model.h"
#include "order_effect_plot.h"
#include "prompt_editor.h"
#include "prompt_view.h"
#include "run_controller.h"
#include "run_panel.h"
#include "session_controller.h"
#include "sparsity_plot.h"
#include "study_controller.h"
#include "study_view.h"
#include "table_copy.h"
#include "view_frame.h"
#include "views_header.h"

#include "study/study_file.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

namespace interlens::ui {

namespace {

bool isSessionFile(const QString& path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    return suffix == QLatin1String("h5") || suffix == QLatin1String("hdf5");
}

} // namespace

MainWindow::MainWindow(QWidget* parent, ExplainFunction function)
    : QMainWindow(parent), m_session(new SessionController(this)),
      m_runs(new RunController(std::move(function), this)), m_panel(new RunPanel(this)),
      m_promptView(new PromptView(m_session, this)), m_orderPlot(new OrderEffectPlot(m_session, this)),
      m_kappaView(new KappaGraphView(m_session, this)), m_tableView(new CoalitionTableView(m_session, this)),
      m_sparsityPlot(new SparsityPlot(m_session, this)), m_studyView(new StudyView(this)),
      m_viewsHeader(new ViewsHeader(m_session, this)), m_statusText(new QLabel(this)),
      m_progress(new QProgressBar(this))
{
    setWindowTitle(QStringLiteral("Interlens"));
    setAcceptDrops(true);

    auto* promptScroll = new QScrollArea(this);
    promptScroll->setWidget(m_promptView);
    promptScroll->setWidgetResizable(true);
    promptScroll->setFrameShape(QFrame::NoFrame);

    auto* middle = new QSplitter(Qt::Horizontal, this);
    middle->addWidget(framed(tr("Interaction order vs effect"), m_orderPlot, m_orderPlot));
    middle->addWidget(framed(tr("κ graph"), m_kappaView, m_kappaView));
    middle->setStretchFactor(0, 3);
    middle->setStretchFactor(1, 2);
    auto* bottom = new QSplitter(Qt::Horizontal, this);
    bottom->addWidget(framed(tr("Interactions"), m_tableView, m_tableView));
    bottom->addWidget(framed(tr("Sparsity curve"), m_sparsityPlot, m_sparsityPlot));
    bottom->setStretchFactor(0, 3);
    bottom->setStretchFactor(1, 2);

    m_viewSplitter = new QSplitter(Qt::Vertical, this);
    m_viewSplitter->addWidget(framed(tr("Prompt: selected coalition per model"), promptScroll, m_promptView));
    m_viewSplitter->addWidget(middle);
    m_viewSplitter->addWidget(bottom);
    m_viewSplitter->setStretchFactor(0, 2);
    m_viewSplitter->setStretchFactor(1, 3);
    m_viewSplitter->setStretchFactor(2, 3);
    m_viewSplitter->setSizes({250, 380, 330}); // room for four model rows in the prompt view

    m_panel->setMinimumWidth(340); // it scrolls vertically inside; Run stays visible under it

    auto* promptTab = new QWidget(this);
    auto* promptTabLayout = new QVBoxLayout(promptTab);
    promptTabLayout->setContentsMargins(0, 0, 0, 0);
    promptTabLayout->setSpacing(0);
    promptTabLayout->addWidget(m_viewsHeader);
    promptTabLayout->addWidget(m_viewSplitter, 1);

    m_tabs = new QTabWidget(this);
    m_tabs->addTab(promptTab, tr("Prompt"));
    m_tabs->addTab(m_studyView, tr("Study"));
    m_tabs->setDocumentMode(true);

    m_mainSplitter = new QSplitter(Qt::Horizontal, this);
    m_mainSplitter->addWidget(m_panel);
    m_mainSplitter->addWidget(m_tabs);
    m_mainSplitter->setStretchFactor(0, 0);
    m_mainSplitter->setStretchFactor(1, 1);
    m_mainSplitter->setSizes({430, 1170});
    setCentralWidget(m_mainSplitter);

    m_progress->setRange(0, 1000);
    m_progress->setMaximumWidth(260);
    m_progress->setVisible(false);
    statusBar()->addWidget(m_statusText, 1);
    statusBar()->addPermanentWidget(m_progress);

    buildMenus();

    connect(m_panel, &RunPanel::runRequested, this, &MainWindow::startRun);
    connect(m_panel, &RunPanel::cancelRequested, m_runs, &RunController::cancel);
    connect(m_panel, &RunPanel::settingsChanged, this, [this] {
        m_changedSinceRun = true;
        if (m_session->hasSession() && !m_viewsHeader->isOutOfDate()) {
            m_viewsHeader->setOutOfDate(true);
            m_statusText->setText(m_viewsHeader->outOfDateText());
        }
    });
    connect(m_runs, &RunController::started, this, &MainWindow::onRunStarted);
    connect(m_runs, &RunController::progress, this, &MainWindow::onRunProgress);
    connect(m_runs, &RunController::finished, this, &MainWindow::onRunFinished);
    connect(m_runs, &RunController::failed, this, &MainWindow::onRunFailed);
    connect(m_runs, &RunController::cancelled, this, &MainWindow::onRunCancelled);
    connect(m_runs, &RunController::busyChanged, m_panel, &RunPanel::setRunning);
    connect(m_session, &SessionController::sessionChanged, this, &MainWindow::updateTitle);
    connect(m_session, &SessionController::recentFilesChanged, this, &MainWindow::rebuildRecentMenu);
    connect(m_studyView, &StudyView::promptOpened, this, &MainWindow::onStudyPromptOpened);
    // Files from the File menu, the recent files and drops are read on FileLoader's thread.
    m_files = new FileLoader(this);
    connect(m_files, &FileLoader::opened, this,
            [this](quint64, OpenedFilePtr file) { showOpenedFile(*file, false); });
    connect(m_files, &FileLoader::failed, this,
            [this](quint64, const QString& path, bool isStudy, const QString& error) {
                OpenedFile failed{path, isStudy, nullptr, nullptr, error};
                showOpenedFile(failed, false);
            });
    connect(m_studyView, &StudyView::failed, this, &MainWindow::showError);
    connect(m_studyView, &StudyView::exportRequested, this, &MainWindow::exportViewInteractively);

    // Desktop manners: Ctrl+C copies table rows as TSV; the custom views have names and say the selection as
    // text.
    enableRowCopy(m_tableView->tableView());
    enableRowCopy(m_studyView->promptTable());
    m_promptView->setAccessibleName(tr("Prompt rows per model"));
    m_orderPlot->setAccessibleName(tr("Interaction order versus effect"));
    m_kappaView->setAccessibleName(tr("Kappa graph"));
    m_tableView->setAccessibleName(tr("Interaction table"));
    m_sparsityPlot->setAccessibleName(tr("Sparsity curve"));
    connect(m_session, &SessionController::currentCoalitionChanged, this,
            &MainWindow::updateAccessibleSelection);
    connect(m_session, &SessionController::sessionChanged, this, &MainWindow::updateAccessibleSelection);
    updateAccessibleSelection();

    m_panel->addBundledModels();
    m_panel->setDemo(defaultDemoPrompt());
    m_statusText->setText(
        m_panel->models()->rowCount() > 0
            ? tr("Ready: press Run to explain the demo prompt on the checked models.")
            : tr("No bundled models found: add a model folder (File ▸ Add Model Folder…)."));

    // 1600×1000, or the screen when it is smaller (the layout is made to work from 1280×800 up).
    resize(screen() ? QSize(1600, 1000).boundedTo(screen()->availableGeometry().size()) : QSize(1600, 1000));
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    m_mainSplitter->restoreState(settings.value(QStringLiteral("window/mainSplitter")).toByteArray());
    m_viewSplitter->restoreState(settings.value(QStringLiteral("window/viewSplitter")).toByteArray());
    updateTitle();
}

MainWindow::~MainWindow() = default;

std::vector<ExportableView*> MainWindow::exportableViews() const
{
    std::vector<ExportableView*> views{m_promptView, m_orderPlot, m_kappaView, m_tableView, m_sparsityPlot};
    for (ExportableView* view : m_studyView->exportableViews())
        views.push_back(view);
    return views;
}

int MainWindow::currentTab() const
{
    return m_tabs->currentIndex();
}

QWidget* MainWindow::framed(const QString& title, QWidget* view, ExportableView* exportable)
{
    auto* frame = new ViewFrame(title, view, this);
    if (exportable == m_tableView)
        connect(frame->addButton(tr("CSV…"), tr("Export the visible rows as CSV")), &QToolButton::clicked,
                this, &MainWindow::exportCsvInteractively);
    connect(frame->addButton(tr("Export…"), tr("Export this view as PNG, PDF or SVG")), &QToolButton::clicked,
            this, [this, exportable] { exportViewInteractively(exportable); });
    return frame;
}

void MainWindow::buildMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    const auto openDialog = [this](const QString& title) {
        QSettings settings;
        const QString path = QFileDialog::getOpenFileName(
            this, title, settings.value(QStringLiteral("lastSessionDir")).toString(),
            tr("Interlens sessions and studies (*.h5 *.hdf5);;All files (*)"));
        if (!path.isEmpty()) {
            settings.setValue(QStringLiteral("lastSessionDir"), QFileInfo(path).absolutePath());
            openFileInBackground(path);
        }
    };
    file->addAction(tr("&Open Session…"), QKeySequence::Open, this,
                    [openDialog, this] { openDialog(tr("Open session")); });
    file->addAction(tr("Open S&tudy…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O), this,
                    [openDialog, this] { openDialog(tr("Open study")); });
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    rebuildRecentMenu();
    file->addAction(tr("&Save Session"), QKeySequence::Save, this, [this] {
        if (m_session->filePath().isEmpty())
            return saveAs();
        QString error;
        if (!m_session->save(m_session->filePath(), &error))
            showError(tr("Save failed"), error);
        updateTitle();
    });
    file->addAction(tr("Save Session &As…"), QKeySequence::SaveAs, this, &MainWindow::saveAs);
    file->addSeparator();
    file->addAction(tr("Add &Model Folder…"), this, [this] { m_panel->addModelFolderInteractively(); });
    file->addSeparator();
    QMenu* exportMenu = file->addMenu(tr("&Export View"));
    for (ExportableView* view : exportableViews())
        exportMenu->addAction(view->exportTitle() + QStringLiteral("…"), this,
                              [this, view] { exportViewInteractively(view); });
    file->addAction(tr("Export Table as &CSV…"), this, &MainWindow::exportCsvInteractively);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu* run = menuBar()->addMenu(tr("&Run"));
    run->addAction(tr("&Run"), QKeySequence(Qt::CTRL | Qt::Key_R), this, &MainWindow::startRun);
    run->addAction(tr("&Cancel"), QKeySequence(Qt::Key_Escape), m_runs, &RunController::cancel);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("Interlens &Help"), QKeySequence::HelpContents, this, [this] { showHelp(this); });
    help->addAction(tr("&About Interlens"), this, [this] {
        QMessageBox::about(
            this, tr("About Interlens"),
            tr("<b>Interlens</b><br>Which token coalitions several language models share when they "
               "predict the same next token: AND/OR interactions (Harsanyi dividends), shared "
               "coalitions and κ, after Lou, Yan, Chen and Zhang (2026).<br><br>Select a coalition "
               "in any view to highlight it in all of them."));
    });
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList files = SessionController::recentFiles();
    for (const QString& path : files)
        m_recentMenu
            ->addAction(QFileInfo(path).fileName(), this, [this, path] { openFileInBackground(path); })
            ->setToolTip(path);
    m_recentMenu->setEnabled(!files.isEmpty());
}

void MainWindow::updateTitle()
{
    const QString file = m_session->filePath();
    if (!m_session->hasSession())
        setWindowTitle(QStringLiteral("Interlens"));
    else
        setWindowTitle(QStringLiteral("Interlens — %1")
                           .arg(file.isEmpty() ? tr("unsaved run") : QFileInfo(file).fileName()));
}

void MainWindow::showError(const QString& title, const QString& message)
{
    m_lastError = message;
    m_statusText->setText(QStringLiteral("%1: %2").arg(title, message));
    if (!m_quietErrors)
        QMessageBox::critical(this, title, message);
}

bool MainWindow::openFile(const QString& path, bool quiet)
{
    OpenedFile file = readOpenedFile(path);
    return showOpenedFile(file, quiet);
}

bool MainWindow::openSession(const QString& path, bool quiet)
{
    OpenedFile file = readOpenedFile(path, FileKind::Session);
    return showOpenedFile(file, quiet);
}

bool MainWindow::openStudy(const QString& path, bool quiet)
{
    OpenedFile file = readOpenedFile(path, FileKind::Study);
    return showOpenedFile(file, quiet);
}

bool MainWindow::showOpenedFile(OpenedFile& file, bool quiet)
{
    if (!file.error.isEmpty()) {
        if (quiet)
            m_lastError = file.error;
        else
            showError(file.isStudy ? tr("Cannot open study") : tr("Cannot open session"), file.error);
        return false;
    }
    if (file.isStudy) {
        m_studyView->controller()->show(std::move(*file.study), file.path);
        showOpenedStudy(file.path);
    } else {
        m_session->showOpened(std::move(file.session), file.path);
        showOpenedSession(file.path);
    }
    return true;
}

void MainWindow::showOpenedSession(const QString& path)
{
    const QString missing = showPromptOf(*m_session->data().session);
    m_tabs->setCurrentIndex(0);
    showCaptionInStatus(tr("Opened %1").arg(QDir::toNativeSeparators(path)), missing);
    maybeScreenshot();
}

void MainWindow::showOpenedStudy(const QString& path)
{
    SessionController::addRecentFile(m_studyView->controller()->filePath());
    rebuildRecentMenu();
    m_tabs->setCurrentIndex(1);
    const Study& study = m_studyView->controller()->study();
    m_statusText->setText(tr("Opened study %1: %2 model(s), %3 of %4 prompt(s) kept")
                              .arg(QDir::toNativeSeparators(path))
                              .arg(study.meta.models.size())
                              .arg(m_studyView->controller()->keptCount())
                              .arg(study.meta.promptCount));
    maybeScreenshot();
}

quint64 MainWindow::openFileInBackground(const QString& path)
{
    m_statusText->setText(tr("Opening %1…").arg(QDir::toNativeSeparators(path)));
    return m_files->open(path);
}

QString MainWindow::showPromptOf(const Session& session)
{
    const QString missing = m_panel->restoreFrom(session);
    m_viewsHeader->setOutOfDate(!missing.isEmpty());
    m_changedSinceRun = false;
    return missing;
}

void MainWindow::showCaptionInStatus(const QString& prefix, const QString& note)
{
    QStringList parts{prefix};
    if (!m_viewsHeader->captionText().isEmpty())
        parts << m_viewsHeader->captionText();
    if (!note.isEmpty())
        parts << note;
    if (m_viewsHeader->isOutOfDate())
        parts << m_viewsHeader->outOfDateText();
    m_statusText->setText(parts.join(QStringLiteral(" — ")));
}

void MainWindow::onStudyPromptOpened(std::shared_ptr<const Session> session, const QString& description)
{
    m_session->setSession(std::move(session));
    m_unsavedResult = false; // it is in its study file
    const QString missing = showPromptOf(*m_session->data().session);
    m_tabs->setCurrentIndex(0);
    showCaptionInStatus(tr("Showing %1").arg(description), missing);
}

void MainWindow::addModelFolder(const QString& dir)
{
    m_panel->models()->addModel(dir);
}

void MainWindow::saveAs()
{
    if (!m_session->hasSession())
        return showError(tr("Nothing to save"), tr("Run an explanation or open a session first."));
    QSettings settings;
    const QString suggested =
        m_session->filePath().isEmpty()
            ? QDir(settings.value(QStringLiteral("lastSessionDir"), QDir::homePath()).toString())
                  .filePath(QStringLiteral("session.h5"))
            : m_session->filePath();
    QString path =
        QFileDialog::getSaveFileName(this, tr("Save session"), suggested, tr("Interlens sessions (*.h5)"));
    if (path.isEmpty())
        return;
    if (!isSessionFile(path))
        path += QStringLiteral(".h5");
    settings.setValue(QStringLiteral("lastSessionDir"), QFileInfo(path).absolutePath());
    QString error;
    if (!m_session->save(path, &error))
        showError(tr("Save failed"), error);
    updateTitle();
}

void MainWindow::exportViewInteractively(ExportableView* view)
{
    ExportDialog dialog(*view, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    QString error;
    if (!exportView(*view, dialog.path(), dialog.options(), &error))
        return showError(tr("Export failed"), error);
    m_statusText->setText(
        tr("Exported %1 to %2").arg(view->exportTitle(), QDir::toNativeSeparators(dialog.path())));
}

void MainWindow::exportCsvInteractively()
{
    QSettings settings;
    const QString dir = settings.value(QStringLiteral("export/dir"), QDir::homePath()).toString();
    const QString path = QFileDialog::getSaveFileName(this, tr("Export table as CSV"),
                                                      QDir(dir).filePath(QStringLiteral("interactions.csv")),
                                                      tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    settings.setValue(QStringLiteral("export/dir"), QFileInfo(path).absolutePath());
    QString error;
    if (!m_tableView->exportCsv(path, &error))
        return showError(tr("Export failed"), error);
    m_statusText->setText(tr("Exported the table to %1").arg(QDir::toNativeSeparators(path)));
}

void MainWindow::startRun()
{
    ExplainRequest request;
    QString error;
    if (!m_panel->buildRequest(&request, &error))
        return showError(tr("Cannot run"), error);
    // Honest inputs: an unknown target word or a single player is said before minutes of work, not after.
    if (const QString warning = m_panel->runWarning(); !warning.isEmpty()) {
        m_statusText->setText(warning);
        if (!m_quietErrors && m_screenshotPath.isEmpty() &&
            QMessageBox::question(this, tr("Run anyway?"), warning + tr("\n\nRun anyway?")) !=
                QMessageBox::Yes)
            return;
    }
    m_runRows.clear();
    ModelListModel* models = m_panel->models();
    models->resetStates();
    for (int row = 0; row < models->rowCount(); ++row)
        if (models->data(models->index(row, 0), Qt::CheckStateRole).toInt() == Qt::Checked) {
            m_runRows.push_back(row);
            models->setState(row, ModelListModel::State::Queued);
        }
    m_runStartMs = QDateTime::currentMSecsSinceEpoch();
    m_changedSinceRun = false;
    m_runs->submit(request);
}

void MainWindow::onRunStarted(quint64, int models)
{
    m_progress->setValue(0);
    m_progress->setVisible(true);
    m_statusText->setText(tr("Running on %n model(s)…", nullptr, models));
}

void MainWindow::onRunProgress(quint64, const ProgressEvent& event)
{
    m_progress->setValue(static_cast<int>(std::lround(event.overall * 1000)));
    m_statusText->setText(QString::fromStdString(progressText(event)));
    const int modelIndex = event.model ? static_cast<int>(*event.model) : -1;
    if (modelIndex >= 0 && modelIndex < static_cast<int>(m_runRows.size())) {
        // Models are loaded first, then computed in order: a model computing means the ones before it are
        // done.
        for (int i = 0; i < modelIndex && event.stage != ProgressStage::Loading; ++i)
            if (m_panel->models()->state(m_runRows[i]) != ModelListModel::State::Failed)
                m_panel->models()->setState(m_runRows[i], ModelListModel::State::Done, 1.0);
        m_panel->models()->setState(m_runRows[modelIndex], ModelListModel::State::Running, event.fraction,
                                    QString::fromStdString(progressStageText(event)));
    }
}

void MainWindow::onRunFinished(quint64, SessionPtr session, bool fromCache)
{
    m_progress->setVisible(false);
    QStringList failures;
    for (size_t i = 0; i < session->models.size() && i < m_runRows.size(); ++i) {
        const ModelResult& m = session->models[i];
        if (m.failed()) {
            m_panel->models()->setState(m_runRows[i], ModelListModel::State::Failed, 0.0,
                                        QString::fromStdString(m.error));
            failures << QStringLiteral("%1: %2").arg(QString::fromStdString(m.id),
                                                     QString::fromStdString(m.error));
        } else {
            m_panel->models()->setState(m_runRows[i], ModelListModel::State::Done, 1.0,
                                        tr("p=%1").arg(m.pTarget, 0, 'f', 3));
        }
    }
    m_session->setSession(std::move(session));
    m_unsavedResult = true;
    m_viewsHeader->setOutOfDate(m_changedSinceRun);
    const double seconds = (QDateTime::currentMSecsSinceEpoch() - m_runStartMs) / 1000.0;
    showCaptionInStatus(fromCache ? tr("Shown from the cache") : tr("Done in %1 s").arg(seconds, 0, 'f', 1));
    if (!failures.isEmpty()) {
        m_lastError = failures.join(QLatin1Char('\n'));
        if (!m_quietErrors && m_screenshotPath.isEmpty()) {
            auto* box =
                new QMessageBox(QMessageBox::Warning, tr("Some models failed"),
                                tr("%n model(s) failed; the others are shown.", nullptr, failures.size()),
                                QMessageBox::Ok, this);
            box->setDetailedText(m_lastError);
            box->setAttribute(Qt::WA_DeleteOnClose);
            box->open();
        }
    }
    maybeScreenshot();
}

void MainWindow::onRunFailed(quint64, const QString& message)
{
    m_progress->setVisible(false);
    for (int row : m_runRows)
        if (m_panel->models()->state(row) != ModelListModel::State::Failed)
            m_panel->models()->setState(row, ModelListModel::State::Idle);
    showError(tr("Run failed"), message);
    if (!m_screenshotPath.isEmpty())
        QTimer::singleShot(0, qApp, [] { QApplication::exit(1); });
}

void MainWindow::onRunCancelled(quint64)
{
    m_progress->setVisible(false);
    for (int row : m_runRows)
        if (m_panel->models()->state(row) != ModelListModel::State::Failed)
            m_panel->models()->setState(row, ModelListModel::State::Idle);
    m_statusText->setText(tr("Cancelled."));
}

void MainWindow::maybeScreenshot()
{
    if (m_screenshotPath.isEmpty())
        return;
    const QString path = m_screenshotPath;
    m_screenshotPath.clear();
    // Let the views lay out and paint first.
    QTimer::singleShot(1500, this, [this, path] {
        const bool ok = grab().save(path);
        if (!ok)
            m_lastError = tr("cannot write %1").arg(path);
        QApplication::exit(ok ? 0 : 1);
    });
}

bool MainWindow::hasUnsavedResult() const
{
    return m_unsavedResult && m_session->hasSession() && m_session->filePath().isEmpty();
}

bool MainWindow::confirmDiscardUnsaved()
{
    if (!hasUnsavedResult())
        return true;
    QMessageBox box(QMessageBox::Warning, tr("Unsaved results"),
                    tr("The result of the last run is not saved. Save it before closing?"),
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
    box.setObjectName(QStringLiteral("unsavedResultsPrompt"));
    box.setDefaultButton(QMessageBox::Save);
    switch (box.exec()) {
    case QMessageBox::Save:
        saveAs();
        return !hasUnsavedResult(); // the save dialog cancelled or failed: stay open
    case QMessageBox::Discard:
        return true;
    default:
        return false;
    }
}

void MainWindow::updateAccessibleSelection()
{
    const QString text = describeCoalition(m_session->data(), m_session->currentCoalition());
    for (QWidget* view : {static_cast<QWidget*>(m_promptView), static_cast<QWidget*>(m_orderPlot),
                          static_cast<QWidget*>(m_kappaView), static_cast<QWidget*>(m_tableView),
                          static_cast<QWidget*>(m_sparsityPlot)})
        view->setAccessibleDescription(text);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!confirmDiscardUnsaved()) {
        event->ignore();
        return;
    }
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/mainSplitter"), m_mainSplitter->saveState());
    settings.setValue(QStringLiteral("window/viewSplitter"), m_viewSplitter->saveState());
    m_runs->cancel();
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (!event->mimeData()->hasUrls())
        return;
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile() && (isSessionFile(url.toLocalFile()) || QFileInfo(url.toLocalFile()).isDir())) {
            event->acceptProposedAction();
            return;
        }
}

void MainWindow::dropEvent(QDropEvent* event)
{
    for (const QUrl& url : event->mimeData()->urls()) {
        const QString path = url.toLocalFile();
        if (isSessionFile(path))
            openFileInBackground(path);
        else if (QFileInfo(path).isDir())
            addModelFolder(path);
    }
    event->acceptProposedAction();
}

} // namespace interlens::ui
