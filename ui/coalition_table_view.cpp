#include "coalition_table_view.h"

#include "coalition_filter_model.h"
#include "figure_caption.h"
#include "session_controller.h"
#include "view_export.h"

#include "qcp.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QScrollBar>
#include <QSpinBox>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>

namespace interlens::ui {

CoalitionTableView::CoalitionTableView(SessionController* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller), m_filter(new CoalitionFilterModel(this)),
      m_table(new QTableView(this)), m_type(new QComboBox(this)), m_minOrder(new QSpinBox(this)),
      m_maxOrder(new QSpinBox(this)), m_sharedOnly(new QCheckBox(tr("shared only"), this)),
      m_minAbs(new QDoubleSpinBox(this)), m_text(new QLineEdit(this)), m_count(new QLabel(this))
{
    m_filter->setSourceModel(controller->coalitionModel());
    m_table->setModel(m_filter);
    m_table->setSortingEnabled(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->setVisible(false);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->setWordWrap(false);

    m_type->addItems({tr("AND + OR"), tr("AND"), tr("OR")});
    m_minOrder->setPrefix(tr("order ≥ "));
    m_maxOrder->setPrefix(tr("≤ "));
    m_minOrder->setRange(1, 64);
    m_maxOrder->setRange(1, 64);
    m_maxOrder->setValue(64);
    m_minAbs->setPrefix(tr("|I| ≥ "));
    m_minAbs->setDecimals(3);
    m_minAbs->setSingleStep(0.05);
    m_minAbs->setRange(0.0, 1e6);
    m_text->setPlaceholderText(tr("words…"));
    m_text->setClearButtonEnabled(true);

    auto* filters = new QHBoxLayout;
    filters->setContentsMargins(0, 0, 0, 0);
    filters->addWidget(m_type);
    filters->addWidget(m_minOrder);
    filters->addWidget(m_maxOrder);
    filters->addWidget(m_sharedOnly);
    filters->addWidget(m_minAbs);
    filters->addWidget(m_text, 1);
    filters->addWidget(m_count);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addLayout(filters);
    layout->addWidget(m_table, 1);

    // Filtering may move the table's current row; that is not the user choosing another coalition, so the
    // session's selection stays (m_syncing blocks the table -> session direction meanwhile).
    const auto filtering = [this](auto change) {
        return [this, change](auto... args) {
            m_syncing = true;
            change(args...);
            m_syncing = false;
            followController(m_controller->currentRow());
        };
    };
    connect(m_type, &QComboBox::currentIndexChanged, this, filtering([this](int i) {
                m_filter->setTypeFilter(static_cast<CoalitionFilterModel::TypeFilter>(i));
            }));
    const auto orderChanged =
        filtering([this](int) { m_filter->setOrderRange(m_minOrder->value(), m_maxOrder->value()); });
    connect(m_minOrder, &QSpinBox::valueChanged, this, orderChanged);
    connect(m_maxOrder, &QSpinBox::valueChanged, this, orderChanged);
    connect(m_sharedOnly, &QCheckBox::toggled, this,
            filtering([this](bool on) { m_filter->setSharedOnly(on); }));
    connect(m_minAbs, &QDoubleSpinBox::valueChanged, this,
            filtering([this](double v) { m_filter->setMinAbs(v); }));
    connect(m_text, &QLineEdit::textChanged, this,
            filtering([this](const QString& t) { m_filter->setTextFilter(t); }));
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_filter, signal, this, &CoalitionTableView::updateCount);
    connect(m_filter, &QAbstractItemModel::modelReset, this, &CoalitionTableView::updateCount);
    connect(m_filter, &QAbstractItemModel::layoutChanged, this, [this] {
        updateCount();
        followController(m_controller->currentRow());
    });

    // Table selection -> session selection.
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (m_syncing || !current.isValid())
                    return;
                m_syncing = true;
                m_controller->selectRow(m_filter->mapToSource(current).row());
                m_syncing = false;
            });
    // Session selection -> table selection.
    connect(controller, &SessionController::currentCoalitionChanged, this,
            &CoalitionTableView::followController);
    connect(controller, &SessionController::sessionChanged, this, &CoalitionTableView::onSessionChanged);
    onSessionChanged();
}

