#include "run_panel.h"

#include "common/resources.h"
#include "demo_prompt.h"
#include "hub_cache_menu.h"
#include "model/hub_cache.h"
#include "prediction_worker.h"
#include "prompt_editor.h"
#include "target_picker.h"

#include "interactions/sparsify.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QSet>
#include <QSettings>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace interlens::ui {

RunPanel::RunPanel(QWidget* parent)
    : QWidget(parent), m_models(new ModelListModel(this)), m_modelView(new QTableView(this)),
      m_prompt(new PromptEditor(this)), m_target(new TargetPicker(this)), m_baseline(new QComboBox(this)),
      m_mode(new QComboBox(this)), m_limit(new QSpinBox(this)), m_notes(new QLabel(this)),
      m_device(new QComboBox(this)), m_seed(new QSpinBox(this)), m_run(new QPushButton(tr("Run"), this)),
      m_cancel(new QPushButton(tr("Cancel"), this)), m_predictions(new PredictionController(this)),
      m_predictTimer(new QTimer(this))
{
    // Models
    m_modelView->setModel(m_models);
    m_modelView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_modelView->verticalHeader()->setVisible(false);
    m_modelView->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    // Name, size and status (with the error) fit the panel's width: no horizontal scrolling; architecture,
    // dtype and device are in the row's tooltip.
    m_modelView->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_modelView->setWordWrap(false);
    m_modelView->setTextElideMode(Qt::ElideRight);
    for (int column :
         {ModelListModel::ArchitectureColumn, ModelListModel::DtypeColumn, ModelListModel::DeviceColumn})
        m_modelView->setColumnHidden(column, true);
    m_modelView->horizontalHeader()->setSectionResizeMode(ModelListModel::NameColumn,
                                                          QHeaderView::Interactive);
    m_modelView->horizontalHeader()->setSectionResizeMode(ModelListModel::ParametersColumn,
                                                          QHeaderView::ResizeToContents);
    m_modelView->horizontalHeader()->setSectionResizeMode(ModelListModel::StatusColumn, QHeaderView::Stretch);
    m_modelView->setColumnWidth(ModelListModel::NameColumn, 170);
    m_modelView->setMinimumHeight(110);
    // Short labels, so that the three buttons fit the panel at 1280×800; the tooltips say the rest.
    auto* addButton = new QPushButton(tr("Add folder…"), this);
    addButton->setToolTip(tr("Add a model folder (config.json, safetensors, tokenizer.json)"));
    auto* hubButton = new QPushButton(tr("HF cache"), this);
    hubButton->setToolTip(
        tr("Add a model of the local Hugging Face cache, by revision (nothing is downloaded)"));
    auto* hubMenu = new QMenu(hubButton);
    hubButton->setMenu(hubMenu);
    connect(hubMenu, &QMenu::aboutToShow, this,
            [this, hubMenu] { fillHubCacheMenu(hubMenu, [this](const QString& id) { addHubModel(id); }); });
    auto* removeButton = new QPushButton(tr("Remove"), this);
    auto* modelButtons = new QHBoxLayout;
    modelButtons->addWidget(addButton);
    modelButtons->addWidget(hubButton);
    modelButtons->addWidget(removeButton);
    modelButtons->addStretch(1);
    auto* modelBox = new QGroupBox(tr("Models"), this);
    auto* modelLayout = new QVBoxLayout(modelBox);
    modelLayout->addWidget(m_modelView);
    modelLayout->addLayout(modelButtons);

    // Prompt and players
    auto* promptBox = new QGroupBox(tr("Prompt and players (click words)"), this);
    auto* promptLayout = new QVBoxLayout(promptBox);
    promptLayout->addWidget(m_prompt);

    // Target
    auto* targetBox = new QGroupBox(tr("Target word"), this);
    auto* targetLayout = new QVBoxLayout(targetBox);
    targetLayout->addWidget(m_target);
    m_notes->setWordWrap(true);
    m_notes->setStyleSheet(QStringLiteral("color: #8a5a00"));
    m_notes->setVisible(false);
    targetLayout->addWidget(m_notes);

    // Settings
    m_baseline->addItems({QStringLiteral("mean"), QStringLiteral("zero"), QStringLiteral("pad"),
                          QStringLiteral("unk"), QStringLiteral("eos"), QStringLiteral("learned"),
                          tr("file…")});
    m_baseline->setToolTip(
        tr("What a masked word's embedding is replaced with; learned: trained once per model "
           "so that masking adds no interactions of its own (method §2.4), then cached"));
    m_device->addItems({QStringLiteral("auto"), QStringLiteral("cpu"), QStringLiteral("cuda")});
    m_device->setToolTip(tr("auto: the GPU (bfloat16) when libtorch has one, else the CPU (float32)"));
    m_mode->addItems({QStringLiteral("solver"), QStringLiteral("reference")});
    m_mode->setToolTip(tr("How the AND/OR interactions are extracted (method.md §3.3, §4): solver = the "
                          "certified primal-dual solver; reference = the lab's SGD, step for step"));
    m_limit->setRange(1, 24);
    m_limit->setValue(16);
    m_limit->setToolTip(tr("The most players a run accepts: each model needs 2^n masked forward passes"));
    m_prompt->setPlayerLimit(m_limit->value());
    m_seed->setRange(0, 1'000'000);
    m_seed->setToolTip(tr("Seed of Auto-pick"));
    auto* settingsBox = new QGroupBox(tr("Settings"), this);
    auto* form = new QFormLayout(settingsBox);
    form->addRow(tr("Baseline"), m_baseline);
    form->addRow(tr("Mode"), m_mode);
    form->addRow(tr("Player limit"), m_limit);
    form->addRow(tr("Device"), m_device);
    form->addRow(tr("Auto-pick seed"), m_seed);

    m_run->setDefault(true);
    m_run->setToolTip(tr("Run the explanation on the checked models (Ctrl+R)"));
    m_cancel->setEnabled(false);
    auto* runRow = new QHBoxLayout;
    runRow->addStretch(1);
    runRow->addWidget(m_cancel);
    runRow->addWidget(m_run);

    // The settings scroll (vertically only); Run and Cancel stay visible under them.
    auto* content = new QWidget(this);
    auto* contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(0, 0, 0, 0);
    contentLayout->addWidget(modelBox, 2);
    contentLayout->addWidget(promptBox, 0);
    contentLayout->addWidget(targetBox, 2);
    contentLayout->addWidget(settingsBox, 0);
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    // Every part wraps or elides to the panel's width; a horizontal scroll bar would show (and the layout
    // test fails) if one did not.
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(scroll, 1);
    layout->addLayout(runRow);

    connect(addButton, &QPushButton::clicked, this, &RunPanel::addModelFolderInteractively);
    connect(removeButton, &QPushButton::clicked, this, [this] {
        const QModelIndex current = m_modelView->currentIndex();
        if (current.isValid())
            m_models->removeModel(current.row());
    });
    connect(m_modelView, &QTableView::clicked, this,
            [this](const QModelIndex& index) { showModelError(index.row()); });
    connect(m_run, &QPushButton::clicked, this, &RunPanel::runRequested);
    connect(m_cancel, &QPushButton::clicked, this, &RunPanel::cancelRequested);
    connect(m_baseline, &QComboBox::activated, this, [this](int index) {
        if (index != m_baseline->count() - 1)
            return;
        const QString file = QFileDialog::getOpenFileName(this, tr("Baseline embedding (raw float32)"), {},
                                                          tr("float32 vectors (*.f32);;All files (*)"));
        if (file.isEmpty()) {
            m_baseline->setCurrentIndex(0);
            return;
        }
        m_baselineFile = file;
        m_baseline->setItemText(index, QFileInfo(file).fileName());
    });
    connect(m_device, &QComboBox::currentIndexChanged, this, [this] {
        updateDeviceText();
        refreshPredictions();
    });

    // The top-k list follows the prompt and the checked models, a moment after typing stops.
    m_predictTimer->setSingleShot(true);
    m_predictTimer->setInterval(500);
    connect(m_predictTimer, &QTimer::timeout, this, [this] {
        const QStringList dirs = m_models->checkedDirs();
        if (dirs.isEmpty() || m_prompt->text().trimmed().isEmpty()) {
            m_target->setPredictions({});
            return;
        }
        m_target->setBusy(tr("Predicting the next word…"));
        m_predictions->request(m_prompt->text(), dirs, 8, device(), m_target->target());
    });
    connect(m_prompt, &PromptEditor::textChanged, this, &RunPanel::refreshPredictions);
    connect(m_models, &ModelListModel::checkedChanged, this, &RunPanel::refreshPredictions);
    connect(m_target, &TargetPicker::targetChanged, this, [this] {
        m_targetNotes.clear(); // until the predictor has looked at the new word
        m_targetWarning.clear();
        updateNotes();
        refreshPredictions();
    });
    connect(m_predictions, &PredictionController::ready, m_target,
            [this](quint64, const QVector<ModelPredictions>& predictions) {
                m_target->setPredictions(predictions);
                std::vector<NamedTargetSplit> splits;
                for (const ModelPredictions& p : predictions)
                    if (p.error.isEmpty() && (p.target.tokens > 0 || !p.target.error.isEmpty()))
                        splits.push_back({p.name, p.target});
                const TargetNotes notes = targetNotes(m_target->target(), splits);
                m_targetNotes = notes.notes;
                m_targetWarning = notes.warning;
                updateNotes();
            });
    connect(m_prompt, &PromptEditor::playersChanged, this, &RunPanel::updateNotes);
    connect(m_limit, &QSpinBox::valueChanged, m_prompt, &PromptEditor::setPlayerLimit);

    // Anything that changes what Run computes.
    for (auto* box : {m_baseline, m_mode, m_device})
        connect(box, &QComboBox::currentIndexChanged, this, &RunPanel::settingsChanged);
    for (auto* spin : {m_seed, m_limit})
        connect(spin, &QSpinBox::valueChanged, this, &RunPanel::settingsChanged);
    connect(m_prompt, &PromptEditor::textChanged, this, &RunPanel::settingsChanged);
    connect(m_prompt, &PromptEditor::playersChanged, this, &RunPanel::settingsChanged);
    connect(m_target, &TargetPicker::targetChanged, this, &RunPanel::settingsChanged);
    connect(m_models, &ModelListModel::checkedChanged, this, &RunPanel::settingsChanged);
    updateDeviceText();
}

