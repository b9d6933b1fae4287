#include "model_list_model.h"

#include <QBrush>
#include <QColor>
#include <QFileInfo>

namespace interlens::ui {

ModelListModel::ModelListModel(QObject* parent) : QAbstractTableModel(parent) {}

int ModelListModel::addModel(const QString& dir, bool checked)
{
    const QString abs = QFileInfo(dir).absoluteFilePath();
    for (size_t i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].info.dir == abs)
            return static_cast<int>(i);
    const int row = rowCount();
    beginInsertRows({}, row, row);
    Row r;
    r.info = readModelInfo(abs);
    r.checked = checked && r.info.error.isEmpty();
    if (!r.info.error.isEmpty()) {
        r.state = State::Failed;
        r.message = r.info.error;
    }
    m_rows.push_back(std::move(r));
    endInsertRows();
    Q_EMIT checkedChanged();
    return row;
}

void ModelListModel::removeModel(int row)
{
    if (row < 0 || row >= rowCount())
        return;
    beginRemoveRows({}, row, row);
    m_rows.erase(m_rows.begin() + row);
    endRemoveRows();
    Q_EMIT checkedChanged();
}

QStringList ModelListModel::checkedDirs() const
{
    QStringList out;
    for (const Row& r : m_rows)
        if (r.checked)
            out << r.info.dir;
    return out;
}

QStringList ModelListModel::allDirs() const
{
    QStringList out;
    for (const Row& r : m_rows)
        out << r.info.dir;
    return out;
}

void ModelListModel::setChecked(int row, bool checked)
{
    setData(index(row, NameColumn), checked ? Qt::Checked : Qt::Unchecked, Qt::CheckStateRole);
}

void ModelListModel::setDeviceText(const QString& text)
{
    m_device = text;
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, DeviceColumn), index(rowCount() - 1, DeviceColumn));
}

void ModelListModel::resetStates()
{
    for (Row& r : m_rows) {
        if (!r.info.error.isEmpty())
            continue;
        r.state = State::Idle;
        r.progress = 0.0;
        r.message.clear();
    }
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void ModelListModel::setState(int row, State state, double progress, const QString& message)
{
    if (row < 0 || row >= rowCount())
        return;
    Row& r = m_rows[row];
    r.state = state;
    r.progress = progress;
    r.message = message;
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

int ModelListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int ModelListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ModelListModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= ColumnCount)
        return {};
    const Row& r = m_rows[index.row()];
    switch (role) {
    case DirRole:
        return r.info.dir;
    case ProgressRole:
        return r.progress;
    case StateRole:
        return static_cast<int>(r.state);
    case Qt::CheckStateRole:
        return index.column() == NameColumn ? QVariant(r.checked ? Qt::Checked : Qt::Unchecked) : QVariant();
    case Qt::ToolTipRole: {
        QString tip =
            QStringLiteral("<b>%1</b><br>%2").arg(r.info.name.toHtmlEscaped(), r.info.dir.toHtmlEscaped());
        if (!r.message.isEmpty())
            tip += QStringLiteral("<br><span style='color:#b00'>%1</span>").arg(r.message.toHtmlEscaped());
        if (!r.info.architecture.isEmpty())
            tip += QStringLiteral("<br>%1, %2")
                       .arg(r.info.architecture.toHtmlEscaped(), r.info.storedDtype.toHtmlEscaped());
        if (r.info.parameters > 0)
            tip += tr("<br>%1 parameters").arg(r.info.parameters);
        if (!m_device.isEmpty())
            tip += tr("<br>runs on %1").arg(m_device.toHtmlEscaped());
        if (r.state == State::Failed)
            tip += tr("<br>Click the row for the whole message.");
        return tip;
    }
    case Qt::ForegroundRole:
        if (r.state == State::Failed)
            return QBrush(QColor(150, 0, 0));
        return {};
    case Qt::BackgroundRole: // a failed model is a red row, in the list itself
        if (r.state == State::Failed)
            return QBrush(QColor(255, 218, 218));
        return {};
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (index.column()) {
    case NameColumn:
        return r.info.name;
    case ArchitectureColumn:
        return r.info.architecture.isEmpty() ? QStringLiteral("?") : r.info.architecture;
    case ParametersColumn:
        return r.info.parameters > 0 ? formatParameterCount(r.info.parameters) : QStringLiteral("?");
    case DtypeColumn:
        return r.info.storedDtype;
    case DeviceColumn:
        return m_device;
    case StatusColumn:
        switch (r.state) {
        case State::Idle:
            return QString();
        case State::Queued:
            return tr("queued");
        case State::Running:
            return tr("%1 %2%").arg(r.message).arg(qRound(r.progress * 100));
        case State::Done:
            return r.message.isEmpty() ? tr("done") : r.message;
        case State::Failed:
            return tr("failed: %1").arg(r.message);
        }
    }
    return {};
}

QVariant ModelListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Model");
    case ArchitectureColumn:
        return tr("Architecture");
    case ParametersColumn:
        return tr("Params");
    case DtypeColumn:
        return tr("Dtype");
    case DeviceColumn:
        return tr("Device");
    case StatusColumn:
        return tr("Status");
    }
    return {};
}

Qt::ItemFlags ModelListModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (index.column() == NameColumn && m_rows[index.row()].info.error.isEmpty())
        f |= Qt::ItemIsUserCheckable;
    return f;
}

bool ModelListModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (!index.isValid() || index.column() != NameColumn || role != Qt::CheckStateRole)
        return false;
    Row& r = m_rows[index.row()];
    if (!r.info.error.isEmpty())
        return false;
    const bool checked = value.toInt() == Qt::Checked;
    if (checked == r.checked)
        return true;
    r.checked = checked;
    Q_EMIT dataChanged(index, index, {Qt::CheckStateRole});
    Q_EMIT checkedChanged();
    return true;
}

} // namespace interlens::ui
