#include "study_view.h"

#include "study_controller.h"
#include "study_findings_panel.h"
#include "study_kappa_matrix.h"
#include "study_order_plot.h"
#include "study_prompt_model.h"
#include "study_shared_plot.h"
#include "view_export.h"
#include "view_frame.h"

#include "store/session.h"
#include "study/study_aggregate_view.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace interlens::ui {

StudyView::StudyView(QWidget* parent)
    : QWidget(parent), m_controller(new StudyController(this)),
      m_order(new StudyOrderPlot(m_controller, this)), m_shared(new StudySharedPlot(m_controller, this)),
      m_kappa(new StudyKappaMatrix(m_controller, this)), m_prompts(new StudyPromptModel(m_controller, this)),
      m_proxy(new QSortFilterProxyModel(this)), m_table(new QTableView(this)), m_summary(new QLabel(this)),
      m_pair(new QComboBox(this)), m_measure(new QComboBox(this)), m_variant(new QComboBox(this)),
      m_noTop1(new QCheckBox(tr("without the top-1 filter"), this)), m_filter(new QLineEdit(this))
{
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_measure->addItem(tr("strength (Σ I)"));
    m_measure->addItem(tr("count (+1 / −1)"));
    for (const QString& name : StudyController::kappaVariants())
        m_variant->addItem(StudyController::kappaVariantTitle(name), name);
    m_noTop1->setToolTip(
        tr("Aggregates over the prompts scored although some model's top-1 is not the target "
           "(studies run with --score-all)"));
    auto* controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Pair:"), this));
    controls->addWidget(m_pair, 1);
    controls->addWidget(new QLabel(tr("Fig. 3:"), this));
    controls->addWidget(m_measure);
    controls->addWidget(new QLabel(tr("Fig. 5:"), this));
    controls->addWidget(m_variant);
    controls->addWidget(m_noTop1);

    const auto frame = [this](const QString& title, QWidget* view, ExportableView* exportable) {
        auto* f = new ViewFrame(title, view, this);
        connect(f->addButton(tr("Export…"), tr("Export this figure as PNG, PDF or SVG")),
                &QToolButton::clicked, this, [this, exportable] { Q_EMIT exportRequested(exportable); });
        return f;
    };
    auto* figures = new QSplitter(Qt::Horizontal, this);
    figures->addWidget(frame(tr("Fig. 3: interactions by order"), m_order, m_order));
    figures->addWidget(frame(tr("Fig. 4: shared vs non-shared"), m_shared, m_shared));
    figures->addWidget(frame(tr("Fig. 5: κ between models"), m_kappa, m_kappa));

    m_proxy->setSourceModel(m_prompts);
    m_proxy->setSortRole(StudyPromptModel::SortRole);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(StudyPromptModel::IndexColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_filter->setPlaceholderText(tr("Filter prompts (id, outcome, target, words)…"));
    m_filter->setClearButtonEnabled(true);
    auto* tableBox = new QWidget(this);
    auto* tableLayout = new QVBoxLayout(tableBox);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    tableLayout->addWidget(m_filter);
    tableLayout->addWidget(m_table, 1);
    auto* tableFrame = new ViewFrame(tr("Prompts (double-click a scored prompt to open it)"), tableBox, this);
    connect(tableFrame->addButton(tr("Open"), tr("Open the selected prompt in the single-prompt views")),
            &QToolButton::clicked, this, [this] {
                const QModelIndex current = m_table->currentIndex();
                if (current.isValid())
                    openPrompt(m_proxy->mapToSource(current).row());
            });
    connect(tableFrame->addButton(tr("CSV…"), tr("Export the visible rows as CSV")), &QToolButton::clicked,
            this, &StudyView::exportPromptsCsv);

    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(figures);
    split->addWidget(tableFrame);
    auto* findings = new StudyFindingsPanel(m_controller, this); // F1-F3 and κ CIs (issue 16)
    connect(findings, &StudyFindingsPanel::failed, this, &StudyView::failed);
    split->addWidget(findings);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    // The figures first: at 1280×800 they need over half the height for their titles, legends and names.
    split->setSizes({600, 250, 150});

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addLayout(controls);
    layout->addWidget(split, 1);

    connect(m_pair, &QComboBox::currentIndexChanged, m_controller, &StudyController::selectPair);
    connect(m_controller, &StudyController::currentPairChanged, this, [this](int pair) {
        if (pair >= 0 && m_pair->currentIndex() != pair)
            m_pair->setCurrentIndex(pair);
    });
    connect(m_measure, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_controller->setMeasure(index == 1 ? StudyController::Measure::Count
                                            : StudyController::Measure::Strength);
    });
    connect(m_variant, &QComboBox::currentIndexChanged, this,
            [this](int index) { m_controller->setKappaVariant(m_variant->itemData(index).toString()); });
    connect(m_noTop1, &QCheckBox::toggled, m_controller, &StudyController::setWithoutTop1Filter);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_table, &QTableView::activated, this,
            [this](const QModelIndex& index) { openPrompt(m_proxy->mapToSource(index).row()); });
    connect(m_controller, &StudyController::studyChanged, this, &StudyView::onStudyChanged);
    connect(m_controller, &StudyController::settingsChanged, this, &StudyView::onStudyChanged);
    onStudyChanged();
}