int RunPanel::playerLimit() const
{
    return m_limit->value();
}

void RunPanel::setPlayerLimit(int limit)
{
    m_limit->setValue(limit);
}

QString RunPanel::inputNotes() const
{
    QStringList notes;
    if (m_prompt->playerCount() == 1)
        notes << tr(
            "One player: sharing is trivial (every model has the same single coalition, so κ = 1 whatever "
            "the signs); choose two or more players.");
    notes << m_targetNotes;
    return notes.join(QLatin1Char('\n'));
}

QString RunPanel::runWarning() const
{
    QStringList warnings;
    if (!m_targetWarning.isEmpty())
        warnings << m_targetWarning;
    if (m_prompt->playerCount() == 1)
        warnings << tr(
            "With one player, sharing is trivial: κ = 1 and every model “shares” the one coalition.");
    return warnings.join(QLatin1Char('\n'));
}

void RunPanel::updateNotes()
{
    const QString notes = inputNotes();
    m_notes->setText(notes);
    m_notes->setVisible(!notes.isEmpty());
}

bool RunPanel::showModelError(int row)
{
    if (row < 0 || row >= m_models->rowCount() || m_models->state(row) != ModelListModel::State::Failed)
        return false;
    const QModelIndex status = m_models->index(row, ModelListModel::StatusColumn);
    QString message = status.data().toString();
    if (message.startsWith(tr("failed: ")))
        message = message.mid(tr("failed: ").size());
    auto* box = new QMessageBox(
        QMessageBox::Warning, tr("Model %1").arg(m_models->info(row).name),
        tr("%1 cannot run:\n\n%2").arg(QDir::toNativeSeparators(m_models->info(row).dir), message),
        QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("modelErrorDialog"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
    return true;
}

QString RunPanel::restoreFrom(const Session& session)
{
    QSignalBlocker blockThis(this); // one settingsChanged at the end, not one per field
    QStringList missing;
    // Models: the session's ones checked, all others unchecked.
    QSet<QString> wanted;
    for (const ModelResult& m : session.models) {
        const QFileInfo dir(QString::fromStdString(m.path));
        if (m.path.empty() || !dir.isDir()) {
            missing << tr("model %1 (%2 is not here)")
                           .arg(QString::fromStdString(m.id), QString::fromStdString(m.path));
            continue;
        }
        wanted.insert(QFileInfo(m_models->info(m_models->addModel(dir.absoluteFilePath(), false)).dir)
                          .canonicalFilePath());
    }
    for (int row = 0; row < m_models->rowCount(); ++row)
        m_models->setChecked(row, wanted.contains(QFileInfo(m_models->info(row).dir).canonicalFilePath()));
    m_modelView->resizeColumnToContents(ModelListModel::ParametersColumn);

    const SessionMeta& meta = session.meta;
    m_prompt->setText(QString::fromStdString(meta.prompt));
    m_prompt->setPlayersFromSpans(meta.players);
    m_target->setTarget(QString::fromStdString(meta.targetWord));
    const int baseline = m_baseline->findText(QString::fromStdString(meta.baseline));
    if (baseline >= 0 && baseline != m_baseline->count() - 1) {
        m_baseline->setCurrentIndex(baseline);
    } else if (QFileInfo::exists(QString::fromStdString(meta.baseline))) {
        m_baselineFile = QString::fromStdString(meta.baseline);
        m_baseline->setItemText(m_baseline->count() - 1, QFileInfo(m_baselineFile).fileName());
        m_baseline->setCurrentIndex(m_baseline->count() - 1);
    } else {
        missing << tr("baseline %1").arg(QString::fromStdString(meta.baseline));
    }
    const auto setting = [&](const char* key) {
        const auto it = meta.solverSettings.find(key);
        return it == meta.solverSettings.end() ? QString() : QString::fromStdString(it->second);
    };
    if (const int mode = m_mode->findText(setting("single_mode")); mode >= 0)
        m_mode->setCurrentIndex(mode);
    bool ok = false;
    if (const int seed = setting("seed").toInt(&ok); ok)
        m_seed->setValue(seed);
    if (static_cast<int>(meta.players.size()) > m_limit->value())
        m_limit->setValue(static_cast<int>(meta.players.size()));
    blockThis.unblock();
    Q_EMIT settingsChanged();
    return missing.isEmpty() ? QString() : tr("Not restored: %1").arg(missing.join(QStringLiteral("; ")));
}

void RunPanel::refreshPredictions()
{
    m_predictTimer->start();
}

void RunPanel::updateDeviceText()
{
    try {
        m_models->setDeviceText(QString::fromStdString(device().describe()));
    } catch (const std::exception& e) {
        m_models->setDeviceText(tr("unavailable"));
    }
}

ComputeDevice RunPanel::device() const
{
    return chooseDevice(m_device->currentText().toStdString(), "auto");
}

void RunPanel::addBundledModels()
{
    for (const auto& dir : bundledModelDirs())
        m_models->addModel(QString::fromStdString(dir.string()));
    m_modelView->resizeColumnToContents(ModelListModel::ParametersColumn);
}

void RunPanel::addModelFolderInteractively()
{
    QSettings settings;
    const QString dir = QFileDialog::getExistingDirectory(
        this, tr("Add model folder (config.json, safetensors, tokenizer.json)"),
        settings.value(QStringLiteral("lastModelDir")).toString());
    if (dir.isEmpty())
        return;
    settings.setValue(QStringLiteral("lastModelDir"), dir);
    const int row = m_models->addModel(dir);
    m_modelView->resizeColumnToContents(ModelListModel::ParametersColumn);
    m_modelView->selectRow(row);
    showModelError(row); // not a model folder: say which file is missing, not only in a tooltip
}

void RunPanel::addHubModel(const QString& hubId)
{
    try {
        const QString dir =
            QString::fromStdString(resolveModelLocation(hubId.toStdString(), HubFiles::ModelAndTokenizer));
        const int row = m_models->addModel(dir);
        m_modelView->resizeColumnsToContents();
        m_modelView->selectRow(row);
    } catch (const std::exception& e) {
        QMessageBox::warning(this, tr("Add model"), QString::fromStdString(e.what()));
    }
}

void RunPanel::setDemo(const DemoPrompt& demo)
{
    m_prompt->setText(demo.text);
    m_prompt->setPlayersFromList(demo.players);
    m_target->setTarget(demo.target);
}

bool RunPanel::buildRequest(ExplainRequest* request, QString* error) const
{
    const auto fail = [&](const QString& message) {
        if (error)
            *error = message;
        return false;
    };
    const QStringList dirs = m_models->checkedDirs();
    if (dirs.isEmpty())
        return fail(tr("Check at least one model in the model list (or add a model folder)."));
    if (m_prompt->text().trimmed().isEmpty())
        return fail(tr("Type a prompt first."));
    if (m_prompt->playerCount() == 0)
        return fail(tr("Choose at least one player: click words of the prompt, or use Auto-pick."));
    if (m_prompt->playerCount() > m_limit->value())
        return fail(
            tr("%1 players exceed the player limit of %2 (Settings ▸ Player limit): each model would need "
               "2^%1 = %3 masked forward passes. Choose fewer words or raise the limit.")
                .arg(m_prompt->playerCount())
                .arg(m_limit->value())
                .arg(static_cast<qlonglong>(1) << m_prompt->playerCount()));
    try {
        request->device = device();
    } catch (const std::exception& e) {
        return fail(QString::fromStdString(e.what()));
    }
    request->prompt = m_prompt->text().toStdString();
    request->players = m_prompt->playersSpec().toStdString();
    request->seed = static_cast<uint32_t>(m_seed->value());
    request->targetWord = m_target->target().toStdString();
    const bool file = m_baseline->currentIndex() == m_baseline->count() - 1;
    request->baseline = file ? m_baselineFile.toStdString() : m_baseline->currentText().toStdString();
    request->single.mode = parseSparsifyMode(m_mode->currentText().toStdString());
    request->joint.mode = request->single.mode;
    request->maxPlayers = m_limit->value();
    request->modelDirs.clear();
    for (const QString& d : dirs)
        request->modelDirs.push_back(d.toStdString());
    return true;
}

void RunPanel::setRunning(bool running)
{
    m_run->setText(running ? tr("Run (restart)") : tr("Run"));
    m_cancel->setEnabled(running);
}

} // namespace interlens::ui
