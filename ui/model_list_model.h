#pragma once

// The models a run may use: bundled ones and folders the user added. Checkable rows (which models run), their
// architecture, parameter count, dtype and device, and each one's state in the current run (progress, done,
// failed with its error).

#include "model_info.h"

#include <QAbstractTableModel>
#include <QStringList>

#include <vector>

namespace interlens::ui {

class ModelListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        NameColumn = 0,
        ArchitectureColumn,
        ParametersColumn,
        DtypeColumn,
        DeviceColumn,
        StatusColumn,
        ColumnCount
    };
    enum class State { Idle, Queued, Running, Done, Failed };
    enum Role { DirRole = Qt::UserRole + 1, ProgressRole, StateRole };

    explicit ModelListModel(QObject* parent = nullptr);

    // Adds a folder (checked); returns its row. A folder already listed is not added twice.
    int addModel(const QString& dir, bool checked = true);
    void removeModel(int row);
    const ModelInfo& info(int row) const { return m_rows.at(row).info; }
    QStringList checkedDirs() const;
    QStringList allDirs() const;
    void setChecked(int row, bool checked);
    // The device/dtype the runs use, shown in the Device column ("cpu Float", "cuda:0 BFloat16").
    void setDeviceText(const QString& text);

    // Run state, by row of the model as it was checked when the run started.
    void resetStates();
    void setState(int row, State state, double progress = 0.0, const QString& message = {});
    State state(int row) const { return m_rows.at(row).state; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

Q_SIGNALS:
    void checkedChanged();

private:
    struct Row
    {
        ModelInfo info;
        bool checked = true;
        State state = State::Idle;
        double progress = 0.0;
        QString message;
    };
    std::vector<Row> m_rows;
    QString m_device;
};

} // namespace interlens::ui