void CoalitionTableView::onSessionChanged()
{
    m_maxOrder->setValue(std::max(1, m_controller->data().playerCount));
    m_table->resizeColumnsToContents();
    m_table->setColumnWidth(0, std::min(m_table->columnWidth(0), 260));
    // Strongest first, as the session data orders them.
    m_table->sortByColumn(m_controller->coalitionModel()->maxAbsColumn(), Qt::DescendingOrder);
    updateCount();
}

void CoalitionTableView::followController(int row)
{
    if (m_syncing)
        return;
    m_syncing = true;
    const QModelIndex proxy =
        row >= 0 ? m_filter->mapFromSource(m_controller->coalitionModel()->index(row, 0)) : QModelIndex();
    if (proxy.isValid()) {
        m_table->selectionModel()->setCurrentIndex(proxy, QItemSelectionModel::ClearAndSelect |
                                                              QItemSelectionModel::Rows);
        m_table->scrollTo(proxy);
    } else {
        m_table->selectionModel()->clearSelection();
    }
    m_syncing = false;
}

void CoalitionTableView::updateCount()
{
    m_count->setText(
        tr("%1 of %2").arg(m_filter->rowCount()).arg(m_controller->coalitionModel()->rowCount()));
}

bool CoalitionTableView::exportCsv(const QString& path, QString* error) const
{
    return ui::exportCsv(*m_filter, path, error, CoalitionTableModel::SortRole);
}

QString CoalitionTableView::exportCaption() const
{
    return sessionCaption(m_controller->data());
}

bool CoalitionTableView::fitsAt(const QSize& size, QString* why)
{
    constexpr int kRows = 3;
    const int frame = 2 * m_table->frameWidth();
    const QString problem = m_table->horizontalHeader()->length() + frame > size.width()
                                ? tr("its columns would be cut")
                            : m_table->horizontalHeader()->height() +
                                        kRows * m_table->verticalHeader()->defaultSectionSize() + frame >
                                    size.height()
                                ? tr("fewer than %1 rows would show").arg(kRows)
                                : QString();
    if (why)
        *why = problem;
    return problem.isEmpty();
}

void CoalitionTableView::renderExport(QCPPainter& painter, const QSize& size)
{
    painter.save();
    painter.fillRect(QRect(QPoint(0, 0), size), Qt::white);
    // Laid out at the figure's own size, so the export does not depend on how the window is split on screen:
    // columns at their screen widths, the rows from the top and only whole ones, and nothing that belongs to
    // the screen (scroll bars, the selected row's highlight, the sort arrow). All of it is restored
    // afterwards.
    const QSize onScreen = m_table->size();
    const int scrolledTo = m_table->verticalScrollBar()->value();
    const QPalette palette = m_table->palette();
    const Qt::ScrollBarPolicy vertical = m_table->verticalScrollBarPolicy();
    const Qt::ScrollBarPolicy horizontal = m_table->horizontalScrollBarPolicy();
    const bool sortArrow = m_table->horizontalHeader()->isSortIndicatorShown();
    QPalette plain = palette;
    plain.setColor(QPalette::Highlight, palette.color(QPalette::Base));
    plain.setColor(QPalette::HighlightedText, palette.color(QPalette::Text));
    m_table->setPalette(plain);
    m_table->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_table->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_table->horizontalHeader()->setSortIndicatorShown(false);
    const int frame = 2 * m_table->frameWidth();
    const int header = m_table->horizontalHeader()->height();
    const int rowHeight = std::max(1, m_table->verticalHeader()->defaultSectionSize());
    const int wholeRows = std::clamp((size.height() - header - frame) / rowHeight, 0, m_filter->rowCount());
    m_table->resize(size.width(), header + wholeRows * rowHeight + frame);
    m_table->verticalScrollBar()->setValue(0);
    m_table->render(&painter, QPoint(), QRegion(), QWidget::DrawChildren);
    m_table->resize(onScreen);
    m_table->horizontalHeader()->setSortIndicatorShown(sortArrow);
    m_table->setVerticalScrollBarPolicy(vertical);
    m_table->setHorizontalScrollBarPolicy(horizontal);
    m_table->setPalette(palette);
    m_table->verticalScrollBar()->setValue(scrolledTo);
    painter.restore();
}

} // namespace interlens::ui
