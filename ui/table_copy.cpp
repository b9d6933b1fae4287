#include "table_copy.h"

#include <QAbstractItemView>
#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QHeaderView>
#include <QItemSelectionModel>
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

void enableRowCopy(QAbstractItemView* view)
{
    auto* copy = new QAction(QObject::tr("Copy selected rows"), view);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    QObject::connect(copy, &QAction::triggered, view, [view] {
        if (const QString text = selectedRowsAsTsv(view); !text.isEmpty())
            QGuiApplication::clipboard()->setText(text);
    });
    view->addAction(copy);
}

} // namespace interlens::ui
