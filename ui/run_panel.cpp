#include "run_panel.h"

#include "common/resources.h"
#include "demo_prompt.h"
#include "hub_cache_menu.h"
#include "model/hub_cache.h"
#include "prediction_worker.h"
#include "prompt_editor.h"
#include "target_picker.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace interlens::ui {

RunPanel::RunPanel(QWidget* parent)
    : QWidget(parent), m_models(new ModelListModel(this)), m_modelView(new QTableView(this)),
      m_prompt(new PromptEditor(this)), m_target(new TargetPicker(this)), m_baseline(new QComboBox(this)),
      m_device(new QComboBox(this)), m_seed(new QSpinBox(this)), m_run(new QPushButton(tr("Run"), this)),
      m_cancel(new QPushButton(tr("Cancel"), this)), m_predictions(new PredictionController(this)),
      m_predictTimer(new QTimer(this))
{
    // Models
    m_modelView->setModel(m_models);
    m_modelView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_modelView->verticalHeader()->setVisible(false);
    m_modelView->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_modelView->horizontalHeader()->setStretchLastSection(true);
    m_modelView->setMinimumHeight(110);
    auto* addButton = new QPushButton(tr("Add model folder…"), this);
    auto* hubButton = new QPushButton(tr("Add from HF cache"), this);
    hubButton->setToolTip(tr("Models in the local Hugging Face cache, by revision (nothing is downloaded)"));
    auto* hubMenu = new QMenu(hubButton);
    hubButton->setMenu(hubMenu);
    connect(hubMenu, &QMenu::aboutToShow, this, [this, hubMenu] {
        fillHubCacheMenu(hubMenu, [this](const QString& id) { addHubModel(id); });
    });
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

    // Settings
    m_baseline->addItems({QStringLiteral("mean"), QStringLiteral("zero"), QStringLiteral("pad"), QStringLiteral("unk"),
                          QStringLiteral("eos"), QStringLiteral("learned"), tr("file…")});
    m_baseline->setToolTip(tr("What a masked word's embedding is replaced with; learned: trained once per model "
                              "so that masking adds no interactions of its own (method §2.4), then cached"));
    m_device->addItems({QStringLiteral("auto"), QStringLiteral("cpu"), QStringLiteral("cuda")});
    m_device->setToolTip(tr("auto: the GPU (bfloat16) when libtorch has one, else the CPU (float32)"));
    m_seed->setRange(0, 1'000'000);
    m_seed->setToolTip(tr("Seed of Auto-pick"));
    auto* settingsBox = new QGroupBox(tr("Settings"), this);
    auto* form = new QFormLayout(settingsBox);
    form->addRow(tr("Baseline"), m_baseline);
    form->addRow(tr("Device"), m_device);
    form->addRow(tr("Auto-pick seed"), m_seed);

    m_run->setDefault(true);
    m_run->setToolTip(tr("Run the explanation on the checked models (Ctrl+R)"));
    m_cancel->setEnabled(false);
    auto* runRow = new QHBoxLayout;
    runRow->addStretch(1);
    runRow->addWidget(m_cancel);
    runRow->addWidget(m_run);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(modelBox, 2);
    layout->addWidget(promptBox, 0);
    layout->addWidget(targetBox, 2);
    layout->addWidget(settingsBox, 0);
    layout->addLayout(runRow);

    connect(addButton, &QPushButton::clicked, this, &RunPanel::addModelFolderInteractively);
    connect(removeButton, &QPushButton::clicked, this, [this] {
        const QModelIndex current = m_modelView->currentIndex();
        if (current.isValid())
            m_models->removeModel(current.row());
    });
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
        m_predictions->request(m_prompt->text(), dirs, 8, device());
    });
    connect(m_prompt, &PromptEditor::textChanged, this, &RunPanel::refreshPredictions);
    connect(m_models, &ModelListModel::checkedChanged, this, &RunPanel::refreshPredictions);
    connect(m_predictions, &PredictionController::ready, m_target,
            [this](quint64, const QVector<ModelPredictions>& predictions) { m_target->setPredictions(predictions); });
    updateDeviceText();
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
    m_modelView->resizeColumnsToContents();
}

void RunPanel::addModelFolderInteractively()
{
    QSettings settings;
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Add model folder (config.json, safetensors, tokenizer.json)"),
                                                          settings.value(QStringLiteral("lastModelDir")).toString());
    if (dir.isEmpty())
        return;
    settings.setValue(QStringLiteral("lastModelDir"), dir);
    const int row = m_models->addModel(dir);
    m_modelView->resizeColumnsToContents();
    m_modelView->selectRow(row);
}

void RunPanel::addHubModel(const QString& hubId)
{
    try {
        const QString dir = QString::fromStdString(
            resolveModelLocation(hubId.toStdString(), HubFiles::ModelAndTokenizer));
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