std::vector<ExportableView*> StudyView::exportableViews() const
{
    return {m_order, m_shared, m_kappa};
}

void StudyView::onStudyChanged()
{
    const StudyController* c = m_controller;
    if (!c->hasStudy()) {
        m_summary->setText(
            tr("No study open. Run <tt>interlens study --prompts FILE.jsonl --out study.h5</tt>, "
               "then File ▸ Open Study…"));
        return;
    }
    const Study& study = c->study();
    const QSignalBlocker blocker(m_pair);
    m_pair->clear();
    const QStringList ids = c->modelIds();
    for (int pair = 0; pair < static_cast<int>(c->pairs().size()); ++pair)
        m_pair->addItem(c->pairTitle(pair));
    m_pair->setCurrentIndex(c->currentPair());
    m_noTop1->setEnabled(c->hasUnfilteredAggregate());
    m_table->resizeColumnsToContents();
    m_table->setColumnWidth(StudyPromptModel::PlayersColumn,
                            std::min(m_table->columnWidth(StudyPromptModel::PlayersColumn), 260));

    QStringList removed;
    if (const std::optional<FilterCounts> f = filterCounts(*c->aggregate()))
        for (const FilterCountField& field : filterCountFields())
            if (field.removes && (*f).*field.member > 0)
                removed
                    << QStringLiteral("%1 %2").arg((*f).*field.member).arg(QString::fromLatin1(field.name));
    m_summary->setText(
        tr("<b>%1</b>: %2 model(s) (%3), %4 of %5 prompt(s) kept, n = %6 players%7%8")
            .arg(QFileInfo(c->filePath()).fileName().toHtmlEscaped())
            .arg(ids.size())
            .arg(ids.join(QStringLiteral(", ")).toHtmlEscaped())
            .arg(c->keptCount())
            .arg(study.meta.promptCount)
            .arg(scalarOr(*c->aggregate(), "players", 0.0))
            .arg(removed.isEmpty() ? QString() : tr("; removed: %1").arg(removed.join(QStringLiteral(", "))))
            .arg(study.meta.complete ? QString() : tr(" — <i>incomplete: the study has not finished</i>")));
}

bool StudyView::openPrompt(int row)
{
    QString error;
    std::shared_ptr<const Session> session = m_controller->promptSession(row, &error);
    if (!session) {
        Q_EMIT failed(tr("Cannot open the prompt"), error);
        return false;
    }
    const PromptRecord& r = m_controller->study().prompts[static_cast<std::size_t>(row)];
    Q_EMIT promptOpened(std::move(session), tr("prompt %1 (%2) of %3")
                                                .arg(r.prompt.index)
                                                .arg(QString::fromStdString(r.prompt.id),
                                                     QFileInfo(m_controller->filePath()).fileName()));
    return true;
}

void StudyView::exportPromptsCsv()
{
    QSettings settings;
    const QString dir = settings.value(QStringLiteral("export/dir"), QDir::homePath()).toString();
    const QString path = QFileDialog::getSaveFileName(this, tr("Export prompts as CSV"),
                                                      QDir(dir).filePath(QStringLiteral("study-prompts.csv")),
                                                      tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    settings.setValue(QStringLiteral("export/dir"), QFileInfo(path).absolutePath());
    QString error;
    if (!exportCsv(*m_proxy, path, &error))
        Q_EMIT failed(tr("Export failed"), error);
}

} // namespace interlens::ui
