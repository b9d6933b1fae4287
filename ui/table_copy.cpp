#include "table_copy.h"

#include <QAbstractItemView>
#include <QClipboard>
#include <QGuiApplication>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QKeyEvent>
#include <QTableView>

#include <algorithm>

namespace interlens::ui {

namespace {

// Tabs and line breaks inside a cell would break the table apart: show them as spaces.
QString cell(const QVariant& value)
{
    QString text = value.toString();
    text.replace(QLatin1Char('\t'), QLatin1Char(' ')).replace(QLatin1Char('\n'), QLatin1Char(' '));
    return text;
}

} // namespace

QString selectedRowsAsTsv(const QAbstractItemView* view)
{
    const QAbstractItemModel* model = view->model();
    const QItemSelectionModel* selection = view->selectionModel();
    if (!model || !selection)
        return {};
    QList<int> rows;
    for (const QModelIndex& index : selection->selectedIndexes())
        if (!rows.contains(index.row()))
            rows << index.row();
    if (rows.isEmpty())
        return {};
    std::sort(rows.begin(), rows.end());

    // Visible columns in the order the header shows them (a plain list view has one column).
    QList<int> columns;
    const auto* table = qobject_cast<const QTableView*>(view);
    for (int visual = 0; visual < model->columnCount(); ++visual) {
        const int logical = table ? table->horizontalHeader()->logicalIndex(visual) : visual;
        if (!table || !table->isColumnHidden(logical))
            columns << logical;
    }
    QStringList lines;
    QStringList header;
    for (int column : columns)
        header << cell(model->headerData(column, Qt::Horizontal, Qt::DisplayRole));
    lines << header.join(QLatin1Char('\t'));
    for (int row : rows) {
        QStringList fields;
        for (int column : columns)
            fields << cell(model->index(row, column).data(Qt::DisplayRole));
        lines << fields.join(QLatin1Char('\t'));
    }
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

namespace {

// QAbstractItemView answers the Copy key itself (the current cell's text) before any QAction shortcut can, so
// the key is taken in an event filter instead.
class RowCopyFilter : public QObject
{
public:
    explicit RowCopyFilter(QAbstractItemView* view) : QObject(view), m_view(view) {}

protected:
    bool eventFilter(QObject*, QEvent* event) override
    {
        if (event->type() != QEvent::KeyPress || !static_cast<QKeyEvent*>(event)->matches(QKeySequence::Copy))
            return false;
        if (const QString text = selectedRowsAsTsv(m_view); !text.isEmpty())
            QGuiApplication::clipboard()->setText(text);
        return true;
    }

private:
    QAbstractItemView* m_view;
};

} // namespace

void enableRowCopy(QAbstractItemView* view)
{
    view->installEventFilter(new RowCopyFilter(view));
}

} // namespace interlens::ui
